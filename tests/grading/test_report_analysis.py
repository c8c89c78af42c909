"""The report's rules and statistics, on hand-made results (no nbgrader needed)."""

import csv
import statistics
from html.parser import HTMLParser
from pathlib import Path

import pytest

from himoya.grading.report import render_html
from himoya.grading.results import (
    KNOWLEDGE_CHECK,
    NEEDS_MANUAL,
    NOT_SUBMITTED,
    PROBLEM,
    Cohort,
    CompletionRule,
    ItemScore,
)
from himoya.grading.results import summarise as _summarise
from himoya.grading.stats import item_stats, point_biserial, question_stats
from himoya.grading.tables import GRADES_COLUMNS, advice_for, write_grades_csv
from himoya.grading.workspace import Workspace
from himoya.offline import scan_file

from .handmade import RULE, kc, person, result
from .handmade import small_cohort as handmade_cohort

# --- scores and the completion rule ---------------------------------------------------------


def test_percent_counts_only_autograded_points_while_reflections_wait():
    t = person()
    waiting = result(t, status=NEEDS_MANUAL, auto=8.0, manual=None)
    done = result(t, auto=8.0, manual=1.0)
    assert waiting.percent == pytest.approx(80.0)
    assert done.percent == pytest.approx(100 * 9 / 13)
    assert result(t, status=NOT_SUBMITTED).percent is None


def test_a_trainee_with_every_module_at_the_threshold_is_certified():
    t = person()
    modules = (result(t, "01-a", auto=6.0), result(t, "02-b", status=NEEDS_MANUAL, auto=6.0))
    summary = _summarise(t, modules, None, None, RULE, has_kc=False)
    assert summary.auto_percent == pytest.approx(60.0)
    assert summary.certified
    assert summary.why_not == ""
    assert [m.assignment for m in summary.completed] == ["01-a", "02-b"]


def test_a_missing_module_blocks_the_certificate_and_is_named():
    t = person()
    modules = (result(t, "01-a", auto=10.0), result(t, "02-b", status=NOT_SUBMITTED))
    summary = _summarise(t, modules, None, None, RULE, has_kc=False)
    assert not summary.certified
    assert summary.why_not == "not handed in or not graded: 02-b"
    assert "02-b: not handed in" in summary.follow_up


def test_a_problem_notebook_counts_as_not_handed_in():
    t = person()
    broken = result(t, "02-b", status=PROBLEM + "the file is empty", auto=0.0)
    modules = (result(t, "01-a", auto=10.0), broken)
    summary = _summarise(t, modules, None, None, RULE, has_kc=False)
    assert not summary.certified
    assert "02-b: could not be graded (the file is empty)" in summary.follow_up


def test_without_require_all_only_handed_in_modules_count():
    t = person()
    rule = CompletionRule(min_percent=60, require_all_assignments=False)
    modules = (result(t, "01-a", auto=7.0), result(t, "02-b", status=NOT_SUBMITTED))
    assert _summarise(t, modules, None, None, rule, has_kc=False).certified
    assert not _summarise(t, modules, None, None, RULE, has_kc=False).certified


def test_below_the_minimum_is_not_certified_and_says_the_share():
    t = person()
    modules = (result(t, "01-a", auto=5.0), result(t, "02-b", auto=6.0))
    summary = _summarise(t, modules, None, None, RULE, has_kc=False)
    assert not summary.certified
    assert summary.why_not == "55% of the autograded points (needs 60%)"
    assert summary.follow_up == ()  # 50 % and 60 % are not below the follow-up threshold


def test_follow_up_lists_a_low_module_and_no_knowledge_gain():
    t = person()
    modules = (result(t, "01-a", auto=4.0),)
    pre = kc(t, "pre-police", {"kc01": 1, "kc02": 1, "kc03": 0, "kc04": 0})
    post = kc(t, "post-police", {"kc01": 1, "kc02": 0, "kc03": 0, "kc04": 0})
    summary = _summarise(t, modules, pre, post, RULE, has_kc=True)
    assert summary.gain == pytest.approx(-25.0)
    assert summary.follow_up == (
        "01-a: 40% (below 50%)",
        "knowledge check: no gain (50% before, 25% after)",
    )


def test_follow_up_lists_a_missing_post_test():
    t = person()
    pre = kc(t, "pre-police", {"kc01": 1})
    post = result(t, KNOWLEDGE_CHECK, notebook="post-police", status=NOT_SUBMITTED)
    summary = _summarise(t, (result(t, "01-a", auto=9.0),), pre, post, RULE, has_kc=True)
    assert summary.gain is None
    assert summary.follow_up == ("knowledge check: post-test missing or not graded",)


def test_the_completion_rule_is_read_from_cohort_settings():
    rule = CompletionRule.from_settings(
        {"completion": {"min_percent": 75, "require_all_assignments": False}}
    )
    assert rule == CompletionRule(75.0, False, 50.0)


# --- statistics ------------------------------------------------------------------------------


def test_point_biserial_is_the_pearson_correlation_and_undefined_when_flat():
    item = [1, 1, 0, 0, 1, 0]
    rest = [9.0, 8.0, 3.0, 4.0, 7.0, 5.0]
    assert point_biserial(item, rest) == pytest.approx(statistics.correlation(item, rest))
    assert point_biserial([1, 1, 1, 1, 1], [1.0, 2.0, 3.0, 4.0, 5.0]) is None
    assert point_biserial([1, 0, 1, 0], [1.0, 2.0, 3.0, 4.0]) is None  # fewer than 5 answers


def test_item_analysis_compares_pre_and_post_and_uses_the_rest_score():
    people = [person(f"T{i}", first=f"Имя{i}") for i in range(6)]
    post_answers = [
        {"kc01": 1, "kc02": 1, "kc03": 1},
        {"kc01": 1, "kc02": 1, "kc03": 0},
        {"kc01": 1, "kc02": 0, "kc03": 1},
        {"kc01": 0, "kc02": 1, "kc03": 0},
        {"kc01": 0, "kc02": 0, "kc03": 0},
        {"kc01": 1, "kc02": 0, "kc03": 0},
    ]
    results = [kc(p, "post-police", a) for p, a in zip(people, post_answers, strict=True)]
    results += [kc(p, "pre-police", {"kc01": 0, "kc02": 1, "kc03": 0}) for p in people[:4]]
    # A notebook that could not be graded is left out of every statistic.
    results.append(kc(person("BAD"), "post-police", {"kc01": 0}, status=PROBLEM + "x"))
    cohort = Cohort(
        workspace=Workspace(root=Path("/nonexistent")),
        trainees=tuple(people),
        modules=(),
        has_knowledge_check=True,
        results=tuple(results),
        summaries=(),
        rule=RULE,
        problems=(),
    )
    stats = {s.item: s for s in item_stats(cohort)}
    first = stats["kc01"]
    assert (first.n_post, first.n_pre) == (6, 4)
    assert first.p_post == pytest.approx(4 / 6)
    assert first.p_pre == 0.0
    assert first.change == pytest.approx(4 / 6)
    assert first.tracks == ("police",)
    rest = [sum(a.values()) - a["kc01"] for a in post_answers]
    expected = statistics.correlation([a["kc01"] for a in post_answers], [float(r) for r in rest])
    assert first.discrimination == pytest.approx(expected)


def test_question_difficulty_is_lowest_first_and_leaves_out_broken_notebooks():
    t1, t2 = person("A"), person("B")
    results = (
        result(
            t1,
            auto=3.0,
            items=[ItemScore("q1", 2.0, 2.0), ItemScore("q2", 0.0, 1.0), ItemScore("q3", 1, 1)],
        ),
        result(
            t2,
            auto=2.0,
            items=[ItemScore("q1", 2.0, 2.0), ItemScore("q2", 0.0, 1.0), ItemScore("q3", 0, 1)],
        ),
        result(person("C"), status=PROBLEM + "x", auto=0.0, items=[ItemScore("q1", 0, 2)]),
        kc(t1, "post-police", {"kc01": 0}),
    )
    cohort = Cohort(
        workspace=Workspace(root=Path("/nonexistent")),
        trainees=(t1, t2),
        modules=("03-juvenile-justice",),
        has_knowledge_check=True,
        results=results,
        summaries=(),
        rule=RULE,
        problems=(),
    )
    stats = question_stats(cohort)
    assert [(s.item, s.answered, s.correct) for s in stats] == [
        ("q2", 2, 0),
        ("q3", 2, 1),
        ("q1", 2, 2),
    ]


@pytest.mark.parametrize(
    ("problem", "note", "expected"),
    [
        ("not a valid notebook: broken JSON at line 2", "", "Ask the trainee for the file again"),
        ("the notebook did not finish in time", "", "endless loop"),
        ("the notebook stopped its Python kernel (kernel died)", "", "exit()"),
        ("", "a graded cell was copied or split (q1)", "Graded anyway"),
    ],
)
def test_each_problem_comes_with_what_to_do(problem, note, expected):
    assert expected in advice_for(problem, note)


# --- files -----------------------------------------------------------------------------------


@pytest.fixture
def small_cohort(tmp_path):
    return handmade_cohort(tmp_path)


def test_grades_csv_has_a_bom_quotes_commas_and_keeps_cyrillic(small_cohort, tmp_path):
    path = write_grades_csv(small_cohort, tmp_path / "grades.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert '"Kulob police, juvenile unit"' in text
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == GRADES_COLUMNS
    assert len(rows) == 9
    first = rows[0]
    assert (first["first_name"], first["last_name"]) == ("Фарҳод", "Қодиров")
    assert first["organisation"] == "Kulob police, juvenile unit"
    assert (first["auto_score"], first["manual_score"], first["percent"]) == ("10", "2", "92.3")
    waiting = rows[3]
    assert (waiting["last_name"], waiting["manual_score"]) == ("Ҳакимова", "")
    assert [r["notebook"] for r in rows if r["id"] == "KUL-03"][1:] == [
        "pre-supervisor",
        "post-supervisor",
    ]


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict] = []
        self.tables = 0
        self.headers = 0
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        self.tables += tag == "table"
        self.headers += tag == "th"
        self.scripts += tag == "script"


def test_the_report_page_is_offline_with_alt_text_and_headed_tables(small_cohort, tmp_path):
    page = tmp_path / "index.html"
    page.write_text(render_html(small_cohort), encoding="utf-8")
    assert scan_file(page) == []
    text = page.read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(text)
    assert parser.scripts == 0
    assert len(parser.images) >= 4
    for image in parser.images:
        assert image["src"].startswith("data:image/png;base64,")
        assert len(image.get("alt", "")) > 20
    assert parser.tables >= 5
    assert parser.headers >= parser.tables
    assert "How to read this report" in text
    assert "Ҷамшед Раҳимов" in text
    assert "Which safeguards did the officers breach?" in text
    assert "a graded cell was copied or split" in text
