"""Read scenario files, validate them, and build the model.

Every problem is a :class:`Problem` that prints as one line, ``FILE: WHERE: what is wrong``, where
``WHERE`` is ``node NODE``, ``ending ENDING``, ``references``, ``top level`` or ``line N`` (for a
YAML syntax error). :func:`read` validates one file; :func:`check` validates several and also
finds two files that use the same scenario id; :func:`load` returns a :class:`Scenario` or raises
:class:`ScenarioError` with every problem.

Two rules apply only to scenarios shipped in the course (``shipped=True``): the ``module`` field
matches the module folder, and the scenario is big enough (at least :data:`MIN_ENDINGS` endings and
:data:`MIN_DECISIONS` decision points on its longest path). Test fixtures and drafts pass
``shipped=False``.

The model's choices are in display order, not file order (:mod:`himoya.scenarios.order`).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from himoya.errors import UserError
from himoya.paths import course_root
from himoya.scenarios.graph import MAX_STATES, explore, longest_decisions
from himoya.scenarios.model import (
    REQUIRED_DIMENSIONS,
    SCHEMA_VERSION,
    Choice,
    Ending,
    Node,
    Reference,
    Scenario,
)
from himoya.scenarios.order import in_display_order
from himoya.schemas import kind_of
from himoya.schemas import problems as schema_problems

MIN_ENDINGS = 3
"""A shipped scenario has at least this many endings."""
MIN_DECISIONS = 6
"""A shipped scenario's longest path has at least this many decision points."""

SCENARIO_GLOB = "modules/*/cases/*.yml"
"""Where shipped scenarios live, relative to the course root."""


SCHEMA = "scenario.schema.json"
"""The structure of a scenario file (beside this module): fields, types, allowed values."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file."""

    file: Path
    """The scenario file."""
    where: str
    """``node NODE``, ``ending ENDING``, ``references``, ``top level`` or ``line N``."""
    message: str
    """What is wrong, naming the field, choice or target."""
    shipped_rule: bool = False
    """True for rules that apply only to scenarios shipped in the course (size, folder)."""

    @property
    def node(self) -> str | None:
        """The node or ending id the problem is about, if any."""
        kind, _, name = self.where.partition(" ")
        return name if kind in {"node", "ending"} else None

    def __str__(self) -> str:
        return f"{_display(self.file)}: {self.where}: {self.message}"


class ScenarioError(UserError, ValueError):
    """A scenario file has problems; ``problems`` holds them, the message has one per line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class Report:
    """The result of validating one scenario file."""

    path: Path
    """The file."""
    scenario: Scenario | None
    """The scenario, when the file has no errors (shipped-only rules aside)."""
    problems: tuple[Problem, ...]
    """Everything wrong, in the order found."""
    decision_points: int
    """Decision points on the longest path to an ending (0 when not computed)."""

    @property
    def ok(self) -> bool:
        """True when there is no problem at all."""
        return not self.problems

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems that stop the scenario from loading (everything but shipped-only rules)."""
        return tuple(problem for problem in self.problems if not problem.shipped_rule)


def _display(path: Path) -> str:
    """The path relative to the current folder when it is inside it, else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


# --- YAML ----------------------------------------------------------------------------------------


def _yaml_loader() -> type[yaml.SafeLoader]:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _where_for(path: tuple[Any, ...]) -> tuple[str, str]:
    """Map a key path in the document to (where, prefix for the message)."""
    if len(path) >= 2 and path[0] in {"nodes", "endings"}:
        where = f"{'node' if path[0] == 'nodes' else 'ending'} {path[1]}"
        rest = path[2:]
        if len(rest) >= 2 and rest[0] == "choices" and isinstance(rest[1], int):
            return where, f"choice {rest[1] + 1}: "
        return where, ""
    if path and path[0] == "references":
        return "references", (f"reference {path[1]}: " if len(path) >= 2 else "")
    return "top level", ""


def _duplicate_keys(file: Path, root: yaml.Node) -> list[Problem]:
    """Find every duplicate mapping key (PyYAML would silently keep the last one)."""
    problems: list[Problem] = []
    stack: list[tuple[yaml.Node, tuple[Any, ...]]] = [(root, ())]
    seen: set[int] = set()  # YAML aliases can share a node, or even make a loop
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first_line: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if key is not None and key != "<<":
                    line = key_node.start_mark.line + 1
                    if key in first_line:
                        where, prefix = _where_for(path)
                        if path in {("nodes",), ("endings",)}:
                            kind = "node" if path == ("nodes",) else "ending"
                            where = f"{kind} {key}"
                            message = (
                                f"duplicate {kind} id (lines {first_line[key]} and {line}; "
                                "YAML keeps only the last)"
                            )
                        elif path == ("references",):
                            message = (
                                f"duplicate reference id {key!r} (lines {first_line[key]} and "
                                f"{line}; YAML keeps only the last)"
                            )
                        else:
                            message = (
                                f"{prefix}duplicate key {key!r} (lines {first_line[key]} and "
                                f"{line}; YAML keeps only the last)"
                            )
                        problems.append(Problem(file, where, message))
                    else:
                        first_line[key] = line
                stack.append((value_node, (*path, key)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*path, index)) for index, item in enumerate(node.value))
    problems.sort(key=lambda problem: problem.message)
    return problems


def _parse(file: Path) -> tuple[Any, list[Problem]]:
    """Return (data, problems); data is None when the file cannot be read as YAML."""
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [Problem(file, "top level", "no such file")]
    except UnicodeDecodeError as error:
        return None, [Problem(file, "top level", f"cannot be read as UTF-8 text ({error})")]
    except OSError as error:
        return None, [Problem(file, "top level", f"cannot be read ({error.strerror or error})")]
    loader = _yaml_loader()(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}" if mark else "top level"
        what = " ".join(part for part in (error.context, error.problem) if part)
        return None, [Problem(file, where, f"YAML syntax error: {what or error}")]
    except yaml.YAMLError as error:
        return None, [Problem(file, "top level", f"YAML error: {error}")]
    finally:
        loader.dispose()
    if root is None:
        return None, [Problem(file, "top level", "the file is empty")]
    if data is None:  # a document that is only `~` or `null`
        return None, [Problem(file, "top level", "the file must be a mapping of fields, not null")]
    return data, _duplicate_keys(file, root)


# --- validation ----------------------------------------------------------------------------------


class _Checker:
    """Collects problems for one file while building the model."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.structural = False  # an error that makes graph checks meaningless

    def error(self, where: str, message: str, *, structural: bool = False) -> None:
        self.problems.append(Problem(self.file, where, message))
        self.structural = self.structural or structural


def _field(rest: tuple[Any, ...]) -> str:
    """``'feedback' `` or ``'roles' item 2 `` for the part of a path inside a node or choice."""
    if not rest:
        return ""
    words = [f"{rest[0]!r}"]
    words += [f"item {part + 1}" if isinstance(part, int) else repr(part) for part in rest[1:]]
    return " ".join(words) + ": "


def _schema_problems(file: Path, data: dict) -> list[Problem]:
    """The structure, checked with ``scenario.schema.json``: one problem per place."""
    found = []
    for problem in schema_problems(data, "himoya.scenarios", SCHEMA):
        path = problem.path
        where, prefix = _where_for(path)
        if path and path[0] in {"nodes", "endings"}:
            rest = path[2:]
            if len(rest) >= 2 and rest[0] == "choices" and isinstance(rest[1], int):
                rest = rest[2:]
        elif path and path[0] == "references":
            rest = path[2:]
        else:
            rest = path
        found.append(Problem(file, where, f"{prefix}{_field(rest)}{problem.message}"))
    return found


def _validate(file: Path, data: Any, *, shipped: bool) -> tuple[Scenario | None, list[Problem]]:
    check = _Checker(file)
    top = "top level"
    if not isinstance(data, dict):
        check.error(top, f"the file must be a mapping of fields, not {kind_of(data)}")
        return None, check.problems
    version = data.get("schema_version")
    if version != SCHEMA_VERSION or isinstance(version, bool):
        shown = "missing" if version is None else repr(version)
        check.error(
            top,
            f"schema_version is {shown}; this version of himoya reads schema_version "
            f"{SCHEMA_VERSION}",
        )
        return None, check.problems
    structure = _schema_problems(file, data)
    if structure:
        return None, structure

    # What a schema cannot say: names that must match the file, references, targets and flags.
    scenario_id = data["id"]
    if scenario_id != file.stem:
        check.error(
            top, f"id {scenario_id!r} does not match the file name {file.name!r} (without .yml)"
        )
    module = data["module"].strip()
    if shipped:
        folder = file.resolve().parent
        if folder.name != "cases" or module != folder.parent.name:
            check.problems.append(
                Problem(
                    file,
                    top,
                    f"module {module!r} does not match the folder {folder.parent.name!r} "
                    "(a shipped scenario lives in modules/<module>/cases/)",
                    shipped_rule=True,
                )
            )
    dimensions = tuple(dict.fromkeys((*data.get("dimensions", ()), *REQUIRED_DIMENSIONS)))
    references = [
        Reference(
            id=str(key),
            citation=value["citation"].strip(),
            note=(value.get("note") or "").strip(),
            url=(value.get("url") or "").strip(),
        )
        for key, value in data["references"].items()
    ]
    ref_ids = {ref.id for ref in references}
    node_ids = {str(key) for key in data["nodes"]}
    ending_ids = {str(key) for key in data["endings"]}
    targets = sorted(node_ids | ending_ids)
    for shared in sorted(node_ids & ending_ids):
        check.error(
            f"node {shared}",
            f"id {shared!r} is used for both a node and an ending",
            structural=True,
        )
    nodes = [
        _node(check, str(key), raw, targets=targets, ref_ids=ref_ids, dimensions=dimensions)
        for key, raw in data["nodes"].items()
    ]
    endings = [
        Ending(
            id=str(key),
            kind=raw["kind"],
            title=raw["title"].strip(),
            text=raw["text"].strip(),
            standards=raw["standards"].strip(),
            refs=_ref_list(check, f"ending {key}", raw["refs"], "", ref_ids),
            debrief=tuple(question.strip() for question in raw["debrief"]),
        )
        for key, raw in data["endings"].items()
    ]
    flags_set = {flag for node in nodes for choice in node.choices for flag in choice.sets}
    for node in nodes:
        for number, choice in enumerate(node.choices, start=1):
            for field, flags in (
                ("requires", choice.requires),
                ("requires_not", choice.requires_not),
            ):
                for flag in sorted(flags - flags_set):
                    check.error(
                        f"node {node.id}",
                        f"choice {number}: {field} flag {flag!r}, which no choice sets",
                        structural=True,
                    )
    start = data["start"]
    if start not in node_ids:
        if start in ending_ids:
            check.error(top, f"start {start!r} is an ending; it must be a node", structural=True)
        else:
            check.error(
                top, f"start {start!r} is not a node{_suggest(start, node_ids)}", structural=True
            )
    if check.structural:
        return None, check.problems
    scenario = Scenario(
        id=scenario_id,
        title=data["title"].strip(),
        roles=tuple(data["roles"]),
        module=module,
        summary=data["summary"].strip(),
        learning_objectives=tuple(item.strip() for item in data["learning_objectives"]),
        fictional_notice=data["fictional_notice"].strip(),
        content_note=(data.get("content_note") or "").strip(),
        dimensions=dimensions,
        start=start,
        references=tuple(references),
        nodes=tuple(nodes),
        endings=tuple(endings),
        path=file,
    )
    _check_graph(check, scenario)
    if any(not p.shipped_rule for p in check.problems):
        return None, check.problems
    # Every renderer shows the choices in this one order (himoya.scenarios.order).
    return in_display_order(scenario), check.problems


def _suggest(name: str, candidates: Iterable[str]) -> str:
    hint = difflib.get_close_matches(name, sorted(candidates), n=1)
    return f" (did you mean {hint[0]!r}?)" if hint else ""


def _ref_list(
    check: _Checker, where: str, refs: list, what: str, ref_ids: set[str]
) -> tuple[str, ...]:
    for ref in refs:
        if ref not in ref_ids:
            check.error(
                where,
                f"{what}reference {ref!r} is not in the references table{_suggest(ref, ref_ids)}",
            )
    return tuple(refs)


def _node(
    check: _Checker,
    node_id: str,
    raw: dict,
    *,
    targets: list[str],
    ref_ids: set[str],
    dimensions: tuple[str, ...],
) -> Node:
    where = f"node {node_id}"
    choices = []
    for number, item in enumerate(raw["choices"], start=1):
        what = f"choice {number}: "
        goto = str(item["goto"])
        if goto not in targets:
            check.error(
                where,
                f"{what}goto {goto!r} is not a node or an ending{_suggest(goto, targets)}",
                structural=True,
            )
        effects = []
        for dim, value in (item.get("effects") or {}).items():
            if dim not in dimensions:
                check.error(
                    where,
                    f"{what}unknown dimension {dim!r} in effects (dimensions: "
                    f"{', '.join(dimensions)}){_suggest(dim, dimensions)}",
                )
            else:
                effects.append((dim, value))
        requires = frozenset(item.get("requires") or ())
        requires_not = frozenset(item.get("requires_not") or ())
        both = sorted(requires & requires_not)
        if both:
            check.error(
                where,
                f"{what}flag {both[0]!r} is in both requires and requires_not, so the "
                "choice is never offered",
            )
        choices.append(
            Choice(
                label=item["label"].strip(),
                goto=goto,
                feedback=item["feedback"].strip(),
                refs=_ref_list(check, where, item["refs"], what, ref_ids),
                effects=tuple(effects),
                sets=frozenset(item.get("sets") or ()),
                requires=requires,
                requires_not=requires_not,
            )
        )
    if all(choice.conditional for choice in choices):
        check.error(
            where,
            "every choice is conditional (requires/requires_not); add one that is always "
            "offered so no path gets stuck",
            structural=True,
        )
    return Node(id=node_id, text=raw["text"].strip(), choices=tuple(choices))


def _check_graph(check: _Checker, scenario: Scenario) -> None:
    """Reachability on the explored states; only meaningful when the structure is sound."""
    exploration = explore(scenario)
    if not exploration.complete:
        check.error(
            "top level",
            f"more than {MAX_STATES} combinations of node and flags; use fewer flags",
        )
        return
    reached = exploration.reached
    # Plain graph reachability, ignoring flags, to tell "no way in" from "flags never allow it".
    linked = {scenario.start}
    frontier = [scenario.start]
    while frontier:
        node_id = frontier.pop()
        if scenario.is_ending(node_id) or node_id not in {n.id for n in scenario.nodes}:
            continue
        for choice in scenario.node(node_id).choices:
            if choice.goto not in linked:
                linked.add(choice.goto)
                frontier.append(choice.goto)
    for item_kind, items in (("node", scenario.nodes), ("ending", scenario.endings)):
        for item in items:
            if item.id in reached:
                continue
            if item.id not in linked:
                message = f"not reachable from start {scenario.start!r} (no choice leads here)"
            else:
                message = (
                    "never reached: every choice that leads here needs flags that are not set "
                    "on any path from the start"
                )
            check.error(f"{item_kind} {item.id}", message)
    dead_nodes: dict[str, list[frozenset[str]]] = {}
    for node_id, flags in exploration.dead:
        dead_nodes.setdefault(node_id, []).append(flags)
    for node in scenario.nodes:
        if node.id not in dead_nodes:
            continue
        flag_sets = dead_nodes[node.id]
        if any(not flags for flags in flag_sets) or len(flag_sets) > 1:
            detail = ""
        else:
            detail = f" when the flags {', '.join(sorted(flag_sets[0]))} are set"
        check.error(f"node {node.id}", f"no ending can be reached from here{detail}")


def _shipped_size(file: Path, scenario: Scenario, decisions: int) -> list[Problem]:
    problems = []
    if len(scenario.endings) < MIN_ENDINGS:
        problems.append(
            Problem(
                file,
                "top level",
                f"has {len(scenario.endings)} endings; a shipped scenario needs at least "
                f"{MIN_ENDINGS}",
                shipped_rule=True,
            )
        )
    if decisions < MIN_DECISIONS:
        problems.append(
            Problem(
                file,
                "top level",
                f"the longest path has {decisions} decision points; a shipped scenario needs "
                f"at least {MIN_DECISIONS} (a decision point is a node offering 2 or more choices)",
                shipped_rule=True,
            )
        )
    return problems


# --- public API ----------------------------------------------------------------------------------


def read(path: Path | str, *, shipped: bool = False) -> Report:
    """Validate one scenario file and build its model when it has no errors.

    With ``shipped``, also apply the rules for scenarios shipped in the course: the ``module``
    field matches the folder, at least :data:`MIN_ENDINGS` endings and :data:`MIN_DECISIONS`
    decision points on the longest path.
    """
    file = Path(path)
    data, problems = _parse(file)
    if data is None:
        return Report(path=file, scenario=None, problems=tuple(problems), decision_points=0)
    scenario, more = _validate(file, data, shipped=shipped)
    problems.extend(more)
    decisions = 0
    if scenario is not None:
        decisions = longest_decisions(scenario)
        if shipped:
            problems.extend(_shipped_size(file, scenario, decisions))
        if problems and any(not p.shipped_rule for p in problems):
            scenario = None
    return Report(path=file, scenario=scenario, problems=tuple(problems), decision_points=decisions)


def discover(root: Path | None = None) -> tuple[Path, ...]:
    """Every shipped scenario file (``modules/*/cases/*.yml`` under the course root), sorted."""
    root = Path(root) if root else course_root()
    return tuple(sorted(root.glob(SCENARIO_GLOB)))


def _expand(paths: Iterable[Path | str]) -> list[Path]:
    files: list[Path] = []
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found = sorted([*path.rglob("*.yml"), *path.rglob("*.yaml")])
            files.extend(item for item in found if not item.name.startswith("_"))
        else:
            files.append(path)
    return files


def check(
    paths: Iterable[Path | str] | None = None,
    *,
    shipped: bool = True,
    root: Path | None = None,
) -> tuple[Report, ...]:
    """Validate scenario files and compare their ids.

    A folder stands for every ``*.yml`` file under it, except book files such as ``_toc.yml``.

    With no ``paths``, every shipped scenario under the course root is checked. Two files that
    use the same scenario id are both reported.
    """
    files = _expand(paths) if paths is not None else list(discover(root))
    reports = [read(file, shipped=shipped) for file in files]
    ids: dict[str, list[int]] = {}
    for index, file in enumerate(files):
        scenario_id = _raw_id(file)
        if scenario_id:
            ids.setdefault(scenario_id, []).append(index)
    for scenario_id, indexes in ids.items():
        if len(indexes) < 2:
            continue
        for index in indexes:
            others = ", ".join(_display(files[other]) for other in indexes if other != index)
            report = reports[index]
            reports[index] = Report(
                path=report.path,
                scenario=None,
                problems=(
                    *report.problems,
                    Problem(
                        report.path,
                        "top level",
                        f"scenario id {scenario_id!r} is also used by {others}",
                    ),
                ),
                decision_points=report.decision_points,
            )
    return tuple(reports)


def _raw_id(file: Path) -> str | None:
    data, _ = _parse(file)
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        return data["id"]
    return None


def find(scenario_id: str, *, root: Path | None = None) -> Path:
    """The file of the shipped scenario ``scenario_id`` (``FileNotFoundError`` naming it)."""
    root = Path(root) if root else course_root()
    matches = sorted(root.glob(f"modules/*/cases/{scenario_id}.yml"))
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise ScenarioError(
            Problem(path, "top level", f"scenario id {scenario_id!r} is used by several files")
            for path in matches
        )
    known = ", ".join(path.stem for path in discover(root)) or "none yet"
    raise FileNotFoundError(
        f"no scenario {scenario_id!r} in {root / 'modules'}/*/cases/ (known: {known})"
    )


def _is_path(path_or_id: Path | str) -> bool:
    if isinstance(path_or_id, Path):
        return True
    return "/" in path_or_id or os.sep in path_or_id or path_or_id.endswith((".yml", ".yaml"))


def load(path_or_id: Path | str, *, root: Path | None = None, lang: str | None = None) -> Scenario:
    """Load a scenario from a file path, or by id from ``modules/*/cases/<id>.yml``.

    Raises :class:`ScenarioError` (one line per problem, each naming file, node and problem) when
    the file has errors, and ``FileNotFoundError`` when there is no such scenario. The rules for
    shipped scenarios only (size, module folder) are left to ``himoya scenarios check``.

    ``lang`` (default: :func:`himoya.i18n.current_language`, English outside a translated build)
    gives the text in that language from ``locale/<lang>/LC_MESSAGES/scenarios/<id>.po`` when the
    catalog translates the whole case, else from the next language of the edition's chain.
    """
    from himoya.scenarios.translate import localize, text_for

    file = Path(path_or_id) if _is_path(path_or_id) else find(str(path_or_id), root=root)
    if not file.is_file():
        raise FileNotFoundError(f"{file}: no such scenario file")
    report = read(file, shipped=False)
    if report.scenario is None:
        raise ScenarioError(report.errors)
    root = Path(root) if root else course_root()
    return localize(report.scenario, text_for(report.scenario, lang, root=root), root=root)
