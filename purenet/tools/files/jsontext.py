"""JSON text in and out, for the file formats (``formats.py``) and the command line.

- Reading: ``read_json`` reads at most ``MAX_FILE_SIZE`` bytes (32 MiB unless the caller raises
  it), so ``/dev/zero`` or a runaway pipe is refused in one line, not read until memory runs out;
  pipes and ``/dev/stdin`` still work. ``parse_json`` rejects duplicate keys and reports a syntax
  error by line and column; an integer literal too long for a double is kept as an infinity that
  remembers its digits, so the validators can name it (Python alone would call 4,301 digits "not
  valid JSON").
- Writing: ``dumps`` writes numbers by ``int``'s and ``float``'s own repr whatever their type
  (NumPy's float64 is a float whose repr is ``np.float64(...)``), so the text always reads back,
  bit for bit, in any JSON reader; NaN and infinity are refused.

Host-only (CPython, PyPy); the core never imports it.
"""

import json
import numbers
import os

from ...bits import finite
from ...checks import describe

_INF = float("inf")


MAX_FILE_SIZE = 32 * 1024 * 1024


class FileFormatError(ValueError):
    """A file that is not valid JSON or not a valid purenet file; the message is one line that
    names the file and the place in it (``layers[1].weights[2]: expected 3 numbers, got 2``)."""


class FileTooLarge(FileFormatError):
    """A file larger than the size limit for files read (``MAX_FILE_SIZE`` or ``max_bytes``)."""


class _HugeInt(float):
    """An integer literal too long for a double (it would be infinite): kept as inf, with its
    digits counted for the message. Python would refuse it past 4,300 digits as "not JSON"."""

    def __new__(cls, text):
        x = float.__new__(cls, float("-inf") if text.startswith("-") else float("inf"))
        x.text = text
        return x


def _parse_int(text):
    return int(text) if len(text) <= 400 else _HugeInt(text)


def kind_of(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean (%s)" % ("true" if value else "false")
    if isinstance(value, str):
        return "a string (%s)" % clip(json.dumps(value))
    if isinstance(value, (int, float)):
        return "a number (%s)" % show_value(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def show_value(x):
    if isinstance(x, _HugeInt):
        return "%s...%s (an integer of %d digits)" % (x.text[:12], x.text[-6:], len(x.text.lstrip("-")))
    if isinstance(x, float):
        if x != x:
            return "NaN"
        if x in (_INF, -_INF):
            return "Infinity" if x > 0 else "-Infinity"
        return repr(x)
    s = repr(x)
    return s if len(s) <= 30 else s[:12] + "..." + s[-6:] + " (%d digits)" % len(s)


def clip(s, n=40):
    return s if len(s) <= n else s[:n - 3] + "..."


# ---------------------------------------------------------------------------------------------
# JSON in and out

def _no_duplicates(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise FileFormatError("duplicate key %s in one object" % clip(json.dumps(k)))
        d[k] = v
    return d


def parse_json(text, where=""):
    """Parse JSON text (a str) with duplicate keys rejected; FileFormatError on any syntax error.

    ``NaN`` and ``Infinity`` (which Python's json accepts) are parsed here and rejected by the
    validators with their place."""
    prefix = where + ": " if where else ""
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_parse_int)
    except FileFormatError as e:
        raise FileFormatError(prefix + str(e))
    except ValueError as e:      # json.JSONDecodeError, or an integer too long to convert
        lineno, colno = getattr(e, "lineno", None), getattr(e, "colno", None)
        msg = getattr(e, "msg", str(e))
        at = "line %d column %d: " % (lineno, colno) if lineno is not None else ""
        raise FileFormatError("%s%snot valid JSON: %s" % (prefix, at, msg.splitlines()[0]))
    except RecursionError:
        raise FileFormatError(prefix + "not valid JSON: nested too deeply")


def _size(n):
    for unit, k in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << k and n % (1 << k) == 0:
            return "%d %s" % (n >> k, unit)
    return "%d bytes" % n


STDIN = "-"


def file_name(path):
    """A file as messages name it: its path, or ``standard input`` for ``-`` (``STDIN``)."""
    return "standard input" if path == STDIN else path


def _open(path):
    """path opened to read bytes; ``-`` is standard input (fd 0, left open)."""
    return open(0, "rb", closefd=False) if path == STDIN else open(path, "rb")


def read_bytes(path, max_bytes=None):
    """The bytes of a file of at most ``max_bytes`` (default ``MAX_FILE_SIZE``) bytes, ``-`` for
    standard input; FileFormatError (naming the file) if it cannot be read, FileTooLarge if it is
    larger. A regular file's size is checked before reading; pipes, standard input and
    ``/dev/stdin`` work, reading stops one byte past the limit."""
    limit = MAX_FILE_SIZE if max_bytes is None else max_bytes
    try:
        with _open(path) as f:
            try:
                st = os.fstat(f.fileno())
                regular_size = st.st_size if st.st_size and os.path.isfile(path) else None
            except OSError:
                regular_size = None
            raw = b"" if regular_size is not None and regular_size > limit else _read_at_most(
                f, limit + 1 if regular_size is None else min(limit, regular_size) + 1)
    except OSError as e:
        raise FileFormatError("%s: cannot read: %s" % (file_name(path), e.strerror or e))
    except MemoryError:
        raise FileFormatError("%s: cannot read: out of memory" % file_name(path))
    if regular_size is not None and regular_size > limit or len(raw) > limit:
        raise FileTooLarge("%s: larger than %s, the size limit for files read"
                           % (file_name(path), _size(limit)))
    return raw


_CHUNK = 1 << 20


def _read_at_most(f, n):
    """At most n bytes of f, read in chunks of 1 MiB: memory grows with what is there, never with
    the limit (``f.read(n)`` would first ask for n bytes, a limit of 100G "out of memory")."""
    chunks, got = [], 0
    while got < n:
        chunk = f.read(min(_CHUNK, n - got))
        if not chunk:
            break
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_json(path, max_bytes=None):
    """Read and parse a JSON file (``read_bytes``: at most ``max_bytes`` bytes); FileFormatError
    (naming the file) if it cannot be read or parsed, FileTooLarge if it is larger."""
    raw = read_bytes(path, max_bytes)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise FileFormatError("%s: not UTF-8 text (byte %d)" % (file_name(path), e.start))
    return parse_json(text, file_name(path))


def _dumps(obj, indent):
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, (int, float)) or _is_number(obj):
        return _number_text(obj)
    if isinstance(obj, str):
        return json.dumps(obj)
    pad = "  " * (indent + 1)
    if isinstance(obj, (list, tuple)):
        if not obj:
            return "[]"
        if all(not isinstance(x, (list, tuple, dict)) for x in obj):
            return "[" + ", ".join(_dumps(x, 0) for x in obj) + "]"
        return "[\n" + ",\n".join(pad + _dumps(x, indent + 1) for x in obj) + "\n" + "  " * indent + "]"
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        if all(not isinstance(v, (list, tuple, dict)) for v in obj.values()) and len(obj) <= 5:
            return "{" + ", ".join(json.dumps(k) + ": " + _dumps(v, 0) for k, v in _str_items(obj)) + "}"
        items = []
        for k in obj:
            if not isinstance(k, str):
                raise TypeError("JSON object keys must be strings, got %r" % (k,))
            items.append(pad + json.dumps(k) + ": " + _dumps(obj[k], indent + 1))
        return "{\n" + ",\n".join(items) + "\n" + "  " * indent + "}"
    raise TypeError("cannot write %s as JSON" % describe(obj))


def _is_number(obj):
    """A number that is neither int nor float: NumPy's float32, int64, ... (registered with the
    ``numbers`` ABCs); not a bool of any kind (NumPy's bool is not a number there either)."""
    return isinstance(obj, numbers.Real)


def _number_text(x):
    """The JSON text of a number, by ``int``'s or ``float``'s own repr whatever the subclass
    (NumPy's float64 is a float whose repr is ``np.float64(...)``, which no JSON reader takes)."""
    if isinstance(x, numbers.Integral):
        return int.__repr__(int(x))
    x = float(x)
    if not finite(x):
        raise ValueError("refusing to write %s: JSON has no NaN or infinity" % show_value(x))
    return float.__repr__(x)


def _str_items(obj):
    for k in obj:
        if not isinstance(k, str):
            raise TypeError("JSON object keys must be strings, got %r" % (k,))
        yield k, obj[k]


def dumps(obj):
    """JSON text, deterministic: numbers by ``repr`` (exact round trip), keys in insertion order,
    a list of numbers on one line (so a matrix is one row per line), a small object of scalars
    (an activation with parameters) on one line, ASCII only, a final newline.
    Raises ValueError rather than write NaN or infinity."""
    return _dumps(obj, 0) + "\n"
