"""The verifier (``purenet/tools/verifier/gradcheck.py``): reports, step and tolerance, kinks, fast
mode, another implementation's gradient, and mutation tests that break a derivative on purpose and check that
exactly the affected parameters are flagged, by name.

Portable: plain functions and asserts, no pytest (purenet's own runner runs this file on
MicroPython and Pyodide). The broken derivatives are subclasses of the core's activations put
into one layer of one network, so nothing global is patched.

Where floats are IEEE singles the verifier's step and tolerances are the single-precision ones
(STEP_FACTOR = 2^(−23/3), RTOL = 1e-2, ATOL = 1e-3), and the same tests run with tolerances on
the computed values widened by ``per_precision`` (a single carries 7 digits, a finite difference
in singles about 4): the mutations must still be flagged, by name.
"""

import json

from purenet.activations import PiecewiseLinear, Sigmoid, Tanh
from purenet.backprop import gradient
from purenet.bits import Random
from purenet.losses import SquaredError
from purenet.network import Network, parameters
from purenet.papers import NET_2_2_2_1
from purenet.tools.verifier.engines import ENGINE_NAMES
from purenet.tools.verifier.gradcheck import (
    ATOL,
    RTOL,
    STEP_FACTOR,
    compare_engines,
    direction,
    tamper,
    tolerance,
    verify,
    verify_fast,
    verify_gradients,
)
from tests.helpers import EPS, assert_close, assert_raises, per_precision


def net_2_2_2_1():
    """002's 2-2-2-1 example: x = [2, 4], y* = 8, linear, no biases, J = ½(y − y*)²."""
    ex = NET_2_2_2_1
    return Network(ex["weights"], None, "linear"), [ex["x"]], [ex["y"]]


def sigmoid_net():
    """The 2-3-2 sigmoid network with biases and three samples of docs/verifier.md's examples."""
    net = Network([[[0.15, -0.4, 0.8], [0.6, 0.25, -0.35]],
                   [[0.5, -0.9], [-0.3, 0.45], [0.7, 0.2]]],
                  [[0.1, -0.2, 0.05], [0.3, -0.1]], "sigmoid")
    X = [[0.5, -1.0], [1.5, 0.25], [-0.75, 0.8]]
    Y = [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]]
    return net, X, Y


def names(net, layers=None, kinds=("w", "b")):
    """The names of the parameters of the given layers (all by default), in the verifier's order."""
    return [p[0] for p in parameters(net) if (layers is None or p[2] in layers) and p[1] in kinds]


# ---------------------------------------------------------------------------------------------
# the report

def test_002_report_passes_with_paper_names_and_values():
    net, X, Y = net_2_2_2_1()
    r = verify(net, X, Y, "half_squared_error")
    assert r.passed and r.failures == [] and r.not_comparable == []
    assert [row["name"] for row in r.rows] == ["w^2_11", "w^2_12", "w^2_21", "w^2_22", "w^3_11",
                                              "w^3_12", "w^3_21", "w^3_22", "w^4_11", "w^4_21"]
    # 002: ∂J/∂w^4_11 = d^4 z^3_1 = (3.216 − 8)·3.02
    row = r.rows[8]
    assert (row["kind"], row["layer"], row["i"], row["j"]) == ("weight", 4, 1, 1)
    assert_close(row["analytic"], -4.784 * 3.02, per_precision(1e-14, 1e-6))
    assert_close(row["numeric"], -4.784 * 3.02, per_precision(1e-8, 1e-4))
    assert_close(r.J, 0.5 * 4.784 * 4.784, per_precision(1e-14, 1e-6))
    assert r.forward_passes == 20 and r.mode == "full" and r.engine == "backprop"
    for row in r.rows:
        assert row["status"] == "pass" and row["rel_error"] < per_precision(1e-9, 1e-3)


def test_format_and_json():
    net, X, Y = sigmoid_net()
    r = verify(net, X, Y, "half_squared_error")
    text = r.format()
    for piece in ("full mode", "half_squared_error", "3 samples", "eps^(1/3)", "rtol = %r" % RTOL,
                  "w^2_13", "b^3_2", "PASSED: all 17 comparable parameters pass"):
        assert piece in text, piece
    # data in repr: the analytic value of b^3_2 appears exactly as repr prints it
    assert repr(r.rows[-1]["analytic"]) in text
    d = json.loads(json.dumps(r.to_json()))
    assert d["passed"] is True and d["mode"] == "full" and len(d["rows"]) == 17
    assert d["rows"][0]["name"] == "w^2_11" and d["failures"] == []
    assert d["rtol"] == RTOL and d["atol"] == ATOL


def test_network_is_restored_exactly():
    net, X, Y = sigmoid_net()
    before = repr([net.w, net.b])
    verify(net, X, Y, "squared_error")
    verify_fast(net, X, Y, "squared_error", seed=3)
    assert repr([net.w, net.b]) == before


# ---------------------------------------------------------------------------------------------
# step and tolerance

def test_step_is_eps_cube_root_times_magnitude():
    # ε = 2^−52 for doubles, 2^−23 for singles (EPS, found by tests.helpers from purenet.bits; the
    # precision test in test_bits.py checks it independently)
    assert EPS == per_precision(2.0 ** -52, 2.0 ** -23)
    assert_close(STEP_FACTOR, EPS ** (1.0 / 3.0), per_precision(1e-14, 1e-6))
    net = Network([[[0.7, -3.0]]], [[0.0, 250.0]], "tanh")
    r = verify(net, [[0.3]], [[0.1, 0.2]], "half_squared_error")
    h = [row["h"] for row in r.rows]          # w^2_11 = 0.7, w^2_12 = −3, b^2_1 = 0, b^2_2 = 250
    rel = per_precision(1e-9, 1e-4)           # h as represented: (p + h) − (p − h), halved
    assert_close(h[0], STEP_FACTOR, rel)
    assert_close(h[1], 3.0 * STEP_FACTOR, rel)
    assert_close(h[2], STEP_FACTOR, rel)
    assert_close(h[3], 250.0 * STEP_FACTOR, rel)
    assert "auto" in r.step
    r = verify(net, [[0.3]], [[0.1, 0.2]], "half_squared_error", h=1e-2)
    assert "fixed" in r.step and "0.01" in r.step
    for row in r.rows:          # singles near 250 are 2^−16 apart: 0.02 is represented to 1e-3
        assert_close(row["h"], 1e-2, per_precision(1e-9, 2e-3))


def test_error_is_smallest_near_the_optimal_step():
    # Truncation error ~h², rounding error ~ε/h: a big step (1e-2) and a tiny one (1e-10) are both
    # worse than ε^(1/3) ≈ 6e-6, on every one of the sigmoid network's 17 parameters together.
    # Singles: ε^(1/3) ≈ 4.9e-3, against 0.3 and 1e-5.
    net, X, Y = sigmoid_net()

    def worst(h):
        return max(row["abs_error"] for row in verify(net, X, Y, "half_squared_error", h=h).rows)
    auto = worst(None)
    assert auto < per_precision(1e-9, 1e-4)
    assert worst(per_precision(1e-2, 0.3)) > per_precision(100, 10) * auto
    assert worst(per_precision(1e-10, 1e-5)) > per_precision(100, 10) * auto


def test_tolerance_rule_relative_and_absolute():
    # relative for ordinary gradients: 1e-5 of the larger magnitude
    assert_close(tolerance(2.0, 2.0000001, 0.5, 1e-5, 1e-8), 2.0000001e-5, 1e-12)
    # absolute (scaled by max(1, |J|)) near zero, where a relative error means nothing
    assert tolerance(1e-13, -3e-13, 0.5, 1e-5, 1e-8) == 1e-8
    assert tolerance(1e-13, -3e-13, 40.0, 1e-5, 1e-8) == 4e-7
    net, X, Y = sigmoid_net()
    r = verify(net, X, Y, "cross_entropy")
    for row in r.rows:
        assert (row["status"] == "pass") == (row["abs_error"] <= row["tolerance"])


def test_bad_arguments():
    net, X, Y = net_2_2_2_1()
    assert_raises(ValueError, verify, net, X, Y, "half_squared_error", h=0.0)
    assert_raises(ValueError, verify, net, X, Y, "half_squared_error", h=-1e-3)
    assert_raises(ValueError, verify, net, X, Y, "nope")
    assert_raises(ValueError, verify, net, [[1.0]], Y, "half_squared_error")


# ---------------------------------------------------------------------------------------------
# kinks

def test_relu_exactly_on_the_kink():
    # z^2_1 = 1·1 − 1 = 0 exactly: the perturbations of w^2_11 and b^2_1 move it off the kink to
    # either side (not comparable); w^3_11 leaves it where it is, so J is smooth along w^3_11 and
    # ∂J/∂w^3_11 = d^3_1 a^2_1 = 0 is compared as usual.
    net = Network([[[1.0]], [[0.5]]], [[-1.0], None], ["relu", "linear"])
    r = verify(net, [[1.0]], [[2.0]], "half_squared_error")
    assert [row["status"] for row in r.rows] == ["not comparable (kink at z^2_1)"] * 2 + ["pass"]
    assert r.not_comparable == ["w^2_11", "b^2_1"]
    assert r.rows[0]["kink"] == "z^2_1" and r.rows[0]["kink_sample"] == 0
    # one-sided slopes: relu'(0) = 0 in purenet, the central difference sees half the right slope
    assert r.rows[0]["analytic"] == 0.0
    assert_close(r.rows[0]["numeric"], 0.5 * (0.5 * 0.0 - 2.0) * 0.5, per_precision(1e-5, 1e-2))
    assert r.passed and "1 comparable" not in r.summary()


def test_nothing_comparable():
    # one relu neuron on its kink and a single weight: nothing can be compared, and the summary
    # says so instead of claiming a pass.
    net = Network([[[1.0]]], [[-1.0]], "relu")
    r = verify(net, [[1.0]], [[2.0]], "half_squared_error")
    assert r.not_comparable == ["w^2_11", "b^2_1"] and "NOTHING CHECKED" in r.summary()


def test_relu_crossed_by_the_step_only():
    # z^2_1 = 1e-7, inside ±h: w^2_11 and b^2_1 straddle the kink (and the difference quotient is
    # really wrong there), w^3_11 leaves z^2_1 alone and is compared as usual.
    net = Network([[[1.0]], [[0.5]]], [[-1.0 + 1e-7], None], ["relu", "linear"])
    r = verify(net, [[1.0]], [[2.0]], "half_squared_error")
    assert r.not_comparable == ["w^2_11", "b^2_1"]
    assert r.rows[2]["name"] == "w^3_11" and r.rows[2]["status"] == "pass"
    assert r.rows[0]["rel_error"] > 0.1           # what the rule protects against
    assert r.passed


def test_step_jump_is_a_kink():
    # step: s'(z) = 0, but z^2_1 ≈ 1e-7 and ±h crosses the jump at 0: J jumps from ½(0 − 0.5)² to
    # ½(2 − 0.5)², by exactly 1, so the difference quotient is 1/2h.
    net = Network([[[1.0]], [[2.0]]], [[-1.0 + 1e-7], [0.0]], ["step", "linear"])
    r = verify(net, [[1.0]], [[0.5]], "half_squared_error")
    assert r.not_comparable == ["w^2_11", "b^2_1"]
    assert [row["status"] for row in r.rows[2:]] == ["pass", "pass"]
    assert_close(r.rows[0]["numeric"] * 2.0 * r.rows[0]["h"], 1.0, per_precision(1e-12, 1e-6))
    assert r.rows[0]["analytic"] == 0.0


def test_piecewise_linear_kink_in_a_later_layer_and_sample():
    # piecewise_linear (x_min = −1, x_max = 1) in layer 3; for the second sample (index 1)
    # z^3_1 = 1·(x·1) = 1.0 sits on x_max; the first sample is far from both kinks. w^2_11 and
    # w^3_11 move z^3_1 off the kink; w^4_11 (after it) does not move it and is compared.
    net = Network([[[1.0]], [[1.0]], [[0.7]]], None, ["linear", "piecewise_linear", "linear"])
    r = verify(net, [[0.2], [1.0]], [[0.0], [0.3]], "half_squared_error")
    assert r.not_comparable == ["w^2_11", "w^3_11"] and r.rows[2]["status"] == "pass"
    assert r.rows[0]["kink"] == "z^3_1" and r.rows[0]["kink_sample"] == 1
    r = verify(net, [[0.2], [0.5]], [[0.0], [0.3]], "half_squared_error")
    assert r.not_comparable == [] and r.passed


# ---------------------------------------------------------------------------------------------
# mutation tests: a broken derivative must be flagged, exactly where it acts. The broken
# ``derivative(z, a=None)`` keeps the core's signature: backprop passes a = s(z) from its trace,
# the other engines call it with z alone, so the breakage reaches all three.

class WrongSignTanh(Tanh):
    """tanh with the sign of s'(z) flipped: s'(z) = −(1 − tanh² z)."""

    def derivative(self, z, a=None):
        return -Tanh.derivative(self, z, a)


class SigmoidWithoutBeta(Sigmoid):
    """sigmoid(β) whose derivative forgets the factor β: s'(z) = s(1 − s) instead of β s(1 − s)."""

    def derivative(self, z, a=None):
        s = self.value(z)
        return s * (1.0 - s)


def deep_net(hidden):
    """2-3-3-2 with biases, layers 2 and 3 of the given activation, linear output; two samples."""
    net = Network([[[0.3, -0.6, 0.9], [0.5, 0.2, -0.4]],
                   [[0.7, -0.2, 0.1], [-0.5, 0.8, 0.3], [0.25, 0.4, -0.9]],
                   [[0.6, -0.3], [-0.8, 0.5], [0.2, 0.9]]],
                  [[0.1, -0.1, 0.2], [0.05, 0.3, -0.2], [0.0, 0.1]],
                  [hidden, hidden, "linear"])
    return net, [[0.9, -0.4], [-0.3, 1.2]], [[0.5, -0.5], [1.0, 0.2]]


def test_mutation_wrong_sign_in_a_hidden_derivative():
    # s'(z^2) with the wrong sign corrupts d^2 and so ∂J/∂w^2 and ∂J/∂b^2, and nothing else.
    for engine in ENGINE_NAMES:
        net, X, Y = deep_net("tanh")
        net.s[2] = WrongSignTanh("tanh", {})
        r = verify(net, X, Y, "half_squared_error", engine=engine)
        assert r.failures == names(net, [2]), (engine, r.failures)
        assert not r.passed


def test_mutation_missing_factor_beta():
    # s'(z^3) without β = 2: d^3, and through it d^2, are halved: layers 2 and 3 fail, layer 4
    # (whose ∂J/∂w^4 = d^4 a^3 uses s(z^3), not s') passes.
    for engine in ENGINE_NAMES:
        net, X, Y = deep_net({"name": "sigmoid", "beta": 2.0})
        net.s[3] = SigmoidWithoutBeta("sigmoid", {"beta": 2.0})
        r = verify(net, X, Y, "squared_error", engine=engine)
        assert r.failures == names(net, [2, 3]), (engine, r.failures)
        for row in r.rows:
            if row["status"] == "FAIL":
                assert_close(row["analytic"], 0.5 * row["numeric"], per_precision(1e-5, 2e-2))


def test_mutation_swapped_index_in_w_ij():
    # An engine that returns ∂J/∂w_ji^3 in place of ∂J/∂w_ij^3 (the classic transposition bug):
    # exactly the off-diagonal weights of layer 3 fail (diagonal ones are their own transpose).
    def transposed(net, X, Y, loss):
        J, gw, gb = gradient(net, X, Y, loss)
        g = gw[3]
        gw[3] = [[g[j][i] for j in range(len(g))] for i in range(len(g[0]))]
        return J, gw, gb
    net, X, Y = deep_net("tanh")
    r = verify(net, X, Y, "half_squared_error", engine=transposed)
    assert r.failures == ["w^3_12", "w^3_13", "w^3_21", "w^3_23", "w^3_31", "w^3_32"]


def test_mutation_wrong_sign_in_the_output_layer_fails_everything():
    # s'(z^L) enters d^L, so every parameter of the network depends on it.
    net = Network([[[0.4, -0.7], [0.2, 0.6]], [[0.5], [-0.8]]], [[0.1, 0.2], [0.3]], "tanh")
    net.s[3] = WrongSignTanh("tanh", {})
    r = verify(net, [[0.5, -0.5], [1.0, 0.3]], [[0.2], [-0.4]], "half_squared_error")
    assert r.failures == names(net)


def test_mutation_piecewise_linear_slope_ignored():
    # piecewise_linear with slope 0.8 whose derivative returns 1 inside (x_min, x_max):
    # layer 2's parameters fail by the factor 1/0.8.
    class SlopeOne(PiecewiseLinear):
        def derivative(self, z, a=None):
            return 1.0 if self.x_min < z < self.x_max else 0.0
    spec = {"name": "piecewise_linear", "x_min": -3.0, "x_max": 3.0, "slope": 0.8, "intercept": 0.1}
    net, X, Y = deep_net(spec)
    net.s[2] = SlopeOne("piecewise_linear", {"x_min": -3.0, "x_max": 3.0, "slope": 0.8,
                                             "intercept": 0.1})
    r = verify(net, X, Y, "half_squared_error")
    assert r.failures == names(net, [2])


def test_mutation_missing_factor_two_in_the_loss_gradient():
    # 001 §5: ∂E/∂o_j = 2(o_j − d_j) for E = Σ (o_j − d_j)². A loss whose gradient forgets the 2
    # (its value is right, so finite differences are right) halves every gradient: all fail.
    class SquaredErrorWithoutTwo(SquaredError):
        def gradient(self, y, y_star):
            return [y[j] - y_star[j] for j in range(len(y))]
    for engine in ENGINE_NAMES:
        net, X, Y = sigmoid_net()
        r = verify(net, X, Y, SquaredErrorWithoutTwo("squared_error"), engine=engine)
        assert r.failures == names(net), (engine, r.failures)


# ---------------------------------------------------------------------------------------------
# fast mode

def test_fast_mode_passes_with_two_forward_passes():
    net, X, Y = sigmoid_net()
    r = verify_fast(net, X, Y, "half_squared_error", seed=11)
    assert r.passed and r.mode == "fast" and r.forward_passes == 2 and len(r.rows) == 1
    row = r.rows[0]
    assert row["name"] == "grad J . v (seed 11)" and row["status"] == "pass"
    # analytic = ∇J·v up to the rounding of the steps actually taken
    J, gw, gb = gradient(net, X, Y, "half_squared_error")
    vw, vb = direction(net, 11)
    dot = 0.0
    for name, kind, l, i, j in parameters(net):
        dot += gw[l][i][j] * vw[l][i][j] if kind == "w" else gb[l][j] * vb[l][j]
    assert_close(row["analytic"], dot, per_precision(1e-9, 1e-4))


def test_fast_mode_direction_is_seeded():
    net, X, Y = sigmoid_net()
    vw, vb = direction(net, 7)
    rng = Random(7)
    assert vw[2][0][0] == rng.uniform(-1.0, 1.0) and vw[2][0][1] == rng.uniform(-1.0, 1.0)
    assert direction(net, 7) == (vw, vb)
    assert direction(net, 8) != (vw, vb)


def test_fast_mode_catches_a_broken_derivative():
    for seed in (0, 1, 2):
        net, X, Y = deep_net("tanh")
        net.s[2] = WrongSignTanh("tanh", {})
        r = verify_fast(net, X, Y, "half_squared_error", seed=seed)
        assert r.failures == ["grad J . v (seed %d)" % seed]


def test_fast_mode_reports_a_kink():
    net = Network([[[1.0]], [[0.5]]], [[-1.0], None], ["relu", "linear"])
    r = verify_fast(net, [[1.0]], [[2.0]], "half_squared_error")
    assert r.rows[0]["status"] == "not comparable (kink at z^2_1)"


# ---------------------------------------------------------------------------------------------
# another implementation's gradient

def test_their_correct_gradient_passes():
    net, X, Y = sigmoid_net()
    J, gw, gb = gradient(net, X, Y, "cross_entropy")
    r = verify_gradients(net, X, Y, "cross_entropy", gw, gb, their_J=J)
    assert r.passed and r.mode == "gradients" and len(r.rows) == 17
    assert "their J" in r.format()


def test_their_sign_error_is_named():
    net, X, Y = sigmoid_net()
    J, gw, gb = gradient(net, X, Y, "cross_entropy")
    gw2, gb2 = tamper(net, gw, gb, {"b^2_1": lambda g: -g})
    r = verify_gradients(net, X, Y, "cross_entropy", gw2, gb2)
    assert r.failures == ["b^2_1"]
    row = [row for row in r.rows if row["name"] == "b^2_1"][0]
    assert row["differs_from"] == ["purenet", "finite differences"]
    assert "differs from purenet and finite differences" in r.format()


def test_their_swapped_indices_are_named():
    net, X, Y = deep_net("tanh")
    J, gw, gb = gradient(net, X, Y, "half_squared_error")
    g12, g21 = gw[3][0][1], gw[3][1][0]
    gw2, gb2 = tamper(net, gw, gb, {"w^3_12": lambda g: g21, "w^3_21": lambda g: g12})
    r = verify_gradients(net, X, Y, "half_squared_error", gw2, gb2)
    assert r.failures == ["w^3_12", "w^3_21"]


def test_their_missing_factor_two_fails_everywhere():
    # squared_error's ∂E/∂o = 2(o − d) (001 §5) computed as (o − d): every gradient is halved.
    net, X, Y = sigmoid_net()
    J, gw, gb = gradient(net, X, Y, "squared_error")
    half = {}
    for name in names(net):
        half[name] = lambda g: 0.5 * g
    gw2, gb2 = tamper(net, gw, gb, half)
    r = verify_gradients(net, X, Y, "squared_error", gw2, gb2)
    assert r.failures == names(net)


def test_their_cost_is_compared():
    net, X, Y = sigmoid_net()
    J, gw, gb = gradient(net, X, Y, "squared_error")
    r = verify_gradients(net, X, Y, "squared_error", gw, gb, their_J=0.5 * J)
    assert r.failures == ["J"] and not r.passed
    # the cost is not counted among the parameters
    assert r.summary() == "FAILED: their cost J differs from purenet's; all 17 comparable parameters agree"
    gw2, gb2 = tamper(net, gw, gb, {"w^2_11": lambda g: -g})
    r = verify_gradients(net, X, Y, "squared_error", gw2, gb2, their_J=0.5 * J)
    assert r.summary() == ("FAILED: 1 of 17 comparable parameters fail: w^2_11; their cost J differs "
                           "from purenet's")
    # the rule under the titles is as wide as the titles, whatever the notes after the results
    lines = r.format().splitlines()
    rule = [k for k in range(len(lines)) if lines[k] and set(lines[k]) == {"-"}][0]
    assert len(lines[rule]) == len(lines[rule - 1])


def test_their_layout_is_checked():
    net, X, Y = sigmoid_net()
    J, gw, gb = gradient(net, X, Y, "squared_error")
    msg = assert_raises(ValueError, verify_gradients, net, X, Y, "squared_error",
                        [None, None, gw[2], gw[3][:2]], gb)
    assert "w^3" in msg
    msg = assert_raises(ValueError, verify_gradients, net, X, Y, "squared_error", gw,
                        [None, None, None, gb[3]])
    assert "layer 2" in msg
    assert_raises(ValueError, tamper, net, gw, gb, {"w^9_11": abs})


# ---------------------------------------------------------------------------------------------
# the engines side by side

def test_compare_engines_table():
    net, X, Y = net_2_2_2_1()
    c = compare_engines(net, X, Y, "half_squared_error")
    assert len(c.rows) == 10 and c.max_engine_rel_diff < per_precision(1e-15, 1e-6)
    row = c.rows[0]                                   # 002: ∂J/∂w^2_11 = d^2_1 x_1 = −2.67904·2
    assert row["name"] == "w^2_11" and row["fd_status"] == "pass"
    for e in ENGINE_NAMES:
        assert_close(row[e], -5.35808, per_precision(1e-14, 1e-6))
    assert_close(row["numeric"], -5.35808, per_precision(1e-9, 1e-4))
    text = c.format()
    assert "recursion_001" in text and "w^4_21" in text
    assert json.loads(json.dumps(c.to_json()))["rows"][0]["name"] == "w^2_11"


def test_sigmoid_cross_entropy_saturated_output():
    # σ(40) == 1.0 exactly, yet with the target 1 the exact cost is log(1 + e^−40) and
    # ∂J/∂z = −σ(−40): purenet computes both from z (log-sigmoid, d = −β s(−z)), so the cost and
    # both gradients match the exact values (decimal, 40 digits: 4.248354255291589e-18,
    # ∂J/∂w = 2 ∂J/∂z = -8.496708510583178e-18) where (y − y*)/(y(1 − y)) would be 0/0, and the
    # central difference of that tiny cost agrees with them.
    # Singles: the same exact values, rounded, to a few single ulps; the difference to 1e-2.
    net = Network([[[20.0]]], [[0.0]], "sigmoid")
    r = verify(net, [[2.0]], [[1.0]], "cross_entropy")
    exact = per_precision(0.0, 1e-6)
    assert r.passed and abs(r.J - 4.248354255291589e-18) <= exact * 4.248354255291589e-18
    assert_close([row["analytic"] for row in r.rows], [-8.496708510583178e-18, -4.248354255291589e-18],
                 exact)
    for row in r.rows:
        assert abs(row["numeric"] - row["analytic"]) < per_precision(1e-7, 1e-2) * abs(row["analytic"])
