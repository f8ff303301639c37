"""What must give the same bits on every interpreter: exp, expm1, tanh, log, log1p and a seeded PRNG.

Also ``finite(x)``, the one test for a finite number that the core and the tools share.

Why these are purenet's own
---------------------------
``+ - * /`` and ``math.sqrt`` are correctly rounded by IEEE 754, so the same operations in the
same order give the same bits on CPython, PyPy, MicroPython and Pyodide. ``math.exp`` and
``math.tanh`` are not: they come from each platform's C maths library, and the WebAssembly builds
(MicroPython and Pyodide) differ from CPython/PyPy by 1 ulp on a few arguments in a thousand
(e.g. ``exp(11.013362366246696)``); ``math.log`` on about 1 in 4,000 arguments in (0,
 1). The ``random`` module's sequences differ too (MicroPython's
``random.seed(n)`` is not CPython's Mersenne Twister). So this module computes them from basic
operations only.

Elementary functions (ports of fdlibm 5.3, Sun Microsystems, 1993)
------------------------------------------------------------------
``exp`` ports ``e_exp.c``, ``expm1`` ports ``s_expm1.c``, ``tanh`` ports ``s_tanh.c``, ``log``
ports ``e_log.c`` and ``log1p`` ports ``s_log1p.c`` from fdlibm (http://www.netlib.org/fdlibm/).
The C code reads and writes the high 32-bit word of a double; here each high-word test
``hx < 0xHHHHHHHH`` becomes the exactly equivalent float comparison ``|x| < d(0xHHHHHHHH, 0)`` and
each exponent update ``__HI(y) += k << 20`` becomes ``math.ldexp(y, k)`` (exact, because y is
normal and so is the result); ``log`` and ``log1p`` read and write the words with ``struct``. Only
``+ - * /``, comparisons, ``int()`` (truncation), ``math.ldexp`` and ``struct`` are used, so the
result has the same bits everywhere. The constants are built from fdlibm's hexadecimal bit
patterns (``_d``), not parsed from decimal text.

Measured accuracy (tests/test_bits.py): against correctly rounded values, at most 1 ulp for
``exp``, ``expm1``, ``log`` and ``log1p``, 2 ulps for ``tanh`` (fdlibm's bound is < 1 ulp for exp,
expm1, log and log1p).

PRNG: SplitMix64 (Sebastiano Vigna, 2015, http://prng.di.unimi.it/splitmix64.c)
-------------------------------------------------------------------------------
The state is one unsigned 64-bit integer ``s`` (all arithmetic modulo 2**64)::

    seed:       s = seed mod 2**64               (seed: any int; negative ints two's complement)
    next_u64:   s = s + 0x9E3779B97F4A7C15
                z = s
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
                z = (z ^ (z >> 27)) * 0x94D049BB133111EB
                return z ^ (z >> 31)
    random:     (next_u64() >> 11) * 2**-53        (a double in [0, 1), 53 random bits)
    uniform:    a + (b - a) * random()              (evaluated exactly in this order)
    randbelow:  n in [1, 2**64]; limit = 2**64 - (2**64 mod n)
                repeat x = next_u64() until x < limit; return x mod n   (unbiased)
    shuffle:    for i = len-1 down to 1: j = randbelow(i + 1); swap items i and j

A C port: ``uint64_t`` arithmetic with the same constants; ``limit`` is ``-(2**64 mod n)`` in
uint64 (``(0 - n) % n`` gives ``2**64 mod n``), with ``n == 2**64`` meaning "no rejection".
A JavaScript port: ``BigInt`` with ``& 0xFFFFFFFFFFFFFFFFn`` after each multiply and add.
The first outputs are checked against a C program (``interpreters/reference/splitmix64.c``).
MicroPython's arbitrary-precision integers (the default "long long" is not enough; the WebAssembly
port has MPZ long ints) run this exactly; each multiply is masked with ``& 0xFFFFFFFFFFFFFFFF``.
"""
import math
import struct

_MASK64 = 0xFFFFFFFFFFFFFFFF


def _d(hi, lo):
    """The double whose IEEE 754 bit pattern is the 32-bit words (hi, lo), as fdlibm writes them."""
    return struct.unpack("<d", struct.pack("<II", lo, hi))[0]


_INF = _d(0x7FF00000, 0)

# e_exp.c / s_expm1.c constants (fdlibm's hexadecimal patterns)
_O_THRESHOLD = _d(0x40862E42, 0xFEFA39EF)   # 7.09782712893383973096e+02: above, exp overflows
_U_THRESHOLD = _d(0xC0874910, 0xD52D3051)   # -7.45133219101941108420e+02: below, exp is 0
_LN2_HI = _d(0x3FE62E42, 0xFEE00000)        # 6.93147180369123816490e-01 (k*LN2_HI exact)
_LN2_LO = _d(0x3DEA39EF, 0x35793C76)        # 1.90821492927058770002e-10
_INVLN2 = _d(0x3FF71547, 0x652B82FE)        # 1.44269504088896338700e+00
_TWOM1000 = _d(0x01700000, 0)               # 2**-1000
_P1 = _d(0x3FC55555, 0x5555553E)            # 1.66666666666666019037e-01
_P2 = _d(0xBF66C16C, 0x16BEBD93)            # -2.77777777770155933842e-03
_P3 = _d(0x3F11566A, 0xAF25DE2C)            # 6.61375632143793436117e-05
_P4 = _d(0xBEBBBD41, 0xC5D26BF1)            # -1.65339022054652515390e-06
_P5 = _d(0x3E663769, 0x72BEA4D0)            # 4.13813679705723846039e-08
_Q1 = _d(0xBFA11111, 0x111110F4)            # -3.33333333333331316428e-02
_Q2 = _d(0x3F5A01A0, 0x19FE5585)            # 1.58730158725481460165e-03
_Q3 = _d(0xBF14CE19, 0x9EAADBB7)            # -7.93650757867487942473e-05
_Q4 = _d(0x3ED0CFCA, 0x86E65239)            # 4.00821782732936239552e-06
_Q5 = _d(0xBE8AFDB7, 0x6E09C32D)            # -2.01099218183624371326e-07
# e_log.c constants
_TWO54 = _d(0x43500000, 0)                  # 2**54
_THIRD = _d(0x3FD55555, 0x55555555)         # 0.33333333333333333 (1/3 rounded)
_LG1 = _d(0x3FE55555, 0x55555593)           # 6.666666666666735130e-01
_LG2 = _d(0x3FD99999, 0x9997FA04)           # 3.999999999940941908e-01
_LG3 = _d(0x3FD24924, 0x94229359)           # 2.857142874366239149e-01
_LG4 = _d(0x3FCC71C5, 0x1D8E78AF)           # 2.222219843214978396e-01
_LG5 = _d(0x3FC74664, 0x96CB03DE)           # 1.818357216161805012e-01
_LG6 = _d(0x3FC39A09, 0xD078C69F)           # 1.531383769920937332e-01
_LG7 = _d(0x3FC2F112, 0xDF3E5244)           # 1.479819860511658591e-01
# fdlibm's high-word thresholds as doubles (low word 0)
_HALF_LN2_UP = _d(0x3FD62E43, 0)     # hx > 0x3fd62e42  <=>  |x| >= this  (|x| > 0.5 ln2)
_THREEHALF_LN2 = _d(0x3FF0A2B2, 0)   # hx < 0x3FF0A2B2  <=>  |x| < this   (|x| < 1.5 ln2)
_TWO_M28 = _d(0x3E300000, 0)         # 2**-28
_TWO_M54 = _d(0x3C900000, 0)         # 2**-54
_TWO_M55 = _d(0x3C800000, 0)         # 2**-55
_LN2_56 = _d(0x4043687A, 0)          # hx >= 0x4043687A  <=>  |x| >= this (about 56 ln2)
_TWO_M53 = _d(0x3CA00000, 0)         # 2**-53: random() = (next_u64() >> 11) * 2**-53
# s_log1p.c: its polynomial Lp1..Lp7 has the coefficients of e_log.c's Lg1..Lg7 (same patterns)
_SQRT2_M1 = _d(0x3FDA827A, 0)        # hx < 0x3FDA827A  <=>  x < this (about 0.41422 = sqrt(2) - 1)
_ONE_M_SQRT2_HALF = _d(0x3FD2BEC4, 0)   # hx <= 0xbfd2bec3 (x < 0)  <=>  -x < this (about 0.29289)
_TWO_M29 = _d(0x3E200000, 0)         # 2**-29
_TWO53 = _d(0x43400000, 0)           # 2**53: above, 1 + x is x and no correction term is needed
_TWO_THIRDS = _d(0x3FE55555, 0x55555555)   # the C literal 0.66666666666666666


def finite(x):
    """True when the number x is finite: x − x is 0 for every finite x, NaN for ±inf and NaN."""
    return x - x == 0.0


def _reduce(x, ax):
    """(k, hi, lo) with x = k·ln2 + (hi − lo), |hi − lo| <= 0.5·ln2, for |x| = ax >= 0.5·ln2: the
    Cody-Waite reduction that fdlibm's e_exp.c and s_expm1.c share. ln2 = LN2_HI + LN2_LO, where
    LN2_HI has trailing zero bits so that k·LN2_HI is exact; k = ±1 below 1.5·ln2."""
    if ax < _THREEHALF_LN2:
        if x < 0.0:
            return -1, x + _LN2_HI, -_LN2_LO
        return 1, x - _LN2_HI, _LN2_LO
    k = int(_INVLN2 * x + (-0.5 if x < 0.0 else 0.5))
    t = float(k)
    return k, x - t * _LN2_HI, t * _LN2_LO


def exp(x):
    """e**x, bit-identical everywhere (port of fdlibm e_exp.c).

    Method: (1) range reduction: x = k*ln2 + r with |r| <= 0.5*ln2, k = int(x/ln2 +- 1/2);
    ln2 is split Cody-Waite style as LN2_HI + LN2_LO, where LN2_HI has trailing zero bits so
    that k*LN2_HI is exact, and r is carried as hi - lo = (x - k*LN2_HI) - k*LN2_LO.
    (2) On [0, 0.34658] exp(r) is approximated through R(r**2) = r*(exp(r)+1)/(exp(r)-1), a
    degree-5 Remez polynomial in r**2: c = r - r**2*(P1 + r**2*(P2 + ... + r**2*P5)), and
    exp(r) = 1 + 2r/(2 - c) = 1 - ((lo - (r*c)/(2 - c)) - hi).
    (3) exp(x) = 2**k * exp(r), by ldexp (via 2**(k+1000) * 2**-1000 when the result is
    subnormal, so that the only rounding is one IEEE multiply). Error < 1 ulp (fdlibm).
    Edges as ``math.exp``: nan -> nan, +inf -> inf, -inf -> 0.0, x > 709.782712893384 raises
    OverflowError, x < -745.1332191019411 -> 0.0, |x| < 2**-28 -> 1 + x.
    """
    if x != x:
        return x
    if x > _O_THRESHOLD:
        if x == _INF:
            return x
        raise OverflowError("math range error")
    if x < _U_THRESHOLD:
        return 0.0
    ax = -x if x < 0.0 else x
    if ax >= _HALF_LN2_UP:
        k, hi, lo = _reduce(x, ax)
        x = hi - lo
    elif ax < _TWO_M28:
        return 1.0 + x
    else:
        k = 0
    t = x * x
    c = x - t * (_P1 + t * (_P2 + t * (_P3 + t * (_P4 + t * _P5))))
    if k == 0:
        return 1.0 - ((x * c) / (c - 2.0) - x)
    y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi)
    if k >= -1021:
        return math.ldexp(y, k)
    return math.ldexp(y, k + 1000) * _TWOM1000


def expm1(x):
    """e**x - 1, accurate near 0, bit-identical everywhere (port of fdlibm s_expm1.c).

    Method: x = k*ln2 + r (same Cody-Waite reduction as ``exp``, keeping the rounding error of
    hi - lo in c). On [-0.34658, 0.34658] with hfx = r/2, hxs = r*hfx,
    R1 = 1 + hxs*(Q1 + hxs*(Q2 + ... + hxs*Q5)) (Remez, error < 2**-61), t = 3 - R1*hfx,
    e = hxs*((R1 - t)/(6 - r*t)) and expm1(r) = r - (r*e - hxs); then
    expm1(x) = 2**k * (expm1(r) + 1) - 1, arranged per k to avoid cancellation (fdlibm).
    Edges: nan -> nan, +inf -> inf, -inf -> -1.0, x > 709.782712893384 raises OverflowError,
    x <= -56*ln2 -> -1.0, |x| < 2**-54 -> x. Error < 1 ulp (fdlibm).
    """
    if x != x:
        return x
    ax = -x if x < 0.0 else x
    if ax >= _LN2_56:
        if x > _O_THRESHOLD:
            if x == _INF:
                return x
            raise OverflowError("math range error")
        if x < 0.0:
            return -1.0
    if ax >= _HALF_LN2_UP:
        k, hi, lo = _reduce(x, ax)
        x = hi - lo
        c = (hi - x) - lo
    elif ax < _TWO_M54:
        return x
    else:
        k = 0
        c = 0.0
    hfx = 0.5 * x
    hxs = x * hfx
    r1 = 1.0 + hxs * (_Q1 + hxs * (_Q2 + hxs * (_Q3 + hxs * (_Q4 + hxs * _Q5))))
    t = 3.0 - r1 * hfx
    e = hxs * ((r1 - t) / (6.0 - x * t))
    if k == 0:
        return x - (x * e - hxs)
    e = x * (e - c) - c
    e -= hxs
    if k == -1:
        return 0.5 * (x - e) - 0.5
    if k == 1:
        if x < -0.25:
            return -2.0 * (e - (x + 0.5))
        return 1.0 + 2.0 * (x - e)
    if k <= -2 or k > 56:
        y = 1.0 - (e - x)
        return math.ldexp(y, k) - 1.0
    if k < 20:
        t = 1.0 - math.ldexp(1.0, -k)     # fdlibm: __HI(t) = 0x3ff00000 - (0x200000 >> k)
        y = t - (e - x)
    else:
        t = math.ldexp(1.0, -k)           # fdlibm: __HI(t) = (0x3ff - k) << 20
        y = x - (e + t)
        y += 1.0
    return math.ldexp(y, k)


def log(x):
    """Natural logarithm, bit-identical everywhere (port of fdlibm e_log.c).

    Method: (1) x = 2**k * (1 + f) with sqrt(2)/2 < 1 + f < sqrt(2): k and 1 + f come from x's
    exponent and significand, read and written with ``struct`` as fdlibm does with its high word.
    (2) With s = f/(2 + f), log(1 + f) = log(1 + s) - log(1 - s) = 2s + s*R(s**2), where
    R(z) = Lg1*z + Lg2*z**2 + ... + Lg7*z**7 is a Remez polynomial on [0, 0.1716] (error
    < 2**-58.45); log(1 + f) = f - (hfsq - s*(hfsq + R)) with hfsq = f*f/2 (or f - s*(f - R)).
    (3) log(x) = k*LN2_HI + (f - (hfsq - (s*(hfsq + R) + k*LN2_LO))), the Cody-Waite split of ln2
    of ``exp`` (k*LN2_HI is exact for |k| < 2000). Error < 1 ulp (fdlibm).
    Edges as ``math.log``: nan -> nan, +inf -> inf, x <= 0 (and -inf) raises ValueError.
    ``math.log`` itself is not bit-identical: the WebAssembly libm differs from glibc by 1 ulp on
    about 1 in 4,000 arguments in (0, 1) (e.g. log(0.9170634409567083)).
    """
    if x != x:
        return x
    if x <= 0.0:
        raise ValueError("math domain error")
    lx, hx = struct.unpack("<II", struct.pack("<d", x))
    k = 0
    if hx < 0x00100000:                     # subnormal: scale up by 2**54
        k = -54
        x *= _TWO54
        lx, hx = struct.unpack("<II", struct.pack("<d", x))
    if hx >= 0x7FF00000:
        return x + x                        # +inf
    k += (hx >> 20) - 1023
    hx &= 0x000FFFFF
    i = (hx + 0x95F64) & 0x100000
    x = struct.unpack("<d", struct.pack("<II", lx, hx | (i ^ 0x3FF00000)))[0]   # x or x/2
    k += i >> 20
    f = x - 1.0
    if (0x000FFFFF & (2 + hx)) < 3:         # |f| < 2**-20
        if f == 0.0:
            if k == 0:
                return 0.0
            dk = float(k)
            return dk * _LN2_HI + dk * _LN2_LO
        R = f * f * (0.5 - _THIRD * f)
        if k == 0:
            return f - R
        dk = float(k)
        return dk * _LN2_HI - ((R - dk * _LN2_LO) - f)
    s = f / (2.0 + f)
    dk = float(k)
    z = s * s
    i = hx - 0x6147A
    w = z * z
    j = 0x6B851 - hx
    t1 = w * (_LG2 + w * (_LG4 + w * _LG6))
    t2 = z * (_LG1 + w * (_LG3 + w * (_LG5 + w * _LG7)))
    i |= j
    R = t2 + t1
    if i > 0:
        hfsq = 0.5 * f * f
        if k == 0:
            return f - (hfsq - s * (hfsq + R))
        return dk * _LN2_HI - ((hfsq - (s * (hfsq + R) + dk * _LN2_LO)) - f)
    if k == 0:
        return f - s * (f - R)
    return dk * _LN2_HI - ((s * (f - R) - dk * _LN2_LO) - f)


def _set_high(x, hi):
    """x with its high 32-bit word replaced by hi (fdlibm's ``__HI(x) = hi``)."""
    lo = struct.unpack("<II", struct.pack("<d", x))[0]
    return struct.unpack("<d", struct.pack("<II", lo, hi))[0]


def _high(x):
    """The high 32-bit word of x (fdlibm's ``__HI(x)``), unsigned."""
    return struct.unpack("<II", struct.pack("<d", x))[1]


def log1p(x):
    """log(1 + x), accurate near 0, bit-identical everywhere (port of fdlibm s_log1p.c).

    Method: (1) 1 + x = 2**k * (1 + f) with sqrt(2)/2 < 1 + f < sqrt(2). For -0.2929 < x < 0.41422,
    k = 0 and f = x exactly; otherwise u = 1 + x is rounded, so the correction c = ((1 + x) - u)/u
    (c = 0 above 2**53) is added back, and k and 1 + f come from u's exponent and significand,
    read and written with ``struct`` as fdlibm does with its high word. (2) With s = f/(2 + f),
    log(1 + f) = 2s + s*R(s**2), R the Remez polynomial of ``log`` (error < 2**-58.45), computed as
    f - (hfsq - s*(hfsq + R)), hfsq = f*f/2; for |f| < 2**-20 a shorter series. (3) log1p(x) =
    k*LN2_HI + (f - (hfsq - (s*(hfsq + R) + (k*LN2_LO + c)))). Error < 1 ulp (fdlibm).
    Edges as ``math.log1p``: nan -> nan, +inf -> inf, -0.0 -> -0.0, |x| < 2**-54 -> x, x <= -1
    (and -inf) raises ValueError.
    """
    if x != x:
        return x
    k = 1
    hu = 0
    if x < _SQRT2_M1:                       # hx < 0x3FDA827A: x < 0.41422
        ax = -x if x < 0.0 else x
        if ax >= 1.0:                       # x <= -1: fdlibm gives -inf at -1 and NaN below
            raise ValueError("math domain error")
        if ax < _TWO_M29:
            if ax < _TWO_M54:
                return x
            return x - x * x * 0.5
        if x > 0.0 or ax < _ONE_M_SQRT2_HALF:     # -0.2929 < x < 0.41422
            k = 0
            f = x
            hu = 1
    if x == _INF:
        return x + x
    if k != 0:
        if x < _TWO53:
            u = 1.0 + x
            hu = _high(u)
            k = (hu >> 20) - 1023
            c = 1.0 - (u - x) if k > 0 else x - (u - 1.0)     # correction term
            c /= u
        else:
            u = x
            hu = _high(u)
            k = (hu >> 20) - 1023
            c = 0.0
        hu &= 0x000FFFFF
        if hu < 0x6A09E:
            u = _set_high(u, hu | 0x3FF00000)                 # normalize u
        else:
            k += 1
            u = _set_high(u, hu | 0x3FE00000)                 # normalize u/2
            hu = (0x00100000 - hu) >> 2
        f = u - 1.0
    hfsq = 0.5 * f * f
    if hu == 0:                             # |f| < 2**-20
        dk = float(k)
        if f == 0.0:
            if k == 0:
                return 0.0
            c += dk * _LN2_LO
            return dk * _LN2_HI + c
        R = hfsq * (1.0 - _TWO_THIRDS * f)
        if k == 0:
            return f - R
        return dk * _LN2_HI - ((R - (dk * _LN2_LO + c)) - f)
    s = f / (2.0 + f)
    z = s * s
    R = z * (_LG1 + z * (_LG2 + z * (_LG3 + z * (_LG4 + z * (_LG5 + z * (_LG6 + z * _LG7))))))
    if k == 0:
        return f - (hfsq - s * (hfsq + R))
    dk = float(k)
    return dk * _LN2_HI - ((hfsq - (s * (hfsq + R) + (dk * _LN2_LO + c))) - f)


def tanh(x):
    """Hyperbolic tangent, bit-identical everywhere (port of fdlibm s_tanh.c).

    Method, for |x| (the sign is restored at the end, tanh is odd):
    |x| < 2**-55: tanh(x) = x*(1 + x) (= x, rounded);
    2**-55 <= |x| < 1: t = expm1(-2|x|), tanh = -t/(t + 2);
    1 <= |x| < 22: t = expm1(2|x|), tanh = 1 - 2/(t + 2);
    |x| >= 22: tanh = 1.0 (the nearest double to 1 - tiny). tanh(+-inf) = +-1, tanh(nan) = nan.
    Error < 2 ulp by fdlibm's statement; measured at most 1 ulp (tests/test_bits.py).
    """
    if x != x:
        return x
    ax = -x if x < 0.0 else x
    if ax < 22.0:
        if ax < _TWO_M55:
            return x * (1.0 + x)
        if ax >= 1.0:
            t = expm1(2.0 * ax)
            z = 1.0 - 2.0 / (t + 2.0)
        else:
            t = expm1(-2.0 * ax)
            z = -t / (t + 2.0)
    else:
        z = 1.0
    return -z if x < 0.0 else z


class Random:
    """A seeded SplitMix64 generator; the exact algorithm is in the module docstring."""

    __slots__ = ("state",)

    def __init__(self, seed=0):
        """Start from ``seed`` (an int; taken modulo 2**64)."""
        if not isinstance(seed, int) or isinstance(seed, bool):
            raise TypeError("seed must be an int, not %s" % type(seed).__name__)
        self.state = seed & _MASK64

    def next_u64(self):
        """The next 64-bit output (an int in [0, 2**64))."""
        s = (self.state + 0x9E3779B97F4A7C15) & _MASK64
        self.state = s
        z = ((s ^ (s >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
        return z ^ (z >> 31)

    def random(self):
        """A float in [0, 1): the top 53 bits of next_u64() times 2**-53."""
        return (self.next_u64() >> 11) * _TWO_M53

    def uniform(self, a, b):
        """A float a + (b - a) * random(), in [a, b) (or [b, a) when b < a; b itself by rounding)."""
        return a + (b - a) * self.random()

    def randbelow(self, n):
        """An int uniform on [0, n) for 1 <= n <= 2**64, unbiased: rejects x >= 2**64 - 2**64 % n."""
        if not isinstance(n, int) or n < 1 or n > 0x10000000000000000:
            raise ValueError("randbelow needs an int n with 1 <= n <= 2**64, got %r" % (n,))
        limit = 0x10000000000000000 - 0x10000000000000000 % n
        x = self.next_u64()
        while x >= limit:
            x = self.next_u64()
        return x % n

    def shuffle(self, items):
        """Shuffle the list in place (Fisher-Yates from the end: swap i with randbelow(i + 1))."""
        i = len(items) - 1
        while i > 0:
            j = self.randbelow(i + 1)
            items[i], items[j] = items[j], items[i]
            i -= 1
