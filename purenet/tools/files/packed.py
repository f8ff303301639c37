"""A Network as a packed model: its parameters as IEEE 754 doubles, the layout ``purenet.packed``
reads (its docstring has it; docs/formats.md, "Packed models"). For boards: a MicroPython
board's decimal-to-float conversion is not correctly rounded, ``struct`` is exact, so a packed
model arrives bit for bit where a model file's decimal text may not.

Host-only (CPython, PyPy); the core's ``purenet.packed`` reads the bytes on any interpreter.
"""

import struct

from ...packed import MAGIC, VERSION, network_from_bytes
from .outputs import write_bytes_atomic


def _text(s, what):
    b = s.encode("ascii")
    if len(b) > 255:
        raise ValueError("packed model: %s %r is longer than 255 bytes" % (what, s))
    return struct.pack("<B", len(b)) + b


def network_to_bytes(net):
    """The packed bytes of net (every weight and bias as its 8 bytes, in ``parameters`` order)."""
    if net.L - 1 > 255 or max(net.sizes) > 65535:
        raise ValueError("packed model: at most 255 layers of at most 65535 neurons (sizes %r)"
                         % (net.sizes,))
    out = [MAGIC, struct.pack("<BBH", VERSION, net.L - 1, net.sizes[0])]
    for w_l, b_l, s_l in net.layers():
        spec = s_l.spec()
        params = {} if isinstance(spec, str) else {k: spec[k] for k in spec if k != "name"}
        name = spec if isinstance(spec, str) else spec["name"]
        out.append(struct.pack("<HB", len(w_l[0]), 0 if b_l is None else 1))
        out.append(_text(name, "the activation's name"))
        out.append(struct.pack("<B", len(params)))
        for k in sorted(params):
            out.append(_text(k, "a parameter's name") + struct.pack("<d", params[k]))
        for row in w_l:
            out.append(struct.pack("<%dd" % len(row), *row))
        if b_l is not None:
            out.append(struct.pack("<%dd" % len(b_l), *b_l))
    return b"".join(out)


def save_packed(path, net):
    """Write net to path as a packed model, atomically (``outputs.write_bytes_atomic``)."""
    write_bytes_atomic(path, network_to_bytes(net))


def load_packed(path):
    """Read a packed model file into a Network (``purenet.packed.network_from_bytes``)."""
    with open(path, "rb") as f:
        return network_from_bytes(f.read())
