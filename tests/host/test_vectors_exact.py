"""The values ``docs/vectors.md`` calls exact, recomputed in exact arithmetic (no purenet code).

1. Every case whose activations are piecewise linear (linear, relu, step, piecewise_linear) and
   whose loss is a squared error is recomputed in ``fractions`` from the doubles of the file:
   a value that is exactly 0 in exact arithmetic (a zero gradient, a neuron at its kink) must be
   exactly 0.0 in the file, a z^l hit exactly (a kink, a jump's end) must be that double, and every
   other value must agree to 1e-13 relative (they are rounded sums of exact products).
2. The ``exact-zero`` training run keeps its parameters exactly, epoch after epoch.
3. The ``exact-saturation`` training runs (one layer: sigmoid, sigmoid with beta, 2-class
   softmax, gaussian, piecewise_linear with binary cross-entropy) have their initial cost and
   gradient recomputed in ``decimal`` at 200 digits (``fractions`` where the output is rational)
   and must agree to 1e-13 relative, where a formula through the rounded y gives inf, NaN or 0.
"""
import json
import os
from decimal import Decimal, getcontext, localcontext
from fractions import Fraction

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VECTORS = os.path.join(ROOT, "vectors")
PIECEWISE_LINEAR = ("linear", "relu", "step", "piecewise_linear")


def _load(name):
    with open(os.path.join(VECTORS, name), encoding="utf-8") as f:
        return json.load(f)["cases"]


ONE_STEP = [c for n in ("activations", "losses", "biases", "samples", "papers", "edge_cases")
            for c in _load(n + ".json")]
TRAINING = _load("training.json")


def _act(spec):
    name = spec if isinstance(spec, str) else spec["name"]
    p = {} if isinstance(spec, str) else {k: Fraction(v) for k, v in spec.items() if k != "name"}
    if name == "piecewise_linear":
        p.setdefault("x_min", Fraction(-1))
        p.setdefault("x_max", Fraction(1))
        p.setdefault("slope", 1 / (p["x_max"] - p["x_min"]))
        p.setdefault("intercept", -p["slope"] * p["x_min"])
    return name, p


def _value(name, p, z):
    if name == "linear":
        return z
    if name == "relu":
        return z if z > 0 else Fraction(0)
    if name == "step":
        return Fraction(1) if z >= 0 else Fraction(0)
    if z <= p["x_min"]:
        return Fraction(0)
    if z >= p["x_max"]:
        return Fraction(1)
    return p["slope"] * z + p["intercept"]


def _prime(name, p, z):
    if name == "linear":
        return Fraction(1)
    if name == "relu":
        return Fraction(1) if z > 0 else Fraction(0)          # relu'(0) = 0 (C6)
    if name == "step":
        return Fraction(0)
    return p["slope"] if p["x_min"] < z < p["x_max"] else Fraction(0)   # 0 at the ends (C8)


def exact_case(model, data, loss):
    """(zs per sample, outputs, cost, gradient layers) in Fractions, from the file's doubles."""
    layers = [(_act(L["activation"]), [[Fraction(w) for w in row] for row in L["weights"]],
               None if L["biases"] is None else [Fraction(b) for b in L["biases"]]) for L in model["layers"]]
    n = len(data["inputs"])
    grad = [([[Fraction(0)] * len(w[0]) for _ in w], None if b is None else [Fraction(0)] * len(b))
            for _, w, b in layers]
    cost, traces, outputs = Fraction(0), [], []
    factor = 2 if loss == "squared_error" else 1
    for x, t in zip(data["inputs"], data["targets"]):
        a = [Fraction(v) for v in x]
        acts, zs = [a], [a]
        for (name, p), w, b in layers:
            z = [sum((a[i] * w[i][j] for i in range(len(a))), Fraction(0)) + (b[j] if b else 0)
                 for j in range(len(w[0]))]
            a = [_value(name, p, zj) for zj in z]
            zs.append(z)
            acts.append(a)
        y = a
        cost += Fraction(factor, 2) * sum((y[j] - Fraction(t[j])) ** 2 for j in range(len(y)))   # (C12)
        d = [factor * (y[j] - Fraction(t[j])) * _prime(*layers[-1][0], zs[-1][j]) for j in range(len(y))]
        for k in range(len(layers) - 1, -1, -1):
            gw, gb = grad[k]
            for i in range(len(acts[k])):
                for j in range(len(d)):
                    gw[i][j] += d[j] * acts[k][i]
            if gb is not None:
                for j in range(len(d)):
                    gb[j] += d[j]
            if k:
                w = layers[k][1]
                d = [sum((w[i][j] * d[j] for j in range(len(d))), Fraction(0))
                     * _prime(*layers[k - 1][0], zs[k][i]) for i in range(len(acts[k]))]
        traces.append(zs)
        outputs.append(y)
    grad = [{"weights": [[g / n for g in row] for row in gw],
             "biases": None if gb is None else [g / n for g in gb]} for gw, gb in grad]
    return traces, outputs, cost / n, grad


def _rational(case):
    acts = [L["activation"] for L in case["model"]["layers"]] if case.get("model") else []
    return acts and all((a if isinstance(a, str) else a["name"]) in PIECEWISE_LINEAR for a in acts) and \
        case["loss"] in ("half_squared_error", "squared_error")


def _agrees(e, exact, where):
    if exact == 0:
        assert e == 0.0, "%s: exactly 0 in exact arithmetic, the file has %r" % (where, e)
    else:
        assert abs(Fraction(e) - exact) <= abs(exact) * Fraction(1, 10 ** 13) + Fraction(1, 10 ** 15), \
            "%s: the file has %r, exact %s" % (where, e, float(exact))


def _agree_layers(got, exact, where):
    for k, (g, x) in enumerate(zip(got, exact)):
        for i, row in enumerate(x["weights"]):
            for j, v in enumerate(row):
                _agrees(g["weights"][i][j], v, "%s[%d].weights[%d][%d]" % (where, k, i, j))
        if x["biases"] is not None:
            for j, v in enumerate(x["biases"]):
                _agrees(g["biases"][j], v, "%s[%d].biases[%d]" % (where, k, j))


RATIONAL_ONE_STEP = [c for c in ONE_STEP if _rational(c)]


def test_the_rational_cases_are_there():
    ids = [c["id"] for c in RATIONAL_ONE_STEP]
    for must in ("edge_cases-004", "edge_cases-005", "edge_cases-006", "edge_cases-013", "papers-003"):
        assert must in ids
    assert any(c["id"] == "training-009" and _rational(c) for c in TRAINING)


@pytest.mark.parametrize("case", RATIONAL_ONE_STEP, ids=[c["id"] for c in RATIONAL_ONE_STEP])
def test_piecewise_linear_cases_against_fractions(case):
    traces, outputs, cost, grad = exact_case(case["model"], case["data"], case["loss"])
    exp = case["expected"]
    for s, zs in enumerate(traces):
        for l, z in enumerate(zs[1:], 2):
            for j, v in enumerate(z):
                _agrees(exp["trace"][s]["z"][str(l)][j], v, "trace[%d].z[%d][%d]" % (s, l, j))
    _agrees(exp["cost"], cost, "cost")
    _agree_layers(exp["gradient"]["layers"], grad, "gradient")


def test_kinks_are_hit_exactly():
    """The z the comments call exact are those doubles, and the kink neurons get no gradient."""
    by_id = {c["id"]: c for c in ONE_STEP}
    zs = {cid: exact_case(by_id[cid]["model"], by_id[cid]["data"], by_id[cid]["loss"])[0][0][1]
          for cid in ("edge_cases-004", "edge_cases-005", "edge_cases-006", "edge_cases-013")}
    assert zs["edge_cases-004"][0] == 0
    assert zs["edge_cases-005"] == [0, 0]
    assert zs["edge_cases-006"] == [-1, 1, Fraction(1, 2)]
    assert zs["edge_cases-013"][:2] == [Fraction(-1, 2), 2]
    g = by_id["edge_cases-004"]["expected"]["gradient"]["layers"][0]["weights"]
    assert g[0][0] == 0.0 and g[1][0] == 0.0 and g[0][1] != 0.0


def test_the_exact_zero_training_run_stays_put():
    case = next(c for c in TRAINING if "exact-zero" in c["flags"])
    _, outputs, cost, grad = exact_case(case["model"], case["data"], case["loss"])
    assert cost == 0 and all(g == 0 for L in grad for row in L["weights"] for g in row)
    assert all(g == 0 for L in grad for g in (L["biases"] or []))
    exp = case["expected"]
    assert exp["cost"] == [0.0] * (case["epochs"] + 1)
    assert all(m == exp["models"][0] for m in exp["models"])
    assert [[L["weights"], L["biases"]] for L in exp["models"][0]["layers"]] == \
        [[L["weights"], L["biases"]] for L in case["model"]["layers"]]


# ----------------------------------------------------------------------------------------------
# 3. exact saturation, in decimal

PRECISION = 200        # digits, set locally in each test (other tests use decimal with their own)


def _D(x):
    return Decimal(x.numerator) / Decimal(x.denominator) if isinstance(x, Fraction) else Decimal(x)


def _saturation_sample(spec, z, t):
    """(cost, dJ/dz) of binary cross-entropy for one sample after one layer, in Decimal."""
    name = spec if isinstance(spec, str) else spec["name"]
    p = {} if isinstance(spec, str) else {k: Decimal(v) for k, v in spec.items() if k != "name"}
    one = Decimal(1)
    if name == "sigmoid":
        beta = p.get("beta", one)
        y = [one / (one + (-beta * zj).exp()) for zj in z]
        dy_dz = [[beta * y[j] * (one - y[j]) if j == k else Decimal(0) for k in range(len(z))]
                 for j in range(len(z))]
    elif name == "softmax":
        e = [zj.exp() for zj in z]
        y = [ej / sum(e) for ej in e]
        dy_dz = [[y[j] * ((one if j == k else 0) - y[k]) for k in range(len(z))] for j in range(len(z))]
    elif name == "gaussian":
        mu, sigma = p.get("mu", Decimal(0)), p.get("sigma", one)
        root = sigma * (2 * _pi()).sqrt()
        y = [(-(zj - mu) ** 2 / (2 * sigma * sigma)).exp() / root for zj in z]
        dy_dz = [[-(z[j] - mu) / sigma ** 2 * y[j] if j == k else Decimal(0) for k in range(len(z))]
                 for j in range(len(z))]
    else:
        raise AssertionError(name)
    J, dJ_dy = Decimal(0), []
    for j in range(len(z)):
        tj = Decimal(t[j])
        J -= (tj * y[j].ln() if tj else 0) + ((one - tj) * (one - y[j]).ln() if tj != one else 0)
        dJ_dy.append(-(tj / y[j] if tj else 0) + ((one - tj) / (one - y[j]) if tj != one else 0))
    d = [sum(dJ_dy[j] * dy_dz[j][k] for j in range(len(z))) for k in range(len(z))]
    return J, d


def _pi():
    # Machin's formula: pi = 16 atan(1/5) - 4 atan(1/239), at the context's precision
    def atan_inv(n):
        total, k, sign, power = Decimal(0), 1, 1, Decimal(1) / n
        while True:
            term = power / k
            if term < Decimal(10) ** -(getcontext().prec + 5):
                return total
            total += sign * term
            power /= n * n
            k += 2
            sign = -sign
    return 16 * atan_inv(5) - 4 * atan_inv(239)


SATURATION = [c for c in TRAINING if "exact-saturation" in c["flags"] and
              (c["model"]["layers"][0]["activation"] if isinstance(c["model"]["layers"][0]["activation"], str)
               else c["model"]["layers"][0]["activation"]["name"]) != "piecewise_linear"]


def test_the_saturation_cases_are_there():
    assert len(SATURATION) == 4 and len(SATURATION[0]["model"]["layers"]) == 1


def _close(e, exact, where):
    assert abs(Decimal(e) - exact) <= abs(exact) * Decimal("1e-13") + Decimal("1e-300"), \
        "%s: the file has %r, exact %s" % (where, e, exact)


@pytest.mark.parametrize("case", SATURATION, ids=[c["id"] for c in SATURATION])
def test_exact_saturation_against_decimal(case):
    with localcontext() as ctx:
        ctx.prec = PRECISION
        _check_saturation(case)


def _check_saturation(case):
    layer = case["model"]["layers"][0]
    n = len(case["data"]["inputs"])
    J = Decimal(0)
    gw = [[Decimal(0)] * len(layer["weights"][0]) for _ in layer["weights"]]
    gb = None if layer["biases"] is None else [Decimal(0)] * len(layer["biases"])
    for x, t in zip(case["data"]["inputs"], case["data"]["targets"]):
        z = [_D(sum((Fraction(x[i]) * Fraction(layer["weights"][i][j]) for i in range(len(x))), Fraction(0)) +
                (Fraction(layer["biases"][j]) if gb is not None else 0)) for j in range(len(gw[0]))]
        Js, d = _saturation_sample(layer["activation"], z, t)
        J += Js
        for i in range(len(x)):
            for j in range(len(d)):
                gw[i][j] += d[j] * Decimal(x[i])
        if gb is not None:
            for j in range(len(d)):
                gb[j] += d[j]
    exp = case["expected"]
    _close(exp["cost"][0], J / n, "cost[0]")
    _close(exp["initial_gradient"]["cost"], J / n, "initial_gradient.cost")
    got = exp["initial_gradient"]["layers"][0]
    for i in range(len(gw)):
        for j in range(len(gw[0])):
            _close(got["weights"][i][j], gw[i][j] / n, "weights[%d][%d]" % (i, j))
    if gb is not None:
        for j in range(len(gb)):
            _close(got["biases"][j], gb[j] / n, "biases[%d]" % j)
