"""Tests of the weight files (``purenet/tools/files/tensors.py``, ``pytorch.py``, the ``convert`` verb),
with the standard library only: they always run.

The files here are made by hand from the formats' specifications (struct, json, zipfile in the
test itself), not by purenet's writers, so a reader and a writer that agree on a mistake still
fail. The real libraries (numpy, safetensors, torch) are in ``test_interop.py``.
"""
import io
import json
import os
import struct
import sys
import warnings
import zipfile

import pytest

from tests.host import ROOT
from tests.host.conftest import one_line, put, run

sys.path.insert(0, ROOT)

from purenet.backprop import gradient  # noqa: E402
from purenet.network import Network, init_network  # noqa: E402
from purenet.tools import files  # noqa: E402
from purenet.tools.files import (  # noqa: E402
    FileFormatError,  # noqa: E402
    pytorch,
    tensors,
)

# ----------------------------------------------------------------------------------------------
# files made by hand, from the specifications

def f64(*xs):
    return struct.pack("<%dd" % len(xs), *xs)


def st_file(entries, data, metadata=None, header=None):
    """safetensors: u64 little-endian N, N bytes of JSON (padded with spaces to 8), the data."""
    if header is None:
        h = {}
        if metadata is not None:
            h["__metadata__"] = metadata
        h.update(entries)
        header = json.dumps(h).encode("utf-8")
        header += b" " * (-len(header) % 8)
    return struct.pack("<Q", len(header)) + header + data


# A PyTorch-style 2-2-1: Linear(2, 2), Tanh, Linear(2, 1), Sigmoid. 0.weight = [[1, 2], [3, 4]]
# (rows = outputs), 0.bias = [5, 6], 2.weight = [[7, 8]], 2.bias = [9].
TORCH_ENTRIES = {
    "0.weight": {"dtype": "F64", "shape": [2, 2], "data_offsets": [0, 32]},
    "0.bias": {"dtype": "F64", "shape": [2], "data_offsets": [32, 48]},
    "2.weight": {"dtype": "F64", "shape": [1, 2], "data_offsets": [48, 64]},
    "2.bias": {"dtype": "F64", "shape": [1], "data_offsets": [64, 72]},
}
TORCH_DATA = f64(1, 2, 3, 4, 5, 6, 7, 8, 9)


def torch_like(entries=None, data=TORCH_DATA, **kw):
    return st_file(TORCH_ENTRIES if entries is None else entries, data, **kw)


def entries_with(name, **changes):
    e = json.loads(json.dumps(TORCH_ENTRIES))
    e[name].update(changes)
    return e


def npy(descr, shape, payload, fortran=False, version=b"\x01\x00", header=None):
    """.npy: magic, version, header length (u16 for 1.0, u32 after), the dict padded to 64, data."""
    if header is None:
        header = "{'descr': %r, 'fortran_order': %r, 'shape': %r, }" % (descr, fortran, tuple(shape))
    size = 4 if version == b"\x01\x00" else 6
    header += " " * (-(6 + size + len(header) + 1) % 64) + "\n"
    length = struct.pack("<H" if size == 4 else "<I", len(header))
    return b"\x93NUMPY" + version + length + header.encode("latin-1") + payload


def npz(members, comment=b"", compression=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # "Duplicate name": one case writes a member twice
        with zipfile.ZipFile(buf, "w", compression) as zf:
            for name, data in members:
                zf.writestr(name, data)
            zf.comment = comment
    return buf.getvalue()


TORCH_NPY = [("0.weight.npy", npy("<f8", (2, 2), f64(1, 2, 3, 4))),
             ("0.bias.npy", npy("<f8", (2,), f64(5, 6))),
             ("2.weight.npy", npy("<f8", (1, 2), f64(7, 8))),
             ("2.bias.npy", npy("<f8", (1,), f64(9)))]


# ----------------------------------------------------------------------------------------------
# reading files from elsewhere: names, transposition, activations

def test_a_pytorch_state_dict_reads_transposed(tmp_path):
    path = put(tmp_path, "torch.safetensors", torch_like())
    net = pytorch.load(path, activation=["tanh", "sigmoid"])
    # w_ij^l = weight[j][i]: PyTorch's Linear computes x W^T + b, purenet z_j = sum_i w_ij a_i + b_j
    assert net.w[2] == [[1.0, 3.0], [2.0, 4.0]] and net.b[2] == [5.0, 6.0]
    assert net.w[3] == [[7.0], [8.0]] and net.b[3] == [9.0]
    assert [net.s[l].name for l in (2, 3)] == ["tanh", "sigmoid"]
    # the same from an .npz of .npy arrays, and from a compressed one (numpy.savez_compressed)
    for compression in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        other = pytorch.load(put(tmp_path, "t.npz", npz(TORCH_NPY, compression=compression)), "tanh")
        assert (other.w, other.b) == (net.w, net.b)


def test_f32_is_read_exactly_and_npy_byte_orders_and_fortran_order(tmp_path):
    # float32 0.1 is 13421773 * 2^-27 exactly; 1/3 is 11184811 * 2^-25
    tenth, third = 13421773 / 2.0 ** 27, 11184811 / 2.0 ** 25
    entries = {"0.weight": {"dtype": "F32", "shape": [1, 2], "data_offsets": [0, 8]}}
    net = pytorch.load(put(tmp_path, "a.safetensors", st_file(entries, struct.pack("<2f", 0.1, 1 / 3))),
                       activation="linear")
    assert net.w[2] == [[tenth], [third]]
    assert repr(tenth) == "0.10000000149011612"
    # .npy: big-endian float64, and a [2, 3] array stored column-major (Fortran order)
    members = [("0.weight.npy", npy(">f8", (2, 3), struct.pack(">6d", 1, 4, 2, 5, 3, 6), fortran=True)),
               ("1.weight.npy", npy(">f4", (1, 2), struct.pack(">2f", 0.1, 1 / 3)))]
    net = pytorch.load(put(tmp_path, "a.npz", npz(members)), activation="linear")
    # column-major [1, 4, 2, 5, 3, 6] is the matrix [[1, 2, 3], [4, 5, 6]] (out = 2, in = 3)
    assert net.w[2] == [[1.0, 4.0], [2.0, 5.0], [3.0, 6.0]]
    assert net.w[3] == [[tenth], [third]]
    # .npy format versions 2.0 and 3.0: a 4-byte header length
    for version in (b"\x02\x00", b"\x03\x00"):
        members = [("0.weight.npy", npy("<f8", (1, 2), f64(0.5, -0.25), version=version))]
        net = pytorch.load(put(tmp_path, "v.npz", npz(members)), activation="linear")
        assert net.w[2] == [[0.5], [-0.25]]


def test_module_numbers_follow_the_activations():
    # docs/formats.md: the first Linear is module 0; a linear activation has no module (+1), any
    # other activation is one module (+2); softmax is nn.Softmax(dim=-1)
    acts = ["linear", "tanh", "linear", "relu", "softmax"]
    net = init_network([2, 3, 3, 3, 3, 2], acts, bias=True, seed=0)
    net.b[4] = None
    named, metadata = pytorch.network_to_tensors(net)
    assert [n for n, _, _ in named] == ["0.weight", "0.bias", "1.weight", "1.bias", "3.weight",
                                        "4.weight", "4.bias", "6.weight", "6.bias"]
    assert [s for n, s, _ in named if n.endswith("weight")] == [[3, 2], [3, 3], [3, 3], [3, 3], [2, 3]]
    assert json.loads(metadata["purenet.activations"]) == acts
    assert pytorch.sequential(net) == (
        "nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 3), nn.Tanh(), nn.Linear(3, 3, bias=False), "
        "nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 2), nn.Softmax(dim=-1))")


def test_modules_pytorch_lacks_are_named():
    net = Network([[[1.0]], [[1.0]], [[1.0]], [[1.0]], [[1.0]]], None,
                  [{"name": "sigmoid", "beta": 2.0}, "step", {"name": "piecewise_linear", "x_min": -2.0},
                   {"name": "gaussian", "sigma": 0.5}, {"name": "sigmoid", "beta": 1.0}])
    assert pytorch.sequential(net) == (
        "nn.Sequential(nn.Linear(1, 1, bias=False), SigmoidBeta(beta=2.0), nn.Linear(1, 1, bias=False), "
        "Step(), nn.Linear(1, 1, bias=False), PiecewiseLinear(x_min=-2.0, x_max=1.0, "
        "slope=0.3333333333333333, intercept=0.6666666666666666), nn.Linear(1, 1, bias=False), "
        "Gaussian(mu=0.0, sigma=0.5), "
        "nn.Linear(1, 1, bias=False), nn.Sigmoid())")
    assert pytorch.modules_torch_lacks(net) == ["SigmoidBeta", "Step", "PiecewiseLinear", "Gaussian"]


# ----------------------------------------------------------------------------------------------
# round trips: JSON -> safetensors / .npz -> JSON keeps every bit and the activations

AWKWARD = [0.1, -0.0, 5e-324, 1.7976931348623157e308, 1 / 3, -2.2250738585072014e-308, 123456789.123]


def every_kind_of_network():
    nets = []
    acts = ["linear", "sigmoid", "tanh", "relu", "step",
            {"name": "piecewise_linear", "x_min": -0.5, "x_max": 2.0},
            {"name": "gaussian", "mu": 0.25, "sigma": 2.0}, {"name": "sigmoid", "beta": 0.5}]
    for k, a in enumerate(acts):
        nets.append(init_network([3, 2, 4], [a, "softmax" if k % 2 else a], bias=bool(k % 3), seed=k))
    net = init_network([2, 3, 3, 1], ["linear", "tanh", "linear"], bias=True, seed=9)
    net.b[3] = None
    for k, x in enumerate(AWKWARD):
        net.w[3][k % 3][k // 3] = x
    nets.append(net)
    return nets


@pytest.mark.parametrize("ext", [".safetensors", ".npz"])
def test_json_to_weights_to_json_keeps_every_bit(capsys, tmp_path, ext):
    for k, net in enumerate(every_kind_of_network()):
        src, mid, back = (str(tmp_path / ("%d%s" % (k, e))) for e in (".json", ext, ".back.json"))
        files.save_model(src, net)
        code, out, err = run(capsys, "convert", src, mid)
        assert code == 0 and out == "", err
        code, out, err = run(capsys, "convert", mid, back)
        assert code == 0 and out == "", err
        with open(src, "rb") as a, open(back, "rb") as b:
            assert a.read() == b.read()           # the same text: every number's repr and activation
    # the awkward values, bit for bit (repr equality already implies it; this says so directly)
    got = files.load_model(back)
    assert [struct.pack("<d", x) for row in got.w[3] for x in row] == \
        [struct.pack("<d", x) for row in net.w[3] for x in row]


def test_convert_from_python(tmp_path):
    net = every_kind_of_network()[5]
    src = str(tmp_path / "m.json")
    files.save_model(src, net)
    mid = pytorch.convert(src, str(tmp_path / "m.npz"), dtype="F64")
    back = pytorch.convert(str(tmp_path / "m.npz"), str(tmp_path / "back.json"))
    assert (mid.w, mid.b, back.w, back.b) == (net.w, net.b, net.w, net.b)
    assert [back.s[l].spec() for l in (2, 3)] == [net.s[l].spec() for l in (2, 3)]
    with pytest.raises(ValueError) as e:
        pytorch.convert(src, str(tmp_path / "x.json"), dtype="F32")
    assert "dtype F32 applies to .safetensors and .npz" in str(e.value)


def test_safetensors_written_by_purenet_follows_the_specification(tmp_path):
    net = every_kind_of_network()[1]
    path = str(tmp_path / "m.safetensors")
    pytorch.save(path, net)
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    assert n % 8 == 0 and data[8:9] == b"{"
    header = json.loads(data[8:8 + n].decode("utf-8"))
    assert header["__metadata__"] == {"purenet.activations": json.dumps(
        [net.s[2].spec(), net.s[3].spec()], separators=(",", ":"))}
    body = data[8 + n:]
    spans = sorted(tuple(e["data_offsets"]) for k, e in header.items() if k != "__metadata__")
    assert spans[0][0] == 0 and spans[-1][1] == len(body)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))           # contiguous, no holes
    e = header["2.weight"]
    assert e["dtype"] == "F64" and e["shape"] == [4, 2]
    values = struct.unpack("<8d", body[e["data_offsets"][0]:e["data_offsets"][1]])
    assert values == tuple(net.w[3][i][j] for j in range(4) for i in range(2))   # [out, in]


def test_npz_written_by_purenet_follows_the_specification(tmp_path):
    net = every_kind_of_network()[0]
    path = str(tmp_path / "m.npz")
    pytorch.save(path, net)
    with zipfile.ZipFile(path) as zf:
        # linear, linear without biases: the second Linear is module 1
        assert zf.namelist() == ["0.weight.npy", "1.weight.npy"]
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())
        assert json.loads(zf.comment.decode("utf-8")) == {"purenet.activations": '["linear","linear"]'}
        raw = zf.read("1.weight.npy")
    assert raw[:8] == b"\x93NUMPY\x01\x00"
    hlen = struct.unpack("<H", raw[8:10])[0]
    assert (10 + hlen) % 64 == 0 and raw[10 + hlen - 1:10 + hlen] == b"\n"
    assert eval(raw[10:10 + hlen].decode("latin-1")) == {"descr": "<f8", "fortran_order": False,
                                                         "shape": (4, 2)}
    assert struct.unpack("<8d", raw[10 + hlen:]) == tuple(net.w[3][i][j] for j in range(4) for i in range(2))


def test_f32_rounds_and_says_so(capsys, tmp_path):
    net = Network([[[0.1, 0.5], [1 / 3, -0.0]]], [[2.0 ** -149 / 4, 1e-50]], "tanh")
    src = str(tmp_path / "m.json")
    files.save_model(src, net)
    for ext in (".safetensors", ".npz"):
        out = str(tmp_path / ("m32" + ext))
        code, _, err = run(capsys, "convert", src, out, "--dtype", "F32")
        assert code == 0
        # 0.1 and 1/3 round; 0.5 and -0.0 are float32 already; the two tiny biases round to 0
        assert ("F32: each value rounded to the nearest float32, 4 of 6 changed (by at most 1 of the "
                "value)") in err
        back = pytorch.load(out)
        assert back.w[2] == [[13421773 / 2.0 ** 27, 0.5], [11184811 / 2.0 ** 25, -0.0]]
        assert back.b[2] == [0.0, 0.0]
        assert struct.pack("<d", back.w[2][1][1]) == struct.pack("<d", -0.0)
    big = Network([[[1e39]]], None, "linear")
    files.save_model(src, big)
    code, _, err = run(capsys, "convert", src, str(tmp_path / "big.safetensors"), "--dtype", "F32")
    assert code == 2
    assert one_line(err) == ("purenet convert: --dtype F32: w^2_11 = 1e+39 is outside float32's range "
                             "(about ±3.4e38): write F64")
    assert not os.path.exists(str(tmp_path / "big.safetensors"))


def test_convert_says_what_it_wrote(capsys, tmp_path):
    src = str(tmp_path / "m.json")
    files.save_model(src, init_network([2, 3, 1], ["tanh", {"name": "sigmoid", "beta": 2.0}], seed=7))
    code, out, err = run(capsys, "convert", src, str(tmp_path / "m.safetensors"))
    assert code == 0 and out == ""
    assert err.split("\n") == [
        "purenet convert: wrote %s: a 2-3-1 network (--activation tanh,sigmoid:beta=2.0), F64, every bit "
        "kept" % (tmp_path / "m.safetensors"),
        "in PyTorch: model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1), "
        "SigmoidBeta(beta=2.0)).double(); model.load_state_dict(safetensors.torch.load_file(%r))  "
        "(SigmoidBeta: docs/formats.md defines it)" % str(tmp_path / "m.safetensors"), ""]
    code, out, err = run(capsys, "convert", "--help")
    assert code == 0 and out.startswith("usage: python -m purenet convert") and "--dtype" in out


def test_activation_replaces_the_metadata_and_must_fit_the_names(capsys, tmp_path):
    path = put(tmp_path, "t.safetensors", torch_like(metadata={"purenet.activations": '["tanh","sigmoid"]'}))
    assert [pytorch.load(path).s[l].name for l in (2, 3)] == ["tanh", "sigmoid"]
    assert [pytorch.load(path, ["relu", "linear"]).s[l].name for l in (2, 3)] == ["relu", "linear"]
    # init's syntax on the command line: one name, or hidden,output, or one per layer
    out = str(tmp_path / "o.json")
    assert run(capsys, "convert", path, out, "--activation", "relu")[0] == 0
    assert [files.load_model(out).s[l].name for l in (2, 3)] == ["relu", "relu"]
    code, _, err = run(capsys, "convert", path, out, "--activation", "relu,relu,relu")
    assert code == 2
    assert one_line(err) == ("purenet convert: --activation: 3 names given for %s (2 Linear layers); "
                             "give one name for every layer or one per layer (2 names)" % path)
    # a linear first layer has no module, so its Linear is followed by module 1, not 2
    code, _, err = run(capsys, "convert", path, out, "--activation", "linear,tanh")
    assert code == 2
    assert one_line(err) == ("purenet convert: %s: missing tensor 1.weight: the activations linear,tanh put "
                             "the Linear layers at modules 0, 1; the file has 0.weight, 2.weight" % path)


# ----------------------------------------------------------------------------------------------
# malformed files: one line naming the problem, exit 2, nothing written

META = {"purenet.activations": '["tanh","sigmoid"]'}
BAD_SAFETENSORS = [
    ("too short", b"\x08\x00\x00", "3 bytes: a safetensors file starts with an 8-byte header length"),
    ("header over 100 MB", struct.pack("<Q", 100000001) + b"{}",
     "the header length is 100000001 bytes, over the limit of 100000000 (100 MB)"),
    ("header past the end", struct.pack("<Q", 64) + b'{"a": 1}',
     "the header length (64 bytes) runs past the end of the file (8 bytes after the length)"),
    ("not a safetensors file", struct.pack("<Q", 4) + b"[1] ",
     "the header does not start with '{' (this is not a safetensors file)"),
    ("header not UTF-8", st_file({}, b"", header=b'{"\xff": 1}   '), "header: not UTF-8 (byte 2)"),
    ("header not JSON", st_file({}, b"", header=b'{"a": }'), "header: line 1 column 7: not valid JSON"),
    ("a key twice", st_file({}, b"", header=b'{"a": 1, "a": 2} '),
     'header: duplicate key "a" in one object'),
    ("bfloat16", torch_like(entries_with("0.bias", dtype="BF16"), metadata=META),
     '0.bias: dtype "BF16": purenet reads F64 and F32 only (in PyTorch, .double() first)'),
    ("int64", torch_like(entries_with("2.bias", dtype="I64"), metadata=META), '2.bias: dtype "I64"'),
    ("entry with an extra key", torch_like(entries_with("0.bias", offsets=[1]), metadata=META),
     'header: 0.bias: expected {"dtype", "shape", "data_offsets"}, got {"dtype": "F64", "shape": [2]'),
    ("negative shape", torch_like(entries_with("0.bias", shape=[-2]), metadata=META),
     "header: 0.bias: shape: expected a list of non-negative integers, got [-2]"),
    ("offsets backwards", torch_like(entries_with("0.bias", data_offsets=[48, 32]), metadata=META),
     "header: 0.bias: data_offsets: expected [begin, end] with 0 <= begin <= end, got [48, 32]"),
    ("offsets lie about a size", torch_like(entries_with("0.bias", data_offsets=[32, 40]), metadata=META),
     "the header lies about the size of 0.bias: data_offsets [32, 40] hold 8 bytes, but F64 [2] needs 16"),
    ("a hole", torch_like(entries_with("2.bias", data_offsets=[72, 80]), TORCH_DATA + f64(0)),
     "the header lies about its offsets: bytes 64 to 72 of the data belong to no tensor "
     "(2.bias starts at 72)"),
    ("an overlap", torch_like(entries_with("2.bias", data_offsets=[56, 64])),
     "the header lies about its offsets: 2.bias starts at byte 56 of the data, inside 2.weight "
     "(which ends at 64)"),
    ("data after the last tensor", torch_like(data=TORCH_DATA + f64(0), metadata=META),
     "the header lies about the size: its tensors end at byte 72 of the data, but the file holds "
     "80 bytes of data"),
    ("data cut short", torch_like(data=TORCH_DATA[:-8], metadata=META),
     "the header lies about the size: its tensors end at byte 72 of the data, but the file holds "
     "64 bytes of data"),
    ("metadata not strings", torch_like(metadata={"purenet.activations": ["tanh", "sigmoid"]}),
     '__metadata__: expected an object of strings, got {"purenet.activations": ["tanh", "sig...'),
    ("no activations", torch_like(),
     "no activations: the file has no purenet.activations metadata (files from PyTorch or NumPy have none); "
     "name them with --activation in init's syntax (e.g. tanh,sigmoid)"),
    ("too few activations", torch_like(metadata={"purenet.activations": '["tanh"]'}),
     '__metadata__.purenet.activations: expected a list of 2 activations (one per Linear layer), '
     'got ["tanh"]'),
    ("unknown activation", torch_like(metadata={"purenet.activations": '["tanh","swish"]'}),
     '__metadata__.purenet.activations[1]: unknown activation "swish" (known: gaussian, linear, '),
    ("softmax in a hidden layer", torch_like(metadata={"purenet.activations": '["softmax","tanh"]'}),
     "layer 2: softmax is supported only in the output layer"),
    ("a NaN", torch_like(data=f64(1, 2, 3, float("nan")) + TORCH_DATA[32:], metadata=META),
     "0.weight[1, 1] (w^2_22) is nan: parameters must be finite"),
    ("an infinite bias", torch_like(data=TORCH_DATA[:40] + f64(float("-inf")) + TORCH_DATA[48:],
                                    metadata=META),
     "0.bias[1] (b^2_2) is -inf: parameters must be finite"),
    ("a bias without its weight", torch_like(
        {"0.weight": TORCH_ENTRIES["0.weight"], "0.bias": TORCH_ENTRIES["0.bias"],
         "2.bias": dict(TORCH_ENTRIES["2.bias"], data_offsets=[48, 56])},
        TORCH_DATA[:48] + TORCH_DATA[64:], metadata={"purenet.activations": '["tanh"]'}),
     "unexpected tensor 2.bias: the activations tanh put the Linear layers at modules 0"),
    ("a state_dict with a BatchNorm", torch_like(dict(TORCH_ENTRIES, **{"1.running_mean": {
        "dtype": "F64", "shape": [2], "data_offsets": [72, 88]}}), TORCH_DATA + f64(0, 0), metadata=META),
     'unexpected tensor "1.running_mean": purenet reads an nn.Sequential of Linear layers and activations '
     '(0.weight, 0.bias, 2.weight, ...)'),
    ("named modules", st_file({"fc1.weight": {"dtype": "F64", "shape": [1, 1], "data_offsets": [0, 8]}},
                              f64(1)),
     'unexpected tensor "fc1.weight"'),
    ("a Dropout between", torch_like(
        {"0.weight": TORCH_ENTRIES["0.weight"],
         "3.weight": dict(TORCH_ENTRIES["2.weight"], data_offsets=[32, 48])},
        TORCH_DATA[:32] + TORCH_DATA[48:64], metadata=META),
     "missing tensor 2.weight: the activations tanh,sigmoid put the Linear layers at modules 0, 2; "
     "the file has 0.weight, 3.weight"),
    ("shapes that do not chain", torch_like(entries_with("2.weight", shape=[2, 1]), metadata=META),
     "2.weight: shape [2, 1] does not chain: its 1 inputs (columns) should be the 2 outputs of 0.weight"),
    ("a bias of the wrong length", torch_like(
        dict(TORCH_ENTRIES, **{"0.bias": {"dtype": "F64", "shape": [1, 2], "data_offsets": [32, 48]}}),
        metadata=META), "0.bias: shape [1, 2], expected [2] (one per row of 0.weight)"),
    ("a weight of one dimension", torch_like(entries_with("0.weight", shape=[4]), metadata=META),
     "0.weight: shape [4]: a Linear weight is [out, in], both at least 1"),
    ("no tensors", st_file({}, b"", metadata=META), "no Linear weights (0.weight, 2.weight, ...): the file "
     "holds no tensors"),
]


@pytest.mark.parametrize("what,data,message", BAD_SAFETENSORS, ids=[c[0] for c in BAD_SAFETENSORS])
def test_malformed_safetensors(capsys, tmp_path, what, data, message):
    path = put(tmp_path, "bad.safetensors", data)
    with pytest.raises(FileFormatError) as e:
        pytorch.load(path)
    assert str(e.value).startswith(path + ": " + message), str(e.value)
    # the command line: one line, exit 2, and the existing OUT untouched
    out = tmp_path / "out.json"
    out.write_bytes(b"old")
    code, stdout, err = run(capsys, "convert", path, str(out))
    assert code == 2 and stdout == ""
    assert one_line(err).startswith("purenet convert: %s: %s" % (path, message))
    assert out.read_bytes() == b"old"
    assert sorted(os.listdir(str(tmp_path))) == ["bad.safetensors", "out.json"]      # no temporary left


BAD_NPZ = [
    ("not a zip", b"PK\x03\x04 not really", "not a zip archive (an .npz file is a zip of .npy arrays)"),
    ("a member that is not .npy", npz(TORCH_NPY + [("notes.txt", b"hi")]),
     '"notes.txt": an .npz holds only .npy arrays'),
    ("a member twice", npz(TORCH_NPY + TORCH_NPY[:1]), "0.weight.npy: twice in the archive"),
    ("no magic", npz([("0.weight.npy", b"PICKLE" + b"\x00" * 60)]),
     "0.weight.npy: not a .npy array (it does not start with \\x93NUMPY)"),
    ("unknown version", npz([("0.weight.npy", npy("<f8", (1, 1), f64(1), version=b"\x09\x00"))]),
     "0.weight.npy: .npy format version 9.0: purenet reads 1.0, 2.0 and 3.0"),
    ("header over 100 MB",
     npz([("0.weight.npy", b"\x93NUMPY\x02\x00" + struct.pack("<I", 100000001) + b"{")]),
     "0.weight.npy: the header length is 100000001 bytes, over the limit of 100000000 (100 MB)"),
    ("header past the end", npz([("0.weight.npy", b"\x93NUMPY\x01\x00" + struct.pack("<H", 500) + b"{")]),
     "0.weight.npy: the header length (500 bytes) runs past the end of the array (11 bytes)"),
    ("header not a literal", npz([("0.weight.npy", npy("<f8", (1, 1), f64(1), header="{'descr': f8()}"))]),
     "0.weight.npy: the header is not a Python dict literal"),
    ("header without a shape", npz([("0.weight.npy", npy("<f8", (1, 1), f64(1), header="{'descr': '<f8'}"))]),
     "0.weight.npy: the header is not {'descr': ..., 'fortran_order': ..., 'shape': ...}"),
    ("int64", npz([("0.weight.npy", npy("<i8", (1, 1), struct.pack("<q", 1)))]),
     "0.weight.npy: dtype '<i8': purenet reads float64 and float32 only ('<f8', '<f4', or big-endian '>')"),
    ("objects (a pickle)", npz([("0.weight.npy", npy("|O", (1, 1), b"\x80\x04N."))]),
     "0.weight.npy: dtype '|O'"),
    ("float16", npz([("0.weight.npy", npy("<f2", (1, 1), b"\x00\x3c"))]), "0.weight.npy: dtype '<f2'"),
    ("shape lies about the size", npz([("0.weight.npy", npy("<f8", (2, 2), f64(1, 2, 3)))]),
     "0.weight.npy: the header lies about the size: shape (2, 2) of <f8 needs 32 bytes of data, "
     "the array has 24"),
    ("a bad comment", npz(TORCH_NPY, comment=b"{purenet"),
     "the archive's comment: line 1 column 2: not valid JSON"),
    ("a NaN", npz([("0.weight.npy", npy("<f8", (1, 1), f64(float("nan"))))]),
     "0.weight[0, 0] (w^2_11) is nan: parameters must be finite"),
]


@pytest.mark.parametrize("what,data,message", BAD_NPZ, ids=[c[0] for c in BAD_NPZ])
def test_malformed_npz(capsys, tmp_path, what, data, message):
    path = put(tmp_path, "bad.npz", data)
    with pytest.raises(FileFormatError) as e:
        pytorch.load(path, activation="tanh")
    assert str(e.value).startswith(path + ": " + message), str(e.value)
    out = str(tmp_path / "out.safetensors")
    code, stdout, err = run(capsys, "convert", path, out, "--activation", "tanh")
    assert code == 2 and stdout == ""
    assert one_line(err).startswith("purenet convert: %s: %s" % (path, message))
    assert sorted(os.listdir(str(tmp_path))) == ["bad.npz"]


def test_a_comment_that_is_not_purenets_is_ignored(tmp_path):
    net = pytorch.load(put(tmp_path, "c.npz", npz(TORCH_NPY, comment=b"made by hand")), activation="tanh")
    assert net.w[2] == [[1.0, 3.0], [2.0, 4.0]]


def test_usage_errors(capsys, tmp_path):
    src = str(tmp_path / "m.json")
    files.save_model(src, init_network([2, 1], "sigmoid"))
    cases = [
        (("convert", src, str(tmp_path / "m.pt")),
         "purenet convert: %s: .pt files are pickles, which run code when loaded, so purenet neither reads "
         "nor writes them; save the state_dict with safetensors.torch.save_file (or numpy.savez) instead"
         % (tmp_path / "m.pt")),
        (("convert", src, str(tmp_path / "m.h5")),
         'purenet convert: %s: unknown extension ".h5": expected .json (a purenet model), .safetensors '
         'or .npz' % (tmp_path / "m.h5")),
        (("convert", src, str(tmp_path / "o.json"), "--dtype", "F32"),
         "purenet convert: --dtype F32: %s is a purenet model file, whose numbers are doubles; --dtype "
         "applies to .safetensors and .npz" % (tmp_path / "o.json")),
        (("convert", src, str(tmp_path / "o.npz"), "--activation", "tanh"),
         "purenet convert: --activation: %s is a purenet model file, which names its own activations" % src),
        (("convert", str(tmp_path / "none.npz"), str(tmp_path / "o.json"), "--activation", "tanh"),
         "purenet convert: %s: cannot read: No such file or directory" % (tmp_path / "none.npz")),
    ]
    for argv, message in cases:
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == "" and one_line(err) == message
    assert sorted(os.listdir(str(tmp_path))) == ["m.json"]
    code, _, err = run(capsys, "convert", src, str(tmp_path / "o.npz"), "--dtype", "F16")
    assert code == 2 and "invalid choice: 'F16'" in err


# ----------------------------------------------------------------------------------------------
# check --gradients with a .safetensors or .npz of gradients in the model's names

def test_check_reads_gradient_tensors(capsys, tmp_path):
    net = init_network([2, 3, 1], ["tanh", "sigmoid"], seed=3)
    net.b[3] = None
    X, Y = [[0.5, -1.0], [1.0, 2.0]], [[1.0], [0.0]]
    model, data = str(tmp_path / "m.json"), str(tmp_path / "d.json")
    files.save_model(model, net)
    files.write_json_atomic(data, files.data_to_dict(X, Y))
    J, gw, gb = gradient(net, X, Y, "cross_entropy")
    # laid out by hand as PyTorch's p.grad: [out, in], rows = the neurons of layer l
    g0 = [gw[2][i][j] for j in range(3) for i in range(2)]
    g2 = [gw[3][i][0] for i in range(3)]

    def grads(g0, metadata=None, extra=None):
        entries = {"0.weight": {"dtype": "F64", "shape": [3, 2], "data_offsets": [0, 48]},
                   "0.bias": {"dtype": "F64", "shape": [3], "data_offsets": [48, 72]},
                   "2.weight": {"dtype": "F64", "shape": [1, 3], "data_offsets": [72, 96]}}
        entries.update(extra or {})
        return st_file(entries, f64(*(g0 + gb[2] + g2)) + (f64(0) if extra else b""), metadata=metadata)

    ok = put(tmp_path, "g.safetensors", grads(g0, metadata={"loss": repr(J)}))
    code, out, _ = run(capsys, "check", model, data, "--loss", "cross_entropy", "--gradients", ok)
    assert code == 0 and "PASSED" in out and "agrees" in out
    # one derivative wrong: 0.weight[0][1] is dJ/dw^2_21 (j = 0, i = 1)
    wrong = list(g0)
    wrong[1] += 0.01
    bad = put(tmp_path, "w.safetensors", grads(wrong))
    code, out, _ = run(capsys, "check", model, data, "--loss", "cross_entropy", "--gradients", bad)
    assert code == 1
    assert [line.split()[0] for line in out.splitlines() if " FAIL " in line] == ["w^2_21"]
    assert "1 of 12 comparable parameters fail: w^2_21" in out
    # the same gradients as an .npz
    members = [("0.weight.npy", npy("<f8", (3, 2), f64(*g0))), ("0.bias.npy", npy("<f8", (3,), f64(*gb[2]))),
               ("2.weight.npy", npy("<f8", (1, 3), f64(*g2)))]
    code, out, _ = run(capsys, "check", model, data, "--loss", "cross_entropy", "--gradients",
                       put(tmp_path, "g.npz", npz(members)))
    assert code == 0
    # a tensor the model does not have, a loss that is not a number, an unknown extension
    extra = put(tmp_path, "e.safetensors", grads(g0, extra={"2.bias": {"dtype": "F64", "shape": [1],
                                                                         "data_offsets": [96, 104]}}))
    code, _, err = run(capsys, "check", model, data, "--loss", "cross_entropy", "--gradients", extra)
    assert code == 2 and one_line(err) == (
        "purenet check: %s: unexpected tensor \"2.bias\": the model's nn.Sequential(nn.Linear(2, 3), "
        "nn.Tanh(), nn.Linear(3, 1, bias=False), nn.Sigmoid()) has 0.weight, 0.bias, 2.weight" % extra)
    nan = put(tmp_path, "n.safetensors", grads(g0, metadata={"loss": "nan"}))
    code, _, err = run(capsys, "check", model, data, "--loss", "cross_entropy", "--gradients", nan)
    assert code == 2 and one_line(err) == ('purenet check: %s: __metadata__.loss: expected the text of a '
                                           'finite number, got "nan"' % nan)
    code, _, err = run(capsys, "check", model, data, "--loss", "cross_entropy", "--gradients", "g.pkl")
    assert code == 2 and one_line(err).startswith("purenet check: --gradients: g.pkl: .pkl files are pickles")
    # any other extension is a JSON gradient file, as before
    theirs = str(tmp_path / "theirs.txt")
    files.write_json_atomic(theirs, files.gradients_to_dict(J, gw, gb))
    assert run(capsys, "check", model, data, "--loss", "cross_entropy", "--gradients", theirs)[0] == 0


def test_generic_readers_return_tensors_in_file_order(tmp_path):
    found, metadata = tensors.parse_safetensors(torch_like(metadata={"x": "y"}))
    assert list(found) == ["0.weight", "0.bias", "2.weight", "2.bias"] and metadata == {"x": "y"}
    assert found["0.weight"].shape == [2, 2] and found["0.weight"].values == [1.0, 2.0, 3.0, 4.0]
    found, metadata = tensors.parse_npz(npz(TORCH_NPY))
    assert list(found) == ["0.weight", "0.bias", "2.weight", "2.bias"] and metadata == {}
