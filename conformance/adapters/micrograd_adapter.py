"""micrograd (Karpathy's scalar autograd engine), as its users write it: micrograd.nn.MLP of
Neurons (ReLU, or linear in the last layer), a loss built from Values, loss.backward(), and
p.data -= h * p.grad by hand. Python floats: double precision.

- ``default``: MLP(nin, nouts) as it comes: ReLU hidden layers, a linear output, a bias in every
  neuron; half squared error and squared error;
- ``matched``: Layers built one by one with the model's activation (relu or linear) per layer;
  a layer without biases keeps b = 0 and leaves it out of the update.

Run: python conformance/adapters/micrograd_adapter.py --variant matched   (JSON lines)
"""

from importlib.metadata import version

from common import (
    Adapter,
    NotExpressible,
    activation,
    hello,
    run_training,
    serve,
    start_model,
)
from micrograd.nn import Layer


class Net:
    def __init__(self, model):
        self.layers, self.has_bias = [], []
        for L in model["layers"]:
            name = activation(L["activation"])[0]
            if name not in ("relu", "linear"):
                raise NotExpressible(name)
            layer = Layer(len(L["weights"]), len(L["weights"][0]), nonlin=name == "relu")
            for j, n in enumerate(layer.neurons):
                for i in range(len(n.w)):
                    n.w[i].data = float(L["weights"][i][j])
                n.b.data = float(L["biases"][j]) if L["biases"] is not None else 0.0
            self.layers.append(layer)
            self.has_bias.append(L["biases"] is not None)

    def __call__(self, x):
        out = x
        for layer in self.layers:
            out = layer(out)
            out = out if isinstance(out, list) else [out]     # a one-neuron Layer returns a Value
        return out

    def parameters(self):
        return [p for layer, bias in zip(self.layers, self.has_bias) for n in layer.neurons
                for p in (n.w + [n.b] if bias else n.w)]

    def zero_grad(self):
        for layer in self.layers:
            for n in layer.neurons:
                for p in n.w + [n.b]:
                    p.grad = 0

    def layers_of(self, grad=False):
        out = []
        for layer, bias in zip(self.layers, self.has_bias):
            ns = layer.neurons
            val = (lambda v: v.grad) if grad else (lambda v: v.data)
            out.append({"weights": [[float(val(n.w[i])) for n in ns] for i in range(len(ns[0].w))],
                        "biases": [float(val(n.b)) for n in ns] if bias else None})
        return out


def mean_loss(net, X, T, loss):
    total = 0
    for x, t in zip(X, T):
        y = net(x)
        e = sum((yj - tj) ** 2 for yj, tj in zip(y, t))
        total = total + (e * 0.5 if loss == "half_squared_error" else e)
    return total * (1.0 / len(X))


class Micrograd(Adapter):
    def __init__(self, variant):
        self.variant = variant

    def hello(self):
        default = self.variant == "default"
        return hello("micrograd", version("micrograd"), self.variant, {
            "dtype": "float64", "activations": ["relu"] if default else ["relu", "linear"],
            "output_activations": ["linear"] if default else ["relu", "linear"],
            "losses": {"half_squared_error": ["*"], "squared_error": ["*"]},
            "mixed_activations": not default, "layers_without_biases": not default,
            "parts": ["outputs", "cost", "gradient", "updated_model"],
            "training": {"updates": ["plain"], "batching": ["batch", "mini-batch", "stochastic"],
                         "shuffle": True, "init": True}})

    def one_step(self, request):
        net = Net(request["model"])
        X, T = request["data"]["inputs"], request["data"]["targets"]
        outputs = [[v.data for v in net(x)] for x in X]
        J = mean_loss(net, X, T, request["loss"])
        net.zero_grad()
        J.backward()
        grad = net.layers_of(grad=True)
        for p in net.parameters():
            p.data -= request["learning_rate"] * p.grad
        return {"outputs": outputs, "cost": J.data, "gradient": {"layers": grad},
                "updated_model": {"layers": net.layers_of()}}

    def training(self, request):
        return run_training(request, Training(request), detect_divergence=False)


class Training:
    """The hooks of common.run_training for one micrograd run (a micrograd user checks nothing for
    divergence: Python floats overflow into inf, or raise OverflowError in **)."""

    def __init__(self, request):
        self.net = Net(start_model(request))
        self.X, self.T = request["data"]["inputs"], request["data"]["targets"]
        self.loss, self.h = request["loss"], request["learning_rate"]

    def initial(self):
        J = mean_loss(self.net, self.X, self.T, self.loss)
        self.net.zero_grad()
        J.backward()
        return J.data, self.net.layers_of(grad=True)

    def step(self, batch):
        J = mean_loss(self.net, [self.X[i] for i in batch], [self.T[i] for i in batch], self.loss)
        self.net.zero_grad()
        J.backward()
        for p in self.net.parameters():
            p.data -= self.h * p.grad

    def cost(self):
        return mean_loss(self.net, self.X, self.T, self.loss).data

    def layers(self):
        return self.net.layers_of()

    def snapshot(self):
        return None

    def restore(self, saved):
        pass

    def finite(self):
        return True


default = Micrograd("default")
matched = Micrograd("matched")
VARIANTS = {"default": default, "matched": matched}

if __name__ == "__main__":
    serve(VARIANTS)
