"""Nested lists as matrices: the small linear algebra that the documents use.

A vector is a list of floats; a matrix is a list of equal-length rows (``m[i][j]`` is row i,
column j). Every function returns new lists and leaves its arguments alone. Sums are taken left
to right with ``s += x`` (never ``sum()``, which compensates on CPython 3.12+ and so would give
other bits there: see ``docs/portability.md``).

These helpers serve the matrix form of ``002`` ("math behind Python": Z = A·W + B) and the
shape checks of the network; the index-notation engine in ``backprop.py`` writes its loops out.
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


def dot(u, v):
    """u · v = Σ_k u_k v_k, summed left to right."""
    if len(u) != len(v):
        raise ValueError("dot: lengths %d and %d differ" % (len(u), len(v)))
    s = 0.0
    for k in range(len(u)):
        s += u[k] * v[k]
    return s


def transpose(m):
    """(Mᵀ)_ji = M_ij."""
    return [[m[i][j] for i in range(len(m))] for j in range(len(m[0]))]


def matmul(a, b):
    """(A·B)_ij = Σ_k A_ik B_kj, walking the rows of B (the cache-friendly order)."""
    n, inner = len(a), len(b)
    if len(a[0]) != inner:
        raise ValueError("matmul: %d×%d · %d×%d does not chain" % (n, len(a[0]), inner, len(b[0])))
    cols = len(b[0])
    out = []
    for i in range(n):
        row = [0.0] * cols
        a_i = a[i]
        for k in range(inner):
            a_ik = a_i[k]
            b_k = b[k]
            for j in range(cols):
                row[j] += a_ik * b_k[j]
        out.append(row)
    return out


def matvec(m, v):
    """(M·v)_i = Σ_j M_ij v_j."""
    if len(m[0]) != len(v):
        raise ValueError("matvec: %d×%d · %d does not chain" % (len(m), len(m[0]), len(v)))
    return [dot(row, v) for row in m]


def _same_shape(a, b, what):
    if len(a) != len(b) or (a and isinstance(a[0], list)
                            and any(len(a[i]) != len(b[i]) for i in range(len(a)))):
        raise ValueError("%s: shapes differ" % what)


def add(a, b):
    """Elementwise a + b, for vectors or matrices of the same shape."""
    _same_shape(a, b, "add")
    if a and isinstance(a[0], list):
        return [add(a[i], b[i]) for i in range(len(a))]
    return [a[k] + b[k] for k in range(len(a))]


def subtract(a, b):
    """Elementwise a − b."""
    _same_shape(a, b, "subtract")
    if a and isinstance(a[0], list):
        return [subtract(a[i], b[i]) for i in range(len(a))]
    return [a[k] - b[k] for k in range(len(a))]


def scale(c, a):
    """c · a for a number c and a vector or matrix a."""
    if a and isinstance(a[0], list):
        return [scale(c, row) for row in a]
    return [c * x for x in a]


def hadamard(a, b):
    """Elementwise (Hadamard) product a ⊙ b, written ``□`` in 002's matrix form."""
    _same_shape(a, b, "hadamard")
    if a and isinstance(a[0], list):
        return [hadamard(a[i], b[i]) for i in range(len(a))]
    return [a[k] * b[k] for k in range(len(a))]
