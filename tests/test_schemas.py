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
from himoya.i18n import editions
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


def test_the_files_checked_are_every_file_the_course_ships():
    """The globs above find what the package itself loads: none is missed, none is extra."""
    from himoya.exercises.load import spec_paths
    from himoya.scenarios.loader import discover
    from himoya.screening.model import instrument_ids

    assert SHIPPED["scenario"] == list(discover(ROOT))
    assert [path.stem for path in SHIPPED["instrument"]] == list(instrument_ids())
    assert SHIPPED["exercise spec"] == spec_paths(ROOT)
    assert min(len(paths) for paths in SHIPPED.values()) >= 4


def _guide_example(guide: Path, heading: str) -> dict:
    """The first ```yaml block after ``heading`` in a guide."""
    text = guide.read_text(encoding="utf-8").split(heading, 1)[1]
    return yaml.safe_load(text.split("```yaml\n", 1)[1].split("```", 1)[0])


def test_the_trainers_guide_example_cohort_yml_follows_the_schema():
    example = _guide_example(ROOT / "grading" / "README.md", "## 9. cohort.yml settings")
    assert {"completion", "lang", "certificate_date"} <= set(example)
    validator = Draft202012Validator(schema("cohort.yml"))
    assert [e.message for e in validator.iter_errors(plain(example))] == []


def test_the_editor_settings_map_each_schema_to_the_files_it_describes():
    """``.vscode/settings.json`` (the authors' guides point to it) names real schemas and globs
    that find the shipped files."""
    mapping = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    by_schema = {(ROOT / path).resolve(): glob for path, glob in mapping["yaml.schemas"].items()}
    assert set(by_schema) == {path.resolve() for path in SCHEMAS.values()}
    for name, paths in SHIPPED.items():
        found = sorted(ROOT.glob(by_schema[SCHEMAS[name].resolve()]))
        assert found == paths, name


@pytest.mark.parametrize(
    ("guide", "shipped"),
    [
        ("modules/README.md", "scenario"),
        ("exercises/specs/README.md", "exercise spec"),
    ],
)
def test_the_first_line_a_guide_gives_points_at_the_schema(guide, shipped):
    """The ``# yaml-language-server: $schema=`` line is relative to the file it is put in."""
    text = (ROOT / guide).read_text(encoding="utf-8")
    relative = text.split("# yaml-language-server: $schema=", 1)[1].split()[0]
    file = SHIPPED[shipped][0]
    assert (file.parent / relative).resolve() == SCHEMAS[shipped].resolve()


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


def test_the_cohort_schema_shows_the_defaults_the_code_uses():
    """An editor shows the schema's ``default`` on hover: it must be what a new cohort gets."""
    from himoya.grading.cohort import DEFAULT_SETTINGS

    fields = schema("cohort.yml")["properties"]
    shown = {key: fields[key]["default"] for key in DEFAULT_SETTINGS if key != "completion"}
    shown["completion"] = {
        key: field["default"] for key, field in fields["completion"]["properties"].items()
    }
    assert shown == DEFAULT_SETTINGS


def test_the_schemas_name_the_same_roles_kinds_answers_and_languages_as_the_code():
    scenario = schema("scenario")
    assert scenario["properties"]["roles"]["items"]["enum"] == list(ROLES)
    assert scenario["$defs"]["ending"]["properties"]["kind"]["enum"] == list(ENDING_KINDS)
    spec = schema("exercise spec")
    assert spec["$defs"]["question"]["properties"]["kind"]["enum"] == list(KINDS)
    # A new edition (locale/<lang>/edition.yml) is a language a cohort may choose.
    assert schema("cohort.yml")["properties"]["lang"]["enum"] == list(editions(ROOT))


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
