"""Dependencies: every import is declared, and constraints.txt pins every declared package.

Adding a dependency is: add it to pyproject.toml, run ``make lock``, commit both (README.md,
"Dependencies"). These tests fail when one of the steps was forgotten.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LOCKED_EXTRAS = ("test", "postgres", "hub", "exchange")


def requirements(extras=LOCKED_EXTRAS) -> list[Requirement]:
    found = [Requirement(line) for line in PROJECT["dependencies"]]
    for extra in extras:
        found += [
            Requirement(line)
            for line in PROJECT["optional-dependencies"].get(extra, [])
            if not line.startswith("himoya")
        ]
    return found


def pins() -> dict[str, str]:
    out = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            out[canonicalize_name(name)] = version.strip()
    return out


@pytest.mark.parametrize("requirement", requirements(), ids=str)
def test_every_declared_package_is_pinned_within_its_range(requirement):
    locked = pins()
    name = canonicalize_name(requirement.name)
    assert name in locked, f"{requirement.name} is not in constraints.txt: run `make lock`"
    assert requirement.specifier.contains(locked[name], prereleases=True), (
        f"constraints.txt pins {requirement.name}=={locked[name]}, outside {requirement.specifier}"
        ": run `make lock`"
    )


@cache
def _distributions() -> dict[str, list[str]]:
    """Which installed distributions provide each top-level module (read once: about a second)."""
    return packages_distributions()


def undeclared_imports(files, declared, local=frozenset()) -> dict[str, str]:
    """Top-level third-party modules imported in ``files`` that no declared package provides."""
    distributions = _distributions()
    undeclared = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top == "himoya" or top in sys.stdlib_module_names or top in local:
                    continue
                owners = {canonicalize_name(d) for d in distributions.get(top, [top])}
                if not owners & declared:
                    undeclared.setdefault(top, path.name)
    return undeclared


def test_every_third_party_import_of_the_package_is_declared():
    declared = {canonicalize_name(r.name) for r in requirements(extras=("postgres", "hub"))}
    files = sorted((ROOT / "src" / "himoya").rglob("*.py"))
    assert undeclared_imports(files, declared) == {}, "declare these in pyproject.toml"


def test_every_third_party_import_of_the_tests_and_tools_is_declared():
    """What ``make test`` runs besides the package (tests, benchmarks, tools/lock.py) gets its
    imports from the package's dependencies and the extras it installs."""
    declared = {canonicalize_name(r.name) for r in requirements()}
    files = sorted(
        path
        for folder in ("tests", "benchmarks", "tools")
        for path in (ROOT / folder).rglob("*.py")
    )
    local = frozenset(path.stem for path in files)  # helpers imported by name (pythonpath)
    assert undeclared_imports(files, declared, local) == {}, "declare these in pyproject.toml"


def test_the_import_check_finds_an_undeclared_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import yaml\nimport rapidfuzz\nfrom os import path\n", encoding="utf-8")
    found = undeclared_imports([sample], {canonicalize_name("PyYAML")})
    assert found == {"rapidfuzz": "sample.py"}


@pytest.mark.parametrize("tool", ["axe", "chp"])
def test_every_npm_package_is_locked_to_one_version_from_the_registry(tool):
    """The npm tools (axe-core, the hub's proxy) install with `npm ci` from a committed lock,
    as Python's packages from constraints.txt: the same versions next year as today."""
    import json
    import re

    folder = ROOT / "tools" / "npm" / tool
    wanted = json.loads((folder / "package.json").read_text(encoding="utf-8"))["dependencies"]
    lock = json.loads((folder / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["lockfileVersion"] >= 2
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in wanted.values()), wanted
    packages = {k: v for k, v in lock["packages"].items() if k}
    for name, version in wanted.items():
        assert packages[f"node_modules/{name}"]["version"] == version
    for path, entry in packages.items():
        # One exact version and its checksum (npm ci refuses a package that does not match).
        assert re.fullmatch(r"\d+\.\d+\.\d+", entry["version"]), path
        assert entry["integrity"].startswith("sha512-"), path
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"tools/npm/{tool}/package-lock.json .cache/{tool}/" in makefile
    assert f"npm ci --no-audit --no-fund --prefix .cache/{tool}" in makefile
