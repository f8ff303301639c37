"""The network as data and the forward pass (purenet/network.py). Expected values: 001's worked
forward pass and a 2-2-1 network computed by hand in the test."""
import math

from purenet.network import Network, forward, init_network, param_name, predict
from tests.helpers import assert_close, assert_raises, per_precision


def test_001_forward_pass():
    # 001 §2: u = (0.7, 0.1, 0.4), w = (0.6, 1.2, −0.2), b = −0.5: v = σ(−0.04) ≈ 0.490
    net = Network([[[0.6], [1.2], [-0.2]]], [[-0.5]], "sigmoid")
    trace = forward(net, [0.7, 0.1, 0.4])
    assert_close(trace.z[2][0], -0.04, rel=per_precision(1e-12, 1e-6))      # singles: 4 roundings
    assert_close(trace.output[0], 1 / (1 + math.exp(0.04)), rel=per_precision(1e-15, 1e-6))
    assert round(trace.output[0], 3) == 0.490


def test_trace_of_a_2_2_1_network_by_hand():
    w2 = [[0.1, -0.2], [0.3, 0.4]]       # w^2_11, w^2_12; w^2_21, w^2_22
    w3 = [[0.5], [-0.6]]
    net = Network([w2, w3], [[0.01, 0.02], [0.03]], ["tanh", "linear"])
    x = [1.5, -2.0]
    # from the lists, not as 0.1 * 1.5 + ...: mpy-cross would fold that constant expression in the
    # host's doubles, and a single-precision board computes the forward pass in singles
    z2 = [w2[0][0] * x[0] + w2[1][0] * x[1] + 0.01, w2[0][1] * x[0] + w2[1][1] * x[1] + 0.02]
    a2 = [math.tanh(z2[0]), math.tanh(z2[1])]
    z3 = [0.5 * a2[0] - 0.6 * a2[1] + 0.03]
    t = forward(net, x)
    assert t.z[1] == x and t.a[1] == x              # 002 calls the input z^1
    assert_close(t.z[2], z2, rel=1e-15)
    assert_close(t.a[2], a2, rel=1e-15)
    assert_close(t.z[3], z3, rel=1e-14)
    assert t.a[3] == t.z[3]
    assert predict(net, [x]) == [t.output]


def test_layers_are_numbered_as_in_002():
    net = Network([[[0.7, 0.5]], [[0.4, 0.6], [0.5, 0.2]], [[0.1], [0.1]]])
    assert net.L == 4 and net.sizes == [1, 2, 2, 1]
    assert net.w[0] is None and net.w[1] is None
    assert net.w[3][0][1] == 0.6                      # w^3_12 = 0.6 in 002
    assert net.w[3][1][0] == 0.5                      # w^3_21 = 0.5
    assert param_name("w", 3, 0, 1) == "w^3_12" and param_name("b", 2, 0) == "b^2_1"
    assert param_name("w", 2, 9, 0) == "w^2_10,1"
    assert net.parameter_count() == 8


def test_init_is_deterministic_and_glorot_bounded():
    a = init_network([3, 5, 2], "tanh", seed=7)
    b = init_network([3, 5, 2], "tanh", seed=7)
    c = init_network([3, 5, 2], "tanh", seed=8)
    assert a.w == b.w and a.w != c.w
    r = math.sqrt(6.0 / 8)
    assert all(-r <= w <= r for row in a.w[2] for w in row)
    assert a.b[2] == [0.0] * 5 and a.b[3] == [0.0] * 2
    assert init_network([3, 5, 2], bias=False).b == [None, None, None, None]


def test_copy_is_independent():
    net = init_network([2, 2, 1], seed=1)
    other = net.copy()
    other.w[2][0][0] += 1.0
    other.b[3][0] += 1.0
    assert net.w[2][0][0] != other.w[2][0][0] and net.b[3][0] == 0.0


def test_bad_networks_and_inputs_are_clear_errors():
    msg = assert_raises(ValueError, Network, [[[1.0, 2.0]], [[1.0]]])
    assert "w^3 has 1 rows but layer 2 has 2 neurons" in msg
    assert "w^2[1]" in assert_raises(ValueError, Network, [[[1.0, 2.0], [3.0]]])
    assert "b^2" in assert_raises(ValueError, Network, [[[1.0, 2.0]]], [[0.0]])
    assert "unknown activation" in assert_raises(ValueError, Network, [[[1.0]]], None, "sigmod")
    assert "output layer" in assert_raises(ValueError, Network, [[[1.0]], [[1.0]]], None,
                                           ["softmax", "linear"])
    assert "expected 2 activations" in assert_raises(ValueError, Network, [[[1.0]], [[1.0]]], None, ["tanh"])
    net = Network([[[1.0], [2.0]]])
    assert "expected 2 numbers" in assert_raises(ValueError, forward, net, [1.0])
    assert "finite" in assert_raises(ValueError, forward, net, [1.0, float("nan")])
    assert_raises(TypeError, forward, net, [1.0, "2"])
    assert_raises(ValueError, init_network, [3])
    assert_raises(ValueError, init_network, [3, 0])


def test_huge_integers_and_foreign_number_types_are_clear_errors():
    # 10**400 passes `x - x == 0` but overflows float(): named, not a bare OverflowError
    msg = assert_raises(ValueError, Network, [[[10 ** 400]]])
    assert msg.startswith("w^2[0][0]: expected a finite number, got 100000000000...000000 (an integer of "
                          "401 digits)"), msg
    net = Network([[[1.0]]])
    assert "401 digits" in assert_raises(ValueError, forward, net, [10 ** 400])

    class Scalar:                                         # a number type that is neither int nor float
        __module__ = "numpy"

        def __repr__(self):
            return "np.float32(0.5)"

    msg = assert_raises(TypeError, forward, net, [Scalar()])
    assert msg.startswith("x[0]: expected a number (an int or a float), got np.float32(0.5)"), msg


def test_a_layer_without_neurons_is_refused_as_load_model_refuses_it():
    # a 0-neuron layer was once accepted by Network and then refused by load_model
    assert "w^2: expected at least one column" in assert_raises(ValueError, Network, [[[]]])
    assert "w^3: expected at least one column" in assert_raises(ValueError, Network, [[[1.0]], [[]]])
    assert "w^3: expected a non-empty list of rows" in assert_raises(ValueError, Network, [[[1.0]], []])


def test_cross_entropy_targets_are_checked_by_sample():
    from purenet.network import check_data
    net = Network([[[1.0]]], None, "sigmoid")
    msg = assert_raises(ValueError, check_data, net, [[0.0], [1.0]], [[0.5], [1.5]], "cross_entropy")
    assert msg == "targets[1]: y*_1 = 1.5 is not in [0, 1] (cross_entropy reads targets as probabilities)"
    check_data(net, [[0.0]], [[1.5]], "half_squared_error")      # any target for the squared errors
