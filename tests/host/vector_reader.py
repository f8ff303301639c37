"""A small reader of the conformance vectors written from ``docs/vectors.md`` and
``docs/formats.md`` alone (no purenet code: plain floats and ``math``), with deliberately wrong
readings of those docs that can be switched on one at a time: the mutants of
``tests/host/test_vector_mutants.py``.

``run(mutants)`` reads every file of ``vectors/`` and returns the list of failures: a valid or
acceptable case whose numbers disagree beyond the tolerance (or whose model the reader refuses),
an invalid file the reader accepts, or one it rejects at another place than purenet's message
names (the text before the first ": "). The correct reader (no mutant) has no failure.
"""
import json
import math
import os

from tests.host import ROOT

VECTORS = os.path.join(ROOT, "vectors")
PARAMS = {"linear": (), "sigmoid": ("beta",), "tanh": (), "relu": (), "step": (), "softmax": (),
          "piecewise_linear": ("x_min", "x_max", "slope", "intercept"), "gaussian": ("mu", "sigma")}
LOSSES = ("half_squared_error", "squared_error", "cross_entropy", "categorical_cross_entropy")
M = set()                       # the mutants switched on
N_TOTAL = []                    # the number of samples of the whole run (for one mutant)


class Bad(Exception):
    """A file the reader rejects; ``place`` as in purenet's messages ("" for the whole file)."""

    def __init__(self, place):
        Exception.__init__(self, place)
        self.place = place


# ----------------------------------------------------------------------------------------------
# reading and validating files

def parse(text):
    def pairs(items):
        d = {}
        for k, v in items:
            if k in d and "allow-duplicate-keys" not in M:
                raise Bad("")
            d[k] = v
        return d
    try:
        return json.loads(text, object_pairs_hook=pairs)
    except ValueError as e:
        raise Bad("line %d column %d" % (e.lineno, e.colno))


def number(x, place):
    if isinstance(x, bool) and "accept-booleans" in M:
        return float(x)
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        if "accept-numeric-strings" in M and isinstance(x, str):
            return float(x)
        raise Bad(place)
    if not math.isfinite(float(x)) and "accept-nonfinite" not in M:
        raise Bad(place)
    return float(x)


def keys(d, place, required, optional=()):
    if not isinstance(d, dict):
        raise Bad(place)
    if "ignore-unknown-keys" not in M:
        for k in d:
            if k not in required and k not in optional:
                raise Bad(place)
    for k in required:
        if k not in d:
            raise Bad(place)


def numbers(v, place, n=None):
    if not isinstance(v, list):
        raise Bad(place)
    if n is not None and len(v) != n and "skip-lengths" not in M:
        raise Bad(place)
    if not v and "accept-empty-lists" not in M:
        raise Bad(place)
    return [number(v[i], "%s[%d]" % (place, i)) for i in range(len(v))]


def matrix(v, place, rows=None):
    if not isinstance(v, list) or (rows is not None and len(v) != rows and "skip-lengths" not in M):
        raise Bad(place)
    if not v and "accept-empty-lists" not in M:
        raise Bad(place)
    out, cols = [], None
    for i in range(len(v)):
        out.append(numbers(v[i], "%s[%d]" % (place, i), cols))
        cols = len(out[-1])
    return out, cols


class Act:
    """An activation and its parameters, with the documented defaults."""

    def __init__(self, spec, place):
        if isinstance(spec, str):
            name, p = spec, {}
        elif isinstance(spec, dict):
            if "name" not in spec:
                raise Bad(place)
            if not isinstance(spec["name"], str):
                raise Bad(place + ".name")
            name, p = spec["name"], {}
            for k in spec:
                if k != "name":
                    p[k] = number(spec[k], "%s.%s" % (place, k)) if "skip-parameter-numbers" not in M \
                        else spec[k]
        else:
            raise Bad(place)
        if name not in PARAMS:
            raise Bad(place)
        for k in p:
            if k not in PARAMS[name] and "skip-parameter-names" not in M:
                raise Bad(place)
        self.name = name
        self.beta = p.get("beta", 1.0)
        self.mu, self.sigma = p.get("mu", 0.0), p.get("sigma", 1.0)
        self.x_min, self.x_max = p.get("x_min", -1.0), p.get("x_max", 1.0)
        if "skip-parameter-domain" not in M:
            if name == "gaussian" and not self.sigma > 0.0:
                raise Bad(place)
            if name == "piecewise_linear" and not self.x_min < self.x_max:
                raise Bad(place)
        if self.x_min >= self.x_max:
            self.x_max = self.x_min + 1.0           # a mutant went on: any value will do
        if "piecewise-defaults-fixed-ends" in M:
            self.slope = p.get("slope", 0.5)
            self.intercept = p.get("intercept", -self.slope * -1.0)
        else:
            self.slope = p.get("slope", 1.0 if "piecewise-slope-default-1" in M else
                               1.0 / (self.x_max - self.x_min))
            self.intercept = p.get("intercept", 0.0 if "piecewise-intercept-default-0" in M else
                                   -self.slope * self.x_min)
        if "reject-negative-parameters" in M and (self.beta <= 0.0 or self.slope < 0.0):
            raise Bad(place)

    def s(self, z):
        n = self.name
        if n == "linear":
            return z
        if n == "sigmoid":
            t = (1.0 if "sigmoid-ignores-beta" in M else self.beta) * z
            return 1.0 / (1.0 + math.exp(-t)) if t >= 0 else math.exp(t) / (1.0 + math.exp(t))
        if n == "tanh":
            return math.tanh(z)
        if n == "relu":
            return max(z, 0.0)
        if n == "step":
            return 1.0 if (z > 0.0 if "step(0)=0" in M else z >= 0.0) else 0.0
        if n == "piecewise_linear":
            if "piecewise-ends-linear" in M:
                return 0.0 if z < self.x_min else 1.0 if z > self.x_max else self.slope * z + self.intercept
            return 0.0 if z <= self.x_min else 1.0 if z >= self.x_max else self.slope * z + self.intercept
        if n == "gaussian":
            u = (z - self.mu) / self.sigma
            norm = math.sqrt(2 * math.pi * self.sigma) if "gaussian-factor" in M else \
                self.sigma * math.sqrt(2 * math.pi)
            return math.exp(-0.5 * u * u) / norm
        raise AssertionError(n)

    def ds(self, z, a):
        n = self.name
        if n == "linear":
            return 1.0
        if n == "sigmoid":
            return (1.0 if "sigmoid-ignores-beta" in M else self.beta) * a * (1.0 - a)
        if n == "tanh":
            return 1.0 - a * a
        if n == "relu":
            return 1.0 if (z >= 0.0 if "relu'(0)=1" in M else z > 0.0) else 0.0
        if n == "step":
            return 0.0
        if n == "piecewise_linear":
            if "piecewise'-ends=slope" in M:
                return self.slope if self.x_min <= z <= self.x_max else 0.0
            return self.slope if self.x_min < z < self.x_max else 0.0
        if n == "gaussian":
            return -(z - self.mu) / self.sigma ** 2 * a
        raise AssertionError(n)


def read_model(d):
    """(layers, acts): layers [(W, b)] with W[i][j] = w_ij (or transposed under a mutant)."""
    keys(d, "", ("format", "version", "layers"))
    if d["format"] != "purenet.model":
        raise Bad("format")
    v = d["version"]
    if "skip-version-check" not in M and (isinstance(v, bool) or not isinstance(v, int) or v != 1):
        raise Bad("version")
    if not isinstance(d["layers"], list):
        raise Bad("layers")
    if not d["layers"] and "accept-empty-lists" not in M:
        raise Bad("layers")
    layers, acts, n_prev = [], [], None
    for k, layer in enumerate(d["layers"]):
        p = "layers[%d]" % k
        keys(layer, p, ("activation", "weights", "biases"))
        act = Act(layer["activation"], p + ".activation")
        if act.name == "softmax" and k != len(d["layers"]) - 1 and "allow-hidden-softmax" not in M:
            raise Bad(p + ".activation")
        W, cols = matrix(layer["weights"], p + ".weights", n_prev)
        b = layer["biases"]
        if b is not None:
            b = numbers(b, p + ".biases", cols)
        elif "null-biases-as-zeros" in M:
            b = [0.0] * cols
        if "transpose-weights" in M and len(W) == cols:
            W = [list(r) for r in zip(*W)]
        layers.append((W, b))
        acts.append(act)
        n_prev = cols
    return layers, acts


def read_data(d, layers):
    keys(d, "", ("inputs", "targets"))
    X, n_in = matrix(d["inputs"], "inputs")
    Y, n_out = matrix(d["targets"], "targets")
    if len(X) != len(Y) and "skip-sample-count" not in M:
        raise Bad("targets")
    if "skip-sample-length" not in M:
        if n_in != len(layers[0][0]):
            raise Bad("inputs[0]")
        if n_out != len(layers[-1][0][0]):
            raise Bad("targets[0]")
    return X, Y


def read_gradients(d, layers):
    keys(d, "", ("layers",) if "gradient-loss-optional" in M else ("loss", "layers"), ("loss",))
    if "loss" in d:
        number(d["loss"], "loss")
    if not isinstance(d["layers"], list) or len(d["layers"]) != len(layers):
        raise Bad("layers")
    for k, (W, b) in enumerate(layers):
        p = "layers[%d]" % k
        keys(d["layers"][k], p, ("weights", "biases"))
        matrix(d["layers"][k]["weights"], p + ".weights", len(W))
        gb = d["layers"][k]["biases"]
        if (gb is None) != (b is None):
            raise Bad(p + ".biases")
        if gb is not None:
            numbers(gb, p + ".biases", len(b))


# ----------------------------------------------------------------------------------------------
# forward, cost, gradient

def forward(layers, acts, x):
    zs, as_ = [list(x)], [list(x)]
    for (W, b), act in zip(layers, acts):
        z = [sum(W[i][j] * as_[-1][i] for i in range(len(W))) + (b[j] if b else 0.0)
             for j in range(len(W[0]))]
        if act.name == "softmax":
            m = max(z)
            e = [math.exp(v - m) for v in z]
            a = [v / sum(e) for v in e]
        else:
            a = [act.s(v) for v in z]
        zs.append(z)
        as_.append(a)
    return zs, as_


def log(x):
    return math.log10(x) if "log10" in M else math.log(x)


def softplus(x):
    return x + math.log1p(math.exp(-x)) if x > 0 else math.log1p(math.exp(x))


def logs(act, z, y):
    """(log y_j, log(1 − y_j)) for binary cross-entropy, from z where the docs say so."""
    if "ce-clip" in M:
        y = [min(max(v, 1e-7), 1 - 1e-7) for v in y]
        return [math.log(v) for v in y], [math.log(1 - v) for v in y]
    if "ce-from-y" in M or act.name not in ("sigmoid", "gaussian", "softmax") or "log10" in M:
        return ([log(v) if v > 0 else -math.inf for v in y], [log(1 - v) if v < 1 else -math.inf for v in y])
    if act.name == "sigmoid":
        return [-softplus(-act.beta * v) for v in z], [-softplus(act.beta * v) for v in z]
    if act.name == "gaussian":
        c = math.log(act.sigma * math.sqrt(2 * math.pi))
        lg = [-0.5 * ((v - act.mu) / act.sigma) ** 2 - c for v in z]
        return lg, [math.log1p(-v) for v in y]
    m = max(z)
    lse = m + math.log(sum(math.exp(v - m) for v in z))
    out = []
    for j in range(len(z)):
        others = [z[k] for k in range(len(z)) if k != j]
        if y[j] <= 0.5 or not others:
            out.append(math.log1p(-y[j]) if y[j] < 1 else -math.inf)
        else:
            mo = max(others)
            out.append(mo + math.log(sum(math.exp(v - mo) for v in others)) - lse)
    return [v - lse for v in z], out


def cost_and_delta(loss, act, z, y, t):
    n = len(y)
    if loss in ("half_squared_error", "squared_error"):
        f = 1.0 if loss == "squared_error" and "squared-error-half" not in M else 0.5
        J = f * sum((y[j] - t[j]) * (y[j] - t[j]) for j in range(n))
        g = [2 * f * (y[j] - t[j]) for j in range(n)]
    elif loss == "categorical_cross_entropy":
        m = max(z)
        lse = m + math.log(sum(math.exp(v - m) for v in z))
        J = -sum(t[j] * (z[j] - lse) for j in range(n) if t[j] != 0)
        if "cce-from-y" in M:
            J = -sum(t[j] * math.log(y[j]) for j in range(n) if t[j] != 0)
        if "cce-ignores-target-sum" in M:
            return J, [y[j] - t[j] for j in range(n)]
        return J, [y[j] * sum(t) - t[j] for j in range(n)]
    else:
        ly, l1y = logs(act, z, y)
        if "ce-keeps-zero-weight-terms" in M:
            J = -sum(t[j] * ly[j] + (1 - t[j]) * l1y[j] for j in range(n))
        else:
            J = -sum((t[j] * ly[j] if t[j] != 0 else 0.0) + ((1 - t[j]) * l1y[j] if t[j] != 1 else 0.0)
                     for j in range(n))
        if act.name == "sigmoid" and "ce-from-y" not in M:
            c = [1.0 / (1.0 + math.exp(min(act.beta * v, 700.0))) for v in z]
            return J, [act.beta * ((1 - t[j]) * y[j] - t[j] * c[j]) for j in range(n)]
        if act.name == "sigmoid":
            return J, [act.beta * (y[j] - t[j]) for j in range(n)]
        if act.name == "gaussian" and "ce-from-y" not in M:
            return J, [(z[j] - act.mu) / act.sigma ** 2 * (t[j] - (1 - t[j]) * y[j] / (1 - y[j]))
                       for j in range(n)]
        if act.name == "softmax" and "ce-from-y" not in M:
            return J, softmax_bce_delta(z, y, t)
        g = []
        for j in range(n):
            if y[j] * (1 - y[j]) == 0:
                g.append(-1.0 if y[j] == 1 else 1.0)
            else:
                g.append((y[j] - t[j]) / (y[j] * (1 - y[j])))
    if act.name == "softmax":
        gy = sum(g[k] * y[k] for k in range(n))
        return J, [y[j] * (g[j] - gy) for j in range(n)]
    return J, [g[j] * act.ds(z[j], y[j]) for j in range(n)]


def softmax_bce_delta(z, y, t):
    n = len(y)
    d = []
    for i in range(n):
        v = -t[i] * sum(y[k] for k in range(n) if k != i) + (1 - t[i]) * y[i]
        for j in range(n):
            if j != i:
                others = [k for k in range(n) if k != j]
                mo = max(z[k] for k in others)
                q = math.exp(z[i] - mo) / sum(math.exp(z[k] - mo) for k in others)
                v += t[j] * y[i] - (1 - t[j]) * y[j] * q
        d.append(v)
    return d


def gradient(layers, acts, X, Y, loss):
    """(J, traces, gW, gB): the mean cost, the forward traces and the mean gradient."""
    gW = [[[0.0] * len(W[0]) for _ in W] for W, _ in layers]
    gB = [None if b is None else [0.0] * len(b) for _, b in layers]
    J, traces = 0.0, []
    for x, t in zip(X, Y):
        zs, as_ = forward(layers, acts, x)
        traces.append((zs, as_))
        J_s, d = cost_and_delta(loss, acts[-1], zs[-1], as_[-1], t)
        J += J_s
        for k in range(len(layers) - 1, -1, -1):
            for i in range(len(as_[k])):
                for j in range(len(d)):
                    gW[k][i][j] += d[j] * as_[k][i]
            if gB[k] is not None:
                for j in range(len(d)):
                    gB[k][j] += d[j]
            if k > 0:
                W = layers[k][0]
                d = [sum(W[i][j] * d[j] for j in range(len(d))) * acts[k - 1].ds(zs[k][i], as_[k][i])
                     for i in range(len(W))]
    n = 1 if "sum-not-mean" in M else N_TOTAL[0] if "batch-mean-over-n" in M and N_TOTAL else len(X)
    return (J / n, traces, [[[v / n for v in r] for r in m] for m in gW],
            [None if b is None else [v / n for v in b] for b in gB])


def step(layers, gW, gB, h, update):
    if update == "normalized" and "normalized-per-layer" in M:
        out = []
        for k in range(len(layers)):
            sq = sum(v * v for r in gW[k] for v in r) + sum(v * v for v in (gB[k] or []))
            out += step([layers[k]], [gW[k]], [gB[k]], h / math.sqrt(sq) if sq else 0.0, "plain")
        return out
    if update == "normalized":
        sq = sum(v * v for m in gW for r in m for v in r)
        if "normalized-weights-only" not in M:
            sq += sum(v * v for b in gB if b is not None for v in b)
        norm = math.sqrt(sq)
        if norm == 0.0 and "normalized-zero-divides" not in M:
            return layers
        h = h / norm if norm else math.nan
    return [([[W[i][j] - h * gW[k][i][j] for j in range(len(W[0]))] for i in range(len(W))],
             None if b is None else [b[j] - h * gB[k][j] for j in range(len(b))])
            for k, (W, b) in enumerate(layers)]


def flat(layers):
    """Every weight (row by row), then the layer's biases, layer by layer: one list."""
    out = []
    for W, b in layers:
        for r in W:
            out += r
        out += b or []
    return out


def unflat(values, like):
    out, k = [], 0
    for W, b in like:
        W2 = []
        for r in W:
            W2.append(values[k:k + len(r)])
            k += len(r)
        b2 = None
        if b is not None:
            b2 = values[k:k + len(b)]
            k += len(b)
        out.append((W2, b2))
    return out


def stateful_step(layers, gW, gB, h, update, opts, state):
    """One step of momentum, nesterov, adam or adamw (the "update" rule of updates.json) on flat
    lists; state = {"t": steps so far, "t_epoch": steps this epoch, buffer name: flat list}."""
    p, g = flat(layers), flat(list(zip(gW, gB)))
    L = opts.get("weight_decay", 0.0)
    state["t"] += 1
    state["t_epoch"] += 1
    t = state["t_epoch"] if "adam-t-per-epoch" in M else state["t"]
    if update in ("momentum", "nesterov"):
        mu, d = opts["momentum"], opts.get("dampening", 0.0)
        v = state.setdefault("momentum_buffer", None)
        new_v, new_p = [], []
        for j in range(len(p)):
            gj = g[j] + L * p[j] if L and "ignore-weight-decay" not in M and \
                "sgd-decay-outside-buffer" not in M else g[j]
            if v is None and "momentum-buffer-starts-at-zero" not in M:
                vj = gj
            else:
                vj = mu * (v[j] if v is not None else 0.0) + (1 - d) * gj
            new_v.append(vj)
            step_j = gj + mu * vj if update == "nesterov" and "nesterov-without-lookahead" not in M else vj
            if "sgd-decay-outside-buffer" in M and L:
                step_j += L * p[j]
            new_p.append(p[j] - h * step_j)
        state["momentum_buffer"] = new_v
        return unflat(new_p, layers)
    b1, b2 = opts["betas"]
    eps = opts["eps"]
    m = state.setdefault("exp_avg", [0.0] * len(p))
    v = state.setdefault("exp_avg_sq", [0.0] * len(p))
    new_p = []
    for j in range(len(p)):
        pj = p[j]
        if update == "adamw" and "adamw-decay-after-step" not in M and "adamw-as-l2" not in M:
            pj *= 1 - (L if "adamw-decay-unscaled" in M else h * L)
        l2 = update == "adam" or (update == "adamw" and "adamw-as-l2" in M)
        gj = g[j] + L * pj if l2 and L and "ignore-weight-decay" not in M else g[j]
        m[j] = b1 * m[j] + (1 - b1) * gj
        v[j] = b2 * v[j] + (1 - b2) * gj * gj
        if "adam-no-bias-correction" in M:
            pj -= h * m[j] / (math.sqrt(v[j]) + eps)
        elif "adam-eps-hat" in M:
            pj -= h * math.sqrt(1 - b2 ** t) / (1 - b1 ** t) * m[j] / (math.sqrt(v[j]) + eps)
        elif "adam-eps-inside-sqrt" in M:
            pj -= h * (m[j] / (1 - b1 ** t)) / math.sqrt(v[j] / (1 - b2 ** t) + eps)
        else:
            pj -= h * (m[j] / (1 - b1 ** t)) / (math.sqrt(v[j] / (1 - b2 ** t)) + eps)
        if update == "adamw" and "adamw-decay-after-step" in M:
            pj *= 1 - h * L
        new_p.append(pj)
    return unflat(new_p, layers)


def state_lists(state, like):
    """The buffers in the layout of expected.states[k].buffers."""
    out = {}
    for name in ("momentum_buffer", "exp_avg", "exp_avg_sq"):
        if state.get(name) is not None:
            out[name] = unflat(state[name], like)
    return out


# ----------------------------------------------------------------------------------------------
# training runs (the rules of training.json)

class SplitMix64:
    def __init__(self, seed):
        self.s = seed % 2 ** 64

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) % 2 ** 64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) % 2 ** 64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) % 2 ** 64
        return z ^ (z >> 31)

    def random(self):
        if "random-52-bits" in M:
            return (self.next() >> 12) * 2.0 ** -52
        if "random-low-bits" in M:
            return (self.next() & (2 ** 53 - 1)) * 2.0 ** -53
        return (self.next() >> 11) * 2.0 ** -53

    def randbelow(self, n):
        limit = 2 ** 64 - 2 ** 64 % n
        x = self.next()
        while x >= limit:
            x = self.next()
        return x % n

    def shuffle(self, items):
        if "shuffle-from-the-start" in M:
            for i in range(len(items) - 1):
                j = i + self.randbelow(len(items) - i)
                items[i], items[j] = items[j], items[i]
            return
        for i in range(len(items) - 1, 0, -1):
            j = self.randbelow(i + 1)
            items[i], items[j] = items[j], items[i]


def init_model(init):
    rng = SplitMix64(init["seed"])
    sizes, layers = init["sizes"], []
    for l in range(1, len(sizes)):
        if "init-rng-per-layer" in M:
            rng = SplitMix64(init["seed"] + l - 1)
        r = math.sqrt(6.0 / (sizes[l - 1] + sizes[l]))
        W = [[0.0] * sizes[l] for _ in range(sizes[l - 1])]
        cells = [(i, j) for i in range(sizes[l - 1]) for j in range(sizes[l])]
        if "init-column-major" in M:
            cells = [(i, j) for j in range(sizes[l]) for i in range(sizes[l - 1])]
        if "glorot-product" in M:
            r = math.sqrt(6.0 / (sizes[l - 1] * sizes[l]))
        for i, j in cells:
            W[i][j] = -r + (r - -r) * rng.random()
        layers.append((W, [0.0] * sizes[l] if init["bias"] else None))
    acts = [Act(a, "init") for a in init["activations"]]
    return layers, acts


def train(layers, acts, X, Y, loss, h, epochs, batch_size, update, seed, opts=None, states=None):
    """(costs, models, orders, diverged epoch or None), by the rules of training.json (and of
    updates.json with opts: then the state after every epoch is appended to states)."""
    state = {"t": 0, "t_epoch": 0}
    n = len(X)
    size = batch_size or n
    N_TOTAL[:] = [n]
    rng = SplitMix64(seed) if seed is not None and "ignore-shuffle-seed" not in M else None
    order = list(range(n))
    costs = [gradient(layers, acts, X, Y, loss)[0]]
    models, orders = [layers], []
    for epoch in range(1, epochs + 1):
        if rng is not None:
            if "shuffle-resets-order" in M:
                order = list(range(n))
            if "shuffle-new-generator-per-epoch" in M:
                rng = SplitMix64(seed)
            rng.shuffle(order)
            orders.append(list(order))
        new = layers
        state["t_epoch"] = 0
        stop = n - n % size if "drop-last-batch" in M and n > size else n
        for start in range(0, stop, size):
            batch = order[start:start + size]
            _, _, gW, gB = gradient(new, acts, [X[k] for k in batch], [Y[k] for k in batch], loss)
            if opts is not None:
                new = stateful_step(new, gW, gB, h, update, opts, state)
            else:
                new = step(new, gW, gB, h, update)
        J = gradient(new if "cost-recorded-before-epoch" not in M else layers, acts, X, Y, loss)[0]
        bad = not math.isfinite(J) or any(not math.isfinite(v) for W, b in new for r in W for v in r)
        if bad and "keep-diverged" not in M:
            N_TOTAL[:] = []
            return costs, models, orders, epoch
        layers = new
        costs.append(J)
        models.append(layers)
        if states is not None:
            states.append((state["t"], state_lists(state, layers)))
    N_TOTAL[:] = []
    return costs, models, orders, None


# ----------------------------------------------------------------------------------------------
# comparing

def close(x, e, tol):
    if x is None or e is None:
        return x is None and e is None
    return abs(x - e) <= tol["absolute"] + tol["relative"] * abs(e)


def same(mine, theirs, tol):
    """Nested lists compared entry by entry: shapes, nulls and every number."""
    if isinstance(theirs, (list, tuple)) or isinstance(mine, (list, tuple)):
        seq = (list, tuple)
        return (isinstance(theirs, seq) and isinstance(mine, seq) and len(mine) == len(theirs)
                and all(same(a, b, tol) for a, b in zip(mine, theirs)))
    return close(mine, theirs, tol)


def model_lists(d):
    return [(l["weights"], l["biases"]) for l in d["layers"]]


def check_case(case, tol, fmt):
    """The reasons a valid case fails, or []."""
    tol = case.get("tolerance", tol)
    exp = case["expected"]
    try:
        if fmt != "purenet.vectors" and case["init"] is not None:
            layers, acts = init_model(case["init"])
        else:
            layers, acts = read_model(case["model"])
        X, Y = read_data(case["data"], layers)
    except Bad as e:
        return ["rejected the model or data at %r" % e.place]
    if "loss" in case and case["loss"] not in LOSSES:
        return ["unknown loss"]
    out = []
    if fmt == "purenet.vectors":
        J, traces, gW, gB = gradient(layers, acts, X, Y, case["loss"])
        if not same([t[1][-1] for t in traces], exp["outputs"], tol):
            out.append("outputs")
        first = 2 if "trace-keys-from-the-first-layer-with-weights" in M else 1
        for (zs, as_), t in zip(traces, exp["trace"]):
            if set(t["z"]) != set(str(l) for l in range(first, first + len(zs))) or \
               not same(zs, [t["z"][str(l)] for l in range(first, first + len(zs))], tol) or \
               not same(as_, [t["a"][str(l)] for l in range(first, first + len(as_))], tol):
                out.append("trace")
        if not close(J, exp["cost"], tol):
            out.append("cost")
        if not same([(W, b) for W, b in zip(gW, gB)], model_lists(exp["gradient"]), tol):
            out.append("gradient")
        stepped = step(layers, gW, gB, case["learning_rate"], "plain")
        if not same(stepped, model_lists(exp["updated_model"]), tol):
            out.append("updated_model")
        return out
    if not same(layers, model_lists(exp["models"][0]), tol):
        out.append("initial model")
    J, _, gW, gB = gradient(layers, acts, X, Y, case["loss"])
    if not close(J, exp["initial_gradient"]["cost"], tol) or \
       not same(list(zip(gW, gB)), model_lists(exp["initial_gradient"]), tol):
        out.append("initial gradient")
    states = [] if fmt == "purenet.vectors.updates" else None
    costs, models, orders, diverged = train(layers, acts, X, Y, case["loss"], case["learning_rate"],
                                            case["epochs"], case["batch_size"], case["update"],
                                            case["shuffle_seed"], case.get("options"), states)
    if states is not None:
        want = [(e["step"], {k: model_lists(b) for k, b in e["buffers"].items()}) for e in exp["states"]]
        if [t for t, _ in states] != [t for t, _ in want] or \
           [sorted(b) for _, b in states] != [sorted(b) for _, b in want] or \
           not all(same(a[k], b[k], tol) for (_, a), (_, b) in zip(states, want) for k in b):
            out.append("states")
    if not same(costs, exp["cost"], tol):
        out.append("cost history")
    if not same(models, [model_lists(m) for m in exp["models"]], tol):
        out.append("models")
    if exp["orders"] is not None and orders != exp["orders"]:
        out.append("orders")
    if (diverged and {"epoch": diverged}) != (exp["diverged"] or None):
        out.append("diverged")
    return out


def check_invalid(doc, case):
    base = parse(doc["base_model"])
    place = case["error"].rsplit(": ", 1)[0] if "place-before-last-colon" in M else \
        case["error"].split(": ", 1)[0] if ": " in case["error"] else ""
    try:
        d = parse(case["text"])
        if case["kind"] == "model":
            read_model(d)
        else:
            layers, _ = read_model(base)
            (read_data if case["kind"] == "data" else read_gradients)(d, layers)
    except Bad as e:
        return [] if e.place == place else ["rejected at %r, not %r" % (e.place, place)]
    return ["accepted an invalid file"]


def run(mutants=()):
    """Every failure of the reader with these mutants: [(case id, reason)]."""
    M.clear()
    M.update(mutants)
    failures = []
    for name in sorted(os.listdir(VECTORS)):
        if not name.endswith(".json"):
            continue
        with open(os.path.join(VECTORS, name), encoding="ascii") as f:
            doc = json.load(f)
        fmt = doc["format"]
        for case in doc["cases"]:
            if fmt == "purenet.vectors.invalid":
                reasons = check_invalid(doc, case)
            elif fmt in ("purenet.vectors", "purenet.vectors.training", "purenet.vectors.updates"):
                try:
                    reasons = check_case(case, doc["tolerance"], fmt)
                except (ArithmeticError, ValueError) as e:
                    reasons = ["raised %s" % type(e).__name__]
            else:
                continue                      # a format this reader does not know: skipped
            failures += [(case["id"], r) for r in reasons]
    M.clear()
    return failures
