"""The package's shape, as the design page (shared/DESIGN.md) fixes it, read from the source.

* Dependencies point one way: ``cli -> grading, book, hub, translations -> scenarios, screening,
  datasets, exercises, justice -> the shared base`` (paths, errors, roles, templating, ui, assets,
  pdf, offline, schemas, yamlfile, nbgrader_course, the catalogs' reader i18n). A renderer
  imports the engine, never the reverse. No import cycle, counting imports inside functions and
  under ``TYPE_CHECKING`` too.
* No module over 800 lines.
* No HTML written in Python strings: the pages live in ``src/himoya/templates/``.
* Importing what a trainee's notebook imports has no side effect on matplotlib.

Every rule lists its offenders, so a failure says what to fix.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "himoya"

BASE = {
    "himoya",
    "himoya.paths",
    "himoya.errors",
    "himoya.roles",
    "himoya.templating",
    "himoya.ui",
    "himoya.assets",
    "himoya.pdf",
    "himoya.offline",
    "himoya.schemas",
    "himoya.yamlfile",
    "himoya.nbgrader_course",
    "himoya.i18n",
    "himoya.i18n.catalogs",
    "himoya.i18n.editions",
    "himoya.i18n.extract",
    "himoya.i18n.markup",
}
"""The shared base: imports nothing of the package but other base modules."""
DOMAIN = ("scenarios", "screening", "datasets", "exercises", "justice")
"""Course content and its engines: import the base, and only the domain edges below."""
DOMAIN_EDGES = {("datasets", "screening")}
"""Allowed imports between domain packages: the datasets apply the instruments' red-flag rules."""
APPS = ("grading", "book", "hub", "translations")
"""What a trainer or facilitator runs: import the domain and the base, not each other..."""
APP_EDGES = {("hub", "grading"), ("translations", "book")}
"""...except the workshop hub, which serves a cohort's workspace, and the translators' tool, which
extracts the pages' English with the book's Sphinx set-up."""
RENDERERS = {
    "scenarios": {"html", "widgets", "gamebook"},
    "screening": {"form", "printable"},
}
"""Per package, the renderer modules: they import the engine; the engine never imports them."""
MAX_LINES = 800


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


@cache
def _tree(path: Path) -> ast.Module:
    """The syntax tree of a file, parsed once (the import graph and the HTML check share it)."""
    return ast.parse(path.read_text(encoding="utf-8"))


def _imports(name: str, path: Path) -> set[str]:
    """Every ``himoya`` module that ``name`` imports, anywhere in the file."""
    tree = _tree(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("himoya")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            if not base.startswith("himoya"):
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in MODULES else base)
    return {module for module in found if module != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _group(module: str) -> str:
    """``base``, ``cli``, or the top-level package (``grading``, ``scenarios``...)."""
    if module in BASE:
        return "base"
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "base"


def _layer_problem(source: str, target: str) -> str | None:
    a, b = _group(source), _group(target)
    if a == b or (b == "base" and target in BASE):
        return None
    if a == "base":
        return "the shared base imports nothing outside the base"
    if b == "cli":
        return "nothing imports the command line"
    if a == "cli":
        return None
    if a in DOMAIN:
        if b in DOMAIN and (a, b) in DOMAIN_EDGES:
            return None
        return f"{a} (course content) must not import {b}"
    if a in APPS:
        if b in DOMAIN or (a, b) in APP_EDGES:
            return None
        return f"{a} must not import {b}"
    return f"{a} is in no layer: add it to DOMAIN or APPS in this test and to DESIGN.md"


def test_every_package_is_in_a_layer():
    groups = {_group(module) for module in MODULES} - {"base", "cli"}
    assert groups <= set(DOMAIN) | set(APPS), sorted(groups - set(DOMAIN) - set(APPS))


def test_dependencies_point_one_way():
    offenders = [
        f"{source} -> {target}: {problem}"
        for source, targets in sorted(GRAPH.items())
        for target in sorted(targets)
        if (problem := _layer_problem(source, target))
    ]
    assert offenders == []


def test_renderers_import_the_engine_never_the_reverse():
    offenders = []
    for package, renderers in RENDERERS.items():
        prefix = f"himoya.{package}."
        for source, targets in GRAPH.items():
            if not source.startswith(prefix) or source.removeprefix(prefix) in renderers:
                continue
            offenders += [
                f"{source} -> {target}"
                for target in sorted(targets)
                if target.startswith(prefix) and target.removeprefix(prefix) in renderers
            ]
    assert offenders == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    assert _cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_layer_rules_reject_an_engine_importing_the_trainer_tools():
    assert _layer_problem("himoya.scenarios.engine", "himoya.grading.report")
    assert _layer_problem("himoya.grading.feedback", "himoya.book.offline")
    assert _layer_problem("himoya.paths", "himoya.scenarios")
    assert _layer_problem("himoya.cli", "himoya.grading.report") is None


def test_no_module_is_over_800_lines():
    sizes = {
        name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()
    }
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


# --- HTML lives in templates ----------------------------------------------------------------

_TAGS = (
    "html|head|body|div|p|span|table|thead|tbody|tfoot|tr|td|th|col|colgroup|ul|ol|li|h[1-6]|"
    "section|figure|figcaption|img|picture|source|a|style|script|noscript|template|main|nav|"
    "aside|strong|em|b|i|u|s|q|mark|abbr|cite|kbd|var|samp|sup|sub|ins|del|time|code|br|wbr|hr|"
    "button|form|input|select|option|optgroup|textarea|fieldset|legend|output|progress|meter|"
    "label|svg|iframe|canvas|video|audio|details|summary|dialog|small|article|header|footer|"
    "address|dl|dt|dd|blockquote|pre|caption|meta|title|link|base"
)
_NAME = r"[a-zA-Z][a-zA-Z0-9-]*"
_MARKUP = re.compile(
    rf"</{_NAME}\s*>"  # any closing tag: </p>, </tspan>
    rf"|<{_NAME}(?:\s[^<>]*=[^<>]*)?\s*/>"  # any self-closing tag: <hr/>, <rect width='1'/>
    rf"|<{_NAME}\s[^<>]*=[^<>]*>"  # any opening tag with an attribute: <p class="x">
    rf"|<(?:{_TAGS})>",  # a bare opening tag of HTML: <td>
    re.IGNORECASE,
)
"""A closing tag, a self-closing tag, a tag with attributes, or a bare HTML opening tag.
``<script src>`` (a word in a message naming a tag) and ``locale/<lang>/`` are not markup."""

KNOWN_EXCEPTIONS: set[str] = set()
"""Files still allowed to write HTML in Python strings (none left since issue 14)."""


def _regex_literals(tree: ast.AST) -> set[int]:
    """ids of string constants given to ``re`` functions: patterns that find HTML, not HTML."""
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
        ):
            for arg in node.args[:1]:
                found |= {id(sub) for sub in ast.walk(arg) if isinstance(sub, ast.Constant)}
    return found


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            found.add(id(body[0].value))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            found.add(id(node.value))  # attribute docstrings
    return found


def html_in_strings(path: Path) -> list[int]:
    """Line numbers of string literals in ``path`` that hold HTML markup."""
    tree = _tree(path)
    skip = _regex_literals(tree) | _docstrings(tree)
    lines = set()
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in skip and _MARKUP.search(node.value):
            lines.add(node.lineno)
    return sorted(lines)


def test_no_html_is_written_in_python_strings():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).as_posix()
        lines = html_in_strings(path)
        if lines and relative not in KNOWN_EXCEPTIONS:
            offenders[relative] = lines
    assert offenders == {}, "write HTML in src/himoya/templates/ (see templates/README.md)"


def test_the_known_exceptions_still_exist():
    """When a helper moves a file's HTML into templates, its exception line goes too."""
    clean = [
        name
        for name in sorted(KNOWN_EXCEPTIONS)
        if not (PACKAGE.parent / name).is_file() or not html_in_strings(PACKAGE.parent / name)
    ]
    assert clean == [], "remove these from KNOWN_EXCEPTIONS: they have no HTML left"


def test_the_html_finder_finds_markup_and_not_regexes_or_words(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""A <b>docstring</b> is documentation."""\n'
        "import re\n"
        "PATTERN = re.compile(r'<script[^>]*>')\n"
        "KIND = '<link href>'\n"
        "PAGE = f'<p class=\"x\">{1}</p>'\n"
        "BREAK = '<br>'.join(['a', 'b'])\n"
        "WHERE = 'locale/<lang>/edition.yml'\n"
        "RULE = '<hr/>'\n"
        "PICK = '<select name=\"a\">'\n"
        "SHAPE = '<rect width=\"1\"/>'\n"
        "WORD = '<tspan>' + 'x' + '</tspan>'\n"
        "SMALL = '<sup>2'\n",
        encoding="utf-8",
    )
    assert html_in_strings(sample) == [5, 6, 8, 9, 10, 11, 12]


# --- no side effects on import --------------------------------------------------------------


def test_importing_what_a_notebook_imports_switches_no_matplotlib_backend():
    code = (
        "import sys\n"
        "import himoya.datasets, himoya.scenarios, himoya.screening, himoya.justice\n"
        "import himoya.grading.charts\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
