"""Backpropagation, ``002``'s backward pass in its index notation: one line of code per equation.

For one sample, after the forward pass (``network._forward``) has kept z_j^l and a_j^l:

1. the output layer:  d_j^L = ∂J/∂z_j^L = ∂J/∂y_j · s'(z_j^L)      (``output_delta``; ``002``:
   d_j^L = (y_j − y*_j) s'(z_j^L) for J = ½Σ(y − y*)²)
2. the recursion:     d_j^l = Σ_k w_jk^{l+1} d_k^{l+1} · s'(z_j^l),   l = L−1 … 2     (``deltas``)
3. the gradient:      ∂J/∂w_ij^l = d_j^l a_i^{l−1},   ∂J/∂b_j^l = d_j^l            (``accumulate``)

``002`` once writes ∂J/∂w_ij^l = d_j^l s'(z_i^{l−1}) (section "biases and activation functions");
the activation a_i^{l−1} = s(z_i^{l−1}) belongs there, not its derivative (docs/papers.md, errata;
``tests/test_backprop.py`` shows the misprint disagreeing with finite differences).

Over n samples the cost and every derivative are the means of the per-sample ones (``001`` §5):
J = (1/n) Σ J_s and ∂J/∂p = (1/n) Σ ∂J_s/∂p, accumulated sample by sample, divided by n at the end.
"""

from .bits import exp
from .network import _forward, check_data, zero_gradients


def output_delta(loss, s, z, y, y_star):
    """d_j^L = ∂J/∂z_j^L for one sample: ∂J/∂y_j · s'(z_j^L) (``002``), or for softmax the
    Jacobian ∂J/∂z_j = a_j (g_j − Σ_k g_k a_k) with g = ∂J/∂y (``Softmax.backward``).

    Where ∂J/∂y_j · s'(z_j^L) is ∞·0 at a saturated output (y_j = 0 or 1 exactly in floating
    point), or cancels as y_j approaches 0 or 1, the pair is simplified analytically and computed
    from z, so that d^L is finite and accurate wherever the exact one is (t = y*):

    - sigmoid with cross_entropy: d_j = β((1 − t_j) y_j − t_j (1 − y_j)) with 1 − y_j = s(−z_j)
      (= β(y_j − t_j), without the cancellation of y_j − 1 when t_j = 1);
    - gaussian with cross_entropy: d_j = (z_j − μ)/σ² · (t_j − (1 − t_j) y_j/(1 − y_j)), the
      derivative of the log-density form (no overflow of ∂J/∂y_j where y_j underflows);
    - softmax with cross_entropy: d_i = −t_i (1 − y_i) + (1 − t_i) y_i
      + Σ_{j≠i} [t_j y_i − (1 − t_j) y_j q_i^(j)], with 1 − y_i = Σ_{k≠i} y_k and
      q^(j) = softmax of z without class j (so y_i / (1 − y_j) without 0/0);
    - softmax with categorical_cross_entropy: d_j = y_j Σ_k t_k − t_j (= y_j − t_j, one-hot).
    """
    if loss.name == "cross_entropy" and s.name in ("sigmoid", "gaussian", "softmax"):
        loss.check(y, y_star)
        if s.name == "sigmoid":
            beta = s.beta
            return [beta * ((1.0 - y_star[j]) * y[j] - y_star[j] * s.complement(z[j])) for j in range(len(y))]
        if s.name == "gaussian":
            return _gaussian_cross_entropy_delta(s, z, y, y_star)
        return _softmax_cross_entropy_delta(z, y, y_star)
    if loss.name == "categorical_cross_entropy" and s.name == "softmax":
        t = 0.0
        for t_k in y_star:
            t += t_k
        return [y[j] * t - y_star[j] for j in range(len(y))]
    g = loss.gradient(y, y_star)                                     # ∂J/∂y_j
    if not s.elementwise:
        return s.backward(y, g)
    return [g[j] * s.derivative(z[j], y[j]) for j in range(len(y))]  # ∂J/∂y_j · s'(z_j^L)


def _gaussian_cross_entropy_delta(s, z, y, y_star):
    d = []
    sigma2 = s.sigma * s.sigma
    for j in range(len(y)):
        t = y_star[j]
        r = 0.0
        if t != 1.0:
            if y[j] == 1.0:
                raise ValueError("cross_entropy: output y_%d = 1.0 against the target %r: the cost is "
                                 "infinite and so is its gradient" % (j + 1, t))
            r = (1.0 - t) * (y[j] / (1.0 - y[j]))
        d.append((z[j] - s.mu) / sigma2 * (t - r))
    return d


def _softmax_cross_entropy_delta(z, y, y_star):
    n = len(y)
    q = [_softmax_without(z, j) for j in range(n)]                   # q[j][i] = q_i^(j)
    d = []
    for i in range(n):
        rest = 0.0
        for k in range(n):
            if k != i:
                rest += y[k]                                         # 1 − y_i
        d_i = -y_star[i] * rest + (1.0 - y_star[i]) * y[i]
        for j in range(n):
            if j != i:
                d_i += y_star[j] * y[i] - (1.0 - y_star[j]) * y[j] * q[j][i]
        d.append(d_i)
    return d


def _softmax_without(z, j):
    """The softmax of z with class j left out, as a list of len(z) with 0.0 at j."""
    m = None
    for k in range(len(z)):
        if k != j and (m is None or z[k] > m):
            m = z[k]
    e = [exp(z[k] - m) if k != j else 0.0 for k in range(len(z))]
    total = 0.0
    for e_k in e:
        total += e_k
    return [e_k / total if total > 0.0 else 0.0 for e_k in e]


def deltas(net, trace, y_star, loss):
    """d[l][j] = d_j^l = ∂J/∂z_j^l for one sample, l = 2 … L (d[0] = d[1] = None)."""
    L = net.L
    z, a = trace.z, trace.a
    d = [None] * (L + 1)
    d[L] = output_delta(loss, net.s[L], z[L], a[L], y_star)      # d_j^L
    for l in range(L - 1, 1, -1):
        w_next = net.w[l + 1]
        d_next = d[l + 1]
        s = net.s[l]
        z_l, a_l = z[l], a[l]
        n_next = len(d_next)
        d_l = []
        for j in range(len(z_l)):
            w_j = w_next[j]                                          # row j: w_jk^{l+1}, k = 1 …
            total = 0.0
            for k in range(n_next):
                total += w_j[k] * d_next[k]                          # Σ_k w_jk^{l+1} d_k^{l+1}
            d_l.append(total * s.derivative(z_l[j], a_l[j]))        # · s'(z_j^l)      (002)
        d[l] = d_l
    return d


def accumulate(net, trace, d, gw, gb):
    """Add one sample's ∂J/∂w_ij^l = d_j^l a_i^{l−1} and ∂J/∂b_j^l = d_j^l into (gw, gb)."""
    for l in range(2, net.L + 1):
        a_prev = trace.a[l - 1]
        d_l = d[l]
        n_l = len(d_l)
        g_l = gw[l]
        for i in range(len(a_prev)):
            a_i = a_prev[i]
            g_i = g_l[i]
            for j in range(n_l):
                g_i[j] += d_l[j] * a_i                               # ∂J/∂w_ij^l = d_j^l a_i^{l−1}
        if gb[l] is not None:
            gb_l = gb[l]
            for j in range(n_l):
                gb_l[j] += d_l[j]                                    # ∂J/∂b_j^l = d_j^l


def sample_cost(net, trace, y_star, loss):
    """J for one sample from its forward trace (the cross-entropies take their logs from z^L and
    the output activation where they can: log-sum-exp, log-sigmoid, the log-density)."""
    return loss.value(trace.a[net.L], y_star, trace.z[net.L], net.s[net.L])


def gradient(net, X, Y, loss):
    """(J, gw, gb): the mean cost over the samples and its gradient, shaped like the network
    (gw[l][i][j] = ∂J/∂w_ij^l, gb[l][j] = ∂J/∂b_j^l or None, index = layer number)."""
    return _gradient(net, X, Y, check_data(net, X, Y, loss))


def _gradient(net, X, Y, loss):
    """``gradient`` without the checks, for callers that validated the data once (training)."""
    gw, gb = zero_gradients(net)
    J = 0.0
    for k in range(len(X)):
        trace = _forward(net, X[k])
        J += sample_cost(net, trace, Y[k], loss)
        accumulate(net, trace, deltas(net, trace, Y[k], loss), gw, gb)
    n = len(X)
    for l in range(2, net.L + 1):
        for g_i in gw[l]:
            for j in range(len(g_i)):
                g_i[j] /= n                                          # ∂J/∂p = (1/n) Σ_s ∂J_s/∂p
        if gb[l] is not None:
            for j in range(len(gb[l])):
                gb[l][j] /= n
    return J / n, gw, gb


def cost(net, X, Y, loss):
    """J = (1/n) Σ_s J_s: the mean of the per-sample costs."""
    return _cost(net, X, Y, check_data(net, X, Y, loss))


def _cost(net, X, Y, loss):
    """``cost`` without the checks."""
    J = 0.0
    for k in range(len(X)):
        J += sample_cost(net, _forward(net, X[k]), Y[k], loss)
    return J / len(X)
