"""docs/vectors.md's reference comparison loop runs as printed, and is strict.

The ``python`` block of its section "Running your implementation against them" is executed on the
committed vectors with an implementation that returns the expected values (nothing may be
printed); then its ``check_case`` must reject a missing layer, a shape that NumPy would broadcast,
a number where ``null`` belongs, and a changed trace or updated model.
"""
import contextlib
import copy
import io
import json
import os
import re

import pytest

from tests.host import ROOT

DOC = os.path.join(ROOT, "docs", "vectors.md")


def loop_block():
    with open(DOC, encoding="utf-8") as f:
        text = f.read()
    start = text.index("## Running your implementation against them")
    return re.compile(r"```python\n(.*?)```", re.S).search(text, start).group(1)


def expected_by_inputs():
    table = {}
    for name in os.listdir(os.path.join(ROOT, "vectors")):
        if name.endswith(".json"):
            with open(os.path.join(ROOT, "vectors", name), encoding="ascii") as f:
                doc = json.load(f)
            if doc["format"] == "purenet.vectors":
                for case in doc["cases"]:
                    key = json.dumps([case["model"], case["data"], case["loss"], case["learning_rate"]])
                    table[key] = case["expected"]
    return table


@pytest.fixture(scope="module")
def namespace():
    table = expected_by_inputs()

    def my_implementation(model, data, loss, learning_rate):
        return copy.deepcopy(table[json.dumps([model, data, loss, learning_rate])])

    ns = {"my_implementation": my_implementation, "__name__": "vectors_doc"}
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(loop_block(), "docs/vectors.md loop", "exec"), ns)
    finally:
        os.chdir(cwd)
    assert out.getvalue() == "", out.getvalue()
    return ns


def a_case(case_id):
    group = case_id.rsplit("-", 1)[0]
    with open(os.path.join(ROOT, "vectors", group + ".json"), encoding="ascii") as f:
        doc = json.load(f)
    return doc, [c for c in doc["cases"] if c["id"] == case_id][0]


@pytest.mark.parametrize("what,case_id,mutate", [
    ("a missing gradient layer", "biases-001", lambda m: m["gradient"]["layers"].pop()),
    ("a missing updated layer", "biases-001", lambda m: m["updated_model"]["layers"].pop()),
    ("a (1, 3) row for a (3,) vector", "biases-001",
     lambda m: m["gradient"]["layers"][0].__setitem__("biases", [m["gradient"]["layers"][0]["biases"]])),
    ("zeros where null belongs", "biases-002",
     lambda m: m["gradient"]["layers"][0].__setitem__("biases", [0.0, 0.0, 0.0])),
    ("a changed z in the trace", "losses-001", lambda m: m["trace"][1]["z"]["2"].__setitem__(0, 1.5)),
    ("a missing trace layer", "losses-001", lambda m: m["trace"][0]["a"].pop("1")),
    ("a changed updated weight", "losses-001",
     lambda m: m["updated_model"]["layers"][1]["weights"][0].__setitem__(0, 7.0)),
    ("a NaN cost", "losses-001", lambda m: m.__setitem__("cost", float("nan"))),
    ("one output row missing", "samples-003", lambda m: m["outputs"].pop()),
])
def test_the_loop_catches(namespace, what, case_id, mutate):
    doc, case = a_case(case_id)
    mine = copy.deepcopy(case["expected"])
    namespace["check_case"](case, doc["tolerance"], mine)        # as expected: passes
    mutate(mine)
    with pytest.raises(AssertionError):
        namespace["check_case"](case, doc["tolerance"], mine)
