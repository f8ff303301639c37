"""A packed model (``purenet/packed.py``): parameters as IEEE bytes, read back bit for bit.

The bytes are written here with ``struct`` field by field from the layout in the module's
docstring (an independent writer; ``tests/host/test_packed_files.py`` checks purenet's own writer
against the same bytes). Every number is given as the bit pattern of a double, with the bit
pattern of its float32 rounding (round to nearest, ties to even, as CPython's
``struct.pack('<f', x)`` computes it; the host test recomputes the column): on a double
interpreter the parameters must have the first, where floats are single the second. No decimal
literal is involved, so the test holds on an interpreter whose decimal parser is not correctly
rounded.
"""
import struct

from purenet.network import forward
from purenet.packed import MAGIC, network_from_bytes
from tests.helpers import SINGLE, assert_raises

# (a double's bits, the bits of its float32 rounding): 0.9999999999999999, 0.1,
# -0.9170634409567083, 1/3, 5e-324 (a single 0), -pi, 1 + 2**-52, 1e20, 1.5, -log 2
BITS = [("3fefffffffffffff", "3f800000"), ("3fb999999999999a", "3dcccccd"),
        ("bfed58956de88571", "bf6ac4ab"), ("3fd5555555555555", "3eaaaaab"),
        ("0000000000000001", "00000000"), ("c00921fb54442d18", "c0490fdb"),
        ("3ff0000000000001", "3f800000"), ("4415af1d78b58c40", "60ad78ec"),
        ("3ff8000000000000", "3fc00000"), ("bfe62e42fefa39ef", "bf317218")]


def double_bytes(h):
    return struct.pack("<Q", int(h, 16))


def hexbits(x):
    if SINGLE:
        return "%08x" % struct.unpack("<I", struct.pack("<f", x))[0]
    return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def text(s):
    return struct.pack("<B", len(s)) + s.encode()


def two_layer_bytes():
    """A 2-3-1 network: layer 2 sigmoid with biases (w = BITS[0:6], b = BITS[6:9]); layer 3
    gaussian with mu = BITS[1], sigma = BITS[8], no biases, w = BITS[9], BITS[3], BITS[0]."""
    d = [double_bytes(h) for h, _ in BITS]
    out = MAGIC + struct.pack("<BBH", 1, 2, 2)
    out += struct.pack("<HB", 3, 1) + text("sigmoid") + struct.pack("<B", 0) + b"".join(d[0:9])
    out += struct.pack("<HB", 1, 0) + text("gaussian") + struct.pack("<B", 2)
    out += text("mu") + d[1] + text("sigma") + d[8]
    out += d[9] + d[3] + d[0]
    return out


def expected(k):
    return BITS[k][1] if SINGLE else BITS[k][0]


def test_every_parameter_arrives_with_its_bits():
    net = network_from_bytes(two_layer_bytes())
    assert net.sizes == [2, 3, 1] and net.b[3] is None
    assert [[hexbits(v) for v in row] for row in net.w[2]] == [[expected(0), expected(1), expected(2)],
                                                               [expected(3), expected(4), expected(5)]]
    assert [hexbits(v) for v in net.b[2]] == [expected(6), expected(7), expected(8)]
    assert [hexbits(row[0]) for row in net.w[3]] == [expected(9), expected(3), expected(0)]
    assert net.s[2].name == "sigmoid" and net.s[3].name == "gaussian"
    assert hexbits(net.s[3].mu) == expected(1) and hexbits(net.s[3].sigma) == expected(8)


def test_the_network_runs():
    net = network_from_bytes(two_layer_bytes())
    y = forward(net, [0.5, -0.25]).output
    assert len(y) == 1 and 0.0 < y[0] < 1.0       # a gaussian density with sigma 1.5 is below 0.27


def test_bad_bytes_are_refused_with_one_line():
    good = two_layer_bytes()
    cases = [(b"purenet\x01" + good[8:], "does not start with"),
             (good[:8] + b"\x02" + good[9:], "version 2"),
             (good[:-3], "ends inside w^3"),
             (good + b"\x00", "1 bytes after the last layer"),
             (good[:10], "ends inside the header")]
    for data, words in cases:
        e = assert_raises(ValueError, network_from_bytes, data)
        assert words in str(e) and "\n" not in str(e), str(e)
