"""Every vector file against the JSON Schema of its kind (``vectors/schema/``, written from
``purenet/tools/vectors/schemas.py``), validated by the ``jsonschema`` package (a test dependency:
``pip install -e '.[test]'``, which ``.ci/run`` does), and what a schema cannot say: every flag of
a case is explained in its file's ``notes`` and every note is used; shapes chain; ids are unique.
"""
import copy
import json
import os

import pytest

from tests.host import ROOT

jsonschema = pytest.importorskip("jsonschema", reason="the schema test needs the jsonschema package "
                                                      "(pip install -e '.[test]')")

VECTORS = os.path.join(ROOT, "vectors")
KIND = {"purenet.vectors": "vectors", "purenet.vectors.invalid": "invalid",
        "purenet.vectors.training": "training", "purenet.vectors.updates": "updates"}


def load(path):
    with open(path, encoding="ascii") as f:
        return json.load(f)


FILES = sorted(n for n in os.listdir(VECTORS) if n.endswith(".json"))
SCHEMAS = {k: load(os.path.join(VECTORS, "schema", k + ".schema.json")) for k in set(KIND.values())}


def validator(kind):
    schema = SCHEMAS[kind]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("name", FILES)
def test_file_is_valid_against_its_schema(name):
    doc = load(os.path.join(VECTORS, name))
    errors = sorted(validator(KIND[doc["format"]]).iter_errors(doc), key=lambda e: list(e.path))
    assert not errors, "%s: %s at %s" % (name, errors[0].message, "/".join(map(str, errors[0].path)))


def test_every_kind_has_a_file():
    assert sorted({KIND[load(os.path.join(VECTORS, n))["format"]] for n in FILES}) == [
        "invalid", "training", "updates", "vectors"]


@pytest.mark.parametrize("name", FILES)
def test_flags_are_explained_and_notes_used(name):
    doc = load(os.path.join(VECTORS, name))
    used = set()
    for case in doc["cases"]:
        used.update(case["flags"])
    assert used == set(doc["notes"]), (name, used ^ set(doc["notes"]))
    ids = [c["id"] for c in doc["cases"]]
    assert len(set(ids)) == len(ids) and doc["number_of_cases"] == len(ids)


@pytest.mark.parametrize("name", [n for n in FILES if n not in ("invalid.json",)])
def test_models_chain_and_data_fit(name):
    doc = load(os.path.join(VECTORS, name))
    for case in doc["cases"]:
        model = case["model"] or case["expected"]["models"][0]
        n = len(model["layers"][0]["weights"])
        for layer in model["layers"]:
            assert len(layer["weights"]) == n, case["id"]
            n = len(layer["weights"][0])
            assert all(len(row) == n for row in layer["weights"]), case["id"]
            assert layer["biases"] is None or len(layer["biases"]) == n, case["id"]
        assert len(case["data"]["inputs"]) == len(case["data"]["targets"]) >= 1
        assert {len(x) for x in case["data"]["inputs"]} == {len(model["layers"][0]["weights"])}
        assert {len(t) for t in case["data"]["targets"]} == {n}


@pytest.mark.parametrize("kind,mutate", [
    ("vectors", lambda d: d["cases"][0].__setitem__("result", "maybe")),
    ("vectors", lambda d: d["cases"][0]["expected"].pop("trace")),
    ("vectors", lambda d: d["cases"][0]["model"]["layers"][0].__setitem__("weights", [])),
    ("vectors", lambda d: d["cases"][0]["expected"].__setitem__("cost", "0.5")),
    ("vectors", lambda d: d["cases"][0].__setitem__("flags", [])),
    ("invalid", lambda d: d["cases"][0].__setitem__("result", "valid")),
    ("training", lambda d: d["cases"][0].__setitem__("update", "momentum")),
    ("training", lambda d: d["cases"][0]["expected"].__setitem__("diverged", {"epoch": 0})),
    ("updates", lambda d: d["cases"][0].__setitem__("update", "plain")),
    ("updates", lambda d: d["cases"][0].pop("options")),
    ("updates", lambda d: d["cases"][0]["options"].__setitem__("nesterov", True)),
    ("updates", lambda d: d["cases"][0]["expected"]["states"][0].__setitem__("step", 0)),
])
def test_schemas_reject_a_wrong_file(kind, mutate):
    name = {"vectors": "activations.json", "invalid": "invalid.json", "training": "training.json",
            "updates": "updates.json"}[kind]
    doc = copy.deepcopy(load(os.path.join(VECTORS, name)))
    mutate(doc)
    assert list(validator(kind).iter_errors(doc)), "the %s schema accepted a wrong file" % kind
