"""One case's verdict from an adapter's answer: the parts compared (``compare``), the status, and
the diagnoses of what failed (``diagnose``).

Statuses: ``pass``; ``fail``; ``acceptable`` (an ``acceptable`` case answered with another
convention, which is named); ``not_expressible`` (outside the declared capabilities, or the
adapter said so); ``error`` (the adapter crashed, hung, answered garbage, or reported an error).
"""

from . import compare, diagnose
from .protocol import decode_number


def close_enough(expected, got, tol):
    out = compare.compare_part("", expected, got, tol)
    return out["status"] == "pass"


def _strip(parts):
    return [{k: v for k, v in p.items() if k != "pairs"} for p in parts]


def verdict(entry, caps, answer):
    """The record of a case that the adapter answered with a ``result``."""
    case, kind, tol = entry["case"], entry["kind"], entry["tolerance"]
    if kind == "one_step":
        parts = compare.one_step_parts(case["expected"], answer, tol, caps["parts"])
    elif kind == "training":
        wanted = (caps["training"] or {}).get("parts",
                                              ["initial_gradient", "cost", "models", "orders", "diverged"])
        parts = compare.training_parts(case["expected"], answer, tol, wanted)
    else:
        parts = compare.invalid_parts(case, answer)
    failed = [p for p in parts if p["status"] != "pass"]
    record = {"id": entry["id"], "family": entry["family"], "result": case["result"],
              "status": "fail" if failed else "pass"}
    if failed:
        record["diagnoses"] = diagnoses(entry, answer, failed)
        if case["result"] == "acceptable" and kind == "one_step":
            convention = diagnose.kink(answer, case["model"], case["data"], case["loss"], tol,
                                       close_enough)
            if convention:
                record["status"] = "acceptable"
                record["convention"] = convention
    record["parts"] = _strip(parts)
    return record


def _counts(case):
    data = case["data"]
    return len(data["targets"][0]), len(data["inputs"])


def diagnoses(entry, answer, failed):
    """The named signatures that fit the failed parts (``diagnose``)."""
    case, kind, tol = entry["case"], entry["kind"], entry["tolerance"]
    if kind == "invalid":
        return []
    n_out, n_samples = _counts(case)
    names = []

    def add(name):
        if name and name not in names:
            names.append(name)

    for p in failed:
        pairs = p.get("pairs", [])
        if diagnose.non_finite(pairs):
            add("%s: inf or NaN where the exact value is finite" % p["part"])
        if p["part"] in ("cost", "gradient"):
            add(_prefixed(p["part"], diagnose.ratio(diagnose.constant_ratio(pairs), n_out, n_samples,
                                                    len(pairs) > 1)))
        if p["part"] == "initial gradient":          # its cost and its layers, each on its own
            for sub in ("cost", "layers"):
                some = [q for q in pairs if q[0].startswith(sub)]
                add(_prefixed("initial %s" % ("gradient" if sub == "layers" else "cost"),
                              diagnose.ratio(diagnose.constant_ratio(some), n_out, n_samples, len(some) > 1)))
    costs_failed = any(p["part"] == "cost" for p in failed)
    if kind == "one_step":
        if costs_failed:
            got = _number(answer.get("cost"))
            add(_prefixed("cost", diagnose.clipped(got, case["model"], case["data"], case["loss"])))
            add(_prefixed("cost", diagnose.sigmoid_of_softmax_logits(got, case["model"], case["data"],
                                                                     case["loss"])))
        if any(p["part"] == "gradient" for p in failed):
            add(diagnose.sum_of_targets(answer, case, tol, close_enough))
            if "kink" in case["flags"]:
                add(diagnose.kink(answer, case["model"], case["data"], case["loss"], tol, close_enough))
    elif kind == "training" and costs_failed:
        exp = case["expected"]
        if diagnose.cost_before_step(exp["cost"], answer.get("cost")):
            add("cost: recorded before each epoch's step instead of after it (one epoch late)")
        got = answer.get("cost")
        if isinstance(got, list) and got:
            for name in (diagnose.clipped, diagnose.sigmoid_of_softmax_logits):
                add(_prefixed("cost[0]", name(_number(got[0]), exp["models"][0], case["data"], case["loss"])))
    return names


def _prefixed(part, name):
    return "%s: %s" % (part, name) if name else None


def _number(x):
    v = decode_number(x)
    return v if v is not None else float("nan")
