"""The network as plain data, in ``002``'s notation, and the forward pass.

Layers are numbered as in ``002``: layer 1 is the input, layer L the output. For every layer
l = 2 … L the network holds

- ``net.w[l][i][j]`` = w_ij^l: the weight from neuron i of layer l−1 to neuron j of layer l
  (so the rows of ``net.w[l]`` are the neurons of layer l−1, and Z = A·W + B as in ``002``'s
  "math behind Python");
- ``net.b[l][j]`` = b_j^l, or ``net.b[l] is None`` for a layer without biases (most of ``002``'s
  examples have none);
- ``net.s[l]``: the activation s of layer l (``activations.py``).

``net.w[0]``, ``net.w[1]`` (and the same of ``b``, ``s``) are None, so that the layer number in the
code is the superscript in the paper. Neuron indices are Python's, from 0: ``net.w[3][0][1]`` is
w^3_12, printed as ``w^3_12`` by ``param_name`` (which adds the 1).

The forward pass (``002``):  z_j^l = Σ_i w_ij^l a_i^{l−1} + b_j^l,   a_j^l = s(z_j^l),
with a^1 = x. ``002`` calls the input z^1 too, so the trace holds z^1 = a^1 = x.

Naming rule: a function with a leading underscore is its public twin without the argument
checks (``_forward`` is ``forward`` for a caller that has checked x); the core's loops call those.
"""

import math

from .activations import get_activation
from .bits import Random
from .checks import check_vector, count, shape
from .losses import check_pairing, check_targets, get_loss


class Network:
    """Weights ``w[l]``, biases ``b[l]`` and activations ``s[l]`` for l = 2 … L (see the module)."""

    def __init__(self, weights, biases=None, activations="linear"):
        """Build from the layers 2 … L in order: ``weights[0]`` is the matrix w^2.

        ``biases``: None (no biases anywhere), or one entry per layer, each a list or None.
        ``activations``: one spec for every layer, or a list with one spec per layer.
        Shapes must chain and every number must be finite; errors name the parameter.
        """
        if not isinstance(weights, (list, tuple)) or len(weights) == 0:
            raise ValueError("a network needs at least one weight matrix (layer 2)")
        L = len(weights) + 1
        if biases is None:
            biases = [None] * (L - 1)
        if isinstance(activations, (list, tuple)):
            if len(activations) != L - 1:
                raise ValueError("expected %d activations (layers 2..%d), got %d"
                                 % (L - 1, L, len(activations)))
        else:
            activations = [activations] * (L - 1)
        if len(biases) != L - 1:
            raise ValueError("expected %d bias entries (layers 2..%d), got %d" % (L - 1, L, len(biases)))
        self.L = L
        self.w = [None, None]
        self.b = [None, None]
        self.s = [None, None]
        sizes = []
        for l in range(2, L + 1):
            rows, cols = shape(weights[l - 2], "w^%d" % l)
            if l == 2:
                sizes.append(rows)
            elif rows != sizes[-1]:
                raise ValueError("w^%d has %d rows but layer %d has %d neurons (shapes do not chain)"
                                 % (l, rows, l - 1, sizes[-1]))
            sizes.append(cols)
            self.w.append([[float(x) for x in row] for row in weights[l - 2]])
            b_l = biases[l - 2]
            if b_l is not None:
                if check_vector(b_l, "b^%d" % l) != cols:
                    raise ValueError("b^%d: expected %s, got %d" % (l, count(cols, "number"), len(b_l)))
                b_l = [float(x) for x in b_l]
            self.b.append(b_l)
            s_l = get_activation(activations[l - 2])
            if not s_l.elementwise and l != L:
                raise ValueError("layer %d: %s is supported only in the output layer" % (l, s_l.name))
            self.s.append(s_l)
        self.sizes = sizes

    def copy(self):
        """An independent copy (new lists, same activations)."""
        return Network([self.w[l] for l in range(2, self.L + 1)],
                       [self.b[l] for l in range(2, self.L + 1)],
                       [self.s[l] for l in range(2, self.L + 1)])

    def layers(self):
        """The layers 2 … L as (w^l, b^l, s^l) triples, the order a model file stores them."""
        return [(self.w[l], self.b[l], self.s[l]) for l in range(2, self.L + 1)]

    def parameter_count(self):
        return len(parameters(self))

    def __repr__(self):
        return "Network(sizes=%r, activations=%r, biases=%r)" % (
            self.sizes, [self.s[l].spec() for l in range(2, self.L + 1)],
            [self.b[l] is not None for l in range(2, self.L + 1)])


# ---------------------------------------------------------------------------------------------
# every parameter by its paper name, and buffers shaped like them

def param_name(kind, l, i, j=None):
    """The paper's name of a parameter from its 0-based indices: ("w", 3, 0, 1) -> "w^3_12",
    ("b", 2, 0) -> "b^2_1" (a bias has one index, its neuron j). Indices above 9 are separated by
    a comma: "w^2_10,3"."""
    if kind == "b":
        return "b^%d_%d" % (l, i + 1)
    if i >= 9 or j >= 9:
        return "w^%d_%d,%d" % (l, i + 1, j + 1)
    return "w^%d_%d%d" % (l, i + 1, j + 1)


def parameters(net):
    """Every parameter as (name, kind, l, i, j), in the one order purenet uses everywhere: layer
    by layer, the weights w_ij^l row by row (kind "w"), then the biases b_j^l (kind "b", i None).
    Indices are 0-based, names the papers' (``param_name``)."""
    out = []
    for l in range(2, net.L + 1):
        w_l = net.w[l]
        for i in range(len(w_l)):
            for j in range(len(w_l[0])):
                out.append((param_name("w", l, i, j), "w", l, i, j))
        if net.b[l] is not None:
            for j in range(len(net.b[l])):
                out.append((param_name("b", l, j), "b", l, None, j))
    return out


def entry(w, b, kind, l, i, j):
    """A parameter's entry, w[l][i][j] or b[l][j], in the network's lists (``net.w``, ``net.b``)
    or in anything shaped like them (a gradient (gw, gb)); (kind, l, i, j) as in ``parameters``."""
    return w[l][i][j] if kind == "w" else b[l][j]


def set_entry(w, b, kind, l, i, j, value):
    """Set the entry that ``entry`` reads."""
    if kind == "w":
        w[l][i][j] = value
    else:
        b[l][j] = value


def zero_gradients(net):
    """Buffers shaped like the network: (gw, gb) with gw[l][i][j] for ∂J/∂w_ij^l and gb[l][j] for
    ∂J/∂b_j^l, all 0.0, None where the layer has no biases, padded so that the index is l."""
    gw = [None, None]
    gb = [None, None]
    for l in range(2, net.L + 1):
        gw.append([[0.0] * len(row) for row in net.w[l]])
        gb.append(None if net.b[l] is None else [0.0] * len(net.b[l]))
    return gw, gb


# ---------------------------------------------------------------------------------------------
# checks on the data

def check_input(net, x, name="x"):
    """Raise a clear error unless x is a list of n^1 finite numbers."""
    if check_vector(x, name) != net.sizes[0]:
        raise ValueError("%s: expected %s (the neurons of layer 1), got %d"
                         % (name, count(net.sizes[0], "number"), len(x)))


def check_data(net, X, Y, loss=None):
    """Validate a data set against a network: at least one sample, as many targets as inputs,
    n^1 finite numbers per input and n^L per target; and, given a loss (a name or a Loss), that the
    output layer's activation can serve it and the targets lie in its domain. Returns the Loss
    (or None). Every gradient engine, training and the verifier check with this."""
    if not isinstance(X, (list, tuple)) or not isinstance(Y, (list, tuple)):
        raise TypeError("inputs and targets must be lists of samples")
    for name, rows in (("inputs", X), ("targets", Y)):
        if len(rows) and isinstance(rows[0], (int, float)):
            raise TypeError("%s: expected a list of samples, each a list of numbers, but got a list of "
                            "numbers; write one sample as [[...]]" % name)
    if len(X) == 0:
        raise ValueError("no samples: inputs is empty")
    if len(X) != len(Y):
        raise ValueError("%d inputs but %d targets" % (len(X), len(Y)))
    n_out = net.sizes[-1]
    for k in range(len(X)):
        check_input(net, X[k], "inputs[%d]" % k)
        if check_vector(Y[k], "targets[%d]" % k) != n_out:
            raise ValueError("targets[%d]: expected %s (the neurons of layer %d), got %d"
                             % (k, count(n_out, "number"), net.L, len(Y[k])))
    if loss is None:
        return None
    loss = get_loss(loss)
    check_pairing(loss, net.s[net.L])
    check_targets(loss, Y)
    return loss


# ---------------------------------------------------------------------------------------------
# initialisation and the forward pass

def init_network(sizes, activation="sigmoid", bias=True, seed=0):
    """A network with weights drawn from purenet's seeded PRNG (the same on every interpreter).

    ``sizes`` = [n^1, n^2, …, n^L]; ``activation``: one spec for all layers or a list with one per
    layer 2 … L. Weights are Glorot-uniform: for l = 2 … L, i over the rows, j over the columns,
    w_ij^l = −r + 2r·u with r = √(6 / (n^{l−1} + n^l)) and u the next ``Random(seed).random()``;
    biases start at 0.0. Another implementation reproduces the weights from this sentence and the
    SplitMix64 description in ``bits.py``.
    """
    if not isinstance(sizes, (list, tuple)) or len(sizes) < 2:
        raise ValueError("sizes: expected at least two layer sizes, got %r" % (sizes,))
    for k in range(len(sizes)):
        n = sizes[k]
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise ValueError("sizes[%d]: expected a positive integer, got %r" % (k, n))
    rng = Random(seed)
    weights = []
    for l in range(1, len(sizes)):
        n_in, n_out = sizes[l - 1], sizes[l]
        r = math.sqrt(6.0 / (n_in + n_out))
        weights.append([[rng.uniform(-r, r) for _ in range(n_out)] for _ in range(n_in)])
    biases = [[0.0] * sizes[l] if bias else None for l in range(1, len(sizes))]
    return Network(weights, biases, activation)


class Trace:
    """What a forward pass computed: ``z[l][j]`` = z_j^l and ``a[l][j]`` = a_j^l for l = 1 … L."""

    def __init__(self, z, a):
        self.z = z
        self.a = a

    @property
    def output(self):
        """y = a^L."""
        return self.a[-1]


def forward(net, x):
    """The forward pass for one input x = a^1, with its trace of every z^l and a^l."""
    check_input(net, x)
    return _forward(net, x)


def _forward(net, x):
    """``forward`` without the input check. Each z_j^l is summed over i in order, starting from
    0.0, and b_j^l is added last; the loop walks the rows w_i^l of the weight matrix (the fast
    order for nested lists): z_j^l += w_ij^l a_i^{l−1} for every j, one neuron i at a time."""
    x = [float(x_i) for x_i in x]
    z = [None, x]
    a = [None, x]
    for l in range(2, net.L + 1):
        w_l = net.w[l]
        a_prev = a[l - 1]
        n_l = len(w_l[0])
        z_l = [0.0] * n_l
        for i in range(len(w_l)):
            a_i = a_prev[i]
            w_i = w_l[i]
            for j in range(n_l):
                z_l[j] += w_i[j] * a_i            # z_j^l = Σ_i w_ij^l a_i^{l−1}   (002)
        b_l = net.b[l]
        if b_l is not None:
            for j in range(n_l):
                z_l[j] += b_l[j]                  #        + b_j^l
        z.append(z_l)
        a.append(net.s[l].apply(z_l))             # a_j^l = s(z_j^l)
    return Trace(z, a)


def predict(net, X):
    """The outputs y = a^L for every input of X."""
    return [forward(net, x).output for x in X]
