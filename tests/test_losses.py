"""Losses and their derivatives (purenet/losses.py). Expected values: the documents' numbers and
hand computations; derivatives against central differences computed here. Where floats are
single, results of a few roundings are compared to 1e-6 and central differences to 1e-3."""
import math

from purenet.activations import get_activation
from purenet.backprop import output_delta
from purenet.losses import get_loss
from tests.helpers import assert_close, assert_raises, per_precision

ROUNDED = per_precision(1e-15, 1e-6)       # a result a few roundings from the exact one
FD_REL = per_precision(1e-7, 1e-3)         # how far a central difference is trusted


def numeric_gradient(loss, y, t, h=per_precision(1e-6, 2.0 ** -9)):
    g = []
    for j in range(len(y)):
        up, down = list(y), list(y)
        up[j] += h
        down[j] -= h
        g.append((loss.value(up, t) - loss.value(down, t)) / (2 * h))
    return g


def test_squared_error_is_001s_1_11():
    # 001 §3: (0.3 − 1)² + (0.5 − 0)² + (0.6 − 0)² + (0.1 − 0)² = 1.11
    E = get_loss("squared_error").value([0.3, 0.5, 0.6, 0.1], [1.0, 0.0, 0.0, 0.0])
    assert_close(E, 1.11, rel=ROUNDED)


def test_half_squared_error_is_002s_J():
    # 002's single weight: y = 1.9, y* = 1 -> J = ½(0.9)² = 0.405
    assert_close(get_loss("half_squared_error").value([1.9], [1.0]), 0.405, rel=ROUNDED)
    assert get_loss("half_squared_error").gradient([1.9, 0.0], [1.0, 0.5]) == [1.9 - 1.0, -0.5]


def test_cross_entropy_has_the_minus_sign():
    ce = get_loss("cross_entropy")
    J = ce.value([0.8, 0.3], [1.0, 0.0])
    assert_close(J, -(math.log(0.8) + math.log(0.7)), rel=ROUNDED)
    assert J > 0.0                          # 000's sum without the minus would be negative
    assert ce.value([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert ce.value([0.0], [1.0]) == float("inf")
    assert "not in [0, 1]" in assert_raises(ValueError, ce.value, [1.5], [1.0])


def test_categorical_cross_entropy_uses_log_sum_exp():
    cce = get_loss("categorical_cross_entropy")
    z = [2.0, 1.0, 0.1]
    a = get_activation("softmax").apply(z)
    assert_close(cce.value(a, [0.0, 1.0, 0.0], z), -math.log(a[1]), rel=per_precision(1e-14, 1e-6))
    # a softmax output that underflows to 0: the log-sum-exp cost stays finite and exact
    z = [0.0, -800.0]
    a = get_activation("softmax").apply(z)
    assert a[1] == 0.0
    assert_close(cce.value(a, [0.0, 1.0], z), 800.0, rel=ROUNDED)
    assert cce.value(a, [0.0, 1.0]) == float("inf")      # without z there is nothing better


def test_every_gradient_matches_a_central_difference():
    y = [0.3, 0.55, 0.9]
    t = [0.2, 1.0, 0.0]
    for name in ("half_squared_error", "squared_error", "cross_entropy"):
        loss = get_loss(name)
        assert_close(loss.gradient(y, t), numeric_gradient(loss, y, t), rel=FD_REL, what=name)
    t = [0.0, 1.0, 0.0]
    loss = get_loss("categorical_cross_entropy")
    assert_close(loss.gradient(y, t), numeric_gradient(loss, y, t), rel=FD_REL, abs_=FD_REL * 1e-5)


def test_output_delta_fused_pairs_equal_the_general_rule():
    z = [0.4, -1.3]
    y_star = [1.0, 0.0]
    sig = get_activation("sigmoid")
    y = sig.apply(z)
    ce = get_loss("cross_entropy")
    general = [ce.gradient(y, y_star)[j] * sig.derivative(z[j]) for j in range(2)]
    assert_close(output_delta(ce, sig, z, y, y_star), general, rel=per_precision(1e-13, 1e-6))
    sm = get_activation("softmax")
    y = sm.apply(z)
    cce = get_loss("categorical_cross_entropy")
    general = sm.backward(y, cce.gradient(y, y_star))
    assert_close(output_delta(cce, sm, z, y, y_star), general, rel=per_precision(1e-13, 1e-6))
    # saturated: the general rule divides 0 by 0, the fused one stays finite: d = y − y*
    y = sig.apply([40.0])
    assert y == [1.0]
    assert output_delta(ce, sig, [40.0], y, [0.0]) == [1.0]


def test_unknown_loss_is_a_clear_error():
    assert assert_raises(ValueError, get_loss, "mse") == (
        'unknown loss "mse" (known: categorical_cross_entropy, cross_entropy, half_squared_error, '
        'squared_error)')


def test_002_math_cost_needs_the_square():
    # 002's "math behind Python" prints J = ½ Σ (ŷ_i − y_i): without the square it is no cost
    # (negative for ŷ < y, unbounded below); its own δ^L = (Ŷ − Y)σ' is the gradient of the squared form.
    def unsquared(y_hat, y):
        return 0.5 * sum(y_hat[j] - y[j] for j in range(len(y)))
    assert unsquared([0.0], [1.0]) == -0.5
    hse = get_loss("half_squared_error")
    assert hse.value([0.0], [1.0]) == 0.5
    y_hat, y = [0.3, 0.9], [0.5, 0.1]
    assert_close(hse.gradient(y_hat, y), [y_hat[0] - y[0], y_hat[1] - y[1]], rel=1e-15)
    assert_close(numeric_gradient(hse, y_hat, y), hse.gradient(y_hat, y), rel=per_precision(1e-8, 1e-3))


def test_cross_entropy_targets_must_be_probabilities():
    assert "target" in assert_raises(ValueError, get_loss("cross_entropy").value, [0.5], [2.0])


def test_softmax_with_binary_cross_entropy_is_a_warning_naming_the_categorical_loss():
    from purenet.losses import pairing_warning
    text = pairing_warning(get_loss("cross_entropy"), get_activation("softmax"))
    assert "categorical_cross_entropy" in text and "softmax" in text
    for loss, s in (("cross_entropy", "sigmoid"), ("categorical_cross_entropy", "softmax"),
                    ("half_squared_error", "softmax"), ("squared_error", "linear")):
        assert pairing_warning(get_loss(loss), get_activation(s)) is None, (loss, s)


def test_an_output_outside_the_domain_is_a_loss_domain_error():
    # the output's domain error is its own type (training treats it as divergence); a target's is
    # plain bad data
    from purenet.losses import LossDomainError
    ce = get_loss("cross_entropy")
    try:
        ce.value([1.5], [1.0])
    except LossDomainError as e:
        assert str(e) == "cross_entropy: output y_1 = 1.5 is not in [0, 1]"
    else:
        raise AssertionError("no LossDomainError")
    try:
        ce.value([0.5], [1.5])
    except LossDomainError:
        raise AssertionError("a target outside [0, 1] is bad data, not the output leaving the domain")
    except ValueError as e:
        assert str(e) == "cross_entropy: target y_1 = 1.5 is not in [0, 1]"
    assert_raises(LossDomainError, ce.gradient, [1.0], [0.0])           # saturated: dJ/dy infinite
