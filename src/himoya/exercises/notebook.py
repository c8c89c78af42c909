"""Turn an ``AssignmentSpec`` into an nbgrader *source* notebook (solutions and hidden tests in).

nbgrader's ``generate_assignment`` later strips the solution regions (``### BEGIN/END SOLUTION``)
and hidden tests (``### BEGIN/END HIDDEN TESTS``) to make the trainee's version.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.notebooknode import NotebookNode

from himoya.exercises.load import load_spec, spec_paths
from himoya.exercises.spec import AssignmentSpec, Question
from himoya.paths import course_root

FORM_EXAMPLES = {
    "letter": '{id} = "A"',
    "letters": '{id} = ["a", "c"]',
    "integer": "{id} = 12",
    "number": "{id} = 0.5",
    "word": '{id} = "your answer"',
    "boolean": "{id} = True",
}
FORM_WORDS = {
    "letter": "one letter in quotes",
    "letters": "a list of letters in quotes, in square brackets, in any order",
    "integer": "a whole number, without quotes",
    "number": "a number, without quotes (use a point for decimals: 0.5)",
    "word": "a word or short phrase in quotes",
    "boolean": "True or False, without quotes",
}


def _meta(grade_id: str, *, grade=False, solution=False, locked=False, points=None) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _markdown(cell_id: str, source: str, *, locked: bool = True) -> NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source, id=cell_id)
    if locked:
        cell.metadata.update(_meta(cell_id, locked=True))
    return cell


def _code(cell_id: str, source: str, metadata: dict) -> NotebookNode:
    cell = nbformat.v4.new_code_cell(source, id=cell_id)
    cell.metadata.update(metadata)
    return cell


def form_example(question: Question) -> str:
    return FORM_EXAMPLES[question.kind].format(id=question.id)


def _visible_checks(q: Question) -> list[str]:
    name, example = q.id, form_example(q).replace('"', '\\"')
    lines = [
        "# This checks only the FORM of your answer. The real check runs when your trainer grades.",
        f'assert "{name}" in globals(), "Write your answer in the cell above, as {example}, '
        'and run that cell."',
    ]
    if q.kind == "letter":
        letters = ", ".join(q.options)
        lines += [
            f'assert type({name}) is str, "{name} must be one letter in quotes, like {example}"',
            f"assert {name}.strip().upper() in {tuple(o.upper() for o in q.options)!r}, "
            f'"{name} must be one of: {letters}"',
        ]
    elif q.kind == "letters":
        letters = ", ".join(q.options)
        lowered = tuple(o.lower() for o in q.options)
        lines += [
            f'assert type({name}) is list, "{name} must be a list in square brackets, '
            f'like {example}"',
            f"assert all(type(x) is str for x in {name}), "
            f'"each item of {name} must be a letter in quotes"',
            f"assert all(x.strip().lower() in {lowered!r} for x in {name}), "
            f'"each letter must be one of: {letters}"',
        ]
    elif q.kind == "integer":
        lines.append(
            f'assert type({name}) is int, "{name} must be a whole number without quotes, '
            f'like {example}"'
        )
    elif q.kind == "number":
        lines.append(
            f'assert type({name}) in (int, float), "{name} must be a number without quotes, '
            f'like {example}"'
        )
    elif q.kind == "word":
        lines += [
            f'assert type({name}) is str, "{name} must be text in quotes, like {example}"',
            f'assert {name}.strip() != "", "{name} is empty"',
        ]
    elif q.kind == "boolean":
        lines.append(f'assert type({name}) is bool, "{name} must be True or False, without quotes"')
    lines.append(f'print("The form of {name} is right.")')
    return lines


def _hidden_checks(q: Question) -> list[str]:
    name = q.id
    lines = [q.expected_code] if q.expected_code else []
    expected = "expected" if q.expected_code else repr(q.answer)
    if q.kind == "letter":
        lines.append(
            f"assert type({name}) is str and {name}.strip().upper() == {q.answer.upper()!r}"
        )
    elif q.kind == "letters":
        want = sorted(a.lower() for a in q.answer)
        lines.append(
            f"assert type({name}) is list and all(type(x) is str for x in {name}) "
            f"and sorted(x.strip().lower() for x in {name}) == {want!r}"
        )
    elif q.kind == "integer":
        lines.append(f"assert type({name}) is int and {name} == {expected}")
    elif q.kind == "number":
        lines.append(
            f"assert type({name}) in (int, float) and abs({name} - {expected}) <= {q.tolerance!r}"
        )
    elif q.kind == "word":
        accepted = sorted({" ".join(a.split()).casefold() for a in q.accept})
        lines.append(
            f'assert type({name}) is str and " ".join({name}.split()).casefold() in {accepted!r}'
        )
    elif q.kind == "boolean":
        lines.append(f"assert type({name}) is bool and {name} is {q.answer!r}")
    return lines


def _answer_line(q: Question) -> str:
    if q.expected_code and not q.solution_code:
        raise ValueError(f"question {q.id}: `expected_code` needs a `solution_code`")
    if q.solution_code:
        return q.solution_code
    value = q.answer
    if q.kind == "word":
        value = q.accept[0] if q.accept else q.answer
    return f"{q.id} = {value!r}"


def notebook_for(spec: AssignmentSpec) -> NotebookNode:
    """The nbgrader source notebook for one spec (solutions and hidden tests included)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    total = spec.autograded_points + sum(r.points for r in spec.reflections)
    header = (
        f"# {spec.title}\n\n{spec.intro}\n\n"
        f"**Points:** {spec.autograded_points} for the short answers (checked automatically) and "
        f"{total - spec.autograded_points} for the reflection questions (read by your trainer).\n\n"
        '**How to answer.** Each question says exactly what to type, for example `q1 = "B"`. '
        "Type your answer in the grey cell under the question, then press **Shift+Enter** to run "
        "it. The cell after it checks that your answer has the right form (it does not tell you "
        "whether it is correct). Do not delete, copy or split cells.\n\n"
        "*All cases in this exercise are fictional.*"
    )
    cells = [_markdown("intro", header)]
    if spec.setup_code:
        cells.append(_code("setup", spec.setup_code, _meta("setup", locked=True)))
    for number, q in enumerate(spec.questions, 1):
        form = form_example(q)
        extra = ""
        if q.kind in {"letter", "letters"}:
            extra = f" Choose from: {', '.join(q.options)}."
        text = (
            f"## Question {number} ({q.points} point{'s' if q.points > 1 else ''})\n\n{q.text}\n\n"
            f"**Your answer:** {FORM_WORDS[q.kind]}.{extra} For example: `{form}`"
        )
        cells.append(_markdown(f"{q.test_id}-question", text))
        if q.setup_code:
            cells.append(
                _code(f"{q.test_id}-setup", q.setup_code, _meta(f"{q.test_id}-setup", locked=True))
            )
        answer = (
            f"# Your answer to question {number}, in the form: {form}\n"
            f"### BEGIN SOLUTION\n{_answer_line(q)}\n### END SOLUTION"
        )
        cells.append(
            _code(f"{q.test_id}-answer", answer, _meta(f"{q.test_id}-answer", solution=True))
        )
        test = "\n".join(
            [
                *_visible_checks(q),
                "### BEGIN HIDDEN TESTS",
                *_hidden_checks(q),
                "### END HIDDEN TESTS",
            ]
        )
        cells.append(
            _code(
                q.test_id,
                test,
                _meta(q.test_id, grade=True, locked=True, points=q.points),
            )
        )
    for number, r in enumerate(spec.reflections, 1):
        cells.append(
            _markdown(
                f"{r.id}-question",
                f"## Reflection {number} ({r.points} points, read by your trainer)\n\n{r.text}\n\n"
                "Write your answer in the cell below, in a few sentences. Double-click the cell to "
                "edit it.",
            )
        )
        cell = nbformat.v4.new_markdown_cell(
            f"**Model answer and rubric (trainer's copy only).**\n\n{r.rubric}", id=r.id
        )
        cell.metadata.update(_meta(r.id, grade=True, solution=True, points=r.points))
        cells.append(cell)
    cells.append(
        _markdown(
            "finish",
            "## When you have finished\n\nSave the notebook (**Ctrl+S**) and return it to your "
            "trainer as they explained (for example on the workshop USB stick). Keep the file "
            "name as it is, with your trainee ID in front if your trainer asked for that.",
        )
    )
    nb.cells = cells
    nbformat.validate(nb)
    return nb


def build_assignment(
    spec_path: Path, *, root: Path | None = None, check: bool = False
) -> list[Path]:
    """Write (or, with ``check``, compare) the notebooks one spec file defines.

    Returns the notebook paths that were written, or with ``check`` the ones that differ from
    what the spec would produce.
    """
    root = root or course_root()
    changed = []
    for spec in load_spec(spec_path):
        target = root / "exercises" / spec.assignment / f"{spec.notebook}.ipynb"
        text = nbformat.writes(notebook_for(spec)) + "\n"
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != text:
            changed.append(target)
            if not check:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
    return changed


def build_all(*, root: Path | None = None, check: bool = False) -> list[Path]:
    """Build (or check) the notebooks of every spec in ``exercises/specs``."""
    root = root or course_root()
    return [
        path for spec in spec_paths(root) for path in build_assignment(spec, root=root, check=check)
    ]
