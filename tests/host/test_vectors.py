"""Tests of the conformance vectors (``vectors/``, ``purenet/tools/vectors/``, ``docs/vectors.md``).

1. Regenerating the vectors gives the committed files byte for byte (so they never drift from
   the code: if the core changes a result on purpose, regenerate with
   ``python -m purenet vectors vectors`` and commit the new files with the change).
2. Every case goes back through purenet's own loader (``files.model_from_dict``) and engines
   (forward pass, backprop, the plain update) and gives exactly the stored numbers.
3. Where NumPy is installed, an independent implementation written here (batched matrices,
   NumPy's own summation order, no purenet code) recomputes the trace, cost, gradient and update
   and must agree within the tolerance that ``docs/vectors.md`` recommends. Skipped, with the
   reason, when NumPy is missing: purenet itself never needs it.
"""
import json
import math
import os
import sys

import pytest

from tests.host import ROOT
from tests.host.conftest import optional

sys.path.insert(0, ROOT)

from purenet.activations import ACTIVATIONS  # noqa: E402
from purenet.backprop import gradient  # noqa: E402
from purenet.losses import LOSSES  # noqa: E402
from purenet.network import forward  # noqa: E402
from purenet.tools import files  # noqa: E402
from purenet.tools.vectors import one_step as conformance  # noqa: E402
from purenet.training import apply_update  # noqa: E402

COMMITTED = os.path.join(ROOT, "vectors")
REGENERATE = "regenerate with `python -m purenet vectors vectors` and commit, if the change is intended"


def committed_names():
    return sorted(n for n in os.listdir(COMMITTED) if n.endswith(".json"))


def load_all():
    cases = []
    for name in committed_names():
        with open(os.path.join(COMMITTED, name), encoding="utf-8") as f:
            doc = json.load(f)
        if doc["format"] != "purenet.vectors":          # invalid.json, training.json, updates.json
            continue
        for case in doc["cases"]:
            cases.append((name, doc, case))
    return cases


CASES = load_all()
CASE_IDS = [c["id"] for _, _, c in CASES]


# ----------------------------------------------------------------------------------------------
# 1. the committed files are what the code generates

def test_regenerated_vectors_are_byte_identical(tmp_path):
    out = str(tmp_path / "v")
    written = conformance.write_vectors(out)
    fresh = sorted(os.path.basename(p) for p, _ in written)
    assert fresh == committed_names(), "the set of vector files changed; " + REGENERATE
    schemas = sorted(os.listdir(os.path.join(out, "schema")))
    assert schemas == sorted(os.listdir(os.path.join(COMMITTED, "schema"))), REGENERATE
    for name in fresh + [os.path.join("schema", n) for n in schemas]:
        with open(os.path.join(out, name), "rb") as f:
            new = f.read()
        with open(os.path.join(COMMITTED, name), "rb") as f:
            old = f.read()
        if new != old:
            new_lines, old_lines = new.decode().splitlines(), old.decode().splitlines()
            k = next((i for i in range(min(len(new_lines), len(old_lines))) if new_lines[i] != old_lines[i]),
                     min(len(new_lines), len(old_lines)))
            pytest.fail("vectors/%s drifted from the code at line %d:\n  committed: %s\n  generated: %s\n%s"
                        % (name, k + 1, old_lines[k] if k < len(old_lines) else "<end>",
                           new_lines[k] if k < len(new_lines) else "<end>", REGENERATE))


def test_generation_is_deterministic():
    a = [(n, files.dumps(d)) for n, d in conformance.all_groups()]
    b = [(n, files.dumps(d)) for n, d in conformance.all_groups()]
    assert a == b


# ----------------------------------------------------------------------------------------------
# the files' own structure: what docs/vectors.md promises a reader

def test_file_headers():
    for name in committed_names():
        with open(os.path.join(COMMITTED, name), encoding="ascii") as f:
            doc = json.load(f)
        assert doc["number_of_cases"] == len(doc["cases"]) > 0
        assert doc["generator"] == "python -m purenet vectors OUTDIR (purenet/tools/vectors/)"
        if name == "invalid.json":
            assert doc["format"] == "purenet.vectors.invalid" and doc["version"] == 1
            continue
        if name == "training.json":
            assert doc["format"] == "purenet.vectors.training" and doc["version"] == 1
            continue
        if name == "updates.json":
            assert doc["format"] == "purenet.vectors.updates" and doc["version"] == 1
            continue
        assert doc["format"] == "purenet.vectors" and doc["version"] == 1
        assert doc["group"] + ".json" == name
        assert doc["number_of_cases"] == len(doc["cases"]) > 0
        assert doc["tolerance"] == {"relative": 1e-9, "absolute": 1e-12}


def test_ids_unique_and_fields_present():
    assert len(set(CASE_IDS)) == len(CASE_IDS)
    for _, _, case in CASES:
        assert sorted(case) == ["comment", "data", "expected", "flags", "id", "learning_rate", "loss",
                                "model", "result"]
        assert case["result"] in ("valid", "acceptable") and case["flags"]
        assert sorted(case["expected"]) == ["cost", "gradient", "outputs", "trace", "updated_model"]
        assert case["loss"] in LOSSES
        assert case["comment"]


def test_coverage():
    """Every activation, every loss, with and without biases, one and several samples, the papers'
    examples and the edge cases (saturation, kinks hit exactly, a one-neuron chain, a wide layer)."""
    activations, losses, biased, unbiased, n_samples, flags = set(), set(), 0, 0, set(), set()
    with_params = set()
    for _, _, case in CASES:
        losses.add(case["loss"])
        n_samples.add(len(case["data"]["inputs"]))
        flags.update(case["flags"])
        for layer in case["model"]["layers"]:
            a = layer["activation"]
            activations.add(a if isinstance(a, str) else a["name"])
            if isinstance(a, dict):
                with_params.add(a["name"])
            if layer["biases"] is None:
                unbiased += 1
            else:
                biased += 1
    assert activations == set(ACTIVATIONS)
    assert with_params == {"sigmoid", "piecewise_linear", "gaussian"}     # every activation with parameters
    assert losses == set(LOSSES)
    assert biased and unbiased
    assert 1 in n_samples and max(n_samples) >= 5
    assert {"paper", "saturated", "kink", "shape", "piecewise-defaults", "piecewise-ends",
            "negative-parameter"} <= flags
    widths = [max(len(l["weights"][0]) for l in c["model"]["layers"]) for _, _, c in CASES]
    assert max(widths) >= 64
    comments = " ".join(c["comment"] for _, _, c in CASES)
    for phrase in ("ReLU exactly at its kink", "one-neuron chain", "wide layer", "saturated sigmoid",
                   "001 section 2", "002 single weight", "002 chain of four", "002 2-2-2-1"):
        assert phrase in comments


def test_acceptable_exactly_where_a_convention_may_differ():
    # result "acceptable" marks the cases that depend on a convention at a point of
    # non-differentiability (relu'(0), step(0), piecewise_linear' at its ends); all others are valid
    acceptable = sorted(case["id"] for _, _, case in CASES if case["result"] == "acceptable")
    assert acceptable == ["edge_cases-004", "edge_cases-005", "edge_cases-006"], acceptable


def test_training_vectors_reproduce_exactly():
    from purenet.network import init_network
    from purenet.training import TrainingDiverged, train
    with open(os.path.join(COMMITTED, "training.json"), encoding="ascii") as f:
        doc = json.load(f)
    assert len(doc["cases"]) >= 15
    for case in doc["cases"]:
        if case["init"] is not None:
            i = case["init"]
            net = init_network(i["sizes"], i["activations"], bias=i["bias"], seed=i["seed"])
        else:
            net = files.model_from_dict(case["model"])
        X, Y = files.data_from_dict(case["data"], net=net)
        exp = case["expected"]
        assert files.model_to_dict(net) == exp["models"][0], case["id"]
        J, gw, gb = gradient(net, X, Y, case["loss"])
        assert files.gradients_to_dict(J, gw, gb) == {"loss": exp["initial_gradient"]["cost"],
                                                         "layers": exp["initial_gradient"]["layers"]}
        models, history, diverged = [], {}, None
        try:
            train(net, X, Y, case["loss"], case["learning_rate"], case["epochs"],
                  batch_size=case["batch_size"], update=case["update"], shuffle_seed=case["shuffle_seed"],
                  history=history, on_epoch=lambda e, J: models.append(files.model_to_dict(net)))
        except TrainingDiverged as e:
            diverged = {"epoch": e.epoch}
        assert history["cost"] == exp["cost"] and models == exp["models"][1:], case["id"]
        assert diverged == exp["diverged"], case["id"]
        assert (diverged is None) == (len(exp["cost"]) == case["epochs"] + 1)


def test_number_of_cases_and_size():
    total = sum(os.path.getsize(os.path.join(COMMITTED, n)) for n in committed_names())
    assert len(CASES) >= 50
    assert total < 1000000, "the vectors should stay small enough to read: %d bytes" % total


def load_invalid():
    with open(os.path.join(COMMITTED, "invalid.json"), encoding="ascii") as f:
        return json.load(f)


INVALID = load_invalid()


@pytest.mark.parametrize("case", INVALID["cases"], ids=[c["id"] for c in INVALID["cases"]])
def test_invalid_files_are_rejected_with_their_message(case):
    net = files.model_from_dict(json.loads(INVALID["base_model"]))
    assert case["result"] == "invalid" and case["flags"] == ["invalid-" + case["kind"]]
    with pytest.raises(files.FileFormatError) as info:
        d = files.parse_json(case["text"])
        if case["kind"] == "model":
            files.model_from_dict(d)
        elif case["kind"] == "data":
            files.data_from_dict(d, net=net)
        else:
            assert case["kind"] == "gradients"
            files.gradients_from_dict(d, net)
    assert str(info.value).startswith(case["error"])


def test_invalid_covers_every_kind():
    kinds = [c["kind"] for c in INVALID["cases"]]
    assert kinds.count("model") >= 20 and kinds.count("data") >= 4 and kinds.count("gradients") >= 4
    assert len({c["text"] for c in INVALID["cases"]}) == len(kinds)


# ----------------------------------------------------------------------------------------------
# 2. back through purenet's loader and engines: exactly the same numbers

@pytest.mark.parametrize("name,doc,case", CASES, ids=CASE_IDS)
def test_purenet_reproduces_exactly(name, doc, case):
    net = files.model_from_dict(case["model"], where=case["id"])
    X, Y = files.data_from_dict(case["data"], where=case["id"], net=net)
    exp = case["expected"]
    for k in range(len(X)):
        t = forward(net, X[k])
        assert t.output == exp["outputs"][k]
        for l in range(1, net.L + 1):
            assert t.z[l] == exp["trace"][k]["z"][str(l)]
            assert t.a[l] == exp["trace"][k]["a"][str(l)]
    J, gw, gb = gradient(net, X, Y, case["loss"])
    assert J == exp["cost"]
    gw_file, gb_file = files.gradients_from_dict(dict(exp["gradient"], loss=J), net, where=case["id"])[1:]
    assert gw_file == gw and gb_file == gb
    apply_update(net, gw, gb, case["learning_rate"], "plain")
    assert files.model_to_dict(net) == exp["updated_model"]
    files.model_from_dict(exp["updated_model"], where=case["id"] + " updated_model")


# ----------------------------------------------------------------------------------------------
# 3. a second opinion from NumPy, sharing no code with purenet

np = optional("numpy")
needs_numpy = pytest.mark.skipif(np is None, reason="NumPy is not installed: the independent NumPy "
                                 "second opinion is optional (pip install -e '.[interop]')")


def np_activation(spec):
    """(name, s, s') for a spec, written from the definitions in docs/formats.md, not from purenet."""
    name = spec if isinstance(spec, str) else spec["name"]
    p = {} if isinstance(spec, str) else spec
    if name == "linear":
        return name, lambda z: z.copy(), lambda z: np.ones_like(z)
    if name == "sigmoid":
        beta = p.get("beta", 1.0)

        def s(z):
            with np.errstate(over="ignore"):
                return 1.0 / (1.0 + np.exp(-beta * z))
        return name, s, lambda z: beta * s(z) * (1.0 - s(z))
    if name == "tanh":
        return name, np.tanh, lambda z: 1.0 - np.tanh(z) ** 2
    if name == "relu":
        return name, lambda z: np.maximum(z, 0.0), lambda z: (z > 0.0).astype(float)
    if name == "step":
        return name, lambda z: (z >= 0.0).astype(float), lambda z: np.zeros_like(z)
    if name == "piecewise_linear":
        lo, hi = p.get("x_min", -1.0), p.get("x_max", 1.0)
        m = p.get("slope", 1.0 / (hi - lo))
        c = p.get("intercept", -m * lo)
        return (name, lambda z: np.where(z <= lo, 0.0, np.where(z >= hi, 1.0, m * z + c)),
                lambda z: np.where((z > lo) & (z < hi), m, 0.0))
    if name == "gaussian":
        mu, sigma = p.get("mu", 0.0), p.get("sigma", 1.0)
        g = lambda z: np.exp(-(z - mu) ** 2 / (2.0 * sigma ** 2)) / (sigma * math.sqrt(2.0 * math.pi))  # noqa: E731
        return name, g, lambda z: -(z - mu) / sigma ** 2 * g(z)
    if name == "softmax":
        def s(z):
            e = np.exp(z - z.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)
        return name, s, None
    raise AssertionError("unknown activation " + name)


def np_case(case):
    """Forward pass, mean cost, gradient and one plain step for all samples at once (rows)."""
    layers = case["model"]["layers"]
    W = [np.array(l["weights"], dtype=float) for l in layers]
    B = [None if l["biases"] is None else np.array(l["biases"], dtype=float) for l in layers]
    acts = [np_activation(l["activation"]) for l in layers]
    out_spec = layers[-1]["activation"]
    beta_out = out_spec.get("beta", 1.0) if isinstance(out_spec, dict) else 1.0
    X = np.array(case["data"]["inputs"], dtype=float)
    T = np.array(case["data"]["targets"], dtype=float)
    n = X.shape[0]
    Z, A = [X], [X]
    for k in range(len(W)):
        z = A[-1] @ W[k] + (B[k] if B[k] is not None else 0.0)
        Z.append(z)
        A.append(acts[k][1](z))
    Yh, ZL = A[-1], Z[-1]
    loss, out_name = case["loss"], acts[-1][0]
    with np.errstate(divide="ignore", invalid="ignore"):
        if loss == "half_squared_error":
            per = 0.5 * ((Yh - T) ** 2).sum(axis=1)
            g = Yh - T
        elif loss == "squared_error":
            per = ((Yh - T) ** 2).sum(axis=1)
            g = 2.0 * (Yh - T)
        elif loss == "cross_entropy":
            per = -(np.where(T != 0.0, T * np.log(Yh), 0.0)
                    + np.where(T != 1.0, (1.0 - T) * np.log(1.0 - Yh), 0.0)).sum(axis=1)
            g = (Yh - T) / (Yh * (1.0 - Yh))
        else:  # categorical_cross_entropy, from z by log-sum-exp when the output is softmax
            m = ZL.max(axis=1, keepdims=True)
            log_y = ZL - m - np.log(np.exp(ZL - m).sum(axis=1, keepdims=True))
            per = -np.where(T != 0.0, T * log_y, 0.0).sum(axis=1)
            g = np.where(T != 0.0, -T / Yh, 0.0)
    if loss == "cross_entropy" and out_name == "sigmoid":
        with np.errstate(over="ignore"):
            one_minus = 1.0 / (1.0 + np.exp(beta_out * ZL))              # 1 − y from z
        D = beta_out * ((1.0 - T) * Yh - T * one_minus)
    elif loss == "categorical_cross_entropy" and out_name == "softmax":
        D = Yh * T.sum(axis=1, keepdims=True) - T
    elif out_name == "softmax":
        D = Yh * (g - (g * Yh).sum(axis=1, keepdims=True))
    else:
        D = g * acts[-1][2](ZL)
    gW, gB = [None] * len(W), [None] * len(W)
    for k in range(len(W) - 1, -1, -1):
        gW[k] = A[k].T @ D / n
        gB[k] = D.sum(axis=0) / n
        if k > 0:
            D = (D @ W[k].T) * acts[k - 1][2](Z[k])
    step = case["learning_rate"]
    new_W = [W[k] - step * gW[k] for k in range(len(W))]
    new_B = [None if B[k] is None else B[k] - step * gB[k] for k in range(len(W))]
    return {"Z": Z, "A": A, "cost": per.mean(), "gW": gW,
            "gB": [None if B[k] is None else gB[k] for k in range(len(W))], "W": new_W, "B": new_B}


def compare(what, actual, expected, tol, worst):
    a = np.asarray(actual, dtype=float)
    e = np.asarray(expected, dtype=float)
    assert a.shape == e.shape, "%s: shape %s != %s" % (what, a.shape, e.shape)
    err = np.abs(a - e)
    bound = tol["absolute"] + tol["relative"] * np.abs(e)
    bad = err > bound
    assert not bad.any(), "%s: NumPy %r, purenet %r (tolerance %r)" % (
        what, a[bad].tolist()[:3], e[bad].tolist()[:3], tol)
    scale = np.maximum(np.abs(e), 1e-300)
    rel = (err / scale)[np.abs(e) > tol["absolute"]]       # below the floor, relative means nothing
    if rel.size:
        worst[0] = max(worst[0], float(rel.max()))


@needs_numpy
@pytest.mark.parametrize("name,doc,case", CASES, ids=CASE_IDS)
def test_numpy_second_opinion(name, doc, case):
    tol = doc["tolerance"]
    r = np_case(case)
    exp = case["expected"]
    worst = [0.0]
    L = len(case["model"]["layers"]) + 1
    for l in range(1, L + 1):
        for key in ("z", "a"):
            compare("%s %s^%d" % (case["id"], key, l), r[key.upper()][l - 1],
                    [t[key][str(l)] for t in exp["trace"]], tol, worst)
    compare("%s outputs" % case["id"], r["A"][-1], exp["outputs"], tol, worst)
    compare("%s cost" % case["id"], r["cost"], exp["cost"], tol, worst)
    for k, layer in enumerate(exp["gradient"]["layers"]):
        compare("%s dJ/dw^%d" % (case["id"], k + 2), r["gW"][k], layer["weights"], tol, worst)
        assert (layer["biases"] is None) == (r["gB"][k] is None)
        if layer["biases"] is not None:
            compare("%s dJ/db^%d" % (case["id"], k + 2), r["gB"][k], layer["biases"], tol, worst)
    for k, layer in enumerate(exp["updated_model"]["layers"]):
        compare("%s updated w^%d" % (case["id"], k + 2), r["W"][k], layer["weights"], tol, worst)
        if layer["biases"] is not None:
            compare("%s updated b^%d" % (case["id"], k + 2), r["B"][k], layer["biases"], tol, worst)
    # the tolerance has room to spare: NumPy's sums differ from purenet's by far less
    assert worst[0] < tol["relative"] / 10, "%s: worst relative difference %g" % (case["id"], worst[0])


@needs_numpy
def test_numpy_catches_a_wrong_vector():
    """The second opinion is not vacuous: a vector with one gradient entry nudged by 1e-6 fails."""
    name, doc, case = CASES[0]
    bad = json.loads(json.dumps(case))
    bad["expected"]["gradient"]["layers"][0]["weights"][0][0] *= 1.0 + 1e-6
    with pytest.raises(AssertionError):
        test_numpy_second_opinion(name, doc, bad)
