"""Model, data and gradient files: JSON that other implementations can read and write.

The formats are documented for a newcomer in ``docs/formats.md``; in short:

- **model**: ``{"format": "purenet.model", "version": 1, "layers": [LAYER, ...]}`` with one LAYER
  per layer l = 2 … L, in order: ``{"activation": NAME or {"name": NAME, ...parameters},
  "weights": [[...], ...], "biases": [...] or null}``. ``weights[i][j]`` is w_ij^l exactly as in
  the core (row i = neuron i of layer l−1, column j = neuron j of layer l), so Z = A·W + B.
- **data**: ``{"inputs": [[...], ...], "targets": [[...], ...]}``, one row per sample.
- **gradients** (what ``python -m purenet grad`` prints): ``{"loss": J, "layers": [{"weights":
  ..., "biases": ... or null}, ...]}``: J and ∂J/∂w_ij^l, ∂J/∂b_j^l in the model's layout.

Numbers are written with ``repr`` (the shortest text that reads back as the same double), so a
saved model round-trips bit for bit. Reading validates everything before building anything and
raises ``FileFormatError`` with a one-line message naming the place, for example
``model.json: layers[1].weights[2]: expected 3 numbers, got 2``. Nothing is ever evaluated (no
pickle, no eval): the files are parsed by ``json`` and checked key by key.

Files read are limited in size (``jsontext.MAX_FILE_SIZE``, 32 MiB by default; ``max_bytes``
raises it): reading stops there, so ``/dev/zero`` or a runaway pipe is refused, not read until
memory runs out. JSON text in and out is ``jsontext.py``; atomic writing is ``outputs.py``.

Host-only (CPython, PyPy); the core never imports it.
"""

import json

from ...activations import ActivationError, get_activation
from ...bits import finite
from ...checks import count
from ...losses import get_loss
from ...network import Network
from .jsontext import FileFormatError, clip, kind_of, show_value

MODEL_FORMAT = "purenet.model"
MODEL_VERSION = 1

# ---------------------------------------------------------------------------------------------
# validation helpers: each takes the place (a path into the JSON document) for its messages

class Checker:
    """Raises FileFormatError("<where>: <place>: <message>")."""

    def __init__(self, where):
        self.where = where

    def fail(self, place, message):
        parts = [p for p in (self.where, place) if p]
        raise FileFormatError(": ".join(parts + [message]))

    def obj(self, value, place, required, optional=()):
        """A JSON object with exactly the required keys (and perhaps some optional ones)."""
        if not isinstance(value, dict):
            self.fail(place, "expected an object {...}, got %s" % kind_of(value))
        for k in value:
            if k not in required and k not in optional:
                known = list(required) + list(optional)
                self.fail(place, "unknown key %s (expected %s)" % (
                    clip(json.dumps(k)), ", ".join(json.dumps(x) for x in known)))
        for k in required:
            if k not in value:
                self.fail(place, "missing key %s" % json.dumps(k))
        return value

    def number(self, value, place):
        """A finite JSON number (not a boolean, not NaN/Infinity, not too large for a double)."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(place, "expected a number, got %s" % kind_of(value))
        try:
            x = float(value)
        except OverflowError:
            x = float("inf")
        if not finite(x):
            self.fail(place, "expected a finite number, got %s" % show_value(value))
        return x

    def numbers(self, value, place, n=None, what="numbers"):
        """A list of finite numbers, of length n when n is given (non-empty otherwise)."""
        if not isinstance(value, list):
            self.fail(place, "expected a list of numbers, got %s" % kind_of(value))
        if n is not None and len(value) != n:
            what = what if n != 1 else what.replace("numbers", "number", 1)
            self.fail(place, "expected %d %s, got %d" % (n, what, len(value)))
        if n is None and len(value) == 0:
            self.fail(place, "expected a non-empty list of numbers, got []")
        return [self.number(value[k], "%s[%d]" % (place, k)) for k in range(len(value))]

    def matrix(self, value, place, rows=None, cols=None, rows_what="rows"):
        """A list of equal-length rows of finite numbers; returns (matrix, columns)."""
        if not isinstance(value, list):
            self.fail(place, "expected a list of rows [[...], ...], got %s" % kind_of(value))
        if rows is not None and len(value) != rows:
            self.fail(place, "expected %d rows (%s), got %d" % (rows, rows_what, len(value)))
        if len(value) == 0:
            self.fail(place, "expected a non-empty list of rows, got []")
        m = []
        for i in range(len(value)):
            row = self.numbers(value[i], "%s[%d]" % (place, i), cols)
            if cols is None:
                cols = len(row)
            m.append(row)
        return m, cols


# ---------------------------------------------------------------------------------------------
# the model file

def activation_spec(c, value, place):
    """An activation: a name, or {"name": ..., parameters}. The JSON types (a string, an object,
    numbers) are checked here; the spec itself by ``activations.get_activation``, the one
    validator of activation specs, whose errors say which key they are about."""
    if isinstance(value, dict):
        if "name" in value and not isinstance(value["name"], str):
            c.fail(place + ".name", "expected an activation name (a string), got %s" % kind_of(value["name"]))
        spec = {}
        for k in value:
            spec[k] = value[k] if k == "name" else c.number(value[k], "%s.%s" % (place, k))
    elif isinstance(value, str):
        spec = value
    else:
        c.fail(place, "expected an activation name or an object {\"name\": ...}, got %s" % kind_of(value))
    try:
        return get_activation(spec)
    except ActivationError as e:
        c.fail(place if e.key is None else "%s.%s" % (place, e.key), str(e))


def layer_activations(specs, n_layers, given_for):
    """One activation spec per layer 2 … L from a list in ``init --activation``'s form: one spec
    (every layer), two (hidden, output), or one per layer. ValueError saying what fits otherwise;
    ``given_for`` names the network in the message (``--sizes 2,3,1``)."""
    n = len(specs)
    if n == 1:
        return [specs[0]] * n_layers
    if n == n_layers:
        return list(specs)
    if n == 2 and n_layers == 1:
        raise ValueError("a network with %s has no hidden layer; give one name" % given_for)
    if n == 2:
        return [specs[0]] * (n_layers - 1) + [specs[1]]
    if n_layers > 2:
        choices = ("one name for every layer, two for the hidden layers and the output layer, or one "
                   "per layer (%d names for layers 2..%d)" % (n_layers, n_layers + 1))
    else:
        choices = "one name for every layer or one per layer (%s)" % count(n_layers, "name")
    raise ValueError("%s given for %s; give %s" % (count(n, "name"), given_for, choices))


def model_from_dict(d, where=""):
    """A Network from a parsed model file; FileFormatError naming the place if anything is wrong.

    Everything is validated before the Network is built, so a bad file never half-loads."""
    c = Checker(where)
    if isinstance(d, dict) and "format" in d and d["format"] != MODEL_FORMAT:
        pass                    # say first that it is not a model file at all (below)
    else:
        c.obj(d, "", ("format", "version", "layers"))
    if d["format"] != MODEL_FORMAT:
        c.fail("format", "expected %s, got %s" % (json.dumps(MODEL_FORMAT), kind_of(d["format"])
                                                   if not isinstance(d["format"], str)
                                                   else json.dumps(d["format"])))
    v = d["version"]
    if isinstance(v, bool) or not isinstance(v, int):
        c.fail("version", "expected the integer %d, got %s" % (MODEL_VERSION, kind_of(v)))
    if v != MODEL_VERSION:
        c.fail("version", "this purenet reads version %d; the file has version %d" % (MODEL_VERSION, v))
    layers = d["layers"]
    if not isinstance(layers, list):
        c.fail("layers", "expected a list of layers, got %s" % kind_of(layers))
    if len(layers) == 0:
        c.fail("layers", "expected at least one layer (layer 2), got []")
    weights, biases, activations = [], [], []
    n_prev = None
    L = len(layers) + 1
    for k in range(len(layers)):
        p = "layers[%d]" % k
        l = k + 2
        layer = c.obj(layers[k], p, ("activation", "weights", "biases"))
        s = activation_spec(c, layer["activation"], p + ".activation")
        if not s.elementwise and l != L:
            c.fail(p + ".activation", "%s is supported only in the output layer (the last one)" % s.name)
        if n_prev is None:
            w, cols = c.matrix(layer["weights"], p + ".weights")
        else:
            w, cols = c.matrix(layer["weights"], p + ".weights", rows=n_prev,
                               rows_what="one per neuron of layer %d: layers[%d] has %d columns"
                               % (l - 1, k - 1, n_prev))
        b = layer["biases"]
        if b is not None:
            if not isinstance(b, list):
                c.fail(p + ".biases", "expected a list of numbers or null, got %s" % kind_of(b))
            b = c.numbers(b, p + ".biases", cols, "numbers (one per column of weights)")
        weights.append(w)
        biases.append(b)
        activations.append(s)
        n_prev = cols
    try:
        return Network(weights, biases, activations)
    except (ValueError, TypeError) as e:     # not expected after the checks above
        c.fail("", str(e))


def model_to_dict(net):
    """The model-file object of a Network (copies of its lists; activations by ``spec()``)."""
    layers = []
    for w, b, s in net.layers():
        layers.append({"activation": s.spec(),
                       "weights": [list(row) for row in w],
                       "biases": None if b is None else list(b)})
    return {"format": MODEL_FORMAT, "version": MODEL_VERSION, "layers": layers}


# ---------------------------------------------------------------------------------------------
# the data file

def data_from_dict(d, where="", net=None, need_targets=True, loss=None):
    """(X, Y) from a parsed data file: non-empty, every input of one length, every target of one
    length, as many targets as inputs. With ``net``, every input must also have n^1 numbers and
    every target n^L (the message names the sample and the layer). With ``loss``, every target
    must lie in its domain (cross-entropy: [0, 1]). With ``need_targets=False`` (the forward
    pass) "targets" may be left out, and Y is then None."""
    c = Checker(where)
    c.obj(d, "", ("inputs", "targets") if need_targets else ("inputs",),
          () if need_targets else ("targets",))
    X, n_in = c.matrix(d["inputs"], "inputs")
    Y, n_out = None, None
    if "targets" in d:
        Y, n_out = c.matrix(d["targets"], "targets")
        if len(X) != len(Y):
            c.fail("targets", "expected %d samples (one per input), got %d" % (len(X), len(Y)))
    if net is not None:
        for name, n, want, l in (("inputs", n_in, net.sizes[0], 1), ("targets", n_out, net.sizes[-1], net.L)):
            if n is not None and n != want:
                c.fail("%s[0]" % name, "expected %s (the neurons of layer %d of the model), got %d"
                       % (count(want, "number"), l, n))
    if loss is not None and Y is not None and get_loss(loss).name == "cross_entropy":
        for k in range(len(Y)):
            for j in range(len(Y[k])):
                if not 0.0 <= Y[k][j] <= 1.0:
                    c.fail("targets[%d][%d]" % (k, j), "expected a probability in [0, 1] for "
                           "cross_entropy, got %r" % Y[k][j])
    return X, Y


def data_to_dict(X, Y):
    return {"inputs": [list(x) for x in X], "targets": [list(y) for y in Y]}


# ---------------------------------------------------------------------------------------------
# the gradient file

def gradients_to_dict(J, gw, gb):
    """``{"loss": J, "layers": [{"weights": ∂J/∂w^l, "biases": ∂J/∂b^l or None}, ...]}`` from the
    padded lists of ``backprop.gradient`` (gw[0] = gw[1] = None)."""
    return {"loss": J,
            "layers": [{"weights": [list(row) for row in gw[l]],
                        "biases": None if gb[l] is None else list(gb[l])}
                       for l in range(2, len(gw))]}


def gradients_from_dict(d, net, where=""):
    """(J, gw, gb) from a parsed gradient file, checked against the network's layout: the same
    number of layers, the same shapes, biases exactly where the model has them. gw and gb are
    padded like ``backprop.gradient``'s (index = layer number)."""
    c = Checker(where)
    c.obj(d, "", ("loss", "layers"))
    J = c.number(d["loss"], "loss")
    layers = d["layers"]
    if not isinstance(layers, list):
        c.fail("layers", "expected a list of layers, got %s" % kind_of(layers))
    if len(layers) != net.L - 1:
        c.fail("layers", "expected %d layers (as in the model), got %d" % (net.L - 1, len(layers)))
    gw, gb = [None, None], [None, None]
    for k in range(len(layers)):
        l = k + 2
        p = "layers[%d]" % k
        layer = c.obj(layers[k], p, ("weights", "biases"))
        rows, cols = len(net.w[l]), len(net.w[l][0])
        w, _ = c.matrix(layer["weights"], p + ".weights", rows=rows, cols=cols,
                        rows_what="as in the model's layers[%d].weights" % k)
        b = layer["biases"]
        if net.b[l] is None:
            if b is not None:
                c.fail(p + ".biases", "expected null: the model's layer %d has no biases" % l)
        else:
            if b is None:
                c.fail(p + ".biases", "expected %s: the model's layer %d has biases, got null"
                       % (count(cols, "number"), l))
            if not isinstance(b, list):
                c.fail(p + ".biases", "expected a list of numbers, got %s" % kind_of(b))
            b = c.numbers(b, p + ".biases", cols)
        gw.append(w)
        gb.append(b)
    return J, gw, gb
