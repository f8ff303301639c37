"""The JSON-lines protocol between ``purenet conform`` and an adapter (``docs/conformance-protocol.md``).

One JSON object per line, UTF-8, in both directions. The harness sends ``start``; the adapter
answers ``hello`` (name, version, variant, protocol, capabilities); then, for every case, the
harness sends ``run`` (the case's inputs, never its expected values) and the adapter answers one
``result``, ``not_expressible`` or ``error`` with the same ``seq``; last comes ``stop``.

JSON has no NaN or infinity: wherever a number belongs, the strings ``"NaN"``, ``"Infinity"`` and
``"-Infinity"`` stand for them, in both directions (``encode``, ``decode``).
"""

import math

PROTOCOL_VERSION = 1

NON_FINITE = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}

# the capabilities a hello may declare, with the value assumed when one is left out
CAPABILITY_DEFAULTS = {
    "dtype": "float64",
    "activations": [],
    "output_activations": None,        # None: the same as "activations" (softmax allowed there)
    "losses": {},                      # loss name -> output activations it may follow, or ["*"]
    "activation_parameters": False,    # beta, mu, sigma, x_min, x_max, slope, intercept
    "mixed_activations": False,        # hidden layers with different activations
    "layers_without_biases": False,    # a layer whose biases are null (or only some layers with)
    "parts": ["outputs", "cost", "gradient", "updated_model"],
    "training": None,                  # or {"updates": [...], "batching": [...], "shuffle", "init"}
    "invalid_files": False,            # answers invalid cases: does it reject the file?
}

ONE_STEP_PARTS = ("outputs", "trace", "cost", "gradient", "updated_model")
BATCHING = ("batch", "mini-batch", "stochastic")


class ProtocolError(ValueError):
    """An answer that is not what the protocol allows (garbage, a wrong type, a wrong seq)."""


def encode(x):
    """x with every non-finite float replaced by its string, ready for json.dumps."""
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if x != x else ("Infinity" if x > 0 else "-Infinity")
    if isinstance(x, dict):
        return {k: encode(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [encode(v) for v in x]
    return x


def decode_number(x):
    """A number of an answer: a JSON number or one of the three strings; anything else is None."""
    if isinstance(x, bool):
        return None
    if isinstance(x, (int, float)):
        return float(x)
    if isinstance(x, str) and x in NON_FINITE:
        return NON_FINITE[x]
    return None


def start_message():
    return {"type": "start", "protocol": PROTOCOL_VERSION}


def stop_message():
    return {"type": "stop"}


_ONE_STEP_INPUTS = ("model", "data", "loss", "learning_rate")
_TRAINING_INPUTS = ("model", "init", "data", "loss", "learning_rate", "update", "batch_size",
                    "shuffle_seed", "epochs")


def run_message(seq, kind, case, base_model=None):
    """The request for one case: its inputs and nothing of ``expected`` (nor ``error`` of an
    invalid case). ``kind`` is ``one_step``, ``training`` or ``invalid``."""
    msg = {"type": "run", "seq": seq, "id": case["id"], "kind": kind, "flags": list(case["flags"])}
    if kind == "one_step":
        keys = _ONE_STEP_INPUTS
    elif kind == "training":
        keys = _TRAINING_INPUTS
    else:
        keys = ("text",)
        msg["file_kind"] = case["kind"]
        msg["base_model"] = base_model
    for k in keys:
        msg[k] = case[k]
    return encode(msg)


def check_hello(msg):
    """The hello's fields, with the capabilities' defaults filled in; ProtocolError if it is not
    a hello this harness can use."""
    if not isinstance(msg, dict) or msg.get("type") != "hello":
        raise ProtocolError("expected a hello message, got %s" % _brief(msg))
    for key in ("name", "version"):
        if not isinstance(msg.get(key), str) or not msg[key]:
            raise ProtocolError("hello: %r must be a non-empty string" % key)
    if msg.get("protocol") != PROTOCOL_VERSION:
        raise ProtocolError("hello: protocol %r, this harness speaks %d" % (msg.get("protocol"),
                                                                          PROTOCOL_VERSION))
    caps = dict(CAPABILITY_DEFAULTS)
    given = msg.get("capabilities", {})
    if not isinstance(given, dict):
        raise ProtocolError("hello: capabilities must be an object")
    for k, v in given.items():
        if k not in CAPABILITY_DEFAULTS:
            continue                              # a capability of a later protocol: ignored
        caps[k] = v
    if not isinstance(caps["losses"], dict) or not isinstance(caps["activations"], list):
        raise ProtocolError("hello: capabilities.losses must be an object, activations a list")
    if caps["output_activations"] is None:
        caps["output_activations"] = list(caps["activations"]) + ["softmax"]
    out = {"name": msg["name"], "version": msg["version"], "variant": str(msg.get("variant", "")),
           "capabilities": caps}
    for k in ("language", "homepage", "versions", "notes"):
        if k in msg:
            out[k] = msg[k]
    return out


def check_answer(msg, seq):
    """(type, body) of an answer to request ``seq``: type ``result``, ``not_expressible`` or
    ``error``. ProtocolError for anything else."""
    if not isinstance(msg, dict):
        raise ProtocolError("expected a JSON object, got %s" % _brief(msg))
    kind = msg.get("type")
    if kind not in ("result", "not_expressible", "error"):
        raise ProtocolError("expected type result, not_expressible or error, got %s" % _brief(kind))
    if msg.get("seq") != seq:
        raise ProtocolError("answer for seq %r while waiting for seq %d" % (msg.get("seq"), seq))
    if kind != "result":
        text = msg.get("reason" if kind == "not_expressible" else "message")
        return kind, str(text) if text is not None else ""
    return kind, msg


def _brief(x, n=80):
    text = repr(x)
    return text if len(text) <= n else text[:n - 3] + "..."
