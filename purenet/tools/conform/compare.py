"""Each part of an adapter's answer against the case's expected values, with the file's (or the
case's own) tolerance: |x − e| <= absolute + relative·|e| for every number, and structures
compared exactly (the same lengths, null exactly where null is expected; ``docs/vectors.md``).

A part's outcome is a dict: ``part``, ``status`` (``pass``, ``fail``, ``missing``, ``shape``),
and for a failure the worst entry (``where``, ``expected``, ``got``); ``pairs`` holds every
(expected, got) number of the part for the diagnosis (not reported).
"""

import math

from .protocol import decode_number


class Shape(Exception):
    def __init__(self, where, what):
        Exception.__init__(self, "%s: %s" % (where, what))
        self.where = where


def _flatten(e, x, where, out):
    """Append (where, expected, got) for every number of e, checking x has e's structure."""
    if e is None:
        if x is not None:
            raise Shape(where, "null expected, got %s" % _kind(x))
    elif isinstance(e, list):
        if not isinstance(x, list):
            raise Shape(where, "a list of %d expected, got %s" % (len(e), _kind(x)))
        if len(x) != len(e):
            raise Shape(where, "%d entries expected, got %d" % (len(e), len(x)))
        for k in range(len(e)):
            _flatten(e[k], x[k], "%s[%d]" % (where, k), out)
    elif isinstance(e, dict):
        if not isinstance(x, dict):
            raise Shape(where, "an object expected, got %s" % _kind(x))
        for k in e:
            if k not in x:
                raise Shape(where, "key %r missing" % k)
            _flatten(e[k], x[k], "%s.%s" % (where, k) if where else k, out)
    else:
        got = decode_number(x)
        if got is None:
            raise Shape(where, "a number expected, got %s" % _kind(x))
        out.append((where, float(e), got))


def _kind(x):
    if x is None:
        return "null"
    if isinstance(x, list):
        return "a list of %d" % len(x)
    if isinstance(x, dict):
        return "an object"
    return repr(x) if not isinstance(x, str) or len(x) < 30 else "a string"


def excess(e, x, tol):
    """|x − e| / (absolute + relative·|e|): above 1 fails; inf for a non-finite x."""
    if not math.isfinite(x):
        return math.inf
    bound = tol["absolute"] + tol["relative"] * abs(e)
    return abs(x - e) / bound if bound > 0 else (0.0 if x == e else math.inf)


def compare_part(part, expected, got, tol):
    """The outcome of one part (see the module)."""
    if got is None and expected is not None:
        return {"part": part, "status": "missing"}
    pairs = []
    try:
        _flatten(expected, got, "", pairs)
    except Shape as s:
        return {"part": part, "status": "shape", "where": s.where, "message": str(s)}
    worst, worst_excess = None, 0.0
    for where, e, x in pairs:
        r = excess(e, x, tol)
        if r > worst_excess or (r != r):
            worst, worst_excess = (where, e, x), r
    out = {"part": part, "status": "pass" if worst is None or worst_excess <= 1.0 else "fail",
           "pairs": pairs}
    if out["status"] == "fail":
        out["where"], out["expected"], out["got"] = worst
        if worst[1] != 0.0 and math.isfinite(worst[2]):
            out["ratio"] = worst[2] / worst[1]
    return out


def _layers(model):
    return None if model is None else [{"weights": m["weights"], "biases": m["biases"]}
                                       for m in model["layers"]]


def _got_layers(answer, key):
    part = answer.get(key)
    if not isinstance(part, dict):
        return part
    return part.get("layers")


def one_step_parts(expected, answer, tol, parts):
    """The outcomes of a one-step case's parts that the adapter declared."""
    out = []
    for part in ("outputs", "trace", "cost", "gradient", "updated_model"):
        if part not in parts:
            continue
        if part in ("gradient", "updated_model"):
            want = expected["gradient"]["layers"] if part == "gradient" else _layers(expected[part])
            out.append(compare_part(part, want, _got_layers(answer, part), tol))
        else:
            out.append(compare_part(part, expected[part], answer.get(part), tol))
    return out


def training_parts(expected, answer, tol, parts):
    """A training run's outcomes: initial model and gradient, then per epoch its cost and model,
    the orders and where it diverged."""
    out = []
    models, costs = answer.get("models"), answer.get("cost")
    if "models" in parts:
        got0 = models[0]["layers"] if isinstance(models, list) and models and \
            isinstance(models[0], dict) else None
        out.append(compare_part("initial model", _layers(expected["models"][0]), got0, tol))
    if "initial_gradient" in parts:
        ig = answer.get("initial_gradient")
        out.append(compare_part("initial gradient", expected["initial_gradient"], ig, tol))
    if "cost" in parts:
        out.append(compare_part("cost", expected["cost"], costs, tol))
    if "models" in parts:
        want = [_layers(m) for m in expected["models"]]
        got = None if not isinstance(models, list) else \
            [m.get("layers") if isinstance(m, dict) else m for m in models]
        out.append(compare_part("models", want, got, tol))
    if "orders" in parts and expected["orders"] is not None:
        out.append(_exact("orders", expected["orders"], answer.get("orders")))
    if "diverged" in parts:
        out.append(_exact("diverged", expected["diverged"], answer.get("diverged", "absent")))
    return out


def _exact(part, expected, got):
    if got == expected:
        return {"part": part, "status": "pass"}
    return {"part": part, "status": "fail", "where": "", "expected": expected, "got": got}


def invalid_parts(case, answer):
    """An invalid case: the file must be rejected (``accepted`` false)."""
    accepted = answer.get("accepted")
    if not isinstance(accepted, bool):
        return [{"part": "rejected", "status": "shape", "where": "accepted",
                 "message": "accepted: true or false expected"}]
    if accepted:
        return [{"part": "rejected", "status": "fail", "where": "", "expected": "rejected",
                 "got": "accepted"}]
    return [{"part": "rejected", "status": "pass"}]
