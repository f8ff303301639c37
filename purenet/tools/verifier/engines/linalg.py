"""Nested lists as matrices: the small linear algebra of ``002``'s "math behind Python".

A vector is a list of floats; a matrix is a list of equal-length rows (``m[i][j]`` is row i,
column j). Every function returns new lists and leaves its arguments alone. Sums are taken left
to right with ``s += x`` (never ``sum()``, which compensates on CPython 3.12+ and so would give
other bits there: see ``docs/portability.md``).

Only the matrix-form engine (``matrix_form.py``: Z = A·W + B) uses these; the core writes its
loops out in the index notation, so a board carries none of this.
"""


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
