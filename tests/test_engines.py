"""The three gradient engines: one test body, run against each engine by a thin subclass.

``EngineTests`` holds the tests and an ``engine`` attribute (a name from
``purenet.tools.verifier.engines.ENGINE_NAMES``); ``TestBackprop``, ``TestMatrixForm`` and
``TestRecursion001`` set it (the pattern of CPython's ``test_decimal``). The base class's name does
not start with ``Test``, so neither pytest nor purenet's portable runner collects it on its own.

Reference values come from the documents' formulas, worked by hand in the comments:
``002``'s 2-2-2-1 example (d^L = y − y*, d_j^l = Σ_k w_jk^{l+1} d_k^{l+1}, ∂J/∂w_ij^l = d_j^l z_i^{l−1}),
``001`` §5's Case 2 (∂o/∂w_z = σ'(u) v_z with E = (o − d)²) and the closed forms of the output
delta for sigmoid + cross-entropy and softmax + categorical cross-entropy. Engine agreement
(1e-12 relative) and the finite-difference check run on ``grid_sample``, a deterministic sample of
the grid that covers every value of every axis; the full grid is in ``tests/host/test_grid.py``.
"""

import math

from purenet.network import Network, parameters
from purenet.papers import NET_2_2_2_1
from purenet.tools.verifier.engines import ENGINE_NAMES, get_engine
from purenet.tools.verifier.gradcheck import relative_error, verify
from tests.grid import grid_axes, grid_case, grid_sample
from tests.helpers import assert_close, assert_raises, per_precision

# Engine agreement: |a − b| <= max(AGREE_REL·max(|a|, |b|), AGREE_FLOOR·scale), scale = the
# larger of |J| and the largest |∂J/∂p| of the network. Over the whole grid the largest
# difference that needed the floor was 7.4e-17·scale (tests/host/test_grid.py). Singles: the
# engines sum in other orders, so they agree to some 10**2 roundings of 2**-24.
AGREE_REL = per_precision(1e-12, 1e-4)
AGREE_FLOOR = per_precision(1e-14, 1e-6)


def rel(x):
    """The relative tolerance x of a comparison with a value worked by hand, for doubles; 1e-5
    where floats are single (a few dozen roundings of 2**-24, and math's exp there)."""
    return per_precision(x, 1e-5)


def flatten(net, gw, gb):
    """[(name, value)] for every parameter, in the order of ``network.parameters``."""
    out = []
    for name, kind, l, i, j in parameters(net):
        out.append((name, gw[l][i][j] if kind == "w" else gb[l][j]))
    return out


def assert_agree(net, J1, g1, J2, g2, what):
    """Two engines' (J, [(name, value)]) agree to AGREE_REL, with the tiny floor for ~0 values."""
    scale = abs(J1)
    for name, v in g1:
        if abs(v) > scale:
            scale = abs(v)
    assert_close(J2, J1, AGREE_REL, AGREE_FLOOR * scale, what + ": J")
    for k in range(len(g1)):
        assert g1[k][0] == g2[k][0]
        assert_close(g2[k][1], g1[k][1], AGREE_REL, AGREE_FLOOR * scale, what + ": " + g1[k][0])


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


class EngineTests:
    """The tests, for the engine named by ``engine`` (set by the subclasses below)."""

    engine = None

    def gradient(self, net, X, Y, loss):
        return get_engine(self.engine)(net, X, Y, loss)

    def test_002_net_2_2_2_1(self):
        # 002, "multiple inputs": x = [2, 4], y* = 8, linear, no biases, J = ½(y − y*)².
        # z^2 = [1.8, 4.6], z^3 = [3.02, 2.0], y = 3.216, d^4 = y − y* = −4.784,
        # d^3 = d^4·[w^4_11, w^4_21] = [−3.8272, −1.9136],
        # d^2_j = Σ_k w^3_jk d^3_k = [−2.67904, −2.29632], ∂J/∂w_ij^l = d_j^l z_i^{l−1}.
        ex = NET_2_2_2_1
        net = Network(ex["weights"], None, "linear")
        J, gw, gb = self.gradient(net, [ex["x"]], [ex["y"]], "half_squared_error")
        assert_close(J, 0.5 * 4.784 * 4.784, rel(1e-14), 0.0, "J")
        assert_close(gw[4], [[-4.784 * 3.02], [-4.784 * 2.0]], rel(1e-14), 0.0, "dJ/dw^4")
        assert_close(gw[3], [[-3.8272 * 1.8, -1.9136 * 1.8], [-3.8272 * 4.6, -1.9136 * 4.6]],
                     rel(1e-14), 0.0, "dJ/dw^3")
        assert_close(gw[2], [[-2.67904 * 2.0, -2.29632 * 2.0], [-2.67904 * 4.0, -2.29632 * 4.0]],
                     rel(1e-14), 0.0, "dJ/dw^2")
        assert gb == [None, None, None, None, None]

    def test_001_case_2(self):
        # 001 §2's neuron: u = (0.7, 0.1, 0.4), w = (0.6, 1.2, −0.2), b = −0.5, o = σ(−0.04).
        # 001 §5 Case 2: ∂o/∂w_z = e^{−u}/(1 + e^{−u})² · v_z and ∂o/∂b = e^{−u}/(1 + e^{−u})²;
        # with E = (o − d)² (001 §3) and a desired output d = 1: ∂E/∂p = 2(o − d) ∂o/∂p.
        net = Network([[[0.6], [1.2], [-0.2]]], [[-0.5]], "sigmoid")
        x = [0.7, 0.1, 0.4]
        J, gw, gb = self.gradient(net, [x], [[1.0]], "squared_error")
        u = -0.04
        o = 1.0 / (1.0 + math.exp(-u))
        ds = math.exp(-u) / (1.0 + math.exp(-u)) ** 2
        assert_close(J, (o - 1.0) ** 2, rel(1e-13), 0.0, "E")
        assert_close(gw[2], [[2.0 * (o - 1.0) * ds * v] for v in x], rel(1e-13), 0.0, "dE/dw")
        assert_close(gb[2], [2.0 * (o - 1.0) * ds], rel(1e-13), 0.0, "dE/db")

    def test_001_case_3_chain(self):
        # 001 §5 Case 3 on a chain of two sigmoid neurons, one sample, E = (o − d)²:
        # v = σ(w1 x + b1), o = σ(w2 v + b2); ∂o/∂w1 = σ'(u2)·w2·∂v/∂w1 = σ'(u2) w2 σ'(u1) x.
        w1, b1, w2, b2, x, d = 0.8, -0.3, -1.1, 0.25, 1.7, 0.2
        net = Network([[[w1]], [[w2]]], [[b1], [b2]], "sigmoid")
        J, gw, gb = self.gradient(net, [[x]], [[d]], "squared_error")
        u1 = w1 * x + b1
        v = sigmoid(u1)
        u2 = w2 * v + b2
        o = sigmoid(u2)
        s1, s2 = v * (1.0 - v), o * (1.0 - o)
        assert_close(gw[2][0][0], 2.0 * (o - d) * s2 * w2 * s1 * x, rel(1e-13), 0.0, "dE/dw^2_11")
        assert_close(gb[2][0], 2.0 * (o - d) * s2 * w2 * s1, rel(1e-13), 0.0, "dE/db^2_1")
        assert_close(gw[3][0][0], 2.0 * (o - d) * s2 * v, rel(1e-13), 0.0, "dE/dw^3_11")
        assert_close(gb[3][0], 2.0 * (o - d) * s2, rel(1e-13), 0.0, "dE/db^3_1")

    def test_two_samples_mean(self):
        # 001 §5: ∂E/∂p = (1/n)(∂E_1/∂p + … + ∂E_n/∂p). One linear weight, J_s = ½(w x_s − y_s)²:
        # ∂J/∂w = ½[(w·1 − 3)·1 + (w·2 − 1)·2] with w = 0.5: ½(−2.5 + 0) = −1.25.
        net = Network([[[0.5]]], None, "linear")
        J, gw, gb = self.gradient(net, [[1.0], [2.0]], [[3.0], [1.0]], "half_squared_error")
        assert_close(J, 0.5 * (0.5 * 2.5 * 2.5 + 0.0), rel(1e-15), 0.0, "J")
        assert_close(gw[2][0][0], -1.25, rel(1e-15), 0.0, "dJ/dw")

    def test_sigmoid_cross_entropy_closed_form(self):
        # One layer, sigmoid β = 2, binary cross-entropy: ∂J/∂z_j = β(y_j − y*_j) (losses.py),
        # so ∂J/∂w_ij = x_i β(y_j − y*_j) and ∂J/∂b_j = β(y_j − y*_j).
        W, b, x, t = [[0.3, -0.7], [0.9, 0.2]], [0.1, -0.4], [0.5, -1.5], [1.0, 0.25]
        net = Network([W], [b], {"name": "sigmoid", "beta": 2.0})
        J, gw, gb = self.gradient(net, [x], [t], "cross_entropy")
        y = [sigmoid(2.0 * (x[0] * W[0][j] + x[1] * W[1][j] + b[j])) for j in range(2)]
        assert_close(J, -(math.log(y[0]) + 0.25 * math.log(y[1]) + 0.75 * math.log(1 - y[1])),
                     rel(1e-13), 0.0, "J")
        assert_close(gw[2], [[x[i] * 2.0 * (y[j] - t[j]) for j in range(2)] for i in range(2)],
                     rel(1e-12), 0.0, "dJ/dw")
        assert_close(gb[2], [2.0 * (y[j] - t[j]) for j in range(2)], rel(1e-12), 0.0, "dJ/db")

    def test_softmax_categorical_closed_form(self):
        # One layer, softmax, one-hot target: ∂J/∂z_j = y_j − y*_j, so ∂J/∂w_ij = x_i (y_j − y*_j).
        W, x, t = [[0.2, -0.5, 0.7], [1.1, 0.4, -0.3]], [0.6, -0.8], [0.0, 1.0, 0.0]
        net = Network([W], None, "softmax")
        J, gw, gb = self.gradient(net, [x], [t], "categorical_cross_entropy")
        z = [x[0] * W[0][j] + x[1] * W[1][j] for j in range(3)]
        e = [math.exp(z_j) for z_j in z]
        y = [e_j / (e[0] + e[1] + e[2]) for e_j in e]
        assert_close(J, -math.log(y[1]), rel(1e-13), 0.0, "J")
        assert_close(gw[2], [[x[i] * (y[j] - t[j]) for j in range(3)] for i in range(2)],
                     rel(1e-12), 0.0, "dJ/dw")

    def test_saturated_outputs_stay_finite(self):
        # σ(40) == 1.0 exactly in doubles: ∂J/∂y = (y − y*)/(y(1 − y)) is 0/0 there, but
        # ∂J/∂z = y − y* = 1.0 − 0.0 is finite; every engine must give x·1.0 = 2.0.
        net = Network([[[20.0]]], [[0.0]], "sigmoid")
        J, gw, gb = self.gradient(net, [[2.0]], [[0.0]], "cross_entropy")
        assert_close(gw[2][0][0], 2.0, rel(1e-15), 0.0, "dJ/dw")
        assert_close(gb[2][0], 1.0, rel(1e-15), 0.0, "dJ/db")
        # softmax with e^(−800) underflowing to 0 for the target class: ∂J/∂z = y − y*.
        net = Network([[[400.0, -400.0]]], None, "softmax")
        J, gw, gb = self.gradient(net, [[1.0]], [[0.0, 1.0]], "categorical_cross_entropy")
        assert_close(J, 800.0, rel(1e-15), 0.0, "J (log-sum-exp)")
        assert_close(gw[2], [[1.0, -1.0]], rel(1e-15), 0.0, "dJ/dw")

    def test_layout_and_network_untouched(self):
        net, X, Y, loss, ax = grid_case(5000)
        before = repr([net.w, net.b])
        J, gw, gb = self.gradient(net, X, Y, loss)
        assert repr([net.w, net.b]) == before
        assert len(gw) == net.L + 1 and gw[0] is None and gw[1] is None
        for l in range(2, net.L + 1):
            assert len(gw[l]) == len(net.w[l]) and len(gw[l][0]) == len(net.w[l][0])
            assert (gb[l] is None) == (net.b[l] is None)

    def test_bad_data_is_refused(self):
        net = Network(NET_2_2_2_1["weights"], None, "linear")
        msg = assert_raises(ValueError, self.gradient, net, [[1.0]], [[1.0]], "half_squared_error")
        assert "inputs[0]" in msg
        assert_raises(ValueError, self.gradient, net, [], [], "half_squared_error")
        assert_raises(ValueError, self.gradient, net, [[1.0, 2.0]], [[1.0]], "categorical_cross_entropy")

    def test_agrees_with_the_other_engines_on_the_grid_sample(self):
        # 128 grid networks (every value of every axis): this engine against the other two.
        for k in grid_sample(4):
            net, X, Y, loss, ax = grid_case(k)
            J, gw, gb = self.gradient(net, X, Y, loss)
            mine = flatten(net, gw, gb)
            for other in ENGINE_NAMES:
                if other != self.engine:
                    J2, gw2, gb2 = get_engine(other)(net, X, Y, loss)
                    assert_agree(net, J, mine, J2, flatten(net, gw2, gb2),
                                 "grid case %d, %s vs %s" % (k, self.engine, other))

    def test_finite_differences_on_the_grid_sample(self):
        # 32 grid networks, one per activation × loss: every comparable parameter passes.
        comparable = 0
        for k in grid_sample(1):
            net, X, Y, loss, ax = grid_case(k)
            report = verify(net, X, Y, loss, engine=self.engine)
            assert report.passed, "grid case %d (%r): %s" % (k, ax, report.summary())
            comparable += len(report.rows) - len(report.not_comparable)
        assert comparable > 500


class TestBackprop(EngineTests):
    engine = "backprop"


class TestMatrixForm(EngineTests):
    engine = "matrix_form"


class TestRecursion001(EngineTests):
    engine = "recursion_001"


def test_engine_names():
    assert ENGINE_NAMES == ("backprop", "matrix_form", "recursion_001")
    assert_raises(ValueError, get_engine, "nope")


def test_grid_sample_covers_every_axis_value():
    sample = [grid_axes(k) for k in grid_sample(1)]
    for key, n in (("activation", 8), ("loss", 4), ("bias", 2), ("hidden", 4), ("neurons", 5),
                   ("samples", 6)):
        values = []
        for ax in sample:
            if ax[key] not in values:
                values.append(ax[key])
        assert len(values) == n, (key, values)


def test_relative_error():
    assert relative_error(0.0, 0.0) == 0.0
    assert relative_error(1.0, -1.0) == 2.0
    assert relative_error(2.0, 1.0) == 0.5
