"""The cases ``purenet conform`` runs: read from a vectors folder (the committed ``vectors/``),
each with its kind, its file's tolerance, its convention family, and whether an adapter with
given capabilities can express it."""

import json
import os

from .protocol import BATCHING

KIND_OF_FORMAT = {"purenet.vectors": "one_step", "purenet.vectors.training": "training",
                  "purenet.vectors.invalid": "invalid"}

# the families of the table, in the order it lists them
FAMILIES = ("activations", "kinks", "loss half_squared_error", "loss squared_error",
            "loss cross_entropy", "loss categorical_cross_entropy", "saturation", "gradients",
            "training", "files")


class SuiteError(ValueError):
    """A vectors folder that cannot be read, or an --only that selects nothing."""


def load_suite(folder):
    """Every case of every vector file in ``folder``, in file then case order: a list of dicts
    {"id", "kind", "case", "tolerance", "family", "base_model"}."""
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".json"))
    except OSError as e:
        raise SuiteError("cannot read the vectors folder %s: %s" % (folder, e.strerror or e))
    out = []
    for name in names:
        path = os.path.join(folder, name)
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            raise SuiteError("%s: %s" % (path, e))
        kind = KIND_OF_FORMAT.get(doc.get("format")) if isinstance(doc, dict) else None
        if kind is None or doc.get("version") != 1:
            continue                                  # a file of another format: skipped
        for case in doc["cases"]:
            out.append({"id": case["id"], "kind": kind, "case": case,
                        "tolerance": case.get("tolerance", doc.get("tolerance")),
                        "family": family(kind, case), "base_model": doc.get("base_model")})
    if not out:
        raise SuiteError("no vector files in %s" % folder)
    return out


def family(kind, case):
    """The convention family of a case, the rows of the table."""
    flags = case["flags"]
    if kind == "invalid":
        return "files"
    if "saturated" in flags or "exact-saturation" in flags:
        return "saturation"
    if kind == "training":
        return "training"
    if "kink" in flags:
        return "kinks"
    group = case["id"].rsplit("-", 1)[0]
    if group == "activations":
        return "activations"
    if group == "losses":
        return "loss " + case["loss"]
    return "gradients"


def select(entries, only):
    """The entries whose id starts with one of ``only``'s words or that carry one as a flag or a
    family; all of them when ``only`` is empty."""
    if not only:
        return list(entries)
    chosen = [e for e in entries if any(e["id"].startswith(w) or w in e["case"]["flags"] or
                                        w == e["family"] for w in only)]
    if not chosen:
        raise SuiteError("--only %s selects no case" % ",".join(only))
    return chosen


def _layers(model):
    return model["layers"]


def _activation(spec):
    """(name, has parameters) of an activation spec."""
    if isinstance(spec, str):
        return spec, False
    return spec["name"], len(spec) > 1


def _model_reason(caps, layers, loss):
    """Why a network of these layers and this loss cannot be expressed, or None."""
    acts = [_activation(layer["activation"]) for layer in layers]
    hidden, (out_name, _) = acts[:-1], acts[-1]
    for name, params in hidden:
        if name not in caps["activations"]:
            return "hidden activation %s" % name
    if out_name not in caps["output_activations"]:
        return "output activation %s" % out_name
    if any(params for _, params in acts) and not caps["activation_parameters"]:
        return "activation parameters"
    if len(set(name for name, _ in hidden)) > 1 and not caps["mixed_activations"]:
        return "different activations in the hidden layers"
    if any(layer["biases"] is None for layer in layers) and not caps["layers_without_biases"]:
        return "a layer without biases"
    allowed = caps["losses"].get(loss)
    if allowed is None:
        return "loss %s" % loss
    if "*" not in allowed and out_name not in allowed:
        return "loss %s after a %s output" % (loss, out_name)
    return None


def not_expressible(entry, caps):
    """Why the adapter cannot express this case with its declared capabilities, or None."""
    case, kind = entry["case"], entry["kind"]
    if kind == "invalid":
        return None if caps["invalid_files"] else "reading purenet's files (invalid_files)"
    if kind == "one_step":
        return _model_reason(caps, _layers(case["model"]), case["loss"])
    training = caps["training"]
    if not training:
        return "training runs"
    if case["model"] is None:
        if not training.get("init"):
            return "the documented seeded initial weights (init)"
        init = case["init"]
        acts = init["activations"]
        layers = [{"activation": acts[k] if len(acts) > 1 else acts[0],
                   "biases": [] if init["bias"] else None} for k in range(len(init["sizes"]) - 1)]
    else:
        layers = _layers(case["model"])
    reason = _model_reason(caps, layers, case["loss"])
    if reason:
        return reason
    if case["update"] not in training.get("updates", ["plain"]):
        return "%s updates" % case["update"]
    n = len(case["data"]["inputs"])
    b = case["batch_size"]
    batching = BATCHING[0] if b is None or b >= n else (BATCHING[2] if b == 1 else BATCHING[1])
    if batching not in training.get("batching", ["batch"]):
        return "%s descent" % batching
    if case["shuffle_seed"] is not None and not training.get("shuffle"):
        return "the documented shuffle"
    return None
