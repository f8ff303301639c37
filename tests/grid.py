"""The test grid: every activation × every loss × biases or not × 1–4 hidden layers × 1–5 neurons
× 1–6 samples, 7,680 seeded networks that are the same on every interpreter (a test fixture).

``grid_case(k)`` builds network k; ``grid_sample(n)`` picks a deterministic sample that covers
every value of every axis (the portable tests use it, ``tests/host/test_grid.py`` the whole grid).
``python tests/grid.py K ...`` prints grid case K with the three engines and the finite
difference side by side.
"""
import sys

if __name__ == "__main__":          # run as a script: make the repository root importable
    _root = "/".join(__file__.replace("\\", "/").split("/")[:-2]) or "."
    if _root not in sys.path:
        sys.path.insert(0, _root)

from purenet.activations import get_activation
from purenet.bits import Random
from purenet.network import Network

GRID_ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "step", "piecewise_linear", "gaussian",
                    "softmax")
GRID_LOSSES = ("half_squared_error", "squared_error", "cross_entropy", "categorical_cross_entropy")
GRID_BIASES = (False, True)
GRID_HIDDEN = (1, 2, 3, 4)
GRID_NEURONS = (1, 2, 3, 4, 5)
GRID_SAMPLES = (1, 2, 3, 4, 5, 6)
GRID_SIZE = (len(GRID_ACTIVATIONS) * len(GRID_LOSSES) * len(GRID_BIASES) * len(GRID_HIDDEN)
             * len(GRID_NEURONS) * len(GRID_SAMPLES))          # 8·4·2·4·5·6 = 7680

# parameter variants, so that β, μ, σ and the piecewise-linear constants are exercised too
_VARIANTS = {
    "sigmoid": ("sigmoid", {"name": "sigmoid", "beta": 2.0}, {"name": "sigmoid", "beta": 0.5}),
    "gaussian": ("gaussian", {"name": "gaussian", "mu": 0.3, "sigma": 0.8}),
    "piecewise_linear": ("piecewise_linear",
                         {"name": "piecewise_linear", "x_min": -2.0, "x_max": 1.5},
                         {"name": "piecewise_linear", "x_min": -0.5, "x_max": 0.5,
                          "slope": 0.8, "intercept": 0.4}),
}
_ELEMENTWISE = GRID_ACTIVATIONS[:-1]


def grid_axes(index):
    """The grid coordinates of case ``index`` (0 ≤ index < GRID_SIZE): a dict with activation,
    loss, bias, hidden (layers), neurons (per hidden layer), samples. The last axis varies fastest."""
    if not 0 <= index < GRID_SIZE:
        raise ValueError("grid case %r: expected 0 <= index < %d" % (index, GRID_SIZE))
    k = index
    out = {}
    for key, axis in (("samples", GRID_SAMPLES), ("neurons", GRID_NEURONS), ("hidden", GRID_HIDDEN),
                      ("bias", GRID_BIASES), ("loss", GRID_LOSSES), ("activation", GRID_ACTIVATIONS)):
        out[key] = axis[k % len(axis)]
        k //= len(axis)
    return out


def grid_index(activation, loss, bias, hidden, neurons, samples):
    """The index of the grid case with these coordinates (the inverse of ``grid_axes``)."""
    k = 0
    for value, axis in ((activation, GRID_ACTIVATIONS), (loss, GRID_LOSSES), (bias, GRID_BIASES),
                        (hidden, GRID_HIDDEN), (neurons, GRID_NEURONS), (samples, GRID_SAMPLES)):
        k = k * len(axis) + list(axis).index(value)
    return k


def grid_sample(per_pair=4):
    """A deterministic sample of the grid: for every activation × loss pair, ``per_pair`` cases
    whose other coordinates cycle so that every value of every axis occurs (biases alternate;
    1–4 hidden layers, 1–5 neurons and 1–6 samples advance at different rates)."""
    out = []
    c = 0
    for act in GRID_ACTIVATIONS:
        for loss in GRID_LOSSES:
            for t in range(per_pair):
                out.append(grid_index(act, loss, GRID_BIASES[(c // 2 + t) % 2], GRID_HIDDEN[(c + t) % 4],
                                      GRID_NEURONS[(c + 2 * t) % 5], GRID_SAMPLES[(5 * c + t) % 6]))
            c += 1
    return out


def _variant(name, rng):
    options = _VARIANTS.get(name, (name,))
    return options[rng.randbelow(len(options))]


def grid_case(index):
    """Test network ``index`` of the grid, deterministic on every interpreter: (net, X, Y, loss, axes).

    The activation axis sets the hidden layers' activation (softmax, allowed only in the output
    layer, puts a random elementwise one there). The output layer takes the activation when the
    loss allows it: any for the squared errors; sigmoid, gaussian or softmax for cross_entropy
    (outputs in (0, 1); sigmoid otherwise); softmax for categorical_cross_entropy. The input layer
    has 1–3 neurons and the output layer ``neurons`` (at least 2 with a softmax output). Weights
    are uniform in [−1, 1), biases in [−0.5, 0.5), inputs in [−1.5, 1.5); targets in [−1, 1) for
    the squared errors, [0, 1) for cross_entropy, and one-hot or a random distribution for
    categorical_cross_entropy. All drawn from ``bits.Random(index)``."""
    ax = grid_axes(index)
    rng = Random(index)
    act, loss = ax["activation"], ax["loss"]
    hidden = []
    for _ in range(ax["hidden"]):
        name = act if act != "softmax" else _ELEMENTWISE[rng.randbelow(len(_ELEMENTWISE))]
        hidden.append(_variant(name, rng))
    if loss == "categorical_cross_entropy":
        out = "softmax"
    elif loss == "cross_entropy":
        out = act if act in ("sigmoid", "gaussian", "softmax") else "sigmoid"
    else:
        out = act
    out = _variant(out, rng)
    n_out = ax["neurons"]
    if get_activation(out).name == "softmax" and n_out < 2:
        n_out = 2
    sizes = [1 + rng.randbelow(3)] + [ax["neurons"]] * ax["hidden"] + [n_out]
    weights, biases = [], []
    for l in range(1, len(sizes)):
        weights.append([[rng.uniform(-1.0, 1.0) for _ in range(sizes[l])] for _ in range(sizes[l - 1])])
        biases.append([rng.uniform(-0.5, 0.5) for _ in range(sizes[l])] if ax["bias"] else None)
    net = Network(weights, biases, hidden + [out])
    X, Y = [], []
    for _ in range(ax["samples"]):
        X.append([rng.uniform(-1.5, 1.5) for _ in range(sizes[0])])
        if loss == "cross_entropy":
            Y.append([rng.random() for _ in range(n_out)])
        elif loss == "categorical_cross_entropy":
            if rng.random() < 0.5:
                y = [0.0] * n_out
                y[rng.randbelow(n_out)] = 1.0
            else:
                y = [rng.random() + 0.01 for _ in range(n_out)]
                t = 0.0
                for y_j in y:
                    t += y_j
                y = [y_j / t for y_j in y]
            Y.append(y)
        else:
            Y.append([rng.uniform(-1.0, 1.0) for _ in range(n_out)])
    return net, X, Y, loss, ax


def main(argv):
    from purenet.tools.verifier.gradcheck import compare_engines
    for a in argv or ["0"]:
        net, X, Y, loss, ax = grid_case(int(a))
        sys.stdout.write("grid case %s: %r\n%r\n" % (a, ax, net))
        sys.stdout.write(compare_engines(net, X, Y, loss).format())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
