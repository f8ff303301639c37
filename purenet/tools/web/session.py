"""The Python behind the web page (``python -m purenet web``): one session, driven by JSON requests.

The page's worker runs this module in Pyodide beside the core; the page's JavaScript only draws
what ``handle`` returns. Every number is computed here by purenet's own code (``papers`` for the
worked examples, ``network``/``backprop``/``training`` for the rest) and travels as its Python
``repr`` string, so the page shows exactly CPython's bits (Pyodide is CPython).

Requests (``handle(text)`` takes and returns JSON text):

- ``{"cmd": "examples"}``: the worked examples (``examples.EXAMPLES``) and the custom form's
  choices;
- ``{"cmd": "load", "config": {"example": ID, "activation": ..., "batch": ...}}`` or
  ``{"cmd": "load", "config": {"custom": {...}}}`` (``examples.custom_config``): a new session
  at iteration 0;
- ``{"cmd": "advance", "n": N}``: N more iterations (epochs) of ``training.train``, split only at the
  iterations where the paper publishes a value (``train`` keeps no state between calls when
  samples are taken in order, so the bits are those of one call with N epochs);
- ``{"cmd": "rewind"}``: back to the same initial weights, iteration 0;
- ``{"cmd": "sample", "k": K}``: show sample K (0-based) in the tables;
- ``{"cmd": "model"}`` / ``{"cmd": "data"}``: the current model / the data as purenet JSON files;
- ``{"cmd": "explain", "name": NAME}``: the number of that ``data-name`` with its equation from
  ``002`` and the same equation with the values shown (``explain.explain``);
- ``{"cmd": "steps"}``: one iteration walked as ``002`` does (``explain.steps``).

Every answer that changes the view carries ``view``: the state (``Session.view``), with the
history from ``known`` on (the page sends how many iterations it already holds), every quantity's
``data-name`` (``names``: the page builds none itself) and the plots' axes (``plots``: the ticks
by ``ticks.axis``, the rule of ``plot.py``'s SVG files). With momentum, Nesterov, Adam or AdamW
(the custom form's update), the view also carries ``update_state`` (the update, its options, its
equation and the step count t) and, in each layer, ``buffers``: every buffer's value beside each
w_ij^l and b_j^l, carried from one advance to the next.
"""

import json

from ... import updates
from ...backprop import _gradient, accumulate, deltas, sample_cost
from ...network import _forward, check_data, param_name, zero_gradients
from ...training import train
from .. import files
from ..ticks import axis, prefers_log
from . import explain
from .examples import CUSTOM_CHOICES, EXAMPLES, custom_config, example_config, formulas

UPDATE_EQUATIONS = {
    "momentum": "g ← g + L·p; v ← g (t = 1), else v ← μ·v + (1 − d)·g; p ← p − h·v",
    "nesterov": "g ← g + L·p; v ← g (t = 1), else v ← μ·v + g; p ← p − h·(g + μ·v)",
    "adam": "g ← g + L·p; m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; "
            "p ← p − h/(1 − β1^t) · m/(√v/√(1 − β2^t) + ε)",
    "adamw": "p ← p·(1 − h·L); m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; "
             "p ← p − h/(1 − β1^t) · m/(√v/√(1 − β2^t) + ε)",
}

#: the plots' colours (the output plot: one per output shown, its target dashed in the same colour)
COLORS = ("#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")


def r(x):
    """A number as the page carries it: its Python repr."""
    return repr(x)


def _reprs(v):
    return None if v is None else [repr(x) for x in v]


MAX_ITERATIONS = 100000      # the most iterations the page trains (their history is kept whole)
MAX_HISTORY = 4000000        # the most numbers of history (costs and outputs) the page keeps


def iteration_limit(outputs):
    """How many iterations the page trains a network whose iteration records ``outputs`` numbers
    besides its cost: MAX_ITERATIONS, fewer where that history would pass MAX_HISTORY."""
    return max(1, min(MAX_ITERATIONS, MAX_HISTORY // (1 + outputs)))


class Session:
    """One network being trained: its initial copy (for rewinding), the current network, the
    history of the cost and outputs after every iteration, and copies at the published iterations."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.initial = cfg["net"].copy()
        self.X, self.Y = cfg["X"], cfg["Y"]
        self.trainable = self.Y is not None
        self.loss = check_data(self.initial, self.X, self.Y, cfg["loss"]) if self.trainable else None
        self.watch = sorted(set(row["iteration"] for row in cfg["published"]
                                if row.get("iteration") is not None))
        self.sample = 0
        self.formulas = formulas(self.initial, self.loss)
        self.rewind()

    def rewind(self):
        self.net = self.initial.copy()
        self.iteration = 0
        self.message = None
        self.snapshots = {0: self.net.copy()}
        self.history = {"cost": [], "outputs": []}
        self.extent = {}
        # the update's buffers and step count, carried from one advance to the next
        self.opt_state = {} if self.cfg["update"] in updates.STATEFUL else None
        if self.trainable:
            # the initial cost and outputs exactly as train records them (a zero-epoch run)
            train(self.net, self.X, self.Y, self.loss, self.cfg["h"], 0, record_outputs=True,
                  history=self.history)
            self._extend(self.history["cost"], self.history["outputs"])

    def _extend(self, costs, outputs):
        """Keep the finite extremes of the costs and of each output y_j of sample k (the plots'
        ranges, updated with each new part of the history, never recomputed)."""
        ext = self.extent
        for key, values in [("cost", costs)] + [((k, j), [o[k][j] for o in outputs])
                                                for k in range(len(self.X)) for j in range(len(self.Y[k]))]:
            lo, hi = ext.get(key, (None, None))
            for v in values:
                if v - v == 0.0:                          # finite
                    lo = v if lo is None or v < lo else lo
                    hi = v if hi is None or v > hi else hi
            ext[key] = (lo, hi)

    def advance(self, n):
        """n more iterations; stops early (with a message) if the cost diverges."""
        if not self.trainable:
            raise ValueError("%s gives no target, so there is nothing to train" % self.cfg["title"])
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError("iterations must be a non-negative integer, got %r" % (n,))
        limit = iteration_limit(len(self.X) * self.net.sizes[-1])
        if self.iteration + n > limit:
            n = limit - self.iteration
            self.message = ("this page trains at most %d iterations of this network (it keeps each "
                            "one's cost and outputs); download the model and go on with python -m "
                            "purenet train" % limit)
        target = self.iteration + n
        while self.iteration < target:
            stop = target
            for w in self.watch:
                if self.iteration < w < stop:
                    stop = w
            part = {}
            try:
                train(self.net, self.X, self.Y, self.loss, self.cfg["h"], stop - self.iteration,
                      batch_size=self.cfg["batch"], update=self.cfg["update"], record_outputs=True,
                      history=part, state=self.opt_state, **self.cfg.get("update_options", {}))
            except ValueError as e:       # TrainingDiverged, or an output the loss cannot take
                self._append(part)        # train restored the last completed epoch: keep its history
                self.message = "training stopped: %s" % e
                break
            self._append(part)
            if stop in self.watch:
                self.snapshots[stop] = self.net.copy()

    def _append(self, part):
        done = len(part.get("cost", [])) - 1
        if done > 0:
            self.history["cost"].extend(part["cost"][1:])
            self.history["outputs"].extend(part["outputs"][1:])
            self._extend(part["cost"][1:], part["outputs"][1:])
            self.iteration += done

    # -----------------------------------------------------------------------------------------
    # what the page shows

    def published(self):
        """Each published number with purenet's value once the run has reached its iteration."""
        rows = []
        for row in self.cfg["published"]:
            out = {"quantity": row["quantity"], "name": row["name"], "paper": row["paper"],
                   "iteration": row.get("iteration"), "rule": row["rule"]}
            n = row.get("iteration")
            value = None
            if n is None:
                value = row["value"]()
            elif n in self.snapshots:
                value = row["value"](self.snapshots[n], self.X)
            out["purenet"] = None if value is None else r(value)
            if value is None:
                out["result"] = "pending"
            elif row["rule"] == "match":
                out["result"] = "match" if row["matches"](value) else "MISMATCH"
            else:
                out["result"] = "beside"
            rows.append(out)
        return rows

    def _layers(self, trace, d, gw, gb, mean):
        net = self.net
        layers = []
        for l in range(1, net.L + 1):
            n = len(trace.z[l])
            names = {k: [explain.qname(k, l, j) for j in range(n)] for k in ("z", "a")}
            layer = {"l": l, "z": _reprs(trace.z[l]), "a": _reprs(trace.a[l]), "names": names}
            if l >= 2:
                layer["activation"] = net.s[l].spec()
                layer["w"] = [_reprs(row) for row in net.w[l]]
                w_names = [[param_name("w", l, i, j) for j in range(n)] for i in range(len(net.w[l]))]
                layer["w_names"] = names["w"] = w_names      # w_names: the name it had first
                b_names = [param_name("b", l, j) for j in range(n)]
                layer["b"] = _reprs(net.b[l])
                if net.b[l] is not None:
                    names["b"] = b_names
                if d is not None:
                    layer["d"] = _reprs(d[l])
                    layer["gw"] = [_reprs(row) for row in gw[l]]
                    layer["gb"] = _reprs(gb[l])
                    names["d"] = [explain.qname("d", l, j) for j in range(n)]
                    names["gw"] = [["dJ/d" + w for w in row] for row in w_names]
                    names["gb"] = ["dJ/d" + b for b in b_names]
                if mean is not None:
                    layer["mean_gw"] = [_reprs(row) for row in mean[1][l]]
                    layer["mean_gb"] = _reprs(mean[2][l])
                    names["mean_gw"] = [["mean dJ/d" + w for w in row] for row in w_names]
                    names["mean_gb"] = ["mean dJ/d" + b for b in b_names]
                if self.opt_state:
                    layer["buffers"] = self._buffers(l)
            layers.append(layer)
        return layers

    def _buffers(self, l):
        """{name: {"w": [[repr]], "b": [repr] or None}} of the update's buffers in layer l: the
        momentum_buffer v, or Adam's exp_avg m and exp_avg_sq v, beside each w_ij^l and b_j^l."""
        out = {}
        for name in sorted(self.opt_state["buffers"]):
            w, b = self.opt_state["buffers"][name]
            out[name] = {"w": [_reprs(row) for row in w[l]], "b": _reprs(b[l])}
        return out

    def update_view(self):
        """The update, its options, its equation and the step count t (None for plain steps)."""
        update = self.cfg["update"]
        if update not in updates.STATEFUL:
            return None
        opts = updates.options(update, **self.cfg.get("update_options", {}))
        return {"name": update, "step": self.opt_state.get("step", 0) if self.opt_state else 0,
                "options": dict((k, r(v) if k != "betas" else [r(x) for x in v])
                                for k, v in opts.items() if k != "update"),
                "equation": UPDATE_EQUATIONS[update]}

    def state(self):
        """What this view shows, for ``explain``: the current network, sample k's forward pass,
        its deltas and gradient, the mean gradient over all samples (or None), the data."""
        net, k = self.net, self.sample
        st = {"net": net, "trace": _forward(net, self.X[k]), "d": None, "gw": None, "gb": None,
              "mean": None, "loss": self.loss, "X": self.X, "Y": self.Y, "k": k, "h": self.cfg["h"],
              "update": self.cfg["update"], "batch": self.cfg["batch"], "note": None,
              "J": None if not self.trainable else self.history["cost"][-1]}
        if self.trainable:
            try:
                st["d"] = deltas(net, st["trace"], self.Y[k], self.loss)
                st["gw"], st["gb"] = zero_gradients(net)
                accumulate(net, st["trace"], st["d"], st["gw"], st["gb"])   # ∂J_s/∂w_ij^l, ∂J_s/∂b_j^l
                st["J_sample"] = sample_cost(net, st["trace"], self.Y[k], self.loss)
                if len(self.X) > 1:
                    st["mean"] = _gradient(net, self.X, self.Y, self.loss)
            except ValueError as e:                         # e.g. a saturated cross-entropy output
                st["d"] = st["mean"] = None
                st["note"] = "the backward pass: %s" % e
        return st

    def plots(self):
        """The cost plot and the output plot: their axes (``ticks.axis``) and series; the page
        draws the lines from the history it holds."""
        if not self.trainable:
            return None
        n = len(self.history["cost"])
        x = _axis(0, max(n - 1, 1), integer=True)
        lo, hi = self.extent["cost"]
        log = prefers_log(lo, hi)
        cost = {"x": x, "y": _axis(lo, hi, log=log, from_zero=True),
                "title": "cost J" + (" (log scale)" if log else ""),
                "series": [{"label": "J", "color": "#1f77b4"}]}
        samples = range(len(self.X)) if len(self.X) <= 5 else [self.sample]
        series, ys = [], []
        for k in samples:
            for j in range(min(len(self.Y[k]), 4)):
                if len(series) == len(COLORS):
                    break
                tag = "_%d" % (j + 1) + ("[%d]" % (k + 1) if len(self.X) > 1 else "")
                series.append({"k": k, "j": j, "color": COLORS[len(series)], "label": "y" + tag,
                               "target": repr(self.Y[k][j]), "target_label": "y*" + tag})
                ys += [v for v in self.extent[(k, j)] if v is not None] + [self.Y[k][j]]
        outputs = {"x": x, "y": _axis(min(ys), max(ys)), "series": series,
                   "title": "outputs y (solid) and targets y* (dashed)"}
        marks = sorted(set(r["iteration"] for r in self.cfg["published"] if r.get("iteration")))
        return {"cost": cost, "outputs": outputs, "marks": marks,
                "marks_label": "dotted: the iterations at which the document prints a value"}

    def view(self, known=0):
        net, k = self.net, self.sample
        st = self.state()
        trace, d = st["trace"], st["d"]
        cfg = self.cfg
        known = max(0, min(int(known), len(self.history["cost"])))
        n_out = len(trace.output)
        return {
            "kind": cfg["kind"], "id": cfg["id"], "title": cfg["title"], "source": cfg["source"],
            "about": cfg["about"], "query": cfg["query"], "options": cfg["options"],
            "errata": cfg["errata"], "trainable": self.trainable, "message": st["note"] or self.message,
            "iteration": self.iteration, "sample": k, "samples": len(self.X),
            "sizes": net.sizes, "loss": None if self.loss is None else self.loss.name,
            "h": r(cfg["h"]), "update": cfg["update"], "batch": cfg["batch"],
            "update_state": self.update_view(),
            "J": None if not self.trainable else r(self.history["cost"][-1]),
            "J_sample": None if d is None else r(st["J_sample"]),
            "y": _reprs(trace.output), "y_star": None if not self.trainable else _reprs(self.Y[k]),
            "layers": self._layers(trace, d, st["gw"], st["gb"], st["mean"]),
            "names": {"J": "J", "J_s": "J_s", "y": ["y_%d" % (j + 1) for j in range(n_out)],
                      "y_star": ["y*_%d" % (j + 1) for j in range(n_out)],
                      "outputs": [["y_%d[%d]" % (j + 1, s + 1) for j in range(n_out)]
                                  for s in range(len(self.X))]},
            "data": {"X": [_reprs(x) for x in self.X],
                     "Y": None if not self.trainable else [_reprs(y) for y in self.Y],
                     "outputs": [_reprs(_forward(net, x).output) for x in self.X]},
            "history": {"from": known, "cost": self.history["cost"][known:],
                        "outputs": self.history["outputs"][known:]},
            "plots": self.plots(), "published": self.published(), "formulas": self.formulas,
        }


def _axis(lo, hi, **kw):
    """``ticks.axis`` with each tick's value also as its repr (the page's data-value)."""
    a = axis(lo, hi, **kw)
    for t in a["ticks"]:
        t["repr"] = repr(t["value"])
    return a


_session = None


def _load(config):
    if not isinstance(config, dict):
        raise ValueError("config: expected an object")
    if "custom" in config:
        return Session(custom_config(config["custom"]))
    return Session(example_config(config))


def handle(text):
    """Answer one JSON request (see the module); errors in the request come back as
    ``{"ok": false, "error": "one line"}``."""
    global _session
    try:
        req = json.loads(text)
        cmd = req.get("cmd")
        if cmd == "examples":
            return json.dumps({"ok": True, "examples": [
                {"id": e["id"], "title": e["title"]} for e in EXAMPLES], "custom": CUSTOM_CHOICES})
        if cmd == "load":
            _session = _load(req.get("config"))
        elif _session is None:
            raise ValueError("no network loaded yet")
        elif cmd == "advance":
            _session.advance(req.get("n"))
        elif cmd == "rewind":
            _session.rewind()
        elif cmd == "sample":
            k = req.get("k")
            if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k < len(_session.X):
                raise ValueError("sample: expected 0 .. %d, got %r" % (len(_session.X) - 1, k))
            _session.sample = k
        elif cmd == "explain":
            st = _session.state()
            entry = explain.explain(st, req.get("name"))
            if entry is None:
                raise ValueError("explain: no number named %r here" % (req.get("name"),))
            return json.dumps({"ok": True, "iteration": _session.iteration, "sample": _session.sample,
                               "explain": entry})
        elif cmd == "steps":
            return json.dumps({"ok": True, "iteration": _session.iteration, "sample": _session.sample,
                               "steps": explain.steps(_session.state())})
        elif cmd == "model":
            return json.dumps({"ok": True, "text": files.dumps(files.model_to_dict(_session.net))})
        elif cmd == "data":
            if not _session.trainable:
                raise ValueError("this example has no targets")
            return json.dumps({"ok": True, "text": files.dumps(files.data_to_dict(_session.X,
                                                                                     _session.Y))})
        else:
            raise ValueError("unknown command %r" % (cmd,))
        return json.dumps({"ok": True, "view": _session.view(req.get("known", 0))})
    except (ValueError, TypeError, KeyError) as e:
        return json.dumps({"ok": False, "error": str(e).splitlines()[0] if str(e) else type(e).__name__})
