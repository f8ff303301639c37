"""JAX with optax, as its users write it: parameters as a list of {"w", "b"} arrays, a forward
function of jax.numpy, jax.value_and_grad for the gradient, optax.sgd for the steps; float64 by
jax_enable_x64.

- ``default``: what a user writes first: optax.l2_loss(...).mean() for half squared error and
  optax.squared_error(...).mean() (means over samples and outputs), binary cross-entropy written
  with jax.scipy.special.xlogy on the outputs and .mean(), optax.softmax_cross_entropy on the
  logits; piecewise_linear as jnp.clip(m z + b, 0, 1);
- ``matched``: sums over outputs and means over samples, optax.sigmoid_binary_cross_entropy on
  beta z after a sigmoid, piecewise_linear with jnp.where.

Run: python conformance/adapters/jax_adapter.py --variant matched   (JSON lines)
"""

import math

import jax

jax.config.update("jax_enable_x64", True)

import jax.numpy as jnp  # noqa: E402
import optax  # noqa: E402
from common import (  # noqa: E402
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
from jax.scipy.special import xlogy  # noqa: E402


def act_fn(spec, variant):
    name, p = activation(spec)
    if name == "linear":
        return lambda z: z
    if name == "sigmoid":
        return lambda z: jax.nn.sigmoid(p["beta"] * z)
    if name == "tanh":
        return jnp.tanh
    if name == "relu":
        return jax.nn.relu
    if name == "softmax":
        return lambda z: jax.nn.softmax(z, axis=-1)
    if name == "step":
        return lambda z: jnp.where(z >= 0, 1.0, 0.0)
    if name == "gaussian":
        s = p["sigma"]
        return lambda z: jnp.exp(-(z - p["mu"]) ** 2 / (2 * s * s)) / (s * math.sqrt(2 * math.pi))
    if name == "piecewise_linear":
        if variant == "default":
            return lambda z: jnp.clip(p["slope"] * z + p["intercept"], 0.0, 1.0)
        return lambda z: jnp.where(z <= p["x_min"], 0.0, jnp.where(z >= p["x_max"], 1.0,
                                                                    p["slope"] * z + p["intercept"]))
    raise NotExpressible(name)


def params_of(model):
    return [{"w": jnp.array(L["weights"], dtype=jnp.float64),
             "b": None if L["biases"] is None else jnp.array(L["biases"], dtype=jnp.float64)}
            for L in model["layers"]]


def forward(params, fns, x):
    zs, acts, a = [x], [x], x
    for layer, f in zip(params, fns):
        z = a @ layer["w"] + (layer["b"] if layer["b"] is not None else 0.0)
        a = f(z)
        zs.append(z)
        acts.append(a)
    return zs, acts


def make_loss(model, loss, variant):
    fns = [act_fn(L["activation"], variant) for L in model["layers"]]
    out_name, p = activation(model["layers"][-1]["activation"])

    def J(params, x, t):
        zs, acts = forward(params, fns, x)
        y, z = acts[-1], zs[-1]
        if loss == "categorical_cross_entropy":
            return optax.softmax_cross_entropy(z, t).mean()
        if variant == "default":
            if loss == "half_squared_error":
                return optax.l2_loss(y, t).mean()
            if loss == "squared_error":
                return optax.squared_error(y, t).mean()
            return -(xlogy(t, y) + xlogy(1 - t, 1 - y)).mean()
        if loss == "half_squared_error":
            return optax.l2_loss(y, t).sum(axis=1).mean()
        if loss == "squared_error":
            return optax.squared_error(y, t).sum(axis=1).mean()
        if out_name == "sigmoid":
            return optax.sigmoid_binary_cross_entropy(p["beta"] * z, t).sum(axis=1).mean()
        return -(xlogy(t, y) + xlogy(1 - t, 1 - y)).sum(axis=1).mean()

    return J, fns


def layers_of(params):
    return [{"weights": tolist(L["w"]), "biases": None if L["b"] is None else tolist(L["b"])} for L in params]


class Training:
    """The hooks of common.run_training for one JAX run."""

    def __init__(self, request, variant):
        model = start_model(request)
        self.J = make_loss(model, request["loss"], variant)[0]
        self.grad_fn = jax.value_and_grad(self.J)
        self.params = params_of(model)
        self.x = jnp.array(request["data"]["inputs"], dtype=jnp.float64)
        self.t = jnp.array(request["data"]["targets"], dtype=jnp.float64)
        self.opt = optax.sgd(request["learning_rate"])
        self.state = self.opt.init(self.params)
        self.update = request["update"]

    def initial(self):
        J0, g0 = self.grad_fn(self.params, self.x, self.t)
        return float(J0), layers_of(g0)

    def step(self, batch):
        idx = jnp.array(batch)
        _, grads = self.grad_fn(self.params, self.x[idx], self.t[idx])
        if self.update == "normalized":
            norm = optax.global_norm(grads)
            if norm == 0:
                return
            grads = jax.tree_util.tree_map(lambda g: g / norm, grads)
        updates, self.state = self.opt.update(grads, self.state)
        self.params = optax.apply_updates(self.params, updates)

    def cost(self):
        return float(self.J(self.params, self.x, self.t))

    def layers(self):
        return layers_of(self.params)

    def snapshot(self):
        return self.params

    def restore(self, saved):
        self.params = saved

    def finite(self):
        return all(bool(jnp.isfinite(v).all()) for v in jax.tree_util.tree_leaves(self.params))


class Jax(Adapter):
    def __init__(self, variant):
        self.variant = variant

    def hello(self):
        return hello("jax+optax", jax.__version__, self.variant, full_capabilities(),
                     versions={"optax": optax.__version__})

    def one_step(self, request):
        model = request["model"]
        J, fns = make_loss(model, request["loss"], self.variant)
        params = params_of(model)
        x = jnp.array(request["data"]["inputs"], dtype=jnp.float64)
        t = jnp.array(request["data"]["targets"], dtype=jnp.float64)
        cost, grads = jax.value_and_grad(J)(params, x, t)
        opt = optax.sgd(request["learning_rate"])
        updates, _ = opt.update(grads, opt.init(params))
        stepped = optax.apply_updates(params, updates)
        zs, acts = forward(params, fns, x)
        trace = [{"z": {str(l + 1): tolist(zs[l][s]) for l in range(len(zs))},
                  "a": {str(l + 1): tolist(acts[l][s]) for l in range(len(acts))}} for s in range(x.shape[0])]
        return {"outputs": tolist(acts[-1]), "trace": trace, "cost": float(cost),
                "gradient": {"layers": layers_of(grads)}, "updated_model": {"layers": layers_of(stepped)}}

    def training(self, request):
        return run_training(request, Training(request, self.variant))


default = Jax("default")
matched = Jax("matched")
VARIANTS = {"default": default, "matched": matched}

if __name__ == "__main__":
    serve(VARIANTS)
