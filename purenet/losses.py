"""Costs of one sample and their derivatives with respect to the network's output.

Per sample, with y = a^L the output and y* the target:

- ``half_squared_error``: J = ½ Σ_j (y_j − y*_j)²        (``002``; ``000``'s "MSE cost"),
  ∂J/∂y_j = y_j − y*_j.
- ``squared_error``: E = Σ_j (o_j − d_j)²                (``001`` §3, sum of squares),
  ∂E/∂o_j = 2(o_j − d_j)                                 (``001`` §5).
- ``cross_entropy`` (binary): J = −Σ_j [y*_j log y_j + (1 − y*_j) log(1 − y_j)] (natural log;
  the logs from z where the output activation allows, see ``CrossEntropy``),
  ∂J/∂y_j = (y_j − y*_j) / (y_j (1 − y_j)). ``000`` §4 prints the sum without its minus sign,
  which would make gradient descent climb the cost (docs/papers.md, errata).
- ``categorical_cross_entropy``: J = −Σ_j y*_j log y_j with a softmax output, log y_j computed from
  z^L by log-sum-exp; ∂J/∂y_j = −y*_j / y_j.

Over several samples the cost is the mean of the per-sample costs and the gradient the mean of the
per-sample gradients (``001`` §5: ∂E/∂p = (1/n) Σ ∂E_i/∂p; ``000`` §5). The step from ∂J/∂y to
d_j^L = ∂J/∂z_j^L, the start of the backward pass, is in ``backprop.output_delta`` (closed forms
from z for cross-entropy with sigmoid, gaussian and softmax outputs).
"""

from .activations import log_softmax
from .bits import log, log1p

_MINUS_INF = float("-inf")


class Loss:
    """A named per-sample cost: ``value(y, y_star, z=None, s=None)`` (z = z^L and s the output
    layer's activation, for the losses that compute logs from z) and ``gradient(y, y_star)`` = ∂J/∂y."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Loss(%r)" % self.name


def _sum_of_squares(y, y_star):
    """Σ_j (y_j − y*_j)², summed left to right."""
    E = 0.0
    for j in range(len(y)):
        e = y[j] - y_star[j]
        E += e * e
    return E


class HalfSquaredError(Loss):
    def value(self, y, y_star, z=None, s=None):
        return 0.5 * _sum_of_squares(y, y_star)             # J = ½ Σ_j (y_j − y*_j)²   (002)

    def gradient(self, y, y_star):
        return [y[j] - y_star[j] for j in range(len(y))]    # ∂J/∂y_j = y_j − y*_j


class SquaredError(Loss):
    def value(self, y, y_star, z=None, s=None):
        return _sum_of_squares(y, y_star)                   # E = Σ_j (o_j − d_j)²   (001 §3)

    def gradient(self, y, y_star):
        return [2.0 * (y[j] - y_star[j]) for j in range(len(y))]   # ∂E/∂o_j = 2(o_j − d_j)   (001 §5)


class LossDomainError(ValueError):
    """An output the loss is not defined at, or not differentiable at: a cross-entropy output
    outside [0, 1], or exactly 0 or 1 where ∂J/∂y_j is infinite. Before training it is bad input;
    during training, the network has left the loss's domain (``training.train`` stops there)."""


def _check_probabilities(y, what):
    for j in range(len(y)):
        if not 0.0 <= y[j] <= 1.0:
            error = LossDomainError if what == "output" else ValueError
            raise error("cross_entropy: %s y_%d = %r is not in [0, 1]" % (what, j + 1, y[j]))


class CrossEntropy(Loss):
    """Binary cross-entropy, summed over the outputs, with the natural log.

    A term whose weight y*_j or 1 − y*_j is 0 is left out (0·log 0 = 0), so an output of exactly
    0 or 1 that equals its target costs 0; against any other target it costs inf. Given the output
    layer's z and activation s, log y_j and log(1 − y_j) come from z (``Activation.log_pair``:
    log-sigmoid through softplus, the gaussian's log-density, log-sum-exp for softmax), so the
    cost stays finite and accurate where y_j rounds to 0 or 1; otherwise from y (log1p(−y_j) for
    log(1 − y_j))."""

    def check(self, y, y_star):
        """ValueError unless the outputs and the targets are all in [0, 1]."""
        _check_probabilities(y, "output")
        _check_probabilities(y_star, "target")

    def value(self, y, y_star, z=None, s=None):
        self.check(y, y_star)
        pair = s.log_pair(z) if s is not None and z is not None else None
        J = 0.0
        for j in range(len(y)):
            t = y_star[j]
            if t != 0.0:
                J -= t * (pair[0][j] if pair else (log(y[j]) if y[j] > 0.0 else _MINUS_INF))
            if t != 1.0:
                J -= (1.0 - t) * (pair[1][j] if pair else (log1p(-y[j]) if y[j] < 1.0 else _MINUS_INF))
        return J

    def gradient(self, y, y_star):
        """∂J/∂y_j = (y_j − y*_j) / (y_j (1 − y_j)); at an output of exactly 0 or 1 that equals
        its target only the term that is left in the cost remains: −1/y_j = −1 at y_j = 1 and
        1/(1 − y_j) = 1 at y_j = 0. Against another target it is infinite: ValueError."""
        self.check(y, y_star)
        g = []
        for j in range(len(y)):
            v = y[j] * (1.0 - y[j])
            if v == 0.0:
                if y[j] != y_star[j]:
                    raise LossDomainError("cross_entropy: output y_%d = %r is saturated against the "
                                          "target %r; the cost is infinite and so is dJ/dy_%d"
                                          % (j + 1, y[j], y_star[j], j + 1))
                g.append(-1.0 if y[j] == 1.0 else 1.0)
                continue
            g.append((y[j] - y_star[j]) / v)
        return g


class CategoricalCrossEntropy(Loss):
    """J = −Σ_j y*_j log y_j. Given z^L (softmax output), log y_j comes from log-sum-exp."""

    def value(self, y, y_star, z=None, s=None):
        log_y = log_softmax(z) if z is not None else [
            log(y_j) if y_j > 0.0 else _MINUS_INF for y_j in y]
        J = 0.0
        for j in range(len(y_star)):
            if y_star[j] != 0.0:
                J -= y_star[j] * log_y[j]
        return J

    def gradient(self, y, y_star):
        return [(-y_star[j] / y[j]) if y_star[j] != 0.0 else 0.0 for j in range(len(y))]


LOSSES = {
    "half_squared_error": HalfSquaredError("half_squared_error"),
    "squared_error": SquaredError("squared_error"),
    "cross_entropy": CrossEntropy("cross_entropy"),
    "categorical_cross_entropy": CategoricalCrossEntropy("categorical_cross_entropy"),
}


def get_loss(name):
    """The Loss of a public name (or a Loss itself); ValueError naming the known ones otherwise."""
    if isinstance(name, Loss):
        return name
    if not isinstance(name, str) or name not in LOSSES:
        raise ValueError('unknown loss "%s" (known: %s)' % (name, ", ".join(sorted(LOSSES))))
    return LOSSES[name]


def check_pairing(loss, activation):
    """Raise ValueError for a loss that the output layer's activation cannot serve."""
    if loss.name == "categorical_cross_entropy" and activation.name != "softmax":
        raise ValueError("categorical_cross_entropy needs a softmax output layer, not %s" % activation.name)


def check_targets(loss, Y):
    """Raise ValueError naming the sample if a target is outside the loss's domain: binary
    cross-entropy reads each target y*_j as a probability, so it must lie in [0, 1]."""
    if loss.name != "cross_entropy":
        return
    for k in range(len(Y)):
        for j in range(len(Y[k])):
            if not 0.0 <= Y[k][j] <= 1.0:
                raise ValueError("targets[%d]: y*_%d = %r is not in [0, 1] (cross_entropy reads "
                                 "targets as probabilities)" % (k, j + 1, Y[k][j]))


def pairing_warning(loss, activation):
    """A loss and output activation that work together but are probably not what was meant, as a
    sentence for the caller to show (the core prints nothing); None for the usual pairings."""
    if loss.name == "cross_entropy" and activation.name == "softmax":
        return ("cross_entropy with a softmax output treats every output as a separate yes/no "
                "probability, although softmax makes them compete; for one class out of several, "
                "use categorical_cross_entropy")
    return None
