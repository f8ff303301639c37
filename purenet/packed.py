"""A model as IEEE 754 bytes: every parameter arrives on a board with the bits it left with.

A model file (``docs/formats.md``) writes each number as decimal text, and a board reads it back
with its interpreter's decimal-to-float conversion. CPython's is correctly rounded; MicroPython
1.27's is not (on a double-precision board about one CPython repr in five came back 1 ulp off:
``0.9999999999999999`` as ``1.0``). A packed model carries the 8 bytes of each double instead,
which ``struct`` reads back exactly: on a double-precision interpreter every parameter has the
bits it was trained to, and where floats are single, ``struct`` rounds each double to the nearest
single (the float32 rounding of the double model), with no decimal step in between.

The layout, little-endian throughout (``purenet.tools.files.packed`` writes it on the host):

    b"purenet\\0"  then  u8 version (1),  u8 L − 1 (the layers 2 … L),  u16 n^1
    for each layer l = 2 … L:
        u16 n^l,  u8 biases (1) or none (0),  u8 len + the activation's name (ASCII),
        u8 k + k × (u8 len + a parameter's name, f64 its value)      (the activation's parameters)
        n^(l−1) × n^l × f64: w_ij^l row by row (i over layer l − 1, j over layer l)
        n^l × f64: b_j^l, when the layer has biases

Only ``struct`` (no file, no decimal text): a board script reads the bytes (``open(path,
"rb").read()``, or a bytes constant of a module) and calls ``network_from_bytes``.
"""
import struct

from .network import Network

MAGIC = b"purenet\x00"
VERSION = 1


class _Reader:
    """The bytes and a position in them; each read checks that the bytes hold it."""

    def __init__(self, data):
        self.data = data
        self.at = 0

    def take(self, fmt, size, what):
        if self.at + size > len(self.data):
            raise ValueError("packed model: the data ends inside %s (byte %d of %d)"
                             % (what, self.at, len(self.data)))
        out = struct.unpack_from(fmt, self.data, self.at)
        self.at += size
        return out

    def text(self, what):
        n = self.take("<B", 1, what)[0]
        return bytes(self.take("<%ds" % n, n, what)[0]).decode()

    def doubles(self, n, what):
        return list(self.take("<%dd" % n, 8 * n, what))


def network_from_bytes(data):
    """The Network packed in ``data`` (bytes): its weights w_ij^l and biases b_j^l are the doubles
    of the bytes (rounded to the nearest single where floats are single). ValueError, one line,
    for bytes that are not a packed model of this version or end early or late."""
    if bytes(data[:8]) != MAGIC:
        raise ValueError("packed model: the data does not start with %r" % (MAGIC,))
    r = _Reader(data)
    r.at = 8
    version, layers, n_prev = r.take("<BBH", 4, "the header")
    if version != VERSION:
        raise ValueError("packed model: version %d, this purenet reads version %d" % (version, VERSION))
    weights, biases, activations = [], [], []
    for l in range(2, layers + 2):
        where = "layer %d" % l
        n, has_bias = r.take("<HB", 3, where)
        spec = {"name": r.text(where)}
        for _ in range(r.take("<B", 1, where)[0]):
            key = r.text(where)
            spec[key] = r.take("<d", 8, where)[0]
        weights.append([r.doubles(n, "w^%d" % l) for _ in range(n_prev)])
        biases.append(r.doubles(n, "b^%d" % l) if has_bias else None)
        activations.append(spec if len(spec) > 1 else spec["name"])
        n_prev = n
    if r.at != len(data):
        raise ValueError("packed model: %d bytes after the last layer" % (len(data) - r.at))
    return Network(weights, biases, activations)
