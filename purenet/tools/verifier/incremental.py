"""The full check's perturbed forward passes, recomputing only what a perturbation changes.

The full mode of the verifier (``gradcheck.py``) needs J at p + h and at p − h for every
parameter p. A forward pass from the input would recompute the whole network twice per
parameter; but with every other parameter fixed, moving p = w_ij^l (or b_j^l) by Δp changes
(``002``'s notation, z_j^l = Σ_i w_ij^l a_i^{l−1} + b_j^l, a_j^l = s(z_j^l)):

- nothing before layer l;
- in layer l, z_j^l alone: z_j^l + Δp·a_i^{l−1} (a weight) or z_j^l + Δp (a bias), hence a_j^l
  alone (softmax, only ever in the output layer, recomputes its whole layer);
- in layer l + 1, every z_k^{l+1} by the same rank-one update: z_k^{l+1} + w_jk^{l+1}·Δa_j^l, with
  Δa_j^l = s(z_j^l + Δz) − a_j^l;
- from layer l + 2 on, everything: the full products, run by the core's own forward pass
  (``network._forward``) on the layers after l + 1.

So ``Perturbations`` keeps each sample's unperturbed z^l and a^l and J_s, and ``cost`` returns J
at the parameter moved by Δp from them. A parameter of the output layer costs O(n^L) per sample,
one of layer L − 1 O(n^L) more, and only the earlier ones pay for full products. Where Δa_j^l is 0
exactly (a ReLU below its kink, a saturated sigmoid) nothing after layer l moves and the kept J_s
is J_s at p + Δp.

The sums are formed differently from a pass that starts at the input (the kept z_j^l plus the
change, instead of Σ_i again), so J(p ± h) may differ from such a pass in the last bits; the kept
values carry the same rounding into both J(p + h) and J(p − h), where it cancels in their
difference. Everything is plain loops in a fixed order, with the core's activations and losses (each cost
from a^L, z^L and the output activation, as ``backprop.sample_cost`` takes it),
so the bits are the same on every interpreter. This module shares no code with backprop.
"""

from ...network import _forward


class View:
    """What ``network._forward`` reads of a network: L and the padded w, b, s (layers 2 … L), here
    for other weights (fast mode's θ ± hv) or for the layers after one layer (``tail``)."""

    def __init__(self, L, w, b, s):
        self.L, self.w, self.b, self.s = L, w, b, s


def tail(net, first):
    """Layers first + 1 … L of a network, seen as a network whose input (its layer 1) is layer
    ``first``: ``network._forward(tail(net, first), a^first)`` computes z^m and a^m for m > first,
    at index m − first + 1 of its trace."""
    return View(net.L - first + 1, [None, None] + net.w[first + 1:], [None, None] + net.b[first + 1:],
                [None, None] + net.s[first + 1:])


class Perturbations:
    """The unperturbed forward pass of every sample, kept (``traces``, ``costs``: J_s), and
    ``cost(kind, l, i, j, dp)``: J = (1/n) Σ_s J_s with one parameter moved by dp, recomputing only
    what that changes. ``kinks_from[l]``: whether a layer l … L has kinks (so whether the kink rule
    needs the perturbed z)."""

    def __init__(self, net, X, Y, loss):
        self.net = net
        self.Y = Y
        self.loss = loss
        L = net.L
        self.traces = [_forward(net, x) for x in X]
        self.costs = [loss.value(t.a[L], Y[k], t.z[L], net.s[L]) for k, t in enumerate(self.traces)]
        self.tails = [None] * (L + 1)
        for l in range(2, L - 1):
            self.tails[l] = tail(net, l + 1)
        self.kinks_from = [False] * (L + 2)
        for l in range(L, 1, -1):
            self.kinks_from[l] = self.kinks_from[l + 1] or bool(net.s[l].kinks)

    def cost(self, kind, l, i, j, dp, keep_z=False):
        """(J, zs): J at the parameter (kind "w": w_ij^l; "b": b_j^l, i unused) moved by dp, the
        mean over the samples summed in their order; zs is None, or with ``keep_z`` one list per
        sample of every z^m (index m, as in a trace) at the moved parameter."""
        J = 0.0
        zs = [] if keep_z else None
        for k in range(len(self.traces)):
            J_k, z = self._sample(k, kind, l, i, j, dp, keep_z)
            J += J_k
            if keep_z:
                zs.append(z)
        return J / len(self.traces), zs

    def _sample(self, k, kind, l, i, j, dp, keep_z):
        net = self.net
        L = net.L
        base = self.traces[k]
        z0, a0 = base.z, base.a
        z_j = z0[l][j] + (dp * a0[l - 1][i] if kind == "w" else dp)   # z_j^l + Δz_j^l
        s = net.s[l]
        zs = None
        if keep_z or l == L:
            z_l = list(z0[l])
            z_l[j] = z_j
            zs = z0[:l] + [z_l] if keep_z else None
        if l == L:                                     # the output layer: its own loss term
            if s.elementwise:
                a_L = list(a0[L])
                a_L[j] = s.value(z_j)
            else:
                a_L = s.apply(z_l)
            return self.loss.value(a_L, self.Y[k], z_l, s), zs
        da = s.value(z_j) - a0[l][j]                   # Δa_j^l
        if da == 0.0:                                  # nothing after layer l moves
            if keep_z:
                zs += z0[l + 1:]
            return self.costs[k], zs
        z_next = [z + w * da for z, w in zip(z0[l + 1], net.w[l + 1][j])]   # rank one
        a_next = net.s[l + 1].apply(z_next)
        if l + 1 == L:
            if keep_z:
                zs.append(z_next)
            return self.loss.value(a_next, self.Y[k], z_next, net.s[L]), zs
        rest = _forward(self.tails[l], a_next)         # layers l + 2 … L
        if keep_z:
            zs += [z_next] + rest.z[2:]
        return self.loss.value(rest.a[-1], self.Y[k], rest.z[-1], net.s[L]), zs
