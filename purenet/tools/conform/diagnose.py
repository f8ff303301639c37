"""Known signatures of a divergence, named in the report (``docs/conformance.md``, "Diagnoses").

Each function looks at one case's failed parts and returns the names that fit, or nothing:

- ``ratio``: every number of a part off by one constant factor: the number of outputs (a mean over
  the outputs too), 2 or ½ (the ½ of half squared error), 2/n_outputs (a mean over outputs
  without the ½), the number of samples (a sum where the mean belongs);
- ``clipped``: a cross-entropy cost equal to the exact per-term costs cut at −log(1e−7) (outputs
  clipped into [1e−7, 1 − 1e−7]), at −log(2⁻⁵²) (clipped at machine epsilon), or at 100 (log
  clamped at −100), perhaps also averaged over the outputs;
- ``kink``: the gradient of the same case with relu′(0), step(0) or piecewise_linear′ at its ends
  taken as ½ or 1 (the slope) instead of purenet's 0 (or step(0) = 0 or ½ instead of 1);
- ``sigmoid_of_softmax_logits``: binary cross-entropy after a softmax computed from the softmax's
  z as if they were a sigmoid's logits;
- ``sum_of_targets``: a softmax cross-entropy output-layer gradient of y − t, which holds only when
  the targets sum to 1;
- ``cost_before_step``: a training run's costs one epoch late: the cost recorded before each
  epoch's step instead of after it;
- ``non_finite``: inf or NaN where the expected value is finite.
"""

import math

from ...activations import PiecewiseLinear, ReLU, Step, get_activation
from ...backprop import gradient
from ...network import forward
from .. import files

CLIPS = ((-math.log(1e-7), "outputs clipped into [1e-7, 1 - 1e-7] (costs cut at -log(1e-7) = 16.118)"),
         (-math.log(2.0 ** -52), "outputs clipped at machine epsilon 2^-52 (costs cut at 36.04)"),
         (100.0, "log clamped at -100 (costs cut at 100)"))


def _close(a, b, rel=1e-6):
    return abs(a - b) <= rel * max(abs(a), abs(b))


def constant_ratio(pairs):
    """The factor c with got = c·expected for every number of the part (those with expected far
    from 0; the others must be near 0 too), or None."""
    c = None
    for _, e, x in pairs:
        if not math.isfinite(x):
            return None
        if abs(e) < 1e-12:
            if abs(x) > 1e-9:
                return None
            continue
        r = x / e
        if c is None:
            c = r
        elif not _close(r, c):
            return None
    return c


def ratio(c, n_outputs, n_samples, several=True):
    """The name of the factor c, or None when it is 1; a factor that is none of the signatures is
    named only when it holds for ``several`` numbers."""
    if c is None or _close(c, 1.0):
        return None
    if c == 0.0:
        return "zero where the expected values are not (nothing flows back)"
    named = []
    if n_outputs > 1:
        named.append((1.0 / n_outputs, "mean over the %d outputs too (x1/%d)" % (n_outputs, n_outputs)))
        named.append((2.0 / n_outputs, "mean over the %d outputs and without the 1/2 (x2/%d)"
                      % (n_outputs, n_outputs)))
        named.append((float(n_outputs), "sum where the mean over outputs was taken (x%d)" % n_outputs))
    named.append((2.0, "factor 2 (the 1/2 left out)"))
    named.append((0.5, "factor 1/2 (an extra 1/2)"))
    if n_samples > 1:
        named.append((float(n_samples), "sum over the %d samples where the mean belongs" % n_samples))
    for value, name in named:
        if _close(c, value):
            return name
    return "a constant factor %.6g" % c if several else None


def _term_costs(spec, z, y, t, loss):
    """(weight, −log p) for every term of one sample's cross-entropy, the logs taken from z."""
    act = get_activation(spec)
    pair = act.log_pair(z) if hasattr(act, "log_pair") else None
    if pair is None:
        pair = ([math.log(v) if v > 0 else -math.inf for v in y],
                [math.log(1.0 - v) if v < 1 else -math.inf for v in y])
    log_y, log_1my = pair
    terms = []
    for j in range(len(t)):
        if t[j] != 0.0:
            terms.append((t[j], -log_y[j]))
        if loss == "cross_entropy" and t[j] != 1.0:
            terms.append((1.0 - t[j], -log_1my[j]))
    return terms


def clipped(got, model, data, loss):
    """The clip or clamp whose cut per-term costs give ``got`` (a mean cost), or None."""
    if loss not in ("cross_entropy", "categorical_cross_entropy") or not math.isfinite(got):
        return None
    net = files.model_from_dict(model)
    spec = model["layers"][-1]["activation"]
    n_out = len(data["targets"][0])
    samples = []
    for x, t in zip(data["inputs"], data["targets"]):
        tr = forward(net, x)
        samples.append(_term_costs(spec, tr.z[net.L], tr.a[net.L], t, loss))
    for cut, name in CLIPS:
        total = 0.0
        for terms in samples:
            total += sum(w * min(c, cut) for w, c in terms)
        J = total / len(samples)
        for factor, extra in ((1.0, ""), (1.0 / n_out, ", and a mean over the outputs")):
            if n_out == 1 and factor != 1.0:
                continue
            if abs(got - J * factor) <= 1e-5 * (1.0 + abs(J * factor)) and not _close(J, _exact(samples)):
                return name + extra
    return None


def sigmoid_of_softmax_logits(got, model, data, loss):
    """Binary cross-entropy after a softmax output computed as if the softmax's z were a sigmoid's
    logits: the mean over samples of Σ_j [t_j softplus(−z_j) + (1 − t_j) softplus(z_j)], perhaps
    averaged over the outputs too. Returns the name, or None."""
    spec = model["layers"][-1]["activation"]
    if loss != "cross_entropy" or (spec if isinstance(spec, str) else spec["name"]) != "softmax" or \
            not math.isfinite(got):
        return None
    net = files.model_from_dict(model)
    total = 0.0
    for x, t in zip(data["inputs"], data["targets"]):
        z = forward(net, x).z[net.L]
        total += sum(t[j] * _softplus(-z[j]) + (1.0 - t[j]) * _softplus(z[j]) for j in range(len(z)))
    J, n_out = total / len(data["targets"]), len(data["targets"][0])
    for value, extra in ((J, ""), (J / n_out, ", averaged over the outputs")):
        if _close(got, value):
            return "the softmax's logits taken as sigmoid logits (the cross-entropy of sigmoid(z))" + extra
    return None


def _softplus(x):
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def _exact(samples):
    return sum(sum(w * c for w, c in terms) for terms in samples) / len(samples)


class _KinkReLU(ReLU):
    def __init__(self, at):
        ReLU.__init__(self, "relu", {})
        self.at = at

    def derivative(self, z, a=None):
        return self.at if z == 0.0 else ReLU.derivative(self, z, a)


class _KinkStep(Step):
    def __init__(self, at):
        Step.__init__(self, "step", {})
        self.at = at

    def value(self, z):
        return self.at if z == 0.0 else Step.value(self, z)


class _KinkPiecewise(PiecewiseLinear):
    def __init__(self, params, fraction):
        PiecewiseLinear.__init__(self, "piecewise_linear", params)
        self.fraction = fraction

    def derivative(self, z, a=None):
        if z == self.x_min or z == self.x_max:
            return self.fraction * self.slope
        return PiecewiseLinear.derivative(self, z, a)


KINK_CONVENTIONS = (
    ("relu", "relu'(0) = 1/2", lambda p: _KinkReLU(0.5)),
    ("relu", "relu'(0) = 1", lambda p: _KinkReLU(1.0)),
    ("step", "step(0) = 0", lambda p: _KinkStep(0.0)),
    ("step", "step(0) = 1/2", lambda p: _KinkStep(0.5)),
    ("piecewise_linear", "piecewise_linear' = slope/2 at its ends", lambda p: _KinkPiecewise(p, 0.5)),
    ("piecewise_linear", "piecewise_linear' = slope at its ends", lambda p: _KinkPiecewise(p, 1.0)),
)


def kink_outcomes(model, data, loss):
    """(convention, outputs, gradient layers) of the case under every other kink convention that
    applies to its activations."""
    out = []
    for name, label, make in KINK_CONVENTIONS:
        net = files.model_from_dict(model)
        if not any(net.s[l].name == name for l in range(2, net.L + 1)):
            continue
        for l in range(2, net.L + 1):
            if net.s[l].name == name:
                net.s[l] = make(dict(net.s[l].params))
        outputs = [forward(net, x).output for x in data["inputs"]]
        J, gw, gb = gradient(net, data["inputs"], data["targets"], loss)
        out.append((label, outputs, files.gradients_to_dict(J, gw, gb)["layers"]))
    return out


def kink(answer, model, data, loss, tol, close_enough):
    """The kink convention whose outputs and gradient the answer matches, or None."""
    for label, outputs, layers in kink_outcomes(model, data, loss):
        grad = answer.get("gradient")
        if isinstance(grad, dict) and close_enough(layers, grad.get("layers"), tol) and \
                ("outputs" not in answer or close_enough(outputs, answer["outputs"], tol)):
            return label
    return None


def sum_of_targets(answer, case, tol, close_enough):
    """A categorical cross-entropy output-layer gradient of y − t (Σt = 1 assumed): the expected
    one plus the mean over samples of a_i^(L−1) y_j (1 − Σt) (and y_j (1 − Σt) for the biases)."""
    if case["loss"] != "categorical_cross_entropy":
        return None
    exp = case["expected"]
    L = len(case["model"]["layers"]) + 1
    n = len(exp["trace"])
    want = exp["gradient"]["layers"][-1]
    w = [list(row) for row in want["weights"]]
    b = None if want["biases"] is None else list(want["biases"])
    for s in range(n):
        y = exp["trace"][s]["a"][str(L)]
        a_prev = exp["trace"][s]["a"][str(L - 1)]
        gap = 1.0 - sum(case["data"]["targets"][s])
        for i in range(len(w)):
            for j in range(len(y)):
                w[i][j] += a_prev[i] * y[j] * gap / n
        if b is not None:
            for j in range(len(y)):
                b[j] += y[j] * gap / n
    grad = answer.get("gradient")
    got = grad.get("layers") if isinstance(grad, dict) else None
    if isinstance(got, list) and got and close_enough([{"weights": w, "biases": b}], got[-1:], tol):
        return "softmax cross-entropy gradient y - t: assumes the targets sum to 1"
    return None


def cost_before_step(expected_costs, got_costs):
    """True when got[k] = expected[k − 1] for every epoch k >= 1 (and the costs are not all equal)."""
    if not isinstance(got_costs, list) or len(got_costs) != len(expected_costs) or len(got_costs) < 2:
        return False
    try:
        shifted = all(_close(float(got_costs[k]), expected_costs[k - 1], 1e-7)
                      for k in range(1, len(got_costs)))
    except (TypeError, ValueError):
        return False
    return shifted and not all(_close(expected_costs[k], expected_costs[k - 1], 1e-7)
                               for k in range(1, len(expected_costs)))


def non_finite(pairs):
    """True when some number is inf or NaN where a finite one is expected."""
    return any(not math.isfinite(x) and math.isfinite(e) for _, e, x in pairs)
