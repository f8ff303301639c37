"""Engine 3: ``001`` §5's per-parameter recursion (forward-mode differentiation).

``001`` §5 writes the error of one training case as E_1 = Σ_j (o_j − d_j)² and differentiates it
with respect to one parameter p at a time:

    ∂E_1/∂p = 2(o_1 − d_1) ∂o_1/∂p + … + 2(o_γ − d_γ) ∂o_γ/∂p,

then finds ∂o/∂p by cases. For a weight p = w_ij^{l0} (from neuron i of layer l0−1 to neuron j of
layer l0), with v_j^l = s(u_j^l), u_j^l = Σ_i w_ij^l v_i^{l−1} + b_j^l (``001`` §2):

- layers before l0 do not depend on p: ∂v^l/∂p = 0;
- Case 1 (p feeds another neuron of layer l0):  ∂u_k^{l0}/∂p = 0 for k ≠ j;
- Case 2 (p feeds this neuron):                  ∂u_j^{l0}/∂p = v_i^{l0−1};
- Case 3 (p is in an earlier layer):             ∂u_k^l/∂p = Σ_i w_ik^l ∂v_i^{l−1}/∂p, l > l0,

and in every layer ∂v_k^l/∂p = s'(u_k^l) ∂u_k^l/∂p (``001`` uses σ'(u) = e^{−u}/(1 + e^{−u})²).
A bias p = b_j^{l0} is the same with ∂u_j^{l0}/∂p = 1 (``001``: "∂b/∂b_z = 1"). The recursion
runs forward from layer l0 to the output o = v^L, so it is forward-mode differentiation: one pass
per parameter, O(P) passes in all (backprop needs one), each from layer l0 on and with layer
l0's one non-zero term and layer l0 + 1's one-term sums taken as such (``output_derivatives``).

Generalised beyond ``001``'s sigmoid and sum of squares, as the rest of purenet is: s' is the
layer's own activation derivative; a softmax output layer uses its Jacobian,
∂o_j/∂p = o_j (∂u_j/∂p − Σ_k o_k ∂u_k/∂p); and 2(o_j − d_j) becomes the loss's ∂E/∂o_j
(``losses.py``); for the log losses with a sigmoid, gaussian or softmax output, the derivatives of
log o with respect to u^L (``common.log_output_gradient``). The error function is the mean over the
n training cases (``001`` §5): ∂E/∂p = (1/n)(∂E_1/∂p + … + ∂E_n/∂p). This engine shares no code
with ``backprop.py``.
"""

from ....network import check_data, parameters, zero_gradients
from .common import log_output_gradient, loss_gradient, saturated


def forward(net, x):
    """(u, v): u[l][j] = u_j^l and v[l][j] = v_j^l, the inputs and values of the nodes (``001``
    §2: v_a = s(w·u + b_a)); v[1] = u[1] = x."""
    x = [float(x_i) for x_i in x]
    u = [None, x]
    v = [None, x]
    for l in range(2, net.L + 1):
        w, b = net.w[l], net.b[l]
        u_l = []
        for j in range(len(w[0])):
            t = 0.0
            for i in range(len(w)):
                t += w[i][j] * v[l - 1][i]                 # w_1 v_1 + … + w_δ v_δ
            if b is not None:
                t += b[j]                                  # + b
            u_l.append(t)
        u.append(u_l)
        v.append(net.s[l].apply(u_l))
    return u, v


def _values_derivative(s, u_l, v_l, du):
    """∂v^l/∂p from ∂u^l/∂p: s'(u_k) ∂u_k/∂p, or the softmax Jacobian applied to ∂u/∂p."""
    if s.elementwise:
        return [s.derivative(u_l[k]) * du[k] for k in range(len(du))]
    t = 0.0
    for k in range(len(du)):
        t += v_l[k] * du[k]
    return [v_l[k] * (du[k] - t) for k in range(len(du))]


def output_derivatives(net, u, v, kind, l0, i0, j0):
    """(∂u^L/∂p, ∂o/∂p) for one parameter p = w_{i0 j0}^{l0} (kind "w") or b_{j0}^{l0} (kind "b"),
    by ``001``'s cases 1–3, for the sample whose forward pass is (u, v).

    Only what is not 0 is computed where that is known: in layer l0 a single ∂u_j0/∂p (case 1
    makes the others 0), so, for an elementwise s, a single ∂v_j0/∂p, and in layer l0 + 1 case 3's
    sum has one term, ∂u_k/∂p = w_{j0 k} ∂v_j0/∂p; full sums from layer l0 + 2 on. The terms left
    out are exact zeros, so the result has the same bits as the full sums."""
    s = net.s[l0]
    du_j0 = v[l0 - 1][i0] if kind == "w" else 1.0          # Case 2: v_i, or ∂b/∂b_z = 1
    if l0 == net.L or not s.elementwise:                   # the output layer (softmax: all of it)
        du = [0.0] * len(net.w[l0][0])                     # Case 1: ∂u_k/∂p = 0, k ≠ j0
        du[j0] = du_j0
        dv = _values_derivative(s, u[l0], v[l0], du)
        start = l0 + 1
    else:
        dv_j0 = s.derivative(u[l0][j0]) * du_j0            # the only ∂v^l0/∂p that is not 0
        du = [0.0 + w_k * dv_j0 for w_k in net.w[l0 + 1][j0]]   # Case 3 with its one term
        dv = _values_derivative(net.s[l0 + 1], u[l0 + 1], v[l0 + 1], du)
        start = l0 + 2
    for l in range(start, net.L + 1):                      # Case 3, layer by layer
        w = net.w[l]
        du = []
        for k in range(len(w[0])):
            t = 0.0
            for i in range(len(w)):
                t += w[i][k] * dv[i]                       # w_1 ∂v_1/∂p + … + w_δ ∂v_δ/∂p
            du.append(t)
        dv = _values_derivative(net.s[l], u[l], v[l], du)
    return du, dv


def gradient(net, X, Y, loss, only=None):
    """(J, gw, gb) by ``001`` §5's recursion for every parameter, padded like the network.
    ``only``: just these parameters (a sublist of ``network.parameters(net)``; the others' entries
    stay 0.0), so that the O(P) cost can be timed on a subset."""
    loss = check_data(net, X, Y, loss)
    params = parameters(net) if only is None else only
    n = len(X)
    L = net.L
    total = [0.0] * len(params)
    J = 0.0
    for k in range(n):
        u, v = forward(net, X[k])
        o, d = v[L], Y[k]
        J += loss.value(o, d, u[L], net.s[L])
        dE_du = log_output_gradient(loss, net.s[L], u[L], o, d)   # log losses: derivatives of log o
        dE_do = None
        if dE_du is None:
            dE_do = loss_gradient(loss, o, d)              # ∂E/∂o_j; 2(o_j − d_j) in 001
            if dE_do is None:                              # infinite at a saturated output
                saturated(loss, net.s[L], o, d, k)
        for q in range(len(params)):
            name, kind, l0, i0, j0 = params[q]
            du_L, do = output_derivatives(net, u, v, kind, l0, i0, j0)
            g, dp = (dE_do, do) if dE_du is None else (dE_du, du_L)
            t = 0.0
            for j in range(len(g)):
                t += g[j] * dp[j]                          # Σ_j ∂E/∂o_j · ∂o_j/∂p
            total[q] += t
    gw, gb = zero_gradients(net)
    for q in range(len(params)):
        name, kind, l, i, j = params[q]
        if kind == "w":
            gw[l][i][j] = total[q] / n                     # ∂E/∂p = (1/n) Σ ∂E_s/∂p
        else:
            gb[l][j] = total[q] / n
    return J / n, gw, gb
