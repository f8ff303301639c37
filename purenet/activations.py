"""Activation functions s(z) and their derivatives s'(z), chosen per layer by name.

The seven of ``000`` §3 (and ``002``'s linear, sigmoid, ReLU and tanh), plus softmax for a
classifier's output layer. A layer names its activation by a string (``"tanh"``) or by a dict with
parameters (``{"name": "sigmoid", "beta": 2.0}``); ``get_activation`` turns either into an
``Activation``, which offers

- ``value(z)`` and ``derivative(z, a=None)``: s(z_j^l) and s'(z_j^l) for one neuron (elementwise
  kinds); backprop passes a = a_j^l = s(z_j^l) from the forward pass, and the kinds whose
  derivative is written in s(z) (sigmoid, tanh, gaussian) use it instead of computing s(z) again:
  the same operations on the same numbers, so the same bits, without a second exp or tanh;
- ``apply(z)``: the activations a^l of a whole layer (softmax needs the whole layer);
- ``kinks``: the z where s or s' is not differentiable (the verifier's "kink" rule);
- ``spec()``: the name or dict that recreates it (what a model file stores);
- ``log_pair(z)``: (log a_j, log(1 − a_j)) for a whole layer computed from z, where the activation
  has a form that stays exact as a_j rounds to 0 or 1 (sigmoid, gaussian, softmax; None for the
  others): what binary cross-entropy uses, so that its cost is finite and accurate where the exact
  one is.

Conventions at kinks and jumps (where the derivative does not exist, purenet uses the one-sided
value written below, like most libraries; the verifier never compares finite differences there):

- relu: s'(0) = 0 (the left derivative); s(0) = 0.
- step: s(0) = 1 as in ``000`` (1 if x >= 0); s'(z) = 0 everywhere, including the jump at 0.
- piecewise_linear: s'(z) = m strictly between x_min and x_max, 0 at x_min, x_max and outside,
  following ``000``'s strict inequalities x_max > x > x_min.
"""

import math
import struct

from .bits import DIGITS, exp, log, log1p, tanh
from .checks import describe, finite_number

_SQRT_2PI = math.sqrt(2.0 * math.pi)
# log √(2π) = 0.91893853320467274178..., from its bit pattern (decimal text may parse differently)
_LOG_SQRT_2PI = struct.unpack("<d", struct.pack("<II", 0xC864BEB5, 0x3FED67F1))[0]
_MINUS_INF = float("-inf")


def softplus(x):
    """log(1 + e^x) = max(x, 0) + log1p(e^(−|x|)): no overflow, and accurate where e^x is tiny
    (log-sigmoid: log s(z) = −softplus(−z), log(1 − s(z)) = −softplus(z))."""
    if x > 0.0:
        return x + log1p(exp(-x))
    return log1p(exp(x))


class ActivationError(ValueError):
    """A spec that names no activation purenet has, or gives it parameters it cannot take.

    ``key`` says where in the spec the problem is: None (the spec itself), ``"name"``, or a
    parameter's name, so that a file reader can name the place (``layers[1].activation.beta``)."""

    def __init__(self, message, key=None):
        super().__init__(message)
        self.key = key


class Activation:
    """One activation function, with its parameters. ``elementwise`` is False only for softmax."""

    elementwise = True
    kinks = ()

    def __init__(self, name, params):
        self.name = name
        self.params = params

    def apply(self, z):
        """a_j^l = s(z_j^l) for every neuron j of a layer."""
        value = self.value
        return [value(z_j) for z_j in z]

    def spec(self):
        """The name, or {"name": ..., parameters} when a parameter differs from its default."""
        if not self.params:
            return self.name
        d = {"name": self.name}
        for k in self.params:
            d[k] = self.params[k]
        return d

    def log_pair(self, z):
        """(log a_j, log(1 − a_j)) for every neuron of a layer, computed from z without rounding
        a_j first; None where the activation has no such form (the losses then use a_j)."""
        return None

    def __repr__(self):
        return "Activation(%r)" % (self.spec(),)

    def __eq__(self, other):
        return isinstance(other, Activation) and self.name == other.name and self.params == other.params

    def __hash__(self):
        return hash((self.name, tuple(sorted(self.params.items()))))


class Linear(Activation):
    """s(z) = z, s'(z) = 1 (``002``: the activation is "just the net input")."""

    def value(self, z):
        return z

    def apply(self, z):
        return list(z)

    def derivative(self, z, a=None):
        return 1.0


class Sigmoid(Activation):
    """s(z) = 1 / (1 + e^(−βz)) (``000``, β = 1 in ``001`` and ``002``); s'(z) = β s(z)(1 − s(z)).

    Never overflows: for z >= 0 it evaluates 1 / (1 + e^(−βz)) and for z < 0 the equal
    e^(βz) / (1 + e^(βz)), so exp only ever sees a non-positive argument.
    """

    def __init__(self, name, params):
        Activation.__init__(self, name, params)
        self.beta = params.get("beta", 1.0)

    def value(self, z):
        t = self.beta * z
        if t >= 0.0:
            return 1.0 / (1.0 + exp(-t))
        e = exp(t)
        return e / (1.0 + e)

    def derivative(self, z, a=None):
        s = self.value(z) if a is None else a
        return self.beta * s * (1.0 - s)

    def complement(self, z):
        """1 − s(z), computed as s(−z): no cancellation where s(z) rounds to 1."""
        return self.value(-z)

    def log_pair(self, z):
        """log s = −softplus(−βz) and log(1 − s) = −softplus(βz): finite for every finite z."""
        beta = self.beta
        return ([-softplus(-(beta * z_j)) for z_j in z], [-softplus(beta * z_j) for z_j in z])


class Tanh(Activation):
    """s(z) = tanh(z); s'(z) = 1 − tanh²(z)."""

    def value(self, z):
        return tanh(z)

    def apply(self, z):
        return [tanh(z_j) for z_j in z]

    def derivative(self, z, a=None):
        t = tanh(z) if a is None else a
        return 1.0 - t * t


class ReLU(Activation):
    """s(z) = max(0, z); s'(z) = 1 for z > 0 and 0 for z <= 0 (convention at the kink z = 0)."""

    kinks = (0.0,)

    def value(self, z):
        return 0.0 if z <= 0.0 else z        # a NaN passes through (NaN <= 0 is False)

    def derivative(self, z, a=None):
        return 1.0 if z > 0.0 else 0.0


class Step(Activation):
    """Threshold / unit step of ``000``: s(z) = 1 if z >= 0 else 0; s'(z) = 0 (jump at 0)."""

    kinks = (0.0,)

    def value(self, z):
        if z != z:            # a NaN passes through. Tested first: written as "1.0 if z >= 0.0,
            return z          # else 0.0 if z < 0.0, else z", PyPy 7.3.11's JIT returned 0.0 for a
        return 1.0 if z >= 0.0 else 0.0   # NaN once value() had run hot (in the verifier's tests)

    def derivative(self, z, a=None):
        return 0.0


class PiecewiseLinear(Activation):
    """``000``'s piecewise linear: 0 if z <= x_min, m·z + b if x_min < z < x_max, 1 if z >= x_max.

    Parameters ``x_min``, ``x_max`` (default −1, 1), ``slope`` m and ``intercept`` b. When m and b
    are not given they default to the values that make the function continuous,
    m = 1 / (x_max − x_min) and b = −m·x_min. s'(z) = m strictly inside, 0 elsewhere.
    """

    def __init__(self, name, params):
        Activation.__init__(self, name, params)
        self.x_min = params.get("x_min", -1.0)
        self.x_max = params.get("x_max", 1.0)
        if not self.x_min < self.x_max:
            raise ActivationError("piecewise_linear: x_min (%r) must be less than x_max (%r)"
                                  % (self.x_min, self.x_max))
        self.slope = params.get("slope", 1.0 / (self.x_max - self.x_min))
        self.intercept = params.get("intercept", -self.slope * self.x_min)
        self.kinks = (self.x_min, self.x_max)

    def value(self, z):
        if z <= self.x_min:
            return 0.0
        if z >= self.x_max:
            return 1.0
        return self.slope * z + self.intercept

    def derivative(self, z, a=None):
        return self.slope if self.x_min < z < self.x_max else 0.0


class Gaussian(Activation):
    """s(z) = e^(−(z−μ)²/(2σ²)) / (σ√(2π)); s'(z) = −(z − μ)/σ² · s(z).

    ``000`` prints the factor as 1/√(2πσ); the normal density has 1/(σ√(2π)), used here
    (see docs/papers.md, errata). Parameters ``mu`` (default 0) and ``sigma`` (default 1).

    σ must lie in [2^−511, 2^511] (about 1.5e-154 to 6.7e153): then σ² is a normal double, so
    s'(z) never divides by a σ² that underflowed to 0 (a ZeroDivisionError) and σ√(2π) never
    overflows. Where s(z) underflows to 0 far from μ, s'(z) is 0 too (not ∞·0 = NaN). Where floats
    are single (``bits.DIGITS == 24``) the same rule gives [2^−63, 2^63] (about 1.1e-19 to 9.2e18).
    """

    SIGMA_EXP = 511 if DIGITS == 53 else 63       # 2^±SIGMA_EXP squared stays a normal float
    SIGMA_MIN = math.ldexp(1.0, -SIGMA_EXP)
    SIGMA_MAX = math.ldexp(1.0, SIGMA_EXP)
    SIGMA_TEXT = ("2^-511 (about 1.5e-154) and 2^511 (about 6.7e153), so that sigma^2 is a normal double"
                  if DIGITS == 53 else
                  "2^-63 (about 1.1e-19) and 2^63 (about 9.2e18), so that sigma^2 is a normal single")

    def __init__(self, name, params):
        Activation.__init__(self, name, params)
        self.mu = params.get("mu", 0.0)
        self.sigma = params.get("sigma", 1.0)
        if not self.sigma > 0.0:
            raise ActivationError("gaussian: sigma must be positive, got %r" % (self.sigma,))
        if not self.SIGMA_MIN <= self.sigma <= self.SIGMA_MAX:
            raise ActivationError("gaussian: sigma must be between %s; got %r"
                                  % (self.SIGMA_TEXT, self.sigma))

    def value(self, z):
        u = (z - self.mu) / self.sigma
        return exp(-0.5 * u * u) / (self.sigma * _SQRT_2PI)

    def derivative(self, z, a=None):
        s = self.value(z) if a is None else a
        if s == 0.0:                     # far from mu, (z − mu)/sigma^2 may be inf and inf·0 NaN:
            return -0.0 if z > self.mu else 0.0      # the signed zero the product gives otherwise
        return -(z - self.mu) / (self.sigma * self.sigma) * s

    def log_pair(self, z):
        """The log-density log s = −u²/2 − log σ − log √(2π), u = (z − μ)/σ (finite where s
        underflows to 0), and log(1 − s) = log1p(−s) (−inf where s is exactly 1)."""
        out, out_c = [], []
        log_sigma = log(self.sigma)
        for z_j in z:
            u = (z_j - self.mu) / self.sigma
            out.append(-0.5 * u * u - log_sigma - _LOG_SQRT_2PI)
            a = self.value(z_j)
            out_c.append(log1p(-a) if a < 1.0 else _MINUS_INF)
        return out, out_c


class Softmax(Activation):
    """a_j = e^(z_j) / Σ_k e^(z_k), computed as e^(z_j − m) / Σ_k e^(z_k − m) with m = max_k z_k.

    Not elementwise: ∂a_j/∂z_k = a_j(δ_jk − a_k), so the backward pass needs the whole layer
    (``backward``). purenet allows softmax only in the output layer.
    """

    elementwise = False

    def apply(self, z):
        m = z[0]
        for z_k in z:
            if z_k > m:
                m = z_k
        e = [exp(z_k - m) for z_k in z]
        total = 0.0
        for e_k in e:
            total += e_k
        return [e_j / total for e_j in e]

    def backward(self, a, g):
        """∂J/∂z_j = Σ_k g_k ∂a_k/∂z_j = a_j (g_j − Σ_k g_k a_k), for g_k = ∂J/∂a_k."""
        ga = 0.0
        for k in range(len(a)):
            ga += g[k] * a[k]
        return [a[j] * (g[j] - ga) for j in range(len(a))]

    def log_pair(self, z):
        """log a_j by ``log_softmax``, and log(1 − a_j) = log Σ_{k≠j} e^(z_k) − log Σ_k e^(z_k):
        log1p(−a_j) where a_j is not the largest output (a_j <= 1/2 then), and for the largest by
        log-sum-exp over the other classes (finite where a_j rounds to 1; −inf with one class)."""
        log_a = log_softmax(z)
        m, top, rest = _max_rest(z)
        log_total = log1p(rest)
        out_c = []
        for j in range(len(z)):
            if j != top:
                out_c.append(log1p(-(exp(z[j] - m) / (1.0 + rest))))
                continue
            others = [z[k] for k in range(len(z)) if k != j]
            if not others:
                out_c.append(_MINUS_INF)
                continue
            m_j, top_j, rest_j = _max_rest(others)
            out_c.append((m_j - m) + log1p(rest_j) - log_total)
        return log_a, out_c


def _max_rest(z):
    """(m, k, r): m = max_j z_j at the first index k reaching it, r = Σ_{j≠k} e^(z_j − m) summed
    left to right, so that Σ_j e^(z_j − m) = 1 + r with r kept apart from the 1."""
    m, top = z[0], 0
    for j in range(len(z)):
        if z[j] > m:
            m, top = z[j], j
    rest = 0.0
    for j in range(len(z)):
        if j != top:
            rest += exp(z[j] - m)
    return m, top, rest


def log_softmax(z):
    """log a_j = z_j − m − log(1 + Σ_{k≠top} e^(z_k − m)), m = max_k z_k reached at k = top
    (log-sum-exp: finite even where a_j underflows to 0; log1p keeps the largest class's log a
    accurate where it is close to 0); used by the cross-entropies."""
    m, top, rest = _max_rest(z)
    log_total = log1p(rest)
    return [z_j - m - log_total for z_j in z]


# name -> (class, the parameters it accepts)
ACTIVATIONS = {
    "linear": (Linear, ()),
    "sigmoid": (Sigmoid, ("beta",)),
    "tanh": (Tanh, ()),
    "relu": (ReLU, ()),
    "step": (Step, ()),
    "piecewise_linear": (PiecewiseLinear, ("x_min", "x_max", "slope", "intercept")),
    "gaussian": (Gaussian, ("mu", "sigma")),
    "softmax": (Softmax, ()),
}


def _quoted(text, n=40):
    import json  # only on this error path
    q = json.dumps(text)
    return q if len(q) <= n else q[:n - 3] + "..."


def get_activation(spec):
    """An ``Activation`` from a name, a dict {"name": ..., parameters}, or an Activation.

    The one validator of activation specs (the model files and the command line use it too):
    ActivationError for an unknown name, an unknown parameter, a parameter that is not a finite
    number, or one outside its domain (sigma <= 0, x_min >= x_max); TypeError for anything that
    is not a name or a dict."""
    if isinstance(spec, Activation):
        return spec
    where = None
    if isinstance(spec, str):
        name, params = spec, {}
    elif isinstance(spec, dict):
        if "name" not in spec:
            raise ActivationError('missing key "name"')
        name, where = spec["name"], "name"
        if not isinstance(name, str):
            raise ActivationError("expected an activation name (a string), got %r" % (name,), where)
        params = {}
        for k in spec:
            if k != "name":
                params[k] = spec[k]
    else:
        raise TypeError("activation: expected a name or a dict, got %r" % (spec,))
    if name not in ACTIVATIONS:
        raise ActivationError("unknown activation %s (known: %s)"
                              % (_quoted(name), ", ".join(sorted(ACTIVATIONS))), where)
    cls, allowed = ACTIVATIONS[name]
    for k in params:
        if k not in allowed:
            raise ActivationError("unknown parameter %s for %s (it takes %s)"
                                  % (_quoted(str(k)), name, ", ".join(allowed) or "none"))
        x = params[k]
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not finite_number(x):
            raise ActivationError("expected a finite number, got %s" % (describe(x),), k)
        params[k] = float(x)
    return cls(name, params)
