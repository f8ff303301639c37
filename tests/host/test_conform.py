"""``purenet conform`` (``purenet/tools/conform/``, ``docs/conformance.md``).

1. purenet itself behind the protocol (``conform_fakes.Fake``) passes every case, the invalid files
   included, in process and as a JSON-lines program;
2. an adapter that crashes, hangs, answers garbage, the wrong shape or the wrong seq, or reports
   an error, is reported for that case and the run goes on (its stderr kept);
3. the diagnoses name constructed signatures: a mean over outputs, relu'(0) = 1 on an acceptable
   case, the cost one epoch late, clipped and clamped costs, y - t where the targets do not sum
   to 1; and none on a right answer;
4. the NumPy reference adapter passes its matched variant (skipped without NumPy);
5. the command line: exit codes 0 / 1 / 2, --only, --json against its schema, every message the
   harness sends and the fake answers against the protocol's schemas, the committed schemas.
"""
import json
import math
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from conform_fakes import Fake  # noqa: E402

from purenet.tools.cli import main  # noqa: E402
from purenet.tools.conform import diagnose, protocol, runner, schemas, suite  # noqa: E402

VECTORS = os.path.join(ROOT, "vectors")
FAKES = os.path.join(HERE, "conform_fakes.py")
SUITE = suite.load_suite(VECTORS)


def run(faults=None, only=None, program=False, timeout=60.0):
    entries = suite.select(SUITE, only or [])
    if program:
        argv = [sys.executable, FAKES] + ["%s=%s" % (f, i) for i, f in (faults or {}).items()]
        adapter = runner.Subprocess(argv, timeout)
    else:
        adapter = runner.InProcess(Fake(faults), "fake")
    hello, records = runner.run_suite(adapter, entries)
    return hello, {r["id"]: r for r in records}


def test_purenet_itself_passes_everything_in_process():
    hello, records = run()
    assert hello["name"] == "fake-purenet"
    assert len(records) == len(SUITE) == 63 + 22 + 77
    bad = {i: r for i, r in records.items() if r["status"] != "pass"}
    assert bad == {}


@pytest.mark.slow          # starts adapter programs (and waits out a hang)
def test_purenet_itself_passes_as_a_program():
    _, records = run(only=["losses", "training-01", "invalid-00"], program=True)
    assert len(records) == 11 + 10 + 9
    assert {r["status"] for r in records.values()} == {"pass"}


@pytest.mark.slow          # starts adapter programs (and waits out a hang)
def test_faults_are_reported_per_case_and_the_run_goes_on():
    faults = {"losses-002": "crash", "losses-004": "hang", "losses-006": "garbage",
              "losses-008": "wrong_shape", "losses-009": "wrong_seq", "losses-010": "raise"}
    _, records = run(faults, only=["losses"], program=True, timeout=3.0)
    assert records["losses-002"]["status"] == "error"
    assert records["losses-002"]["error"].startswith("crashed: the adapter exited with status 3")
    assert "fake: crashing on losses-002" in records["losses-002"]["stderr"]
    assert records["losses-004"]["error"] == "hung: no answer within 3 s (killed)"
    assert 3.0 <= records["losses-004"]["seconds"] < 30
    assert records["losses-006"]["error"] == "garbage: not a JSON line: 'this is not JSON'"
    assert records["losses-008"]["status"] == "fail"
    shape = records["losses-008"]["parts"][0]
    assert shape["part"] == "outputs" and shape["status"] == "shape"
    assert shape["message"] == ": 3 entries expected, got 4"
    assert records["losses-009"]["error"].startswith("garbage: answer for seq 9 while waiting for seq 8")
    assert records["losses-010"]["error"] == \
        "the adapter: OverflowError: (34, 'Numerical result out of range')"
    # the cases between and after the faults ran, on restarted adapters, and passed
    for cid in ("losses-001", "losses-003", "losses-005", "losses-007", "losses-011"):
        assert records[cid]["status"] == "pass", records[cid]


@pytest.mark.slow          # starts adapter programs (and waits out a hang)
def test_a_hang_right_after_a_garbage_line_is_not_confused():
    """After garbage the fake still sends nothing for that case; the next answer belongs to the
    next request (the seq says so)."""
    _, records = run({"losses-001": "garbage"}, only=["losses-00"], program=True, timeout=5.0)
    assert records["losses-001"]["status"] == "error"
    assert [records["losses-00%d" % k]["status"] for k in range(2, 10)] == ["pass"] * 8


def test_cases_outside_the_capabilities_are_not_expressible():
    class Narrow(Fake):
        def hello(self):
            h = Fake.hello(self)
            h["capabilities"] = {"activations": ["tanh"], "output_activations": ["linear"],
                                 "losses": {"half_squared_error": ["linear"]}}
            return h
    hello, records = runner.run_suite(runner.InProcess(Narrow(), "narrow"), SUITE)
    by = {r["id"]: r for r in records}
    assert by["losses-001"]["status"] == "pass"                  # tanh, linear, half squared error
    assert by["losses-002"] == {"id": "losses-002", "family": "loss squared_error", "result": "valid",
                                "status": "not_expressible", "reason": "loss squared_error"}
    assert by["biases-001"]["reason"] == "hidden activation sigmoid"
    assert by["training-001"]["reason"] == "training runs"
    assert by["invalid-001"]["reason"] == "reading purenet's files (invalid_files)"
    assert sum(r["status"] == "pass" for r in records) >= 3
    assert all(r["status"] in ("pass", "not_expressible") for r in records)


# ---------------------------------------------------------------------------------------------
# 3. the diagnoses

def test_mean_over_outputs_is_named():
    _, records = run({"losses-001": "mean_outputs", "samples-001": "mean_outputs"}, only=["losses-001",
                                                                                       "samples-001"])
    r = records["losses-001"]
    assert r["status"] == "fail"
    assert r["diagnoses"] == ["cost: mean over the 3 outputs too (x1/3)",
                              "gradient: mean over the 3 outputs too (x1/3)"]
    assert records["samples-001"]["status"] == "pass"        # one output: the same numbers


def test_a_kink_convention_on_an_acceptable_case():
    _, records = run({"edge_cases-004": "relu1"}, only=["edge_cases-004"])
    r = records["edge_cases-004"]
    assert r["status"] == "acceptable" and r["convention"] == "relu'(0) = 1"
    assert "relu'(0) = 1" in r["diagnoses"]


def test_cost_recorded_before_the_step():
    _, records = run({"training-001": "cost_late"}, only=["training-001"])
    r = records["training-001"]
    assert r["status"] == "fail"
    assert r["diagnoses"] == ["cost: recorded before each epoch's step instead of after it (one epoch late)"]
    assert [p["part"] for p in r["parts"] if p["status"] != "pass"] == ["cost"]


def test_nan_where_finite_is_named():
    _, records = run({"losses-004": "nan"}, only=["losses-004"])
    assert records["losses-004"]["diagnoses"] == ["cost: inf or NaN where the exact value is finite"]


def _case(cid):
    return next(e["case"] for e in SUITE if e["id"] == cid)


def test_clipped_and_clamped_costs():
    """edge_cases-003: softmax at z = (-1000, 0, 1000), target class 1: exact J = 2000; clipped at
    1e-7 it is -log(1e-7), at 2^-52 it is 52 log 2, clamped at -100 it is 100."""
    case = _case("edge_cases-003")
    args = (case["model"], case["data"], case["loss"])
    assert diagnose.clipped(-math.log(1e-7), *args).startswith("outputs clipped into [1e-7, 1 - 1e-7]")
    assert diagnose.clipped(52 * math.log(2.0), *args).startswith("outputs clipped at machine epsilon")
    assert diagnose.clipped(100.0, *args) == "log clamped at -100 (costs cut at 100)"
    assert diagnose.clipped(2000.0, *args) is None
    assert diagnose.clipped(99.0, *args) is None
    # training-014 (gaussian, target 0.25, exact 312.73): PyTorch's BCELoss gives 0.25 * 100
    t = _case("training-014")
    assert diagnose.clipped(25.0, t["model"], t["data"], t["loss"]) == \
        "log clamped at -100 (costs cut at 100)"


def test_softmax_cross_entropy_assuming_targets_sum_to_one():
    """losses-011 (targets not summing to 1): an output-layer gradient of y - t, built here from
    the expected trace, is named; the right gradient is not."""
    case = _case("losses-011")
    exp = case["expected"]
    L = len(case["model"]["layers"]) + 1
    n = len(exp["trace"])
    w = [[0.0] * 3 for _ in range(4)]
    b = [0.0] * 3
    for s in range(n):
        y, a = exp["trace"][s]["a"][str(L)], exp["trace"][s]["a"][str(L - 1)]
        t = case["data"]["targets"][s]
        for j in range(3):
            b[j] += (y[j] - t[j]) / n
            for i in range(4):
                w[i][j] += a[i] * (y[j] - t[j]) / n
    wrong = {"gradient": {"layers": exp["gradient"]["layers"][:-1] + [{"weights": w, "biases": b}]}}
    tol = {"relative": 1e-9, "absolute": 1e-12}
    from purenet.tools.conform.judge import close_enough
    assert diagnose.sum_of_targets(wrong, case, tol, close_enough).startswith("softmax cross-entropy")
    assert diagnose.sum_of_targets({"gradient": exp["gradient"]}, case, tol, close_enough) is None


def test_ratios():
    assert diagnose.ratio(0.25, 4, 3) == "mean over the 4 outputs too (x1/4)"
    assert diagnose.ratio(0.5, 4, 3) == "mean over the 4 outputs and without the 1/2 (x2/4)"
    assert diagnose.ratio(2.0, 1, 1) == "factor 2 (the 1/2 left out)"
    assert diagnose.ratio(5.0, 1, 5) == "sum over the 5 samples where the mean belongs"
    assert diagnose.ratio(1.0, 3, 3) is None
    assert diagnose.ratio(1.7, 3, 3) == "a constant factor 1.7"
    assert diagnose.ratio(1.7, 3, 3, several=False) is None
    assert diagnose.constant_ratio([("a", 2.0, 1.0), ("b", 4.0, 2.0), ("c", 0.0, 0.0)]) == 0.5
    assert diagnose.constant_ratio([("a", 2.0, 1.0), ("b", 4.0, 2.5)]) is None
    assert diagnose.cost_before_step([3.0, 2.0, 1.0], [3.0, 3.0, 2.0])
    assert not diagnose.cost_before_step([3.0, 2.0, 1.0], [3.0, 2.0, 1.0])


# ---------------------------------------------------------------------------------------------
# 4. the NumPy reference adapter

def test_the_numpy_reference_passes_its_matched_variant():
    pytest.importorskip("numpy", reason="install numpy (the interop extra) for the NumPy adapter")
    adapter = runner.load_python_adapter(os.path.join(ROOT, "conformance", "adapters",
                                                      "numpy_reference.py") + ":matched")
    hello, records = runner.run_suite(adapter, SUITE)
    assert hello["name"] == "numpy-reference" and hello["variant"] == "matched"
    statuses = {r["id"]: r["status"] for r in records}
    assert [i for i, s in statuses.items() if s not in ("pass", "not_expressible")] == []
    assert sum(s == "pass" for s in statuses.values()) == len(SUITE) - 77      # all but the invalid files
    assert all(statuses["invalid-%03d" % k] == "not_expressible" for k in range(1, 78))


# ---------------------------------------------------------------------------------------------
# 5. the command line, the schemas

def cli(argv, capsys):
    code = main(["conform"] + argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_codes(capsys):
    fake = FAKES + ":Fake"
    code, out, _ = cli(["--adapter", fake, "--only", "losses,biases-001"], capsys)
    assert code == 0
    assert "loss cross_entropy" in out and "all                               12     0" in out
    code, out, _ = cli(["--adapter", os.path.join(HERE, "test_conform.py") + ":MeanOutputs", "--only",
                        "losses-001"], capsys)
    assert code == 1 and "diagnosis: cost: mean over the 3 outputs too (x1/3)" in out
    for argv, text in ((["--only", "losses"], "give an adapter"),
                       (["--adapter", fake, "--only", "nothing-such"], "--only nothing-such selects no case"),
                       (["--adapter", "no_such_module:x"], "cannot import no_such_module"),
                       (["--adapter", fake, "--vectors", "/nonexistent"], "cannot read the vectors folder"),
                       (["--adapter", fake, "--", sys.executable, FAKES], "one of them")):
        code, out, err = cli(argv, capsys)
        assert code == 2 and text in err and out == "", (argv, err)


class MeanOutputs(Fake):
    def __init__(self):
        Fake.__init__(self, {"losses-001": "mean_outputs"})


def test_a_program_that_cannot_start_is_bad_usage(capsys):
    code, out, err = cli(["--", "/nonexistent/adapter"], capsys)
    assert code == 2 and "cannot start /nonexistent/adapter" in err
    code, out, err = cli(["--", sys.executable, "-c", "print('hello?')"], capsys)
    assert code == 2 and "garbage: not a JSON line: 'hello?'" in err


def test_json_report_against_its_schema(capsys):
    jsonschema = pytest.importorskip("jsonschema", reason="install jsonschema (the test extra)")
    code, out, _ = cli(["--json", "--adapter", os.path.join(HERE, "test_conform.py") + ":MeanOutputs",
                        "--only", "losses-00,edge_cases-004"], capsys)
    doc = json.loads(out)
    jsonschema.validate(doc, schemas.REPORT)
    assert code == doc["exit_status"] == 1
    assert doc["totals"] == {"pass": 9, "fail": 1, "acceptable": 0, "not_expressible": 0, "error": 0}
    assert doc["families"]["loss half_squared_error"]["fail"] == 1


def test_the_messages_against_the_protocol_schemas():
    jsonschema = pytest.importorskip("jsonschema", reason="install jsonschema (the test extra)")
    fake = Fake()
    jsonschema.validate(protocol.start_message(), schemas.MESSAGES["start"])
    jsonschema.validate(protocol.stop_message(), schemas.MESSAGES["stop"])
    jsonschema.validate(fake.hello(), schemas.MESSAGES["hello"])
    for seq, e in enumerate(SUITE):
        msg = protocol.run_message(seq, e["kind"], e["case"], e["base_model"])
        assert "expected" not in msg and "error" not in msg
        if seq % 9 == 0 or e["id"] in ("training-001", "invalid-001"):      # every kind, a sample
            jsonschema.validate(msg, schemas.MESSAGES["run"])
            jsonschema.validate(protocol.encode(fake.run(msg)), schemas.MESSAGES["result"])
    jsonschema.validate({"type": "error", "seq": 1, "message": "x"}, schemas.MESSAGES["error"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"type": "result", "seq": 1, "cost": "nan"}, schemas.MESSAGES["result"])
    jsonschema.validate({"type": "result", "seq": 1, "cost": "NaN"}, schemas.MESSAGES["result"])


def test_committed_schemas_are_the_modules(tmp_path):
    written = schemas.write_schemas(str(tmp_path))
    committed = os.path.join(ROOT, "conformance", "protocol")
    assert sorted(os.listdir(committed)) == sorted(os.path.basename(p) for p in written)
    for p in written:
        with open(p, "rb") as a, open(os.path.join(committed, os.path.basename(p)), "rb") as b:
            assert a.read() == b.read(), \
                "regenerate: python -m purenet conform --schemas conformance/protocol"


def test_the_wire_encoding():
    assert protocol.encode([1.0, float("inf"), {"x": float("-inf")}, float("nan")]) == \
        [1.0, "Infinity", {"x": "-Infinity"}, "NaN"]
    assert protocol.decode_number("Infinity") == math.inf and protocol.decode_number(True) is None
    assert protocol.decode_number(3) == 3.0 and protocol.decode_number("1.0") is None
    with pytest.raises(protocol.ProtocolError, match="protocol 2, this harness speaks 1"):
        protocol.check_hello({"type": "hello", "name": "x", "version": "1", "protocol": 2})


@pytest.mark.slow          # starts adapter programs (and waits out a hang)
def test_the_verb_through_python_m(tmp_path):
    r = subprocess.run([sys.executable, "-m", "purenet", "conform", "--only", "papers-00", "--",
                        sys.executable, FAKES], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "fake-purenet 0, variant faults (protocol 1)" in r.stdout
    assert "all                                9     0" in r.stdout
