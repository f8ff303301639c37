"""fdlibm's single-precision constants, for interpreters whose floats are IEEE singles (binary32).

MicroPython on the rp2, esp32 and nrf ports (a Raspberry Pi Pico, an ESP32, a micro:bit v2) is
built with ``MICROPY_FLOAT_IMPL_FLOAT``: every Python float is a 32-bit IEEE single and every
``+ - * /`` rounds to 24 significant bits. ``bits.exp``, ``expm1``, ``log`` and ``tanh`` are written
for doubles: with their double constants and thresholds they are wrong there (``exp(-66.1)`` came
out 2**32 ulps off). fdlibm's float versions (Sun Microsystems 1993; conversion to float by Ian
Lance Taylor, Cygnus Support; the shorter Remez polynomials of FreeBSD's msun, 2008-2012:
``e_expf.c``, ``s_expm1f.c``, ``e_logf.c``, ``s_tanhf.c``) follow the same methods step for step,
with other constants, thresholds and word layout. So ``bits.py`` keeps one implementation of each
and, where it finds single precision (``bits.DIGITS == 24``), replaces its constants by
``BINARY32`` below: the singles' polynomials are the doubles' with the missing higher terms 0
(P3 = P4 = P5 = 0 gives t·(P1 + t·P2) exactly: t·0 = 0 and P2 + 0 = P2), the C code's tests of the
bits of |x| (``hx > 0x3eb17218``) become comparisons of |x| with the single whose bits those are
(|x| >= the next single up), and ``log`` reads the single's one 32-bit word where it reads a
double's high word (the thresholds are the double's shifted left by 3). The results are the C
functions' bits (tests/test_bits.py: FreeBSD's C, gcc, x86-64 SSE, no fused multiply-add, on tens
of thousands of arguments), and IEEE single ``+ - * /`` are correctly rounded on every float32
board, so the bits are the same on all of them. Single-precision ranges: exp overflows above
88.72283 (ln of the largest single is 88.7228391) and is 0 below −103.97208; expm1 is −1 below
−27·ln2; tanh is ±1 from |x| = 9 on and x itself below 2**-12.

Accuracy, measured against the exact values (Python's decimal) on the float32 build: at most 0.81,
0.74, 0.78 and 1.91 single ulps for exp, expm1, log and tanh (tests/test_bits.py asserts 1, 1, 1
and 2 against the correctly rounded single).

``log1p`` (a port of ``s_log1pf.c``) is here on its own, ready for the double ``bits.log1p`` of
issue 16, which has to take the same treatment when it lands: bit-identical to the C function on
7,000 singles, at most 0.75 ulp.
"""
import math
import struct


def _f(bits):
    """The single whose IEEE 754 bit pattern is the 32-bit integer ``bits``."""
    return struct.unpack("<f", struct.pack("<I", bits))[0]


def _bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


_INF = _f(0x7F800000)
_U_THRESHOLD = _f(0xC2CFF1B5)     # -103.97208404541016: below, exp is 0
_LN2HI_E = _f(0x3F317200)         # 0.693145751953125   (e_expf.c: k*ln2HI exact for |k| < 2**9)
_LN2LO_E = _f(0x35BFBE8E)         # 1.428606765330187e-06
_LN2_HI = _f(0x3F317180)          # 0.6931381225585938  (s_expm1f.c, e_logf.c)
_LN2_LO = _f(0x3717F7D1)          # 9.05800061445916e-06
_INVLN2 = _f(0x3FB8AA3B)          # 1.4426950216293335
_THREEHALF_LN2 = _f(0x3F851592)   # hx < 0x3F851592  <=>  |x| < this (1.5 ln2)
_TWO_M28 = _f(0x31800000)         # 2**-28
_TWO_M25 = _f(0x33000000)         # 2**-25
_LN2_27 = _f(0x4195B844)          # 27·ln2 = 18.71497344970703: below -this, expm1 is -1
_TWO_M12 = _f(0x39800000)         # 2**-12
_TWO25 = _f(0x4C000000)           # 2**25
_TWO_M100 = _f(0x0D800000)        # 2**-100
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


# What ``bits.py`` replaces where floats are single: its constants' names, the singles' values.
BINARY32 = {
    "_INF": _INF,
    "_O_THRESHOLD": _f(0x42B17217),       # x > this <=> hx >= 0x42b17218 (88.72284): exp overflows
    "_U_THRESHOLD": _U_THRESHOLD,
    "_LN2_HI": _LN2_HI, "_LN2_LO": _LN2_LO,                 # s_expm1f.c, e_logf.c
    "_EXP_LN2_HI": _LN2HI_E, "_EXP_LN2_LO": _LN2LO_E,       # e_expf.c
    "_INVLN2": _INVLN2,
    "_P1": _P1, "_P2": _P2, "_P3": 0.0, "_P4": 0.0, "_P5": 0.0,
    "_Q1": _Q1, "_Q2": _Q2, "_Q3": 0.0, "_Q4": 0.0, "_Q5": 0.0,
    "_THIRD": _THIRD,
    "_LG1": _LG1, "_LG2": _LG2, "_LG3": _LG3, "_LG4": _LG4, "_LG5": 0.0, "_LG6": 0.0, "_LG7": 0.0,
    "_HALF_LN2_UP": _f(0x3EB17219),       # hx > 0x3eb17218 <=> |x| >= this (|x| > 0.5 ln2)
    "_THREEHALF_LN2": _THREEHALF_LN2,
    "_TWO_M28": _TWO_M28,
    "_EXPM1_BIG": _LN2_27, "_EXPM1_TINY": _TWO_M25,
    "_SCALE_KMIN": -125, "_SCALE_BIAS": 100, "_TWO_M_BIAS": _TWO_M100,
    "_EXPM1_KSPLIT": 23,
    "_TANH_ONE": 9.0, "_TANH_TINY": _TWO_M12,
    "_LOG_WORDS": "<II", "_LOG_FLOAT": "<xxxxf",          # (0, the single's word)
    "_LOG_SHIFT": 23, "_LOG_BIAS": 127,
    "_LOG_MANT": 0x007FFFFF, "_LOG_HIDDEN": 0x00800000, "_LOG_ONE": 0x3F800000,
    "_LOG_INF": 0x7F800000,
    "_LOG_SQRT2": 0x95F64 << 3, "_LOG_I": 0x6147A << 3, "_LOG_J": 0x6B851 << 3,
    "_LOG_SMALL_A": 0x8000, "_LOG_SMALL_B": 0xC000,      # -2**-9 <= f < 2**-9
    "_LOG_SUB_BITS": 25, "_LOG_SUB_SCALE": _TWO25,
}
