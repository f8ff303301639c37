"""Keras 3 on TensorFlow, as its users write it: a functional keras.Model of Dense layers (linear)
each followed by an Activation layer (so that z^l and a^l can both be read), float64 by
keras.config.set_floatx, tf.GradientTape for the gradient, keras.optimizers.SGD for the steps.

- ``default``: what a user writes first: keras.losses.MeanSquaredError() for both squared errors,
  BinaryCrossentropy() and CategoricalCrossentropy() on the outputs, with the default reduction
  (a mean over the batch of per-sample means over the outputs);
- ``matched``: the same Keras losses with reduction="sum", times the number of outputs (undoing
  their mean over the last axis) and divided by the number of samples, 1/2 for half squared error,
  and BinaryCrossentropy(from_logits=True) on beta z after a sigmoid.

Run: python conformance/adapters/keras_adapter.py --variant matched   (JSON lines)
"""

import math
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from common import (
    Adapter,
    NotExpressible,
    activation,
    full_capabilities,
    hello,
    run_training,
    serve,
    start_model,
    tolist,
)
from keras import ops  # noqa: E402

keras.config.set_floatx("float64")


def act_fn(spec):
    name, p = activation(spec)
    if name in ("linear", "tanh", "relu", "softmax"):
        return name
    if name == "sigmoid":
        return "sigmoid" if p["beta"] == 1.0 else (lambda z: keras.activations.sigmoid(p["beta"] * z))
    if name == "step":
        return lambda z: ops.cast(z >= 0, "float64")
    if name == "gaussian":
        s = p["sigma"]
        return lambda z: ops.exp(-(z - p["mu"]) ** 2 / (2 * s * s)) / (s * math.sqrt(2 * math.pi))
    if name == "piecewise_linear":
        return lambda z: ops.where(z <= p["x_min"], 0.0, ops.where(z >= p["x_max"], 1.0,
                                                                   p["slope"] * z + p["intercept"]))
    raise NotExpressible(name)


def build(model):
    """(keras model returning [z^2, a^2, ..., z^L, a^L], the Dense layers)."""
    layers = model["layers"]
    x = keras.Input(shape=(len(layers[0]["weights"]),), dtype="float64")
    outs, dense, a = [], [], x
    for L in layers:
        d = keras.layers.Dense(len(L["weights"][0]), use_bias=L["biases"] is not None, dtype="float64")
        z = d(a)
        a = keras.layers.Activation(act_fn(L["activation"]), dtype="float64")(z)
        d.set_weights([ops.convert_to_numpy(ops.array(L["weights"], dtype="float64"))] +
                      ([ops.convert_to_numpy(ops.array(L["biases"], dtype="float64"))]
                       if L["biases"] is not None else []))
        outs += [z, a]
        dense.append(d)
    return keras.Model(x, outs), dense


def cost(model, outs, t, loss, variant):
    y, z = outs[-1], outs[-2]
    n, n_out = t.shape[0], t.shape[1]
    name, p = activation(model["layers"][-1]["activation"])
    if variant == "default":
        mse = keras.losses.MeanSquaredError()
        f = {"half_squared_error": mse, "squared_error": mse,
             "cross_entropy": keras.losses.BinaryCrossentropy(),
             "categorical_cross_entropy": keras.losses.CategoricalCrossentropy()}[loss]
        return f(t, y)
    if loss in ("half_squared_error", "squared_error"):
        scale = 0.5 if loss == "half_squared_error" else 1.0
        return scale * keras.losses.MeanSquaredError(reduction="sum")(t, y) * n_out / n
    if loss == "cross_entropy":
        if name == "sigmoid":
            bce = keras.losses.BinaryCrossentropy(from_logits=True, reduction="sum")
            return bce(t, p["beta"] * z) * n_out / n
        return keras.losses.BinaryCrossentropy(reduction="sum")(t, y) * n_out / n
    return keras.losses.CategoricalCrossentropy(reduction="sum")(t, y) / n


def layers_of(dense, values=None):
    out, k = [], 0
    for d in dense:
        vs = values[k:k + len(d.trainable_variables)] if values is not None else d.trainable_variables
        k += len(d.trainable_variables)
        vs = [ops.convert_to_numpy(v) if v is not None else None for v in vs]
        w = vs[0] if vs[0] is not None else ops.convert_to_numpy(ops.zeros_like(d.kernel))
        b = None
        if d.use_bias:
            b = tolist(vs[1]) if vs[1] is not None else [0.0] * int(d.units)
        out.append({"weights": tolist(w), "biases": b})
    return out


def value_and_grad(net, dense, model, x, t, loss, variant):
    with tf.GradientTape() as tape:
        outs = net(x)
        J = cost(model, outs, t, loss, variant)
    variables = [v for d in dense for v in d.trainable_variables]
    return J, tape.gradient(J, variables), outs, variables


class Keras(Adapter):
    def __init__(self, variant):
        self.variant = variant

    def hello(self):
        return hello("keras", keras.__version__, self.variant, full_capabilities(),
                     versions={"tensorflow": tf.__version__})

    def one_step(self, request):
        model = request["model"]
        net, dense = build(model)
        x = ops.array(request["data"]["inputs"], dtype="float64")
        t = ops.array(request["data"]["targets"], dtype="float64")
        J, grads, outs, variables = value_and_grad(net, dense, model, x, t, request["loss"], self.variant)
        grads = [g if g is not None else ops.zeros_like(v) for g, v in zip(grads, variables)]
        gradient = layers_of(dense, grads)
        keras.optimizers.SGD(learning_rate=request["learning_rate"]).apply_gradients(zip(grads, variables))
        arrays = [x] + list(outs)
        trace = [{"z": {str(l + 1): tolist(ops.convert_to_numpy(arrays[max(0, 2 * l - 1)])[s])
                        for l in range(len(dense) + 1)},
                  "a": {str(l + 1): tolist(ops.convert_to_numpy(arrays[2 * l])[s])
                        for l in range(len(dense) + 1)}}
                 for s in range(len(request["data"]["inputs"]))]
        return {"outputs": tolist(ops.convert_to_numpy(outs[-1])), "trace": trace, "cost": float(J),
                "gradient": {"layers": gradient}, "updated_model": {"layers": layers_of(dense)}}

    def training(self, request):
        return run_training(request, Training(request, self.variant))


class Training:
    """The hooks of common.run_training for one Keras run."""

    def __init__(self, request, variant):
        self.model = start_model(request)
        self.net, self.dense = build(self.model)
        self.X, self.T = request["data"]["inputs"], request["data"]["targets"]
        self.loss, self.variant, self.update = request["loss"], variant, request["update"]
        self.opt = keras.optimizers.SGD(learning_rate=request["learning_rate"])
        self.variables = [v for d in self.dense for v in d.trainable_variables]

    def gradient(self, idx):
        x = ops.array([self.X[i] for i in idx], dtype="float64")
        t = ops.array([self.T[i] for i in idx], dtype="float64")
        J, grads, _, _ = value_and_grad(self.net, self.dense, self.model, x, t, self.loss, self.variant)
        return float(J), [g if g is not None else ops.zeros_like(v) for g, v in zip(grads, self.variables)]

    def initial(self):
        J, grads = self.gradient(range(len(self.X)))
        return J, layers_of(self.dense, grads)

    def step(self, batch):
        grads = self.gradient(batch)[1]
        if self.update == "normalized":
            norm = float(ops.sqrt(sum(ops.sum(g * g) for g in grads)))
            if norm == 0:
                return
            grads = [g / norm for g in grads]
        self.opt.apply_gradients(zip(grads, self.variables))

    def cost(self):
        x, t = ops.array(self.X, dtype="float64"), ops.array(self.T, dtype="float64")
        return float(cost(self.model, self.net(x), t, self.loss, self.variant))

    def layers(self):
        return layers_of(self.dense)

    def snapshot(self):
        return [ops.convert_to_numpy(v) for v in self.variables]

    def restore(self, saved):
        for v, s in zip(self.variables, saved):
            v.assign(s)

    def finite(self):
        return all(bool(ops.all(ops.isfinite(v))) for v in self.variables)


default = Keras("default")
matched = Keras("matched")
VARIANTS = {"default": default, "matched": matched}

if __name__ == "__main__":
    serve(VARIANTS)
