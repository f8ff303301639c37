"""Conformance vectors: JSON files of cases that another implementation can check itself against.

In the spirit of Wycheproof's test vectors: each file holds a group of cases, and each case has an
``id``, a ``comment``, ``flags`` (what is special about it, each explained in the file's ``notes``),
a ``result`` (``valid``, or ``acceptable`` where a convention may legitimately differ), the
``model`` (a model file, see ``docs/formats.md``), the ``data`` (a data file), the ``loss``, the
``learning_rate`` h, and what purenet computes:

- ``expected.outputs``: y = a^L for every input;
- ``expected.trace``: per sample, every z^l and a^l keyed by layer number ("1" is the input);
- ``expected.cost``: J, the mean over the samples of the per-sample cost;
- ``expected.gradient``: ∂J/∂w_ij^l and ∂J/∂b_j^l, laid out like the model's layers;
- ``expected.updated_model``: the model after one plain gradient-descent step,
  p ← p − h ∂J/∂p for every weight and bias.

``python -m purenet vectors OUTDIR`` writes them; the committed copies live in ``vectors/`` and
``tests/host/test_vectors.py`` fails if regenerating them changes a single byte. Everything is
deterministic: random weights come from purenet's seeded SplitMix64 PRNG (``bits.Random``).
How to run another implementation against them, and the tolerance to use: ``docs/vectors.md``.
The invalid files are built in ``invalid.py``, the training runs in ``training.py`` and
``updates.py``, the JSON Schemas in ``schemas.py``; what they share in ``common.py``.
"""

import os

from ... import papers
from ...backprop import gradient
from ...network import Network, forward
from ...training import apply_update
from .. import files
from .common import (
    CONVENTIONS,
    GENERATOR,
    TOLERANCE,
    TOLERANCE_NOTE,
    VECTORS_FORMAT,
    VECTORS_VERSION,
    distribution_rows,
    notes_for,
    one_hot_rows,
    random_network,
    random_rows,
)

# conventions a legitimate implementation may choose otherwise: their cases are "acceptable"
ACCEPTABLE_FLAGS = ("relu'(0)=0", "step(0)=1", "piecewise_linear'=0 at ends")


def _content_flags(net, loss):
    """Flags that follow from the case itself: parameters, the output pairs with closed forms."""
    flags = []
    out = net.s[net.L]
    if any(net.s[l].params for l in range(2, net.L + 1)):
        flags.append("parameters")
    if any(net.s[l].name == "step" for l in range(2, net.L)):
        flags.append("step'=0")
    if out.name == "softmax" and loss != "categorical_cross_entropy":
        flags.append("softmax-jacobian")
    if loss == "cross_entropy" and out.name in ("sigmoid", "gaussian", "softmax"):
        flags.append("cross-entropy-from-z")
    return flags


def make_case(case_id, comment, net, X, Y, loss, learning_rate=0.1, flags=()):
    """One case: the inputs, and everything purenet computes from them. ``result`` is
    "acceptable" when a flag names a convention that implementations may choose otherwise."""
    traces = [forward(net, x) for x in X]
    J, gw, gb = gradient(net, X, Y, loss)
    stepped = net.copy()
    apply_update(stepped, gw, gb, learning_rate, "plain")
    grad = files.gradients_to_dict(J, gw, gb)
    flags = list(flags)
    for f in _content_flags(net, loss):
        if f not in flags:
            flags.append(f)
    acceptable = any(f in ACCEPTABLE_FLAGS for f in flags)
    return {
        "id": case_id,
        "comment": comment,
        "flags": flags,
        "result": "acceptable" if acceptable else "valid",
        "model": files.model_to_dict(net),
        "data": files.data_to_dict(X, Y),
        "loss": loss,
        "learning_rate": learning_rate,
        "expected": {
            "outputs": [t.output for t in traces],
            "trace": [{"z": {str(l): t.z[l] for l in range(1, net.L + 1)},
                       "a": {str(l): t.a[l] for l in range(1, net.L + 1)}} for t in traces],
            "cost": J,
            "gradient": {"layers": grad["layers"]},
            "updated_model": files.model_to_dict(stepped),
        },
    }


class _Group:
    def __init__(self, name, description, flag=None):
        self.name = name
        self.description = description
        self.flag = flag                  # the flag every case of the group carries
        self.cases = []

    def add(self, comment, net, X, Y, loss, learning_rate=0.1, flags=()):
        case_id = "%s-%03d" % (self.name, len(self.cases) + 1)
        flags = ([self.flag] if self.flag and self.flag not in flags else []) + list(flags)
        self.cases.append(make_case(case_id, comment, net, X, Y, loss, learning_rate, flags))

    def document(self):
        return {
            "format": VECTORS_FORMAT,
            "version": VECTORS_VERSION,
            "group": self.name,
            "description": self.description,
            "generator": GENERATOR,
            "tolerance": dict(TOLERANCE),
            "tolerance_note": TOLERANCE_NOTE,
            "conventions": CONVENTIONS,
            "notes": notes_for(self.cases),
            "number_of_cases": len(self.cases),
            "cases": self.cases,
        }


# ---------------------------------------------------------------------------------------------
# the groups

# Every activation with its parameters; elementwise ones are used in the hidden and output layers.
ACTIVATION_SPECS = [
    ("linear", "linear"),
    ("sigmoid", "sigmoid"),
    ("sigmoid, beta = 2.5", {"name": "sigmoid", "beta": 2.5}),
    ("tanh", "tanh"),
    ("relu", "relu"),
    ("piecewise_linear, default x_min = -1, x_max = 1 (continuous)", "piecewise_linear"),
    ("piecewise_linear, x_min = -0.5, x_max = 2, slope 0.3, intercept 0.25 (jumps at the ends)",
     {"name": "piecewise_linear", "x_min": -0.5, "x_max": 2.0, "slope": 0.3, "intercept": 0.25}),
    ("gaussian, default mu = 0, sigma = 1", "gaussian"),
    ("gaussian, mu = 0.3, sigma = 0.7", {"name": "gaussian", "mu": 0.3, "sigma": 0.7}),
]


def group_activations():
    g = _Group("activations", "Every activation function (with and without parameters) in the "
                              "hidden and the output layer of a 3-4-2 network with biases, two "
                              "samples, half_squared_error.", "activation")
    for k, (label, spec) in enumerate(ACTIVATION_SPECS):
        net = random_network([3, 4, 2], spec, bias=True, seed=10 + k, weight_scale=1.5)
        X = random_rows(2, 3, 100 + k, -1.5, 1.5)
        Y = random_rows(2, 2, 200 + k, 0.0, 1.0)
        g.add("%s in layers 2 and 3" % label, net, X, Y, "half_squared_error")
    # step has s' = 0: in the hidden layer it passes no gradient back, the output layer still learns
    net = random_network([3, 4, 2], ["step", "linear"], bias=True, seed=30)
    g.add("step in layer 2 (s' = 0: layer 2 gets a zero gradient), linear output", net,
          random_rows(3, 3, 130), random_rows(3, 2, 230), "half_squared_error")
    net = random_network([3, 4, 2], ["tanh", "step"], bias=True, seed=31)
    g.add("step in the output layer: every gradient is zero and the step changes nothing", net,
          random_rows(2, 3, 131), random_rows(2, 2, 231, 0.0, 1.0), "half_squared_error")
    # mixed activations, one per layer
    net = random_network([2, 3, 3, 3, 2], ["relu", {"name": "gaussian", "mu": -0.2, "sigma": 1.3},
                                           "tanh", {"name": "sigmoid", "beta": 0.5}], bias=True, seed=32)
    g.add("relu, gaussian(mu -0.2, sigma 1.3), tanh, sigmoid(beta 0.5): a different activation per layer",
          net, random_rows(3, 2, 132), random_rows(3, 2, 232, 0.0, 1.0), "half_squared_error")
    # softmax (output layer only) with a loss that is not cross-entropy: the full Jacobian path
    net = random_network([3, 4, 3], ["tanh", "softmax"], bias=True, seed=33, weight_scale=2.0)
    g.add("softmax output with half_squared_error (the softmax Jacobian, not the cross-entropy "
          "shortcut)", net, random_rows(2, 3, 133), distribution_rows(2, 3, 233), "half_squared_error")
    # piecewise_linear with only some parameters given: the others take their defaults in order
    # (x_min = -1, x_max = 1, then m = 1/(x_max - x_min), then b = -m x_min)
    for k, (label, spec) in enumerate(PIECEWISE_PARTIAL):
        net = random_network([3, 4, 2], spec, bias=True, seed=34 + k, weight_scale=1.2)
        g.add("piecewise_linear with %s in layers 2 and 3" % label, net,
              random_rows(3, 3, 134 + k, -1.5, 1.5), random_rows(3, 2, 234 + k, 0.0, 1.0),
              "half_squared_error", 0.1, ["piecewise-defaults"])
    net = random_network([3, 4, 3, 2], [{"name": "sigmoid", "beta": -1.5},
                                        {"name": "piecewise_linear", "slope": -0.4}, "linear"],
                         bias=True, seed=40, weight_scale=1.2)
    g.add("parameters that are allowed: sigmoid with beta = -1.5 (decreasing), piecewise_linear with "
          "slope -0.4 (intercept by default -m x_min = -0.4, so m z + b runs from 0 down to -0.8 and "
          "jumps to 1 at x_max)", net, random_rows(3, 3, 140, -1.5, 1.5), random_rows(3, 2, 240),
          "half_squared_error", 0.1, ["negative-parameter"])
    return g


# piecewise_linear with some of its parameters: (label, spec)
PIECEWISE_PARTIAL = [
    ("only x_min = -2 (x_max = 1, m = 1/3, b = 2/3)", {"name": "piecewise_linear", "x_min": -2.0}),
    ("only slope = 0.8 (x_min = -1, x_max = 1, b = -m x_min = 0.8)",
     {"name": "piecewise_linear", "slope": 0.8}),
    ("only intercept = 0.1 (x_min = -1, x_max = 1, m = 1/2)",
     {"name": "piecewise_linear", "intercept": 0.1}),
    ("x_max = 3 and slope = 0.2 (x_min = -1, b = -m x_min = 0.2)",
     {"name": "piecewise_linear", "x_max": 3.0, "slope": 0.2}),
    ("x_min = -0.5 and intercept = 0.3 (x_max = 1, m = 1/(1 - (-0.5)) = 2/3)",
     {"name": "piecewise_linear", "x_min": -0.5, "intercept": 0.3}),
]


def group_losses():
    g = _Group("losses", "Every loss, with the output activations it is usually paired with and with "
                         "some it is not; three outputs, biases, three samples.", "loss")
    X = random_rows(3, 2, 300)
    net = random_network([2, 4, 3], ["tanh", "linear"], seed=40)
    g.add("half_squared_error J = 1/2 sum (y - t)^2 (002), linear output", net, X,
          random_rows(3, 3, 301), "half_squared_error")
    g.add("squared_error E = sum (o - d)^2 (001 section 3), linear output", net, X,
          random_rows(3, 3, 301), "squared_error")
    net = random_network([2, 4, 3], ["tanh", "tanh"], seed=41)
    g.add("squared_error with a tanh output", net, X, random_rows(3, 3, 302, -0.9, 0.9), "squared_error")
    net = random_network([2, 4, 3], ["tanh", "sigmoid"], seed=42, weight_scale=2.0)
    g.add("cross_entropy (binary, summed over outputs) with sigmoid outputs and 0/1 targets "
          "(dJ/dz = y - t)", net, X, [[1.0, 0.0, 1.0], [0.0, 0.0, 1.0], [1.0, 1.0, 0.0]], "cross_entropy")
    g.add("cross_entropy with sigmoid outputs and soft targets in (0, 1)", net, X,
          random_rows(3, 3, 303, 0.05, 0.95), "cross_entropy")
    net = random_network([2, 4, 3], ["tanh", {"name": "sigmoid", "beta": 3.0}], seed=43)
    g.add("cross_entropy with sigmoid(beta = 3) outputs (dJ/dz = beta (y - t))", net, X,
          [[0.0, 1.0, 1.0], [1.0, 0.0, 0.0], [0.5, 0.25, 1.0]], "cross_entropy")
    net = random_network([2, 4, 3], ["relu", {"name": "gaussian", "sigma": 0.8}], seed=44)
    g.add("cross_entropy with gaussian outputs (values in (0, 0.5)): dJ/dz from the log-density, "
          "equal to dJ/dy * s'(z)", net, X, random_rows(3, 3, 304, 0.0, 1.0), "cross_entropy")
    net = random_network([2, 4, 3], ["tanh", "softmax"], seed=45, weight_scale=1.5)
    g.add("cross_entropy (binary) with a softmax output: log(1 - y_j) by log-sum-exp over the other "
          "classes, dJ/dz equal to the softmax Jacobian applied to dJ/dy",
          net, X, one_hot_rows(3, 3, 305), "cross_entropy")
    g.add("categorical_cross_entropy with a softmax output and one-hot targets (dJ/dz = y - t)", net, X,
          one_hot_rows(3, 3, 305), "categorical_cross_entropy")
    g.add("categorical_cross_entropy with soft targets summing to 1", net, X,
          distribution_rows(3, 3, 306), "categorical_cross_entropy")
    g.add("categorical_cross_entropy with targets that do not sum to 1 (dJ/dz_j = y_j sum_k t_k - t_j)",
          net, X, [[0.5, 0.0, 0.0], [1.0, 1.0, 0.0], [0.2, 0.3, 0.9]], "categorical_cross_entropy")
    return g


def group_biases():
    g = _Group("biases", "The same 2-3-2 sigmoid network with biases everywhere, nowhere, and in "
                         "one layer only (a model file stores null for a layer without biases).",
               "biases")
    X = random_rows(2, 2, 400)
    Y = random_rows(2, 2, 401, 0.0, 1.0)
    full = random_network([2, 3, 2], "sigmoid", bias=True, seed=50)
    w = [full.w[2], full.w[3]]
    s = [full.s[2], full.s[3]]
    g.add("biases in every layer", full, X, Y, "half_squared_error")
    g.add("no biases (as in most of 002's examples)", Network(w, None, s), X, Y, "half_squared_error")
    g.add("biases in layer 2 only", Network(w, [full.b[2], None], s), X, Y, "half_squared_error")
    g.add("biases in the output layer only", Network(w, [None, full.b[3]], s), X, Y, "half_squared_error")
    g.add("biases all zero (init_network's start): their gradient is not zero", Network(
        w, [[0.0] * 3, [0.0] * 2], s), X, Y, "half_squared_error")
    return g


def group_samples():
    g = _Group("samples", "One sample and several: the cost and the gradient are the means of the "
                          "per-sample ones (001 section 5), summed in sample order.",
               "mean-over-samples")
    net = random_network([2, 3, 1], ["tanh", "linear"], seed=60)
    for n, seed in ((1, 500), (2, 501), (5, 502), (16, 503)):
        g.add("%d sample%s, tanh-linear 2-3-1 with biases" % (n, "" if n == 1 else "s"), net,
              random_rows(n, 2, seed), random_rows(n, 1, seed + 50), "half_squared_error")
    net = random_network([3, 3, 2], ["relu", "sigmoid"], seed=61)
    g.add("the same input twice with different targets", net, [[0.5, -0.25, 1.0]] * 2,
          [[1.0, 0.0], [0.0, 1.0]], "cross_entropy")
    return g


def group_papers():
    g = _Group("papers", "The documents' worked examples (purenet.papers), with their own weights, "
                         "inputs, targets and learning rates where the documents print them.")
    ex = papers.FORWARD_001
    g.add("001 section 2: one sigmoid neuron, u = (0.7, 0.1, 0.4), w = (0.6, 1.2, -0.2), b = -0.5: "
          "w.u + b = -0.04, v = 0.490. The target 1.0 is ours (001 gives none); the loss is 001's "
          "sum of squares", papers.network(ex), [ex["x"]], [[1.0]], "squared_error", 0.1, ["paper"])
    ex = papers.ERROR_001
    net = Network([[ex["outputs"]]], None, "linear")
    g.add("001 section 3: outputs (0.3, 0.5, 0.6, 0.1) against desired (1, 0, 0, 0), E = 1.11; the "
          "outputs come from a 1-4 linear network with x = 1 and w^2_1j = o_j", net, [[1.0]],
          [ex["desired"]], "squared_error", 0.1, ["paper"])
    for label, ex in (("002 single weight: x = 2, w = 0.95, y* = 1, h = 0.1; y = 1.9, w = 0.77 after "
                       "one update", papers.SINGLE_WEIGHT),
                      ("002 chain of four: weights 0.8, 0.6, 0.1, 0.5, x = 2, y* = 1, h = 0.1; "
                       "z = 1.6, 0.96, 0.096, y = 0.048", papers.CHAIN_OF_FOUR),
                      ("002 1-2-2-1 network, x = 2, y* = 1, h = 0.1", papers.NET_1_2_2_1),
                      ("002 2-2-2-1 network, x = (2, 4), y* = 8, h = 0.005", papers.NET_2_2_2_1)):
        X, Y = papers.data(ex)
        g.add(label + " (linear, no biases, J = 1/2 (y - y*)^2)", papers.network(ex), X, Y,
              "half_squared_error", ex["h"], ["paper"])
    for label, ex in (("002 multiple outputs", papers.MULTIPLE_OUTPUTS),
                      ("002 biases and activations", papers.BIASES_AND_ACTIVATIONS),
                      ("002 multiple samples", papers.MULTIPLE_SAMPLES)):
        act = ex.get("activation", "linear")
        if ex is papers.BIASES_AND_ACTIVATIONS:
            weights = ("positive_parameters(%s, seed=%d, scale=%r), %s" % (ex["sizes"], ex["seed"],
                                                                           ex["scale"], act))
        else:
            weights = "init_network(%s, %s, bias=%s, seed=%d)" % (ex["sizes"], act, ex["bias"], ex["seed"])
        X, Y = papers.data(ex)
        g.add("%s: 002's data and learning rate h = %r; 002 does not print its weights, these are "
              "%s as in purenet.papers (one plain step here)" % (label, ex["h"], weights),
              papers.network(ex), X, Y, "half_squared_error", ex["h"], ["paper", "own-weights"])
    return g


def group_edge_cases():
    g = _Group("edge_cases", "Saturation, kinks hit exactly, extreme shapes: where implementations "
                             "most often disagree. Flags name the convention a case depends on.")
    # saturated sigmoid: s'(40) = 4.2e-18, and s(800) = 1.0 exactly with s' = 0
    net = Network([[[20.0, -20.0, 400.0]], [[1.0], [1.0], [1.0]]], [None, [-2.0]], ["sigmoid", "sigmoid"])
    g.add("saturated sigmoid: z^2 = (40, -40, 800) for x = 2; s(40) = 1 - 4.2e-18 rounds to 1.0, "
          "s(-40) = 4.2e-18, s(800) = 1.0 exactly, and s' underflows to 0 or nearly", net, [[2.0]],
          [[0.25]], "half_squared_error", 0.1, ["saturated"])
    net = Network([[[50.0], [-30.0]]], [[0.0]], "sigmoid")
    g.add("saturated sigmoid output with cross_entropy: z = 50 - 3 = 47, y = 1.0 exactly, target 1: "
          "J = log(1 + e^-47) = 3.9e-21 and dJ/dz = -s(-47) (0 within the tolerance; the general "
          "(y - t)/(y(1 - y)) would be 0/0)", net, [[1.0, 0.1]],
          [[1.0]], "cross_entropy", 0.1, ["saturated"])
    net = Network([[[-1000.0, 0.0, 1000.0]]], [[0.0, 0.0, 0.0]], "softmax")
    g.add("softmax with z = (-1000, 0, 1000): computed with the max subtracted, no overflow; "
          "categorical_cross_entropy by log-sum-exp stays finite (J = 2000 for the first class)", net,
          [[1.0]], [[1.0, 0.0, 0.0]], "categorical_cross_entropy", 0.1, ["saturated"])
    # kinks hit exactly
    net = Network([[[0.5, 2.0], [0.5, -1.0]], [[1.0], [1.0]]], None, ["relu", "linear"])
    g.add("ReLU exactly at its kink: x = (1, -1) gives z^2_1 = 0.5 - 0.5 = 0.0 exactly; purenet "
          "uses relu'(0) = 0, so w^2_11, w^2_21 get no gradient", net, [[1.0, -1.0]], [[2.0]],
          "half_squared_error", 0.1, ["kink", "relu'(0)=0"])
    net = Network([[[1.0, -1.0]], [[1.0], [1.0]]], [[-1.0, 1.0], [0.0]], ["step", "linear"])
    g.add("step exactly at 0: z^2 = (0, 0) for x = 1, step(0) = 1 as in 000; step' = 0", net,
          [[1.0]], [[0.5]], "half_squared_error", 0.1, ["kink", "step(0)=1"])
    net = Network([[[-1.0, 1.0, 0.5]], [[0.3], [0.7], [1.1]]], None, ["piecewise_linear", "linear"])
    g.add("piecewise_linear exactly at x_min and x_max: z^2 = (-1, 1, 0.5); s' = 0 at both ends "
          "(strict inequalities of 000), 0.5 inside", net, [[1.0]], [[0.0]], "half_squared_error",
          0.1, ["kink", "piecewise_linear'=0 at ends"])
    # shapes
    net = random_network([1, 1, 1, 1, 1, 1], "sigmoid", bias=True, seed=70, weight_scale=2.0)
    g.add("a one-neuron chain 1-1-1-1-1-1, sigmoid, with biases: the gradient shrinks layer by layer",
          net, [[0.8]], [[0.9]], "half_squared_error", 0.5, ["shape"])
    net = random_network([4, 64, 3], ["tanh", "linear"], bias=True, seed=71)
    g.add("a wide layer: 4-64-3, tanh then linear, two samples (sums of 64 products)", net,
          random_rows(2, 4, 700), random_rows(2, 3, 701), "half_squared_error", 0.05, ["shape"])
    net = random_network([2, 3, 3, 3, 3, 3, 3, 1], "tanh", bias=True, seed=72)
    g.add("a deep narrow network: seven weight layers of tanh", net, random_rows(2, 2, 702),
          random_rows(2, 1, 703, -0.5, 0.5), "half_squared_error", 0.1, ["shape"])
    net = Network([[[0.0, 0.0], [0.0, 0.0]], [[0.0], [0.0]]], [[0.0, 0.0], [0.0]], ["sigmoid", "linear"])
    g.add("all parameters zero: every hidden neuron alike (the symmetry that random initialisation "
          "breaks); the hidden weights get identical gradients", net, [[1.0, 2.0]], [[1.0]],
          "half_squared_error", 0.1, ["symmetric"])
    net = Network([[[1e-3, -2e5]], [[3e-4], [1e-6]]], [[1e-8, 50.0], None], ["tanh", "linear"])
    g.add("weights of very different magnitudes (1e-6 to 2e5), tanh saturated in one neuron", net,
          [[2.5e-3]], [[1.0]], "half_squared_error", 0.1, ["scale"])
    net = random_network([3, 2, 2], ["tanh", "linear"], seed=73)
    g.add("output equals target exactly: zero cost, zero gradient, the step changes nothing", net,
          [[0.1, 0.2, 0.3]], [forward(net, [0.1, 0.2, 0.3]).output], "half_squared_error", 0.1,
          ["zero-gradient"])
    jumping = {"name": "piecewise_linear", "x_min": -0.5, "x_max": 2.0, "slope": 0.3, "intercept": 0.25}
    net = Network([[[-0.5, 2.0, 1.0, -0.75, 2.5]]], None, jumping)
    g.add("piecewise_linear that jumps (x_min -0.5, x_max 2, slope 0.3, intercept 0.25) exactly at its "
          "ends: z = (-0.5, 2, 1, -0.75, 2.5) gives y = (0, 1, 0.55, 0, 1), not m z + b = 0.1 and 0.85 "
          "at the ends; the targets are these outputs, so J = 0 and the gradient is 0 whatever s' is "
          "taken at the ends", net, [[1.0]], [forward(net, [1.0]).output], "half_squared_error", 0.1,
          ["kink", "piecewise-ends", "zero-gradient"])
    net = Network([[[1.0, -2.0, 0.0], [3.0, 1.0, -1.0]], [[2.0], [-1.0], [1.0]]], [[0.0, 1.0, -2.0], [3.0]],
                  ["tanh", "linear"])
    g.add("integer literals where numbers belong: the model's weights and biases, the inputs and the "
          "targets are written 1, -2, 0 (JSON integers), which a reader must take as the numbers 1.0, "
          "-2.0, 0.0; an integer tensor or a type check for floats fails here", net,
          [[1.0, -1.0], [0.0, 2.0]],
          [[1.0], [-2.0]], "half_squared_error", 0.1, ["integer-literals"])
    _integer_literals(g.cases[-1])
    return g


def _integer_literals(case):
    """Write every integral number of the case's model and data as a JSON integer."""
    def ints(x):
        if isinstance(x, list):
            return [ints(v) for v in x]
        return int(x) if isinstance(x, float) and x == int(x) else x
    for layer in case["model"]["layers"]:
        layer["weights"] = ints(layer["weights"])
        layer["biases"] = ints(layer["biases"])
    case["data"] = {"inputs": ints(case["data"]["inputs"]), "targets": ints(case["data"]["targets"])}


GROUPS = (group_activations, group_losses, group_biases, group_samples, group_papers, group_edge_cases)


def all_groups():
    """Every group, built: a list of (file name, document)."""
    from .invalid import group_invalid
    from .training import group_training
    from .updates import group_updates
    out = []
    for build in GROUPS:
        g = build()
        out.append((g.name + ".json", g.document()))
    out.append(("invalid.json", group_invalid()))
    out.append(("training.json", group_training()))
    out.append(("updates.json", group_updates()))
    return out


def write_vectors(outdir):
    """Write every group as OUTDIR/<group>.json and the JSON Schema of each file kind as
    OUTDIR/schema/<kind>.schema.json (atomically, creating the folders). Returns a list of
    (path, number of cases) for the vector files."""
    from .schemas import SCHEMAS
    schema_dir = os.path.join(outdir, "schema")
    if not os.path.isdir(schema_dir):
        os.makedirs(schema_dir)
    written = []
    for name, doc in all_groups():
        path = os.path.join(outdir, name)
        files.write_json_atomic(path, doc)
        written.append((path, doc["number_of_cases"]))
    for kind in SCHEMAS:
        files.write_json_atomic(os.path.join(schema_dir, kind + ".schema.json"), SCHEMAS[kind])
    return written
