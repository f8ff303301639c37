"""Print digests of the bits of seeded initial weights and of training runs (any interpreter).

Run from the repository root: ``python tests/digest.py`` (or through interpreters/run_*.mjs
``--script tests/digest.py``). CI runs it on CPython, PyPy, MicroPython and Pyodide and fails if
any line not starting with ``#`` differs (.ci/interpreters.sh digests).

What is hashed (FNV-1a 64 over ``struct.pack('<d', x)`` of every value, ``Digest`` below):

* ``init``: every weight of ``init_network(sizes, seed=s)`` for a few sizes and seeds;
* ``train <activation>``: for that activation and every loss (half_squared_error, squared_error,
  cross_entropy, categorical_cross_entropy), plain and normalized updates, batch (all 4
  samples), stochastic (1) and mini-batch (2, reshuffled every epoch by ``shuffle_seed``):
  a 2-3-2 network from ``init_network`` trained for 5 epochs on four samples; then every final
  weight and bias, and the whole cost history. The hidden layer uses the activation (sigmoid for
  softmax, which purenet allows only in the output layer); the output layer too, except where the
  loss needs probabilities: softmax for categorical_cross_entropy, sigmoid for cross_entropy
  (unless the activation is softmax or sigmoid). A run that raises hashes the exception's class
  name and the history so far;
* ``xor <hidden activation>``: a 2-8-1 network (sigmoid output, seed 7) trained on XOR for 200
  epochs, mini-batches of 2 reshuffled with seed 7, half_squared_error, h = 0.5; final weights
  and biases and the cost history (longer runs let 1-ulp differences grow, if there were any);
* ``all``: everything above in one digest, and the number of values hashed;
* ``verify``: the verifier's full check (``purenet/tools/verifier/gradcheck.py``, whose perturbed passes
  recompute only what each parameter changes) of a 2-3-3-2 network per activation (the training
  runs' data; categorical cross-entropy with softmax, half squared error otherwise), of a ReLU
  network whose perturbations cross a kink, and of the first two examples of docs/verifier.md:
  every row's h and numeric derivative, and the name of the kink where
  there is one. Not part of ``all``, which stays the core's arithmetic.
* ``updates <update>``: momentum, nesterov, adam and adamw (``purenet/updates.py``), each with
  two sets of options, on the ``train`` runs' 2-3-2 network (tanh hidden, sigmoid output) for
  half_squared_error and cross_entropy, batch, stochastic and reshuffled mini-batches, 5 epochs:
  the final weights and biases, the cost history and every buffer of the final state. Not part
  of ``all`` either (added after it was pinned).
"""
import sys

if __name__ == "__main__":          # run as a script: make the repository root importable
    _root = "/".join(__file__.replace("\\", "/").split("/")[:-2]) or "."
    if _root not in sys.path:
        sys.path.insert(0, _root)

import struct

from purenet.bits import DIGITS
from purenet.network import init_network
from purenet.training import train

FLOAT_FORMAT = "<f" if DIGITS == 24 else "<d"    # the float's own 4 or 8 bytes


class Digest:
    """FNV-1a, 64-bit, over bytes; floats enter as their 8 IEEE 754 bytes (little-endian).

    h = 0xCBF29CE484222325; for each byte b: h = ((h ^ b) * 0x100000001B3) mod 2**64.
    For comparing results across interpreters by their bits (``hashlib`` may be missing on
    MicroPython, and ``repr`` of a float differs there). Not a cryptographic hash.
    """

    __slots__ = ("h", "count")

    def __init__(self):
        self.h = 0xCBF29CE484222325
        self.count = 0

    def update(self, data):
        """Hash the bytes ``data``."""
        h = self.h
        for b in data:
            h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
        self.h = h

    def add_float(self, x):
        """Hash the IEEE 754 bits of float ``x`` (``struct.pack('<d', x)``, or ``'<f'`` where
        floats are single); count it."""
        self.update(struct.pack(FLOAT_FORMAT, x))
        self.count += 1

    def hexdigest(self):
        """The 16-hex-digit digest."""
        return "%016x" % self.h


ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "step", "piecewise_linear", "gaussian",
               "softmax")
LOSSES = ("half_squared_error", "squared_error", "cross_entropy", "categorical_cross_entropy")
UPDATES = ("plain", "normalized")
BATCHES = (None, 1, 2)            # batch, stochastic, mini-batch
X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
Y = [[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [1.0, 0.0]]
EPOCHS = 5
LEARNING_RATE = 0.5


def add_network(d, net):
    """Hash every weight, then every bias (layer by layer, row by row), of net."""
    for l in range(2, net.L + 1):
        for row in net.w[l]:
            for w in row:
                d.add_float(w)
        if net.b[l] is not None:
            for b in net.b[l]:
                d.add_float(b)


def output_activation(activation, loss):
    if loss == "categorical_cross_entropy":
        return "softmax"
    if loss == "cross_entropy" and activation not in ("sigmoid", "softmax"):
        return "sigmoid"
    return activation


def run(d, activation, loss, update, batch_size, seed):
    """Train one configuration and hash its final parameters and cost history into d."""
    hidden = "sigmoid" if activation == "softmax" else activation   # softmax: output layer only
    net = init_network([2, 3, 2], [hidden, output_activation(activation, loss)], seed=seed)
    history = {}
    try:
        train(net, X, Y, loss, LEARNING_RATE, EPOCHS, batch_size=batch_size, update=update,
              shuffle_seed=seed if batch_size is not None else None, history=history)
    except Exception as e:                       # the same error everywhere is also identity
        d.update(type(e).__name__.encode())
    add_network(d, net)
    for J in history.get("cost", []):
        d.add_float(J)


def verifier(d):
    """Hash the full check's h, numeric derivative and kink of every parameter (see above)."""
    from purenet import papers
    from purenet.network import Network
    from purenet.tools.verifier.gradcheck import verify
    cases = []
    for seed, activation in enumerate(ACTIVATIONS):
        hidden = "sigmoid" if activation == "softmax" else activation
        loss = "categorical_cross_entropy" if activation == "softmax" else "half_squared_error"
        net = init_network([2, 3, 3, 2], [hidden, hidden, output_activation(activation, loss)],
                           seed=100 + seed)
        cases.append((net, X, Y, loss))
    relu = Network([[[1.0, -0.5]], [[0.5], [0.25]]], [[-1.0, 0.75], None], ["relu", "linear"])
    cases.append((relu, [[1.0], [1.0 + 1e-7]], [[2.0], [0.5]], "half_squared_error"))
    cases.append((papers.network(papers.NET_2_2_2_1),) + papers.data(papers.NET_2_2_2_1)
                 + ("half_squared_error",))
    sigmoid = Network([[[0.15, -0.4, 0.8], [0.6, 0.25, -0.35]],                 # docs/verifier.md
                       [[0.5, -0.9], [-0.3, 0.45], [0.7, 0.2]]], [[0.1, -0.2, 0.05], [0.3, -0.1]],
                      "sigmoid")
    cases.append((sigmoid, [[0.5, -1.0], [1.5, 0.25], [-0.75, 0.8]],
                  [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]], "half_squared_error"))
    for net, X_, Y_, loss in cases:
        for row in verify(net, X_, Y_, loss).rows:
            d.add_float(row["h"])
            d.add_float(row["numeric"])
            d.update((row["kink"] or "-").encode())


UPDATE_OPTIONS = {"momentum": ({"momentum": 0.9}, {"momentum": 0.5, "dampening": 0.25, "weight_decay": 0.01}),
                  "nesterov": ({"momentum": 0.9}, {"momentum": 0.7, "weight_decay": 0.05}),
                  "adam": ({}, {"betas": (0.8, 0.99), "eps": 1e-4, "weight_decay": 0.01}),
                  "adamw": ({}, {"betas": (0.5, 0.9), "weight_decay": 0.1})}


def updates(d, update):
    """Hash the runs of one stateful update (see above) into d."""
    seed = 500
    for options in UPDATE_OPTIONS[update]:
        for loss in ("half_squared_error", "cross_entropy"):
            for batch_size in BATCHES:
                seed += 1
                net = init_network([2, 3, 2], ["tanh", "sigmoid"], seed=seed)
                history, state = {}, {}
                h = 0.05 if update.startswith("adam") else LEARNING_RATE
                train(net, X, Y, loss, h, EPOCHS, batch_size=batch_size, update=update,
                      shuffle_seed=seed if batch_size == 2 else None, history=history, state=state,
                      **options)
                add_network(d, net)
                for J in history["cost"]:
                    d.add_float(J)
                for name in sorted(state["buffers"]):
                    w, b = state["buffers"][name]
                    for l in range(2, len(w)):
                        for row in w[l]:
                            for x in row:
                                d.add_float(x)
                        for x in b[l] or ():
                            d.add_float(x)


def main():
    total = Digest()
    lines = []
    d = Digest()
    for sizes in ([2, 4, 3, 2, 4], [2, 8, 1], [1, 4, 4, 4, 4, 1], [3, 5, 2]):
        for seed in (0, 1, 2, 3, 4, 12345):
            net = init_network(sizes, seed=seed)
            add_network(d, net)
            add_network(total, net)
    lines.append("init %s %d" % (d.hexdigest(), d.count))
    seed = 0
    for activation in ACTIVATIONS:
        d = Digest()
        for loss in LOSSES:
            for update in UPDATES:
                for batch_size in BATCHES:
                    seed += 1
                    run(d, activation, loss, update, batch_size, seed)
                    run(total, activation, loss, update, batch_size, seed)
        lines.append("train %s %s %d" % (activation, d.hexdigest(), d.count))
    for hidden in ("sigmoid", "tanh"):
        d = Digest()
        for dd in (d, total):
            net = init_network([2, 8, 1], [hidden, "sigmoid"], seed=7)
            history = train(net, X, [[1.0 - y[0]] for y in Y], "half_squared_error", 0.5, 200,
                            batch_size=2, shuffle_seed=7)
            add_network(dd, net)
            for J in history["cost"]:
                dd.add_float(J)
        lines.append("xor %s %s %d" % (hidden, d.hexdigest(), d.count))
    lines.append("all %s %d" % (total.hexdigest(), total.count))
    d = Digest()
    verifier(d)
    lines.append("verify %s %d" % (d.hexdigest(), d.count))
    for update in ("momentum", "nesterov", "adam", "adamw"):
        d = Digest()
        updates(d, update)
        lines.append("updates %s %s %d" % (update, d.hexdigest(), d.count))
    impl = sys.implementation.name
    if sys.platform == "emscripten" and impl == "cpython":
        impl = "pyodide"
    version = ".".join([str(v) for v in sys.implementation.version[:3]])
    floats = "single (binary32)" if DIGITS == 24 else "double (binary64)"
    print("# purenet digests on %s %s, %s floats" % (impl, version, floats))
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
