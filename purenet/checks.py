"""Checks of the numbers a caller gives the core, and the words its messages use.

A vector is a list (or tuple) of finite numbers, a matrix a non-empty list of equal-length rows.
``check_vector`` and ``shape`` raise TypeError/ValueError naming the place (``w^2[1][0]``);
``count`` and ``describe`` word the messages ("3 numbers", ``np.float32(0.5) (numpy.float32)``).
The linear algebra of ``002``'s matrix form lives with the one engine that uses it
(``tools/verifier/engines/linalg.py``); the core's own loops are written out.
"""

from .bits import finite


def count(n, noun):
    """"1 number", "3 numbers": n and the noun, plural unless n is 1 (for messages)."""
    return "%d %s%s" % (n, noun, "" if n == 1 else "s")


def check_vector(v, name="vector"):
    """Raise TypeError/ValueError unless v is a list (or tuple) of finite numbers."""
    if not isinstance(v, (list, tuple)):
        raise TypeError("%s: expected a list of numbers, got %s" % (name, type(v).__name__))
    for k in range(len(v)):
        x = v[k]
        if isinstance(x, bool) or not isinstance(x, (int, float)):
            raise TypeError("%s[%d]: expected a number (an int or a float), got %s"
                            % (name, k, describe(x)))
        if not finite_number(x):
            raise ValueError("%s[%d]: expected a finite number, got %s" % (name, k, describe(x)))
    return len(v)


def as_float(x):
    """The int or float x as a plain float: ``float(x)``, which also turns a float subclass (NumPy's
    float64) into a float; MicroPython's float() cannot convert a subclass, but x + 0.0 does."""
    try:
        return float(x)
    except TypeError:
        return x + 0.0


def finite_number(x):
    """True when the int or float x is finite as a double: an int too large for a double (10**400)
    is not, where ``bits.finite`` alone would say it is (x − x = 0 for every int)."""
    try:
        return finite(as_float(x))
    except OverflowError:
        return False


def describe(x):
    """x for a message: its repr, shortened for a huge int, with the type named when it is not a
    plain int or float (``np.float32(0.5) (numpy.float32)``)."""
    s = repr(x)
    if isinstance(x, int) and len(s) > 30:
        s = "%s...%s (an integer of %d digits)" % (s[:12], s[-6:], len(s))
    module = getattr(type(x), "__module__", "builtins")
    if module != "builtins" and type(x) is not float:
        s = "%s (%s.%s)" % (s, module, type(x).__name__)
    return s


def shape(m, name="matrix"):
    """(rows, columns) of a rectangular matrix of finite numbers; a clear error otherwise."""
    if not isinstance(m, (list, tuple)) or len(m) == 0:
        raise ValueError("%s: expected a non-empty list of rows" % name)
    cols = check_vector(m[0], "%s[0]" % name)
    if cols == 0:
        raise ValueError("%s: expected at least one column" % name)
    for i in range(1, len(m)):
        n = check_vector(m[i], "%s[%d]" % (name, i))
        if n != cols:
            raise ValueError("%s[%d]: expected %s, got %d (ragged matrix)"
                             % (name, i, count(cols, "number"), n))
    return len(m), cols
