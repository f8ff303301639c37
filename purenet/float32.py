"""exp, expm1, log and tanh for interpreters whose floats are IEEE singles (binary32).

MicroPython on the rp2, esp32 and nrf ports (a Raspberry Pi Pico, an ESP32, a micro:bit v2) is
built with ``MICROPY_FLOAT_IMPL_FLOAT``: every Python float is a 32-bit IEEE single and every
``+ - * /`` rounds to 24 significant bits. The double-precision ports in ``bits.py`` are wrong
there (their constants and thresholds are doubles: ``exp(-66.1)`` came out 2**32 ulps off), so
``bits.py`` imports this module instead when it finds single precision (``bits.DIGITS == 24``);
purenet's code calls ``bits.exp`` and friends either way. Nothing here is used on a double
interpreter, where the arithmetic below would not round to singles.

Ports of fdlibm's float versions as FreeBSD's msun keeps them (Sun Microsystems 1993; conversion to
float by Ian Lance Taylor, Cygnus Support; the shorter Remez polynomials of FreeBSD 2008-2012):
``exp`` ports ``e_expf.c``, ``expm1`` ``s_expm1f.c``, ``log`` ``e_logf.c``, ``log1p``
``s_log1pf.c`` and ``tanh`` ``s_tanhf.c``. Their methods are those of the double versions (see
``bits.py``: Cody-Waite reduction x = k·ln2 + r, a Remez polynomial on |r| <= 0.5·ln2, scaling by
2**k; log from s = f/(2 + f)), with single-precision constants, given here by their bit patterns
(``_f``) or as FreeBSD writes them (hexadecimal significand × power of two, exact), and
single-precision thresholds: exp overflows above 88.72283 (``_LN_MAX``: ln of the largest single is
88.7228391) and is 0 below −103.97208, tanh is ±1 from |x| = 9 on. The C code's tests of the bits
of |x| (``hx < 0x3F851592``) are the exactly equivalent comparisons of |x| with the single whose
bits those are; ``SET_FLOAT_WORD(twopk, ...)`` (2**k) is ``math.ldexp(1.0, k)``, exact. Only
``+ - * /``, comparisons, ``int()``, ``math.ldexp`` and ``struct`` are used, and IEEE single
``+ - * /`` are correctly rounded on every float32 board, so the bits are the same on all of them.

Accuracy (tests/test_bits.py on the float32 build; docs/portability.md): at most 1 ulp (of a
single) from the correctly rounded single for exp, expm1 and log, 2 for tanh (measured against the
exact values: 0.81, 0.74, 0.78, 1.91 ulps; log1p 0.75); the same bits as
FreeBSD's C functions (gcc, x86-64 SSE, no fused multiply-add) on tens of thousands of arguments.
Edges as the double versions: nan -> nan, exp(+inf) = inf, exp(−inf) = 0, exp raises
OverflowError above 88.72283, log raises ValueError for x <= 0, tanh(±inf) = ±1.
"""
import math
import struct


def _f(bits):
    """The single whose IEEE 754 bit pattern is the 32-bit integer ``bits``."""
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def _bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


_INF = _f(0x7F800000)
_LN_MAX = _f(0x42B17218)          # 88.72283935546875: hx >= 0x42b17218, exp overflows
_U_THRESHOLD = _f(0xC2CFF1B5)     # -103.97208404541016: below, exp is 0
_LN2HI_E = _f(0x3F317200)         # 0.693145751953125   (e_expf.c: k*ln2HI exact for |k| < 2**9)
_LN2LO_E = _f(0x35BFBE8E)         # 1.428606765330187e-06
_LN2_HI = _f(0x3F317180)          # 0.6931381225585938  (s_expm1f.c, e_logf.c)
_LN2_LO = _f(0x3717F7D1)          # 9.05800061445916e-06
_INVLN2 = _f(0x3FB8AA3B)          # 1.4426950216293335
_HALF_LN2 = _f(0x3EB17218)        # hx > 0x3eb17218  <=>  |x| > this (0.5 ln2)
_THREEHALF_LN2 = _f(0x3F851592)   # hx < 0x3F851592  <=>  |x| < this (1.5 ln2)
_TWO_M28 = _f(0x31800000)         # 2**-28
_TWO_M25 = _f(0x33000000)         # 2**-25
_LN2_27 = _f(0x4195B844)          # 27·ln2 = 18.71497344970703: below -this, expm1 is -1
_TWO_M12 = _f(0x39800000)         # 2**-12
_TWO25 = _f(0x4C000000)           # 2**25
_TWO_M100 = _f(0x0D800000)        # 2**-100
_TWO_127 = _f(0x7F000000)         # 2**127
_THIRD = _f(0x3EAAAAAB)           # (float)0.33333333333333333
# e_expf.c: |x*(exp(x)+1)/(exp(x)-1) - p(x)| < 2**-27.74 on [-0.34568, 0.34568]
_P1 = math.ldexp(0xAAAA8F, -26)   # 1.6666625440e-1
_P2 = -math.ldexp(0xB55215, -32)  # -2.7667332906e-3
# s_expm1f.c: |6/x*(1 + 2*(1/(exp(x) - 1) - 1/x)) - q(x)| < 2**-30.04
_Q1 = -math.ldexp(0x888868, -28)  # -3.3333212137e-2
_Q2 = math.ldexp(0xCF3010, -33)   # 1.5807170421e-3
_SQRT2_M1 = _f(0x3ED413D0)        # log1p: x < this (1 + x < sqrt(2)) keeps k = 0 or is small
_ONE_M_SQRT2_HALF = _f(0x3E95F619)   # log1p: -x <= this (1 + x >= sqrt(2)/2): k = 0
_TWO_M15 = _f(0x38000000)         # 2**-15
_TWO_M24 = _f(0x33800000)         # 2**-24
_TWO53 = _f(0x5A000000)           # 2**53: above, 1 + x is x
_TWO_THIRDS = _f(0x3F2AAAAB)      # (float)0.66666666666666666
# s_log1pf.c: the polynomial of the old e_logf.c, Lp1 ... Lp7
_LP = [_f(b) for b in (0x3F2AAAAB, 0x3ECCCCCD, 0x3E924925, 0x3E638E29, 0x3E3A3325, 0x3E1CD04F, 0x3E178897)]
# e_logf.c: |(log(1+s) - log(1-s))/s - Lg(s)| < 2**-34.24
_LG1 = math.ldexp(0xAAAAAA, -24)  # 0.66666662693
_LG2 = math.ldexp(0xCCCE13, -25)  # 0.40000972152
_LG3 = math.ldexp(0x91E9EE, -25)  # 0.28498786688
_LG4 = math.ldexp(0xF89E26, -26)  # 0.24279078841


def _reduce(x, ax, ln2_hi, ln2_lo):
    """(k, hi, lo) with x = k·ln2 + (hi − lo) for |x| = ax > 0.5·ln2 (e_expf.c, s_expm1f.c)."""
    if ax < _THREEHALF_LN2:
        if x < 0.0:
            return -1, x + ln2_hi, -ln2_lo
        return 1, x - ln2_hi, ln2_lo
    k = int(_INVLN2 * x + (-0.5 if x < 0.0 else 0.5))
    t = float(k)
    return k, x - t * ln2_hi, t * ln2_lo


def _scale(y, k):
    """y·2**k for the k of exp and expm1 (at most 128): one IEEE multiply, as the C code does."""
    if k == 128:
        return y * 2.0 * _TWO_127
    if k >= -125:
        return y * math.ldexp(1.0, k)
    return y * math.ldexp(1.0, k + 100) * _TWO_M100


def exp(x):
    """e**x in single precision (port of FreeBSD msun's e_expf.c): x = k·ln2 + r, |r| <= 0.5·ln2;
    c = r − r²(P1 + r²P2); exp(r) = 1 − ((lo − r·c/(2 − c)) − hi); times 2**k."""
    if x != x:
        return x
    ax = -x if x < 0.0 else x
    if ax >= _LN_MAX:
        if x > 0.0:
            if x == _INF:
                return x
            raise OverflowError("math range error")
        if x < _U_THRESHOLD:
            return 0.0
    if ax > _HALF_LN2:
        k, hi, lo = _reduce(x, ax, _LN2HI_E, _LN2LO_E)
        x = hi - lo
    elif ax < _TWO_M28:
        return 1.0 + x
    else:
        k = 0
    t = x * x
    c = x - t * (_P1 + t * _P2)
    if k == 0:
        return 1.0 - ((x * c) / (c - 2.0) - x)
    y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi)
    return _scale(y, k)


def expm1(x):
    """e**x − 1 in single precision, accurate near 0 (port of FreeBSD msun's s_expm1f.c)."""
    if x != x:
        return x
    ax = -x if x < 0.0 else x
    if ax >= _LN2_27:
        if x > 0.0:
            if ax >= _LN_MAX:
                if x == _INF:
                    return x
                raise OverflowError("math range error")
        else:
            return -1.0
    if ax > _HALF_LN2:
        k, hi, lo = _reduce(x, ax, _LN2_HI, _LN2_LO)
        x = hi - lo
        c = (hi - x) - lo
    elif ax < _TWO_M25:
        return x
    else:
        k = 0
        c = 0.0
    hfx = 0.5 * x
    hxs = x * hfx
    r1 = 1.0 + hxs * (_Q1 + hxs * _Q2)
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
        return _scale(1.0 - (e - x), k) - 1.0
    if k < 23:
        y = (1.0 - math.ldexp(1.0, -k)) - (e - x)     # C: SET_FLOAT_WORD(t, 0x3f800000 - (0x1000000 >> k))
    else:
        y = x - (e + math.ldexp(1.0, -k))             # C: SET_FLOAT_WORD(t, (0x7f - k) << 23)
        y += 1.0
    return y * math.ldexp(1.0, k)


def log(x):
    """Natural logarithm in single precision (port of FreeBSD msun's e_logf.c): x = 2**k·(1 + f),
    s = f/(2 + f), log(1 + f) = f − (hfsq − s·(hfsq + R)), R = Lg1·s² + … + Lg4·s⁸."""
    if x != x:
        return x
    if x <= 0.0:
        raise ValueError("math domain error")
    ix = _bits(x)
    k = 0
    if ix < 0x00800000:                     # subnormal: scale up by 2**25
        k = -25
        x *= _TWO25
        ix = _bits(x)
    if ix >= 0x7F800000:
        return x + x                        # +inf
    k += (ix >> 23) - 127
    ix &= 0x007FFFFF
    i = (ix + (0x95F64 << 3)) & 0x800000
    x = _f(ix | (i ^ 0x3F800000))           # x or x/2
    k += i >> 23
    f = x - 1.0
    if (0x007FFFFF & (0x8000 + ix)) < 0xC000:   # -2**-9 <= f < 2**-9
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
    i = ix - (0x6147A << 3)
    w = z * z
    j = (0x6B851 << 3) - ix
    t1 = w * (_LG2 + w * _LG4)
    t2 = z * (_LG1 + w * _LG3)
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


def log1p(x):
    """log(1 + x) in single precision, accurate near 0 (port of FreeBSD msun's s_log1pf.c): for
    −0.2929 < x < 0.41421, f = x exactly (k = 0); otherwise u = 1 + x, k and 1 + f from u's bits and
    the rounding of 1 + x carried in c = ((1 + x) − u)/u; then as ``log`` with s = f/(2 + f).
    Edges: nan -> nan, +inf -> inf, |x| < 2**-24 -> x, x <= −1 raises ValueError."""
    if x != x:
        return x
    k = 1
    hu = 0
    if x < _SQRT2_M1:
        ax = -x if x < 0.0 else x
        if ax >= 1.0:                       # x <= -1 (C: -inf at -1, NaN below)
            raise ValueError("math domain error")
        if ax < _TWO_M15:
            if ax < _TWO_M24:
                return x
            return x - x * x * 0.5
        if x > 0.0 or ax <= _ONE_M_SQRT2_HALF:
            k = 0
            f = x
            hu = 1
    if x == _INF:
        return x + x
    if k != 0:
        if x < _TWO53:
            u = 1.0 + x
            hu = _bits(u)
            k = (hu >> 23) - 127
            c = 1.0 - (u - x) if k > 0 else x - (u - 1.0)       # correction term
            c /= u
        else:
            u = x
            hu = _bits(u)
            k = (hu >> 23) - 127
            c = 0.0
        hu &= 0x007FFFFF
        if hu < 0x3504F4:
            u = _f(hu | 0x3F800000)           # normalize u
        else:
            k += 1
            u = _f(hu | 0x3F000000)           # normalize u/2
            hu = (0x00800000 - hu) >> 2
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
    lp = _LP
    R = z * (lp[0] + z * (lp[1] + z * (lp[2] + z * (lp[3] + z * (lp[4] + z * (lp[5] + z * lp[6]))))))
    if k == 0:
        return f - (hfsq - s * (hfsq + R))
    dk = float(k)
    return dk * _LN2_HI - ((hfsq - (s * (hfsq + R) + (dk * _LN2_LO + c))) - f)


def tanh(x):
    """Hyperbolic tangent in single precision (port of FreeBSD msun's s_tanhf.c): x for
    |x| < 2**-12; −t/(t + 2) with t = expm1(−2|x|) below 1; 1 − 2/(t + 2) with t = expm1(2|x|)
    from 1 to 9; ±1 from 9 on (and at ±inf)."""
    if x != x:
        return x
    ax = -x if x < 0.0 else x
    if ax < 9.0:
        if ax < _TWO_M12:
            return x
        if ax >= 1.0:
            t = expm1(2.0 * ax)
            z = 1.0 - 2.0 / (t + 2.0)
        else:
            t = expm1(-2.0 * ax)
            z = -t / (t + 2.0)
    else:
        z = 1.0
    return -z if x < 0.0 else z
