"""The Zero to JupyterHub configuration in deploy/: schema-valid, and its pieces work.

The values file is checked against the chart's own values schema (tests/hub/data/README.md says
where it comes from); the nbgrader and nbexchange configuration it carries is compiled; the rule
that gives a JupyterHub user their cohort and role in nbexchange is tested on its own.
"""

import ast
import importlib.util
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DATA = Path(__file__).parent / "data"
SCHEMA = DATA / "z2jh-values.schema.json"
DEFAULTS = DATA / "z2jh-default-values.yaml"


def values() -> dict:
    return yaml.safe_load((DEPLOY / "values.yaml").read_text(encoding="utf-8"))


def merged(defaults: dict, given: dict) -> dict:
    """Helm's merge of user values over the chart's defaults: maps merge, the rest replaces."""
    out = dict(defaults)
    for key, value in given.items():
        if isinstance(value, dict) and isinstance(defaults.get(key), dict):
            out[key] = merged(defaults[key], value)
        else:
            out[key] = value
    return out


def check(given: dict) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    defaults = yaml.safe_load(DEFAULTS.read_text(encoding="utf-8"))
    jsonschema.validate(merged(defaults, given), schema)


def test_values_file_is_valid_for_the_z2jh_chart():
    check(values())


def test_the_schema_catches_a_mistake_in_the_values():
    broken = values()
    broken["singleuser"]["memroy"] = broken["singleuser"].pop("memory")
    with pytest.raises(jsonschema.ValidationError, match="memroy"):
        check(broken)
    wrong_type = values()
    wrong_type["cull"]["timeout"] = "an hour"
    with pytest.raises(jsonschema.ValidationError, match="an hour"):
        check(wrong_type)


def test_values_keep_gradebooks_exchange_and_culler_as_the_guide_says():
    data = values()
    assert data["hub"]["db"]["type"] == "postgres"
    assert data["hub"]["services"]["nbexchange"]["url"].startswith("http://nbexchange.")
    assert data["cull"]["enabled"] is True
    assert data["singleuser"]["defaultUrl"] == "/tree"
    nbgrader = data["singleuser"]["extraFiles"]["nbgrader-config"]["stringData"]
    compile(nbgrader, "nbgrader_config.py", "exec")
    assert "nbexchange.plugin.ExchangeSubmit" in nbgrader
    compile(data["hub"]["extraConfig"]["himoya-cohorts"], "extraConfig", "exec")


def test_nbexchange_config_compiles():
    ast.parse((DEPLOY / "nbexchange" / "nbexchange_config.py").read_text(encoding="utf-8"))
    yaml.safe_load((DEPLOY / "nbexchange" / "values.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def course_role():
    path = DEPLOY / "nbexchange" / "himoya_exchange_roles.py"
    spec = importlib.util.spec_from_file_location("himoya_exchange_roles", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.course_role


def test_cohort_and_role_come_from_jupyterhub_groups(course_role):
    trainee = ["nbgrader-bokhtar-2027-03"]
    trainer = ["formgrade-bokhtar-2027-03", "formgrade-khujand-2027-04", "trainers"]
    assert course_role(trainee) == ("bokhtar-2027-03", "Student")
    assert course_role(trainee, "bokhtar-2027-03") == ("bokhtar-2027-03", "Student")
    assert course_role(trainee, "khujand-2027-04") is None  # not their cohort
    assert course_role(trainer, "khujand-2027-04") == ("khujand-2027-04", "Instructor")
    assert course_role(trainer) is None  # two cohorts: the request must say which
    assert course_role(["nbgrader-x", "formgrade-x"]) == ("x", "Instructor")
    assert course_role(["nbgrader-", "staff"]) is None
