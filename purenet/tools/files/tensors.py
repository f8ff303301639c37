"""The ecosystem's tensor files, read and written with the standard library: safetensors and
NumPy's ``.npz`` (``docs/formats.md``, "Weight files"). This module knows the containers; which
tensors a model has and what they are called is ``pytorch.py``'s business.

- **safetensors**: an 8-byte little-endian header length N, N bytes of JSON header (starting with
  ``{``, padded with spaces), then the raw little-endian data; per tensor ``{"dtype", "shape",
  "data_offsets": [begin, end]}`` relative to the data, which the tensors tile with no holes; an
  optional ``__metadata__`` of string → string.
- **.npz**: a zip of ``NAME.npy`` arrays, each the magic ``\x93NUMPY``, a version, a header length,
  an ASCII Python-literal dict ``{'descr', 'fortran_order', 'shape'}`` padded so that the data
  starts at a multiple of 64, then the data. purenet keeps its metadata (the same string → string
  object) as JSON in the archive's comment, which ``numpy.load`` ignores.

Reading accepts F64 and F32 (float64, float32; in .npy either byte order and Fortran order too),
each value converted exactly, and raises ``jsontext.FileFormatError`` with one line naming the file
and the problem for anything else: other dtypes, a header that lies about its offsets or size, a
header over 100 MB. Writing is F64 (every bit) or F32 (each value rounded to the nearest float32).

Host-only (CPython, PyPy): ``ast``, ``io``, ``zipfile``; the core never imports it.
"""

import ast
import io
import json
import struct
import zipfile
import zlib

from .jsontext import MAX_FILE_SIZE, FileFormatError, FileTooLarge, clip, parse_json, read_bytes

MAX_HEADER = 100000000          # bytes: safetensors' own limit, applied to .npy headers too
DTYPES = {"F64": "d", "F32": "f"}
ITEMSIZE = {"F64": 8, "F32": 4}
NPY_DTYPES = {"<f8": ("<", "F64"), ">f8": (">", "F64"), "<f4": ("<", "F32"), ">f4": (">", "F32")}
NPY_DESCR = {"F64": "<f8", "F32": "<f4"}
_NPY_MAGIC = b"\x93NUMPY"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)       # a fixed time stamp: the same model, the same bytes


class Tensor:
    """A tensor read from a file: ``dtype`` ("F64" or "F32"), ``shape`` (a list of ints) and
    ``values``, the numbers in row-major (C) order as Python floats (exact: every float32 is a
    double)."""

    def __init__(self, dtype, shape, values):
        self.dtype, self.shape, self.values = dtype, list(shape), values

    def __repr__(self):
        return "Tensor(%s, %r, %d values)" % (self.dtype, self.shape, len(self.values))


_HUGE = 1 << 62                 # more values than any file holds: a count stops growing here


def _count(shape):
    """The number of values of a shape, or ``_HUGE`` if it is at least that (a header of huge
    dimensions costs no huge multiplication)."""
    if 0 in shape:
        return 0
    n = 1
    for d in shape:
        n = min(n * d, _HUGE)
    return n


def _bytes_text(n):
    return "%d" % n if n < _HUGE else "more than 4.6e18"


def _int_text(n):
    """An integer for a message: its digits, or the first of 400 and how many there are."""
    text = str(n)
    return text if len(text) <= 20 else "%s... (%d digits)" % (text[:6], len(text))


def show_name(name):
    """A tensor's or a member's name for a message: as it is when short and plain, else quoted
    (JSON, so a newline shows as \\n) and clipped."""
    if len(name) <= 60 and name.isprintable() and name.strip() == name and name.isascii():
        return name
    return clip(json.dumps(name), 60)


class Fail:
    """Raises FileFormatError("<where>: <message>")."""

    def __init__(self, where):
        self.where = where

    def __call__(self, message):
        raise FileFormatError(self.where + ": " + message if self.where else message)


def read(path, kind, max_bytes=None):
    """({name: Tensor}, metadata) of the file at path, a "safetensors" or an "npz" file of at most
    ``max_bytes`` bytes (``jsontext.read_bytes``: 32 MiB by default, FileTooLarge beyond)."""
    data = read_bytes(path, max_bytes)
    if kind == "safetensors":
        return parse_safetensors(data, path)
    return parse_npz(data, path, max_bytes)


def shape_text(shape):
    """A shape for a message: [2, 3] (a list), (2, 3) (a tuple), or its first dimensions and how
    many there are (a shape of 20,001 dimensions would be a line of 60 KB)."""
    dims = []
    for d in shape[:8]:
        dims.append(_int_text(d) if _non_negative_int(d) else "?")
        if sum(len(t) + 2 for t in dims) > 48:                # at most about 60 characters of them
            break
    text = ", ".join(dims) + (", ... (%d dimensions)" % len(shape) if len(shape) > len(dims) else "")
    if isinstance(shape, tuple):                    # a .npy header's shape, as NumPy writes it
        return "(%s)" % (text + "," if len(shape) == 1 else text)
    return "[%s]" % text


def _non_negative_int(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


# ---------------------------------------------------------------------------------------------
# safetensors: 8 bytes of header length N (little-endian), N bytes of JSON header, the data

def parse_safetensors(data, where=""):
    """({name: Tensor} in the order of their data, the ``__metadata__`` dict or {}) of a
    safetensors file's bytes. The header must hold F64 or F32 tensors whose ``data_offsets`` tile
    the data exactly: no holes, no overlaps, nothing after the last."""
    fail = Fail(where)
    if len(data) < 8:
        fail("%d bytes: a safetensors file starts with an 8-byte header length" % len(data))
    n = struct.unpack_from("<Q", data, 0)[0]
    if n > MAX_HEADER:
        fail("the header length is %d bytes, over the limit of %d (100 MB)" % (n, MAX_HEADER))
    if 8 + n > len(data):
        fail("the header length (%d bytes) runs past the end of the file (%d bytes after the "
             "length)" % (n, len(data) - 8))
    raw = data[8:8 + n]
    if raw[:1] != b"{":
        fail("the header does not start with '{' (this is not a safetensors file)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        fail("header: not UTF-8 (byte %d)" % e.start)
    header = parse_json(text, (where + ": " if where else "") + "header")
    metadata, entries = {}, []
    for name in header:
        if name == "__metadata__":
            metadata = _metadata(header[name], fail)
        else:
            entries.append(_entry(name, header[name], fail))
    entries.sort(key=lambda e: (e[3], e[4]))
    size, at, last = len(data) - 8 - n, 0, None
    for name, dtype, shape, begin, end in entries:
        if begin > at:
            fail("the header lies about its offsets: bytes %s to %s of the data belong to no "
                 "tensor (%s starts at %s)" % (_int_text(at), _int_text(begin), show_name(name),
                                               _int_text(begin)))
        if begin < at:
            fail("the header lies about its offsets: %s starts at byte %s of the data, inside %s "
                 "(which ends at %s)" % (show_name(name), _int_text(begin), show_name(last), _int_text(at)))
        at, last = end, name
    if at != size:
        fail("the header lies about the size: its tensors end at byte %s of the data, but the "
             "file holds %d bytes of data" % (_int_text(at), size))
    tensors = {}
    for name, dtype, shape, begin, end in entries:
        count = _count(shape)
        values = list(struct.unpack_from("<%d%s" % (count, DTYPES[dtype]), data, 8 + n + begin))
        tensors[name] = Tensor(dtype, shape, values)
    return tensors, metadata


def _metadata(value, fail):
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        fail("__metadata__: expected an object of strings, got %s" % clip(json.dumps(value)))
    return value


def _entry(name, e, fail):
    """(name, dtype, shape, begin, end) of one header entry, checked."""
    shown = show_name(name)
    if not isinstance(e, dict) or set(e) != {"dtype", "shape", "data_offsets"}:
        fail('header: %s: expected {"dtype", "shape", "data_offsets"}, got %s'
             % (shown, clip(json.dumps(e))))
    dtype, shape, offsets = e["dtype"], e["shape"], e["data_offsets"]
    if not isinstance(dtype, str) or dtype not in DTYPES:
        fail("%s: dtype %s: purenet reads F64 and F32 only (in PyTorch, .double() first)"
             % (shown, clip(json.dumps(dtype))))
    if not isinstance(shape, list) or not all(_non_negative_int(d) for d in shape):
        fail("header: %s: shape: expected a list of non-negative integers, got %s"
             % (shown, clip(json.dumps(shape))))
    if (not isinstance(offsets, list) or len(offsets) != 2 or not all(_non_negative_int(o) for o in offsets)
            or offsets[0] > offsets[1]):
        fail("header: %s: data_offsets: expected [begin, end] with 0 <= begin <= end, got %s"
             % (shown, clip(json.dumps(offsets))))
    need = _count(shape) * ITEMSIZE[dtype]
    if offsets[1] - offsets[0] != need:
        fail("the header lies about the size of %s: data_offsets %s hold %s bytes, but %s %s needs %s"
             % (shown, clip(json.dumps(offsets)), _int_text(offsets[1] - offsets[0]), dtype,
                shape_text(shape), _bytes_text(need)))
    return name, dtype, shape, offsets[0], offsets[1]


def safetensors_bytes(named, metadata, dtype="F64"):
    """A safetensors file of ``named`` = [(name, shape, values)], as the reference writer lays it
    out: ``__metadata__`` first, the tensors sorted by name, data in the same order, the compact
    JSON header padded with spaces to a multiple of 8 bytes."""
    header, chunks, at = {}, [], 0
    if metadata:
        header["__metadata__"] = dict(sorted(metadata.items()))
    for name, shape, values in sorted(named, key=lambda t: t[0]):
        blob = _pack(values, dtype)
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [at, at + len(blob)]}
        chunks.append(blob)
        at += len(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def _pack(values, dtype):
    return struct.pack("<%d%s" % (len(values), DTYPES[dtype]), *values)


# ---------------------------------------------------------------------------------------------
# .npz: a zip of .npy arrays (magic, version, header length, a Python-literal dict, the data)

def npy_bytes(shape, values, dtype="F64"):
    """One .npy array, format version 1.0, little-endian, C order, the data 64-byte aligned."""
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %r, }" % (NPY_DESCR[dtype], tuple(shape))
    header += " " * (-(len(_NPY_MAGIC) + 4 + len(header) + 1) % 64) + "\n"
    return (_NPY_MAGIC + b"\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin-1")
            + _pack(values, dtype))


def npz_bytes(named, metadata, dtype="F64"):
    """An uncompressed .npz of ``named`` = [(name, shape, values)] (members ``NAME.npy`` in that
    order) with the metadata as a JSON object in the archive's comment."""
    comment = json.dumps(dict(sorted(metadata.items())), separators=(",", ":")).encode("utf-8") \
        if metadata else b""
    if len(comment) > 65535:
        raise ValueError("the metadata is %d bytes, over the 65,535 a zip comment holds" % len(comment))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        for name, shape, values in named:
            info = zipfile.ZipInfo(name + ".npy", date_time=_ZIP_DATE)
            info.external_attr = 0o644 << 16
            zf.writestr(info, npy_bytes(shape, values, dtype))
        zf.comment = comment
    return buf.getvalue()


try:
    from lzma import LZMAError
except ImportError:                     # a Python built without lzma: zipfile cannot use it either
    LZMAError = RuntimeError

# What zipfile and its decompressors raise for a damaged archive: a corrupt bzip2 member is an
# OSError, a truncated one a ValueError ("negative seek value"), a bad LZMA stream an LZMAError.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, LZMAError, EOFError,
               NotImplementedError, RuntimeError, OSError, ValueError, struct.error, OverflowError,
               IndexError, KeyError)


def _first_line(e):
    """An exception's text on one line, its type's name when it has none."""
    text = " ".join(str(e).split())
    return text or type(e).__name__


def parse_npz(data, where="", max_bytes=None):
    """({name: Tensor} in the archive's order, metadata from the archive's comment or {}) of an
    .npz file's bytes (compressed ones too: ``numpy.savez_compressed``). The arrays may take at
    most ``max_bytes`` (``jsontext.MAX_FILE_SIZE`` by default) uncompressed: a small archive
    cannot unpack into more memory than a file as large would take."""
    fail = Fail(where)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as e:
        fail("not a zip archive (an .npz file is a zip of .npy arrays): %s" % clip(_first_line(e), 120))
    limit = MAX_FILE_SIZE if max_bytes is None else max_bytes
    unpacked = 0
    for info in zf.infolist():
        unpacked += info.file_size
    if unpacked > limit:
        raise FileTooLarge("%s: its arrays take %d bytes uncompressed, more than the size limit for "
                           "files read (%d bytes)" % (where, unpacked, limit))
    metadata = {}
    if zf.comment[:1] == b"{":          # purenet's metadata; any other comment is not ours
        try:
            text = zf.comment.decode("utf-8")
        except UnicodeDecodeError as e:
            fail("the archive's comment: not UTF-8 (byte %d)" % e.start)
        place = (where + ": " if where else "") + "the archive's comment"
        metadata = _metadata(parse_json(text, place), fail)
    tensors = {}
    for info in zf.infolist():
        name = info.filename
        if not name.endswith(".npy") or info.is_dir():
            fail("%s: an .npz holds only .npy arrays" % clip(json.dumps(name)))
        if name[:-4] in tensors:
            fail("%s: twice in the archive" % show_name(name))
        try:
            with zf.open(info) as f:
                tensors[name[:-4]] = _read_npy(f, info.file_size, Fail(
                    (where + ": " if where else "") + show_name(name)))
        except FileFormatError:
            raise
        except _ZIP_ERRORS as e:
            fail("%s: cannot read it from the archive: %s" % (show_name(name), clip(_first_line(e), 120)))
    return tensors, metadata


def _read_npy(f, size, fail):
    """A Tensor from a file-like ``f`` of ``size`` bytes holding one .npy array. The header is
    parsed as a Python literal (``ast.literal_eval``, as NumPy does: nothing is evaluated) and its
    shape checked against the size before the data is read."""
    head = f.read(10)
    if head[:6] != _NPY_MAGIC or len(head) < 10:
        fail("not a .npy array (it does not start with \\x93NUMPY)")
    version = (head[6], head[7])
    if version == (1, 0):
        n, start = struct.unpack_from("<H", head, 8)[0], 10
    elif version in ((2, 0), (3, 0)):
        more = f.read(2)
        if len(more) < 2:
            fail("the array ends inside its header length")
        n, start = struct.unpack("<I", head[8:] + more)[0], 12
    else:
        fail(".npy format version %d.%d: purenet reads 1.0, 2.0 and 3.0" % version)
    if n > MAX_HEADER:
        fail("the header length is %d bytes, over the limit of %d (100 MB)" % (n, MAX_HEADER))
    if start + n > size:
        fail("the header length (%d bytes) runs past the end of the array (%d bytes)" % (n, size))
    try:
        text = f.read(n).decode("utf-8" if version == (3, 0) else "latin-1")
        d = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        fail("the header is not a Python dict literal")
    if not isinstance(d, dict) or set(d) != {"descr", "fortran_order", "shape"}:
        fail("the header is not {'descr': ..., 'fortran_order': ..., 'shape': ...}")
    descr, fortran, shape = d["descr"], d["fortran_order"], d["shape"]
    if not isinstance(descr, str) or descr not in NPY_DTYPES:
        fail("dtype %s: purenet reads float64 and float32 only ('<f8', '<f4', or big-endian '>')"
             % clip(repr(descr)))
    if not isinstance(fortran, bool) or not isinstance(shape, tuple) \
            or not all(_non_negative_int(x) for x in shape):
        fail("the header's fortran_order or shape is malformed: %s" % clip(text.strip()))
    order, dtype = NPY_DTYPES[descr]
    count = _count(shape)
    need = count * ITEMSIZE[dtype]
    if size - start - n != need:
        fail("the header lies about the size: shape %s of %s needs %s bytes of data, the array has %d"
             % (shape_text(shape), descr, _bytes_text(need), size - start - n))
    raw = f.read(need)
    if len(raw) != need:
        fail("the array ends after %d of its %d bytes of data" % (len(raw), need))
    values = list(struct.unpack("%s%d%s" % (order, count, DTYPES[dtype]), raw))
    if fortran and len(shape) > 1:
        values = _c_order(values, shape)
    return Tensor(dtype, shape, values)


def _c_order(values, shape):
    """Row-major values of an array stored column-major (Fortran order), in O(n log n) for n
    values: dimensions of size 1 change no order and are dropped (so at most log2 n remain), then
    ``values[i::d]`` (the sub-array with first index i, still column-major) is put in row-major
    order for each i in turn, one copy of the values per remaining dimension."""
    dims = [d for d in shape if d != 1]
    if len(dims) <= 1 or not values:
        return list(values)
    return _c_order_of(values, dims)


def _c_order_of(values, dims):
    if len(dims) == 1:
        return values
    d, out = dims[0], []
    for i in range(d):
        out.extend(_c_order_of(values[i::d], dims[1:]))
    return out
