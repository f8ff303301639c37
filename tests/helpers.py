"""Assertions shared by the test modules, written so that they run everywhere.

The portable tests (``tests/test_*.py``) are plain functions with ``assert``; pytest collects them
on CPython and PyPy, and purenet's own runner runs them on MicroPython and Pyodide, where pytest
does not exist. So nothing here may import pytest, and ``pytest.approx`` / ``pytest.raises`` are
replaced by the two small functions below.
"""


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
