"""What the two independent engines share: ∂J/∂y, and the output layer's ∂J/∂z by derivatives of
log y for the log losses (finite and accurate where the chain rule meets ∞·0 or cancels).
"""

from ....bits import finite


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


def _others(y, k):
    """1 − y_k as Σ_{i≠k} y_i (a softmax's outputs sum to 1): no cancellation where y_k is near 1."""
    t = 0.0
    for i in range(len(y)):
        if i != k:
            t += y[i]
    return t


def log_derivatives(s, z, y):
    """(A, B) with A[k][j] = ∂ log y_k/∂z_j and B[k][j] = ∂ log(1 − y_k)/∂z_j for the output
    activations whose logs the losses take from z, or None for the others:

    - sigmoid (β): log y = −softplus(−βz), so ∂ log y/∂z = β(1 − y) with 1 − y = s(−z), and
      log(1 − y) = −softplus(βz), so ∂ log(1 − y)/∂z = −β y (diagonal);
    - gaussian: log y = −(z − μ)²/(2σ²) − log(σ√(2π)), so ∂ log y/∂z = −(z − μ)/σ², and
      ∂ log(1 − y)/∂z = −y'/(1 − y) = (z − μ)/σ² · y/(1 − y) (diagonal);
    - softmax: log y_k = z_k − LSE(z), so ∂ log y_k/∂z_j = δ_kj − y_j (1 − y_j written Σ_{i≠j} y_i);
      log(1 − y_k) = LSE(z without k) − LSE(z), so ∂/∂z_j = [j ≠ k] r_j − y_j with r = the softmax
      of z without class k (``s.apply`` on the other classes), = r_j y_k for j ≠ k (as
      y_j = r_j (1 − y_k)) and −y_k for j = k.
    """
    n = len(y)
    if s.name == "sigmoid":
        A = [[0.0] * n for _ in range(n)]
        B = [[0.0] * n for _ in range(n)]
        for k in range(n):
            A[k][k] = s.beta * s.value(-z[k])
            B[k][k] = -s.beta * y[k]
        return A, B
    if s.name == "gaussian":
        A = [[0.0] * n for _ in range(n)]
        B = [[0.0] * n for _ in range(n)]
        for k in range(n):
            c = (z[k] - s.mu) / (s.sigma * s.sigma)
            A[k][k] = -c
            B[k][k] = c * (y[k] / (1.0 - y[k])) if y[k] != 1.0 else float("inf")
        return A, B
    if s.name == "softmax":
        A = [[(_others(y, j) if k == j else -y[j]) for j in range(n)] for k in range(n)]
        B = []
        for k in range(n):
            other = [j for j in range(n) if j != k]
            r = s.apply([z[j] for j in other]) if other else []
            row = [-y[k]] * n
            for m in range(len(other)):
                row[other[m]] = r[m] * y[k]
            B.append(row)
        return A, B
    return None


def log_output_gradient(loss, s, z, y, y_star):
    """∂J/∂z_j^L for the log losses, from the derivatives of log y (``log_derivatives``) instead of
    ∂J/∂y · ∂y/∂z, which is ∞·0 when an output saturates (y_j = 0 or 1 exactly in floating point)
    and cancels near it:

    - binary cross-entropy, J = −Σ_k [t_k log y_k + (1 − t_k) log(1 − y_k)]:
      ∂J/∂z_j = −Σ_k [t_k ∂ log y_k/∂z_j + (1 − t_k) ∂ log(1 − y_k)/∂z_j], a term with weight 0 left out;
    - categorical cross-entropy with a softmax output, J = −Σ_k t_k log y_k:
      ∂J/∂z_j = −Σ_k t_k ∂ log y_k/∂z_j.

    Returns None for any other pair (there the chain rule is used)."""
    if loss.name not in ("cross_entropy", "categorical_cross_entropy"):
        return None
    if loss.name == "categorical_cross_entropy" and s.name != "softmax":
        return None
    D = log_derivatives(s, z, y)
    if D is None:
        return None
    if loss.name == "cross_entropy":
        loss.check(y, y_star)
    A, B = D
    out = []
    for j in range(len(y)):
        total = 0.0
        for k in range(len(y)):
            t = y_star[k]
            if t != 0.0:
                total += t * A[k][j]
            if loss.name == "cross_entropy" and t != 1.0:
                total += (1.0 - t) * B[k][j]
        if not finite(total):
            raise ValueError("%s: output y_%d = %r against the target %r: the cost is infinite and so "
                             "is its gradient" % (loss.name, j + 1, y[j], y_star[j]))
        out.append(-total)
    return out


def saturated(loss, s, y, y_star, sample):
    """Raise for a sample whose ∂J/∂y is not finite and that has no log route: the loss's own
    error, or a ValueError naming the sample."""
    loss.gradient(y, y_star)                      # raises the loss's own message
    raise ValueError("%s: the gradient with respect to the output is not finite for sample %d"
                     % (loss.name, sample))
