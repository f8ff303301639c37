"""The types of the command line's arguments: each turns one option's text into its value, or
raises ``argparse.ArgumentTypeError`` with what is wrong (argparse prints it in one line). Sizes and
counts are bounded here, so that no option can ask for an unbounded amount of work or memory.

Host-only (CPython, PyPy); the core never imports it.
"""

import argparse
import re

from ...activations import ActivationError, get_activation
from ...bits import finite

_DIGITS = re.compile(r"[0-9]+\Z")     # ASCII digits only ("²".isdigit() is True), whole


def layer_sizes(text):
    parts = text.split(",")
    sizes = []
    for p in parts:
        p = p.strip()
        if not _DIGITS.match(p) or int(p[:20]) < 1:
            raise argparse.ArgumentTypeError(
                "expected positive integers separated by commas (like 2,3,1), got %s" % _clip(text))
        if len(p) > 12:
            raise argparse.ArgumentTypeError("a layer of %s... (%d digits) neurons is more than any "
                                             "network purenet builds" % (p[:12], len(p)))
        sizes.append(int(p))
    if len(sizes) < 2:
        raise argparse.ArgumentTypeError("expected at least two layer sizes (input and output), got %r"
                                         % text)
    return sizes


def activation_specs(text):
    """Comma-separated activation specs: NAME or NAME:PARAM=VALUE[:PARAM=VALUE...]
    (``sigmoid:beta=2``); each becomes a name or a {"name": ..., ...} dict, checked by
    ``activations.get_activation``."""
    specs = []
    for part in text.split(","):
        fields = [f.strip() for f in part.split(":")]
        spec = {"name": fields[0]}
        for f in fields[1:]:
            key, eq, value = f.partition("=")
            if not eq:
                raise argparse.ArgumentTypeError("%r: expected NAME:PARAM=VALUE" % part)
            try:
                spec[key] = float(value)
            except ValueError:
                raise argparse.ArgumentTypeError("%r: %s must be a number, got %r" % (part, key, value))
        try:
            get_activation(spec)
        except ActivationError as e:
            where = "%s: " % e.key if e.key not in (None, "name") else ""
            raise argparse.ArgumentTypeError("%r: %s%s" % (part, where, e) if len(spec) > 1 else str(e))
        specs.append(spec if len(spec) > 1 else spec["name"])
    return specs


def _clip(text, n=40):
    return repr(text) if len(text) <= n else repr(text[:n - 3] + "...")


def fd_step(text):
    """--step: 0 < h <= 1 (a larger step is no derivative; an infinite one is no number)."""
    h = positive_float(text)
    if h > 1.0:
        raise argparse.ArgumentTypeError("expected a step h in (0, 1], got %r" % text)
    return h


_SUFFIXES = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


MAX_BYTE_SIZE = 1 << 40          # 1024G: more than any file purenet reads fits in memory


def byte_size(text):
    """A size in bytes from 1 to 1024G (``MAX_BYTE_SIZE``): 1000, 64K, 32M, 2G (powers of 1024)."""
    t = text.strip().upper().rstrip("B").rstrip("I")
    unit = t[-1:] if t[-1:] in _SUFFIXES and t[-1:] != "" else ""
    digits = t[:len(t) - len(unit)]
    if not _DIGITS.match(digits) or len(digits) > 15 or int(digits) < 1:
        raise argparse.ArgumentTypeError("expected a size like 1000, 64K, 32M or 2G, got %s" % _clip(text))
    n = int(digits) * _SUFFIXES[unit]
    if n > MAX_BYTE_SIZE:
        raise argparse.ArgumentTypeError("a size of at most 1024G, got %s" % _clip(text))
    return n


def whole_number(text):
    """A positive count from 1 to 1e15 (``MAX_COUNT``), as an integer or in e-notation (1e9)."""
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a number like 1000000 or 1e9, got %s" % _clip(text))
    if not (x >= 1.0 and finite(x)) or x != int(x):
        raise argparse.ArgumentTypeError("expected a positive whole number, got %s" % _clip(text))
    if x > MAX_COUNT:
        raise argparse.ArgumentTypeError("expected a whole number <= 1e15, got %s" % _clip(text))
    return int(x)


def positive_float(text):
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a number, got %r" % text)
    if not (x > 0.0 and finite(x)):
        raise argparse.ArgumentTypeError("expected a positive finite number, got %r" % text)
    return x


def non_negative_float(text):
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a number, got %r" % text)
    if not (x >= 0.0 and finite(x)):
        raise argparse.ArgumentTypeError("expected a non-negative finite number, got %r" % text)
    return x


MAX_COUNT = 10 ** 15             # epochs, batch sizes, progress steps: more than any run finishes
MAX_SEED = 2 ** 64 - 1          # the PRNG takes its seed modulo 2**64 (bits.Random)
MAX_JOBS = 64                   # worker processes of check --jobs (verifier.parallel.MAX_JOBS)


def integer(minimum, maximum=MAX_COUNT):
    """An integer from minimum to maximum, in ASCII digits (int() alone takes "٣" and refuses
    5,000 digits with its own words)."""
    def parse(text):
        t = text.strip()
        digits = t[1:] if t[:1] in "+-" else t
        if not _DIGITS.match(digits):
            raise argparse.ArgumentTypeError("expected an integer, got %s" % _clip(text))
        n = int(t) if len(digits) <= 30 else int(t[:31])      # (only its sign and size matter then)
        if n < minimum:
            raise argparse.ArgumentTypeError("expected an integer >= %d, got %s" % (minimum, _clip(text)))
        if n > maximum:
            raise argparse.ArgumentTypeError("expected an integer <= %d, got %s" % (maximum, _clip(text)))
        return n
    return parse


def _number(text):
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a number, got %s" % _clip(text))


def below_one(text):
    """A number in [0, 1): a momentum μ or a β."""
    x = _number(text)
    if not 0.0 <= x < 1.0:
        raise argparse.ArgumentTypeError("expected a number in [0, 1), got %s" % _clip(text))
    return x


def unit_interval(text):
    """A number in [0, 1]: a dampening."""
    x = _number(text)
    if not 0.0 <= x <= 1.0:
        raise argparse.ArgumentTypeError("expected a number in [0, 1], got %s" % _clip(text))
    return x


def beta_pair(text):
    """B1,B2: two numbers in [0, 1) (Adam's β1, β2)."""
    parts = text.split(",")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError("expected two numbers B1,B2 in [0, 1), got %s" % _clip(text))
    try:
        return (below_one(parts[0]), below_one(parts[1]))
    except argparse.ArgumentTypeError as e:
        raise argparse.ArgumentTypeError("%s (in %s)" % (e, _clip(text)))
