"""Backpropagation in ``002``'s index notation: one line of code per equation.

For one sample, after the forward pass (``network.feed_forward``) has kept z_j^l and a_j^l:

1. output layer:   d_j^L = ∂J/∂z_j^L = ∂J/∂y_j · s'(z_j^L)              (``002``, general
   expressions; with J = ½Σ(y − y*)², d_j^L = (y_j − y*_j) s'(z_j^L); see ``losses.output_delta``)
2. the recursion:  d_j^l = Σ_k w_jk^{l+1} d_k^{l+1} · s'(z_j^l),   l = L−1 … 2
3. the gradient:   ∂J/∂w_ij^l = d_j^l a_i^{l−1},   ∂J/∂b_j^l = d_j^l.

``002`` once writes ∂J/∂w_ij^l = d_j^l s'(z_i^{l−1}) (section "biases and activation functions");
the activation a_i^{l−1} = s(z_i^{l−1}) belongs there, not its derivative (docs/papers.md, errata;
``tests/test_backprop.py`` shows the misprint disagreeing with finite differences).

Over n samples the cost and every derivative are the means of the per-sample ones (``001`` §5):
J = (1/n) Σ J_s and ∂J/∂p = (1/n) Σ ∂J_s/∂p, accumulated sample by sample, divided by n at the end.
"""

from .losses import check_pairing, get_loss, output_delta
from .matrix import check_vector
from .network import check_input, feed_forward


def zeros_like(net):
    """Gradient buffers shaped like the network: (gw, gb) with gw[l][i][j] for ∂J/∂w_ij^l and
    gb[l][j] for ∂J/∂b_j^l (None where the layer has no biases)."""
    gw = [None, None]
    gb = [None, None]
    for l in range(2, net.L + 1):
        gw.append([[0.0] * len(row) for row in net.w[l]])
        gb.append(None if net.b[l] is None else [0.0] * len(net.b[l]))
    return gw, gb


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
            d_l.append(total * s.derivative(z_l[j], a_l[j]))        # · s'(z_j^l)
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
            for j in range(len(d_l)):
                gb_l[j] += d_l[j]                                    # ∂J/∂b_j^l = d_j^l


def check_data(net, X, Y, loss):
    """Validate a data set against a network: lengths, finiteness, the loss/activation pairing."""
    if not isinstance(X, (list, tuple)) or not isinstance(Y, (list, tuple)):
        raise TypeError("inputs and targets must be lists of samples")
    if len(X) == 0:
        raise ValueError("no samples: inputs is empty")
    if len(X) != len(Y):
        raise ValueError("%d inputs but %d targets" % (len(X), len(Y)))
    n_out = net.sizes[-1]
    for k in range(len(X)):
        check_input(net, X[k], "inputs[%d]" % k)
        if check_vector(Y[k], "targets[%d]" % k) != n_out:
            raise ValueError("targets[%d]: expected %d numbers (the neurons of layer %d), got %d"
                             % (k, n_out, net.L, len(Y[k])))
    check_pairing(loss, net.s[net.L])


def sample_cost(net, trace, y_star, loss):
    """J for one sample from its forward trace (softmax costs use z^L, for log-sum-exp)."""
    return loss.value(trace.a[net.L], y_star, trace.z[net.L])


def gradient(net, X, Y, loss):
    """(J, gw, gb): the mean cost over the samples and its gradient, shaped like the network."""
    loss = get_loss(loss)
    check_data(net, X, Y, loss)
    return mean_gradient(net, X, Y, loss)


def mean_gradient(net, X, Y, loss):
    """``gradient`` without the checks, for callers that validated the data once (training)."""
    gw, gb = zeros_like(net)
    J = 0.0
    for k in range(len(X)):
        trace = feed_forward(net, X[k])
        J += sample_cost(net, trace, Y[k], loss)
        accumulate(net, trace, deltas(net, trace, Y[k], loss), gw, gb)
    n = len(X)
    for l in range(2, net.L + 1):
        for g_i in gw[l]:
            for j in range(len(g_i)):
                g_i[j] /= n
        if gb[l] is not None:
            for j in range(len(gb[l])):
                gb[l][j] /= n
    return J / n, gw, gb


def cost(net, X, Y, loss):
    """J = (1/n) Σ_s J_s: the mean of the per-sample costs."""
    loss = get_loss(loss)
    check_data(net, X, Y, loss)
    return mean_cost(net, X, Y, loss)


def mean_cost(net, X, Y, loss):
    """``cost`` without the checks."""
    J = 0.0
    for k in range(len(X)):
        J += sample_cost(net, feed_forward(net, X[k]), Y[k], loss)
    return J / len(X)
