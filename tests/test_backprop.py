"""Backpropagation in index notation (purenet/backprop.py).

Expected values: 002's step-by-step derivatives for the 1-2-2-1 network written out by hand in
the test, and central differences of the cost computed here (an independent calculation).
"""
from purenet.backprop import cost, deltas, gradient
from purenet.losses import get_loss
from purenet.network import Network, _forward, init_network
from purenet.papers import NET_1_2_2_1
from tests.helpers import assert_close, assert_raises


def finite_difference_gradient(net, X, Y, loss, h=1e-6):
    """(∂J/∂w, ∂J/∂b) by central differences, parameter by parameter."""
    gw, gb = [None, None], [None, None]
    for l in range(2, net.L + 1):
        g_l = []
        for i in range(len(net.w[l])):
            row = []
            for j in range(len(net.w[l][i])):
                p = net.w[l][i][j]
                net.w[l][i][j] = p + h
                up = cost(net, X, Y, loss)
                net.w[l][i][j] = p - h
                down = cost(net, X, Y, loss)
                net.w[l][i][j] = p
                row.append((up - down) / (2 * h))
            g_l.append(row)
        gw.append(g_l)
        if net.b[l] is None:
            gb.append(None)
            continue
        g_b = []
        for j in range(len(net.b[l])):
            p = net.b[l][j]
            net.b[l][j] = p + h
            up = cost(net, X, Y, loss)
            net.b[l][j] = p - h
            down = cost(net, X, Y, loss)
            net.b[l][j] = p
            g_b.append((up - down) / (2 * h))
        gb.append(g_b)
    return gw, gb


def test_002_1_2_2_1_first_step_by_hand():
    # 002, "hidden layers with multiple neurons": linear, no biases, x = 2, y* = 1
    net = Network(NET_1_2_2_1["weights"])
    x, y_star = 2.0, 1.0
    z2 = [0.7 * x, 0.5 * x]
    z3 = [0.4 * z2[0] + 0.5 * z2[1], 0.6 * z2[0] + 0.2 * z2[1]]
    y = 0.1 * z3[0] + 0.1 * z3[1]
    d4 = y - y_star                                  # d^4 = (y − y*)
    d3 = [d4 * 0.1, d4 * 0.1]                        # d^3_j = w^4_j1 d^4
    d2 = [0.4 * d3[0] + 0.6 * d3[1], 0.5 * d3[0] + 0.2 * d3[1]]   # d^2_1 = w^3_11 d^3_1 + w^3_12 d^3_2
    J, gw, gb = gradient(net, [[x]], [[y_star]], "half_squared_error")
    assert_close(J, 0.5 * (y - y_star) ** 2, rel=1e-14)
    assert_close(gw[4], [[d4 * z3[0]], [d4 * z3[1]]], rel=1e-14)            # d^4 z^3_i
    assert_close(gw[3], [[d3[0] * z2[0], d3[1] * z2[0]], [d3[0] * z2[1], d3[1] * z2[1]]], rel=1e-14)
    assert_close(gw[2], [[d2[0] * x, d2[1] * x]], rel=1e-14)                # d^2_j z^1_1
    assert gb == [None, None, None, None, None]


def test_deltas_follow_the_recursion():
    net = init_network([2, 3, 2], ["tanh", "sigmoid"], seed=3)
    trace = _forward(net, [0.4, -0.9])
    d = deltas(net, trace, [1.0, 0.0], get_loss("half_squared_error"))
    s3, s2 = net.s[3], net.s[2]
    d3 = [(trace.a[3][j] - [1.0, 0.0][j]) * s3.derivative(trace.z[3][j]) for j in range(2)]
    assert_close(d[3], d3, rel=1e-15)
    for j in range(3):       # d_j^2 = Σ_k w_jk^3 d_k^3 s'(z_j^2)
        expected = (net.w[3][j][0] * d3[0] + net.w[3][j][1] * d3[1]) * s2.derivative(trace.z[2][j])
        assert_close(d[2][j], expected, rel=1e-14)


def test_gradient_matches_finite_differences_for_every_loss():
    X = [[0.5, -0.3], [0.1, 0.8], [-0.6, 0.2]]
    for loss, act, Y in (("half_squared_error", "tanh", [[0.2, 0.4], [0.9, -0.1], [0.0, 0.3]]),
                         ("squared_error", "linear", [[0.2, 0.4], [0.9, -0.1], [0.0, 0.3]]),
                         ("cross_entropy", "sigmoid", [[1.0, 0.0], [0.3, 0.6], [0.0, 1.0]]),
                         ("categorical_cross_entropy", "softmax", [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])):
        net = init_network([2, 3, 2], ["sigmoid", act], seed=11)
        J, gw, gb = gradient(net, X, Y, loss)
        fw, fb = finite_difference_gradient(net, X, Y, loss)
        for l in (2, 3):
            assert_close(gw[l], fw[l], rel=1e-6, abs_=1e-9, what="%s w^%d" % (loss, l))
            assert_close(gb[l], fb[l], rel=1e-6, abs_=1e-9, what="%s b^%d" % (loss, l))


def test_cost_and_gradient_are_means_over_samples():
    net = init_network([2, 2, 1], "tanh", seed=5)
    X, Y = [[0.1, 0.2], [0.7, -0.4]], [[0.5], [-0.5]]
    J, gw, gb = gradient(net, X, Y, "half_squared_error")
    J0, gw0, gb0 = gradient(net, X[:1], Y[:1], "half_squared_error")
    J1, gw1, gb1 = gradient(net, X[1:], Y[1:], "half_squared_error")
    assert_close(J, (J0 + J1) / 2, rel=1e-15)
    assert_close(cost(net, X, Y, "half_squared_error"), J, rel=1e-15)
    for l in (2, 3):
        for i in range(len(gw[l])):
            assert_close(gw[l][i], [(gw0[l][i][j] + gw1[l][i][j]) / 2 for j in range(len(gw[l][i]))],
                         rel=1e-14)
        assert_close(gb[l], [(gb0[l][j] + gb1[l][j]) / 2 for j in range(len(gb[l]))], rel=1e-14)


def test_002s_misprinted_weight_gradient_disagrees_with_finite_differences():
    # 002 ("biases and activation functions") prints ∂J/∂w_ij^l = d_j^l s'(z_i^{l−1});
    # the right factor is the activation a_i^{l−1} = s(z_i^{l−1}).
    net = init_network([2, 2, 1], "sigmoid", seed=2)
    x, y = [0.3, 0.9], [0.2]
    trace = _forward(net, x)
    d = deltas(net, trace, y, get_loss("half_squared_error"))
    fw, _ = finite_difference_gradient(net, [x], [y], "half_squared_error")
    for i in range(2):
        right = d[3][0] * trace.a[2][i]
        misprint = d[3][0] * net.s[2].derivative(trace.z[2][i])
        assert_close(right, fw[3][i][0], rel=1e-6)
        assert abs(misprint - fw[3][i][0]) > 1e-3 * abs(fw[3][i][0])


def test_bad_data_is_a_clear_error():
    net = init_network([2, 1], "sigmoid", seed=1)
    # one sample not wrapped in a list is named as such, not counted as two samples
    assert assert_raises(TypeError, gradient, net, [0, 1], [1], "squared_error") == (
        "inputs: expected a list of samples, each a list of numbers, but got a list of numbers; "
        "write one sample as [[...]]")
    assert "2 inputs but 1 targets" in assert_raises(ValueError, gradient, net, [[0, 0], [1, 1]], [[0]],
                                                     "squared_error")
    assert "inputs[1]" in assert_raises(ValueError, gradient, net, [[0, 0], [1]], [[0], [1]], "squared_error")
    assert "targets[0]" in assert_raises(ValueError, gradient, net, [[0, 0]], [[0, 1]], "squared_error")
    assert "softmax" in assert_raises(ValueError, gradient, net, [[0, 0]], [[1]], "categorical_cross_entropy")
    assert "unknown loss" in assert_raises(ValueError, gradient, net, [[0, 0]], [[1]], "mse")
    assert "no samples" in assert_raises(ValueError, gradient, net, [], [], "squared_error")
