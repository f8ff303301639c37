"""Update vectors: training runs with momentum, Nesterov, Adam and AdamW, in a file format of their own.

``vectors/updates.json`` has ``"format": "purenet.vectors.updates"``, so that a reader of the
training runs (``"purenet.vectors.training"``), which knows only plain and normalized steps,
skips it. Each case is a training run as in ``training.json`` (the same keys, the same rules)
with the update's ``options`` spelled out in full (``momentum``, ``dampening``,
``weight_decay``, ``betas``, ``eps``: the defaults filled in) and, after every epoch, the
update's state in ``expected.states``: the step count t and every buffer in the gradient
file's layout. The flags name the convention each case pins (``dampening``,
``decoupled-decay``, ``eps-after-bias-correction``, ...), so that a failing case says which
convention a reader has chosen otherwise (``docs/updates.md``).
"""

from ... import updates
from ...network import Network
from .. import files
from .common import random_network, random_rows
from .training import RULES, runs_document, training_case

UPDATES_FORMAT = "purenet.vectors.updates"

UPDATE_RULES = dict(RULES)
UPDATE_RULES["update"] = (
    "g = dJ/dp, the batch's mean gradient; t = the number of the step, counted from 1 over the whole "
    "run (across epochs); h = learning_rate; every buffer has one entry per weight and bias. "
    "momentum (torch.optim.SGD): if weight_decay L != 0: g <- g + L p; at t = 1: v <- g, else v <- "
    "momentum v + (1 - dampening) g; p <- p - h v. nesterov: the same v (dampening 0), then p <- p - "
    "h (g + momentum v). adam (torch.optim.Adam, Kingma & Ba Algorithm 1): if L != 0: g <- g + L p; "
    "m <- b1 m + (1 - b1) g; v <- b2 v + (1 - b2) g^2 (m and v start at 0); p <- p - (h / (1 - "
    "b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps). adamw (torch.optim.AdamW): p <- p (1 - h L) "
    "first, then the adam step with no L p in g. Weights and biases alike, each on its own.")
UPDATE_RULES["state"] = (
    "expected.states[k-1] is the state after epoch k: step = t of the last step, buffers = "
    "{name: {\"layers\": [...]}} in the gradient file's layout (momentum_buffer for momentum and "
    "nesterov; exp_avg = m and exp_avg_sq = v for adam and adamw).")


def _state_entry(state):
    out = {"step": state["step"], "buffers": {}}
    for name in sorted(state["buffers"]):
        w, b = state["buffers"][name]
        out["buffers"][name] = {"layers": files.gradients_to_dict(0.0, w, b)["layers"]}
    return out


def update_case(case_id, comment, flags, start, X, Y, loss, learning_rate, epochs, batch_size, update,
                options, shuffle_seed=None):
    """One run with a stateful update: ``training.training_case`` with the options in full and the
    state after every epoch."""
    opts = updates.options(update, **options)
    full = dict((k, list(v) if k == "betas" else v) for k, v in opts.items() if k != "update")
    states = []
    case = training_case(case_id, comment, flags, start, X, Y, loss, learning_rate, epochs, batch_size,
                         update, shuffle_seed, options=options,
                         keep_state=lambda state: states.append(_state_entry(state)))
    ordered = {}
    for k in case:
        ordered[k] = case[k]
        if k == "update":
            ordered["options"] = full
    ordered["expected"]["states"] = states
    return ordered


def _cases():
    out = []
    X4, Y4 = random_rows(4, 2, 900, -1.5, 1.5), random_rows(4, 1, 901, 0.0, 1.0)
    X5, Y5 = random_rows(5, 2, 902), random_rows(5, 2, 903)

    def add(comment, flags, *args, **kw):        # the next case, numbered
        out.append(update_case("updates-%03d" % (len(out) + 1), comment, flags, *args, **kw))

    net = random_network([2, 3, 1], ["tanh", "sigmoid"], bias=True, seed=90, weight_scale=1.5)
    add("momentum 0.9, batch: 2-3-1 tanh-sigmoid with biases, four samples, four epochs",
        ["momentum", "batch"], net, X4, Y4, "half_squared_error", 0.5, 4, None, "momentum", {"momentum": 0.9})
    net = random_network([2, 3, 2], ["relu", "linear"], bias=True, seed=91)
    add("momentum 0.5 with dampening 0.3, mini-batches of 2 of 5 samples reshuffled (seed 5): the first "
        "step's buffer is g, not (1 - d) g", ["momentum", "dampening", "mini-batch", "shuffled",
                                              "steps-across-epochs"],
        net, X5, Y5, "half_squared_error", 0.1, 3, 2, "momentum", {"momentum": 0.5, "dampening": 0.3}, 5)
    add("SGD with weight decay 0.1 and no momentum: p <- p - h (g + L p)",
        ["sgd-weight-decay", "l2-in-gradient", "batch"], net, X5, Y5, "squared_error", 0.05, 3, None,
        "momentum", {"weight_decay": 0.1})
    add("momentum 0.9 with weight decay 0.05, stochastic (one step per sample)",
        ["momentum", "l2-in-gradient", "stochastic", "steps-across-epochs"], net, X5, Y5,
        "half_squared_error", 0.05, 2, 1, "momentum", {"momentum": 0.9, "weight_decay": 0.05})
    net = random_network([2, 4, 3], ["tanh", "sigmoid"], bias=True, seed=92)
    T5 = [[1.0, 0.0, 1.0], [0.0, 0.0, 1.0], [1.0, 1.0, 0.0], [0.5, 0.25, 0.0], [0.0, 1.0, 1.0]]
    add("Nesterov momentum 0.9, batch, cross_entropy with sigmoid outputs",
        ["nesterov", "batch", "cross-entropy-from-z"], net, X5, T5, "cross_entropy", 0.5, 4, None,
        "nesterov", {"momentum": 0.9})
    add("Nesterov momentum 0.8 with weight decay 0.01, mini-batches of 2 reshuffled (seed 11)",
        ["nesterov", "l2-in-gradient", "mini-batch", "shuffled", "steps-across-epochs"], net, X5, T5,
        "cross_entropy", 0.3, 3, 2, "nesterov", {"momentum": 0.8, "weight_decay": 0.01}, 11)
    net = random_network([2, 3, 2], ["relu", "linear"], bias=True, seed=93)
    add("Adam with torch.optim's defaults (betas 0.9, 0.999, eps 1e-8), batch",
        ["adam", "batch"], net, X5, Y5, "half_squared_error", 0.01, 4, None, "adam", {})
    add("Adam with betas 0.8, 0.99 and eps 1e-3, mini-batches of 2 in order (three steps per epoch)",
        ["adam", "betas", "mini-batch", "steps-across-epochs"], net, X5, Y5, "half_squared_error", 0.01,
        3, 2, "adam", {"betas": (0.8, 0.99), "eps": 1e-3})
    add("Adam with weight decay 0.1 (L2 in the gradient, through m and v), stochastic, reshuffled (seed 3)",
        ["adam", "l2-in-gradient", "stochastic", "shuffled", "steps-across-epochs"], net, X5, Y5,
        "half_squared_error", 0.01, 2, 1, "adam", {"weight_decay": 0.1}, 3)
    net = Network([[[1.0, -0.5]]], [[0.0, 0.0]], "linear")
    add("Adam where the place of eps matters: x = 1e-4, so dJ/dw = w x^2 is about 1e-8, near eps; "
        "sqrt(v)/sqrt(1 - b2^t) + eps, not sqrt(v) + eps, moves the weights by about h/2 per step",
        ["adam", "eps-after-bias-correction", "batch"], net, [[1e-4]], [[0.0, 0.0]],
        "half_squared_error", 0.01, 3, None, "adam", {})
    net = random_network([2, 4, 3], ["tanh", "sigmoid"], bias=True, seed=94)
    add("AdamW with torch.optim.AdamW's default weight decay 0.01, batch, cross_entropy",
        ["adamw", "adamw-default-decay", "decoupled-decay", "batch", "cross-entropy-from-z"], net, X5, T5,
        "cross_entropy", 0.05, 4, None, "adamw", {})
    add("AdamW with weight decay 0.3 and betas 0.5, 0.9, mini-batches of 2 reshuffled (seed 7)",
        ["adamw", "decoupled-decay", "betas", "mini-batch", "shuffled", "steps-across-epochs"], net, X5,
        T5, "cross_entropy", 0.05, 3, 2, "adamw", {"weight_decay": 0.3, "betas": (0.5, 0.9)}, 7)
    add("AdamW from seeded initial weights: init_network([2, 4, 3], tanh then softmax, seed 5), "
        "categorical_cross_entropy, batch", ["adamw", "seeded-init", "decoupled-decay", "batch"],
        {"sizes": [2, 4, 3], "activations": ["tanh", "softmax"], "bias": True, "seed": 5}, X5,
        [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]],
        "categorical_cross_entropy", 0.05, 3, None, "adamw", {"weight_decay": 0.05})
    net = Network([[[2.0], [-1.0]]], [[0.5]], "linear")
    add("AdamW at a zero gradient (the output equals the target): m = v = 0, the Adam step is "
        "0/(0 + eps) = 0, and only p <- p (1 - h L) acts, on weights and biases",
        ["adamw", "zero-gradient", "decoupled-decay", "batch"], net, [[1.0, 1.0]], [[1.5]],
        "half_squared_error", 0.1, 3, None, "adamw", {"weight_decay": 0.5})
    net = Network([[[1.0]]], None, "linear")
    add("divergence with momentum 0.5: J = 1/2 (w x)^2 with x = 1e50 and h = 1; the cost is inf in "
        "epoch 2, so the result, and the last state, are those after epoch 1",
        ["diverged", "momentum", "batch"], net, [[1e50]], [[0.0]], "half_squared_error", 1.0, 4, None,
        "momentum", {"momentum": 0.5})
    return out


def group_updates():
    """The update vectors' document."""
    return runs_document(UPDATES_FORMAT, "updates",
                         "Training runs with the updates of torch.optim: SGD with momentum, dampening "
                         "and weight decay, Nesterov, Adam with L2 in the gradient, AdamW with decoupled "
                         "decay; batch, stochastic and mini-batches, reshuffled; the state after every "
                         "epoch. Compare as in training.json, and every buffer too.", UPDATE_RULES, _cases())
