"""PyTorch, as its users write it: nn.Sequential of nn.Linear and activation modules, in float64,
autograd for the gradient, torch.optim.SGD for the steps.

- ``default``: what a user writes first: nn.MSELoss() for both squared errors, nn.BCELoss() on
  the sigmoid (or other) outputs, nn.CrossEntropyLoss() on the logits before a softmax, all with
  their default reduction="mean" (over samples and outputs); piecewise_linear as
  torch.clamp(m z + b, 0, 1);
- ``matched``: configured to purenet's conventions: reduction="sum" divided by the number of
  samples, 0.5 * for half squared error, nn.BCEWithLogitsLoss on beta z after a sigmoid,
  piecewise_linear with torch.where (0 and 1 at the ends, jumps kept).

Run: python conformance/adapters/pytorch_adapter.py --variant matched   (JSON lines)
"""

import math

import torch
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
from torch import nn

torch.set_default_dtype(torch.float64)
DT = torch.float64


class Fn(nn.Module):
    """An activation PyTorch has no module for, as a small module."""

    def __init__(self, f):
        nn.Module.__init__(self)
        self.f = f

    def forward(self, z):
        return self.f(z)


def act_module(spec, variant):
    name, p = activation(spec)
    if name == "linear":
        return nn.Identity()
    if name == "sigmoid":
        return nn.Sigmoid() if p["beta"] == 1.0 else Fn(lambda z: torch.sigmoid(p["beta"] * z))
    if name == "tanh":
        return nn.Tanh()
    if name == "relu":
        return nn.ReLU()
    if name == "softmax":
        return nn.Softmax(dim=1)
    if name == "step":
        return Fn(lambda z: (z >= 0).to(DT))
    if name == "gaussian":
        s = p["sigma"]
        return Fn(lambda z: torch.exp(-(z - p["mu"]) ** 2 / (2 * s * s)) / (s * math.sqrt(2 * math.pi)))
    if name == "piecewise_linear":
        if variant == "default":
            return Fn(lambda z: torch.clamp(p["slope"] * z + p["intercept"], 0.0, 1.0))
        return Fn(lambda z: torch.where(z <= p["x_min"], torch.zeros_like(z),
                                        torch.where(z >= p["x_max"], torch.ones_like(z),
                                                    p["slope"] * z + p["intercept"])))
    raise NotExpressible(name)


def build(model, variant):
    mods = []
    for layer in model["layers"]:
        w = torch.tensor(layer["weights"], dtype=DT)
        lin = nn.Linear(w.shape[0], w.shape[1], bias=layer["biases"] is not None)
        with torch.no_grad():
            lin.weight.copy_(w.T)
            if layer["biases"] is not None:
                lin.bias.copy_(torch.tensor(layer["biases"], dtype=DT))
        mods += [lin, act_module(layer["activation"], variant)]
    return nn.Sequential(*mods)


def run_forward(net, x):
    """(output, z of each layer, a of each layer, the last layer's z)."""
    zs, acts, a = [x], [x], x
    for k in range(0, len(net), 2):
        z = net[k](a)
        a = net[k + 1](z)
        zs.append(z)
        acts.append(a)
    return a, zs, acts


def loss_value(spec_out, y, z, t, loss, variant, n):
    name, p = activation(spec_out)
    if variant == "default":
        if loss in ("half_squared_error", "squared_error"):
            return nn.MSELoss()(y, t)
        if loss == "cross_entropy":
            return nn.BCELoss()(y, t)
        return nn.CrossEntropyLoss()(z, t)
    if loss == "half_squared_error":
        return 0.5 * nn.MSELoss(reduction="sum")(y, t) / n
    if loss == "squared_error":
        return nn.MSELoss(reduction="sum")(y, t) / n
    if loss == "cross_entropy":
        if name == "sigmoid":
            return nn.BCEWithLogitsLoss(reduction="sum")(p["beta"] * z, t) / n
        return nn.BCELoss(reduction="sum")(y, t) / n
    return nn.CrossEntropyLoss(reduction="sum")(z, t) / n


def layers_of(net, grads=False):
    out = []
    for k in range(0, len(net), 2):
        lin = net[k]
        w = lin.weight.grad if grads else lin.weight
        w = torch.zeros_like(lin.weight) if w is None else w
        b = None
        if lin.bias is not None:
            b = lin.bias.grad if grads else lin.bias
            b = tolist(torch.zeros_like(lin.bias) if b is None else b.detach())
        out.append({"weights": tolist(w.detach().T), "biases": b})
    return out


def mean_cost(net, model, X, T, loss, variant):
    y, zs, acts = run_forward(net, X)
    return loss_value(model["layers"][-1]["activation"], y, zs[-1], T, loss, variant, X.shape[0]), y, zs, acts


class Training:
    """The hooks of common.run_training for one PyTorch run."""

    def __init__(self, request, variant):
        self.model = start_model(request)
        self.net = build(self.model, variant)
        self.X = torch.tensor(request["data"]["inputs"], dtype=DT)
        self.T = torch.tensor(request["data"]["targets"], dtype=DT)
        self.loss, self.variant, self.update = request["loss"], variant, request["update"]
        self.opt = torch.optim.SGD(self.net.parameters(), lr=request["learning_rate"])

    def backward(self, idx):
        self.opt.zero_grad()
        J = mean_cost(self.net, self.model, self.X[idx], self.T[idx], self.loss, self.variant)[0]
        if J.requires_grad:                 # a step output layer passes no gradient at all
            J.backward()
        return J.item()

    def initial(self):
        J = self.backward(list(range(self.X.shape[0])))
        return J, layers_of(self.net, grads=True)

    def step(self, batch):
        self.backward(batch)
        if self.update == "normalized":
            grads = [p.grad for p in self.net.parameters() if p.grad is not None]
            norm = torch.sqrt(sum((g ** 2).sum() for g in grads))
            if norm == 0:
                return
            for g in grads:
                g /= norm
        self.opt.step()

    def cost(self):
        with torch.no_grad():
            return mean_cost(self.net, self.model, self.X, self.T, self.loss, self.variant)[0].item()

    def layers(self):
        return layers_of(self.net)

    def snapshot(self):
        return [p.detach().clone() for p in self.net.parameters()]

    def restore(self, saved):
        with torch.no_grad():
            for p, s in zip(self.net.parameters(), saved):
                p.copy_(s)

    def finite(self):
        return all(bool(torch.isfinite(p).all()) for p in self.net.parameters())


class Torch(Adapter):
    def __init__(self, variant):
        self.variant = variant

    def hello(self):
        return hello("pytorch", torch.__version__, self.variant, full_capabilities())

    def one_step(self, request):
        model = request["model"]
        net = build(model, self.variant)
        X = torch.tensor(request["data"]["inputs"], dtype=DT)
        T = torch.tensor(request["data"]["targets"], dtype=DT)
        J, y, zs, acts = mean_cost(net, model, X, T, request["loss"], self.variant)
        net.zero_grad()
        if J.requires_grad:
            J.backward()
        grad = layers_of(net, grads=True)
        torch.optim.SGD(net.parameters(), lr=request["learning_rate"]).step()
        trace = [{"z": {str(l + 1): tolist(zs[l][s].detach()) for l in range(len(zs))},
                  "a": {str(l + 1): tolist(acts[l][s].detach()) for l in range(len(acts))}}
                 for s in range(X.shape[0])]
        return {"outputs": tolist(y.detach()), "trace": trace, "cost": J.item(),
                "gradient": {"layers": grad}, "updated_model": {"layers": layers_of(net)}}

    def training(self, request):
        return run_training(request, Training(request, self.variant))


default = Torch("default")
matched = Torch("matched")
VARIANTS = {"default": default, "matched": matched}

if __name__ == "__main__":
    serve(VARIANTS)
