"""What a board runs besides the trainings (``on_board.py papers|stdio|model`` imports this).

``papers``: ``python -m purenet`` as a board runs it. ``stdio``: what ``purenet/__main__.py``
assumes of stdio, tried with failing writers. ``model``: a packed model's bits, for the host to
compare with CPython's (``interpreters/armboard.py``). Kept apart from ``on_board.py`` so that
a training run's heap holds none of this code.
"""
import struct
import sys

from on_board import XOR_X

from purenet.bits import DIGITS
from purenet.network import _forward


def papers():
    """``python -m purenet`` as a board runs it (a board has no ``-m``): the table, then its exit
    status through SystemExit (0: all numbers match)."""
    from purenet.__main__ import main as purenet_main
    status = purenet_main([])
    if status:
        raise SystemExit(status)


class Failing:
    """A stream whose ``write`` raises OSError(errno): a closed pipe (32) or a full disk (28)."""

    def __init__(self, errno):
        self.errno = errno

    def write(self, text):
        raise OSError(self.errno, "write failed")


def stdio():
    """What ``python -m purenet`` assumes of stdio, on this interpreter: the table's writer when
    it fails (a stdout without ``flush``, a ``sys`` whose ``stdout`` cannot be set, an OSError
    without ``strerror``, a stderr without ``flush``)."""
    from purenet.__main__ import report
    print("sys.stdout has flush: %s; sys.stderr has flush: %s; OSError has strerror: %s" % (
        hasattr(sys.stdout, "flush"), hasattr(sys.stderr, "flush"), hasattr(OSError(28, "x"), "strerror")))
    assert report(Failing(32)) == 0          # the reader stopped (EPIPE): nothing to say
    assert report(Failing(28)) == 1          # ENOSPC: one line on stderr, exit status 1
    assert report(None) == 1                 # no stdout at all
    print("stdio: the failing writers gave exit statuses 0, 1, 1")


def hexbits(x):
    """The bits of a float as hex: 16 digits (a double), or 8 where floats are single."""
    if DIGITS == 24:
        return "%08x" % struct.unpack("<I", struct.pack("<f", x))[0]
    return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def model(path="model.packed", json_path="model.json"):
    """The packed model at ``path``: every parameter's bits and its outputs on XOR's inputs, one
    ``name hex`` line each; with the same model as a model file's decimal text at ``json_path``,
    how many of its numbers this interpreter reads with other bits than the packed ones."""
    from purenet.network import parameters
    from purenet.packed import network_from_bytes
    f = open(path, "rb")
    net = network_from_bytes(f.read())
    f.close()
    packed = []
    for name, kind, l, i, j in parameters(net):
        v = net.w[l][i][j] if kind == "w" else net.b[l][j]
        packed.append(v)
        print("%s %s" % (name, hexbits(v)))
    for k in range(len(XOR_X)):
        print("y%d %s" % (k + 1, " ".join([hexbits(y) for y in _forward(net, XOR_X[k]).output])))
    try:
        f = open(json_path)
    except OSError:
        return
    import json
    layers = json.loads(f.read())["layers"]
    f.close()
    decimal = []
    for layer in layers:
        for row in layer["weights"]:
            decimal += row
        decimal += layer["biases"] or []
    off = len([k for k in range(len(packed)) if hexbits(decimal[k]) != hexbits(packed[k])])
    print("decimal text: %d of %d parameters read with other bits" % (off, len(packed)))
