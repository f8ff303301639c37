"""What the web page offers: the worked examples of ``001`` and ``002`` (``papers.py``) with their
published numbers, a network of one's own, the errata an example meets, and each quantity's
formula with the line of purenet's code that computes it (read from the shipped sources).

Used by ``webview.py`` in the browser (Pyodide) and by the tests on CPython.
"""

import ast

from ... import backprop, losses, network, papers, training, updates
from ...activations import get_activation
from ...losses import LOSSES, get_loss
from ...network import _forward, init_network

HALF = "half_squared_error"

# docs/papers.md, errata: the ones a worked example meets (title as docs/papers.md prints it;
# tests/host/test_web.py checks that each title is there).
ERRATA = {
    3: ('002 "math behind Python", cost function: J = ½ Σ (ŷ_i − y_i) lacks the square.',
        "The section's own δ^L = (Ŷ − Y) σ'(Z^L) is the gradient of J = ½ Σ (ŷ_i − y_i)², which "
        "purenet's half_squared_error computes (the J above)."),
    4: ('002 "biases and activation functions": ∂J/∂w_ij^l = d_j^l s\'(z_i^{l−1}) should be '
        'd_j^l s(z_i^{l−1}) = d_j^l a_i^{l−1}',
        "By the chain rule ∂z_j^l/∂w_ij^l is the activation a_i^{l−1}, not its derivative: the "
        "∂J/∂w_ij^l column below is d_j^l a_i^{l−1}."),
    5: ('002 "hidden layers with multiple neurons", δ^3 = [d_1^4 w_11^4, d_2^4 w_21^4]: d_2^4 does '
        'not exist.',
        "The output layer has one neuron, so both components use d^4 = d_1^4 = y − y*: "
        "δ^3 = [d^4 w_11^4, d^4 w_21^4] (the d^3 column below)."),
    6: ('002 "math behind Python", δ^l = δ^{l+1}·(W^l)ᵀ · σ\'(z^l), and "biases and activation '
        'functions", δ^l = w^{l+1} δ^{l+1} e s\'(z^l):',
        "the last product is elementwise (the Hadamard product; the \"e\" is a garbled ⊙): "
        "d_j^l = Σ_k w_jk^{l+1} d_k^{l+1} · s'(z_j^l), one neuron at a time."),
    9: ("Names, not numbers:",
        "002 calls J = ½(y − y*)² \"the mean square error\"; it is half the squared error of one "
        "sample (purenet's half_squared_error; over several samples the mean is taken)."),
    10: ("An observation on 002's multiple-output example",
         "(not an error in the text): with the normalized update and h = 2·10⁻³, 25 iterations move "
         "the parameter vector by at most 0.05 in norm, so 002's unprinted initial weights must "
         "already have given outputs close to [5, 6, 7, 8]; purenet's own seeded weights show how "
         "little 25 such steps move."),
}


def _errata(numbers):
    return [{"n": n, "title": ERRATA[n][0], "text": ERRATA[n][1]} for n in numbers]


def _match_row(quantity, name, printed, iteration, value):
    return {"quantity": quantity, "name": name, "paper": printed, "iteration": iteration,
            "value": value, "rule": "match", "matches": lambda v, p=printed: papers.matches(v, p)}


def _output(k, j):
    return lambda net, X: _forward(net, X[k]).output[j]


def _y_rows(ex):
    return [_match_row("y after %d iterations" % n, "y_1@%d" % n, printed, n, _output(0, 0))
            for n, printed in ex["published"]["y"]]


def _rows_001():
    ex, err = papers.FORWARD_001, papers.ERROR_001
    pub = ex["published"]
    rows = [_match_row("001 §2: w·u + b = −0.04", "z^2_1@0", pub["z"], 0,
                       lambda net, X: _forward(net, X[0]).z[2][0]),
            _match_row("001 §2: v = σ(−0.04) ≈ 0.490", "a^2_1@0", pub["v"], 0,
                       lambda net, X: _forward(net, X[0]).a[2][0])]
    o, d = err["outputs"], err["desired"]
    for j, printed in enumerate(err["published"]["terms"]):
        rows.append(_match_row("001 §3: (o_%d − d_%d)² = %s" % (j + 1, j + 1, printed),
                               "(o_%d-d_%d)^2" % (j + 1, j + 1), printed, None,
                               lambda j=j: (o[j] - d[j]) * (o[j] - d[j])))
    rows.append(_match_row("001 §3: E = Σ (o_j − d_j)² = 1.11 (o = %r, d = %r)" % (o, d), "E",
                           err["published"]["E"], None,
                           lambda: get_loss("squared_error").value(o, d)))
    return rows


def _rows_single_weight():
    ex = papers.SINGLE_WEIGHT
    rows = [_match_row("y = x·w = 1.9 (initial weight)", "y_1@0", ex["published"]["y"], 0, _output(0, 0))]
    for n, printed in ex["published"]["w"]:
        rows.append(_match_row("w after %d iteration%s" % (n, "s" if n > 1 else ""), "w^2_11@%d" % n,
                               printed, n, lambda net, X: net.w[2][0][0]))
    return rows


def _rows_chain():
    ex = papers.CHAIN_OF_FOUR
    rows = []
    for l, printed in ex["published"]["z"]:
        what = "y" if l == 5 else "z_%d" % (l - 1)
        rows.append(_match_row("%s = %s (initial weights; purenet's z^%d_1)" % (what, printed, l),
                               "z^%d_1@0" % l, printed, 0,
                               lambda net, X, l=l: _forward(net, X[0]).z[l][0]))
    return rows + _y_rows(ex)


def _rows_beside(ex, per_sample, default):
    n = ex["iterations"]
    rows = []
    for j, printed in enumerate(ex["paper_y"]):
        if per_sample:
            name, value, what = "y_1[%d]@%d" % (j + 1, n), _output(j, 0), "y of sample %d" % (j + 1)
        else:
            name, value, what = "y_%d@%d" % (j + 1, n), _output(0, j), "y_%d" % (j + 1)
        rows.append({"quantity": "%s after %d iterations (002's run: %s)" % (what, n, default),
                     "name": name, "paper": printed, "iteration": n, "value": value, "rule": "beside"})
    return rows


# id (the script in examples/), title, source, the example, published rows, errata, options
EXAMPLES = [
    {"id": "001_forward_pass_and_error", "title": "001 §2–§3: one neuron, and the error E",
     "source": "001 §2 (the value of one node) and §3 (the sum-of-squares error)",
     "about": "One sigmoid neuron with a bias: v = σ(w·u + b) for u = (0.7, 0.1, 0.4). 001 gives no "
              "target here, so there is nothing to train: the page shows the forward pass and 001 §3's "
              "error E = Σ (o_j − d_j)², computed by purenet's squared_error.",
     "example": papers.FORWARD_001, "rows": _rows_001, "errata": []},
    {"id": "002_single_weight", "title": "002: a single weight",
     "source": "002, \"Example: Single neural network\"",
     "about": "One input, one output, one weight w = 0.95, no bias, linear; x = 2, y* = 1, h = 0.1.",
     "example": papers.SINGLE_WEIGHT, "rows": _rows_single_weight, "errata": [9]},
    {"id": "002_chain_of_four", "title": "002: hidden layers with a single neuron",
     "source": "002, \"Example: Neural network with hidden layers with a single neuron\"",
     "about": "A chain of four weights w = [0.8, 0.6, 0.1, 0.5], linear, no biases; x = 2, y* = 1, "
              "h = 0.1.",
     "example": papers.CHAIN_OF_FOUR, "rows": _rows_chain, "errata": []},
    {"id": "002_1_2_2_1", "title": "002: hidden layers with multiple neurons (1-2-2-1)",
     "source": "002, \"Example: Neural network with hidden layers with multiple neurons\"",
     "about": "The example that introduces the index notation w_ij^l: linear, no biases; x = 2, "
              "y* = 1, h = 0.1.",
     "example": papers.NET_1_2_2_1, "rows": lambda: _y_rows(papers.NET_1_2_2_1), "errata": [5, 9]},
    {"id": "002_2_2_2_1", "title": "002: … and multiple inputs (2-2-2-1)",
     "source": "002, \"Example: Neural network with hidden layers with multiple neurons and "
               "multiple inputs\"",
     "about": "Two inputs x = [2, 4], target y* = 8, h = 0.005; linear, no biases.",
     "example": papers.NET_2_2_2_1, "rows": lambda: _y_rows(papers.NET_2_2_2_1), "errata": []},
    {"id": "002_multiple_outputs", "title": "002: multiple outputs (2-4-3-2-4, normalized update)",
     "source": "002, \"Example: Neural network with multiple outputs\"",
     "about": "x = [2, 4], y* = [5, 6, 7, 8], h = 0.002, the normalized update w ← w − h ∇J/‖∇J‖. "
              "002 does not print its weights: these are purenet's own (stated), so 002's outputs "
              "are shown beside purenet's, not matched.",
     "example": papers.MULTIPLE_OUTPUTS,
     "rows": lambda: _rows_beside(papers.MULTIPLE_OUTPUTS, False, "normalized update"), "errata": [10]},
    {"id": "002_biases_and_activations", "title": "002: biases and activation functions",
     "source": "002, \"Example: Neural network with biases and activation functions\" (and its "
               "\"math behind Python\")",
     "about": "The 2-4-3-2-4 network with biases; x = [0.2, 0.5], y* = [0.8, 0.1, 0.5, 0.7], h = 0.1. "
              "Weights and biases are purenet's own, all positive as 002's were; choose the "
              "activation (002's exercise).",
     "example": papers.BIASES_AND_ACTIVATIONS,
     "rows": lambda: _rows_beside(papers.BIASES_AND_ACTIVATIONS, False, "linear"),
     "errata": [3, 4, 6], "activations": ["linear", "sigmoid", "relu", "tanh"]},
    {"id": "002_multiple_samples", "title": "002: multiple samples (BGD, SGD, MBGD)",
     "source": "002, \"Example: Neural network with multiple samples\"",
     "about": "The five-point table, one input, four hidden layers of 4 neurons (002 does not give "
              "the sizes or weights: these are purenet's own), h = 0.3. The cost is the mean over the "
              "samples; choose batch (BGD), stochastic (SGD) or mini-batch (MBGD, batches of 2).",
     "example": papers.MULTIPLE_SAMPLES,
     "rows": lambda: _rows_beside(papers.MULTIPLE_SAMPLES, True, "tanh, BGD"),
     "errata": [], "activations": ["tanh", "linear"], "batches": [None, 1, 2]},
]
BY_ID = dict((e["id"], e) for e in EXAMPLES)


def _about(e):
    ex = e["example"]
    if "weights" in ex or ex is papers.FORWARD_001:
        return e["about"]
    return e["about"] + " Our weights: %s." % papers.stated_weights(ex)


def example_config(config):
    """The session configuration of a worked example, ``config`` = {"example": ID, and for the
    examples that offer them "activation": NAME, "batch": null | 1 | 2}."""
    eid = config.get("example")
    if eid not in BY_ID:
        raise ValueError("example: unknown id %r (known: %s)" % (eid, ", ".join(sorted(BY_ID))))
    e = BY_ID[eid]
    ex = e["example"]
    choices = e.get("activations")
    activation = config.get("activation") or (choices[0] if choices else None)
    if activation is not None and activation not in (choices or ()):
        raise ValueError("activation: %s offers %s, not %r" % (eid, ", ".join(choices or ["none"]),
                                                                activation))
    batches = e.get("batches", [None])
    batch = config.get("batch")
    if batch in ("", "all"):
        batch = None
    if isinstance(batch, str) and _whole(batch):
        batch = int(batch)
    if batch not in batches:
        raise ValueError("batch: %s offers %s" % (eid, ", ".join("all" if b is None else str(b)
                                                               for b in batches)))
    X, Y = (([ex["x"]], None) if ex is papers.FORWARD_001 else papers.data(ex))
    query = [["example", eid]]
    if activation is not None and activation != choices[0]:
        query.append(["activation", activation])
    if batch is not None:
        query.append(["batch", str(batch)])
    options = {}
    if choices:
        options["activation"] = {"value": activation, "choices": choices}
    if len(batches) > 1:
        options["batch"] = {"value": batch, "choices": batches}
    return {"kind": "example", "id": eid, "title": e["title"], "source": e["source"],
            "about": _about(e), "net": papers.network(ex, activation), "X": X, "Y": Y,
            "loss": HALF, "h": ex.get("h", 1.0), "update": ex.get("update", "plain"), "batch": batch,
            "published": e["rows"](), "errata": _errata(e["errata"]), "query": query,
            "options": options}


# ---------------------------------------------------------------------------------------------
# a network of one's own

CUSTOM_DEFAULT = {"sizes": "2,3,1", "activation": "tanh,sigmoid", "bias": "1", "seed": "1",
                  "loss": "cross_entropy", "h": "0.5", "update": "plain", "batch": "",
                  "data": "0,0:0; 0,1:1; 1,0:1; 1,1:0",
                  "momentum": "", "dampening": "", "weight_decay": "", "betas": "", "eps": ""}
# the update's options: empty = torch.optim's default (purenet/updates.py)
UPDATE_FIELDS = ("momentum", "dampening", "weight_decay", "betas", "eps")
CUSTOM_CHOICES = {"default": CUSTOM_DEFAULT, "losses": sorted(LOSSES), "updates": list(updates.UPDATES),
                  "activations": ["linear", "sigmoid", "tanh", "relu", "step", "gaussian",
                                  "piecewise_linear", "softmax"],
                  "limits": {"layers": 8, "neurons": 16, "samples": 100}}


MAX_SEED = 2 ** 64 - 1        # init_network's PRNG takes its seed modulo 2**64


def _whole(text):
    """ASCII digits only, at most 20 ("²".isdigit() is True, and int() refuses 5,000 digits in its
    own words)."""
    return 0 < len(text) <= 20 and all("0" <= c <= "9" for c in text)


def _text(cfg, key):
    v = cfg.get(key, CUSTOM_DEFAULT[key])
    return str(v).strip() if not isinstance(v, bool) else ("1" if v else "0")


def _number(text, what):
    try:
        return float(text)
    except ValueError:
        raise ValueError("%s: expected a number, got %r" % (what, text))


def _data(text, n_in, n_out):
    X, Y = [], []
    for k, part in enumerate(p for p in text.replace("\n", ";").split(";") if p.strip()):
        x, colon, y = part.partition(":")
        if not colon:
            raise ValueError("data, sample %d: expected INPUTS:TARGETS like 0,1:1, got %r"
                             % (k + 1, part.strip()))
        xs = [_number(t, "data, sample %d, input" % (k + 1)) for t in x.split(",")]
        ys = [_number(t, "data, sample %d, target" % (k + 1)) for t in y.split(",")]
        if len(xs) != n_in or len(ys) != n_out:
            raise ValueError("data, sample %d: expected %d inputs and %d targets (the sizes), got %d and %d"
                             % (k + 1, n_in, n_out, len(xs), len(ys)))
        X.append(xs)
        Y.append(ys)
    if not X:
        raise ValueError("data: no samples (write INPUTS:TARGETS; INPUTS:TARGETS; ...)")
    if len(X) > CUSTOM_CHOICES["limits"]["samples"]:
        raise ValueError("data: at most %d samples on this page" % CUSTOM_CHOICES["limits"]["samples"])
    return X, Y


def _update_options(cfg, update):
    """The update's options from the form: each field empty (the default) or a number; betas as
    "B1,B2". An option the update does not use, or out of range: ValueError naming it."""
    given = {}
    for k in UPDATE_FIELDS:
        text = _text(cfg, k)
        if not text:
            continue
        if k == "betas":
            parts = text.split(",")
            if len(parts) != 2:
                raise ValueError("betas: expected two numbers B1,B2, got %r" % text)
            given[k] = (_number(parts[0], "betas"), _number(parts[1], "betas"))
        else:
            given[k] = _number(text, k)
        if k not in updates.USES[update]:
            raise ValueError("%s is not used by the %s update" % (k, update))
    updates.options(update, **given)                 # its range checks, with the option's name
    return given


def custom_config(cfg):
    """A network of one's own from the form (or the URL query): sizes "2,3,1"; activation: one
    name, two (hidden,output) or one per layer 2..L; bias "1"/"0"; seed (init_network); loss; h;
    update; batch ("" = all samples); data "x1,x2:y1; ..."."""
    if not isinstance(cfg, dict):
        raise ValueError("custom: expected an object")
    limits = CUSTOM_CHOICES["limits"]
    try:
        sizes = [int(t) for t in _text(cfg, "sizes").split(",")]
    except ValueError:
        raise ValueError("sizes: expected whole numbers separated by commas, like 2,3,1")
    if not 2 <= len(sizes) <= limits["layers"] or not all(1 <= n <= limits["neurons"] for n in sizes):
        raise ValueError("sizes: 2 to %d layers of 1 to %d neurons on this page"
                         % (limits["layers"], limits["neurons"]))
    names = [t.strip() for t in _text(cfg, "activation").split(",")]
    n_layers = len(sizes) - 1
    if len(names) == 2 and n_layers > 1:
        names = [names[0]] * (n_layers - 1) + [names[1]]
    elif len(names) == 1:
        names = names * n_layers
    if len(names) != n_layers:
        raise ValueError("activation: give one name, two (hidden,output) or %d (one per layer)" % n_layers)
    for name in names:
        get_activation(name)
    bias = _text(cfg, "bias") not in ("0", "false", "")
    seed_text = _text(cfg, "seed")
    if not _whole(seed_text) or int(seed_text) > MAX_SEED:
        raise ValueError("seed: expected a whole number from 0 to 2**64-1, got %r"
                         % (seed_text if len(seed_text) <= 40 else seed_text[:37] + "..."))
    loss = get_loss(_text(cfg, "loss")).name
    h = _number(_text(cfg, "h"), "h")
    update = _text(cfg, "update")
    if update not in updates.UPDATES:
        raise ValueError("update: %s, not %r" % (", ".join(updates.UPDATES), update))
    options = _update_options(cfg, update)
    batch_text = _text(cfg, "batch")
    if batch_text and not (_whole(batch_text) and int(batch_text) >= 1):
        raise ValueError("batch: a whole number >= 1, or empty for all samples")
    data_text = _text(cfg, "data")
    X, Y = _data(data_text, sizes[0], sizes[-1])
    net = init_network(sizes, names, bias=bias, seed=int(seed_text))
    training.train(net.copy(), X, Y, loss, h, 0, update=update, **options)   # the checks of a real run
    fields = {"sizes": ",".join(str(n) for n in sizes), "activation": ",".join(names),
              "bias": "1" if bias else "0", "seed": seed_text, "loss": loss, "h": repr(h),
              "update": update, "batch": batch_text, "data": data_text}
    for k in UPDATE_FIELDS:
        fields[k] = _text(cfg, k)
    return {"kind": "custom", "id": "custom", "title": "A network of your own",
            "source": "init_network(%r, %r, bias=%r, seed=%s)" % (sizes, names, bias, seed_text),
            "about": "Weights Glorot-uniform from purenet's seeded PRNG (the same on every "
                     "interpreter), biases 0; samples in order.",
            "net": net, "X": X, "Y": Y, "loss": loss, "h": h, "update": update,
            "update_options": options,
            "batch": int(batch_text) if batch_text else None, "published": [], "errata": [],
            "query": [["custom", "1"]] + [[k, fields[k]] for k in sorted(fields)
                                          if k not in UPDATE_FIELDS or fields[k]],
            "options": {"custom": fields}}


# ---------------------------------------------------------------------------------------------
# formulas and the lines of code that compute them

def _statements(source, function):
    """The simple statements (no loops, no branches) of ``function`` ("name" or "Class.name") in
    ``source``: [(line number, the statement's code without its comment)]."""
    tree = ast.parse(source)
    scopes = [(node.name + ".", node) for node in tree.body if isinstance(node, ast.ClassDef)]
    found = [node for prefix, scope in [("", tree)] + scopes for node in scope.body
             if isinstance(node, ast.FunctionDef) and prefix + node.name == function]
    if len(found) != 1:
        raise ValueError("%d functions named %r (expected one)" % (len(found), function))
    compound = (ast.For, ast.While, ast.If, ast.With, ast.Try, ast.FunctionDef, ast.ClassDef)
    lines = [line.encode("utf-8") for line in source.split("\n")]     # the offsets count bytes
    out = []
    for node in ast.walk(found[0]):
        if isinstance(node, ast.stmt) and not isinstance(node, compound):
            first, last = node.lineno - 1, node.end_lineno - 1
            text = b"\n".join(lines[first:last + 1])
            end = len(text) - len(lines[last]) + node.end_col_offset
            out.append((node.lineno, text[node.col_offset:end].decode("utf-8")))
    return out


_SOURCES = {}       # path -> (its lines, {function: its statements}): each file parsed once


def code_line(module, function, code):
    """The one statement of ``function`` in ``module``'s source whose code (comments left out)
    holds ``code``: {"file", "line", "code" (the whole line, its comment too)}. The marker is the
    code itself, found through the function's syntax tree, so rewording a comment moves nothing."""
    path = module.__file__
    if path not in _SOURCES:
        f = open(path, encoding="utf-8")
        try:
            _SOURCES[path] = (f.read(), {})
        finally:
            f.close()
    source, parsed = _SOURCES[path]
    if function not in parsed:
        try:
            parsed[function] = _statements(source, function)
        except ValueError as e:
            raise ValueError("%s: %s" % (path, e))
    hits = [line for line, text in parsed[function] if code in text]
    if len(hits) != 1:
        raise ValueError("%s: %d statements of %s hold %r (expected one)" % (path, len(hits), function, code))
    shown = path.replace("\\", "/")
    shown = shown[shown.rfind("purenet/"):]
    return {"file": shown, "line": hits[0], "code": source.split("\n")[hits[0] - 1].strip()}


LOSS_LINES = {"half_squared_error": ("J_s = ½ Σ_j (y_j − y*_j)²",
                                     ("HalfSquaredError.value", "0.5 * _sum_of_squares(y, y_star)")),
              "squared_error": ("J_s = E = Σ_j (o_j − d_j)² (001)",
                                ("SquaredError.value", "return _sum_of_squares(y, y_star)")),
              "cross_entropy": ("J_s = −Σ_j [y*_j log y_j + (1 − y*_j) log(1 − y_j)] (the logs from z "
                                "for sigmoid, gaussian and softmax outputs)",
                                ("CrossEntropy.value", "J -= t * (pair[0][j]")),
              "categorical_cross_entropy": ("J_s = −Σ_j y*_j log y_j",
                                            ("CategoricalCrossEntropy.value", "J -= y_star[j] * log_y[j]"))}


OUTPUT_RULE = ("output_delta", "return [g[j] * s.derivative(z[j], y[j])")


def _delta_out(loss, s):
    if loss.name == "cross_entropy" and s.name == "sigmoid":
        return ("d_j^L = β ((1 − y*_j) y_j − y*_j (1 − y_j)) = β (y_j − y*_j), with 1 − y_j = s(−z_j) "
                "(∂J/∂y_j · s'(z_j^L), simplified for a sigmoid output and exact where it saturates)",
                [("output_delta", "return [beta * ((1.0 - y_star[j]) * y[j] - y_star[j]")])
    if loss.name == "cross_entropy" and s.name == "gaussian":
        return ("d_j^L = (z_j − μ)/σ² · (y*_j − (1 − y*_j) y_j/(1 − y_j))  (from the log-density)",
                [("_gaussian_cross_entropy_delta", "d.append((z[j] - s.mu) / sigma2 * (t - r))")])
    if loss.name == "cross_entropy" and s.name == "softmax":
        return ("d_i^L = −y*_i (1 − y_i) + (1 − y*_i) y_i + Σ_{j≠i} [y*_j y_i − (1 − y*_j) y_j q_i^(j)], "
                "q^(j) the softmax without class j  (binary cross-entropy through log-sum-exp)",
                [("_softmax_cross_entropy_delta", "d_i = -y_star[i] * rest + (1.0 - y_star[i]) * y[i]"),
                 ("_softmax_cross_entropy_delta", "d_i += y_star[j] * y[i] - (1.0 - y_star[j])")])
    if loss.name == "categorical_cross_entropy" and s.name == "softmax":
        return ("d_j^L = y_j Σ_k y*_k − y*_j  (softmax with cross-entropy, simplified)",
                [("output_delta", "return [y[j] * t - y_star[j]")])
    if not s.elementwise:
        return ("d_j^L = y_j (g_j − Σ_k g_k y_k), g = ∂J/∂y (the softmax Jacobian)",
                [("output_delta", "g = loss.gradient(y, y_star)"),
                 ("output_delta", "return s.backward(y, g)")])
    if loss.name == HALF:
        return ("d_j^L = ∂J/∂z_j^L = (y_j − y*_j) s'(z_j^L)", [OUTPUT_RULE])
    return ("d_j^L = ∂J/∂z_j^L = ∂J/∂y_j · s'(z_j^L)", [OUTPUT_RULE])


def formulas(net, loss):
    """Each quantity's formula (002's notation) and the lines of purenet that compute it."""
    def lines(module, *markers):
        return [code_line(module, function, code) for function, code in markers]
    bias = any(net.b[l] is not None for l in range(2, net.L + 1))
    a_line = ("_forward", "a.append(net.s[l].apply(z_l))")
    out = {
        "x": {"formula": "a^1 = z^1 = x, the input (002 calls it z^1 too)", "code": []},
        "z": {"formula": "z_j^l = Σ_i w_ij^l a_i^{l−1}" + (" + b_j^l" if bias else ""),
              "code": lines(network, ("_forward", "z_l[j] += w_i[j] * a_i"),
                            *([("_forward", "z_l[j] += b_l[j]")] if bias else []))},
        "a": {"formula": "a_j^l = s(z_j^l)", "code": lines(network, a_line)},
        "y": {"formula": "y_j = a_j^L, the output", "code": lines(network, a_line)},
        "w": {"formula": "w_ij^l: from neuron i of layer l−1 to neuron j of layer l; each iteration "
                         "w_ij^l ← w_ij^l − h ∂J/∂w_ij^l (∂J/∂w: the mean over the batch)",
              "code": lines(training, ("_apply_update", "w_i[j] -= h * g_i[j]"))},
        "b": {"formula": "b_j^l ← b_j^l − h ∂J/∂b_j^l",
              "code": lines(training, ("_apply_update", "b_l[j] -= h * gb_l[j]"))},
    }
    if loss is None:
        return out
    formula, marker = LOSS_LINES[loss.name]
    out["J_sample"] = {"formula": formula + "  (this sample)", "code": lines(losses, marker)}
    out["J"] = {"formula": "J = (1/n) Σ_s J_s, the mean over the n samples; " + formula,
                "code": lines(losses, marker) + lines(backprop, ("_cost", "return J / len(X)"))}
    formula, markers = _delta_out(loss, net.s[net.L])
    out["d_out"] = {"formula": formula, "code": lines(backprop, *markers)}
    out["d"] = {"formula": "d_j^l = Σ_k w_jk^{l+1} d_k^{l+1} · s'(z_j^l)",
                "code": lines(backprop, ("deltas", "total += w_j[k] * d_next[k]"),
                              ("deltas", "d_l.append(total * s.derivative(z_l[j], a_l[j]))"))}
    out["gw"] = {"formula": "∂J_s/∂w_ij^l = d_j^l a_i^{l−1}  (this sample)",
                 "code": lines(backprop, ("accumulate", "g_i[j] += d_l[j] * a_i"))}
    out["gb"] = {"formula": "∂J_s/∂b_j^l = d_j^l  (this sample)",
                 "code": lines(backprop, ("accumulate", "gb_l[j] += d_l[j]"))}
    out["mean"] = {"formula": "∂J/∂p = (1/n) Σ_s ∂J_s/∂p, the mean over all n samples",
                   "code": lines(backprop, ("_gradient", "g_i[j] /= n"))}
    return out
