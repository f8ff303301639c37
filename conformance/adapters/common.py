"""What every adapter of this folder shares, written from docs/vectors.md and
docs/conformance-protocol.md alone (no purenet code): the JSON-lines loop, the numbers' encoding,
the documented PRNG (SplitMix64), shuffle and seeded initial weights, the batches of an epoch, and
reading a model file's activations with their defaults.

An adapter script defines one object per variant, each with ``hello()`` and ``run(request)``, and
ends with ``serve(VARIANTS)``: run as a program it speaks JSON lines on stdin/stdout
(``--variant NAME`` picks the object); ``purenet conform --adapter FILE:NAME`` uses the object
directly.
"""

import json
import math
import sys
import traceback

PROTOCOL = 1
MASK = (1 << 64) - 1


class NotExpressible(Exception):
    """Raised by run() for a case the framework cannot express after all."""


# ---------------------------------------------------------------------------------------------
# numbers: NaN and infinities are strings on the wire

def encode(x):
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if x != x else ("Infinity" if x > 0 else "-Infinity")
    if isinstance(x, dict):
        return {k: encode(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [encode(v) for v in x]
    return x


def tolist(a):
    """A NumPy-like array (or nested lists of them) as nested lists of Python floats."""
    if hasattr(a, "tolist"):
        a = a.tolist()
    if isinstance(a, (list, tuple)):
        return [tolist(v) for v in a]
    return float(a)


# ---------------------------------------------------------------------------------------------
# the documented PRNG, shuffle and initial weights (docs/vectors.md, "Training")

class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def random(self):
        return (self.next_u64() >> 11) * 2.0 ** -53

    def uniform(self, a, b):
        return a + (b - a) * self.random()

    def randbelow(self, n):
        limit = (1 << 64) - ((1 << 64) % n)
        while True:
            x = self.next_u64()
            if x < limit:
                return x % n

    def shuffle(self, order):
        for i in range(len(order) - 1, 0, -1):
            j = self.randbelow(i + 1)
            order[i], order[j] = order[j], order[i]


def initial_model(init):
    """The model dict of a case's ``init`` (Glorot-uniform rows from SplitMix64, biases 0.0)."""
    rng = SplitMix64(init["seed"])
    sizes, acts = init["sizes"], init["activations"]
    layers = []
    for l in range(1, len(sizes)):
        r = math.sqrt(6.0 / (sizes[l - 1] + sizes[l]))
        w = [[rng.uniform(-r, r) for _ in range(sizes[l])] for _ in range(sizes[l - 1])]
        act = acts[l - 1] if len(acts) > 1 else acts[0]
        layers.append({"activation": act, "weights": w, "biases": [0.0] * sizes[l] if init["bias"] else None})
    return {"format": "purenet.model", "version": 1, "layers": layers}


def start_model(request):
    return request["model"] if request["model"] is not None else initial_model(request["init"])


def epoch_orders(request):
    """A generator of each epoch's sample order (the same list object, shuffled in place), and
    whether it is shuffled."""
    n = len(request["data"]["inputs"])
    order = list(range(n))
    rng = SplitMix64(request["shuffle_seed"]) if request["shuffle_seed"] is not None else None
    for _ in range(request["epochs"]):
        if rng is not None:
            rng.shuffle(order)
        yield order


def batches(order, batch_size):
    b = len(order) if batch_size is None else batch_size
    return [order[k:k + b] for k in range(0, len(order), b)]


def run_training(request, fw, detect_divergence=True):
    """A training run by the documented rules, the framework doing the work through ``fw``:
    ``initial()`` -> (cost, gradient layers) at the start, full batch; ``step(batch)``: one update
    with the mean gradient over those sample indices (normalized if the request says so);
    ``cost()``: the full-batch cost now; ``layers()``: the model's layers now; ``snapshot()`` /
    ``restore(s)``; ``finite()``: every parameter finite."""
    J0, g0 = fw.initial()
    out = {"initial_gradient": {"cost": J0, "layers": g0}, "cost": [J0], "models": [{"layers": fw.layers()}],
           "orders": [] if request["shuffle_seed"] is not None else None, "diverged": None}
    for epoch, order in enumerate(epoch_orders(request), 1):
        if out["orders"] is not None:
            out["orders"].append(list(order))          # kept even if this epoch diverges
        saved = fw.snapshot()
        for batch in batches(order, request["batch_size"]):
            fw.step(batch)
        J = fw.cost()
        if detect_divergence and (not math.isfinite(J) or not fw.finite()):
            fw.restore(saved)
            out["diverged"] = {"epoch": epoch}
            break
        out["cost"].append(J)
        out["models"].append({"layers": fw.layers()})
    return out


# ---------------------------------------------------------------------------------------------
# activations

DEFAULTS = {"sigmoid": {"beta": 1.0}, "gaussian": {"mu": 0.0, "sigma": 1.0}}


def activation(spec):
    """(name, parameters with their defaults) of a layer's activation."""
    if isinstance(spec, str):
        name, given = spec, {}
    else:
        name, given = spec["name"], {k: v for k, v in spec.items() if k != "name"}
    params = dict(DEFAULTS.get(name, {}))
    params.update({k: float(v) for k, v in given.items()})
    if name == "piecewise_linear":
        params.setdefault("x_min", -1.0)
        params.setdefault("x_max", 1.0)
        params.setdefault("slope", 1.0 / (params["x_max"] - params["x_min"]))
        params.setdefault("intercept", -params["slope"] * params["x_min"])
    return name, params


def is_finite_model(layers):
    return all(math.isfinite(x) for layer in layers for row in layer["weights"] for x in row) and \
        all(math.isfinite(x) for layer in layers for x in (layer["biases"] or []))


# ---------------------------------------------------------------------------------------------
# the loop

def hello(name, version, variant, capabilities, **extra):
    msg = {"type": "hello", "name": name, "version": version, "variant": variant, "protocol": PROTOCOL,
           "language": "python", "capabilities": capabilities}
    msg.update(extra)
    return msg


ALL_ACTIVATIONS = ["linear", "sigmoid", "tanh", "relu", "step", "piecewise_linear", "gaussian"]


def full_capabilities():
    """What a framework with autograd and float64 expresses: everything but reading files."""
    return {"dtype": "float64", "activations": list(ALL_ACTIVATIONS),
            "output_activations": ALL_ACTIVATIONS + ["softmax"],
            "losses": {"half_squared_error": ["*"], "squared_error": ["*"], "cross_entropy": ["*"],
                       "categorical_cross_entropy": ["softmax"]},
            "activation_parameters": True, "mixed_activations": True, "layers_without_biases": True,
            "parts": ["outputs", "trace", "cost", "gradient", "updated_model"],
            "training": {"updates": ["plain", "normalized"],
                         "batching": ["batch", "mini-batch", "stochastic"],
                         "shuffle": True, "init": True}}


class Adapter:
    """An adapter object: ``hello()`` and ``run(request)``; a subclass writes ``one_step(request)``
    and ``training(request)`` returning the result's fields (raising NotExpressible for what it
    cannot do)."""

    def compute(self, request):
        if request["kind"] == "one_step":
            return self.one_step(request)
        if request["kind"] == "training":
            return self.training(request)
        raise NotExpressible("reading files")

    def run(self, request):
        try:
            body = self.compute(request)
        except NotExpressible as e:
            return {"type": "not_expressible", "seq": request["seq"], "reason": str(e)}
        out = dict(body)
        out["type"] = "result"
        out["seq"] = request["seq"]
        return out


def answer(adapter, request):
    """The answer message to one run request (a result, not_expressible or error)."""
    try:
        return adapter.run(request)
    except Exception as e:
        traceback.print_exc(file=sys.stderr)
        return {"type": "error", "seq": request["seq"], "message": "%s: %s" % (type(e).__name__, e)}


def serve(variants):
    """Speak JSON lines on stdin/stdout with the variant named by --variant (default: default)."""
    name = "default"
    if "--variant" in sys.argv:
        name = sys.argv[sys.argv.index("--variant") + 1]
    if name not in variants:
        sys.exit("unknown variant %r (known: %s)" % (name, ", ".join(variants)))
    adapter = variants[name]
    out = sys.stdout
    for line in sys.stdin:
        msg = json.loads(line)
        if msg["type"] == "start":
            reply = adapter.hello()
        elif msg["type"] == "run":
            reply = answer(adapter, msg)
        else:
            return
        out.write(json.dumps(encode(reply), allow_nan=False) + "\n")
        out.flush()
