"""The documents' worked examples as data, and every published number recomputed.

``reproduce()`` returns one row per number that ``001`` and ``002`` print and that can be
recomputed from what they print; ``python -m purenet`` shows them as a table. ``002``'s later
examples (multiple outputs, biases and activations, multiple samples) use weights that the
document does not print ("associated values are given in the code"): ``own_runs()`` runs them with
weights of our own, stated here, and says so instead of pretending to match.

Reading ``002``'s numbers (``shared/notes/papers.md``): "after N iterations, y = …" is the output of
the forward pass after N updates; ``002`` rounds some values and truncates others, so a value
matches when it is within one unit of the last printed digit (0.7235 allows ±0.0001, 8.0 ±0.1).
"""

from .losses import get_loss
from .network import Network, feed_forward, init_network
from .portable import Random
from .training import train

# 001 §2: one neuron, u = (0.7, 0.1, 0.4), w = (0.6, 1.2, −0.2), b = −0.5, sigmoid.
FORWARD_001 = {"weights": [[[0.6], [1.2], [-0.2]]], "biases": [[-0.5]], "activation": "sigmoid",
               "x": [0.7, 0.1, 0.4]}
# 001 §3: outputs (0.3, 0.5, 0.6, 0.1) against desired (1, 0, 0, 0), sum of squares.
ERROR_001 = {"outputs": [0.3, 0.5, 0.6, 0.1], "desired": [1.0, 0.0, 0.0, 0.0]}

# 002's first four examples: linear activations, no biases, J = ½(y − y*)², plain updates.
SINGLE_WEIGHT = {"weights": [[[0.95]]], "x": [2.0], "y": [1.0], "h": 0.1}
CHAIN_OF_FOUR = {"weights": [[[0.8]], [[0.6]], [[0.1]], [[0.5]]], "x": [2.0], "y": [1.0], "h": 0.1}
NET_1_2_2_1 = {"weights": [[[0.7, 0.5]],                   # w^2_11, w^2_12
                           [[0.4, 0.6], [0.5, 0.2]],       # w^3_11, w^3_12; w^3_21, w^3_22
                           [[0.1], [0.1]]],                # w^4_11; w^4_21
               "x": [2.0], "y": [1.0], "h": 0.1}
NET_2_2_2_1 = {"weights": [[[0.7, 0.5], [0.1, 0.9]],
                           [[0.4, 0.6], [0.5, 0.2]],
                           [[0.8], [0.4]]],
               "x": [2.0, 4.0], "y": [8.0], "h": 5e-3}

# 002's later examples, whose weights are not printed: the data is 002's, the weights are ours.
MULTIPLE_OUTPUTS = {"sizes": [2, 4, 3, 2, 4], "seed": 2, "x": [2.0, 4.0], "y": [5.0, 6.0, 7.0, 8.0],
                    "h": 2e-3, "iterations": 25, "paper_y": ["5.0038", "5.9990", "7.0032", "7.9952"]}
# 002 notes its initial values are all positive (so linear and ReLU agree): ours are 0.5·u, u from
# Random(0), every weight then every bias (``positive_parameters``).
BIASES_AND_ACTIVATIONS = {"sizes": [2, 4, 3, 2, 4], "seed": 0, "scale": 0.5, "x": [0.2, 0.5],
                          "y": [0.8, 0.1, 0.5, 0.7], "h": 0.1, "iterations": 30,
                          "paper_y": ["0.8002", "0.1005", "0.5001", "0.6997"]}
MULTIPLE_SAMPLES = {"sizes": [1, 4, 4, 4, 4, 1], "seed": 4, "activation": "tanh",
                    "x": [[0.0], [0.20], [0.50], [0.70], [0.85]],
                    "y": [[0.0], [0.50], [0.60], [0.75], [0.80]], "h": 0.3, "iterations": 500,
                    "paper_y": ["0.0295", "0.4255", "0.6867", "0.7470", "0.7706"]}


def tolerance(printed):
    """One unit of the last printed digit: "0.7235" -> 1e-4, "8.0" -> 0.1, "1.9" -> 0.1."""
    if "." not in printed:
        return 1.0
    return 10.0 ** -len(printed.split(".")[1])


def linear_network(example):
    """The example's network: linear activations, no biases (002's first four examples)."""
    return Network(example["weights"], None, "linear")


def outputs_after(example, iterations):
    """y after each of the given numbers of plain gradient-descent updates."""
    net = linear_network(example)
    history = train(net, [example["x"]], [example["y"]], "half_squared_error", example["h"],
                    max(iterations), record_outputs=True)
    return [history["outputs"][n][0][0] for n in iterations]


def _row(source, quantity, paper, value):
    tol = tolerance(paper)
    return {"source": source, "quantity": quantity, "paper": paper, "purenet": value,
            "tolerance": tol, "ok": abs(value - float(paper)) <= tol * (1.0 + 1e-9)}


def reproduce():
    """Every recomputable published number: a list of rows (source, quantity, paper, purenet, ok)."""
    rows = []
    # 001 §2: v = σ(w·u + b) = σ(−0.04) ≈ 0.490
    net = Network(FORWARD_001["weights"], FORWARD_001["biases"], FORWARD_001["activation"])
    trace = feed_forward(net, FORWARD_001["x"])
    rows.append(_row("001 §2", "w·u + b = −0.04", "-0.04", trace.z[2][0]))
    rows.append(_row("001 §2", "v = σ(−0.04) ≈ 0.490", "0.490", trace.a[2][0]))
    # 001 §3: E = 0.49 + 0.25 + 0.36 + 0.01 = 1.11
    o, d = ERROR_001["outputs"], ERROR_001["desired"]
    for j, printed in enumerate(["0.49", "0.25", "0.36", "0.01"]):
        rows.append(_row("001 §3", "(o_%d − d_%d)² = %s" % (j + 1, j + 1, printed), printed,
                         (o[j] - d[j]) * (o[j] - d[j])))
    rows.append(_row("001 §3", "E = Σ (o_j − d_j)² = 1.11", "1.11",
                     get_loss("squared_error").value(o, d)))

    # 002, single weight: y = x·w = 1.9; w = 0.77 after one update; 0.5027 / 0.5002 / 0.5000
    ex = SINGLE_WEIGHT
    rows.append(_row("002 single weight", "y = x·w = 1.9", "1.9", ex["x"][0] * ex["weights"][0][0][0]))
    for n, printed in ((1, "0.77"), (10, "0.5027"), (15, "0.5002"), (20, "0.5000")):
        net = linear_network(ex)
        train(net, [ex["x"]], [ex["y"]], "half_squared_error", ex["h"], n)
        rows.append(_row("002 single weight", "w after %d iteration%s" % (n, "s" if n > 1 else ""),
                         printed, net.w[2][0][0]))

    # 002, chain of four: z1 = 1.6, z2 = 0.96, z3 = 0.096, y = 0.048; then 10 / 15 / 20 updates
    ex = CHAIN_OF_FOUR
    trace = feed_forward(linear_network(ex), ex["x"])
    for l, name, printed in ((2, "z_1", "1.6"), (3, "z_2", "0.96"), (4, "z_3", "0.096"), (5, "y", "0.048")):
        rows.append(_row("002 chain of four", "%s = %s (initial weights)" % (name, printed), printed,
                         trace.z[l][0]))
    iterations = (10, 15, 20)
    for n, printed, value in zip(iterations, ("0.7235", "0.992283", "0.9999"), outputs_after(ex, iterations)):
        rows.append(_row("002 chain of four", "y after %d iterations" % n, printed, value))

    # 002, 1-2-2-1 and 2-2-2-1: y after 5 / 10 / 15 updates
    iterations = (5, 10, 15)
    for source, ex, printed_values in (("002 1-2-2-1", NET_1_2_2_1, ("0.9272", "0.9989", "0.9999")),
                                       ("002 2-2-2-1", NET_2_2_2_1, ("7.7814", "7.9992", "8.0"))):
        for n, printed, value in zip(iterations, printed_values, outputs_after(ex, iterations)):
            rows.append(_row(source, "y after %d iterations" % n, printed, value))
    return rows


def positive_parameters(sizes, seed=0, scale=0.5):
    """Weights and biases all in [0, scale): scale·u with u = Random(seed).random(), for every
    weight w_ij^l (l = 2 … L, row by row), then every bias b_j^l (layer by layer)."""
    rng = Random(seed)
    weights = [[[scale * rng.random() for _ in range(sizes[l])] for _ in range(sizes[l - 1])]
               for l in range(1, len(sizes))]
    biases = [[scale * rng.random() for _ in range(sizes[l])] for l in range(1, len(sizes))]
    return weights, biases


def run_own(example, activation="linear", update="plain", batch_size=None):
    """Run one of 002's later examples with our stated weights; returns (network, history)."""
    ex = example
    if ex is BIASES_AND_ACTIVATIONS:
        weights, biases = positive_parameters(ex["sizes"], ex["seed"], ex["scale"])
        net = Network(weights, biases, activation)
    else:
        net = init_network(ex["sizes"], ex.get("activation", activation),
                           bias=ex is not MULTIPLE_OUTPUTS, seed=ex["seed"])
    X = ex["x"] if isinstance(ex["x"][0], list) else [ex["x"]]
    Y = ex["y"] if isinstance(ex["y"][0], list) else [ex["y"]]
    history = train(net, X, Y, "half_squared_error", ex["h"], ex["iterations"],
                    batch_size=batch_size, update=update, record_outputs=True)
    return net, history


def _stated_weights(ex):
    if ex is BIASES_AND_ACTIVATIONS:
        return "weights and biases positive_parameters(seed %d, scale %r)" % (ex["seed"], ex["scale"])
    return "init_network seed %d, %s" % (ex["seed"], "no biases" if ex is MULTIPLE_OUTPUTS else "biases from 0")


def own_runs():
    """002's examples whose weights are not printed, run with ours: rows to show, never to match."""
    rows = []
    for source, ex, update in (("002 multiple outputs", MULTIPLE_OUTPUTS, "normalized"),
                               ("002 biases and activations", BIASES_AND_ACTIVATIONS, "plain"),
                               ("002 multiple samples", MULTIPLE_SAMPLES, "plain")):
        net, history = run_own(ex, update=update)
        outputs = history["outputs"][-1]
        y = [o[0] for o in outputs] if len(outputs) > 1 else outputs[0]
        rows.append({"source": source,
                     "quantity": "y after %d iterations (%s update; sizes %s; %s)"
                                 % (ex["iterations"], update, ex["sizes"], _stated_weights(ex)),
                     "paper": "[" + ", ".join(ex["paper_y"]) + "]",
                     "purenet": y})
    return rows
