"""Bad paths and a missing course folder: every command says what is wrong in one line, exit 1.

The commands run in-process through ``himoya.cli.main`` (an exception that escaped it would fail
the test with its traceback); one runs as a real subprocess to show what a trainer sees.
"""

import subprocess
import sys
from dataclasses import dataclass

import pytest

from himoya.cli import main

NOWHERE = "/nonexistent/himoya-test"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(monkeypatch, capsys, tmp_path):
    def run(args, *, root=None):
        monkeypatch.chdir(tmp_path)
        if root is None:
            monkeypatch.delenv("HIMOYA_ROOT", raising=False)
        else:
            monkeypatch.setenv("HIMOYA_ROOT", str(root))
        code = main(args)
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return run


def assert_one_line_error(result, *must_name):
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines, "no error message"
    assert all(line.startswith("himoya: error: ") for line in lines), result.stderr
    for name in must_name:
        assert name in result.stdout + result.stderr, (name, result.stderr)


def test_the_console_shows_one_line_and_no_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "himoya.cli", "cohort", "grade", NOWHERE],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=300,
    )
    assert_one_line_error(result, NOWHERE, "not a cohort workspace")


@pytest.mark.parametrize(
    "args",
    [
        ["exercises", "build"],
        ["datasets", "validate"],
        ["datasets", "generate", "--seed", "1"],
        ["scenarios", "list"],
        ["scenarios", "check"],
        ["handouts"],
        ["build"],
    ],
)
def test_a_missing_course_folder_is_one_line_naming_where_it_looked(run, tmp_path, args):
    result = run(args, root=tmp_path / "no-course")
    assert_one_line_error(result, "no-course")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["cohort", "release", NOWHERE], NOWHERE),
        (["cohort", "grade", NOWHERE], NOWHERE),
        (["cohort", "feedback", NOWHERE], NOWHERE),
        (["cohort", "report", NOWHERE], NOWHERE),
        (["cohort", "collect", NOWHERE, f"{NOWHERE}/returned.zip"], NOWHERE),
        (["cohort", "init", "{tmp}/ws", "--roster", f"{NOWHERE}/roster.csv"], "roster.csv"),
        (["datasets", "validate", NOWHERE], NOWHERE),
        (["datasets", "generate", "--out", "/proc/himoya-cannot-write"], "/proc"),
        (["scenarios", "check", f"{NOWHERE}/case.yml"], "case.yml"),
        (["handouts", "--build", NOWHERE], NOWHERE),
        (["build", "--source", NOWHERE], NOWHERE),
        (["screening", "score", "no-such-instrument", "1"], "no-such-instrument"),
    ],
)
def test_a_bad_path_is_one_line_naming_it(run, tmp_path, args, named):
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    result = run(args)
    assert_one_line_error(result, named)


def test_a_misspelt_cohort_setting_names_the_file_and_the_field(run, tmp_path):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    (workspace / "cohort.yml").write_text(
        "completion:\n  min_percnt: 60\nfollow_up_below_percent: lots\n", encoding="utf-8"
    )
    result = run(["cohort", "report", str(workspace)])
    assert_one_line_error(
        result,
        "cohort.yml: completion: unknown field 'min_percnt' (did you mean 'min_percent'?)",
        "cohort.yml: follow_up_below_percent: must be a number, not text 'lots'",
    )


# --- broken files the commands read ----------------------------------------------------------

GARBAGE = {
    "not-yaml": b"a: [1, 2\nb: {\n",
    "not-utf8": b"\xff\xfe\x00garbage\x80",
    "a-list": b"- a\n- b\n",
    "a-value": b"just text\n",
}
"""What a broken hand-edited file holds: each must stop a command with one line naming it."""


@pytest.fixture
def tiny_course(tmp_path):
    """The least a command accepts as a course: a book, a Russian edition, a catalog."""
    root = tmp_path / "course"
    (root / "exercises" / "specs").mkdir(parents=True)
    (root / "locale" / "ru" / "LC_MESSAGES").mkdir(parents=True)
    (root / "_config.yml").write_text("title: Tiny course\n", encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: index\n", encoding="utf-8")
    (root / "index.md").write_text("# Tiny course\n", encoding="utf-8")
    (root / "locale" / "ru" / "edition.yml").write_text(
        "language: ru\nname: Русский\nenglish_name: Russian\n", encoding="utf-8"
    )
    (root / "locale" / "ru" / "LC_MESSAGES" / "index.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Tiny course"\nmsgstr "Маленький курс"\n',
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize("garbage", sorted(GARBAGE))
@pytest.mark.parametrize(
    ("broken", "args"),
    [
        ("exercises/specs/01-x.yml", ["translations", "status"]),
        ("exercises/specs/01-x.yml", ["translations", "update", "--no-pages"]),
        ("locale/ru/edition.yml", ["translations", "status"]),
        ("locale/ru/edition.yml", ["cohort", "init", "{tmp}/ws", "--roster", "x", "--lang", "ru"]),
        ("locale/ru/reviewed.yml", ["translations", "status"]),
        ("locale/ru/reviewed.yml", ["translations", "review", "ru", "index", "--reviewer", "A"]),
        ("_config.yml", ["build"]),
        ("_config.yml", ["translations", "status"]),
        ("_toc.yml", ["build"]),
        ("_toc.yml", ["translations", "status"]),
    ],
)
def test_a_broken_course_file_is_one_line_naming_it(
    run, tiny_course, tmp_path, broken, args, garbage
):
    (tiny_course / broken).write_bytes(GARBAGE[garbage])
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    result = run(args, root=tiny_course)
    assert_one_line_error(result, broken.rpartition("/")[2])


def test_a_review_does_not_rewrite_a_broken_list_of_reviews(run, tiny_course):
    reviewed = tiny_course / "locale" / "ru" / "reviewed.yml"
    reviewed.write_text("index: [1, 2]\n", encoding="utf-8")
    result = run(["translations", "review", "ru", "index", "--reviewer", "A"], root=tiny_course)
    assert_one_line_error(result, "reviewed.yml: index: needs reviewer, date and fingerprint")
    assert reviewed.read_text(encoding="utf-8") == "index: [1, 2]\n"


def test_a_book_config_of_the_wrong_shape_is_named_before_sphinx_runs(run, tiny_course):
    (tiny_course / "_config.yml").write_text("title: {en: Tiny}\n", encoding="utf-8")
    result = run(["build"], root=tiny_course)
    assert_one_line_error(result, "_config.yml: title: ")


def test_a_scenario_file_holding_only_null_is_not_ok(run, tmp_path):
    case = tmp_path / "only-null.yml"
    case.write_text("~\n", encoding="utf-8")
    result = run(["scenarios", "check", "--draft", str(case)])
    assert_one_line_error(result, "only-null.yml: top level: the file must be a mapping")


ROSTER = "id,first_name,last_name,role,organisation,district\nt1,Aziz,Karimov,police,X,Y\n"
"""A one-trainee roster (a fictional name)."""


def _workspace(root):
    """A cohort workspace as far as the commands look before they work: config, settings, roster."""
    root.mkdir()
    (root / "nbgrader_config.py").write_text("c = get_config()\n", encoding="utf-8")
    (root / "cohort.yml").write_text("lang: en\n", encoding="utf-8")
    (root / "roster.csv").write_text(ROSTER, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("file", "content", "args", "named"),
    [
        ("nbgrader_config.py", "c = get_config(\n", ["release"], "nbgrader_config.py"),
        ("nbgrader_config.py", "raise RuntimeError('x')\n", ["release"], "nbgrader_config.py"),
        ("gradebook.db", "not a database\n", ["report"], "cannot open this gradebook"),
    ],
)
def test_a_broken_workspace_file_is_one_line_naming_it(run, tmp_path, file, content, args, named):
    workspace = _workspace(tmp_path / "ws")
    (workspace / "source" / "01-a").mkdir(parents=True)
    (workspace / "source" / "01-a" / "a.ipynb").write_text("{}", encoding="utf-8")
    (workspace / file).write_text(content, encoding="utf-8")
    result = run(["cohort", *args, str(workspace)])
    assert_one_line_error(result, named)


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("sqlite:////nonexistent/himoya-test/gradebook.db", "/nonexistent/himoya-test"),
        ("not a url", "not a url"),
        # Port 1 on loopback: nothing listens, the connection is refused at once.
        ("postgresql://trainer:s3cret@127.0.0.1:1/cohort", "trainer:***@127.0.0.1:1/cohort"),
    ],
)
def test_a_gradebook_that_cannot_open_is_one_line_without_the_password(run, tmp_path, url, shown):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    result = run(["cohort", "init", str(tmp_path / "ws"), "--roster", str(roster), "--db-url", url])
    assert_one_line_error(result, shown, "cannot open this gradebook")
    assert "s3cret" not in result.stderr
    assert not (tmp_path / "ws").exists()


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["handouts", "--lang", "xx"], "no edition 'xx'"),
        (["translations", "check", f"{NOWHERE}/ru.po"], "ru.po: no such file"),
    ],
)
def test_a_wrong_language_or_catalog_is_named(run, args, named):
    result = run(args)
    assert_one_line_error(result, named)


def test_collecting_nothing_ends_with_one_error_line(run, tmp_path):
    workspace = _workspace(tmp_path / "ws")
    stray = tmp_path / "notes.txt"
    stray.write_text("not a notebook", encoding="utf-8")
    result = run(["cohort", "collect", str(workspace), str(stray)])
    assert "notes.txt: not a notebook" in result.stdout
    assert_one_line_error(result, "nothing collected")
