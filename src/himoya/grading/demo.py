"""``himoya demo``: a whole synthetic cohort, end to end, to try the trainer workflow.

Every person, organisation and answer here is invented. The demo writes a roster of fictional
trainees (Tajik and Russian names in Cyrillic), makes a cohort workspace, releases the exercises,
lets each fictional trainee "answer" the RELEASED notebooks (right answers come from the source
notebook's solution region, wrong ones are a plausible wrong value of the same kind), breaks a few
notebooks on purpose (broken JSON, an endless loop, a deleted test cell, a copied cell, a call to
``sys.exit()``), zips the returned files like a USB stick, and then runs the real commands:
collect, grade, feedback and report. A fictional trainer also grades the reflections of half the
group, as they would in nbgrader's formgrader, so the report shows both states.

Randomness comes from one ``numpy.random.Generator`` made from ``seed``: the same seed gives the
same roster and the same answers.
"""

from __future__ import annotations

import ast
import copy
import json
import re
import shutil
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from himoya.grading.results import KNOWLEDGE_CHECK
from himoya.grading.roster import Trainee, write_roster
from himoya.grading.workspace import CohortError, Workspace, gradebook
from himoya.roles import ROLES, TRACK_OF_ROLE

BROKEN_KINDS = ("invalid-json", "endless-loop", "deleted-test-cell", "copied-cell", "sys-exit")
"""The ways the demo breaks notebooks on purpose, one notebook each."""

_MODULE_ASSIGNMENT = re.compile(r"^0[1-7]-")

# Fictional people. First names with a grammatical gender so surnames agree (Қодиров/Қодирова).
_MALE = (
    "Фарҳод",
    "Далер",
    "Бахтиёр",
    "Ҷамшед",
    "Фаррух",
    "Шаҳром",
    "Рустам",
    "Умед",
    "Парвиз",
    "Комрон",
    "Искандар",
    "Абдуллоҳ",
    "Азиз",
    "Сино",
)
_FEMALE = (
    "Зарина",
    "Мадина",
    "Нилуфар",
    "Гулнора",
    "Мавлуда",
    "Шаҳноза",
    "Фарзона",
    "Дилором",
    "Парвина",
    "Таҳмина",
    "Меҳрангиз",
    "Ситора",
    "Зебо",  # noqa: RUF001 (Cyrillic name)
    "Малика",
)
_SURNAMES = (
    "Қодиров",
    "Ҳакимов",
    "Юсупов",
    "Раҳимов",
    "Назаров",
    "Шарипов",
    "Саидов",
    "Каримов",
    "Содиқов",
    "Ғафуров",
    "Мирзоев",
    "Ҷӯраев",
    "Исмоилов",
    "Давлатов",
    "Тошматов",
)
_RUSSIAN = (
    ("Елена", "Иванова"),
    ("Ольга", "Петрова"),
    ("Сергей", "Горелов"),
    ("Ирина", "Ким"),
    ("Андрей", "Морозов"),
    ("Светлана", "Волкова"),
)
# Full names of well-known Central Asian public figures that the lists above could put together
# (first name + surname): never given to a fictional trainee. See reviews/content/names.md.
_PUBLIC_FIGURES = frozenset(
    {
        ("Гулнора", "Каримова"),  # daughter of Uzbekistan's first president
        ("Ҷамшед", "Каримов"),  # Prime Minister of Tajikistan, 1994-1996
        ("Рустам", "Назаров"),  # head of Tajikistan's Drug Control Agency
        ("Бахтиёр", "Саидов"),  # Foreign Minister of Uzbekistan
        ("Рустам", "Шарипов"),  # Olympic gymnastics champion, born in Dushanbe
    }
)
# (id prefix, district as written on the roster)
_DISTRICTS = (
    ("BKH", "Bokhtar"),
    ("KUL", "Kulob"),
    ("VOS", "Vose"),
    ("DAN", "Danghara"),
    ("KHJ", "Khujand"),
    ("IST", "Istaravshan"),
    ("PNJ", "Panjakent"),
    ("DSH", "Dushanbe"),
)
_ROLE_SHARE = (0.35, 0.35, 0.2, 0.1)
_QUALITY = {"excellent": 0.93, "average": 0.75, "weak": 0.45}
_QUALITY_SHARE = (0.3, 0.45, 0.25)
_PRE_TEST_PENALTY = 0.3
_WRONG_WORDS = ("punishment", "detention", "mild", "money", "the court", "first resort")
_REFLECTIONS = {
    "excellent": (
        "First I make sure the child is safe and has eaten. I tell the parent or guardian at once "
        "(Beijing Rules, rule 10.1) and keep the child apart from adults (CRC art. 37(c)). Before "
        "any questions I arrange a lawyer or another trusted adult (CRC art. 37(d)). Then I talk "
        "with the child and the family about diversion, with their consent.",
        "I would listen to the child calmly, explain what happens next in simple words, and not "
        "promise secrecy I cannot keep. I would check for danger now, inform the guardian, and "
        "refer the family to the district Commission on Child Rights and to a social worker, "
        "because the child's best interests come first (CRC art. 3).",
    ),
    "average": (
        "I would call the parents and make sure the child is safe. Then I would ask a social "
        "worker to help. The child should not be kept with adults.",
        "I would talk to the child, then inform the family and write a report for my supervisor.",
    ),
    "weak": (
        "I would write a report.",
        "Call the parents.",
    ),
}


@dataclass(frozen=True)
class DemoTrainee:
    """A fictional trainee of the demo cohort and how well they answer."""

    trainee: Trainee
    """Their roster row (fictional)."""
    quality: str
    """``excellent``, ``average`` or ``weak``."""

    @property
    def ability(self) -> float:
        return _QUALITY[self.quality]


@dataclass(frozen=True)
class DemoResult:
    """What one demo run made."""

    workspace: Path
    """The cohort workspace (holds everything, including ``demo/`` with the inputs)."""
    trainees: int
    """Number of fictional trainees."""
    returned: int
    """Notebooks handed in (including the broken ones)."""
    broken: tuple[str, ...]
    """The notebooks broken on purpose, as ``ID_notebook.ipynb: kind``."""
    feedback_files: int
    """Feedback HTML files written."""
    certificates: int
    """Certificates written."""


# --- roster --------------------------------------------------------------------------------------


def demo_roster(*, count: int, rng: np.random.Generator) -> tuple[DemoTrainee, ...]:
    """``count`` fictional trainees with a mix of roles, districts and answer quality."""
    if count < 1:
        raise CohortError(f"--trainees must be at least 1, got {count}")
    roles = [ROLES[i] for i in rng.choice(len(ROLES), size=count, p=_ROLE_SHARE)]
    # Every role appears when the cohort is big enough to hold them all.
    for index, role in enumerate(ROLES[: min(count, len(ROLES))]):
        roles[index] = role
    qualities = [list(_QUALITY)[i] for i in rng.choice(len(_QUALITY), size=count, p=_QUALITY_SHARE)]
    # The first trainees cover every level of quality, so even a tiny demo shows all three.
    for index, quality in enumerate(list(_QUALITY)[: min(count, len(_QUALITY))]):
        qualities[index] = quality
    used: set[tuple[str, str]] = set()
    counters: dict[str, int] = {}
    people = []
    for index in range(count):
        while True:
            if rng.random() < 0.12:
                first, last = _RUSSIAN[rng.integers(len(_RUSSIAN))]
            elif rng.random() < 0.5:
                first = _MALE[rng.integers(len(_MALE))]
                last = _SURNAMES[rng.integers(len(_SURNAMES))]
            else:
                first = _FEMALE[rng.integers(len(_FEMALE))]
                last = _SURNAMES[rng.integers(len(_SURNAMES))] + "а"  # noqa: RUF001
            if (first, last) in _PUBLIC_FIGURES:
                continue
            if (first, last) not in used or len(used) > 400:
                used.add((first, last))
                break
        prefix, district = _DISTRICTS[rng.integers(len(_DISTRICTS))]
        counters[prefix] = counters.get(prefix, 0) + 1
        role = roles[index]
        organisation = {
            "police": f"{district} district police, inspectorate for minors",
            "social-worker": f"{district} social protection office",
            "caregiver": ("Kinship carer", "Foster carer", f"Children's home, {district}")[
                rng.integers(3)
            ],
            "supervisor": f"{district} Commission on Child Rights",
        }[role]
        trainee = Trainee(
            id=f"{prefix}-{counters[prefix]:02d}",
            first_name=first,
            last_name=last,
            role=role,
            organisation=organisation,
            district=district,
        )
        people.append(DemoTrainee(trainee=trainee, quality=qualities[index]))
    return tuple(people)


# --- answers -------------------------------------------------------------------------------------


def solution_region(source: str) -> str:
    """The code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (without the markers)."""
    lines = source.splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "### BEGIN SOLUTION")
        end = next(i for i, line in enumerate(lines) if line.strip() == "### END SOLUTION")
    except StopIteration:
        return ""
    return "\n".join(lines[start + 1 : end]).strip("\n")


def wrong_answer(
    solution: str, *, example: object, options: list[str], rng: np.random.Generator
) -> str:
    """A plausible wrong version of ``solution`` (the code of a solution region), or "".

    The last statement must assign the answer (``q2 = ...``). A literal answer is replaced by a
    wrong value of the same kind; a computed one (``q1 = int((cases[...] == "high").sum())``) is
    kept but nudged, so that it still gives a value of the kind shown in the answer cell's
    ``example`` (``q1 = 12``), as a trainee's slip in the code would.
    """
    try:
        tree = ast.parse(solution)
    except SyntaxError:
        return ""
    last = tree.body[-1] if tree.body else None
    if not (
        isinstance(last, ast.Assign)
        and len(last.targets) == 1
        and isinstance(last.targets[0], ast.Name)
    ):
        return ""
    name = last.targets[0].id
    before = "\n".join(solution.splitlines()[: last.lineno - 1])
    try:
        value = ast.literal_eval(last.value)
    except ValueError:
        expression = ast.get_source_segment(solution, last.value) or ""
        if isinstance(example, bool):
            line = f"{name} = not ({expression})"
        elif isinstance(example, int):
            line = f"{name} = ({expression}) + {int(rng.choice([-2, -1, 1, 2]))}"
        elif isinstance(example, float):
            factor = float(rng.choice([0.5, 1.5, 2.0]))
            line = f"{name} = round(({expression}) * {factor} + 0.05, 4)"
        else:
            return ""
    else:
        wrong = wrong_value(value, options=options, rng=rng)
        if wrong is None:
            return ""
        line = f"{name} = {wrong!r}"
    return "\n".join(filter(None, [before, line]))


def _example(answer_cell: str) -> object:
    """The example value in ``# Your answer to question 2, in the form: q2 = 0.5``."""
    match = re.search(
        r"in the form: \w+ = (.+)$", answer_cell.splitlines()[0] if answer_cell else ""
    )
    if not match:
        return None
    try:
        return ast.literal_eval(match.group(1).strip())
    except (ValueError, SyntaxError):
        return None


def _options(test_source: str) -> list[str]:
    """The allowed letters named in a form check such as ``in ('A', 'B', 'C', 'D')``."""
    for match in re.finditer(r"in \((['\"][^)]*)\)", test_source):
        try:
            values = ast.literal_eval(f"({match.group(1)})")
        except (ValueError, SyntaxError):
            continue
        if isinstance(values, tuple) and all(isinstance(v, str) for v in values):
            return list(values)
    return []


def wrong_value(value: object, *, options: list[str], rng: np.random.Generator) -> object | None:
    """A plausible wrong answer of the same kind as ``value`` (None if there is no such thing)."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return max(0, value + int(rng.choice([-2, -1, 1, 2]))) if value > 1 else value + 1
    if isinstance(value, float):
        return round(value * float(rng.choice([0.5, 1.5, 2.0])) + 0.05, 4)
    if isinstance(value, str):
        if len(value) == 1 and value.isalpha():
            pool = [o for o in options if o.upper() != value.upper()] or [
                letter for letter in "ABCD" if letter != value.upper()
            ]
            choice = str(pool[rng.integers(len(pool))])
            return choice.lower() if value.islower() else choice
        pool = [w for w in _WRONG_WORDS if w.casefold() != value.casefold()]
        return str(pool[rng.integers(len(pool))])
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        letters = options or sorted({*value, "a", "b", "c", "d"})
        wrong = list(value)
        if len(wrong) > 1:
            wrong.pop(int(rng.integers(len(wrong))))
        extra = [o for o in letters if o not in value]
        if extra:
            wrong.append(str(extra[rng.integers(len(extra))]))
        return sorted(wrong) if sorted(wrong) != sorted(value) else None
    return None


def _grade_id(cell: dict) -> str:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta.get("grade_id", "") if isinstance(meta, dict) else ""


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def answer_notebook(
    *,
    released: dict,
    source: dict,
    chance: Callable[[str], float],
    quality: str,
    rng: np.random.Generator,
) -> dict:
    """A copy of the released notebook with its answer cells filled in.

    ``chance(grade_id)`` is the probability of answering that question right; a right answer is
    the source notebook's solution, a wrong one a plausible wrong value of the same kind.
    Reflection cells get a short text matching ``quality``.
    """
    nb = copy.deepcopy(released)
    solutions = {
        _grade_id(cell): solution_region(_text(cell))
        for cell in source.get("cells", [])
        if cell.get("cell_type") == "code" and _grade_id(cell)
    }
    tests = {
        _grade_id(cell): _text(cell)
        for cell in nb["cells"]
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade")
    }
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("solution"):
            continue
        grade_id = meta.get("grade_id", "")
        if cell["cell_type"] == "markdown":
            texts = _REFLECTIONS[quality]
            cell["source"] = texts[int(rng.integers(len(texts)))]
            continue
        solution = solutions.get(grade_id, "")
        question = grade_id.removesuffix("-answer")
        right = rng.random() < chance(question)
        code = solution
        if not right:
            # Without a wrong answer of the same kind, the trainee leaves the question blank.
            code = wrong_answer(
                solution,
                example=_example(_text(cell)),
                options=_options(tests.get(question, "")),
                rng=rng,
            )
        lines = _text(cell).splitlines()
        kept = [line for line in lines if "Type your answer here" not in line]
        cell["source"] = "\n".join([*kept, code] if code else lines)
    return nb


def break_notebook(nb: dict, kind: str) -> bytes:
    """The bytes of ``nb`` broken in one of the ``BROKEN_KINDS`` ways."""
    nb = copy.deepcopy(nb)
    cells = nb["cells"]
    answers = [
        c
        for c in cells
        if c["cell_type"] == "code" and c.get("metadata", {}).get("nbgrader", {}).get("solution")
    ]
    tests = [
        i
        for i, c in enumerate(cells)
        if c["cell_type"] == "code" and c.get("metadata", {}).get("nbgrader", {}).get("grade")
    ]
    if kind == "invalid-json":
        text = json.dumps(nb, ensure_ascii=False, indent=1)
        return text[: len(text) // 2].encode("utf-8")
    if kind == "endless-loop" and answers:
        answers[0]["source"] = _text(answers[0]) + "\nwhile True:\n    pass"
    elif kind == "sys-exit" and answers:
        answers[0]["source"] = _text(answers[0]) + "\nimport sys\nsys.exit()"
    elif kind == "deleted-test-cell" and tests:
        del cells[tests[0]]
    elif kind == "copied-cell" and tests:
        # As JupyterLab copies a cell: same content and nbgrader metadata, a new cell id.
        duplicate = copy.deepcopy(cells[tests[0]])
        if "id" in duplicate:
            duplicate["id"] = f"{duplicate['id']}-copy"[:64]
        cells.insert(tests[0] + 1, duplicate)
    elif kind not in BROKEN_KINDS:
        raise ValueError(f"unknown way to break a notebook: {kind!r}")
    return (json.dumps(nb, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# --- the run -------------------------------------------------------------------------------------


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def default_assignments(workspace: Workspace) -> tuple[str, ...]:
    """Module assignments 01-07 and the knowledge check, as far as the course has them."""
    return tuple(
        a for a in workspace.assignments() if _MODULE_ASSIGNMENT.match(a) or a == KNOWLEDGE_CHECK
    )


def _notebooks_for(workspace: Workspace, assignment: str, trainee: Trainee) -> list[str]:
    if assignment != KNOWLEDGE_CHECK:
        return workspace.notebooks(assignment)
    track = TRACK_OF_ROLE[trainee.role]
    available = set(workspace.notebooks(assignment))
    return [name for name in (f"pre-{track}", f"post-{track}") if name in available]


def _choose_broken(
    people: tuple[DemoTrainee, ...], plan: list[tuple[str, str, str]], kinds: tuple[str, ...]
) -> dict[tuple[str, str], str]:
    """(trainee id, notebook) -> kind, for distinct notebooks.

    The broken notebooks belong to the second half of the roster (the first half stays clean, so
    a small demo still has trainees who earn a certificate). Each kind goes to another trainee
    while there are enough, and to another module assignment in turn; the knowledge check is
    used only when a trainee has no module notebook left.
    """
    owners = [p.trainee.id for p in reversed(people)][: max(1, len(people) // 2)]
    chosen: dict[tuple[str, str], str] = {}
    for index, kind in enumerate(kinds):
        tid = owners[index % len(owners)]
        modules = [i for i in plan if i[0] == tid and i[1] != KNOWLEDGE_CHECK]
        checks = [i for i in plan if i[0] == tid and i[1] == KNOWLEDGE_CHECK]
        if modules:
            shift = index % len(modules)
            modules = modules[shift:] + modules[:shift]
        free = [i for i in modules + checks if (i[0], i[2]) not in chosen]
        if free:
            chosen[(free[0][0], free[0][2])] = kind
    return chosen


def make_returns(
    *,
    workspace: Workspace,
    people: tuple[DemoTrainee, ...],
    assignments: tuple[str, ...],
    folder: Path,
    rng: np.random.Generator,
    broken_kinds: tuple[str, ...] = BROKEN_KINDS,
) -> tuple[int, tuple[str, ...]]:
    """Write every fictional trainee's answered notebooks into ``folder`` as ``ID_nb.ipynb``.

    Returns the number of notebooks written and the descriptions of the broken ones.
    """
    folder.mkdir(parents=True, exist_ok=True)
    offsets: dict[str, float] = {}

    def difficulty(assignment: str, question: str) -> float:
        # One seeded offset per question: some questions are hard for the whole group. The
        # knowledge check's items share their offset between pre and post.
        key = question if assignment == KNOWLEDGE_CHECK else f"{assignment}/{question}"
        if key not in offsets:
            offsets[key] = float(np.clip(rng.normal(0.0, 0.12), -0.4, 0.1))
        return offsets[key]

    plan = [
        (p.trainee.id, assignment, notebook)
        for p in people
        for assignment in assignments
        for notebook in _notebooks_for(workspace, assignment, p.trainee)
    ]
    broken = _choose_broken(people, plan, broken_kinds)
    by_id = {p.trainee.id: p for p in people}
    cache: dict[tuple[str, str], tuple[dict, dict]] = {}
    descriptions = []
    for tid, assignment, notebook in plan:
        person = by_id[tid]
        if (assignment, notebook) not in cache:
            cache[(assignment, notebook)] = (
                _read(workspace.release / assignment / f"{notebook}.ipynb"),
                _read(workspace.source / assignment / f"{notebook}.ipynb"),
            )
        released, source = cache[(assignment, notebook)]
        penalty = _PRE_TEST_PENALTY if notebook.startswith("pre-") else 0.0
        base = person.ability - penalty + float(rng.normal(0, 0.05))

        def chance(question: str, base: float = base, assignment: str = assignment) -> float:
            return float(np.clip(base + difficulty(assignment, question), 0.03, 0.98))

        nb = answer_notebook(
            released=released, source=source, chance=chance, quality=person.quality, rng=rng
        )
        target = folder / f"{tid}_{notebook}.ipynb"
        kind = broken.get((tid, notebook))
        if kind:
            target.write_bytes(break_notebook(nb, kind))
            descriptions.append(f"{target.name}: {kind}")
        else:
            target.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", "utf-8")
    # A trainee saved a second copy ("-Copy1") and returned both: collect names and skips it.
    if plan:
        tid, _, notebook = plan[0]
        original = folder / f"{tid}_{notebook}.ipynb"
        shutil.copy2(original, folder / f"{tid}_{notebook}-Copy1.ipynb")
    return len(plan), tuple(descriptions)


def _zip_folder(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.iterdir()):
            archive.write(path, f"{folder.name}/{path.name}")
    return target


def simulate_manual_grading(
    *, workspace: Workspace, people: tuple[DemoTrainee, ...], rng: np.random.Generator
) -> int:
    """Give manual grades to reflections of the first half of the roster, as a trainer would in
    the formgrader; return the number of grades set."""
    graded = 0
    half = {p.trainee.id: p for p in people[: (len(people) + 1) // 2]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with gradebook(workspace) as gb:
            for assignment in gb.assignments:
                for notebook in assignment.notebooks:
                    for submitted in gb.notebook_submissions(notebook.name, assignment.name):
                        person = half.get(submitted.student.id)
                        if person is None:
                            continue
                        for grade in submitted.grades:
                            if grade.cell.cell_type != "markdown" or not grade.needs_manual_grade:
                                continue
                            share = np.clip(person.ability + rng.normal(0, 0.1), 0, 1)
                            grade.manual_score = float(round(grade.max_score * share))
                            grade.needs_manual_grade = False
                            graded += 1
            gb.db.commit()
    return graded


def run_demo(
    *,
    directory: Path,
    trainees: int = 30,
    seed: int = 2024,
    workers: int | None = None,
    assignments: tuple[str, ...] = (),
    broken_kinds: tuple[str, ...] = BROKEN_KINDS,
    progress: bool = True,
    say: Callable[[str], None] = print,
) -> DemoResult:
    """Run a whole synthetic cohort end to end in ``directory`` (a new folder)."""
    from himoya.grading.autograde import grade
    from himoya.grading.cohort import init_cohort, release
    from himoya.grading.collect import collect
    from himoya.grading.report import report

    root = Path(directory).expanduser().resolve()
    if root.exists() and any(root.iterdir()):
        raise CohortError(f"{root}: folder exists and is not empty (choose a new folder)")
    unknown = [k for k in broken_kinds if k not in BROKEN_KINDS]
    if unknown:
        raise CohortError(f"unknown broken kind(s): {', '.join(unknown)}")
    rng = np.random.default_rng(seed)
    people = demo_roster(count=trainees, rng=rng)

    with tempfile.TemporaryDirectory(prefix="himoya-demo-") as tmp:
        roster = Path(tmp) / "roster.csv"
        write_roster(roster, tuple(p.trainee for p in people))
        say(f"[1/8] roster: {len(people)} fictional trainees")
        workspace = init_cohort(directory=root, roster=roster)
        inputs = workspace.root / "demo"
        inputs.mkdir()
        shutil.copy2(roster, inputs / "roster.csv")
    say(f"[2/8] init: cohort workspace {workspace.root} (demo inputs in {inputs})")
    # A shorter per-cell time limit, so the planted endless loop costs seconds, not half a minute.
    with workspace.config_file.open("a", encoding="utf-8") as handle:
        handle.write("\n# himoya demo: a shorter per-cell limit for the planted endless loop.\n")
        handle.write("c.Execute.timeout = 10\n")

    chosen = tuple(assignments) or default_assignments(workspace)
    known = workspace.assignments()
    missing = [a for a in chosen if a not in known]
    if missing:
        raise CohortError(
            f"unknown assignment(s): {', '.join(missing)} (known: {', '.join(known)})"
        )
    zips = release(directory=workspace.root, assignments=chosen)
    say(f"[3/8] release: {len(zips)} assignment(s) ({', '.join(chosen)}); USB zips in usb/")

    returned = inputs / "RETURN"
    count, broken = make_returns(
        workspace=workspace,
        people=people,
        assignments=chosen,
        folder=returned,
        rng=rng,
        broken_kinds=broken_kinds,
    )
    stick = _zip_folder(returned, inputs / "RETURN.zip")
    say(f"[4/8] answers: {count} notebooks written by fictional trainees into {stick.name}")
    for line in broken:
        say(f"      broken on purpose: {line}")

    result = collect(directory=workspace.root, sources=[stick])
    say(
        f"[5/8] collect: {len(result.placed)} placed, {len(result.skipped)} not placed "
        f"(originals kept read-only in {result.batch.relative_to(workspace.root)})"
    )
    for skipped in result.skipped:
        say(f"      not placed: {Path(skipped.origin).name}: {skipped.reason}")

    summary = grade(directory=workspace.root, workers=workers, progress=progress)
    say(
        f"[6/8] grade: {summary.graded} graded, {summary.problems} with problems, "
        f"in {summary.seconds:.0f} s"
    )
    manual = simulate_manual_grading(workspace=workspace, people=people, rng=rng)
    say(
        f"      a fictional trainer graded {manual} reflection answer(s) of the first half of "
        "the roster (in a real workshop: the formgrader)"
    )

    feedback_files = _run_feedback(workspace, say)
    outcome = report(directory=workspace.root, progress=progress)
    say(
        f"[8/8] report: {outcome.grades_csv.relative_to(workspace.root)}, "
        f"{outcome.index_html.relative_to(workspace.root)}, "
        f"{len(outcome.certificates)} certificate(s) in certificates/"
    )
    say(f"open {outcome.index_html} in a browser (works offline)")
    return DemoResult(
        workspace=workspace.root,
        trainees=len(people),
        returned=count,
        broken=broken,
        feedback_files=feedback_files,
        certificates=len(outcome.certificates),
    )


def _run_feedback(workspace: Workspace, say: Callable[[str], None]) -> int:
    try:
        from himoya.grading.feedback import feedback
    except ImportError:
        say("[7/8] feedback: skipped (this version of himoya has no `cohort feedback` yet)")
        return 0
    written = feedback(directory=workspace.root)
    say(f"[7/8] feedback: {len(written)} HTML file(s) in feedback/")
    return len(written)
