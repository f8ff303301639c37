"""The documents' worked examples as data, their published numbers, and the rule that matches them.

The one source of all three: the example scripts (``examples/``), the tests, the conformance
vectors and ``python -m purenet`` read the examples, the numbers and ``matches`` from here.

- ``FORWARD_001`` … ``NET_2_2_2_1``: every example whose numbers the documents print, with those
  numbers under ``"published"`` exactly as printed (strings, since the digits printed set the
  tolerance); ``reproduce()`` recomputes each one, one row per number.
- ``MULTIPLE_OUTPUTS``, ``BIASES_AND_ACTIVATIONS``, ``MULTIPLE_SAMPLES``: ``002``'s later examples,
  whose weights the document does not print ("associated values are given in the code"). They
  run with weights of our own, stated here (``network``), and ``own_runs()`` shows the result
  beside ``002``'s without calling it a match.

Reading ``002``'s numbers: "after N iterations, y = …" is the output of the forward pass after N
updates (N = 0 is the initial network). ``002`` rounds some values and truncates others (y =
0.723556 is printed 0.7235, 0.998878 is printed 0.9989), so a value matches when it is within one
unit of the last printed digit (``matches``): 0.7235 allows ±0.0001, 8.0 allows ±0.1. Half a unit
would call right results wrong.
"""

from .bits import Random
from .losses import get_loss
from .network import Network, _forward, init_network
from .training import train

# 001 §2: one neuron, u = (0.7, 0.1, 0.4), w = (0.6, 1.2, −0.2), b = −0.5, sigmoid.
FORWARD_001 = {"weights": [[[0.6], [1.2], [-0.2]]], "biases": [[-0.5]], "activation": "sigmoid",
               "x": [0.7, 0.1, 0.4], "published": {"z": "-0.04", "v": "0.490"}}
# 001 §3: outputs (0.3, 0.5, 0.6, 0.1) against desired (1, 0, 0, 0), sum of squares.
ERROR_001 = {"outputs": [0.3, 0.5, 0.6, 0.1], "desired": [1.0, 0.0, 0.0, 0.0],
             "published": {"terms": ("0.49", "0.25", "0.36", "0.01"), "E": "1.11"}}

# 002's first four examples: linear activations, no biases, J = ½(y − y*)², plain updates.
# "published": {quantity: ((iterations, printed), ...)}; z is keyed by layer (initial weights).
SINGLE_WEIGHT = {"weights": [[[0.95]]], "x": [2.0], "y": [1.0], "h": 0.1,
                 "published": {"y": "1.9",
                               "w": ((1, "0.77"), (10, "0.5027"), (15, "0.5002"), (20, "0.5000"))}}
CHAIN_OF_FOUR = {"weights": [[[0.8]], [[0.6]], [[0.1]], [[0.5]]], "x": [2.0], "y": [1.0], "h": 0.1,
                 "published": {"z": ((2, "1.6"), (3, "0.96"), (4, "0.096"), (5, "0.048")),
                               "y": ((10, "0.7235"), (15, "0.992283"), (20, "0.9999"))}}
NET_1_2_2_1 = {"weights": [[[0.7, 0.5]],                   # w^2_11, w^2_12
                           [[0.4, 0.6], [0.5, 0.2]],       # w^3_11, w^3_12; w^3_21, w^3_22
                           [[0.1], [0.1]]],                # w^4_11; w^4_21
               "x": [2.0], "y": [1.0], "h": 0.1,
               "published": {"y": ((5, "0.9272"), (10, "0.9989"), (15, "0.9999"))}}
NET_2_2_2_1 = {"weights": [[[0.7, 0.5], [0.1, 0.9]],
                           [[0.4, 0.6], [0.5, 0.2]],
                           [[0.8], [0.4]]],
               "x": [2.0, 4.0], "y": [8.0], "h": 5e-3,
               "published": {"y": ((5, "7.7814"), (10, "7.9992"), (15, "8.0"))}}

# 002's later examples, whose weights are not printed: the data is 002's, the weights are ours.
MULTIPLE_OUTPUTS = {"sizes": [2, 4, 3, 2, 4], "seed": 2, "bias": False, "update": "normalized",
                    "x": [2.0, 4.0], "y": [5.0, 6.0, 7.0, 8.0], "h": 2e-3, "iterations": 25,
                    "paper_y": ["5.0038", "5.9990", "7.0032", "7.9952"]}
# 002 notes its initial values are all positive (so linear and ReLU agree): ours are 0.5·u, u from
# Random(0), every weight then every bias (``positive_parameters``).
BIASES_AND_ACTIVATIONS = {"sizes": [2, 4, 3, 2, 4], "seed": 0, "scale": 0.5, "bias": True,
                          "update": "plain", "x": [0.2, 0.5], "y": [0.8, 0.1, 0.5, 0.7], "h": 0.1,
                          "iterations": 30, "paper_y": ["0.8002", "0.1005", "0.5001", "0.6997"]}
MULTIPLE_SAMPLES = {"sizes": [1, 4, 4, 4, 4, 1], "seed": 4, "bias": True, "update": "plain",
                    "activation": "tanh",
                    "x": [[0.0], [0.20], [0.50], [0.70], [0.85]],
                    "y": [[0.0], [0.50], [0.60], [0.75], [0.80]], "h": 0.3, "iterations": 500,
                    "paper_y": ["0.0295", "0.4255", "0.6867", "0.7470", "0.7706"]}


def tolerance(printed):
    """One unit of the last printed digit: "0.7235" -> 1e-4, "8.0" -> 0.1, "1.9" -> 0.1."""
    if "." not in printed:
        return 1.0
    return 10.0 ** -len(printed.split(".")[1])


def matches(value, printed):
    """True when value is within one unit of the last digit of the number printed (a string)."""
    return abs(value - float(printed)) <= tolerance(printed) * (1.0 + 1e-9)


def positive_parameters(sizes, seed=0, scale=0.5):
    """Weights and biases all in [0, scale): scale·u with u = Random(seed).random(), for every
    weight w_ij^l (l = 2 … L, row by row), then every bias b_j^l (layer by layer)."""
    rng = Random(seed)
    weights = [[[scale * rng.random() for _ in range(sizes[l])] for _ in range(sizes[l - 1])]
               for l in range(1, len(sizes))]
    biases = [[scale * rng.random() for _ in range(sizes[l])] for l in range(1, len(sizes))]
    return weights, biases


def network(example, activation=None):
    """The example's initial network. Printed weights where the document prints them (linear and
    without biases unless the example says otherwise); for ``002``'s later examples our stated
    ones: ``positive_parameters`` for the biases-and-activations example, ``init_network`` with
    the example's seed for the others. ``activation`` overrides the example's (default linear)."""
    act = activation or example.get("activation", "linear")
    if "weights" in example:
        return Network(example["weights"], example.get("biases"), act)
    if example is BIASES_AND_ACTIVATIONS:
        weights, biases = positive_parameters(example["sizes"], example["seed"], example["scale"])
        return Network(weights, biases, act)
    return init_network(example["sizes"], act, bias=example["bias"], seed=example["seed"])


def data(example):
    """(X, Y): the example's inputs and targets as lists of samples."""
    x, y = example["x"], example["y"]
    return (x if isinstance(x[0], list) else [x]), (y if isinstance(y[0], list) else [y])


def outputs_after(example, iterations):
    """y_1 after each of the given numbers of plain gradient-descent updates (ascending)."""
    X, Y = data(example)
    net = network(example)
    out = []
    done = 0
    for n in iterations:                     # train on from the last count: no history kept
        train(net, X, Y, "half_squared_error", example["h"], n - done, record_every=n - done or 1)
        done = n
        out.append(_forward(net, X[0]).output[0])
    return out


def _row(source, quantity, printed, value):
    return {"source": source, "quantity": quantity, "paper": printed, "purenet": value,
            "tolerance": tolerance(printed), "ok": matches(value, printed)}


def reproduce():
    """Every recomputable published number: a list of rows (source, quantity, paper, purenet, ok)."""
    rows = []
    ex = FORWARD_001                                   # 001 §2: v = σ(w·u + b) = σ(−0.04) ≈ 0.490
    trace = _forward(network(ex), ex["x"])
    rows.append(_row("001 §2", "w·u + b = −0.04", ex["published"]["z"], trace.z[2][0]))
    rows.append(_row("001 §2", "v = σ(−0.04) ≈ 0.490", ex["published"]["v"], trace.a[2][0]))
    ex = ERROR_001                                     # 001 §3: E = 0.49 + 0.25 + 0.36 + 0.01
    o, d = ex["outputs"], ex["desired"]
    for j, printed in enumerate(ex["published"]["terms"]):
        rows.append(_row("001 §3", "(o_%d − d_%d)² = %s" % (j + 1, j + 1, printed), printed,
                         (o[j] - d[j]) * (o[j] - d[j])))
    rows.append(_row("001 §3", "E = Σ (o_j − d_j)² = 1.11", ex["published"]["E"],
                     get_loss("squared_error").value(o, d)))

    ex = SINGLE_WEIGHT                                 # 002: y = x·w = 1.9, then w after N updates
    rows.append(_row("002 single weight", "y = x·w = 1.9", ex["published"]["y"],
                     _forward(network(ex), ex["x"]).output[0]))
    X, Y = data(ex)
    for n, printed in ex["published"]["w"]:
        net = network(ex)
        train(net, X, Y, "half_squared_error", ex["h"], n)
        rows.append(_row("002 single weight", "w after %d iteration%s" % (n, "s" if n > 1 else ""),
                         printed, net.w[2][0][0]))

    ex = CHAIN_OF_FOUR                                 # 002: z_1 = 1.6, …, y = 0.048, then y after N
    trace = _forward(network(ex), ex["x"])
    for l, printed in ex["published"]["z"]:
        name = "y" if l == 5 else "z_%d" % (l - 1)
        rows.append(_row("002 chain of four", "%s = %s (initial weights)" % (name, printed), printed,
                         trace.z[l][0]))
    for source, ex in (("002 chain of four", CHAIN_OF_FOUR), ("002 1-2-2-1", NET_1_2_2_1),
                       ("002 2-2-2-1", NET_2_2_2_1)):
        published = ex["published"]["y"]
        values = outputs_after(ex, [n for n, printed in published])
        for (n, printed), value in zip(published, values):
            rows.append(_row(source, "y after %d iterations" % n, printed, value))
    return rows


def run_own(example, activation=None, update=None, batch_size=None, record_every=1):
    """Run one of 002's later examples with our stated weights; returns (network, history), the
    history with the outputs (every ``record_every`` iterations and after the last)."""
    net = network(example, activation)
    X, Y = data(example)
    history = train(net, X, Y, "half_squared_error", example["h"], example["iterations"],
                    batch_size=batch_size, update=update or example["update"], record_outputs=True,
                    record_every=record_every)
    return net, history


def stated_weights(example):
    """How the example's weights were chosen, in words (the examples and the vectors say it)."""
    if example is BIASES_AND_ACTIVATIONS:
        return ("weights and biases positive_parameters(seed %d, scale %r)"
                % (example["seed"], example["scale"]))
    return "init_network seed %d, %s" % (example["seed"],
                                        "biases from 0" if example["bias"] else "no biases")


def own_runs():
    """002's examples whose weights are not printed, run with ours: rows to show, never to match."""
    rows = []
    for source, ex in (("002 multiple outputs", MULTIPLE_OUTPUTS),
                       ("002 biases and activations", BIASES_AND_ACTIVATIONS),
                       ("002 multiple samples", MULTIPLE_SAMPLES)):
        net, history = run_own(ex, record_every=ex["iterations"])     # the first and last only
        outputs = history["outputs"][-1]
        y = [o[0] for o in outputs] if len(outputs) > 1 else outputs[0]
        rows.append({"source": source,
                     "quantity": "y after %d iterations (%s update; sizes %s; %s)"
                                 % (ex["iterations"], ex["update"], ex["sizes"], stated_weights(ex)),
                     "paper": "[" + ", ".join(ex["paper_y"]) + "]",
                     "purenet": y})
    return rows
