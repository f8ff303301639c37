"""The linear algebra of ``002``'s matrix form (``purenet/tools/verifier/engines/linalg.py``).
Expected values are small hand computations."""
import math

from purenet.tools.verifier.engines import linalg as m
from tests.helpers import SINGLE, assert_raises


def test_transpose_matmul_matvec():
    a = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    assert m.transpose(a) == [[1.0, 3.0, 5.0], [2.0, 4.0, 6.0]]
    # (3x2)·(2x2) by hand: row 1 = [1*7+2*9, 1*8+2*10]
    assert m.matmul(a, [[7.0, 8.0], [9.0, 10.0]]) == [[25.0, 28.0], [57.0, 64.0], [89.0, 100.0]]
    assert m.matvec(a, [1.0, -1.0]) == [-1.0, -1.0, -1.0]
    assert_raises(ValueError, m.matmul, a, a)


def test_dot_and_elementwise():
    assert m.dot([1.0, 2.0, 3.0], [4.0, 5.0, 6.0]) == 32.0
    assert m.add([[1.0, 2.0]], [[3.0, 4.0]]) == [[4.0, 6.0]]
    assert m.subtract([1.0, 2.0], [3.0, 5.0]) == [-2.0, -3.0]
    assert m.scale(2.0, [[1.0], [2.5]]) == [[2.0], [5.0]]
    assert m.hadamard([2.0, 3.0], [4.0, 5.0]) == [8.0, 15.0]
    assert_raises(ValueError, m.add, [1.0], [1.0, 2.0])
    assert_raises(ValueError, m.dot, [1.0], [1.0, 2.0])


def test_dot_sums_left_to_right():
    # 0.1 added ten times left to right is 0.9999999999999999 = 1 - 2**-53 (a compensated sum
    # gives 1.0); in singles 1.0000001192092896 = 1 + 2**-23 (numpy.float32, added one at a time,
    # on CPython). 0.1 is 1/10 (a division, correctly rounded) and the results are 1 -+ a power of
    # two, all computed when the test runs: no decimal literal and no constant expression (which
    # mpy-cross folds and writes to a .mpy as decimal text), since a MicroPython double build may
    # read a decimal 1 ulp off (it reads 0.9999999999999999 as 1.0).
    tenth = 1.0 / float(10)
    want = 1.0 + math.ldexp(1.0, -23) if SINGLE else 1.0 - math.ldexp(1.0, -53)
    assert m.dot([tenth] * 10, [1.0] * 10) == want
