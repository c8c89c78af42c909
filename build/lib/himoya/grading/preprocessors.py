"""nbgrader preprocessors added to the autograde pipeline."""

from __future__ import annotations

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer

TRUNCATED = "\n… [output cut by the grader: {removed:,} more characters]\n"


class LimitOutputSize(NbGraderPreprocessor):
    """Cut text outputs longer than ``max_chars`` (nbgrader's LimitOutput counts only lines).

    Error outputs keep their type, so grading is unchanged; only the stored text gets shorter.
    """

    max_chars = Integer(20_000, help="Longest text kept per output").tag(config=True)

    def _cut(self, text: str) -> str:
        if len(text) <= self.max_chars:
            return text
        return text[: self.max_chars] + TRUNCATED.format(removed=len(text) - self.max_chars)

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and isinstance(output.get("text"), str):
                output.text = self._cut(output.text)
            data = output.get("data", {})
            for mime in ("text/plain", "text/html", "text/markdown"):
                if isinstance(data.get(mime), str):
                    data[mime] = self._cut(data[mime])
        return cell, resources


def autograde_pipeline() -> list:
    """nbgrader's default autograde preprocessors with ``LimitOutputSize`` after ``LimitOutput``."""
    from nbgrader.converters.autograde import Autograde

    steps = list(Autograde.class_traits()["autograde_preprocessors"].default())
    names = [step.__name__ for step in steps]
    steps.insert(names.index("LimitOutput") + 1, LimitOutputSize)
    return steps
