"""Training vectors: several gradient-descent steps, in a file format of their own.

``vectors/training.json`` has ``"format": "purenet.vectors.training"``, so a reader of the
one-step vectors (``"purenet.vectors"``, version 1) skips it. Each case is a whole training run:
an initial model (or the seeded ``init`` that makes it), the data, the loss, the learning rate,
the update (plain or normalized), the batch size, the shuffle seed and the number of epochs, with
what purenet computes: the full-batch cost and gradient at the start, the cost after every epoch,
the sample order of every epoch, the model after every epoch, and where training diverged. The
rules a reader needs to reproduce them (the epoch loop, the PRNG, the shuffle, the initial
weights, the normalized update, divergence) are stated in the file's ``rules``.
"""

from ...backprop import gradient
from ...bits import Random
from ...network import Network, forward, init_network
from ...training import TrainingDiverged, train
from .. import files
from .common import CONVENTIONS, GENERATOR, TOLERANCE, TOLERANCE_NOTE, notes_for, random_network, random_rows

TRAINING_FORMAT = "purenet.vectors.training"
TRAINING_VERSION = 1

# the per-case tolerance of the exact-saturation cases: relative only, with the smallest normal
# double as the floor, so that a tiny exact cost (e^-40) is not passed by 0
EXACT_TOLERANCE = {"relative": 1e-9, "absolute": 2.2250738585072014e-308}

RULES = {
    "epoch": "for epoch = 1 .. epochs: if shuffle_seed is not null, shuffle the order (below); then "
             "for start = 0, batch_size, 2*batch_size, ... < n: the batch is order[start : start + "
             "batch_size] (the last one shorter when batch_size does not divide n), compute the mean "
             "cost gradient over the batch's samples at the current parameters and update every "
             "weight and bias; after the epoch, the cost over all n samples is recorded. batch_size "
             "null means n (batch gradient descent: one step per epoch); 1 is stochastic gradient "
             "descent. expected.cost[0] is the cost before training, expected.cost[k] after epoch k.",
    "shuffle": "order starts as [0, 1, ..., n-1] once, before the first epoch, and is shuffled in "
               "place at the start of every epoch (so each epoch shuffles the previous epoch's order) "
               "by ONE generator Random(shuffle_seed) created once for the whole run: for i = n-1 "
               "down to 1: j = randbelow(i + 1); swap order[i] and order[j] (Fisher-Yates from the "
               "end). expected.orders[k-1] is the order used in epoch k (null when not shuffled).",
    "prng": "SplitMix64 with 64-bit unsigned arithmetic (all operations mod 2^64): state = seed mod "
            "2^64; next_u64: state = state + 0x9E3779B97F4A7C15; z = state; z = (z ^ (z >> 30)) * "
            "0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB; return z ^ (z >> 31). "
            "random() = (next_u64() >> 11) * 2^-53 (a double in [0, 1)); uniform(a, b) = a + (b - a) "
            "* random(), evaluated in that order; randbelow(n) for 1 <= n <= 2^64: limit = 2^64 - "
            "(2^64 mod n); draw x = next_u64() until x < limit; return x mod n.",
    "init": "a case with init (and model null) starts from init_network(sizes, activations, bias, "
            "seed): one generator Random(seed); for each layer l = 2 .. L in order, r = sqrt(6 / "
            "(n^(l-1) + n^l)) (n^l the size of layer l, sqrt correctly rounded), and for i over the "
            "n^(l-1) rows, j over the n^l columns (row by row): w_ij^l = uniform(-r, r). Biases are "
            "0.0 when bias is true, null otherwise. expected.models[0] is the result.",
    "update": "plain: p <- p - h * dJ/dp for every weight and bias. normalized: p <- p - (h / "
              "||g||) * dJ/dp with ||g|| = sqrt(sum of (dJ/dp)^2 over every weight and every bias of "
              "the network together, layer by layer, weights row by row then biases); when ||g|| = 0 "
              "the step leaves every parameter as it is. h / ||g|| is computed once per step.",
    "divergence": "after each epoch, if the recorded cost is infinite or NaN, or a weight or bias is, "
                  "training stops: the parameters of the end of the previous epoch are the result "
                  "and expected.diverged = {\"epoch\": k} names the epoch; expected.cost and "
                  "expected.models stop at epoch k - 1. An initial cost that is not finite is an error.",
}


def _model(net):
    return files.model_to_dict(net)


def training_case(case_id, comment, flags, start, X, Y, loss, learning_rate, epochs, batch_size=None,
                  update="plain", shuffle_seed=None, tolerance=None, options=None, keep_state=None):
    """One training run. ``start`` is a Network or an init dict {"sizes", "activations", "bias",
    "seed"} (then the case has ``init`` and a null ``model``). ``options``: the update's
    (``train``'s momentum, dampening, weight_decay, betas, eps); with ``keep_state``, train keeps
    the update's state and ``keep_state(state)`` is called after every epoch."""
    if isinstance(start, Network):
        net, init = start.copy(), None
    else:
        init = dict(start)
        net = init_network(init["sizes"], init["activations"], bias=init["bias"], seed=init["seed"])
    models = [_model(net)]
    J0, gw, gb = gradient(net, X, Y, loss)
    orders = None
    if shuffle_seed is not None:
        rng, order, orders = Random(shuffle_seed), list(range(len(X))), []
        for _ in range(epochs):
            rng.shuffle(order)
            orders.append(list(order))
    history = {}
    diverged = None
    state = {} if keep_state is not None else None

    def on_epoch(epoch, J):
        models.append(_model(net))
        if keep_state is not None:
            keep_state(state)

    try:
        train(net, X, Y, loss, learning_rate, epochs, batch_size=batch_size, update=update,
              shuffle_seed=shuffle_seed, history=history, on_epoch=on_epoch, state=state,
              **(options or {}))
    except TrainingDiverged as e:
        diverged = {"epoch": e.epoch}
        if orders is not None:
            orders = orders[:e.epoch]
    case = {
        "id": case_id,
        "comment": comment,
        "flags": list(flags),
        "result": "valid",
        "model": None if init else _model(start),
        "init": init,
        "data": files.data_to_dict(X, Y),
        "loss": loss,
        "learning_rate": learning_rate,
        "update": update,
        "batch_size": batch_size,
        "shuffle_seed": shuffle_seed,
        "epochs": epochs,
    }
    if tolerance is not None:
        case["tolerance"] = dict(tolerance)
    case["expected"] = {
        "initial_gradient": {"cost": J0, "layers": files.gradients_to_dict(J0, gw, gb)["layers"]},
        "cost": history["cost"],
        "orders": orders,
        "models": models,
        "diverged": diverged,
    }
    return case


def _cases():
    out = []

    def add(comment, flags, *args, **kw):
        out.append(training_case("training-%03d" % (len(out) + 1), comment, flags, *args, **kw))

    X4 = random_rows(4, 2, 800, -1.5, 1.5)
    Y4 = random_rows(4, 1, 801, 0.0, 1.0)
    net = random_network([2, 3, 1], ["tanh", "sigmoid"], bias=True, seed=80, weight_scale=1.5)
    add("batch gradient descent, plain steps: 2-3-1 tanh-sigmoid with biases, four samples, four epochs",
        ["plain", "batch"], net, X4, Y4, "half_squared_error", 0.5, 4)
    add("batch gradient descent, normalized steps (the norm over weights and biases together)",
        ["normalized", "batch"], net, X4, Y4, "half_squared_error", 0.3, 4, None, "normalized")
    X5 = random_rows(5, 2, 802)
    Y5 = random_rows(5, 2, 803)
    net = random_network([2, 3, 2], ["relu", "linear"], bias=True, seed=81)
    add("stochastic gradient descent in the given order: one plain step per sample, 2 epochs",
        ["plain", "stochastic"], net, X5, Y5, "half_squared_error", 0.1, 2, 1)
    add("stochastic gradient descent reshuffled every epoch (shuffle_seed 5), 3 epochs",
        ["plain", "stochastic", "shuffled"], net, X5, Y5, "half_squared_error", 0.1, 3, 1, "plain", 5)
    add("mini-batches of 2 of 5 samples (the last batch has 1), reshuffled (seed 11), normalized steps",
        ["normalized", "mini-batch", "shuffled"], net, X5, Y5, "squared_error", 0.05, 3, 2, "normalized", 11)
    net = random_network([2, 4, 3], ["tanh", "sigmoid"], bias=True, seed=82)
    add("mini-batches of 2 in the given order, cross_entropy with sigmoid outputs",
        ["plain", "mini-batch", "cross-entropy-from-z"], net, X5,
        [[1.0, 0.0, 1.0], [0.0, 0.0, 1.0], [1.0, 1.0, 0.0], [0.5, 0.25, 0.0], [0.0, 1.0, 1.0]],
        "cross_entropy", 0.5, 3, 2)
    add("seeded initial weights: init_network([2, 4, 3], tanh then softmax, biases, seed 3), "
        "categorical_cross_entropy, batch, 3 epochs", ["seeded-init", "plain", "batch"],
        {"sizes": [2, 4, 3], "activations": ["tanh", "softmax"], "bias": True, "seed": 3}, X5,
        [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]],
        "categorical_cross_entropy", 0.5, 3)
    xor_x = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    add("seeded initial weights without biases (seed 7, sigmoid), XOR, stochastic, reshuffled with "
        "seed 7, 4 epochs", ["seeded-init", "plain", "stochastic", "shuffled"],
        {"sizes": [2, 3, 1], "activations": ["sigmoid", "sigmoid"], "bias": False, "seed": 7}, xor_x,
        [[0.0], [1.0], [1.0], [0.0]], "half_squared_error", 0.5, 4, 1, "plain", 7)
    # a zero gradient that is zero in exact arithmetic: short binary fractions everywhere, so every
    # product and sum is exact whatever the order, and the output equals the target exactly
    net = Network([[[0.5, -0.25], [0.75, 1.0], [-0.5, 0.125]], [[1.0, -0.5], [0.25, 2.0]]],
                  [[0.25, -0.5], [0.0, 0.5]], ["relu", "linear"])
    x = [[0.5, 0.25, -1.0]]
    y = [_outputs(net, x[0])]
    add("a zero gradient (the output equals the target exactly, in any summation order: every number "
        "is a short binary fraction): normalized steps leave the parameters as they are (the norm "
        "is 0; no 0/0)", ["zero-gradient", "exact-zero", "normalized", "batch"], net, x, y,
        "half_squared_error", 0.1, 2, None, "normalized")
    net = Network([[[1.0]]], None, "linear")
    add("divergence: J = 1/2 (w x)^2 with x = 1e50, h = 1 multiplies w by 1 - 1e100 per step; the "
        "cost is 5e99, then 5e299, then inf in epoch 2, so training stops and the result is the "
        "model after epoch 1", ["diverged", "plain", "batch"], net, [[1e50]], [[0.0]],
        "half_squared_error", 1.0, 5)
    # saturated outputs with binary cross-entropy: exact from z (a naive reading gives inf or NaN)
    net = Network([[[40.0, -30.0]]], None, "sigmoid")
    add("saturated sigmoid outputs with cross_entropy: z = 40 x and -30 x for x = +-1 (no biases, so "
        "no entry is a difference of tiny terms); targets that agree (J = log(1 + e^-40) = 4.2e-18, "
        "log(1 + e^-30)) and that disagree (J = 40), batch",
        ["exact-saturation", "saturated", "cross-entropy-from-z", "plain", "batch"], net,
        [[1.0], [-1.0]], [[1.0, 0.0], [1.0, 1.0]], "cross_entropy", 0.01, 3, None, "plain", None,
        EXACT_TOLERANCE)
    net = Network([[[50.0]]], [[0.0]], {"name": "sigmoid", "beta": 2.5})
    add("sigmoid with beta 2.5 at z = 50 (beta z = 125) and target 1: J = log(1 + e^-125) = 5.1e-55, "
        "dJ/dz = -2.5 e^-125; a reader that rounds y to 1 first gets 0 (fails the exact tolerance)",
        ["exact-saturation", "saturated", "cross-entropy-from-z", "plain", "batch"], net, [[1.0]],
        [[1.0]], "cross_entropy", 0.1, 2, None, "plain", None, EXACT_TOLERANCE)
    net = Network([[[40.0, -40.0]]], None, "softmax")
    add("2-class softmax with binary cross_entropy at a logit gap of 80: y = (1, 1.8e-35), targets "
        "(0, 1) cost 160 (log(1 - y_1) by log-sum-exp over the other class) and (1, 0) cost 3.6e-35",
        ["exact-saturation", "saturated", "cross-entropy-from-z", "plain", "batch"], net,
        [[1.0], [1.0]], [[0.0, 1.0], [1.0, 0.0]], "cross_entropy", 0.01, 2, None, "plain", None,
        EXACT_TOLERANCE)
    net = Network([[[50.0]]], [[0.0]], "gaussian")
    add("gaussian output with cross_entropy far from its mean: z = 50, the density e^-1250 "
        "underflows to 0, yet J = 0.25 (1250 + log sqrt(2 pi)) from the log-density and dJ/dz = 0.25 z",
        ["exact-saturation", "saturated", "cross-entropy-from-z", "plain", "batch"], net, [[1.0]],
        [[0.25]], "cross_entropy", 0.001, 2, None, "plain", None, EXACT_TOLERANCE)
    net = Network([[[5.0], [-5.0]]], [[0.0]], "piecewise_linear")
    add("piecewise_linear outputs exactly 1 and 0 equal to their targets: J = 0 and the gradient 0 "
        "(no error, no NaN); a third sample inside the ramp moves the weights",
        ["exact-saturation", "saturated", "plain", "batch"], net,
        [[1.0, 0.0], [0.0, 1.0], [0.1, 0.05]], [[1.0], [0.0], [0.3]], "cross_entropy", 0.1, 2, None,
        "plain", None, EXACT_TOLERANCE)
    _more_cases(add)
    return out


def _more_cases(add):
    """Cases added later, at the end so that the earlier ids keep their cases: divergence with
    shuffling (the diverging epoch's order is kept), runs that Nielsen's network.py and
    scikit-learn's MLP can express."""
    net = Network([[[0.5]]], [[0.25]], "linear")
    add("divergence while reshuffling: stochastic steps with h = 1 on inputs of order 1e20 multiply "
        "w by about 1e40 per step; the cost is finite after epoch 1 and infinite in epoch 2. "
        "expected.orders keeps the order of the diverging epoch (drawn and used before the "
        "divergence was seen); cost and models stop at epoch 1",
        ["diverged", "plain", "stochastic", "shuffled"], net, [[1e20], [-3e19], [2e19]],
        [[1.0], [0.0], [2.0]],
        "half_squared_error", 1.0, 5, 1, "plain", 13)
    X6 = random_rows(6, 2, 810, -1.0, 1.0)
    net = random_network([2, 3, 2], "sigmoid", bias=True, seed=91, weight_scale=1.5)
    Y6 = random_rows(6, 2, 811, 0.0, 1.0)
    add("Nielsen's network: sigmoid layers with biases, half squared error, batch descent, 4 epochs",
        ["nielsen-expressible", "plain", "batch"], net, X6, Y6, "half_squared_error", 2.0, 4)
    add("Nielsen's network in mini-batches of 4 in the given order (the last batch has 2), 3 epochs",
        ["nielsen-expressible", "plain", "mini-batch"], net, X6, Y6, "half_squared_error", 2.0, 3, 4)
    net = random_network([2, 4, 2], ["tanh", "linear"], bias=True, seed=92)
    add("scikit-learn's MLPRegressor: tanh hidden layer with biases, identity output, half squared "
        "error, batch descent, 3 epochs", ["sklearn-expressible", "plain", "batch"], net, X6,
        random_rows(6, 2, 812), "half_squared_error", 0.3, 3)
    net = random_network([2, 3, 3, 1], ["relu", "relu", "linear"], bias=True, seed=93)
    add("two relu hidden layers with biases, identity output, mini-batches of 2 in order, 3 epochs",
        ["sklearn-expressible", "plain", "mini-batch"], net, X6, random_rows(6, 1, 813), "half_squared_error",
        0.1, 3, 2)
    net = random_network([2, 3, 2], ["sigmoid", "sigmoid"], bias=True, seed=94, weight_scale=1.5)
    add("logistic hidden layer and logistic outputs with binary cross_entropy and 0/1 targets "
        "(MLPClassifier's multilabel case), batch, 3 epochs", ["sklearn-expressible", "plain", "batch",
                                                            "cross-entropy-from-z"], net, X6,
        [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.0, 0.0], [1.0, 0.0], [0.0, 1.0]], "cross_entropy", 0.5, 3)
    net = random_network([2, 4, 3], ["tanh", "softmax"], bias=True, seed=95)
    add("tanh hidden layer, softmax output with categorical_cross_entropy and one-hot targets, "
        "stochastic in order, 2 epochs", ["sklearn-expressible", "plain", "stochastic"], net, X6,
        [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0],
         [0.0, 0.0, 1.0]], "categorical_cross_entropy", 0.5, 2, 1)


def _outputs(net, x):
    return forward(net, x).output


def runs_document(fmt, group, description, rules, cases):
    """A file of training runs: the header every such file has, then the cases."""
    return {
        "format": fmt,
        "version": TRAINING_VERSION,
        "group": group,
        "description": description,
        "generator": GENERATOR,
        "tolerance": dict(TOLERANCE),
        "tolerance_note": TOLERANCE_NOTE,
        "conventions": CONVENTIONS,
        "rules": dict(rules),
        "notes": notes_for(cases),
        "number_of_cases": len(cases),
        "cases": cases,
    }


def group_training():
    """The training vectors' document."""
    return runs_document(TRAINING_FORMAT, "training",
                         "Whole training runs: plain and normalized steps; batch, stochastic and "
                         "mini-batch descent, in order and reshuffled; seeded initial weights; a zero "
                         "gradient; divergence; binary cross-entropy where outputs saturate (exact). "
                         "Compare every recorded number as in the one-step files (a case's own "
                         "tolerance, where it has one, replaces the file's).", RULES, _cases())
