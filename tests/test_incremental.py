"""The full check's incremental passes (``purenet/tools/verifier/incremental.py``) against passes from the
input.

The reference is the straightforward full check, written out here: set the parameter to p ± h in
the network, run the core's forward pass from the input for every sample, J = the mean of the
losses, and compare the side of every kink for every z_j^l of every layer and sample at p − h, p
and p + h. The incremental passes form the sums differently (the kept z_j^l plus the change), so
J(p ± h) may differ in the last bits, not more; the kink rule must mark the same parameters "not
comparable", with the same z^l_j and sample.

Portable: plain functions and asserts (purenet's own runner runs this file on MicroPython and
Pyodide). Where floats are single the sums agree to some 10**2 roundings of 2**-24, and the two
full checks' difference quotients to the verifier's own tolerances there (1e-2, 1e-3·max(1, |J|)).
"""

from purenet.bits import Random
from purenet.losses import get_loss
from purenet.network import Network, _forward, entry, init_network, parameters, set_entry
from purenet.tools.verifier.gradcheck import STEP_FACTOR, verify
from purenet.tools.verifier.incremental import Perturbations
from tests.helpers import assert_close, assert_raises, per_precision


def full_pass(net, X, Y, loss):
    """(J, the traces): every sample's forward pass from the input, J the mean of the losses."""
    traces = [_forward(net, x) for x in X]
    J = 0.0
    for k in range(len(X)):
        J += loss.value(traces[k].a[net.L], Y[k], traces[k].z[net.L])
    return J / len(X), traces


def first_kink(net, minus, base, plus):
    """The first (z name, sample) whose side of a kink differs at p − h, p, p + h, layer by layer,
    then sample by sample, then neuron by neuron (docs/verifier.md, "Kinks")."""
    def side(z, c):
        return 0 if z == c else (1 if z > c else -1)
    for l in range(2, net.L + 1):
        for k in range(len(base)):
            for j in range(len(base[k].z[l])):
                for c in net.s[l].kinks:
                    s0 = side(base[k].z[l][j], c)
                    if side(minus[k].z[l][j], c) != s0 or side(plus[k].z[l][j], c) != s0:
                        return "z^%d_%d" % (l, j + 1), k
    return None


def full_pass_differences(net, X, Y, loss):
    """[(name, numeric, kink)] for every parameter: the full check with every pass from the input
    (the parameter set in the network, then restored), kink = (z name, sample) or None."""
    loss = get_loss(loss)
    J, base = full_pass(net, X, Y, loss)
    out = []
    for name, kind, l, i, j in parameters(net):
        p = entry(net.w, net.b, kind, l, i, j)
        step = STEP_FACTOR * max(1.0, abs(p))
        p_plus, p_minus = p + step, p - step
        set_entry(net.w, net.b, kind, l, i, j, p_plus)
        J_plus, plus = full_pass(net, X, Y, loss)
        set_entry(net.w, net.b, kind, l, i, j, p_minus)
        J_minus, minus = full_pass(net, X, Y, loss)
        set_entry(net.w, net.b, kind, l, i, j, p)
        out.append((name, (J_plus - J_minus) / (p_plus - p_minus), first_kink(net, minus, base, plus)))
    return out


def data(n_in, n_out, samples, seed, low=-1.0):
    rng = Random(seed)
    return ([[rng.uniform(-1.0, 1.0) for _ in range(n_in)] for _ in range(samples)],
            [[rng.uniform(low, 1.0) for _ in range(n_out)] for _ in range(samples)])


def smooth_networks():
    """(net, X, Y, loss): every place a parameter can be (output layer, the one before, earlier),
    elementwise and softmax outputs, losses that read z^L, with and without biases."""
    out = []
    net = init_network([3, 4, 5, 3, 2], ["tanh", {"name": "sigmoid", "beta": 2.0}, "gaussian",
                                         "linear"], bias=True, seed=4)
    out.append((net,) + data(3, 2, 3, 1) + ("half_squared_error",))
    net = init_network([2, 5, 4, 3], ["tanh", "sigmoid", "softmax"], bias=True, seed=5)
    X, Y = data(2, 3, 4, 2, 0.0)
    out.append((net, X, [[y / (y_[0] + y_[1] + y_[2]) for y in y_] for y_ in Y],
                "categorical_cross_entropy"))
    net = init_network([4, 3, 2], ["linear", "sigmoid"], bias=False, seed=6)
    out.append((net,) + data(4, 2, 2, 3, 0.0) + ("cross_entropy",))
    net = init_network([3, 2], "tanh", bias=True, seed=7)                  # L = 2: output only
    out.append((net,) + data(3, 2, 2, 4) + ("squared_error",))
    return out


def onto_kink(net, x, l, j, c, offset=0.0):
    """Move b_j^l so that z_j^l for input x lands on c + offset (up to rounding): on a kink c,
    or within the step of one."""
    net.b[l][j] += c - _forward(net, x).z[l][j] + offset


def kink_networks():
    """Networks with ReLU, step and piecewise-linear layers where some z_j^l of some sample sits
    on a kink, or within the step of one, in a layer after the parameters it depends on (a bias
    moved to put it there): kinks in the parameter's own layer, in the next (the rank-one update)
    and later (the full products)."""
    out = []
    rng = Random(11)
    pwl = {"name": "piecewise_linear", "x_min": -0.5, "x_max": 0.5}
    for seed, acts in ((1, ["relu", "relu", "relu", "linear"]), (2, ["tanh", "step", "relu", "tanh"]),
                       (3, [pwl, "tanh", pwl, "linear"]), (4, ["relu", pwl, "step", "linear"])):
        for shift in range(4):
            net = init_network([3, 4, 4, 3, 2], acts, bias=True, seed=seed)
            X, Y = data(3, 2, 3, seed + 10 * shift)
            for l in (3, 4):                              # a kink in layer 3 and one in layer 4
                kinks = net.s[l].kinks
                if not kinks:
                    continue
                j = int(rng.random() * 4) if l == 3 else int(rng.random() * 3)
                k = int(rng.random() * 3)
                c = kinks[int(rng.random() * len(kinks))]
                off = 0.0 if shift == 0 else (rng.random() - 0.5) * STEP_FACTOR * 10.0 ** -(shift - 1)
                onto_kink(net, X[k], l, j, c, off)
            out.append((net, X, Y, "half_squared_error"))
    return out


def test_perturbed_costs_and_z_match_passes_from_the_input():
    for net, X, Y, loss in smooth_networks() + kink_networks():
        loss = get_loss(loss)
        passes = Perturbations(net, X, Y, loss)
        for name, kind, l, i, j in parameters(net):
            p = entry(net.w, net.b, kind, l, i, j)
            for step in (STEP_FACTOR * max(1.0, abs(p)), -1e-3):
                moved = p + step
                J, zs = passes.cost(kind, l, i, j, moved - p, keep_z=True)
                set_entry(net.w, net.b, kind, l, i, j, moved)
                J_ref, traces = full_pass(net, X, Y, loss)
                set_entry(net.w, net.b, kind, l, i, j, p)
                assert_close(J, J_ref, per_precision(1e-13, 1e-5), per_precision(1e-15, 1e-7), name)
                for k in range(len(X)):
                    for m in range(2, net.L + 1):
                        assert_close(zs[k][m], traces[k].z[m], per_precision(1e-12, 1e-5),
                                     per_precision(1e-14, 1e-6), "%s z^%d" % (name, m))
                J2, none = passes.cost(kind, l, i, j, moved - p)
                assert J2 == J and none is None


def test_a_neuron_that_does_not_move_costs_the_kept_pass_exactly():
    # ReLU neuron 1 of layer 2 is below its kink for both samples: moving w^2_11 changes z^2_1
    # but not a^2_1 = 0, so nothing after it moves and J(p ± h) is the kept J, bit for bit.
    net = Network([[[-1.0, 0.5]], [[0.3], [0.7]]], [[-0.5, 0.1], None], ["relu", "linear"])
    X, Y = [[1.0], [2.0]], [[0.2], [0.4]]
    passes = Perturbations(net, X, Y, get_loss("half_squared_error"))
    J = 0.0
    for c in passes.costs:
        J += c
    assert passes.cost("w", 2, 0, 0, 1e-3)[0] == J / 2
    row = verify(net, X, Y, "half_squared_error").rows[0]
    assert (row["name"], row["numeric"], row["analytic"], row["status"]) == ("w^2_11", 0.0, 0.0, "pass")


def test_the_full_check_agrees_with_passes_from_the_input():
    # The numeric derivatives agree to the rounding noise of a central difference (~ε|J|/h, far
    # below the tolerance), and the same parameters are "not comparable", at the same z and sample.
    marked = 0
    for net, X, Y, loss in smooth_networks() + kink_networks():
        report = verify(net, X, Y, loss)
        for row, (name, numeric, kink) in zip(report.rows, full_pass_differences(net, X, Y, loss)):
            assert row["name"] == name
            assert (row["kink"], row["kink_sample"]) == ((None, None) if kink is None else kink), name
            if kink is None:
                assert_close(row["numeric"], numeric, per_precision(1e-7, 1e-2),
                             per_precision(1e-9, 1e-3) * max(1.0, abs(report.J)), name)
            else:
                marked += 1
    assert marked > 50              # the kink networks do put kinks in reach of the perturbations


def test_jobs_is_a_whole_number_of_processes():
    net, X, Y, loss = smooth_networks()[3]
    for jobs in (0, -1, 1.5, True, "2"):
        assert_raises(ValueError, verify, net, X, Y, loss, jobs=jobs)
