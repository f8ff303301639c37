"""Activations and their derivatives (purenet/activations.py).

Expected values: closed forms evaluated by hand (e.g. σ(0) = 1/2, tanh'(0) = 1), and derivatives
checked against a central difference computed here, independently of the code's s'(z). Where
floats are single the central difference takes a step near ε^(1/3) and is trusted to 1e-3.
"""
import math

from purenet.activations import get_activation
from tests.helpers import assert_close, assert_raises, per_precision

SMOOTH_POINTS = (-3.0, -0.7, -0.1, 0.3, 1.1, 2.5)
CENTRAL_REL = per_precision(1e-7, 1e-3)      # how far a central difference is trusted
TINY = math.ldexp(1.0, per_precision(-1074, -149))   # the smallest positive float


def central(f, z, h=per_precision(1e-6, 2.0 ** -9)):
    return (f(z + h) - f(z - h)) / (2 * h)


def test_every_derivative_matches_a_central_difference_away_from_kinks():
    for spec in ("linear", "sigmoid", {"name": "sigmoid", "beta": 2.5}, "tanh", "relu", "step",
                 {"name": "piecewise_linear", "x_min": -2.0, "x_max": 2.0}, "gaussian",
                 {"name": "gaussian", "mu": 0.5, "sigma": 0.8}):
        s = get_activation(spec)
        for z in SMOOTH_POINTS:
            assert_close(s.derivative(z), central(s.value, z), rel=CENTRAL_REL, abs_=CENTRAL_REL * 1e-2,
                         what="%r at %r" % (spec, z))


def test_derivative_from_the_forward_value_gives_the_same_bits():
    # backprop passes a = s(z) from its trace; s'(z, a) must equal s'(z) exactly, and apply(z)
    # (the layer form the forward pass uses) must equal value(z) neuron by neuron.
    zs = [-40.0, -3.0, -0.7, -1e-300, 0.0, 1e-9, 0.3, 1.1, 2.5, 19.0, 40.0]
    for spec in ("linear", "sigmoid", {"name": "sigmoid", "beta": 2.5}, "tanh", "relu", "step",
                 "piecewise_linear", "gaussian", {"name": "gaussian", "mu": 0.5, "sigma": 0.8}):
        s = get_activation(spec)
        a = s.apply(zs)
        for j in range(len(zs)):
            assert a[j] == s.value(zs[j]), (spec, zs[j])
            assert s.derivative(zs[j], a[j]) == s.derivative(zs[j]), (spec, zs[j])


def test_linear_sigmoid_tanh_values():
    assert get_activation("linear").value(-2.5) == -2.5
    s = get_activation("sigmoid")
    assert s.value(0.0) == 0.5 and s.derivative(0.0) == 0.25
    assert_close(s.value(-0.04), 1 / (1 + math.exp(0.04)), rel=1e-15)           # 001's v
    beta = get_activation({"name": "sigmoid", "beta": 2.0})
    assert_close(beta.value(1.0), 1 / (1 + math.exp(-2.0)), rel=1e-15)
    assert_close(beta.derivative(0.0), 0.5, rel=1e-15)                           # β/4
    t = get_activation("tanh")
    assert t.value(0.0) == 0.0 and t.derivative(0.0) == 1.0
    assert_close(t.value(0.5), 0.46211715726000974, rel=1e-15)                   # tanh(0.5)


def test_sigmoid_does_not_overflow_for_large_arguments():
    s = get_activation("sigmoid")
    assert s.value(1000.0) == 1.0 and s.value(-1000.0) == 0.0
    assert s.derivative(1000.0) == 0.0 and s.derivative(-1000.0) == 0.0
    assert_close(s.value(-40.0), math.exp(-40.0) / (1 + math.exp(-40.0)), rel=1e-14)
    assert s.value(-800.0) == 0.0   # e^-800 underflows; no OverflowError on the way


def test_relu_and_step_conventions_at_the_kink():
    r = get_activation("relu")
    assert r.value(-1.0) == 0.0 and r.value(2.0) == 2.0 and r.value(0.0) == 0.0
    assert r.derivative(0.0) == 0.0 and r.derivative(TINY) == 1.0 and r.derivative(-TINY) == 0.0
    assert r.kinks == (0.0,)
    st = get_activation("step")
    assert st.value(0.0) == 1.0 and st.value(-TINY) == 0.0        # 000: 1 if x >= 0
    assert st.derivative(0.0) == 0.0 and st.derivative(3.0) == 0.0


def test_piecewise_linear_as_in_000():
    p = get_activation("piecewise_linear")              # x_min = -1, x_max = 1, continuous
    assert p.value(-1.0) == 0.0 and p.value(1.0) == 1.0 and p.value(0.0) == 0.5
    assert p.derivative(0.0) == 0.5 and p.derivative(-1.0) == 0.0 and p.derivative(1.0) == 0.0
    assert p.kinks == (-1.0, 1.0)
    q = get_activation({"name": "piecewise_linear", "x_min": 0.0, "x_max": 4.0, "slope": 0.2,
                        "intercept": 0.1})
    assert_close(q.value(2.0), 0.5, rel=1e-15)
    assert q.value(-0.5) == 0.0 and q.value(4.0) == 1.0
    assert_raises(ValueError, get_activation, {"name": "piecewise_linear", "x_min": 1.0, "x_max": 1.0})


def test_gaussian_uses_sigma_sqrt_2pi():
    g = get_activation("gaussian")
    assert_close(g.value(0.0), 1 / math.sqrt(2 * math.pi), rel=1e-15)            # 0.3989...
    g2 = get_activation({"name": "gaussian", "mu": 1.0, "sigma": 2.0})
    # the normal density with σ = 2 at its mean: 1/(2·√(2π)); 000's 1/√(2πσ) would give 0.2821
    assert_close(g2.value(1.0), 0.19947114020071635, rel=1e-15)
    assert_raises(ValueError, get_activation, {"name": "gaussian", "sigma": 0.0})


def test_softmax_values_sum_to_one_and_survive_large_inputs():
    s = get_activation("softmax")
    a = s.apply([1.0, 2.0, 3.0])
    e = [math.exp(1.0), math.exp(2.0), math.exp(3.0)]
    assert_close(a, [x / (e[0] + e[1] + e[2]) for x in e], rel=1e-14)
    big = s.apply([1000.0, 1000.0])
    assert big == [0.5, 0.5]
    assert not s.elementwise


def test_softmax_backward_is_the_jacobian_product():
    s = get_activation("softmax")
    z = [0.3, -1.2, 0.8]
    a = s.apply(z)
    g = [0.5, -2.0, 1.5]
    got = s.backward(a, g)
    for j in range(3):                # Σ_k g_k ∂a_k/∂z_j by central differences on z_j
        def f(t, j=j):
            zz = list(z)
            zz[j] = t
            aa = s.apply(zz)
            return g[0] * aa[0] + g[1] * aa[1] + g[2] * aa[2]
        assert_close(got[j], central(f, z[j]), rel=CENTRAL_REL, abs_=CENTRAL_REL * 1e-3)


def test_unknown_names_and_parameters_are_clear_errors():
    assert assert_raises(ValueError, get_activation, "sigmod") == (
        'unknown activation "sigmod" (known: gaussian, linear, piecewise_linear, relu, sigmoid, '
        'softmax, step, tanh)')
    assert assert_raises(ValueError, get_activation, {"name": "tanh", "gamma": 1}) == (
        'unknown parameter "gamma" for tanh (it takes none)')
    assert "finite" in assert_raises(ValueError, get_activation, {"name": "sigmoid", "beta": float("nan")})
    assert_raises(TypeError, get_activation, 3)
    assert_raises(ValueError, get_activation, {"beta": 1.0})


def test_spec_round_trips():
    for spec in ("tanh", {"name": "sigmoid", "beta": 2.0}, {"name": "gaussian", "mu": 1.0, "sigma": 0.5}):
        assert get_activation(get_activation(spec).spec()) == get_activation(spec)


def test_nan_passes_through_relu_and_step():
    nan = float("nan")
    for name in ("relu", "step", "piecewise_linear", "linear", "tanh", "sigmoid"):
        v = get_activation(name).value(nan)
        assert v != v, name


def test_gaussian_sigma_is_checked_for_the_arithmetic_it_feeds():
    # sigma = 1e-170: sigma^2 = 1e-340 underflows to 0, so s'(z) = -(z - mu)/sigma^2 * s(z) divided by
    # zero. The bounds are where sigma^2 stops being a normal double: 2^-511 squared is
    # 2^-1022, the smallest normal; 2^511 squared is 2^1022, finite.
    # Singles: sigma^2 is a normal single for sigma in [2^-63, 2^63] (2^-126 is the smallest normal).
    e = per_precision(511, 63)
    big = per_precision(1e300, 1e38)
    for sigma in (per_precision(1e-170, 1e-25), math.ldexp(1.0, -e - 1), math.ldexp(1.0, e + 1),
                  per_precision(1e200, 1e30)):
        msg = assert_raises(ValueError, get_activation, {"name": "gaussian", "sigma": sigma})
        assert ("sigma must be between 2^-%d" % e) in msg and repr(sigma) in msg, msg
    for sigma in (math.ldexp(1.0, -e), math.ldexp(1.0, e)):
        s = get_activation({"name": "gaussian", "sigma": sigma})
        for z in (0.0, 1.0, -big, big):
            d = s.derivative(z)
            assert d == d and d - d == 0.0, (sigma, z, d)      # finite: never a ZeroDivisionError or NaN
    # far from mu, s(z) underflows to 0 and s'(z) is the signed zero of -(z - mu)/sigma^2 * 0
    s = get_activation({"name": "gaussian", "sigma": math.ldexp(1.0, -e)})
    assert s.value(1.0) == 0.0
    assert str(s.derivative(1.0)) == "-0.0" and str(s.derivative(-1.0)) == "0.0"


def test_huge_integer_parameters_are_refused_not_overflowed():
    # 10**400 is an int that bits.finite calls finite (x - x == 0) but float() cannot convert
    msg = assert_raises(ValueError, get_activation, {"name": "sigmoid", "beta": 10 ** 400})
    assert "an integer of 401 digits" in msg, msg
