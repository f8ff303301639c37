"""The stateful updates (purenet/updates.py) on every interpreter. Expected values: the update
equations applied by hand to gradients from backprop (one weight, so the arithmetic is short),
and a run continued from its state against the same run never interrupted (bit for bit)."""
import math

from purenet import updates
from purenet.backprop import gradient
from purenet.network import Network, init_network
from purenet.training import TrainingDiverged, train
from tests.helpers import assert_close, assert_raises, per_precision

X = [[0.5, -1.0], [1.5, 0.25], [-0.75, 0.8], [0.1, 0.9], [-1.2, -0.3]]
Y = [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.25, 0.75], [0.9, 0.2]]
CASES = [("plain", {}), ("normalized", {}), ("momentum", {"momentum": 0.9, "dampening": 0.1}),
         ("momentum", {"weight_decay": 0.1}), ("nesterov", {"momentum": 0.8, "weight_decay": 0.01}),
         ("adam", {}), ("adam", {"betas": (0.8, 0.95), "eps": 1e-4, "weight_decay": 0.05}),
         ("adamw", {}), ("adamw", {"weight_decay": 0.2})]


def params(net):
    out = []
    for l in range(2, net.L + 1):
        for row in net.w[l]:
            out += row
        if net.b[l] is not None:
            out += net.b[l]
    return out


def test_momentum_by_hand_the_buffer_starts_at_the_first_gradient():
    # one weight, J = ½(w x − y)², ∂J/∂w = (w x − y) x; torch.optim.SGD: v1 = g1, v2 = μ v1 + (1 − d) g2
    w, x, y, h, mu, d = 0.5, 2.0, 3.0, 0.1, 0.9, 0.25
    net = Network([[[w]]])
    train(net, [[x]], [[y]], "half_squared_error", h, 2, update="momentum", momentum=mu, dampening=d)
    g1 = (w * x - y) * x
    w1 = w - h * g1
    g2 = (w1 * x - y) * x
    v2 = mu * g1 + (1 - d) * g2
    assert_close(net.w[2][0][0], w1 - h * v2, rel=per_precision(1e-15, 1e-6))


def test_nesterov_by_hand():
    w, x, y, h, mu = 0.5, 2.0, 3.0, 0.1, 0.9
    net = Network([[[w]]])
    train(net, [[x]], [[y]], "half_squared_error", h, 2, update="nesterov", momentum=mu)
    g1 = (w * x - y) * x
    w1 = w - h * (g1 + mu * g1)               # v1 = g1; step g1 + μ v1
    g2 = (w1 * x - y) * x
    v2 = mu * g1 + g2
    assert_close(net.w[2][0][0], w1 - h * (g2 + mu * v2), rel=per_precision(1e-15, 1e-6))


def test_adam_first_step_moves_every_parameter_by_about_h():
    # Kingma & Ba: at t = 1, m̂ = g and v̂ = g², so the step is h g/(|g| + ε) ≈ h sign(g)
    net = init_network([2, 3, 2], ["tanh", "sigmoid"], bias=True, seed=3)
    before = params(net)
    J, gw, gb = gradient(net, X, Y, "half_squared_error")
    grads = []
    for l in range(2, net.L + 1):
        for row in gw[l]:
            grads += row
        grads += gb[l]
    train(net, X, Y, "half_squared_error", 0.01, 1, update="adam")
    for p0, p1, g in zip(before, params(net), grads):
        assert_close(p0 - p1, 0.01 * g / (abs(g) + 1e-8), rel=per_precision(1e-12, 1e-4), abs_=1e-15)


def test_adamw_decays_before_its_adam_step():
    # a zero gradient: m = v = 0, so the Adam step is 0/(0 + ε) = 0 and only p ← p·(1 − h L) acts
    net = Network([[[2.0]]])
    train(net, [[0.0]], [[0.0]], "half_squared_error", 0.1, 3, update="adamw", weight_decay=0.5)
    assert_close(net.w[2][0][0], 2.0 * (1 - 0.05) ** 3, rel=per_precision(1e-15, 1e-6))
    net = Network([[[2.0]]])                  # Adam's L2 goes through m/(√v + ε): g = L p, by hand
    train(net, [[0.0]], [[0.0]], "half_squared_error", 0.1, 3, update="adam", weight_decay=0.5)
    p, m, v = 2.0, 0.0, 0.0
    for t in (1, 2, 3):
        g = 0.5 * p
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        p -= 0.1 * (m / (1 - 0.9 ** t)) / (math.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    assert_close(net.w[2][0][0], p, rel=per_precision(1e-13, 1e-5))
    assert abs(net.w[2][0][0] - 2.0 * (1 - 0.05) ** 3) > 0.01       # not AdamW's


def test_power_is_repeated_squaring():
    for x in (0.9, 0.999, 0.5):
        p = 1.0
        for n in range(40):
            assert_close(updates.power(x, n), p, rel=per_precision(1e-14, 1e-5))
            p *= x
    assert updates.power(0.5, 10) == 2.0 ** -10


def test_a_run_continued_from_its_state_is_the_same_run():
    for update, options in CASES:
        for batch_size, seed in ((None, None), (2, 5)):
            one = init_network([2, 3, 2], ["tanh", "sigmoid"], bias=True, seed=8)
            two = one.copy()
            h1 = train(one, X, Y, "half_squared_error", 0.05, 5, batch_size=batch_size, update=update,
                       shuffle_seed=seed, **options)
            state = {}
            train(two, X, Y, "half_squared_error", 0.05, 2, batch_size=batch_size, update=update,
                  shuffle_seed=seed, state=state, **options)
            assert state["epoch"] == 2 and state["update"] == update
            h2 = train(two, X, Y, "half_squared_error", 0.05, 3, batch_size=batch_size, update=update,
                       shuffle_seed=seed, state=state, **options)
            assert params(one) == params(two), (update, options, batch_size)
            assert h1["cost"][-1] == h2["cost"][-1]
            assert state["epoch"] == 5 and state["step"] == 5 * (3 if batch_size else 1)


def test_an_interrupt_mid_epoch_leaves_the_state_of_the_last_epoch():
    net = init_network([2, 3, 2], ["tanh", "sigmoid"], bias=True, seed=8)
    ref = net.copy()
    ref_state = {}
    train(ref, X, Y, "half_squared_error", 0.05, 2, batch_size=2, update="adam", state=ref_state)
    state = {}
    calls = [0]
    real = updates.step

    def step(*args):
        calls[0] += 1
        if calls[0] == 8:                     # the second step of epoch 3
            raise KeyboardInterrupt
        return real(*args)

    updates.step = step
    try:
        assert_raises(KeyboardInterrupt, train, net, X, Y, "half_squared_error", 0.05, 5,
                      batch_size=2, update="adam", state=state)
    finally:
        updates.step = real
    assert params(net) == params(ref)
    assert state["step"] == ref_state["step"] == 6 and state["epoch"] == 2
    assert state["buffers"] == ref_state["buffers"]


def test_divergence_restores_the_state_too():
    net = Network([[[1.0]]], None, "linear")
    state = {}
    x = per_precision(1e50, 1e6)             # w ← w − (w x) x: the weight grows by x² per step
    try:
        train(net, [[x]], [[0.0]], "half_squared_error", 1.0, 5, update="momentum", momentum=0.5,
              state=state)
        raise AssertionError("no divergence")
    except TrainingDiverged as e:
        assert e.epoch >= 2
        assert state["epoch"] == e.epoch - 1 and state["step"] == e.epoch - 1
    assert math.isfinite(state["buffers"]["momentum_buffer"][0][2][0][0])


def test_bad_options_are_refused_naming_them():
    net = Network([[[1.0]]])
    bad = [({"update": "adam", "momentum": 0.9}, "momentum is not used by the adam update"),
           ({"update": "plain", "weight_decay": 0.1}, "weight_decay is not used by the plain update"),
           ({"update": "momentum", "eps": 1e-6}, "eps is not used by the momentum update"),
           ({"update": "nesterov", "momentum": 0.9, "dampening": 0.1}, "dampening must be 0 with"),
           ({"update": "nesterov"}, "momentum must be in (0, 1) for the nesterov update"),
           ({"update": "momentum", "momentum": 1.0}, "momentum must be a finite number in [0.0, 1.0)"),
           ({"update": "momentum", "dampening": 0.5}, "dampening is not used without momentum"),
           ({"update": "adam", "betas": (0.9, 1.0)}, "beta2 must be a finite number in [0.0, 1.0)"),
           ({"update": "adam", "betas": (-0.1, 0.9)}, "beta1 must be"),
           ({"update": "adam", "eps": 0.0}, "eps must be a finite number in (0.0, inf)"),
           ({"update": "adamw", "eps": float("inf")}, "eps must be"),
           ({"update": "adam", "weight_decay": -1.0}, "weight_decay must be a finite number in [0.0, inf)"),
           ({"update": "sgd"}, "unknown update 'sgd'")]
    for kw, text in bad:
        w = net.w[2][0][0]
        try:
            train(net, [[1.0]], [[2.0]], "half_squared_error", 0.1, 1, **kw)
            raise AssertionError("accepted %r" % (kw,))
        except ValueError as e:
            assert str(e).startswith(text), (kw, str(e))
        assert net.w[2][0][0] == w


def test_a_state_of_another_update_or_shape_is_refused():
    net = init_network([2, 3, 2], "tanh", bias=True, seed=1)
    state = {}
    train(net, X, Y, "half_squared_error", 0.05, 1, update="adam", state=state)
    assert_raises(ValueError, train, net, X, Y, "half_squared_error", 0.05, 1, update="momentum",
                  momentum=0.5, state=state)
    other = init_network([2, 4, 2], "tanh", bias=True, seed=1)
    assert_raises(ValueError, train, other, X, Y, "half_squared_error", 0.05, 1, update="adam", state=state)
