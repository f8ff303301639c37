"""The other conventions of docs/updates.md, each computed here by hand and set against purenet's
(torch.optim's): where they agree and by how much they differ where they do not.

- classical momentum (Sutskever et al. 2013, eq. 1–2: u ← μu − h·g, p ← p + u) against
  PyTorch's (v ← μv + g, p ← p − h·v): exactly the same while h is constant (Fractions), apart
  as soon as h changes (a run continued from its state with another learning rate);
- Keras's ε̂ (and Kingma & Ba's own "ε̂" variant at the end of their section 2): p ← p −
  h·√(1 − β2^t)/(1 − β1^t)·m/(√v + ε̂): PyTorch's Adam with ε = ε̂/√(1 − β2^t), a different ε at
  every step; with the same ε the two differ where √v̂ is not large against ε;
- ONNX's Adam (ai.onnx.preview.training.Adam, the reference ``apply_adam`` of ONNX's backend
  tests): ε like Keras, and its decay ``norm_coefficient_post`` λ applied after the step,
  x ← (1 − λ)·(x − step), where AdamW applies p·(1 − h·L) before it: with λ = h·L they differ by
  λ·step.
"""
import math
import os
import sys
from fractions import Fraction

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from purenet.network import Network  # noqa: E402
from purenet.training import train  # noqa: E402

# one weight, one sample: J = ½(w x − y)², ∂J/∂w = (w x − y)·x (exact in Fractions)
W0, X0, Y0 = 0.5, 2.0, 3.0


def grad(w):
    return (w * X0 - Y0) * X0


def torch_momentum(rates, mu):
    w, v = Fraction(W0), None
    for h in rates:
        g = grad(w)
        v = g if v is None else mu * v + g
        w -= h * v
    return w


def classical_momentum(rates, mu):
    w, u = Fraction(W0), Fraction(0)
    for h in rates:
        u = mu * u - h * grad(w)
        w += u
    return w


def test_classical_momentum_equals_pytorchs_while_h_is_constant_and_not_after_it_changes():
    mu = Fraction(9, 10)
    constant = [Fraction(1, 20)] * 5
    assert classical_momentum(constant, mu) == torch_momentum(constant, mu)   # exactly
    changed = [Fraction(1, 20)] * 3 + [Fraction(1, 40)] * 2
    torch_w, classical_w = torch_momentum(changed, mu), classical_momentum(changed, mu)
    # purenet: 3 epochs at h = 0.05, then the same run continued at h = 0.025
    net, state = Network([[[W0]]]), {}
    train(net, [[X0]], [[Y0]], "half_squared_error", 0.05, 3, update="momentum", momentum=0.9, state=state)
    train(net, [[X0]], [[Y0]], "half_squared_error", 0.025, 2, update="momentum", momentum=0.9, state=state)
    w = net.w[2][0][0]
    assert abs(w - float(torch_w)) <= 1e-15 * abs(float(torch_w)) + 1e-15
    gap = abs(float(classical_w - torch_w))
    assert gap > 1e-3, gap                 # classical keeps the old h inside u; PyTorch rescales v
    assert abs(w - float(classical_w)) > 1e-3


def keras_adam(p, grads_of, steps, lr, b1, b2, eps_hat):
    """Keras's Adam (and Kingma & Ba's ε̂ form): the bias corrections folded into the rate."""
    m = v = 0.0
    for t in range(1, steps + 1):
        g = grads_of(p)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        lr_t = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        p = p - lr_t * m / (math.sqrt(v) + eps_hat)
    return p


def test_keras_eps_hat_is_pytorchs_adam_with_eps_divided_by_sqrt_of_the_bias_correction():
    # a tiny gradient (J = ½(w x)² with x = 1e-4 near w = 1), so that √v̂ ~ 1e-8 and ε matters
    x, h, b1, b2, eps = 1e-4, 0.01, 0.9, 0.999, 1e-7

    def g(w):
        return w * x * x

    keras = keras_adam(1.0, g, 2, h, b1, b2, eps)
    same = Network([[[1.0]]])
    train(same, [[x]], [[0.0]], "half_squared_error", h, 2, update="adam", eps=eps)
    rel = abs(same.w[2][0][0] - keras) / abs(1.0 - keras)
    assert rel > 0.1, rel                  # the same ε: the steps differ by more than 10 %
    # PyTorch's ε = ε̂/√(1 − β2^t), step by step (the state carries m, v and t from one to the next)
    net, state = Network([[[1.0]]]), {}
    for t in (1, 2):
        train(net, [[x]], [[0.0]], "half_squared_error", h, 1, update="adam",
              eps=eps / math.sqrt(1 - b2 ** t), state=state)
    assert abs(net.w[2][0][0] - keras) <= 1e-15, (net.w[2][0][0], keras)


def onnx_adam(x, g_of, steps, r, alpha, beta, eps, norm_coefficient=0.0, norm_coefficient_post=0.0):
    """ONNX's reference apply_adam (its backend tests), one call per step, T counted from 0."""
    v = h = 0.0
    for t in range(steps):
        g_regularized = norm_coefficient * x + g_of(x)
        v = alpha * v + (1 - alpha) * g_regularized
        h = beta * h + (1 - beta) * (g_regularized * g_regularized)
        h_sqrt = math.sqrt(h) + eps
        r_adjusted = r * math.sqrt(1 - beta ** (t + 1)) / (1 - alpha ** (t + 1))
        x = (1 - norm_coefficient_post) * (x - r_adjusted * (v / h_sqrt))
    return x


def test_onnx_adam_decays_after_its_step_where_adamw_decays_before():
    h, L = 0.1, 0.5
    zero = onnx_adam(2.0, lambda w: 0.0, 3, h, 0.9, 0.999, 1e-8, norm_coefficient_post=h * L)
    net = Network([[[2.0]]])                # a zero gradient: only the decay acts, in both
    train(net, [[0.0]], [[0.0]], "half_squared_error", h, 3, update="adamw", weight_decay=L)
    assert abs(net.w[2][0][0] - zero) <= 1e-15 and abs(zero - 2.0 * (1 - h * L) ** 3) <= 1e-15

    def g(w):
        return grad(w)

    # ε·√(1 − β2) in ONNX's place is PyTorch's ε at t = 1 (the test below), so only the decay differs
    onnx = onnx_adam(W0, g, 1, h, 0.9, 0.999, 1e-8 * math.sqrt(1 - 0.999), norm_coefficient_post=h * L)
    net = Network([[[W0]]])
    train(net, [[X0]], [[Y0]], "half_squared_error", h, 1, update="adamw", weight_decay=L)
    step = h * grad(W0) / (abs(grad(W0)) + 1e-8)           # the first Adam step: h g/(|g| + ε)
    # AdamW: w(1 − hL) − step; ONNX: (w − step)(1 − hL); they differ by hL·step
    assert abs(net.w[2][0][0] - (W0 * (1 - h * L) - step)) <= 1e-15
    assert abs((onnx - net.w[2][0][0]) - h * L * step) <= 1e-15
    assert abs(h * L * step) > 1e-3


def test_onnx_adam_with_l2_is_pytorchs_adam_up_to_the_place_of_eps():
    # norm_coefficient λ: g + λ·x, as PyTorch's weight_decay in Adam; a large ε shows its place
    h, L, eps = 0.1, 0.2, 0.5
    onnx = onnx_adam(W0, grad, 3, h, 0.9, 0.999, eps, norm_coefficient=L)
    net = Network([[[W0]]])
    train(net, [[X0]], [[Y0]], "half_squared_error", h, 3, update="adam", weight_decay=L, eps=eps)
    assert abs(onnx - net.w[2][0][0]) > 1e-3
    net, state = Network([[[W0]]]), {}
    for t in (1, 2, 3):
        train(net, [[X0]], [[Y0]], "half_squared_error", h, 1, update="adam", weight_decay=L,
              eps=eps / math.sqrt(1 - 0.999 ** t), state=state)
    assert abs(onnx - net.w[2][0][0]) <= 1e-14, (onnx, net.w[2][0][0])
