"""Exercise specs: validation errors name file and question; notebooks follow their specs."""

import textwrap

import nbformat
import pytest

from himoya.exercises import SpecError, build_all, load_spec, notebook_for
from himoya.exercises.knowledge import post_order
from himoya.paths import course_root

GOOD = """
assignment: demo
title: Demo
intro: A fictional demo.
questions:
  - id: q1
    kind: letter
    options: [A, B]
    answer: B
    text: Pick B.
  - id: q2
    kind: letters
    options: [a, b, c]
    answer: [c, a]
    text: Pick a and c.
  - id: q3
    kind: number
    answer: 0.25
    tolerance: 0.01
    text: A quarter.
reflections:
  - id: r1
    text: Why?
    rubric: Because.
"""


def write(tmp_path, text, name="demo.yml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_a_good_spec_builds_a_valid_nbgrader_source_notebook(tmp_path):
    (spec,) = load_spec(write(tmp_path, GOOD))
    nb = notebook_for(spec)
    nbformat.validate(nb)
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert [c.metadata["nbgrader"]["grade_id"] for c in graded] == ["q1", "q2", "q3", "r1"]
    assert spec.autograded_points == 3
    answer = next(c for c in nb.cells if c.id == "q2-answer").source
    assert "### BEGIN SOLUTION\nq2 = ['c', 'a']\n### END SOLUTION" in answer
    test = next(c for c in nb.cells if c.id == "q2").source
    visible, hidden = test.split("### BEGIN HIDDEN TESTS")
    assert "'a', 'c'" not in visible.replace("('a', 'b', 'c')", "")
    assert "== ['a', 'c']" in hidden


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("answer: B", "answer: Z"), "question q1: `answer` must be one of `options`"),
        (("kind: number", "kind: essay"), "question q3: `kind` 'essay' is not allowed (use one"),
        (("id: q2", "id: q1"), "duplicate question ids: q1"),
        (("answer: [c, a]", "answer: [c, c]"), "question q2: `answer` lists a letter twice"),
        (("    rubric: Because.\n", ""), "reflection r1: missing 'rubric' (the model answer"),
        (("title: Demo\n", ""), "top level: missing 'title'"),
        (("    text: Why?\n", "    text: Why?\n    point: 2\n"), "reflection r1: unknown field 'point'"),
        (("text: Pick B.", "text: [unclosed"), "line"),
    ],
)
def test_spec_errors_name_the_file_and_the_question(tmp_path, change, message):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(SpecError) as raised:
        load_spec(path)
    assert str(path) in str(raised.value)
    assert message in str(raised.value)


def test_knowledge_check_post_order_is_the_same_items_in_another_order():
    items = [f"kc{n:02}" for n in range(1, 21)]
    post = post_order(items, seed=7)
    assert sorted(post) == sorted(items)
    assert post != items
    assert post_order(items, seed=7) == post


def test_committed_exercise_notebooks_match_their_specs():
    assert build_all(check=True) == []


def test_every_role_with_a_path_page_has_a_pre_and_post_knowledge_check():
    root = course_root()
    roles = {p.stem.removeprefix("path-") for p in (root / "modules/00-start").glob("path-*.md")}
    assert "supervisor" in roles
    specs = {s.notebook: s for s in load_spec(root / "exercises/specs/knowledge-check.yml")}
    for role in roles:
        pre, post = specs[f"pre-{role}"], specs[f"post-{role}"]
        items = [q.grade_id for q in pre.questions]
        assert len(items) == len(set(items)) == 20
        assert sorted(q.grade_id for q in post.questions) == sorted(items)
        assert [q.grade_id for q in post.questions] != items
