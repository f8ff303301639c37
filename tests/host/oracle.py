"""An exact oracle for costs and gradients: Python's ``decimal`` at whatever precision a network
needs, sharing no code with purenet (CPython, host only).

The network comes as a model file's object (``weights[i][j]`` = w_ij^l, ``biases`` or None, the
activation by name or {"name": ..., parameters}); every float is converted to Decimal exactly, and
from there everything is computed with the plain definitions, in ``decimal`` arithmetic:

- the forward pass z_j^l = Σ_i w_ij^l a_i^{l−1} + b_j^l, a_j^l = s(z_j^l) (softmax: e^{z_j}/Σ_k e^{z_k});
- the per-sample cost, from the outputs y: ½Σ(y − t)², Σ(y − t)², −Σ[t ln y + (1 − t) ln(1 − y)]
  (a term with weight 0 left out; Infinity where y is exactly 0 or 1 against another target),
  −Σ t ln y;
- the gradient by the chain rule alone: ∂J/∂y from the cost, times s'(z) (the softmax Jacobian
  a_j(g_j − Σ_k g_k a_k) for softmax), then d_j^l = Σ_k w_jk^{l+1} d_k^{l+1} s'(z_j^l) and
  ∂J/∂w_ij^l = d_j^l a_i^{l−1}, ∂J/∂b_j^l = d_j^l, means over the samples. None of purenet's
  closed forms for saturated outputs: cancellation is outrun by precision instead.

Precision: 60 significant digits; 1 − s(z) of a sigmoid is 1/(1 + e^{βz}), of a softmax
Σ_{k≠j} y_k, and tanh' is 1/cosh² z (the same numbers, never rounded to 0 however saturated). Only
the softmax Jacobian needs more: its differences g_j − Σ_k g_k a_k are between numbers up to e^M
apart, M the range of z, so ``precision`` adds M/ln 10 digits (about 700 for z = (800, −800)). Tiny
arguments of ln(1 + x) use its series. The conventions at kinks are purenet's documented ones:
relu'(0) = 0, step(0) = 1 with step' = 0, piecewise-linear 0 at and below x_min, 1 at and above
x_max, its derivative 0 there. Rounding the result to a double gives the correctly rounded value
of the exact cost or gradient entry of the network as given.

``python tests/host/oracle.py`` prints the exact values stored in ``tests/test_saturation.py``.
"""
import os
import sys
from decimal import Decimal, localcontext

BASE_DIGITS = 60
_INF = Decimal("Infinity")


_PI = {}


def _pi():
    """π to the current precision (the recipe of the ``decimal`` documentation), cached."""
    from decimal import getcontext
    prec = getcontext().prec
    if prec not in _PI:
        _PI[prec] = _compute_pi()
    return _PI[prec]


def _compute_pi():
    from decimal import getcontext
    getcontext().prec += 2
    three = Decimal(3)
    lasts, t, s, n, na, d, da = 0, three, 3, 1, 0, 0, 24
    while s != lasts:
        lasts = s
        n, na = n + na, na + 8
        d, da = d + da, da + 32
        t = (t * n) / d
        s += t
    getcontext().prec -= 2
    return +s


def ln1p(x):
    """ln(1 + x), by its series where |x| is below 1e-12 (1 + x would need many more digits)."""
    if abs(x) < Decimal("1e-12"):
        total, term, k = Decimal(0), x, 1
        while k < 12:
            total += term / k
            k += 1
            term = -term * x
        return total
    return (1 + x).ln()


class Act:
    """One activation from a model file's spec, in exact arithmetic (purenet's definitions)."""

    def __init__(self, spec):
        if isinstance(spec, str):
            self.name, p = spec, {}
        else:
            self.name, p = spec["name"], {k: Decimal(v) for k, v in spec.items() if k != "name"}
        self.beta = p.get("beta", Decimal(1))
        self.mu, self.sigma = p.get("mu", Decimal(0)), p.get("sigma", Decimal(1))
        self.x_min, self.x_max = p.get("x_min", Decimal(-1)), p.get("x_max", Decimal(1))
        self.slope = p.get("slope", 1 / (self.x_max - self.x_min))
        self.intercept = p.get("intercept", -self.slope * self.x_min)

    def scale(self):
        return abs(self.beta) if self.name == "sigmoid" else Decimal(2) if self.name == "tanh" else Decimal(1)

    def value(self, z):
        n = self.name
        if n == "linear":
            return z
        if n == "sigmoid":
            return 1 / (1 + (-self.beta * z).exp())
        if n == "tanh":
            e = (2 * z).exp()
            return (e - 1) / (e + 1)
        if n == "relu":
            return z if z > 0 else Decimal(0)
        if n == "step":
            return Decimal(1) if z >= 0 else Decimal(0)
        if n == "piecewise_linear":
            if z <= self.x_min:
                return Decimal(0)
            if z >= self.x_max:
                return Decimal(1)
            return self.slope * z + self.intercept
        if n == "gaussian":
            u = (z - self.mu) / self.sigma
            return (-u * u / 2).exp() / (self.sigma * (2 * _pi()).sqrt())
        raise AssertionError(n)

    def complement(self, z, a):
        """1 − s(z); for the sigmoid 1/(1 + e^{βz}), exact however close s(z) is to 1."""
        if self.name == "sigmoid":
            return 1 / (1 + (self.beta * z).exp())
        return 1 - a

    def derivative(self, z, a):
        n = self.name
        if n == "linear":
            return Decimal(1)
        if n == "sigmoid":
            return self.beta * a * self.complement(z, a)
        if n == "tanh":
            return 4 / (z.exp() + (-z).exp()) ** 2          # 1 − tanh² = 1/cosh², no cancellation
        if n == "relu":
            return Decimal(1) if z > 0 else Decimal(0)
        if n == "step":
            return Decimal(0)
        if n == "piecewise_linear":
            return self.slope if self.x_min < z < self.x_max else Decimal(0)
        if n == "gaussian":
            return -(z - self.mu) / (self.sigma * self.sigma) * a
        raise AssertionError(n)

    def apply(self, z):
        if self.name != "softmax":
            return [self.value(z_j) for z_j in z]
        m = max(z)
        e = [(z_j - m).exp() for z_j in z]
        total = sum(e)
        return [e_j / total for e_j in e]


def _forward(layers, acts, x):
    a = [Decimal(v) for v in x]
    zs, as_ = [a], [a]
    for layer, s in zip(layers, acts):
        W, b = layer["weights"], layer["biases"]
        z = []
        for j in range(len(W[0])):
            t = sum(Decimal(W[i][j]) * a[i] for i in range(len(W)))
            z.append(t + (Decimal(b[j]) if b is not None else 0))
        a = s.apply(z)
        zs.append(z)
        as_.append(a)
    return zs, as_


def _cost_and_dy(loss, y, t, c):
    """(J, ∂J/∂y) of one sample (c_j = 1 − y_j); ∂J/∂y is None where J is infinite."""
    n = len(y)
    if loss == "half_squared_error":
        return sum((y[j] - t[j]) ** 2 for j in range(n)) / 2, [y[j] - t[j] for j in range(n)]
    if loss == "squared_error":
        return sum((y[j] - t[j]) ** 2 for j in range(n)), [2 * (y[j] - t[j]) for j in range(n)]
    J, g = Decimal(0), []
    for j in range(n):
        t_j, c_j = t[j], c[j]
        g_j = Decimal(0)
        if t_j != 0:
            if y[j] == 0:
                return _INF, None
            J -= t_j * (y[j].ln() if y[j] < Decimal("0.5") else ln1p(-c_j))
            g_j -= t_j / y[j]
        if loss == "cross_entropy" and t_j != 1:
            if c_j == 0:
                return _INF, None
            J -= (1 - t_j) * (ln1p(-y[j]) if y[j] < Decimal("0.5") else c_j.ln())
            g_j += (1 - t_j) / c_j
        g.append(g_j)
    return J, g


def precision(model, X):
    """60 digits plus M/ln 10, M the largest range of a softmax layer's z (a float pass): the
    softmax Jacobian a_j(g_j − Σ_k g_k a_k) subtracts numbers up to e^M apart. M is capped at
    4000 (the networks of the tests stay below)."""
    import math
    M = 1.0
    for x in X:
        a = [float(v) for v in x]
        for layer in model["layers"]:
            W, b = layer["weights"], layer["biases"]
            spec = layer["activation"]
            name = spec if isinstance(spec, str) else spec["name"]
            z = [sum(W[i][j] * a[i] for i in range(len(W))) + (b[j] if b else 0.0) for j in range(len(W[0]))]
            if name == "softmax":
                M = max(M, max(z) - min(z))
            a = [max(-1.0, min(1.0, z_j)) if name in ("sigmoid", "tanh", "softmax", "gaussian") else z_j
                 for z_j in z]
    return BASE_DIGITS + int(min(M, 4000.0) / math.log(10.0)) + 10


def exact(model, X, Y, loss, prec=None):
    """(J, gw, gb) exactly (Decimals, the layout of a gradient file: gw[k][i][j] for layer k + 2,
    gb[k] a list or None); J is Infinity and gw None where the cost is infinite."""
    with localcontext() as ctx:
        ctx.prec = prec or precision(model, X)
        ctx.Emin, ctx.Emax = -9999999, 9999999
        layers = model["layers"]
        acts = [Act(l["activation"]) for l in layers]
        n = len(X)
        gw = [[[Decimal(0)] * len(l["weights"][0]) for _ in l["weights"]] for l in layers]
        gb = [None if l["biases"] is None else [Decimal(0)] * len(l["biases"]) for l in layers]
        J = Decimal(0)
        for x, t in zip(X, Y):
            zs, as_ = _forward(layers, acts, x)
            tt = [Decimal(v) for v in t]
            s, y = acts[-1], as_[-1]
            if s.name == "softmax":        # 1 − y_j = Σ_{k≠j} y_k
                c = [sum(y[k] for k in range(len(y)) if k != j) for j in range(len(y))]
            else:
                c = [s.complement(zs[-1][j], y[j]) for j in range(len(y))]
            J_s, g = _cost_and_dy(loss, y, tt, c)
            J += J_s
            if g is None:
                return _INF, None, None
            L = len(layers)
            if s.name == "softmax":
                gy = sum(g[k] * y[k] for k in range(len(y)))
                d = [y[j] * (g[j] - gy) for j in range(len(y))]
            else:
                d = [g[j] * s.derivative(zs[L][j], y[j]) for j in range(len(y))]
            for k in range(L - 1, -1, -1):
                a_prev = as_[k]
                for i in range(len(a_prev)):
                    for j in range(len(d)):
                        gw[k][i][j] += d[j] * a_prev[i]
                if gb[k] is not None:
                    for j in range(len(d)):
                        gb[k][j] += d[j]
                if k > 0:
                    W = layers[k]["weights"]
                    s_prev = acts[k - 1]
                    d = [sum(Decimal(W[i][j]) * d[j] for j in range(len(d)))
                         * s_prev.derivative(zs[k][i], as_[k][i]) for i in range(len(W))]
        return (J / n, [[[g / n for g in row] for row in m] for m in gw],
                [None if b is None else [g / n for g in b] for b in gb])


def network_dict(sizes_weights, biases, activations):
    """A model-file object from plain lists (layers 2 … L)."""
    acts = activations if isinstance(activations, list) else [activations] * len(sizes_weights)
    bs = biases if biases is not None else [None] * len(sizes_weights)
    return {"layers": [{"activation": acts[k], "weights": sizes_weights[k], "biases": bs[k]}
                       for k in range(len(sizes_weights))]}


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.path.insert(0, root)
    from tests.test_saturation import saturation_cases
    for spec, z, t in saturation_cases():
        model = network_dict([[list(z)]], [[0.0] * len(z)], spec)
        J, gw, gb = exact(model, [[1.0]], [list(t)], "cross_entropy")
        if gw is None:
            print("inf")
        else:
            print(" ".join([repr(float(J))] + [repr(float(v)) for v in gw[0][0]]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
