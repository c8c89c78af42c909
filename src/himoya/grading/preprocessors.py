"""nbgrader preprocessors of the autograde and feedback pipelines.

* :class:`SandboxedExecute` is nbgrader's ``Execute`` with each kernel in the grading sandbox
  (:class:`himoya.grading.sandbox.SandboxKernelManager`), keeping at most ``max_output_mb`` of a
  notebook's output.
* :class:`LimitOutputSize` cuts long text outputs (nbgrader's ``LimitOutput`` counts only lines).
* :class:`HideHiddenTests` keeps hidden tests, and anything that could repeat them, out of
  feedback.
"""

from __future__ import annotations

import builtins
import html
import json
import re

from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import ClearHiddenTests, Execute, NbGraderPreprocessor
from traitlets import Integer, Unicode

from himoya.i18n import ui

TRUNCATED = "\n… [output cut by the grader: {removed:,} more characters]\n"
OVER_BUDGET = "\n… [output cut by the grader: this notebook's output passed {mb} MB]\n"
_NOT_OUTPUT = frozenset({"status", "execute_input", "clear_output"})
HIDDEN_NOTE = "# (The grader also ran hidden checks here; they are not shown.)"


class SandboxedExecute(Execute):
    """nbgrader's ``Execute``, starting every kernel in the grading sandbox.

    nbgrader's ``Execute`` sets nbclient's ``kernel_manager_class`` in its constructor, which
    overrides configuration; this subclass sets it first. Once the kernel answers (its sockets
    all exist), its socket folder is closed for writing.

    A kernel can send output faster than anything can store it (every message it sends is held
    by the grading worker, then written into the autograded notebook): once a notebook's output
    passes ``max_output_mb``, further output is dropped, except the first error of each cell,
    shortened (nbgrader scores a test cell by its error). nbgrader's ``LimitOutput`` and
    :class:`LimitOutputSize` then shorten what was kept.
    """

    max_output_mb = Integer(16, help="Output kept from one notebook, in megabytes").tag(config=True)

    def __init__(self, *args, **kwargs):
        from himoya.grading.sandbox import SandboxKernelManager

        kwargs.setdefault("kernel_manager_class", SandboxKernelManager)
        super().__init__(*args, **kwargs)
        self.on_notebook_start = self._kernel_ready

    def _kernel_ready(self, **_) -> None:
        close = getattr(self.km, "close_kernel_dir", None)
        if close is not None:
            close()

    def reset_execution_trackers(self) -> None:
        super().reset_execution_trackers()
        self._output_left = self.max_output_mb * 1024 * 1024
        self._output_cut = False

    def process_message(self, msg: dict, cell: NotebookNode, cell_index: int):
        if msg.get("msg_type") in _NOT_OUTPUT:
            return super().process_message(msg, cell, cell_index)
        content = msg.get("content")
        self._output_left -= len(json.dumps(content, default=str))
        if self._output_left >= 0:
            return super().process_message(msg, cell, cell_index)
        if not self._output_cut:
            self._output_cut = True
            note = OVER_BUDGET.format(mb=self.max_output_mb)
            cell.outputs.append(NotebookNode(output_type="stream", name="stderr", text=note))
        has_error = any(o.get("output_type") == "error" for o in cell.outputs)
        if msg.get("msg_type") != "error" or has_error or not isinstance(content, dict):
            return None
        short = {
            "ename": str(content.get("ename", ""))[:100],
            "evalue": str(content.get("evalue", ""))[:1000],
            "traceback": [],
        }
        return super().process_message({**msg, "content": short}, cell, cell_index)


def _is_error(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, BaseException)


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
    """nbgrader's default autograde preprocessors, sandboxed, with ``LimitOutputSize``."""
    from nbgrader.converters.autograde import Autograde

    steps = list(Autograde.class_traits()["autograde_preprocessors"].default())
    steps = [SandboxedExecute if step is Execute else step for step in steps]
    names = [step.__name__ for step in steps]
    steps.insert(names.index("LimitOutput") + 1, LimitOutputSize)
    return steps


def _regions(source: str, begin: str, end: str):
    """Yield (line, hidden) for each line: hidden when inside a region or a delimiter line.

    As nbgrader's ``ClearHiddenTests``: a line holding the end delimiter is never shown, even
    outside a region (nbgrader drops it from the trainees' version too)."""
    inside = False
    for line in source.split("\n"):
        if begin in line:
            inside = True
            yield line, True
        elif end in line:
            inside = False
            yield line, True
        else:
            yield line, inside


def split_hidden(
    source: str,
    begin: str = ClearHiddenTests.begin_test_delimeter.default_value,
    end: str = ClearHiddenTests.end_test_delimeter.default_value,
    note: str = HIDDEN_NOTE,
) -> tuple[str, bool]:
    """The source without its hidden-test regions, and whether there was one.

    nbgrader's own rule (``ClearHiddenTests``): a line *containing* the begin delimiter (so
    ``### BEGIN HIDDEN TESTS``, ``# BEGIN HIDDEN TESTS``, ``#BEGIN HIDDEN TESTS``, an indented
    one …) starts a region, a line containing the end delimiter ends it, both lines included.
    A region with no end runs to the end of the cell (nbgrader refuses such a cell; here nothing
    of it is shown); a line with the end delimiter and no region before it is hidden too, as
    nbgrader hides it. Each region leaves one line, ``note``, saying hidden checks ran.
    """
    kept, found, previous = [], False, False
    for line, hidden in _regions(source, begin, end):
        if hidden and not previous:
            kept.append(note)
        elif not hidden:
            kept.append(line)
        found = found or hidden
        previous = hidden
    return "\n".join(kept), found


_ERROR_NAMES = frozenset(name for name, value in vars(builtins).items() if _is_error(value)) | {
    "CellTimeoutError"  # what nbgrader records for a cell that ran out of time
}


def error_name(ename: object) -> str:
    """An error's name as feedback shows it: Python's own names (``NameError``), else "Error".

    Any other name is the kernel's to choose (``type(text, (Exception,), {})``), so it could
    spell out what the kernel saw while graded."""
    return ename if isinstance(ename, str) and ename in _ERROR_NAMES else "Error"


_NAME_ERROR = re.compile(r"name '(\w+)' is not defined(?:\. Did you mean: '(\w+)'\?)?")


def _read(source: str) -> tuple[set[str], str]:
    """The string literals of a cell as IPython reads it, and Python's message if it cannot."""
    import ast

    from IPython.core.inputtransformer2 import TransformerManager

    try:
        tree = ast.parse(TransformerManager().transform_cell(source))
    except SyntaxError as error:
        return set(), str(error.msg)
    except Exception:  # too deep, too large: nothing to show
        return set(), ""
    literals = {
        node.value.strip()
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    return literals, ""


def error_message(ename: str, evalue: object, source: str) -> str:
    """The message of an error in a trainee's cell, if it cannot carry what the kernel saw.

    The kernel writes an error's message, and a notebook's code, having watched the test cells
    run (an IPython hook sees each cell's source), can write anything there, the hidden tests
    encoded included. So feedback shows only a message made of the cell's own text: a string the
    trainee wrote in it (``raise ValueError("...")``), Python's "name 'x' is not defined" for a
    name in it, or, for a cell Python cannot read, the message the grader itself gets reading
    the cell's source."""
    text = str(evalue or "").strip()
    literals, unreadable = _read(source)
    if ename in ("SyntaxError", "IndentationError", "TabError"):
        return unreadable
    if not text or text in literals:
        return text
    match = _NAME_ERROR.fullmatch(text)
    words = set(re.findall(r"\w+", source))
    if ename == "NameError" and match and match[1] in words:
        return text if match[2] is None or match[2] in words else match[0].split(".")[0]
    return ""


def hidden_lines(source: str, begin: str, end: str) -> set[str]:
    """The lines of a source's hidden regions worth hiding anywhere they might be repeated."""
    return {
        line.strip()
        for line, hidden in _regions(source, begin, end)
        if hidden and len(line.strip()) >= 8
    }


class HideHiddenTests(NbGraderPreprocessor):
    """Feedback without hidden tests: nothing of them in any source or output.

    * Every hidden region is removed from every cell, by nbgrader's rule for the delimiters
      (``ClearHiddenTests.begin_test_delimeter`` and ``end_test_delimeter``, configurable).
    * A test cell shows only a pass or fail line (with the assertion message when that message
      is part of the visible test): a hidden test may print, and its traceback quotes its source.
    * A trainee's own code cell shows only whether it failed (the error's name and message, as
      far as they cannot carry what the kernel saw: :func:`error_name`, :func:`error_message`).
      Its other outputs are not shown: code run while grading can watch the test cells that
      follow it (an IPython hook sees every cell's source) and print them, even into an earlier
      cell's display. Trainees have their outputs in their own notebook. The prompt numbers
      (``In [7]``), which the kernel sets, are removed too.
    * Any line of a hidden test left in an output (an error message) is replaced, as is widget
      state saved in the notebook.
    """

    lang = Unicode("en", help="The language of the pass/fail lines.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict):
        rule = ClearHiddenTests(config=self.config)
        self._delimiters = (rule.begin_test_delimeter, rule.end_test_delimeter)
        secrets: set[str] = set(self._delimiters)
        for cell in nb.cells:
            secrets |= hidden_lines(cell.source, *self._delimiters)
        self._secrets = sorted(secrets, key=len, reverse=True)
        nb.metadata.pop("widgets", None)
        return super().preprocess(nb, resources)

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            for form in {secret, html.escape(secret), html.escape(secret, quote=False)}:
                text = text.replace(form, "[hidden]")
        return text

    def preprocess_cell(self, cell: NotebookNode, resources: dict, index: int):
        _ = ui(self.lang).gettext
        note = "# " + _("(The grader also ran hidden checks here; they are not shown.)")
        visible, _found = split_hidden(cell.source, *self._delimiters, note=note)
        cell.source = visible
        if cell.cell_type != "code":
            return cell, resources
        cell.execution_count = None
        outputs = cell.get("outputs", [])
        errors = [o for o in outputs if o.get("output_type") == "error"]
        if utils.is_grade(cell) and not utils.is_solution(cell):
            text = _("✓ Correct.")
            if errors:
                message = str(errors[0].get("evalue", "")).strip()
                text = _("✗ Not correct.")
                if message and (message in visible or message.replace('"', '\\"') in visible):
                    text += f" {message}"
                elif errors[0].get("ename") not in (None, "AssertionError"):
                    text += f" ({error_name(errors[0].get('ename'))})"
        elif errors:
            name = error_name(errors[0].get("ename"))
            message = error_message(name, errors[0].get("evalue"), visible)
            text = f"{name}: {message}" if message else name
        else:
            cell.outputs = []
            return cell, resources
        line = NotebookNode(output_type="stream", name="stdout", text=self._redact(text) + "\n")
        cell.outputs = [line]
        return cell, resources
