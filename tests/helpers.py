"""Assertions shared by the test modules, written so that they run everywhere.

The portable tests (``tests/test_*.py``) are plain functions with ``assert``; pytest collects them
on CPython and PyPy, and purenet's own runner runs them on MicroPython and Pyodide, where pytest
does not exist. So nothing here may import pytest, and ``pytest.approx`` / ``pytest.raises`` are
replaced by the two small functions below.

The interpreter's floats: ``SINGLE`` is True where they are IEEE singles (MicroPython on most
boards, and the float32 build in CI), ``EPS`` their machine epsilon, found here as ``purenet.bits``
finds it (the smallest 2**-k with 1 + 2**-k > 1) without importing purenet. A test
whose expected value is a double's bits checks the single-precision behaviour there instead;
``REL`` is a relative tolerance for results that go through a few dozen roundings (1e-12 for
doubles, 1e-5 for singles, each some 10**4 epsilons). ``DOUBLE_ROUNDING`` is True on an
interpreter whose double ``+ - * /`` round twice (the x87 FPU of a 32-bit x86 build: to 64
significand bits, then to 53), so that results are not always the correctly rounded IEEE ones.
"""
import math

try:
    from unittest import SkipTest  # pytest reports it as a skip
except ImportError:                    # MicroPython: tests/run_portable.py counts it as a skip
    class SkipTest(Exception):
        """Raised by ``skip``."""

EPS = 1.0
while 1.0 + EPS * 0.5 > 1.0:
    EPS *= 0.5
SINGLE = EPS == 2.0 ** -23
REL = 1e-5 if SINGLE else 1e-12
# exactly 1 + EPS/2 + EPS/2**12 is above the midpoint between 1 and 1 + EPS: a correctly rounded sum
# gives 1 + EPS; rounded first to 64 bits (a tie, to even: 1 + EPS/2) and then to 53, it gives 1.
DOUBLE_ROUNDING = (1.0 + EPS) + (-0.5 * EPS + math.ldexp(EPS, -12)) != 1.0 + EPS


def per_precision(double, single):
    """``double`` where floats are IEEE doubles, ``single`` where they are singles: for a tolerance
    or an expected value that depends on the precision (each test says why)."""
    return single if SINGLE else double


def skip(reason):
    """Skip the running test, saying why (pytest and tests/run_portable.py both report it)."""
    raise SkipTest(reason)


def close(x, y, rel=1e-12, abs_=0.0):
    """True when |x - y| <= max(rel * max(|x|, |y|), abs_)."""
    return abs(x - y) <= max(rel * max(abs(x), abs(y)), abs_)


def assert_close(actual, expected, rel=1e-12, abs_=0.0, what=""):
    """Assert two numbers, or two (nested) lists of numbers, agree within rel / abs_."""
    if isinstance(expected, (list, tuple)):
        assert isinstance(actual, (list, tuple)), "%s: expected a list, got %r" % (what, actual)
        assert len(actual) == len(expected), "%s: length %d != %d" % (what, len(actual), len(expected))
        for k in range(len(expected)):
            assert_close(actual[k], expected[k], rel, abs_, "%s[%d]" % (what, k))
        return
    assert close(actual, expected, rel, abs_), "%s: %r != %r (rel %g, abs %g)" % (
        what, actual, expected, rel, abs_)


def assert_raises(exc_type, fn, *args, **kwargs):
    """Assert that fn(*args, **kwargs) raises exc_type; return the exception's message."""
    try:
        fn(*args, **kwargs)
    except exc_type as e:
        return str(e)
    raise AssertionError("%s was not raised by %r" % (exc_type.__name__, fn))
