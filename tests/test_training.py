"""Gradient descent (purenet/training.py). Expected values: 002's single-weight arithmetic by
hand, and the update rules applied by hand to gradients from backprop."""
import math

from purenet.backprop import gradient
from purenet.losses import HalfSquaredError
from purenet.network import Network, init_network
from purenet.training import TrainingDiverged, apply_update, gradient_norm, train
from tests.helpers import SINGLE, assert_close, assert_raises, per_precision


def test_single_weight_one_step_by_hand():
    # 002: w = 0.95, x = 2, y* = 1, h = 0.1: ∂J/∂w = (y − y*)·x = 0.9·2 = 1.8; w = 0.95 − 0.18 = 0.77
    net = Network([[[0.95]]])
    history = train(net, [[2.0]], [[1.0]], "half_squared_error", 0.1, 1, record_outputs=True)
    rel = per_precision(1e-14, 1e-6)                   # singles: a few roundings of 2**-24
    assert_close(net.w[2][0][0], 0.77, rel=rel)
    assert_close(history["cost"], [0.405, 0.5 * (0.77 * 2 - 1) ** 2], rel=rel)
    assert_close(history["outputs"][0][0], [1.9], rel=rel)


def test_normalized_update_moves_by_h_in_norm():
    net = init_network([2, 3, 1], "tanh", seed=4)
    X, Y = [[0.5, 1.0]], [[2.0]]
    J, gw, gb = gradient(net, X, Y, "half_squared_error")
    norm = gradient_norm(gw, gb)
    before = net.copy()
    apply_update(net, gw, gb, 0.01, "normalized")
    moved = 0.0
    for l in (2, 3):
        for i in range(len(net.w[l])):
            for j in range(len(net.w[l][i])):
                step = before.w[l][i][j] - net.w[l][i][j]
                # the step as represented: w − (w − s) rounds at the scale of w, not of s
                assert_close(step, 0.01 * gw[l][i][j] / norm, rel=per_precision(1e-9, 1e-3), abs_=1e-18)
                moved += step * step
        for j in range(len(net.b[l])):
            moved += (before.b[l][j] - net.b[l][j]) ** 2
    assert_close(math.sqrt(moved), 0.01, rel=per_precision(1e-9, 1e-4))


def test_plain_update_by_hand_and_zero_gradient_normalized():
    net = Network([[[1.0, 2.0]]], [[0.5, -0.5]])
    apply_update(net, [None, None, [[0.5, -1.0]]], [None, None, [1.0, 2.0]], 0.1)
    assert_close(net.w[2], [[0.95, 2.1]], rel=1e-15)
    assert_close(net.b[2], [0.4, -0.7], rel=1e-15)
    apply_update(net, [None, None, [[0.0, 0.0]]], [None, None, [0.0, 0.0]], 0.1, "normalized")
    assert_close(net.w[2], [[0.95, 2.1]], rel=1e-15)
    assert_raises(ValueError, apply_update, net, [None, None, [[0.0, 0.0]]], [None, None, [0.0, 0.0]], 0.1,
                  "adam")


def test_batch_stochastic_and_minibatch_are_one_loop():
    X = [[0.0], [0.2], [0.5], [0.7], [0.85]]          # 002's five samples
    Y = [[0.0], [0.5], [0.6], [0.75], [0.8]]
    base = init_network([1, 3, 1], "tanh", seed=9)
    # SGD by hand: one update per sample, in order
    by_hand = base.copy()
    for k in range(5):
        J, gw, gb = gradient(by_hand, [X[k]], [Y[k]], "half_squared_error")
        apply_update(by_hand, gw, gb, 0.3)
    sgd = base.copy()
    train(sgd, X, Y, "half_squared_error", 0.3, 1, batch_size=1)
    assert sgd.w == by_hand.w and sgd.b == by_hand.b
    # mini-batches of 2: samples (0, 1), (2, 3), (4)
    by_hand = base.copy()
    for batch in ((0, 1), (2, 3), (4,)):
        J, gw, gb = gradient(by_hand, [X[k] for k in batch], [Y[k] for k in batch], "half_squared_error")
        apply_update(by_hand, gw, gb, 0.3)
    mb = base.copy()
    train(mb, X, Y, "half_squared_error", 0.3, 1, batch_size=2)
    assert mb.w == by_hand.w and mb.b == by_hand.b
    # batch: one update with the mean gradient over all five
    by_hand = base.copy()
    J, gw, gb = gradient(by_hand, X, Y, "half_squared_error")
    apply_update(by_hand, gw, gb, 0.3)
    bgd = base.copy()
    history = train(bgd, X, Y, "half_squared_error", 0.3, 1)
    assert bgd.w == by_hand.w and history["cost"][0] == J


def test_training_lowers_the_cost_and_records_every_epoch():
    net = init_network([2, 4, 1], "tanh", seed=1)
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    Y = [[0.0], [1.0], [1.0], [0.0]]
    history = train(net, X, Y, "half_squared_error", 0.5, 300, record_outputs=True)
    assert len(history["cost"]) == 301 and len(history["outputs"]) == 301
    assert history["cost"][-1] < 0.01 < history["cost"][0]         # XOR learned


def test_record_every_keeps_every_kth_epoch_and_the_last():
    # one run recorded at every epoch, the same run recorded every 4th: the numbers at epochs 0, 4,
    # 8 and 10 (the last) are the same, and so are the weights; on_epoch still sees every epoch
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    Y = [[0.0], [1.0], [1.0], [0.0]]
    a, b = init_network([2, 4, 1], "tanh", seed=1), init_network([2, 4, 1], "tanh", seed=1)
    full = train(a, X, Y, "half_squared_error", 0.5, 10, batch_size=2, record_outputs=True)
    seen = []
    some = train(b, X, Y, "half_squared_error", 0.5, 10, batch_size=2, record_outputs=True,
                 record_every=4, on_epoch=lambda e, J: seen.append(e))
    assert some["epoch"] == [0, 4, 8, 10] and "epoch" not in full
    assert some["cost"] == [full["cost"][k] for k in (0, 4, 8, 10)]
    assert some["outputs"] == [full["outputs"][k] for k in (0, 4, 8, 10)]
    assert a.w == b.w and a.b == b.b and seen == list(range(1, 11))
    c = init_network([2, 4, 1], "tanh", seed=1)
    assert train(c, X, Y, "half_squared_error", 0.5, 8, batch_size=2, record_every=4)["epoch"] == [0, 4, 8]


def test_shuffled_training_is_reproducible():
    X = [[0.1 * k] for k in range(6)]
    Y = [[0.05 * k] for k in range(6)]
    a, b = init_network([1, 2, 1], seed=2), init_network([1, 2, 1], seed=2)
    train(a, X, Y, "squared_error", 0.1, 3, batch_size=2, shuffle_seed=7)
    train(b, X, Y, "squared_error", 0.1, 3, batch_size=2, shuffle_seed=7)
    c = init_network([1, 2, 1], seed=2)
    train(c, X, Y, "squared_error", 0.1, 3, batch_size=2)
    assert a.w == b.w and a.w != c.w


def test_divergence_stops_and_restores_the_last_finite_epoch():
    net = Network([[[1.0]], [[1.0]]])
    X, Y = [[10.0]], [[1.0]]
    epochs_seen = []
    try:
        train(net, X, Y, "half_squared_error", 10.0, 100,
              on_epoch=lambda e, J: epochs_seen.append((e, net.w[2][0][0])))
    except TrainingDiverged as e:
        assert "smaller learning rate" in str(e) and e.epoch == len(epochs_seen) + 1
        assert net.w[2][0][0] == epochs_seen[-1][1]                 # restored
        assert math.isfinite(net.w[2][0][0])
    else:
        raise AssertionError("training at h = 10 should diverge")


def test_an_interrupt_mid_epoch_restores_the_last_completed_epoch():
    X, Y = [[0.5], [1.0], [1.5]], [[0.2], [0.4], [0.6]]

    class Interrupting(HalfSquaredError):
        """Half squared error that raises KeyboardInterrupt at its 5th gradient: in epoch 2 of
        stochastic gradient descent, after that epoch's first update."""
        calls = 0

        def gradient(self, y, y_star):
            Interrupting.calls += 1
            if Interrupting.calls == 5:
                raise KeyboardInterrupt
            return HalfSquaredError.gradient(self, y, y_star)

    one_epoch = init_network([1, 2, 1], "tanh", seed=3)
    train(one_epoch, X, Y, "half_squared_error", 0.1, 1, batch_size=1)
    net = init_network([1, 2, 1], "tanh", seed=3)
    history = {}
    try:
        train(net, X, Y, Interrupting("half_squared_error"), 0.1, 5, batch_size=1, history=history)
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("the interrupt did not propagate")
    assert net.w == one_epoch.w and net.b == one_epoch.b
    assert len(history["cost"]) == 2                     # the initial cost and epoch 1


def test_bad_arguments_are_clear_errors():
    net = init_network([1, 1], seed=1)
    X, Y = [[1.0]], [[1.0]]
    assert "learning rate" in assert_raises(ValueError, train, net, X, Y, "squared_error", 0.0, 1)
    assert "epochs" in assert_raises(ValueError, train, net, X, Y, "squared_error", 0.1, -1)
    assert "batch size" in assert_raises(ValueError, train, net, X, Y, "squared_error", 0.1, 1, 0)
    assert "update" in assert_raises(ValueError, train, net, X, Y, "squared_error", 0.1, 1, None, "sgd")
    assert "record_every" in assert_raises(ValueError, train, net, X, Y, "squared_error", 0.1, 1,
                                           record_every=0)


def test_infinite_weights_behind_a_finite_cost_stop_training():
    # ReLU maps −inf to 0, so the cost stays finite while w^2_11 overflows to −inf (found by the
    # command line's tests); the parameter check catches it and restores epoch 0. The learning
    # rate is finite and near the largest float (of singles, where floats are single).
    net = Network([[[0.001]], [[1000.0]]], None, "relu")
    try:
        train(net, [[1.0]], [[0.0]], "half_squared_error", 1e36 if SINGLE else 1e306, 2)
    except TrainingDiverged as e:
        assert e.epoch == 1 and "weight or bias" in str(e)
    else:
        raise AssertionError("infinite weights were not detected")
    assert net.w[2] == [[0.001]] and net.w[3] == [[1000.0]]


def test_an_output_leaving_the_loss_domain_is_divergence_with_the_last_good_epoch_restored():
    # a linear output with cross_entropy at h = 1 leaves [0, 1] in epoch 2: divergence, named with
    # its epoch (not a ValueError, "bad input", with the network restored but no epoch named)
    net = Network([[[0.5, -0.4, 0.3], [0.2, 0.6, -0.5]], [[0.1], [0.2], [-0.1]]],
                  [[0.0, 0.1, -0.1], [0.5]], ["tanh", "linear"])
    X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    Y = [[0.0], [1.0], [1.0], [0.0]]
    one = net.copy()
    train(one, X, Y, "cross_entropy", 1.0, 1)
    history = {}
    try:
        train(net, X, Y, "cross_entropy", 1.0, 50, history=history)
    except TrainingDiverged as e:
        assert e.epoch == 2 and e.cost is None
        assert e.reason.startswith("cross_entropy: output y_1 = ") and "is not in [0, 1]" in e.reason
        assert "in epoch 2; the network was restored to the end of epoch 1" in str(e)
    else:
        raise AssertionError("the output left [0, 1] without TrainingDiverged")
    assert net.w == one.w and net.b == one.b and len(history["cost"]) == 2


def test_an_interrupt_in_the_finiteness_check_reports_the_epoch_it_restored():
    # a KeyboardInterrupt inside the end-of-epoch finiteness check must not leave epoch k's weights
    # in place while the history says k - 1: the check is inside the protected region
    import purenet.training as training
    X, Y = [[0.5], [1.0]], [[0.2], [0.4]]
    two = init_network([1, 2, 1], "tanh", seed=3)
    train(two, X, Y, "half_squared_error", 0.1, 2)
    net = init_network([1, 2, 1], "tanh", seed=3)
    real, calls = training.parameters_finite, [0]

    def interrupting(n):
        calls[0] += 1
        if calls[0] == 3:
            raise KeyboardInterrupt
        return real(n)

    training.parameters_finite = interrupting
    history = {}
    try:
        train(net, X, Y, "half_squared_error", 0.1, 5, history=history)
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("the interrupt did not propagate")
    finally:
        training.parameters_finite = real
    assert len(history["cost"]) == 3 and net.w == two.w and net.b == two.b


def test_learning_rates_that_are_not_plain_numbers():
    net = init_network([1, 1], seed=1)
    X, Y = [[1.0]], [[1.0]]
    # True would train with h = 1; 10**400 would be a bare OverflowError
    assert "got True" in assert_raises(ValueError, train, net, X, Y, "squared_error", True, 1)
    assert "401 digits" in assert_raises(ValueError, train, net, X, Y, "squared_error", 10 ** 400, 1)
    gw, gb = [None, None, [[0.5]]], [None, None, [0.5]]
    assert "got True" in assert_raises(ValueError, apply_update, net, gw, gb, True)

    class Float(float):                     # like NumPy's float64: a float whose repr is not a float's
        def __repr__(self):
            return "Float(%s)" % float.__repr__(self)

    a, b = init_network([2, 2, 1], seed=4), init_network([2, 2, 1], seed=4)
    X, Y = [[0.5, 1.0], [1.0, -1.0]], [[0.3], [0.7]]
    train(a, X, Y, "half_squared_error", 0.25, 3)
    train(b, X, [[Float(0.3)], [Float(0.7)]], "half_squared_error", Float(0.25), 3)
    assert b.w == a.w and b.b == a.b                                  # the same numbers ...
    for l in (2, 3):
        for row in b.w[l]:
            for w in row:
                assert type(w) is float, type(w)                      # ... as plain floats
