"""The Zero to JupyterHub configuration in deploy/: schema-valid, and its pieces fit.

The values file is checked against the chart's own values schema (tests/hub/data/README.md says
where it comes from); the nbgrader configuration it carries is compiled (and run against ngshare
in test_exchange_service.py); ngshare's manifests agree with the values.
"""

import json
from functools import cache
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


@cache
def _chart() -> tuple[jsonschema.protocols.Validator, dict]:
    """The chart's values validator (its schema checked once) and its default values."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    validator.check_schema(schema)
    return validator(schema), yaml.safe_load(DEFAULTS.read_text(encoding="utf-8"))


def check(given: dict) -> None:
    """Raise the best-matching error as ``jsonschema.validate`` does, if the values are invalid."""
    validator, defaults = _chart()
    error = jsonschema.exceptions.best_match(validator.iter_errors(merged(defaults, given)))
    if error is not None:
        raise error


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
    assert data["hub"]["services"]["ngshare"]["url"] == "http://ngshare.himoya.svc:8080"
    assert "access:services!service=ngshare" in data["hub"]["loadRoles"]["user"]["scopes"]
    assert data["cull"]["enabled"] is True
    assert data["singleuser"]["defaultUrl"] == "/tree"
    nbgrader = data["singleuser"]["extraFiles"]["nbgrader-config"]["stringData"]
    compile(nbgrader, "nbgrader_config.py", "exec")
    assert "configureExchange(c, " in nbgrader
    compile(data["hub"]["extraConfig"]["himoya-cohorts"], "extraConfig", "exec")


def test_ngshare_manifests_match_the_values():
    """The Service the hub proxies to, and the port and prefix ngshare is told to serve on."""
    documents = list(
        yaml.safe_load_all((DEPLOY / "ngshare" / "ngshare.yaml").read_text(encoding="utf-8"))
    )
    kinds = {d["kind"]: d for d in documents}
    assert set(kinds) == {"PersistentVolumeClaim", "Deployment", "Service"}
    assert kinds["Service"]["metadata"]["name"] == "ngshare"
    assert kinds["Service"]["spec"]["ports"][0]["port"] == 8080
    container = kinds["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["JUPYTERHUB_SERVICE_PREFIX"] == "/services/ngshare/"
    assert env["JUPYTERHUB_SERVICE_URL"].endswith(":8080")
    assert env["JUPYTERHUB_CLIENT_ID"] == "service-ngshare"
