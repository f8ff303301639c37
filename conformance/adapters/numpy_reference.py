"""A NumPy reference in the manner of Michael Nielsen's network.py ("Neural Networks and Deep
Learning", chapter 1): a Network of weight matrices w (n_l x n_(l-1)) and column biases, a
per-sample backprop(x, y) returning (nabla_b, nabla_w), and mini-batch updates
w <- w - (eta/m) sum nabla_w.

- ``default``: network.py as Nielsen wrote it, with network2.py's two costs: sigmoid in every layer,
  biases everywhere, QuadraticCost (1/2 ||a - y||^2, delta (a - y) sigma'(z)) and CrossEntropyCost
  (sum nan_to_num(-y log a - (1 - y) log(1 - a)), delta a - y); training by mini-batches
  (the shuffle is random.shuffle, so only batch descent, where the order does not matter, is kept);
- ``matched``: the same code extended to purenet's conventions (docs/vectors.md): every
  activation with its parameters, layers without biases, the four losses with the logs of binary
  cross-entropy taken from z, the documented shuffle and initial weights, normalized updates,
  divergence.

Run: python conformance/adapters/numpy_reference.py --variant matched   (JSON lines), or
purenet conform --adapter conformance/adapters/numpy_reference.py:matched
"""

import math

import numpy as np
from common import (
    Adapter,
    NotExpressible,
    activation,
    full_capabilities,
    hello,
    run_training,
    serve,
    start_model,
    tolist,
)

# ---------------------------------------------------------------------------------------------
# activations: value s(z) and derivative s'(z) of a column z


def sigmoid(z, beta=1.0):
    return 1.0 / (1.0 + np.exp(-beta * z))


def softplus(x):
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


class Act:
    def __init__(self, spec):
        self.name, self.p = activation(spec)

    def value(self, z):
        n, p = self.name, self.p
        if n == "linear":
            return z.copy()
        if n == "sigmoid":
            return sigmoid(z, p["beta"])
        if n == "tanh":
            return np.tanh(z)
        if n == "relu":
            return np.where(z > 0.0, z, 0.0)
        if n == "step":
            return np.where(z >= 0.0, 1.0, 0.0)
        if n == "piecewise_linear":
            inside = p["slope"] * z + p["intercept"]
            return np.where(z <= p["x_min"], 0.0, np.where(z >= p["x_max"], 1.0, inside))
        if n == "gaussian":
            s = p["sigma"]
            return np.exp(-(z - p["mu"]) ** 2 / (2.0 * s * s)) / (s * math.sqrt(2.0 * math.pi))
        if n == "softmax":
            e = np.exp(z - z.max())
            return e / e.sum()
        raise NotExpressible("activation " + n)

    def prime(self, z, a):
        n, p = self.name, self.p
        if n == "linear":
            return np.ones_like(z)
        if n == "sigmoid":
            return p["beta"] * a * (1.0 - a)
        if n == "tanh":
            return 1.0 - a * a
        if n == "relu":
            return np.where(z > 0.0, 1.0, 0.0)
        if n == "step":
            return np.zeros_like(z)
        if n == "piecewise_linear":
            return np.where((z > p["x_min"]) & (z < p["x_max"]), p["slope"], 0.0)
        if n == "gaussian":
            return -(z - p["mu"]) / p["sigma"] ** 2 * a
        raise NotExpressible("the derivative of " + n)

    def logs(self, z):
        """(log a, log(1 - a)) from z where the activation has a stable form, else None."""
        n, p = self.name, self.p
        if n == "sigmoid":
            return -softplus(-p["beta"] * z), -softplus(p["beta"] * z)
        if n == "gaussian":
            s = p["sigma"]
            log_y = -(z - p["mu"]) ** 2 / (2.0 * s * s) - math.log(s * math.sqrt(2.0 * math.pi))
            return log_y, np.log1p(-np.exp(log_y))
        if n == "softmax":
            m = z.max()
            lse = m + math.log(np.exp(z - m).sum())
            rest = np.array([_lse(np.delete(z, j)) for j in range(len(z))]).reshape(z.shape)
            return z - lse, rest - lse
        return None


def _lse(v):
    m = v.max()
    return m + math.log(np.exp(v - m).sum())


# ---------------------------------------------------------------------------------------------
# the network

class Network:
    def __init__(self, model):
        self.layers = model["layers"]
        self.weights = [np.array(L["weights"], dtype=np.float64).T for L in self.layers]
        self.biases = [None if L["biases"] is None else np.array(L["biases"], dtype=np.float64).reshape(-1, 1)
                       for L in self.layers]
        self.acts = [Act(L["activation"]) for L in self.layers]

    def feedforward(self, a):
        """(zs, activations) of one column input."""
        zs, activations = [a], [a]
        for w, b, s in zip(self.weights, self.biases, self.acts):
            z = w @ a + (b if b is not None else 0.0)
            a = s.value(z)
            zs.append(z)
            activations.append(a)
        return zs, activations

    def cost(self, a, z, y, loss):
        if loss == "half_squared_error":
            return 0.5 * float(((a - y) ** 2).sum())
        if loss == "squared_error":
            return float(((a - y) ** 2).sum())
        s = self.acts[-1]
        logs = s.logs(z)
        if logs is None:
            with np.errstate(divide="ignore"):
                logs = np.log(a), np.log(1.0 - a)
        log_y, log_1my = logs
        if loss == "categorical_cross_entropy":
            return -float(np.where(y != 0.0, y * log_y, 0.0).sum())
        terms = np.where(y != 0.0, y * log_y, 0.0) + np.where(y != 1.0, (1.0 - y) * log_1my, 0.0)
        return -float(terms.sum())

    def output_delta(self, a, z, y, loss):
        s = self.acts[-1]
        if loss in ("half_squared_error", "squared_error"):
            dy = (a - y) * (2.0 if loss == "squared_error" else 1.0)
            if s.name == "softmax":
                return a * (dy - float((a * dy).sum()))
            return dy * s.prime(z, a)
        if loss == "categorical_cross_entropy":
            return a * y.sum() - y
        if s.name == "sigmoid":
            beta = s.p["beta"]
            return beta * ((1.0 - y) * a - y * sigmoid(-z, beta))
        if s.name == "gaussian":
            return (z - s.p["mu"]) / s.p["sigma"] ** 2 * (y - (1.0 - y) * a / (1.0 - a))
        if s.name == "softmax":
            return _softmax_bce_delta(z.ravel(), a.ravel(), y.ravel()).reshape(z.shape)
        with np.errstate(divide="ignore", invalid="ignore"):
            dy = np.where(a == y, np.where(a == 1.0, -1.0, 1.0), (a - y) / (a * (1.0 - a)))
        return dy * s.prime(z, a)

    def backprop(self, x, y, loss):
        """(cost, nabla_b, nabla_w, trace) for one sample, as in network.py."""
        zs, activations = self.feedforward(x)
        delta = self.output_delta(activations[-1], zs[-1], y, loss)
        nabla_w = [None] * len(self.weights)
        nabla_b = [None] * len(self.weights)
        for k in range(len(self.weights) - 1, -1, -1):
            if k < len(self.weights) - 1:
                delta = (self.weights[k + 1].T @ delta) * self.acts[k].prime(zs[k + 1], activations[k + 1])
            nabla_w[k] = delta @ activations[k].T
            nabla_b[k] = delta
        return self.cost(activations[-1], zs[-1], y, loss), nabla_b, nabla_w, (zs, activations)

    def mean_gradient(self, X, Y, loss):
        with np.errstate(all="ignore"):          # inf and NaN are answers too (a diverging run)
            return self._mean_gradient(X, Y, loss)

    def _mean_gradient(self, X, Y, loss):
        total, nw, nb, traces = 0.0, None, None, []
        for x, y in zip(X, Y):
            c, db, dw, tr = self.backprop(np.array(x).reshape(-1, 1), np.array(y).reshape(-1, 1), loss)
            total += c
            traces.append(tr)
            nw = dw if nw is None else [a + b for a, b in zip(nw, dw)]
            nb = db if nb is None else [a + b for a, b in zip(nb, db)]
        n = len(X)
        return total / n, [g / n for g in nb], [g / n for g in nw], traces

    def update(self, nabla_b, nabla_w, eta, update="plain"):
        if update == "normalized":
            sq = sum(float((g ** 2).sum()) for g in nabla_w)
            sq += sum(float((g ** 2).sum()) for g, b in zip(nabla_b, self.biases) if b is not None)
            norm = math.sqrt(sq)
            if norm == 0.0:
                return
            eta = eta / norm
        self.weights = [w - eta * g for w, g in zip(self.weights, nabla_w)]
        self.biases = [None if b is None else b - eta * g for b, g in zip(self.biases, nabla_b)]

    def to_layers(self):
        return [{"weights": tolist(w.T), "biases": None if b is None else tolist(b.ravel())}
                for w, b in zip(self.weights, self.biases)]

    def gradient_layers(self, nabla_b, nabla_w):
        return [{"weights": tolist(g.T), "biases": None if b is None else tolist(gb.ravel())}
                for g, gb, b in zip(nabla_w, nabla_b, self.biases)]


def _softmax_bce_delta(z, y, t):
    """dJ/dz_i of binary cross-entropy after a softmax (docs/vectors.md (C15))."""
    n = len(z)
    out = np.zeros(n)
    for i in range(n):
        total = -t[i] * (1.0 - y[i]) + (1.0 - t[i]) * y[i]
        for j in range(n):
            if j != i:
                zj = np.delete(z, j)
                q = np.exp(zj - zj.max())
                q = q / q.sum()
                qi = q[i if i < j else i - 1]
                total += t[j] * y[i] - (1.0 - t[j]) * y[j] * qi
        out[i] = total
    return out


# ---------------------------------------------------------------------------------------------
# the two variants

def one_step(request, parts):
    net = Network(request["model"])
    X, Y = request["data"]["inputs"], request["data"]["targets"]
    J, nb, nw, traces = net.mean_gradient(X, Y, request["loss"])
    out = {"outputs": [tolist(acts[-1].ravel()) for _, acts in traces], "cost": J,
           "gradient": {"layers": net.gradient_layers(nb, nw)}}
    if "trace" in parts:
        out["trace"] = [{"z": {str(l + 1): tolist(zs[l].ravel()) for l in range(len(zs))},
                         "a": {str(l + 1): tolist(acts[l].ravel()) for l in range(len(acts))}}
                        for zs, acts in traces]
    net.update(nb, nw, request["learning_rate"])
    out["updated_model"] = {"layers": net.to_layers()}
    return out


def finite(net):
    return all(np.isfinite(w).all() for w in net.weights) and \
        all(b is None or np.isfinite(b).all() for b in net.biases)


class Training:
    """The hooks of common.run_training for one run of this network."""

    def __init__(self, request):
        self.net = Network(start_model(request))
        self.X, self.Y = request["data"]["inputs"], request["data"]["targets"]
        self.loss, self.h, self.update = request["loss"], request["learning_rate"], request["update"]

    def initial(self):
        J0, nb, nw, _ = self.net.mean_gradient(self.X, self.Y, self.loss)
        return J0, self.net.gradient_layers(nb, nw)

    def step(self, batch):
        X, Y = [self.X[i] for i in batch], [self.Y[i] for i in batch]
        _, nb, nw, _ = self.net.mean_gradient(X, Y, self.loss)
        self.net.update(nb, nw, self.h, self.update)

    def cost(self):
        return self.net.mean_gradient(self.X, self.Y, self.loss)[0]

    def layers(self):
        return self.net.to_layers()

    def snapshot(self):
        return self.net.weights, self.net.biases

    def restore(self, saved):
        self.net.weights, self.net.biases = saved

    def finite(self):
        return finite(self.net)


class Matched(Adapter):
    def hello(self):
        return hello("numpy-reference", np.__version__, "matched", full_capabilities())

    def one_step(self, request):
        return one_step(request, ("trace",))

    def training(self, request):
        return run_training(request, Training(request))


class NielsenDefault(Matched):
    """network.py with network2.py's costs, as written: sigmoid everywhere, biases everywhere."""

    def hello(self):
        return hello("numpy-reference", np.__version__, "default", {
            "dtype": "float64", "activations": ["sigmoid"], "output_activations": ["sigmoid"],
            "losses": {"half_squared_error": ["sigmoid"], "cross_entropy": ["sigmoid"]},
            "parts": ["outputs", "trace", "cost", "gradient", "updated_model"],
            "training": {"updates": ["plain"], "batching": ["batch"], "shuffle": False, "init": False}})

    def compute(self, request):
        if request["loss"] == "cross_entropy":
            Network.cost = _nielsen_cross_entropy
            Network.output_delta = _nielsen_delta
        else:
            Network.cost, Network.output_delta = _COST, _DELTA
        try:
            return Matched.compute(self, request)
        finally:
            Network.cost, Network.output_delta = _COST, _DELTA


_COST, _DELTA = Network.cost, Network.output_delta


def _nielsen_cross_entropy(self, a, z, y, loss):
    """network2.py's CrossEntropyCost.fn."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum(np.nan_to_num(-y * np.log(a) - (1 - y) * np.log(1 - a))))


def _nielsen_delta(self, a, z, y, loss):
    """network2.py's CrossEntropyCost.delta."""
    return a - y


matched = Matched()
default = NielsenDefault()
VARIANTS = {"default": default, "matched": matched}

if __name__ == "__main__":
    serve(VARIANTS)
