"""What the two independent engines share: ∂J/∂y, and the output layer's ∂J/∂z by derivatives of
log y where the chain rule meets ∞·0.
"""

from ...bits import finite


def loss_gradient(loss, y, y_star):
    """∂J/∂y_j from the loss, or None when it is infinite or undefined at a saturated output."""
    try:
        g = loss.gradient(y, y_star)
    except (ValueError, ZeroDivisionError):
        return None
    for g_j in g:
        if not finite(g_j):
            return None
    return g


def log_output_gradient(loss, s, y, y_star):
    """∂J/∂z_j^L for the log losses, from the derivatives of log y instead of ∂J/∂y · ∂y/∂z, which
    is ∞·0 when an output saturates (y_j = 0 or 1 exactly in floating point):

    - binary cross-entropy with a sigmoid (β) output: J_j = −t log y_j − (1 − t) log(1 − y_j) with
      ∂ log y_j/∂z_j = β(1 − y_j) and ∂ log(1 − y_j)/∂z_j = −β y_j, so
      ∂J/∂z_j = −t_j β(1 − y_j) + (1 − t_j) β y_j;
    - categorical cross-entropy with a softmax output: J = −Σ_k t_k log y_k with
      ∂ log y_k/∂z_j = δ_kj − y_j, so ∂J/∂z_j = −Σ_k t_k (δ_kj − y_j).

    Returns None for any other pair (there the infinity is real)."""
    if loss.name == "cross_entropy" and s.name == "sigmoid":
        beta = s.beta
        return [-y_star[j] * (beta * (1.0 - y[j])) + (1.0 - y_star[j]) * (beta * y[j])
                for j in range(len(y))]
    if loss.name == "categorical_cross_entropy" and s.name == "softmax":
        out = []
        for j in range(len(y)):
            total = 0.0
            for k in range(len(y)):
                total += y_star[k] * ((1.0 if k == j else 0.0) - y[j])
            out.append(-total)
        return out
    return None


def saturated(loss, s, y, y_star, sample):
    """∂J/∂z^L of one sample where ∂J/∂y is not finite: ``log_output_gradient``, or the loss's own
    error (or a ValueError naming the sample) where no finite value exists."""
    g = log_output_gradient(loss, s, y, y_star)
    if g is None:
        loss.gradient(y, y_star)                  # raises the loss's own message
        raise ValueError("%s: the gradient with respect to the output is not finite for sample %d"
                         % (loss.name, sample))
    return g
