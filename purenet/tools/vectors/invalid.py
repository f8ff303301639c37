"""The invalid files of the conformance vectors: model, data and gradient files that a reader of
purenet's formats must reject (Wycheproof's "invalid" results), each with purenet's one-line message.

Each case is the base file of its kind with one piece of text replaced, so that exactly one thing
is wrong; the message names the place (``layers[1].weights[2]``) before the first ``": "``.
``vectors/invalid.json`` is written from here by ``conformance.write_vectors``.
"""

from .. import files
from .common import GENERATOR, VECTORS_FORMAT, VECTORS_VERSION, notes_for

_BASE_MODEL = ('{"format": "purenet.model", "version": 1, "layers": ['
               '{"activation": "tanh", "weights": [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], '
               '"biases": [0.0, 0.0, 0.0]}, '
               '{"activation": {"name": "sigmoid", "beta": 2.0}, "weights": [[0.7], [0.8], [0.9]], '
               '"biases": null}]}')
_BASE_DATA = '{"inputs": [[1.0, 2.0], [0.5, -1.0]], "targets": [[1.0], [0.0]]}'
_BASE_GRADIENTS = ('{"loss": 0.5, "layers": [{"weights": [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], '
                   '"biases": [0.0, 0.0, 0.0]}, {"weights": [[0.7], [0.8], [0.9]], "biases": null}]}')

# (kind, comment, old, new): the base file with the text old replaced by new ("" old: whole text)
_INVALID = [
    ("model", "not JSON: the text ends early", '"biases": null}]}', '"biases": null}]'),
    ("model", "a key appears twice in one object", '"version": 1,', '"version": 1, "version": 1,'),
    ("model", "an unknown top-level key", '"version": 1,', '"version": 1, "comment": "x",'),
    ("model", "the format is missing", '"format": "purenet.model", ', ""),
    ("model", "a different format", '"purenet.model"', '"keras.model"'),
    ("model", "a version this reader does not know", '"version": 1', '"version": 2'),
    ("model", "the version as a string", '"version": 1', '"version": "1"'),
    ("model", "an empty list of layers", "", '{"format": "purenet.model", "version": 1, "layers": []}'),
    ("model", "a layer key misspelled (bias for biases)", '"biases": null', '"bias": null'),
    ("model", "a layer without the biases key (null is required)", ', "biases": null', ""),
    ("model", "a ragged weight matrix", "[0.4, 0.5, 0.6]", "[0.4, 0.5]"),
    ("model", "shapes that do not chain: layer 3 has 2 rows but layer 2 has 3 neurons",
     "[[0.7], [0.8], [0.9]]", "[[0.7], [0.8]]"),
    ("model", "biases of the wrong length", '"biases": [0.0, 0.0, 0.0]', '"biases": [0.0, 0.0]'),
    ("model", "a weight written as a string", "0.2,", '"0.2",'),
    ("model", "a weight written as a boolean", "0.2,", "true,"),
    ("model", "a weight that is null", "0.2,", "null,"),
    ("model", "NaN (which Python's json accepts)", "0.5,", "NaN,"),
    ("model", "Infinity", "[0.7]", "[Infinity]"),
    ("model", "-Infinity", "[0.8]", "[-Infinity]"),
    ("model", "a literal too large for a double", "[0.9]", "[1e400]"),
    ("model", "an unknown activation", '"tanh"', '"swish"'),
    ("model", "activation names are case-sensitive", '"tanh"', '"Tanh"'),
    ("model", "an unknown activation parameter", '"beta": 2.0', '"gain": 2.0'),
    ("model", "a parameter for an activation that takes none", '"activation": "tanh"',
     '"activation": {"name": "tanh", "beta": 1.0}'),
    ("model", "a parameter that is not a number", '"beta": 2.0', '"beta": "2"'),
    ("model", "gaussian with sigma = 0", '{"name": "sigmoid", "beta": 2.0}',
     '{"name": "gaussian", "sigma": 0}'),
    ("model", "piecewise_linear with x_min >= x_max", '{"name": "sigmoid", "beta": 2.0}',
     '{"name": "piecewise_linear", "x_min": 1, "x_max": 1}'),
    ("model", "softmax in a hidden layer", '"activation": "tanh"', '"activation": "softmax"'),
    ("data", "an unknown key", '"targets"', '"labels"'),
    ("data", "inputs of different lengths", "[0.5, -1.0]", "[0.5]"),
    ("data", "fewer targets than inputs", ', [0.0]]', "]"),
    ("data", "inputs that do not fit the model's 2 input neurons", "[[1.0, 2.0], [0.5, -1.0]]",
     "[[1.0, 2.0, 3.0], [0.5, -1.0, 0.0]]"),
    ("data", "a NaN target", "[0.0]]", "[NaN]]"),
    ("gradients", "a gradient without the loss", '"loss": 0.5, ', ""),
    ("gradients", "biases where the model has none", '"biases": null', '"biases": [0.0]'),
    ("gradients", "null biases where the model has biases", '"biases": [0.0, 0.0, 0.0]', '"biases": null'),
    ("gradients", "a gradient matrix of the wrong shape", "[[0.7], [0.8], [0.9]]", "[[0.7], [0.8]]"),
    ("gradients", "a NaN in the gradient", "0.3]", "NaN]"),
    # checks a reader's validator may skip (numbers, versions, sample counts and
    # lengths, empty lists, activation objects and their parameters), each found by a wrong reader
    ("model", "the whole file is a list, not an object", "", "[]"),
    ("model", "the version is missing", '"version": 1, ', ""),
    ("model", "the version as a boolean", '"version": 1', '"version": true'),
    ("model", "the version 1.5 (not an integer)", '"version": 1', '"version": 1.5'),
    ("model", "the version 0", '"version": 1', '"version": 0'),
    ("model", "layers as an object, not a list", "",
     '{"format": "purenet.model", "version": 1, "layers": {}}'),
    ("model", "an empty weight matrix", "[[0.7], [0.8], [0.9]]", "[]"),
    ("model", "an empty row in the first weight matrix", "[[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]",
     "[[], []]"),
    ("model", "empty biases for a layer of 3 neurons", '"biases": [0.0, 0.0, 0.0]', '"biases": []'),
    ("model", "biases as a number, not a list", '"biases": [0.0, 0.0, 0.0]', '"biases": 0.0'),
    ("model", "a weight that is a list", "0.2,", "[0.2],"),
    ("model", "a weight row that is a number", "[0.4, 0.5, 0.6]", "0.4"),
    ("model", "a bias written as a string", '"biases": [0.0, 0.0, 0.0]', '"biases": [0.0, "0", 0.0]'),
    ("model", "an activation object without a name", '{"name": "sigmoid", "beta": 2.0}', '{"beta": 2.0}'),
    ("model", "an activation name that is not a string", '{"name": "sigmoid", "beta": 2.0}',
     '{"name": 1, "beta": 2.0}'),
    ("model", "an activation given as a number", '"activation": "tanh"', '"activation": 3'),
    ("model", "an activation given as a list", '"activation": "tanh"', '"activation": ["tanh"]'),
    ("model", "an activation that is null", '"activation": "tanh"', '"activation": null'),
    ("model", "a parameter of another activation (beta for gaussian)", '{"name": "sigmoid", "beta": 2.0}',
     '{"name": "gaussian", "beta": 2.0}'),
    ("model", "a parameter that is a boolean", '"beta": 2.0', '"beta": true'),
    ("model", "a parameter that is null", '"beta": 2.0', '"beta": null'),
    ("model", "a parameter that is NaN", '"beta": 2.0', '"beta": NaN'),
    ("model", "gaussian with a negative sigma", '{"name": "sigmoid", "beta": 2.0}',
     '{"name": "gaussian", "sigma": -0.5}'),
    ("model", "piecewise_linear with x_min > x_max (x_max given, x_min by default -1)",
     '{"name": "sigmoid", "beta": 2.0}', '{"name": "piecewise_linear", "x_max": -2.0}'),
    ("data", "the data is a list, not an object", "", "[[1.0, 2.0]]"),
    ("data", "no samples: empty inputs and targets", "", '{"inputs": [], "targets": []}'),
    ("data", "more targets than inputs", "[0.0]]", "[0.0], [1.0]]"),
    ("data", "targets of different lengths", "[0.0]]", "[0.0, 1.0]]"),
    ("data", "targets that do not fit the model's 1 output neuron", '"targets": [[1.0], [0.0]]',
     '"targets": [[1.0, 0.0], [0.0, 1.0]]'),
    ("data", "an empty input", "[0.5, -1.0]", "[]"),
    ("data", "an input written as a string", "[0.5, -1.0]", '[0.5, "-1.0"]'),
    ("data", "a target that is a boolean", "[0.0]]", "[false]]"),
    ("data", "the targets are missing", ', "targets": [[1.0], [0.0]]', ""),
    ("gradients", "the loss as a string", '"loss": 0.5', '"loss": "0.5"'),
    ("gradients", "the loss is NaN", '"loss": 0.5', '"loss": NaN'),
    ("gradients", "one layer fewer than the model",
     ', {"weights": [[0.7], [0.8], [0.9]], "biases": null}', ""),
    ("gradients", "an unknown key in a layer", '"biases": null}', '"biases": null, "bias": null}'),
    ("gradients", "an empty gradient matrix", "[[0.7], [0.8], [0.9]]", "[]"),
    ("model", "a layer of zero neurons whose shapes are otherwise consistent (2 rows of 0 weights, "
     "0 biases)", "", '{"format": "purenet.model", "version": 1, "layers": [{"activation": "tanh", '
     '"weights": [[], []], "biases": []}]}'),
]


def group_invalid():
    """Files that must be rejected, each with purenet's one-line message (the place it names)."""
    base = {"model": _BASE_MODEL, "data": _BASE_DATA, "gradients": _BASE_GRADIENTS}
    net = files.model_from_dict(files.parse_json(_BASE_MODEL))
    cases = []
    for kind, comment, old, new in _INVALID:
        text = base[kind] if old else ""
        if old and old not in text:
            raise AssertionError("invalid vector %r: %r is not in the base %s file" % (comment, old, kind))
        text = text.replace(old, new, 1) if old else new
        try:
            d = files.parse_json(text)
            if kind == "model":
                files.model_from_dict(d)
            elif kind == "data":
                files.data_from_dict(d, net=net)
            else:
                files.gradients_from_dict(d, net)
        except files.FileFormatError as e:
            error = str(e)
            if "not valid JSON: " in error:       # json's own wording varies between Pythons
                error = error[:error.index("not valid JSON: ") + len("not valid JSON")]
        else:
            raise AssertionError("invalid vector %r was accepted" % comment)
        cases.append({"id": "invalid-%03d" % (len(cases) + 1), "comment": comment,
                      "flags": ["invalid-" + kind], "kind": kind, "text": text, "result": "invalid",
                      "error": error})
    return {
        "format": VECTORS_FORMAT + ".invalid",
        "version": VECTORS_VERSION,
        "group": "invalid",
        "description": "Files that a reader of purenet's formats must reject, as JSON text (a string, "
                       "since NaN and broken JSON cannot be stored as values). Data and gradient "
                       "files are checked against base_model (a model file, stored as JSON text). "
                       "error is purenet's one-line message; the place it names, the text before "
                       "the first \": \" (the whole message when it has none), is the useful part "
                       "to compare.",
        "generator": GENERATOR,
        "notes": notes_for(cases),
        "base_model": _BASE_MODEL,
        "number_of_cases": len(cases),
        "cases": cases,
    }
