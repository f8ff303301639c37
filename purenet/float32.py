"""fdlibm's single-precision constants, for interpreters whose floats are IEEE singles (binary32).

MicroPython on the rp2, esp32 and nrf ports (a Raspberry Pi Pico, an ESP32, a micro:bit v2) is
built with ``MICROPY_FLOAT_IMPL_FLOAT``: every Python float is a 32-bit IEEE single and every ``+ -
* /`` rounds to 24 significant bits. ``bits.exp``, ``expm1``, ``log`` and ``tanh`` are written for
doubles: with their double constants and thresholds they are wrong there (``exp(-66.1)`` came out
2**32 ulps off). fdlibm's float versions (Sun Microsystems 1993; conversion to float by Ian Lance
Taylor, Cygnus Support; the shorter Remez polynomials of FreeBSD's msun, 2008-2012: ``e_expf.c``,
``s_expm1f.c``, ``e_logf.c``, ``s_log1pf.c``, ``s_tanhf.c``) follow the same methods step for step, with other
constants, thresholds and word layout. So ``bits.py`` keeps one implementation of each and, where
it finds single precision (``bits.DIGITS == 24``), imports this module, whose code sets ``bits``'s
constants to the singles' values below: the singles' polynomials are the doubles' with the missing
higher terms 0 (P3 = P4 = P5 = 0 gives t·(P1 + t·P2) exactly: t·0 = 0 and P2 + 0 = P2), the C
code's tests of the bits of |x| (``hx > 0x3eb17218``) become comparisons of |x| with the single
whose bits those are (|x| >= the next single up), and ``log`` reads the single's one 32-bit word
where it reads a double's high word (the thresholds are the double's shifted left by 3). The
results are the C functions' bits (tests/test_bits.py: FreeBSD's C, gcc, x86-64 SSE, no fused
multiply-add, on tens of thousands of arguments), and IEEE single ``+ - * /`` are correctly rounded
on every float32 board, so the bits are the same on all of them. Single-precision ranges: exp
overflows above 88.72283 (ln of the largest single is 88.7228391) and is 0 below −103.97208; expm1
is −1 below −27·ln2; tanh is ±1 from |x| = 9 on and x itself below 2**-12.

Accuracy, measured against the exact values (Python's decimal) on the float32 build: at most 0.81,
0.74, 0.78, 0.75 and 1.91 single ulps for exp, expm1, log, log1p and tanh (tests/test_bits.py
asserts 1, 1, 1, 1 and 2 against the correctly rounded single).

Only ``bits.py`` imports this module, only where floats are single, while its own import runs (its
names are defined by then). The module keeps no copy of the values, so that they cost a board's
heap once.
"""
import math
import struct
import sys

_b = sys.modules["purenet.bits"]       # importing this module: its constants are replaced here


def _f(bits):
    """The single whose IEEE 754 bit pattern is the 32-bit integer ``bits``."""
    return struct.unpack("<f", struct.pack("<I", bits))[0]


# bits.py's constants, with the singles' values: from their bit patterns, or as FreeBSD writes them
# (a hexadecimal significand times a power of two, exact)
_b._INF = _f(0x7F800000)
_b._O_THRESHOLD = _f(0x42B17217)        # x > this <=> hx >= 0x42b17218 (88.72284): exp overflows
_b._U_THRESHOLD = _f(0xC2CFF1B5)        # -103.97208404541016: below, exp is 0
_b._LN2_HI = _f(0x3F317180)             # s_expm1f.c, e_logf.c: 0.6931381225585938
_b._LN2_LO = _f(0x3717F7D1)             # 9.05800061445916e-06
_b._EXP_LN2_HI = _f(0x3F317200)         # e_expf.c: 0.693145751953125 (k*ln2HI exact)
_b._EXP_LN2_LO = _f(0x35BFBE8E)         # 1.428606765330187e-06
_b._INVLN2 = _f(0x3FB8AA3B)             # 1.4426950216293335
# e_expf.c: |x*(exp(x)+1)/(exp(x)-1) - p(x)| < 2**-27.74 on [-0.34568, 0.34568]
_b._P1, _b._P2 = math.ldexp(0xAAAA8F, -26), -math.ldexp(0xB55215, -32)
_b._P3 = _b._P4 = _b._P5 = 0.0
# s_expm1f.c: |6/x*(1 + 2*(1/(exp(x) - 1) - 1/x)) - q(x)| < 2**-30.04
_b._Q1, _b._Q2 = -math.ldexp(0x888868, -28), math.ldexp(0xCF3010, -33)
_b._Q3 = _b._Q4 = _b._Q5 = 0.0
_b._THIRD = _f(0x3EAAAAAB)              # (float)0.33333333333333333
# e_logf.c: |(log(1+s) - log(1-s))/s - Lg(s)| < 2**-34.24
_b._LG1, _b._LG2 = math.ldexp(0xAAAAAA, -24), math.ldexp(0xCCCE13, -25)
_b._LG3, _b._LG4 = math.ldexp(0x91E9EE, -25), math.ldexp(0xF89E26, -26)
_b._LG5 = _b._LG6 = _b._LG7 = 0.0
_b._HALF_LN2_UP = _f(0x3EB17219)        # hx > 0x3eb17218 <=> |x| >= this (|x| > 0.5 ln2)
_b._THREEHALF_LN2 = _f(0x3F851592)      # hx < 0x3F851592 <=> |x| < this (|x| < 1.5 ln2)
_b._TWO_M28 = _f(0x31800000)            # 2**-28
_b._EXPM1_BIG = _f(0x4195B844)          # 27·ln2: below -this, expm1 is -1
_b._EXPM1_TINY = _f(0x33000000)         # 2**-25: below, expm1(x) = x
_b._SCALE_KMIN, _b._SCALE_BIAS, _b._TWO_M_BIAS = -125, 100, _f(0x0D800000)    # 2**-100
_b._EXPM1_KSPLIT = 23
_b._TANH_ONE, _b._TANH_TINY = 9.0, _f(0x39800000)                           # 2**-12
_b._LOG_WORDS, _b._LOG_FLOAT = "<II", "<xxxxf"                               # (0, the single's word)
_b._LOG_SHIFT, _b._LOG_BIAS = 23, 127
_b._LOG_MANT, _b._LOG_HIDDEN, _b._LOG_ONE = 0x007FFFFF, 0x00800000, 0x3F800000
_b._LOG_INF = 0x7F800000
_b._LOG_SQRT2, _b._LOG_I, _b._LOG_J = 0x95F64 << 3, 0x6147A << 3, 0x6B851 << 3
_b._LOG_SMALL_A, _b._LOG_SMALL_B = 0x8000, 0xC000                            # -2**-9 <= f < 2**-9
_b._LOG_SUB_BITS, _b._LOG_SUB_SCALE = 25, _f(0x4C000000)                     # 2**25
# s_log1pf.c: the old 7-term polynomial (Lp1..Lp7, not e_logf.c's shorter one)
_b._SQRT2_M1 = _f(0x3ED413D0)           # hx < 0x3ed413d0 <=> x < this (sqrt(2) - 1)
_b._ONE_M_SQRT2_HALF = _f(0x3E95F61A)   # hx <= 0xbe95f619 (x < 0) <=> -x < this (1 - sqrt(2)/2)
_b._LOG1P_SMALL, _b._LOG1P_TINY = _f(0x38000000), _f(0x33800000)            # 2**-15, 2**-24
_b._TWO53 = _f(0x5A000000)              # 2**53
_b._TWO_THIRDS = _f(0x3F2AAAAB)         # (float)0.66666666666666666
_b._LOG_HALF, _b._LOG1P_SQRT2 = 0x3F000000, 0x3504F4
_b._LP1, _b._LP2, _b._LP3, _b._LP4 = _f(0x3F2AAAAB), _f(0x3ECCCCCD), _f(0x3E924925), _f(0x3E638E29)
_b._LP5, _b._LP6, _b._LP7 = _f(0x3E3A3325), _f(0x3E1CD04F), _f(0x3E178897)
del _b
