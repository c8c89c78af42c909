"""Exercises: question specs (YAML, with answers) turned into nbgrader source notebooks.

Authors write ``exercises/specs/<assignment>.yml``; ``himoya exercises build`` writes
``exercises/<assignment>/<notebook>.ipynb`` in nbgrader's source format: autograded answer cells
with solution regions, autograder test cells whose visible part checks only the form of the answer
and whose hidden part holds the real check, and manually graded reflection cells with a rubric.
"""

from himoya.exercises.notebook import build_all, build_assignment, notebook_for
from himoya.exercises.load import load_spec, spec_paths
from himoya.exercises.spec import AssignmentSpec, Question, Reflection, SpecError

__all__ = [
    "AssignmentSpec",
    "Question",
    "Reflection",
    "SpecError",
    "build_all",
    "build_assignment",
    "load_spec",
    "notebook_for",
    "spec_paths",
]
