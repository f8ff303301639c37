"""Tests of purenet.tools.files: the model, data and gradient files.

Host-only (CPython/PyPy with pytest): formats.py reads and writes files, which the portable core
never does. Every kind of malformed file (docs/formats.md, "What the loader checks") is fed to the loader, and
the test asserts the one-line message and the place it names.
"""
import copy
import json
import math
import os
import struct
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from purenet.backprop import gradient  # noqa: E402
from purenet.network import Network, init_network  # noqa: E402
from purenet.tools import files  # noqa: E402
from purenet.tools.files import FileFormatError  # noqa: E402

# The hand-written example of docs/formats.md (a 2-3-1 network, tanh then sigmoid).
HAND_WRITTEN = """{
  "format": "purenet.model",
  "version": 1,
  "layers": [
    {
      "activation": "tanh",
      "weights": [[0.1, 0.2, 0.3],
                  [0.4, 0.5, 0.6]],
      "biases": [0.0, 0.0, 0.0]
    },
    {
      "activation": {"name": "sigmoid", "beta": 2.0},
      "weights": [[0.7], [0.8], [0.9]],
      "biases": null
    }
  ]
}
"""


def good_model():
    return json.loads(HAND_WRITTEN)


def good_data():
    return {"inputs": [[1.0, 2.0], [0.5, -1.0]], "targets": [[1.0], [0.0]]}


def write(tmp_path, name, text):
    p = tmp_path / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return str(p)


def load_model_error(tmp_path, text):
    path = write(tmp_path, "m.json", text)
    with pytest.raises(FileFormatError) as info:
        files.load_model(path)
    msg = str(info.value)
    assert "\n" not in msg, "the message must be one line: %r" % msg
    assert msg.startswith(path + ": "), "the message must name the file: %r" % msg
    return msg[len(path) + 2:]


def mutated(fn):
    d = good_model()
    fn(d)
    return json.dumps(d)


def set_in(path, value):
    """A mutation that sets d[path...] = value (path of keys / indices)."""
    def fn(d):
        for k in path[:-1]:
            d = d[k]
        d[path[-1]] = value
    return fn


def delete(path):
    def fn(d):
        for k in path[:-1]:
            d = d[k]
        del d[path[-1]]
    return fn


# ----------------------------------------------------------------------------------------------
# the model file: good files

def test_hand_written_example_loads():
    path_net = files.model_from_dict(good_model())
    assert path_net.sizes == [2, 3, 1]
    assert path_net.w[2][1][2] == 0.6          # w^2_23: from neuron 2 of layer 1 to neuron 3 of layer 2
    assert path_net.w[3][2][0] == 0.9
    assert path_net.b[2] == [0.0, 0.0, 0.0] and path_net.b[3] is None
    assert path_net.s[2].name == "tanh"
    assert path_net.s[3].spec() == {"name": "sigmoid", "beta": 2.0}


def test_round_trip_is_bit_exact(tmp_path):
    # awkward doubles: subnormals, -0.0, values whose shortest repr has 17 digits
    awkward = [0.1 + 0.2, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
               1.0 / 3.0, -2.0 ** -1074, 123456789.12345679, 1e-7, 2.0 ** 52 + 1.0]
    net = Network([[awkward[0:5], awkward[5:10]], [[w] for w in awkward[0:5]]],
                  [awkward[2:7], None], ["relu", {"name": "piecewise_linear", "x_min": -0.5, "x_max": 2.0}])
    path = str(tmp_path / "m.json")
    files.save_model(path, net)
    back = files.load_model(path)
    for l in (2, 3):
        for i in range(len(net.w[l])):
            for j in range(len(net.w[l][0])):
                assert struct.pack("<d", back.w[l][i][j]) == struct.pack("<d", net.w[l][i][j])
    assert [struct.pack("<d", x) for x in back.b[2]] == [struct.pack("<d", x) for x in net.b[2]]
    assert back.b[3] is None
    assert back.s[3].spec() == {"name": "piecewise_linear", "x_min": -0.5, "x_max": 2.0}
    # saving the loaded model gives the same bytes
    path2 = str(tmp_path / "m2.json")
    files.save_model(path2, back)
    assert open(path, "rb").read() == open(path2, "rb").read()


def test_saved_text_is_repr_and_one_row_per_line(tmp_path):
    net = Network([[[0.1 + 0.2, 1.0]]], [[-0.0, 3.0]], "linear")
    path = str(tmp_path / "m.json")
    files.save_model(path, net)
    text = open(path, encoding="ascii").read()
    assert "[0.30000000000000004, 1.0]" in text
    assert '"biases": [-0.0, 3.0]' in text
    assert text.endswith("}\n")


def test_integers_and_bom_accepted(tmp_path):
    d = good_model()
    d["layers"][0]["weights"] = [[1, 2, 3], [4, 5, 6]]
    path = write(tmp_path, "m.json", b"\xef\xbb\xbf" + json.dumps(d).encode())
    net = files.load_model(path)
    assert net.w[2][1] == [4.0, 5.0, 6.0] and isinstance(net.w[2][1][0], float)


def test_model_to_dict_is_a_copy():
    net = files.model_from_dict(good_model())
    d = files.model_to_dict(net)
    d["layers"][0]["weights"][0][0] = 99.0
    assert net.w[2][0][0] == 0.1


# ----------------------------------------------------------------------------------------------
# the model file: every kind of malformed file, with the message expected (after "path: ")

MALFORMED_MODELS = [
    # not JSON at all
    ("syntax", '{"format": "purenet.model",', "line 1 column 28: not valid JSON: "),
    ("trailing comma", '{"format": "purenet.model", }',
     "line 1 column 29: not valid JSON: "),   # json's wording varies
    ("empty file", "", "line 1 column 1: not valid JSON: Expecting value"),
    ("top-level list", "[1, 2]", "expected an object {...}, got a list"),
    ("duplicate key", '{"format": "purenet.model", "format": "x"}', 'duplicate key "format" in one object'),
    # keys at the top
    ("unknown top key", mutated(set_in(["extra"], 1)),
     'unknown key "extra" (expected "format", "version", "layers")'),
    ("missing layers", mutated(delete(["layers"])), 'missing key "layers"'),
    ("missing format", mutated(delete(["format"])), 'missing key "format"'),
    ("missing version", mutated(delete(["version"])), 'missing key "version"'),
    ("wrong format", mutated(set_in(["format"], "keras")), 'format: expected "purenet.model", got "keras"'),
    ("format not a string", mutated(set_in(["format"], 1)),
     'format: expected "purenet.model", got a number (1)'),
    ("future version", mutated(set_in(["version"], 2)),
     "version: this purenet reads version 1; the file has version 2"),
    ("version as string", mutated(set_in(["version"], "1")),
     'version: expected the integer 1, got a string ("1")'),
    ("version as float", mutated(set_in(["version"], 1.0)),
     "version: expected the integer 1, got a number (1.0)"),
    ("version as boolean", mutated(set_in(["version"], True)),
     "version: expected the integer 1, got a boolean (true)"),
    # the list of layers
    ("layers not a list", mutated(set_in(["layers"], {})),
     "layers: expected a list of layers, got an object"),
    ("no layers", mutated(set_in(["layers"], [])), "layers: expected at least one layer (layer 2), got []"),
    ("layer not an object", mutated(set_in(["layers", 1], [1])),
     "layers[1]: expected an object {...}, got a list"),
    ("unknown layer key", mutated(set_in(["layers", 0, "bias"], [0.0])),
     'layers[0]: unknown key "bias" (expected "activation", "weights", "biases")'),
    ("missing biases", mutated(delete(["layers", 1, "biases"])), 'layers[1]: missing key "biases"'),
    ("missing weights", mutated(delete(["layers", 0, "weights"])), 'layers[0]: missing key "weights"'),
    ("missing activation", mutated(delete(["layers", 0, "activation"])),
     'layers[0]: missing key "activation"'),
    # weights: shapes
    ("ragged row (docs/formats.md's example)",
     mutated(set_in(["layers", 1, "weights"], [[0.1, 0.2, 0.3]] * 2 + [[0.1, 0.2]])),
     "layers[1].weights[2]: expected 3 numbers, got 2"),
    ("ragged first layer", mutated(set_in(["layers", 0, "weights", 1], [0.4, 0.5])),
     "layers[0].weights[1]: expected 3 numbers, got 2"),
    ("shapes do not chain", mutated(set_in(["layers", 1, "weights"], [[0.7], [0.8]])),
     "layers[1].weights: expected 3 rows (one per neuron of layer 2: layers[0] has 3 columns), got 2"),
    ("weights empty", mutated(set_in(["layers", 0, "weights"], [])),
     "layers[0].weights: expected a non-empty list of rows, got []"),
    ("weights row empty", mutated(set_in(["layers", 0, "weights"], [[], []])),
     "layers[0].weights[0]: expected a non-empty list of numbers, got []"),
    ("weights a number", mutated(set_in(["layers", 0, "weights"], 0.5)),
     "layers[0].weights: expected a list of rows [[...], ...], got a number (0.5)"),
    ("weights a flat list", mutated(set_in(["layers", 0, "weights"], [0.1, 0.2])),
     "layers[0].weights[0]: expected a list of numbers, got a number (0.1)"),
    # weights: non-numbers
    ("string number", mutated(set_in(["layers", 0, "weights", 0, 1], "0.2")),
     'layers[0].weights[0][1]: expected a number, got a string ("0.2")'),
    ("boolean", mutated(set_in(["layers", 0, "weights", 1, 2], True)),
     "layers[0].weights[1][2]: expected a number, got a boolean (true)"),
    ("null weight", mutated(set_in(["layers", 1, "weights", 0, 0], None)),
     "layers[1].weights[0][0]: expected a number, got null"),
    ("nested list as weight", mutated(set_in(["layers", 1, "weights", 0, 0], [0.7])),
     "layers[1].weights[0][0]: expected a number, got a list"),
    # NaN and infinity: Python's json accepts them, purenet does not
    ("NaN", HAND_WRITTEN.replace("0.5, 0.6", "NaN, 0.6"),
     "layers[0].weights[1][1]: expected a finite number, got NaN"),
    ("Infinity", HAND_WRITTEN.replace("[0.7]", "[Infinity]"),
     "layers[1].weights[0][0]: expected a finite number, got Infinity"),
    ("-Infinity", HAND_WRITTEN.replace("0.1, 0.2", "-Infinity, 0.2"),
     "layers[0].weights[0][0]: expected a finite number, got -Infinity"),
    ("overflowing literal", HAND_WRITTEN.replace("[0.8]", "[1e400]"),
     "layers[1].weights[1][0]: expected a finite number, got Infinity"),
    ("overflowing integer", HAND_WRITTEN.replace("[0.8]", "[" + "9" * 400 + "]"),
     "layers[1].weights[1][0]: expected a finite number, got 999999999999...999999 (400 digits)"),
    # biases
    ("biases too short", mutated(set_in(["layers", 0, "biases"], [0.0, 0.0])),
     "layers[0].biases: expected 3 numbers (one per column of weights), got 2"),
    ("biases a number", mutated(set_in(["layers", 0, "biases"], 0.0)),
     "layers[0].biases: expected a list of numbers or null, got a number (0.0)"),
    ("biases NaN", HAND_WRITTEN.replace("[0.0, 0.0, 0.0]", "[0.0, NaN, 0.0]"),
     "layers[0].biases[1]: expected a finite number, got NaN"),
    ("biases string", mutated(set_in(["layers", 0, "biases"], "none")),
     'layers[0].biases: expected a list of numbers or null, got a string ("none")'),
    # activations
    ("unknown activation", mutated(set_in(["layers", 0, "activation"], "swish")),
     'layers[0].activation: unknown activation "swish" (known: gaussian, linear, piecewise_linear, '
     'relu, sigmoid, softmax, step, tanh)'),
    ("activation wrong case", mutated(set_in(["layers", 0, "activation"], "Tanh")),
     'layers[0].activation: unknown activation "Tanh"'),
    ("unknown activation in object", mutated(set_in(["layers", 1, "activation"], {"name": "elu"})),
     'layers[1].activation.name: unknown activation "elu"'),
    ("activation without name", mutated(set_in(["layers", 1, "activation"], {"beta": 2.0})),
     'layers[1].activation: missing key "name"'),
    ("activation name not a string", mutated(set_in(["layers", 1, "activation"], {"name": 3})),
     "layers[1].activation.name: expected an activation name (a string), got a number (3)"),
    ("activation a number", mutated(set_in(["layers", 1, "activation"], 1)),
     'layers[1].activation: expected an activation name or an object {"name": ...}, got a number (1)'),
    ("activation null", mutated(set_in(["layers", 1, "activation"], None)),
     'layers[1].activation: expected an activation name or an object {"name": ...}, got null'),
    ("unknown parameter", mutated(set_in(["layers", 1, "activation"], {"name": "sigmoid", "gain": 2.0})),
     'layers[1].activation: unknown parameter "gain" for sigmoid (it takes beta)'),
    ("parameter for a parameterless activation",
     mutated(set_in(["layers", 0, "activation"], {"name": "tanh", "beta": 2.0})),
     'layers[0].activation: unknown parameter "beta" for tanh (it takes none)'),
    ("parameter a string", mutated(set_in(["layers", 1, "activation"], {"name": "sigmoid", "beta": "2"})),
     'layers[1].activation.beta: expected a number, got a string ("2")'),
    ("parameter a boolean", mutated(set_in(["layers", 1, "activation"], {"name": "sigmoid", "beta": False})),
     "layers[1].activation.beta: expected a number, got a boolean (false)"),
    ("parameter NaN", HAND_WRITTEN.replace('"beta": 2.0', '"beta": NaN'),
     "layers[1].activation.beta: expected a finite number, got NaN"),
    ("gaussian sigma zero", mutated(set_in(["layers", 1, "activation"], {"name": "gaussian", "sigma": 0})),
     "layers[1].activation: gaussian: sigma must be positive, got 0.0"),
    ("piecewise bounds reversed",
     mutated(set_in(["layers", 1, "activation"], {"name": "piecewise_linear", "x_min": 1, "x_max": -1})),
     "layers[1].activation: piecewise_linear: x_min (1.0) must be less than x_max (-1.0)"),
    ("softmax in a hidden layer", mutated(set_in(["layers", 0, "activation"], "softmax")),
     "layers[0].activation: softmax is supported only in the output layer (the last one)"),
]


@pytest.mark.parametrize("text,expected", [(t, e) for _, t, e in MALFORMED_MODELS],
                         ids=[n for n, _, _ in MALFORMED_MODELS])
def test_malformed_model(tmp_path, text, expected):
    msg = load_model_error(tmp_path, text)
    assert msg.startswith(expected), "got %r" % msg


def test_not_utf8(tmp_path):
    assert load_model_error(tmp_path, b'{"format": "\xff"}') == "not UTF-8 text (byte 12)"


def test_missing_file(tmp_path):
    path = str(tmp_path / "nope.json")
    with pytest.raises(FileFormatError) as info:
        files.load_model(path)
    assert str(info.value) == path + ": cannot read: No such file or directory"


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(FileFormatError) as info:
        files.load_model(str(tmp_path))
    assert str(info.value).startswith(str(tmp_path) + ": cannot read: ")


def test_file_format_error_is_a_value_error():
    assert issubclass(FileFormatError, ValueError)


def test_model_from_dict_without_where():
    d = good_model()
    d["layers"][0]["weights"][1] = [0.4, 0.5]
    with pytest.raises(FileFormatError) as info:
        files.model_from_dict(d)
    assert str(info.value) == "layers[0].weights[1]: expected 3 numbers, got 2"


def test_never_evaluates():
    # strings that would do something if evaluated stay strings and are rejected as such
    d = good_model()
    d["layers"][0]["weights"][0][0] = "__import__('os').system('false')"
    with pytest.raises(FileFormatError):
        files.model_from_dict(d)


# ----------------------------------------------------------------------------------------------
# atomic writes

def test_save_model_leaves_no_temporary_file(tmp_path):
    net = files.model_from_dict(good_model())
    files.save_model(str(tmp_path / "m.json"), net)
    assert sorted(os.listdir(str(tmp_path))) == ["m.json"]


def test_refusing_nan_leaves_the_old_file(tmp_path):
    path = str(tmp_path / "m.json")
    files.write_json_atomic(path, {"a": 1.0})
    before = open(path, "rb").read()
    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(ValueError):
            files.write_json_atomic(path, {"a": [1.0, bad]})
    assert open(path, "rb").read() == before
    assert os.listdir(str(tmp_path)) == ["m.json"]


def test_failed_replace_removes_the_temporary_file(tmp_path):
    target = tmp_path / "a_folder"
    target.mkdir()
    (target / "x").write_text("keep")     # os.replace cannot replace a non-empty folder by a file
    with pytest.raises(OSError):
        files.write_json_atomic(str(target), {"a": 1})
    assert sorted(os.listdir(str(tmp_path))) == ["a_folder"]


def test_write_into_missing_folder_fails_cleanly(tmp_path):
    with pytest.raises(OSError):
        files.write_json_atomic(str(tmp_path / "no" / "m.json"), {"a": 1})
    assert os.listdir(str(tmp_path)) == []


def test_dumps_is_deterministic_and_ascii():
    obj = {"comment": "w^3_12 \u2212 0.5", "m": [[1.0, 2.5], [3.0, -0.0]], "empty": [], "none": None,
           "t": True, "n": 3}
    text = files.dumps(obj)
    assert text == files.dumps(copy.deepcopy(obj))
    text.encode("ascii")
    assert json.loads(text) == obj
    assert '"m": [\n    [1.0, 2.5],\n    [3.0, -0.0]\n  ]' in text


# ----------------------------------------------------------------------------------------------
# the data file

def data_error(tmp_path, d, net=None):
    path = write(tmp_path, "d.json", d if isinstance(d, str) else json.dumps(d))
    with pytest.raises(FileFormatError) as info:
        files.load_data(path, net)
    msg = str(info.value)
    assert "\n" not in msg and msg.startswith(path + ": ")
    return msg[len(path) + 2:]


def test_data_loads(tmp_path):
    path = write(tmp_path, "d.json", json.dumps({"inputs": [[1, 2]], "targets": [[0.5]]}))
    X, Y = files.load_data(path)
    assert X == [[1.0, 2.0]] and Y == [[0.5]]
    assert isinstance(X[0][0], float)


def bad_data(**changes):
    d = good_data()
    d.update(changes)
    return d


MALFORMED_DATA = [
    ("unknown key", bad_data(weights=[]), 'unknown key "weights" (expected "inputs", "targets")'),
    ("missing targets", {"inputs": [[1.0]]}, 'missing key "targets"'),
    ("inputs empty", bad_data(inputs=[]), "inputs: expected a non-empty list of rows, got []"),
    ("inputs flat", bad_data(inputs=[1.0, 2.0]), "inputs[0]: expected a list of numbers, got a number (1.0)"),
    ("sample lengths differ", bad_data(inputs=[[1.0, 2.0], [0.5]]), "inputs[1]: expected 2 numbers, got 1"),
    ("target lengths differ", bad_data(targets=[[1.0], [0.0, 1.0]]), "targets[1]: expected 1 number, got 2"),
    ("fewer targets", bad_data(targets=[[1.0]]), "targets: expected 2 samples (one per input), got 1"),
    ("string in targets", bad_data(targets=[[1.0], ["0"]]),
     'targets[1][0]: expected a number, got a string ("0")'),
    ("boolean in inputs", bad_data(inputs=[[1.0, False], [0.5, -1.0]]),
     "inputs[0][1]: expected a number, got a boolean (false)"),
    ("NaN in inputs", '{"inputs": [[1.0, NaN]], "targets": [[1.0]]}',
     "inputs[0][1]: expected a finite number, got NaN"),
    ("top-level list", [[1.0]], "expected an object {...}, got a list"),
]


@pytest.mark.parametrize("d,expected", [(d, e) for _, d, e in MALFORMED_DATA],
                         ids=[n for n, _, _ in MALFORMED_DATA])
def test_malformed_data(tmp_path, d, expected):
    assert data_error(tmp_path, d) == expected


def test_data_checked_against_the_model(tmp_path):
    net = files.model_from_dict(good_model())                # 2 inputs, 1 output
    assert data_error(tmp_path, bad_data(inputs=[[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]), net) == \
        "inputs[0]: expected 2 numbers (the neurons of layer 1 of the model), got 3"
    assert data_error(tmp_path, bad_data(targets=[[1.0, 0.0], [0.0, 1.0]]), net) == \
        "targets[0]: expected 1 number (the neurons of layer 3 of the model), got 2"


# ----------------------------------------------------------------------------------------------
# the gradient file

def grads_for(net):
    J, gw, gb = gradient(net, [[1.0, 2.0], [0.5, -1.0]], [[1.0], [0.0]], "half_squared_error")
    return J, gw, gb


def test_gradient_round_trip(tmp_path):
    net = files.model_from_dict(good_model())
    J, gw, gb = grads_for(net)
    path = str(tmp_path / "g.json")
    files.write_json_atomic(path, files.gradients_to_dict(J, gw, gb))
    J2, gw2, gb2 = files.load_gradients(path, net)
    assert J2 == J and gw2 == gw and gb2 == gb
    assert gw2[0] is None and gw2[1] is None and gb2[3] is None


def gradient_error(tmp_path, mutate):
    net = files.model_from_dict(good_model())
    d = json.loads(files.dumps(files.gradients_to_dict(*grads_for(net))))
    text = mutate(d)
    path = write(tmp_path, "g.json", text if isinstance(text, str) else json.dumps(d))
    with pytest.raises(FileFormatError) as info:
        files.load_gradients(path, net)
    msg = str(info.value)
    assert "\n" not in msg and msg.startswith(path + ": ")
    return msg[len(path) + 2:]


def test_malformed_gradients(tmp_path):
    assert gradient_error(tmp_path, lambda d: d.pop("loss")) == 'missing key "loss"'
    assert (gradient_error(tmp_path, lambda d: d["layers"].pop())
            == "layers: expected 2 layers (as in the model), got 1")
    assert gradient_error(tmp_path, lambda d: d["layers"][0]["weights"].pop()) == \
        "layers[0].weights: expected 2 rows (as in the model's layers[0].weights), got 1"
    assert gradient_error(tmp_path, lambda d: d["layers"][1]["weights"][2].append(0.0)) == \
        "layers[1].weights[2]: expected 1 number, got 2"
    assert gradient_error(tmp_path, lambda d: d["layers"][0].update(biases=None)) == \
        "layers[0].biases: expected 3 numbers: the model's layer 2 has biases, got null"
    assert gradient_error(tmp_path, lambda d: d["layers"][1].update(biases=[0.0])) == \
        "layers[1].biases: expected null: the model's layer 3 has no biases"
    assert gradient_error(tmp_path, lambda d: d["layers"][1].update(gradient=1)) == \
        'layers[1]: unknown key "gradient" (expected "weights", "biases")'
    assert gradient_error(tmp_path, lambda d: json.dumps(dict(d, loss=float("nan")))) == \
        "loss: expected a finite number, got NaN"
    assert gradient_error(tmp_path, lambda d: d["layers"][0]["weights"][0].__setitem__(0, "x")) == \
        'layers[0].weights[0][0]: expected a number, got a string ("x")'


def test_gradients_to_dict_layout():
    net = files.model_from_dict(good_model())
    J, gw, gb = grads_for(net)
    d = files.gradients_to_dict(J, gw, gb)
    assert list(d) == ["loss", "layers"]
    assert d["layers"][0]["weights"][1][2] == gw[2][1][2]
    assert d["layers"][1]["biases"] is None
    assert math.isfinite(d["loss"])


def test_init_network_models_round_trip(tmp_path):
    for seed, acts in ((1, "tanh"), (2, ["relu", "relu", "softmax"]),
                       (3, [{"name": "gaussian", "mu": 0.5}, "sigmoid", "linear"])):
        net = init_network([3, 4, 2, 2], acts, bias=seed != 1, seed=seed)
        path = str(tmp_path / ("m%d.json" % seed))
        files.save_model(path, net)
        back = files.load_model(path)
        assert files.model_to_dict(back) == files.model_to_dict(net)


def test_messages_stay_one_line_and_short(tmp_path):
    d = good_model()
    d["line\nbreak" + "x" * 500] = 1
    msg = load_model_error(tmp_path, json.dumps(d))
    assert msg.startswith('unknown key "line\\nbreakxxx') and len(msg) < 200
    d = good_model()
    d["layers"][0]["activation"] = "tan\nh" * 100
    msg = load_model_error(tmp_path, json.dumps(d))
    assert msg.startswith('layers[0].activation: unknown activation "tan\\nh') and len(msg) < 200


def test_deeply_nested_json_is_an_error_not_a_crash(tmp_path):
    msg = load_model_error(tmp_path, "[" * 100000 + "]" * 100000)
    assert "not valid JSON" in msg or "expected an object" in msg


def test_another_kind_of_file_is_named_by_its_format(tmp_path):
    vectors_file = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                                "vectors", "papers.json")
    with pytest.raises(FileFormatError) as info:
        files.load_model(vectors_file)
    assert str(info.value) == vectors_file + ': format: expected "purenet.model", got "purenet.vectors"'
