"""Regenerate the correctly rounded reference table in tests/test_bits.py (CPython only).

Each line is ``f x_bits y_bits``: f is ``e`` (exp), ``m`` (expm1), ``t`` (tanh), ``l`` (log) or
``p`` (log1p), x_bits the argument's IEEE 754 bits and y_bits the bits of the correctly rounded
value of f(x), both as 16 hex digits. The values come from Python's ``decimal`` module at 100
significant digits: ``Decimal.exp`` and ``Decimal.ln`` are correctly rounded at the context
precision, tanh is (e**2x - 1)/(e**2x + 1), log1p is ln(1 + x) at 800 digits (so that 1 + x is
exact even for x = 1e-300), and ``float(Decimal)`` rounds the result to the nearest double. 100
digits leave an error far below half an ulp of a double, so the final rounding is the correct one
(except for arguments within 10**-80 relative of a rounding boundary, which random arguments do
not hit).

    python3 interpreters/reference/make_reference_table.py > /tmp/table.txt
"""
import random
import struct
from decimal import Decimal, getcontext, localcontext

getcontext().prec = 100


def bits(x):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def exp_cr(x):
    return float(Decimal(x).exp())


def expm1_cr(x):
    return float(Decimal(x).exp() - 1)


def tanh_cr(x):
    if x == 0.0:
        return x
    e = (2 * Decimal(x)).exp()
    return float((e - 1) / (e + 1))


def log_cr(x):
    return float(Decimal(x).ln())


def log1p_cr(x):
    with localcontext() as ctx:       # 1 + x exact and ln(1 + x) ~ x to 100 digits even for x = 1e-300
        ctx.prec = 800
        return float((1 + Decimal(x)).ln())


def points(rng, spec):
    out = []
    for lo, hi, n in spec:
        out += [rng.uniform(lo, hi) for _ in range(n)]
    return out


def main():
    rng = random.Random(20261123)
    exp_x = points(rng, [(-745.0, 709.78, 30), (-1.0, 1.0, 15), (-1e-6, 1e-6, 5),
                         (700.0, 709.782712893384, 5), (-745.13, -708.4, 10)])
    exp_x += [1.0, -1.0, 0.5, 11.013362366246696, 0.34657359027997264, 709.782712893384]
    expm1_x = points(rng, [(-40.0, 40.0, 20), (-1.0, 1.0, 15), (-1e-5, 1e-5, 5)])
    tanh_x = points(rng, [(-40.0, 40.0, 25), (-1.0, 1.0, 25), (-0.1, 0.1, 10),
                          (-1e-6, 1e-6, 5), (21.0, 23.0, 4), (-3.0, 3.0, 10)])
    tanh_x += [1.0, -1.0, 0.5, 2.0 ** -56]
    log_x = points(rng, [(1e-300, 1e-280, 5), (0.0, 1.0, 20), (0.5, 2.0, 15), (1.0, 100.0, 10),
                         (100.0, 1e300, 5), (1.0 - 1e-6, 1.0 + 1e-6, 5)])
    log_x += [5e-324, 2.0, 0.5, 1e308, 0.9170634409567083]
    log1p_x = points(rng, [(-0.9999, 1.0, 20), (-1e-3, 1e-3, 10), (-0.3, 0.42, 10), (1.0, 1e6, 5),
                           (0.0, 1e-12, 5), (-1e-8, 1e-8, 5)])
    log1p_x += [1e-300, 2.0 ** -29, 2.0 ** -54, 0.41421356, -0.29289, 2.0 ** 53, 1e308, -0.5, 1.0,
                4.248354255291589e-18]
    for f, xs, g in (("e", exp_x, exp_cr), ("m", expm1_x, expm1_cr), ("t", tanh_x, tanh_cr),
                     ("l", log_x, log_cr), ("p", log1p_x, log1p_cr)):
        for x in xs:
            print(f, bits(x), bits(g(x)))


main()
