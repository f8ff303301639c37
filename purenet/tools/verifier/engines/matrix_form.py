"""Engine 2: ``002``'s matrix form ("math behind Python"), the whole batch at once.

Rows are samples. With n samples, A^1 = X (n × n^1) and, for l = 2 … L (``002``, "feed forward"):

    Z^l = A^{l−1} · W^l + B^l          (B^l: the row b^l repeated n times)
    A^l = s(Z^l)                        (elementwise; softmax row by row)
    Ŷ  = A^L

Backward (``002``, "general expressions in backpropagation"):

    δ^L = ∂J/∂Ŷ ⊙ s'(Z^L)               (half squared error: δ^L = (Ŷ − Y) ⊙ σ'(Z^L);
                                          softmax: δ^L_s = Ŷ_s ⊙ (G_s − (G_s·Ŷ_s)), row s;
                                          log losses: by derivatives of log Ŷ, common.py)
    δ^l = δ^{l+1} · (W^{l+1})ᵀ ⊙ s'(Z^l),   l = L−1 … 2
    ∂J/∂W^l = (A^{l−1})ᵀ · δ^l / n,    ∂J/∂B^l = column means of δ^l

and J = (1/n) Σ_s J_s (``001`` §5: the error function is the mean over the training cases).

Index shift: ``002``'s matrix section numbers the weight matrices from 1 (W^1 connects layer 1 to
layer 2, X·W^1 + B^2 = Z^2, δ^4 = δ^5·(W^4)ᵀ ⊙ σ'(Z^4)), one less than its index notation
w_ij^l, where w^2 connects layer 1 to layer 2. purenet follows the index notation, so the matrix
called W^1 there is ``net.w[2]`` here, and the recursion reads δ^l = δ^{l+1}·(w^{l+1})ᵀ ⊙ s'(Z^l).

Built only from ``linalg.py`` (matmul, transpose, add, hadamard, scale) and the
activations' and losses' own functions; it shares no code with ``backprop.py``.
"""

from ....network import check_data
from .common import log_output_gradient, loss_gradient, saturated
from .linalg import add, hadamard, matmul, scale, transpose


def _s(act, Z):
    """s(Z): elementwise, or row by row for softmax (``apply`` takes a whole layer)."""
    return [act.apply(row) for row in Z]


def _s_prime(act, Z):
    """s'(Z), elementwise (only for elementwise activations)."""
    d = act.derivative
    return [[d(z) for z in row] for row in Z]


def forward(net, X):
    """(Z, A): Z[l] and A[l] the n × n^l matrices of z_j^l and a_j^l (Z[1] = A[1] = X)."""
    A1 = [[float(x) for x in row] for row in X]
    Z = [None, A1]
    A = [None, A1]
    n = len(X)
    for l in range(2, net.L + 1):
        Zl = matmul(A[l - 1], net.w[l])                   # A^{l−1} · W^l
        if net.b[l] is not None:
            Zl = add(Zl, [net.b[l]] * n)                  # + B^l
        Z.append(Zl)
        A.append(_s(net.s[l], Zl))                        # A^l = s(Z^l)
    return Z, A


def output_delta(net, loss, Z, A, Y):
    """δ^L (n × n^L): ∂J_s/∂Ŷ ⊙ s'(Z^L) row by row, through the softmax Jacobian for softmax."""
    act = net.s[net.L]
    ZL, Yhat = Z[net.L], A[net.L]
    delta = []
    for k in range(len(Yhat)):
        y, y_star = Yhat[k], Y[k]
        D = log_output_gradient(loss, act, ZL[k], y, y_star)     # log losses: derivatives of log y
        if D is not None:
            delta.append(D)
            continue
        G = loss_gradient(loss, y, y_star)                # ∂J/∂ŷ_j
        if G is None:                                     # infinite at a saturated output
            saturated(loss, act, y, y_star, k)
        elif act.elementwise:
            delta.append(hadamard([G], _s_prime(act, [ZL[k]]))[0])
        else:                                             # softmax: Ŷ ⊙ (G − (G·Ŷ) 1)
            gy = matmul([G], transpose([y]))[0][0]
            delta.append(hadamard([y], [[g - gy for g in G]])[0])
    return delta


def gradient(net, X, Y, loss):
    """(J, gw, gb) by ``002``'s matrix form (see the module docstring), padded like the network."""
    loss = check_data(net, X, Y, loss)
    n = len(X)
    Z, A = forward(net, X)
    J = 0.0
    for k in range(n):
        J += loss.value(A[net.L][k], Y[k], Z[net.L][k], net.s[net.L])
    J /= n
    L = net.L
    delta = [None] * (L + 1)
    delta[L] = output_delta(net, loss, Z, A, Y)
    for l in range(L - 1, 1, -1):
        back = matmul(delta[l + 1], transpose(net.w[l + 1]))          # δ^{l+1} · (W^{l+1})ᵀ
        delta[l] = hadamard(back, _s_prime(net.s[l], Z[l]))            # ⊙ s'(Z^l)
    gw = [None, None]
    gb = [None, None]
    ones = [[1.0] * n]
    for l in range(2, L + 1):
        gw.append(scale(1.0 / n, matmul(transpose(A[l - 1]), delta[l])))   # (A^{l−1})ᵀ·δ^l / n
        if net.b[l] is None:
            gb.append(None)
        else:
            gb.append(scale(1.0 / n, matmul(ones, delta[l]))[0])           # column means of δ^l
    return J, gw, gb

