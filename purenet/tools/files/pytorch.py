"""purenet models in the ecosystem's weight files: a Network as the tensors of PyTorch's
``nn.Sequential`` of ``Linear`` layers and activation modules, in safetensors or ``.npz``
(``tensors.py`` reads and writes the files), and ``load``/``save`` chosen by the extension
(``.json``, ``.safetensors``, ``.npz``). ``docs/formats.md``, "Weight files", documents it all.

The mapping, for layers l = 2 … L in order:

- layer l is module k of the Sequential: ``k.weight`` [n^l, n^{l−1}] holds ``weight[j][i]`` =
  w_ij^l (PyTorch's Linear computes x·Wᵀ + b, so its matrix is purenet's transposed) and
  ``k.bias`` [n^l] holds b_j^l; a layer without biases has no ``k.bias`` (``Linear(bias=False)``);
- the first Linear is module 0; after it comes its activation module, except for a linear
  activation, which has none: the next Linear is module k + 2, or k + 1 after a linear layer;
- the activations (which hold no tensors) go in the metadata as ``purenet.activations``: a JSON
  list of the model file's activation specs, one per layer. A file from elsewhere has none, and
  ``activation=`` (``--activation``) names them; they must fit the module numbers of the names.

Host-only (CPython, PyPy); the core never imports it.
"""

import json
import os
import re
import struct

from ...bits import finite
from ...network import Network, param_name
from . import load_gradients as load_gradients_json
from . import load_model, save_model
from .dicts import Checker, activation_spec
from .jsontext import clip, parse_json
from .outputs import write_bytes_atomic
from .tensors import DTYPES, Fail, npz_bytes, read, safetensors_bytes, shape_text

METADATA_KEY = "purenet.activations"
LOSS_KEY = "loss"               # a gradient file's cost J, as the text of a number (optional)
EXTENSIONS = {".json": "json", ".safetensors": "safetensors", ".npz": "npz"}
PICKLES = (".pt", ".pth", ".bin", ".ckpt", ".pkl", ".pickle")
_NAME = re.compile(r"(0|[1-9][0-9]{0,8})\.(weight|bias)\Z")     # fullmatch: "0.bias\n" is no name


def _module(s):
    """PyTorch's module of activation s, as source text; None for linear (no module). The four
    PyTorch lacks are the modules docs/formats.md defines: Step, PiecewiseLinear, Gaussian and
    SigmoidBeta (a sigmoid with β ≠ 1)."""
    if s.name == "linear":
        return None
    if s.name == "sigmoid":
        return "nn.Sigmoid()" if s.beta == 1.0 else "SigmoidBeta(beta=%r)" % s.beta
    if s.name == "piecewise_linear":
        return "PiecewiseLinear(x_min=%r, x_max=%r, slope=%r, intercept=%r)" % (
            s.x_min, s.x_max, s.slope, s.intercept)
    if s.name == "gaussian":
        return "Gaussian(mu=%r, sigma=%r)" % (s.mu, s.sigma)
    return {"tanh": "nn.Tanh()", "relu": "nn.ReLU()", "step": "Step()",
            "softmax": "nn.Softmax(dim=-1)"}[s.name]


def modules_torch_lacks(net):
    """The names of the modules of ``sequential(net)`` that PyTorch lacks, in order, once each."""
    out = []
    for l in range(2, net.L + 1):
        m = _module(net.s[l])
        if m and not m.startswith("nn.") and m.split("(")[0] not in out:
            out.append(m.split("(")[0])
    return out


def sequential(net):
    """The PyTorch model that matches net, as source text: ``nn.Sequential(nn.Linear(2, 3),
    nn.Tanh(), nn.Linear(3, 1), nn.Sigmoid())``. Its ``state_dict`` has the names and shapes of
    ``network_to_tensors(net)``."""
    parts = []
    for w, b, s in net.layers():
        parts.append("nn.Linear(%d, %d%s)" % (len(w), len(w[0]), "" if b is not None else ", bias=False"))
        if _module(s):
            parts.append(_module(s))
    return "nn.Sequential(%s)" % ", ".join(parts)


def _modules(activations):
    """The module number of each layer's Linear: 0, then +1 after a linear layer, +2 otherwise."""
    out, k = [], 0
    for s in activations:
        out.append(k)
        k += 1 if s.name == "linear" else 2
    return out


def network_to_tensors(net):
    """([(name, shape, values)] in the Sequential's order, the metadata) of net: ``k.weight`` of
    shape [n^l, n^{l−1}] with weight[j][i] = w_ij^l, ``k.bias`` = b^l where the layer has biases."""
    named = []
    layers = net.layers()
    for (w, b, s), k in zip(layers, _modules([s for _, _, s in layers])):
        n_in, n_out = len(w), len(w[0])
        named.append(("%d.weight" % k, [n_out, n_in], [w[i][j] for j in range(n_out) for i in range(n_in)]))
        if b is not None:
            named.append(("%d.bias" % k, [n_out], list(b)))
    specs = [s.spec() for _, _, s in layers]
    return named, {METADATA_KEY: json.dumps(specs, separators=(",", ":"))}


def linear_layers(tensors):
    """How many Linear layers a file's tensors hold (names ``k.weight``)."""
    return sum(1 for name in tensors if _NAME.fullmatch(name) and name.endswith(".weight"))


def _activations(metadata, activation, n_layers, fail):
    if activation is None:
        if METADATA_KEY not in metadata:
            fail("no activations: the file has no %s metadata (files from PyTorch or NumPy have none); "
                 "name them with --activation in init's syntax (e.g. tanh,sigmoid)" % METADATA_KEY)
        place = "__metadata__.%s" % METADATA_KEY
        specs = parse_json(metadata[METADATA_KEY], ": ".join(p for p in (fail.where, place) if p))
        if not isinstance(specs, list) or len(specs) != n_layers:
            fail("%s: expected a list of %d activations (one per Linear layer), got %s"
                 % (place, n_layers, clip(metadata[METADATA_KEY])))
        c = Checker(fail.where)
        return [activation_spec(c, specs[k], "%s[%d]" % (place, k)) for k in range(n_layers)]
    if not isinstance(activation, (list, tuple)):
        activation = [activation] * n_layers
    if len(activation) != n_layers:
        fail("expected %d activations (one per Linear layer), got %d" % (n_layers, len(activation)))
    c = Checker(fail.where)
    return [activation_spec(c, a, "activation %d" % (k + 1)) for k, a in enumerate(activation)]


def _finite(t, name, l, fail):
    for k, x in enumerate(t.values):
        if not finite(x):
            if len(t.shape) == 2:
                j, i = divmod(k, t.shape[1])
                place = "%s[%d, %d] (%s)" % (name, j, i, param_name("w", l, i, j))
            else:
                place = "%s[%d] (%s)" % (name, k, param_name("b", l, k))
            fail("%s is %r: parameters must be finite" % (place, x))
    return t.values


def network_from_tensors(tensors, metadata=None, activation=None, where=""):
    """A Network from a Sequential's tensors ({name: Tensor}, ``read_tensors``). The activations
    come from ``activation`` (one spec, or a list with one per layer) or else from the metadata;
    they fix the module numbers of the Linear layers, which the names must match exactly."""
    fail = Fail(where)
    for name in tensors:
        if not _NAME.fullmatch(name):
            fail("unexpected tensor %s: purenet reads an nn.Sequential of Linear layers and activations "
                 "(0.weight, 0.bias, 2.weight, ...)" % clip(json.dumps(name)))
    n_layers = linear_layers(tensors)
    if n_layers == 0:
        fail("no Linear weights (0.weight, 2.weight, ...): the file holds %s"
             % (clip(", ".join(sorted(tensors)), 120) or "no tensors"))
    acts = _activations(metadata or {}, activation, n_layers, fail)
    modules = _modules(acts)
    layout = "the activations %s put the Linear layers at modules %s" % (
        clip(",".join(spec_text(s) for s in acts), 80), clip(", ".join(str(k) for k in modules), 60))
    for k in modules:
        if "%d.weight" % k not in tensors:
            fail("missing tensor %d.weight: %s; the file has %s" % (k, layout, clip(", ".join(
                n for n in tensors if n.endswith(".weight")), 60)))
    for name in tensors:
        if int(name.split(".")[0]) not in modules:
            fail("unexpected tensor %s: %s" % (name, layout))
    weights, biases, n_prev = [], [], None
    for l, k in enumerate(modules, 2):
        name = "%d.weight" % k
        t = tensors[name]
        if len(t.shape) != 2 or 0 in t.shape:
            fail("%s: shape %s: a Linear weight is [out, in], both at least 1" % (name, shape_text(t.shape)))
        n_out, n_in = t.shape
        if n_prev is not None and n_in != n_prev:
            fail("%s: shape [%d, %d] does not chain: its %d inputs (columns) should be the %d outputs of "
                 "%d.weight" % (name, n_out, n_in, n_in, n_prev, modules[l - 3]))
        v = _finite(t, name, l, fail)
        weights.append([[v[j * n_in + i] for j in range(n_out)] for i in range(n_in)])
        b = tensors.get("%d.bias" % k)
        if b is not None and b.shape != [n_out]:
            fail("%d.bias: shape %s, expected [%d] (one per row of %s)"
                 % (k, shape_text(b.shape), n_out, name))
        biases.append(None if b is None else list(_finite(b, "%d.bias" % k, l, fail)))
        n_prev = n_out
    try:
        return Network(weights, biases, acts)
    except ValueError as e:         # softmax in a hidden layer
        fail(str(e))


def spec_text(s):
    """An activation in init's --activation syntax: tanh, sigmoid:beta=2.0."""
    return ":".join([s.name] + ["%s=%r" % (k, s.params[k]) for k in s.params])


def gradients_from_tensors(tensors, metadata, net, where=""):
    """(J or None, gw, gb) from gradient tensors named and shaped as net's Sequential names its
    parameters (``{n: p.grad for n, p in model.named_parameters()}``); J from the metadata's
    ``loss`` (text of a number) when present. gw, gb are padded like ``backprop.gradient``'s."""
    fail = Fail(where)
    expected, _ = network_to_tensors(net)
    shapes = dict((name, shape) for name, shape, _ in expected)
    for name in tensors:
        if name not in shapes:
            fail("unexpected tensor %s: the model's %s has %s"
                 % (clip(json.dumps(name)), clip(sequential(net), 100), clip(", ".join(shapes), 60)))
    gw, gb = [None, None], [None, None]
    for l, k in zip(range(2, net.L + 1), _modules(net.s[2:])):
        for name, out in (("%d.weight" % k, gw), ("%d.bias" % k, gb)):
            if name not in shapes:          # a layer without biases
                out.append(None)
                continue
            if name not in tensors:
                fail("missing tensor %s: the model's %s has %s" % (name, clip(sequential(net), 100),
                                                                   clip(", ".join(shapes), 60)))
            t = tensors[name]
            if t.shape != shapes[name]:
                fail("%s: shape %s, expected %s (as the model's)" % (name, shape_text(t.shape),
                                                                   json.dumps(shapes[name])))
            v = _finite(t, name, l, fail)
            if out is gb:
                gb.append(list(v))
            else:
                n_out, n_in = t.shape
                gw.append([[v[j * n_in + i] for j in range(n_out)] for i in range(n_in)])
    J = None
    if LOSS_KEY in (metadata or {}):
        try:
            J = float(metadata[LOSS_KEY])
        except ValueError:
            J = None
        if J is None or not finite(J):
            fail("__metadata__.loss: expected the text of a finite number, got %s"
                 % clip(json.dumps(metadata[LOSS_KEY])))
    return J, gw, gb


# ---------------------------------------------------------------------------------------------
# files, chosen by extension

def file_kind(path):
    """"json", "safetensors" or "npz" from path's extension; ValueError for any other."""
    ext = os.path.splitext(path)[1].lower()
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    if ext in PICKLES:
        raise ValueError("%s: %s files are pickles, which run code when loaded, so purenet neither reads "
                         "nor writes them; save the state_dict with safetensors.torch.save_file (or "
                         "numpy.savez) instead" % (path, ext))
    raise ValueError("%s: unknown extension %s: expected .json (a purenet model), .safetensors or .npz"
                     % (path, json.dumps(ext) if ext else "(none)"))


def read_tensors(path, max_bytes=None):
    """({name: Tensor}, metadata) of a .safetensors or .npz file (of at most ``max_bytes``)."""
    kind = file_kind(path)
    if kind == "json":
        raise ValueError("%s: a purenet model file holds no tensors; use load" % path)
    return read(path, kind, max_bytes)


def load(path, activation=None, max_bytes=None):
    """A Network from a .json model file, or from a .safetensors or .npz file of an nn.Sequential's
    tensors (``activation``: one spec or one per layer, for a file without purenet's metadata);
    files of at most ``max_bytes`` (32 MiB by default)."""
    if file_kind(path) == "json":
        if activation is not None:
            raise ValueError("%s: a purenet model file names its own activations" % path)
        return load_model(path, max_bytes)
    tensors, metadata = read_tensors(path, max_bytes)
    return network_from_tensors(tensors, metadata, activation, path)


def load_gradients(path, net, max_bytes=None):
    """(J or None, gw, gb): a .safetensors/.npz of gradients named and shaped like net's tensors,
    or else a gradient file (JSON, ``grad``'s layout, whatever its extension); ValueError for a
    pickle. Files of at most ``max_bytes`` (32 MiB by default)."""
    ext = os.path.splitext(path)[1].lower()
    if ext in PICKLES:
        file_kind(path)                 # raises, saying why
    if EXTENSIONS.get(ext, "json") == "json":
        return load_gradients_json(path, net, max_bytes)
    tensors, metadata = read_tensors(path, max_bytes)
    return gradients_from_tensors(tensors, metadata, net, path)


def f32_rounding(net):
    """(how many parameters float32 changes, how many there are, the largest relative change);
    ValueError naming the first parameter outside float32's range."""
    changed, largest, count = 0, 0.0, 0
    for l in range(2, net.L + 1):
        for kind, rows in (("w", net.w[l]), ("b", [net.b[l]] if net.b[l] is not None else [])):
            for i, row in enumerate(rows):
                for j, x in enumerate(row):
                    count += 1
                    try:
                        y = struct.unpack("<f", struct.pack("<f", x))[0]
                    except OverflowError:
                        raise ValueError("%s = %r is outside float32's range (about ±3.4e38): write F64"
                                         % (param_name(kind, l, i if kind == "w" else None, j), x))
                    if y != x:
                        changed += 1
                        largest = max(largest, abs(y - x) / abs(x))
    return changed, count, largest


def save(path, net, dtype="F64"):
    """Write net to path atomically as a .json model file, or as a .safetensors or .npz file of
    the matching nn.Sequential's tensors in ``dtype`` ("F64", or "F32": each value rounded to the
    nearest float32). Everything is built before anything is written."""
    kind = file_kind(path)
    if dtype not in DTYPES:
        raise ValueError("dtype %r: expected F64 or F32" % (dtype,))
    if kind == "json":
        if dtype != "F64":
            raise ValueError("%s: a purenet model file holds doubles; dtype %s applies to .safetensors "
                             "and .npz" % (path, dtype))
        save_model(path, net)
        return
    if dtype == "F32":
        f32_rounding(net)
    named, metadata = network_to_tensors(net)
    data = (safetensors_bytes if kind == "safetensors" else npz_bytes)(named, metadata, dtype)
    write_bytes_atomic(path, data)


def convert(source, target, activation=None, dtype="F64"):
    """``python -m purenet convert`` from Python: ``save(target, load(source, activation), dtype)``;
    returns the Network."""
    net = load(source, activation)
    save(target, net, dtype)
    return net
