"""The published JSON Schemas: valid, documented, and every shipped file follows its schema.

The shipped files are checked with ``jsonschema`` directly, reading the ``*.schema.json`` files
from the repository, not through the package's loaders, so the schemas an author's editor uses are
the ones that are tested.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from himoya.exercises.spec import KINDS
from himoya.roles import ROLES
from himoya.scenarios.model import ENDING_KINDS
from himoya.schemas import describe, problems

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "himoya"
SCHEMAS = {
    "scenario": SRC / "scenarios" / "scenario.schema.json",
    "instrument": SRC / "screening" / "instrument.schema.json",
    "exercise spec": SRC / "exercises" / "spec.schema.json",
    "cohort.yml": SRC / "grading" / "cohort.schema.json",
}
SHIPPED = {
    "scenario": sorted(ROOT.glob("modules/*/cases/*.yml")),
    "instrument": sorted((SRC / "screening" / "instruments").glob("*.yml")),
    "exercise spec": sorted((ROOT / "exercises" / "specs").glob("*.yml")),
}


def schema(name: str) -> dict:
    return json.loads(SCHEMAS[name].read_text(encoding="utf-8"))


def plain(data):
    """YAML dates as the text they were written as (JSON has no date type)."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(value) for value in data]
    return data.isoformat() if isinstance(data, dt.date) else data


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_each_schema_is_a_valid_draft_2020_12_schema(name):
    Draft202012Validator.check_schema(schema(name))


def _fields(node, path=""):
    """(path, field schema) for every named property in a schema, nested ones too."""
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            yield f"{path}.{key}", value
        for key, value in node.items():
            if key in ("properties", "$defs"):
                for name, sub in value.items():
                    yield from _fields(sub, f"{path}.{name}")
            elif isinstance(value, dict | list):
                yield from _fields(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _fields(value, f"{path}[{index}]")


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_field_has_a_description(name):
    missing = sorted({path for path, field in _fields(schema(name)) if "description" not in field})
    assert missing == []


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_there_are_shipped_files_to_check(name):
    assert SHIPPED[name]


@pytest.mark.parametrize(
    ("name", "path"),
    [(name, path) for name, paths in sorted(SHIPPED.items()) for path in paths],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_every_shipped_file_follows_its_published_schema(name, path):
    validator = Draft202012Validator(schema(name))
    data = plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_the_default_cohort_settings_follow_the_cohort_schema():
    from himoya.grading.cohort import DEFAULT_SETTINGS

    validator = Draft202012Validator(schema("cohort.yml"))
    assert list(validator.iter_errors({**DEFAULT_SETTINGS, "db_url": ""})) == []


def test_the_schemas_name_the_same_roles_kinds_and_answers_as_the_code():
    scenario = schema("scenario")
    assert scenario["properties"]["roles"]["items"]["enum"] == list(ROLES)
    assert scenario["$defs"]["ending"]["properties"]["kind"]["enum"] == list(ENDING_KINDS)
    spec = schema("exercise spec")
    assert spec["$defs"]["question"]["properties"]["kind"]["enum"] == list(KINDS)


def test_the_readme_example_scenario_follows_the_schema():
    readme = (ROOT / "modules" / "README.md").read_text(encoding="utf-8")
    example = readme.split("### A complete small example\n\n```yaml\n", 1)[1].split("```", 1)[0]
    validator = Draft202012Validator(schema("scenario"))
    assert list(validator.iter_errors(yaml.safe_load(example))) == []


# --- messages -------------------------------------------------------------------------------


def test_a_schema_problem_is_one_short_sentence_with_its_place():
    data = {"completion": {"min_percnt": 60}, "kernel_memory_mb": "lots", "lang": "fr"}
    found = {(p.path, p.message) for p in problems(data, "himoya.grading", "cohort.schema.json")}
    assert found == {
        (("completion",), "unknown field 'min_percnt' (did you mean 'min_percent'?)"),
        (("kernel_memory_mb",), "must be a whole number, not text 'lots'"),
        (("lang",), "'fr' is not allowed (use one of: en, ru, tg)"),
    }


def test_a_pattern_error_uses_the_schemas_own_words():
    data = {"certificate_date": "21.11.2026"}
    (found,) = problems(data, "himoya.grading", "cohort.schema.json")
    assert found.message == "must be a date like 2026-11-21"


def test_describe_falls_back_to_jsonschemas_message_for_rare_keywords():
    validator = Draft202012Validator({"multipleOf": 5})
    (error,) = validator.iter_errors(7)
    assert describe(error) == error.message
