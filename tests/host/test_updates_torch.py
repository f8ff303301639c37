"""The stateful updates (purenet/updates.py) against torch.optim in float64.

The expected values come from PyTorch itself: the same network as float64 tensors (W^l laid out
as purenet's w_ij^l, Z = A·W + B), its loss and gradient by autograd, and ``torch.optim.SGD``,
``Adam`` and ``AdamW`` stepping the tensors over the same batches. purenet's ``train`` runs the
same epochs; every weight and bias must agree within 1e-12 after every epoch, for every update
and option, with full batches and mini-batches (the last one shorter). Needs the interop extra
(``pip install -e '.[interop]'``); marked slow, since importing torch takes seconds.
"""
import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from purenet.network import init_network  # noqa: E402
from purenet.training import train  # noqa: E402

pytestmark = pytest.mark.slow

X = [[0.5, -1.0], [1.5, 0.25], [-0.75, 0.8], [0.1, 0.9], [-1.2, -0.3]]
Y = [[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.25, 0.75], [0.9, 0.2]]
EPOCHS = 4

# (update, purenet's options, the torch optimizer and its keyword arguments)
CASES = [
    ("momentum", {"momentum": 0.9}, "SGD", {"momentum": 0.9}),
    ("momentum", {"momentum": 0.0}, "SGD", {}),
    ("momentum", {"momentum": 0.5, "dampening": 0.3}, "SGD", {"momentum": 0.5, "dampening": 0.3}),
    ("momentum", {"momentum": 0.9, "weight_decay": 0.05}, "SGD", {"momentum": 0.9, "weight_decay": 0.05}),
    ("momentum", {"weight_decay": 0.1}, "SGD", {"weight_decay": 0.1}),
    ("nesterov", {"momentum": 0.9}, "SGD", {"momentum": 0.9, "nesterov": True}),
    ("nesterov", {"momentum": 0.7, "weight_decay": 0.02}, "SGD",
     {"momentum": 0.7, "nesterov": True, "weight_decay": 0.02}),
    ("adam", {}, "Adam", {}),
    ("adam", {"betas": (0.8, 0.99), "eps": 1e-3}, "Adam", {"betas": (0.8, 0.99), "eps": 1e-3}),
    ("adam", {"weight_decay": 0.1}, "Adam", {"weight_decay": 0.1}),
    ("adam", {"betas": (0.0, 0.5)}, "Adam", {"betas": (0.0, 0.5)}),
    ("adamw", {}, "AdamW", {}),                              # both default weight_decay = 0.01
    ("adamw", {"weight_decay": 0.3, "betas": (0.5, 0.9)}, "AdamW",
     {"weight_decay": 0.3, "betas": (0.5, 0.9)}),
    ("adamw", {"weight_decay": 0.0}, "Adam", {}),            # AdamW without decay is Adam
]


def torch_run(torch, net, lr, batch_size, optimizer, kwargs):
    """The parameters after every epoch of the same training, by autograd and torch.optim."""
    params = []
    for l in range(2, net.L + 1):
        params.append(torch.tensor(net.w[l], dtype=torch.float64, requires_grad=True))
        params.append(torch.tensor(net.b[l], dtype=torch.float64, requires_grad=True))
    opt = getattr(torch.optim, optimizer)(params, lr=lr, **kwargs)
    after = []
    n = len(X)
    for _ in range(EPOCHS):
        for start in range(0, n, batch_size or n):
            xb = torch.tensor(X[start:start + (batch_size or n)], dtype=torch.float64)
            yb = torch.tensor(Y[start:start + (batch_size or n)], dtype=torch.float64)
            a = xb
            for k in range(0, len(params), 2):
                z = a @ params[k] + params[k + 1]
                a = torch.tanh(z) if k + 2 < len(params) else torch.sigmoid(z)
            J = (0.5 * ((a - yb) ** 2).sum(dim=1)).mean()          # half squared error, mean
            opt.zero_grad()
            J.backward()
            opt.step()
        after.append([p.detach().tolist() for p in params])
    return after


def purenet_run(net, lr, batch_size, update, options):
    after = []

    def keep(epoch, J):
        row = []
        for l in range(2, net.L + 1):
            row.append([r[:] for r in net.w[l]])
            row.append(net.b[l][:])
        after.append(row)

    train(net, X, Y, "half_squared_error", lr, EPOCHS, batch_size=batch_size, update=update,
          on_epoch=keep, **options)
    return after


@pytest.mark.parametrize("batch_size", [None, 2])
@pytest.mark.parametrize("update,options,optimizer,kwargs", CASES)
def test_every_update_matches_torch_optim_within_1e_12(update, options, optimizer, kwargs, batch_size):
    torch = pytest.importorskip("torch", reason="torch is not installed (pip install -e '.[interop]'); "
                                               "this test compares the updates with torch.optim")
    net = init_network([2, 3, 2], ["tanh", "sigmoid"], bias=True, seed=11)
    for l in range(2, net.L + 1):                      # biases away from 0, so that decay acts on them
        net.b[l] = [0.1 * (j + 1) * (-1) ** j for j in range(len(net.b[l]))]
    lr = 0.05
    theirs = torch_run(torch, net.copy(), lr, batch_size, optimizer, kwargs)
    mine = purenet_run(net, lr, batch_size, update, options)
    assert len(mine) == len(theirs) == EPOCHS
    worst = 0.0
    for epoch in range(EPOCHS):
        for p_mine, p_theirs in zip(mine[epoch], theirs[epoch]):
            flat_m = [x for r in p_mine for x in (r if isinstance(r, list) else [r])]
            flat_t = [x for r in p_theirs for x in (r if isinstance(r, list) else [r])]
            assert len(flat_m) == len(flat_t)
            worst = max([worst] + [abs(a - b) for a, b in zip(flat_m, flat_t)])
    assert worst <= 1e-12, worst
    print(update, options, batch_size, "largest difference", worst)
    # and the training moved the parameters (a comparison of two frozen networks proves nothing)
    start = init_network([2, 3, 2], ["tanh", "sigmoid"], bias=True, seed=11)
    assert abs(mine[-1][0][0][0] - start.w[2][0][0]) > 1e-4
