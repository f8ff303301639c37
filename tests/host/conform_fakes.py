"""Adapters for the tests of ``purenet conform``: purenet itself behind the protocol, with faults
to order.

``Fake(faults)`` answers every case with purenet's own results (so it passes everything, the
invalid files included), except where ``faults`` maps a case id to one of:
``crash`` (exit 3 after a line on stderr), ``hang`` (sleep), ``garbage`` (a line that is not
JSON), ``wrong_shape`` (one output row too many), ``wrong_seq``, ``raise`` (an error answer),
``mean_outputs`` (cost and gradient divided by the number of outputs), ``relu1`` (relu'(0) = 1),
``cost_late`` (training costs one epoch late), ``nan`` (a NaN cost).

Run as a program: ``python conform_fakes.py FAULT=ID[,FAULT=ID...]`` speaks JSON lines.
"""
import json
import math
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from purenet.activations import ReLU  # noqa: E402
from purenet.backprop import gradient  # noqa: E402
from purenet.network import forward  # noqa: E402
from purenet.tools import files  # noqa: E402
from purenet.training import TrainingDiverged, apply_update, train  # noqa: E402

CAPABILITIES = {
    "activations": ["linear", "sigmoid", "tanh", "relu", "step", "piecewise_linear", "gaussian"],
    "losses": {"half_squared_error": ["*"], "squared_error": ["*"], "cross_entropy": ["*"],
               "categorical_cross_entropy": ["softmax"]},
    "activation_parameters": True, "mixed_activations": True, "layers_without_biases": True,
    "parts": ["outputs", "trace", "cost", "gradient", "updated_model"],
    "training": {"updates": ["plain", "normalized"], "batching": ["batch", "mini-batch", "stochastic"],
                 "shuffle": True, "init": True},
    "invalid_files": True,
}


class _ReLU1(ReLU):
    def derivative(self, z, a=None):
        return 1.0 if z >= 0.0 else 0.0


def _layers(net):
    return [{"weights": L["weights"], "biases": L["biases"]} for L in files.model_to_dict(net)["layers"]]


def one_step(req, fault):
    net = files.model_from_dict(req["model"])
    if fault == "relu1":
        for l in range(2, net.L + 1):
            if net.s[l].name == "relu":
                net.s[l] = _ReLU1("relu", {})
    X, Y = req["data"]["inputs"], req["data"]["targets"]
    X = [[float(v) for v in x] for x in X]
    Y = [[float(v) for v in y] for y in Y]
    traces = [forward(net, x) for x in X]
    J, gw, gb = gradient(net, X, Y, req["loss"])
    grad = files.gradients_to_dict(J, gw, gb)["layers"]
    apply_update(net, gw, gb, req["learning_rate"], "plain")
    out = {"outputs": [t.output for t in traces], "cost": J, "gradient": {"layers": grad},
           "trace": [{"z": {str(l): t.z[l] for l in range(1, len(t.z))},
                      "a": {str(l): t.a[l] for l in range(1, len(t.a))}} for t in traces],
           "updated_model": {"layers": _layers(net)}}
    if fault == "mean_outputs":
        n_out = len(Y[0])
        out["cost"] = J / n_out
        for L in grad:
            L["weights"] = [[g / n_out for g in row] for row in L["weights"]]
            L["biases"] = None if L["biases"] is None else [g / n_out for g in L["biases"]]
    if fault == "wrong_shape":
        out["outputs"] = out["outputs"] + [out["outputs"][0]]
    if fault == "nan":
        out["cost"] = float("nan")
    return out


def training(req, fault):
    from purenet.network import init_network
    if req["model"] is not None:
        net = files.model_from_dict(req["model"])
    else:
        i = req["init"]
        net = init_network(i["sizes"], i["activations"], bias=i["bias"], seed=i["seed"])
    X, Y = req["data"]["inputs"], req["data"]["targets"]
    X = [[float(v) for v in x] for x in X]
    Y = [[float(v) for v in y] for y in Y]
    J0, gw, gb = gradient(net, X, Y, req["loss"])
    models = [{"layers": _layers(net)}]
    history, diverged = {}, None
    try:
        train(net, X, Y, req["loss"], req["learning_rate"], req["epochs"], batch_size=req["batch_size"],
              update=req["update"], shuffle_seed=req["shuffle_seed"], history=history,
              on_epoch=lambda e, J: models.append({"layers": _layers(net)}))
    except TrainingDiverged as e:
        diverged = {"epoch": e.epoch}
    orders = None
    if req["shuffle_seed"] is not None:
        from purenet.bits import Random
        rng, order, orders = Random(req["shuffle_seed"]), list(range(len(X))), []
        for _ in range(diverged["epoch"] if diverged else req["epochs"]):
            rng.shuffle(order)
            orders.append(list(order))
    cost = history["cost"]
    if fault == "cost_late":
        cost = [cost[0]] + cost[:-1]
    return {"initial_gradient": {"cost": J0, "layers": files.gradients_to_dict(J0, gw, gb)["layers"]},
            "cost": cost, "models": models, "orders": orders, "diverged": diverged}


def invalid(req):
    try:
        d = files.parse_json(req["text"])
        if req["file_kind"] == "model":
            files.model_from_dict(d)
        else:
            net = files.model_from_dict(files.parse_json(req["base_model"]))
            if req["file_kind"] == "data":
                files.data_from_dict(d, net=net)
            else:
                files.gradients_from_dict(d, net)
    except files.FileFormatError as e:
        return {"accepted": False, "place": str(e).split(": ")[0]}
    return {"accepted": True}


class Fake:
    def __init__(self, faults=None):
        self.faults = dict(faults or {})

    def hello(self):
        return {"type": "hello", "name": "fake-purenet", "version": "0", "variant": "faults", "protocol": 1,
                "capabilities": CAPABILITIES}

    def run(self, req):
        fault = self.faults.get(req["id"])
        if fault == "crash":
            sys.stderr.write("fake: crashing on %s\n" % req["id"])
            sys.stderr.flush()
            os._exit(3)
        if fault == "hang":
            time.sleep(3600)
        if fault == "raise":
            raise OverflowError("(34, 'Numerical result out of range')")
        body = {"one_step": one_step, "training": training}.get(req["kind"])
        body = body(req, fault) if body else invalid(req)
        body.update({"type": "result", "seq": req["seq"] + (1 if fault == "wrong_seq" else 0)})
        return body


def _encode(x):
    if isinstance(x, float) and not math.isfinite(x):
        return "NaN" if x != x else ("Infinity" if x > 0 else "-Infinity")
    if isinstance(x, dict):
        return {k: _encode(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_encode(v) for v in x]
    return x


def serve(faults):
    fake = Fake(faults)
    for line in sys.stdin:
        msg = json.loads(line)
        if msg["type"] == "start":
            reply = fake.hello()
        elif msg["type"] == "run":
            if fake.faults.get(msg["id"]) == "garbage":
                sys.stdout.write("this is not JSON\n")
                sys.stdout.flush()
                continue
            try:
                reply = fake.run(msg)
            except Exception as e:
                reply = {"type": "error", "seq": msg["seq"], "message": "%s: %s" % (type(e).__name__, e)}
        else:
            return
        sys.stdout.write(json.dumps(_encode(reply)) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve(dict(reversed(item.split("=", 1)) for arg in sys.argv[1:] for item in arg.split(",") if item))
