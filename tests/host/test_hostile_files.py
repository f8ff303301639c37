"""Hostile weight files: names that only look right, shapes built to make a reader slow or its
messages huge, damaged archives. Every one must end in exit 0 or 2 with one line of at most 300
characters naming the file, in time proportional to the file (never "unexpected error", exit 1).

The files are made here from the formats' specifications (struct, json, zipfile), not by purenet's
writers."""
import io
import itertools
import json
import os
import random
import struct
import subprocess
import sys
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from purenet.network import init_network  # noqa: E402
from purenet.tools import cli  # noqa: E402
from purenet.tools.files import pytorch, tensors  # noqa: E402

LONGEST = 300


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def short_line(err):
    """The one line on stderr, checked: at most LONGEST characters."""
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, "expected one line on stderr, got %r" % err[:2000]
    assert len(lines[0]) <= LONGEST, "a line of %d characters: %r..." % (len(lines[0]), lines[0][:400])
    return lines[0]


def f64(values):
    return struct.pack("<%dd" % len(values), *values)


def st_file(header, data):
    """safetensors: u64 little-endian N, N bytes of JSON header (padded to 8), the data."""
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def npy(shape, values, fortran=False):
    """One .npy array (version 1.0, or 2.0 when the header is longer than 65,535 bytes)."""
    header = "{'descr': '<f8', 'fortran_order': %s, 'shape': %r, }" % (fortran, tuple(shape))
    header += " " * (-(12 + len(header) + 1) % 64) + "\n"
    if len(header) < 65536:
        head = b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header))
    else:
        head = b"\x93NUMPY\x02\x00" + struct.pack("<I", len(header))
    return head + header.encode("latin-1") + f64(values)


def npz(members, compression=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    return str(p)


W = [0.5, -0.25, 1.0, 2.0, -1.5, 0.75]       # a 3x2 weight, row-major
B = [0.1, 0.2, 0.3]


# ---------------------------------------------------------------------------------------------
# a name with a final newline is not the name it resembles

def test_safetensors_tensor_name_with_a_final_newline_is_refused(capsys, tmp_path):
    header = {"0.weight": {"dtype": "F64", "shape": [3, 2], "data_offsets": [0, 48]},
              "0.bias\n": {"dtype": "F64", "shape": [3], "data_offsets": [48, 72]}}
    src = write(tmp_path, "m.safetensors", st_file(header, f64(W) + f64(B)))
    code, out, err = run(capsys, "convert", src, str(tmp_path / "m.json"), "--activation", "tanh")
    assert code == 2 and not (tmp_path / "m.json").exists()
    line = short_line(err)
    assert src in line and '"0.bias\\n"' in line


def test_npz_tensor_name_with_a_final_newline_is_refused(capsys, tmp_path):
    src = write(tmp_path, "m.npz", npz([("0.weight.npy", npy([3, 2], W)), ("0.bias\n.npy", npy([3], B))]))
    code, out, err = run(capsys, "convert", src, str(tmp_path / "m.json"), "--activation", "tanh")
    assert code == 2 and not (tmp_path / "m.json").exists()
    assert '"0.bias\\n"' in short_line(err)


def test_the_same_files_with_plain_names_keep_their_biases(capsys, tmp_path):
    """The control: without the newline the biases are read (so the refusals above are about it)."""
    src = write(tmp_path, "m.npz", npz([("0.weight.npy", npy([3, 2], W)), ("0.bias.npy", npy([3], B))]))
    code, out, err = run(capsys, "convert", src, str(tmp_path / "m.json"), "--activation", "tanh")
    assert code == 0, err
    model = json.loads((tmp_path / "m.json").read_text())
    assert model["layers"][0]["biases"] == B


def test_a_module_number_of_5001_digits_is_a_bad_name(capsys, tmp_path):
    name = "1" * 5001 + ".weight"
    header = {"0.weight": {"dtype": "F64", "shape": [3, 2], "data_offsets": [0, 48]},
              name: {"dtype": "F64", "shape": [3], "data_offsets": [48, 72]}}
    src = write(tmp_path, "m.safetensors", st_file(header, f64(W) + f64(B)))
    code, out, err = run(capsys, "convert", src, str(tmp_path / "m.json"), "--activation", "tanh")
    assert code == 2
    assert "unexpected tensor" in short_line(err)


# ---------------------------------------------------------------------------------------------
# Fortran order: linear in the values, whatever the number of dimensions

def fortran_index(index, shape):
    k, stride = 0, 1
    for i, d in zip(index, shape):
        k += i * stride
        stride *= d
    return k


@pytest.mark.parametrize("shape", [(2, 3), (3, 1, 4), (2, 3, 4, 5), (1, 1, 6), (4, 1, 1, 2, 1)])
def test_fortran_order_is_row_major_after_reading(shape):
    """Each value lands where the index arithmetic of the two orders puts it (independent of the
    reader: itertools walks the row-major indices)."""
    count = 1
    for d in shape:
        count *= d
    stored = [float(k) for k in range(count)]
    expected = [stored[fortran_index(ix, shape)] for ix in itertools.product(*(range(d) for d in shape))]
    t = tensors._read_npy(io.BytesIO(npy(shape, stored, fortran=True)), len(npy(shape, stored, True)),
                          tensors.Fail("x.npy"))
    assert t.values == expected and t.shape == list(shape)


@pytest.mark.slow
def test_fortran_array_of_200001_dimensions_is_read_in_time(tmp_path):
    """(1,)*200000 + (6000,) in Fortran order: 640 KB. The reordering cost values x dimensions
    (hours); now the file is read and refused (not a Linear weight) well within the bound."""
    src = write(tmp_path, "m.npz", npz([("0.weight.npy", npy((1,) * 200000 + (6000,),
                                                             [float(k) for k in range(6000)], True))]))
    p = subprocess.run([sys.executable, "-m", "purenet", "convert", src, str(tmp_path / "m.json"),
                        "--activation", "tanh"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 2
    line = short_line(p.stderr)
    assert "0.weight" in line and "200001 dimensions" in line


@pytest.mark.slow
def test_a_lying_shape_of_many_dimensions_is_said_in_one_short_line(capsys, tmp_path):
    src = write(tmp_path, "m.npz", npz([("0.weight.npy", npy((1,) * 200000 + (2000,),
                                                             [0.0] * 1999, True))]))
    code, out, err = run(capsys, "convert", src, str(tmp_path / "m.json"), "--activation", "tanh")
    assert code == 2
    assert "lies about the size" in short_line(err)


def test_a_weight_of_20001_dimensions_is_said_in_one_short_line(capsys, tmp_path):
    header = {"0.weight": {"dtype": "F64", "shape": [1] * 20000 + [6], "data_offsets": [0, 48]}}
    src = write(tmp_path, "m.safetensors", st_file(header, f64(W)))
    code, out, err = run(capsys, "convert", src, str(tmp_path / "m.json"), "--activation", "tanh")
    assert code == 2
    assert "20001 dimensions" in short_line(err)


def test_safetensors_dtype_that_is_a_list(capsys, tmp_path):
    header = {"0.weight": {"dtype": ["F64"], "shape": [3, 2], "data_offsets": [0, 48]}}
    src = write(tmp_path, "m.safetensors", st_file(header, f64(W)))
    code, out, err = run(capsys, "convert", src, str(tmp_path / "m.json"), "--activation", "tanh")
    assert code == 2
    line = short_line(err)
    assert src in line and 'dtype ["F64"]' in line


# ---------------------------------------------------------------------------------------------
# damaged archives

def valid_npz(compression):
    net = init_network([2, 3, 1], ["tanh", "sigmoid"], seed=1)
    named, metadata = pytorch.network_to_tensors(net)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, shape, values in named:
            zf.writestr(name + ".npy", tensors.npy_bytes(shape, values))
        zf.comment = json.dumps(metadata).encode()
    return buf.getvalue()


def test_a_corrupt_bzip2_member(capsys, tmp_path):
    data = bytearray(valid_npz(zipfile.ZIP_BZIP2))
    at = data.index(b"BZh") + 10                 # inside the first member's bzip2 stream
    data[at:at + 8] = b"\x00" * 8
    src = write(tmp_path, "m.npz", bytes(data))
    code, out, err = run(capsys, "convert", src, str(tmp_path / "m.json"))
    assert code == 2
    assert src in short_line(err)


def test_a_member_whose_name_differs_from_the_directory(capsys, tmp_path):
    """zipfile says both names raw; the line stays short."""
    data = bytearray(npz([("0.weight.npy" + "x" * 500, npy([3, 2], W))]))
    first = data.index(b"x" * 500)                # the local header's copy of the name
    data[first:first + 500] = b"y" * 500
    src = write(tmp_path, "m.npz", bytes(data))
    code, out, err = run(capsys, "convert", src, str(tmp_path / "m.json"), "--activation", "tanh")
    assert code == 2
    short_line(err)


@pytest.mark.slow
@pytest.mark.parametrize("compression", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                                         zipfile.ZIP_LZMA])
def test_random_mutations_of_a_valid_npz_end_in_0_or_2(capsys, tmp_path, compression):
    """60 random mutations per compression (truncations, changed, removed and inserted bytes):
    each ends in exit 0, or exit 2 with one short line naming the file; never exit 1."""
    base = valid_npz(compression)
    rng = random.Random(compression)
    src = str(tmp_path / "m.npz")
    for k in range(60):
        data = bytearray(base)
        how = k % 4
        at = rng.randrange(len(data))
        if how == 0:
            del data[at:]
        elif how == 1:
            for _ in range(rng.randrange(1, 5)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif how == 2:
            del data[at:at + rng.randrange(1, 20)]
        else:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9)))
        with open(src, "wb") as f:
            f.write(bytes(data))
        code, out, err = run(capsys, "convert", src, str(tmp_path / "m.json"))
        assert code in (0, 2), (k, err)
        if code == 2:
            assert src in short_line(err), (k, err)


# ---------------------------------------------------------------------------------------------
# the numbers the user gives: each has a range, and a limit is never a buffer size

def xor_files(tmp_path):
    net = init_network([2, 3, 1], ["tanh", "sigmoid"], seed=7)
    model = str(tmp_path / "m.json")
    from purenet.tools import files
    files.save_model(model, net)
    data = write(tmp_path, "d.json", json.dumps({"inputs": [[0.0, 1.0]], "targets": [[1.0]]}).encode())
    return model, data


def test_a_file_size_limit_of_1000G_reads_a_small_file(capsys, tmp_path):
    """The limit was the read buffer: f.read(limit + 1) asked for 1000 GiB, "out of memory"."""
    model, data = xor_files(tmp_path)
    code, out, err = run(capsys, "forward", model, data, "--max-file-size", "1000G")
    assert code == 0 and err == ""
    assert len(json.loads(out)["outputs"]) == 1


def test_a_file_size_limit_beyond_1024G_is_a_usage_error(capsys, tmp_path):
    model, data = xor_files(tmp_path)
    for size in ("999999999999999G", "1025G"):
        code, out, err = run(capsys, "forward", model, data, "--max-file-size", size)
        assert code == 2
        assert short_line(err).endswith("argument --max-file-size: a size of at most 1024G, got '%s'" % size)


@pytest.mark.parametrize("argv,option", [
    (["init", "--sizes", "2,1", "--activation", "tanh", "--seed", "5" * 5000], "--seed"),
    (["init", "--sizes", "2,1", "--activation", "tanh", "--seed", str(2 ** 64)], "--seed"),
    (["init", "--sizes", "2,\u00b2", "--activation", "tanh"], "--sizes"),
    (["init", "--sizes", "2,1", "--activation", "tanh", "--seed", "\u00b2"], "--seed"),
])
def test_numbers_out_of_range_or_not_ascii_digits(capsys, argv, option):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert "argument %s: expected" % option in short_line(err)


def test_the_largest_seed_is_taken(capsys):
    code, out, err = run(capsys, "init", "--sizes", "2,1", "--activation", "tanh", "--seed", str(2 ** 64 - 1))
    assert code == 0 and err == ""


# ---------------------------------------------------------------------------------------------
# many malformed inputs: one line of at most 300 characters, exit 0 or 2

def mutations(base, count, seed, region=None):
    """``count`` random mutations of ``base`` (truncations, changed, removed and inserted bytes),
    within ``region`` = (start, end) when given."""
    rng = random.Random(seed)
    start, end = region or (0, len(base))
    out = []
    for k in range(count):
        data = bytearray(base)
        at = rng.randrange(start, end)
        how = k % 4
        if how == 0:
            del data[at:]
        elif how == 1:
            for _ in range(rng.randrange(1, 5)):
                data[rng.randrange(start, end)] = rng.choice(b'{}[]",:0123456789e-. \\\n\x00\xff')
        elif how == 2:
            del data[at:at + rng.randrange(1, 12)]
        else:
            data[at:at] = bytes(rng.choice(b'{}[]",:019e-.\\ ') for _ in range(rng.randrange(1, 9)))
        out.append(bytes(data))
    return out


def valid_model():
    net = init_network([2, 3, 1], ["tanh", "sigmoid"], seed=1)
    return net, pytorch.network_to_tensors(net)


def check_all(capsys, tmp_path, name, datas, *more):
    src = str(tmp_path / name)
    for k, data in enumerate(datas):
        with open(src, "wb") as f:
            f.write(data)
        code, out, err = run(capsys, "convert", src, str(tmp_path / "out.json"), *more)
        assert code in (0, 2), (k, data[:200], err)
        if code == 2:
            assert src in short_line(err), (k, err)


@pytest.mark.slow
def test_mutated_safetensors_headers(capsys, tmp_path):
    """120 mutations inside the JSON header of a valid safetensors file."""
    net, (named, metadata) = valid_model()
    base = tensors.safetensors_bytes(named, metadata)
    n = struct.unpack_from("<Q", base, 0)[0]
    check_all(capsys, tmp_path, "m.safetensors", mutations(base, 120, 5, (8, 8 + n)))


@pytest.mark.slow
def test_mutated_model_json(capsys, tmp_path):
    """120 mutations of a valid model file, converted to safetensors."""
    from purenet.tools import files
    net, _ = valid_model()
    base = files.dumps(files.model_to_dict(net)).encode()
    src = str(tmp_path / "m.json")
    for k, data in enumerate(mutations(base, 120, 6)):
        with open(src, "wb") as f:
            f.write(data)
        code, out, err = run(capsys, "convert", src, str(tmp_path / "out.safetensors"))
        assert code in (0, 2), (k, data[:200], err)
        if code == 2:
            assert src in short_line(err), (k, err)


@pytest.mark.parametrize("what,header", [
    ("a huge name", {"x" * 100000: {"dtype": "F64", "shape": [1], "data_offsets": [0, 8]}}),
    ("a huge dtype", {"0.weight": {"dtype": "F" * 100000, "shape": [1], "data_offsets": [0, 8]}}),
    ("huge offsets", {"0.weight": {"dtype": "F64", "shape": [1], "data_offsets": [0, 10 ** 399]}}),
    ("huge dimensions", {"0.weight": {"dtype": "F64", "shape": [10 ** 399] * 50, "data_offsets": [0, 8]}}),
    ("a huge metadata value", {"__metadata__": {"a": ["x" * 100000]}}),
    ("a name with control characters", {"0.weight\x00\x1b[2J": {"dtype": "F64", "shape": [1],
                                                               "data_offsets": [0, 8]}}),
])
def test_hostile_safetensors_headers_are_one_short_line(capsys, tmp_path, what, header):
    src = write(tmp_path, "m.safetensors", st_file(header, f64([1.0])))
    code, out, err = run(capsys, "convert", src, str(tmp_path / "m.json"), "--activation", "tanh")
    assert code == 2
    line = short_line(err)
    assert src in line and "\x1b" not in line and "\x00" not in line, (what, line)
