"""PyTorch and purenet on the same weights, both ways (docs/pytorch.md walks through it).

1. purenet as the ground truth for a PyTorch model. A float64
   ``nn.Sequential(Linear(2, 3), Tanh(), Linear(3, 1), Sigmoid())`` computes the binary
   cross-entropy on XOR and its gradient by autograd. Its ``state_dict`` and the gradients
   (``{name: p.grad}``, the same names) are saved with safetensors; ``python -m purenet convert``
   turns the weights into a purenet model, and ``python -m purenet check --gradients`` compares
   PyTorch's gradient with central finite differences and with purenet's backprop, parameter by
   parameter.
2. The other direction: a purenet model trained here on XOR, converted to safetensors and loaded
   into the matching Sequential with ``strict=True``, computes the same outputs in PyTorch.

Needs PyTorch and safetensors (``pip install torch==2.13.0 safetensors``, or
``pip install -e '.[interop]'``); exits with status 2 and a message without them. The files go to
the folder given as the first argument (created if needed), or to a temporary one.

Run:  python examples/pytorch_interop.py [FOLDER]
"""

import contextlib
import json
import os
import sys
import tempfile

import _common  # noqa: F401  (puts the repository on sys.path)
from _common import heading
from purenet.backprop import gradient
from purenet.network import forward, init_network, parameters
from purenet.tools import cli
from purenet.tools.files import pytorch
from purenet.training import train

try:
    import torch
    from safetensors.torch import load_file, save_file
except ImportError as e:
    sys.stderr.write("examples/pytorch_interop.py needs PyTorch and safetensors (pip install "
                     "torch==2.13.0 safetensors): %s\n" % e)
    sys.exit(2)

X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
Y = [[0.0], [1.0], [1.0], [0.0]]


def purenet(*argv):
    """Run ``python -m purenet ARGV`` in this process, showing the command and its messages
    (stderr) in order with its output; return its exit status."""
    print("$ python -m purenet " + " ".join(argv))
    with contextlib.redirect_stderr(sys.stdout):
        code = cli.main(list(argv))
    print("(exit status %d)" % code)
    return code


def torch_to_purenet():
    heading("1. A PyTorch model, checked against purenet")
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(),
                                torch.nn.Linear(3, 1), torch.nn.Sigmoid()).double()
    x, y = torch.tensor(X, dtype=torch.float64), torch.tensor(Y, dtype=torch.float64)
    J = torch.nn.functional.binary_cross_entropy(model(x), y)     # the mean over the 4 samples
    J.backward()
    print("PyTorch: nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 1), nn.Sigmoid()), "
          "float64, seed 0; binary cross-entropy on XOR J = %r" % J.item())
    weights, grads = "torch_model.safetensors", "torch_grads.safetensors"
    data, model_json = "xor.json", "model.json"
    save_file(model.state_dict(), weights)
    save_file({name: p.grad for name, p in model.named_parameters()}, grads,
              metadata={"loss": repr(J.item())})
    with open(data, "w") as f:
        json.dump({"inputs": X, "targets": Y}, f)
    print("saved %s: %s" % (weights, ", ".join("%s %s" % (k, list(v.shape))
                                              for k, v in model.state_dict().items())))
    print("saved %s: the gradients under the same names, J in the metadata" % grads)
    purenet("convert", weights, model_json, "--activation", "tanh,sigmoid")
    code = purenet("check", model_json, data, "--loss", "cross_entropy", "--gradients", grads)

    net = pytorch.load(model_json)
    _, gw, gb = gradient(net, X, Y, "cross_entropy")
    worst = 0.0
    for name, kind, l, i, j in parameters(net):
        linear = model[{2: 0, 3: 2}[l]]          # layers 2 and 3 are the modules 0 and 2
        theirs = linear.weight.grad[j][i] if kind == "w" else linear.bias.grad[j]
        ours = gw[l][i][j] if kind == "w" else gb[l][j]
        worst = max(worst, abs(ours - theirs.item()))
    print("largest |purenet - PyTorch| over the %d derivatives: %r" % (net.parameter_count(), worst))
    return code, worst


def purenet_to_torch():
    heading("2. A purenet model, loaded into PyTorch")
    net = init_network([2, 3, 1], ["tanh", "sigmoid"], bias=True, seed=1)
    history = train(net, X, Y, "cross_entropy", learning_rate=0.5, epochs=2000)
    print("purenet: 2-3-1, tanh then sigmoid, trained on XOR (h = 0.5, 2000 epochs): J = %r"
          % history["cost"][-1])
    trained, weights = "trained.json", "trained.safetensors"
    pytorch.save(trained, net)
    purenet("convert", trained, weights)

    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(),
                                torch.nn.Linear(3, 1), torch.nn.Sigmoid()).double()
    print("load_state_dict(strict=True):", model.load_state_dict(load_file(weights), strict=True))
    with torch.no_grad():
        theirs = model(torch.tensor(X, dtype=torch.float64)).tolist()
    worst = 0.0
    for x, t in zip(X, theirs):
        ours = forward(net, x).output[0]
        worst = max(worst, abs(ours - t[0]))
        print("  x = %r  purenet %-22r PyTorch %r" % (x, ours, t[0]))
    print("largest |purenet - PyTorch| over the outputs: %r" % worst)
    return worst


def main(argv):
    if argv:
        os.makedirs(argv[0], exist_ok=True)
        print("the files go to %s" % argv[0])
        return run(argv[0])
    with tempfile.TemporaryDirectory() as folder:
        print("the files go to a temporary folder (give one as the first argument to keep them)")
        return run(folder)


def run(folder):
    here = os.getcwd()
    os.chdir(folder)
    try:
        code, grad_gap = torch_to_purenet()
        out_gap = purenet_to_torch()
    finally:
        os.chdir(here)
    ok = code == 0 and grad_gap <= 1e-12 and out_gap <= 1e-14
    print()
    print("gradients agree to 1e-12 and outputs to 1e-14: %s" % ("yes" if ok else "NO"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
