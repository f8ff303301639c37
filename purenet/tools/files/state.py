"""The optimizer state file: what ``train`` needs to continue a run exactly (``docs/formats.md``).

    {"format": "purenet.optimizer_state", "version": 1, "update": NAME, "options": {...},
     "model_sha256": HEX, "step": t, "epoch": k, "shuffle": null or {"seed": S, "state": N, "order": [...]},
     "buffers": {NAME: {"layers": [{"weights": [[...]], "biases": [...] or null}, ...]}, ...}}

``update`` and ``options`` are the update and the options it ran with (``learning_rate`` and the
options the update uses: ``momentum``, ``dampening``, ``weight_decay``, ``betas``, ``eps``);
``model_sha256`` the SHA-256 of the model file saved with it (its text as purenet writes it), so
that a continued run refuses another model; ``step`` the steps taken (t of the last one),
``epoch`` the epochs completed; ``shuffle`` the
SplitMix64 state and the order of the last epoch when the samples are reshuffled; ``buffers``
each buffer of the update (``momentum_buffer``; ``exp_avg``, ``exp_avg_sq``) in the gradient
file's layout, shaped like the model. A sidecar beside the model file: the model file itself
is unchanged. Host-only; the core's state is ``purenet.updates``' plain dict.
"""

import hashlib

from ...updates import BUFFERS, UPDATES, USES
from .dicts import Checker, gradients_from_dict, gradients_to_dict, model_to_dict
from .jsontext import dumps, kind_of

STATE_FORMAT = "purenet.optimizer_state"
STATE_VERSION = 1
OPTION_NAMES = ("learning_rate", "momentum", "dampening", "weight_decay", "betas", "eps")


def model_sha256(net):
    """The SHA-256 (hex) of net's model file as purenet writes it (``jsontext.dumps``)."""
    return hashlib.sha256(dumps(model_to_dict(net)).encode("utf-8")).hexdigest()


def state_to_dict(state, options, net):
    """The file's dict from ``train``'s state, the options used (a dict of OPTION_NAMES) and the
    network saved with it."""
    update = state["update"]
    used = dict((k, list(v) if k == "betas" else v) for k, v in options.items()
                if k == "learning_rate" or k in USES[update])
    buffers = {}
    for name in BUFFERS[update]:
        w, b = state["buffers"][name]
        buffers[name] = {"layers": gradients_to_dict(0.0, w, b)["layers"]}
    shuffle = state.get("shuffle")
    return {"format": STATE_FORMAT, "version": STATE_VERSION, "update": update, "options": used,
            "model_sha256": model_sha256(net), "step": state["step"], "epoch": state["epoch"],
            "shuffle": None if shuffle is None else {"seed": shuffle["seed"], "state": shuffle["state"],
                                                     "order": list(shuffle["order"])},
            "buffers": buffers}


def _count(c, value, place, low=0, high=None):
    if isinstance(value, bool) or not isinstance(value, int) or value < low or (
            high is not None and value >= high):
        c.fail(place, "expected an integer %s %d%s, got %s" % (
            "≥", low, "" if high is None else " and below 2^64", kind_of(value)
            if not isinstance(value, int) or isinstance(value, bool) else value))
    return value


def state_from_dict(d, net, n_samples, where=""):
    """(state for ``train``, the options recorded) from a parsed state file, checked against the
    model and the number of samples; FileFormatError naming the place otherwise."""
    c = Checker(where)
    c.obj(d, "", ("format", "version", "update", "options", "model_sha256", "step", "epoch", "shuffle",
                  "buffers"))
    if d["format"] != STATE_FORMAT:
        c.fail("format", "expected %r, got %s" % (STATE_FORMAT, kind_of(d["format"])
                                                  if not isinstance(d["format"], str) else repr(d["format"])))
    if d["version"] != STATE_VERSION or isinstance(d["version"], bool):
        c.fail("version", "this purenet reads version %d; the file has version %r"
               % (STATE_VERSION, d["version"]))
    update = d["update"]
    if update not in UPDATES:
        c.fail("update", "expected one of %s, got %r" % (", ".join(UPDATES), update))
    opts = c.obj(d["options"], "options", (), OPTION_NAMES)
    recorded = {}
    for k in opts:
        if k == "betas":
            recorded[k] = tuple(c.numbers(opts[k], "options.betas", 2))
        else:
            recorded[k] = c.number(opts[k], "options." + k)
    if d["model_sha256"] != model_sha256(net):
        c.fail("model_sha256", "the state was saved with another model than MODEL; give the model "
                               "written beside it")
    state = {"update": update, "step": _count(c, d["step"], "step"), "epoch": _count(c, d["epoch"], "epoch"),
             "buffers": {}, "shuffle": None}
    shuffle = d["shuffle"]
    if shuffle is not None:
        c.obj(shuffle, "shuffle", ("seed", "state", "order"))
        order = shuffle["order"]
        ints = ([o for o in order if isinstance(o, int) and not isinstance(o, bool)]
                if isinstance(order, list) else [])
        if not isinstance(order, list) or len(ints) != len(order) or sorted(ints) != list(range(n_samples)):
            c.fail("shuffle.order", "expected the %d sample numbers 0 .. %d in some order"
                   % (n_samples, n_samples - 1))
        state["shuffle"] = {"seed": _count(c, shuffle["seed"], "shuffle.seed"),
                            "state": _count(c, shuffle["state"], "shuffle.state", 0, 2 ** 64),
                            "order": list(order)}
    buffers = c.obj(d["buffers"], "buffers", BUFFERS[update])
    for name in BUFFERS[update]:
        buf = c.obj(buffers[name], "buffers." + name, ("layers",))
        _, w, b = gradients_from_dict({"loss": 0.0, "layers": buf["layers"]}, net,
                                      where="%s: buffers.%s" % (where, name) if where else "buffers." + name)
        state["buffers"][name] = [w, b]
    if state["step"] < state["epoch"]:
        c.fail("step", "%d steps cannot complete %d epochs" % (state["step"], state["epoch"]))
    return state, recorded
