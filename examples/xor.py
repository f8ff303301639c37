"""XOR: what a linear model cannot learn and one hidden layer can (000 §3).

XOR maps (0, 0) -> 0, (0, 1) -> 1, (1, 0) -> 1, (1, 1) -> 0. No straight line separates the 1s
from the 0s, so no linear function of the inputs fits it: the least-squares linear fit is the
constant y = 0.5 (by symmetry the two input weights are 0), whose cost is J = ½ · 0.5² = 0.125
for every sample.

000 §3 proves why stacking linear layers does not help: z^2 = W_1 a + b_1 and
z^3 = W_2 z^2 + b_2 give z^3 = (W_2 W_1) a + (W_2 b_1 + b_2), again one linear layer. The
script shows that numerically: a 2-2-1 network with linear activations ends at the same 0.125,
and it collapses to a single 2-1 layer that computes the same outputs.

With a nonlinear activation in the hidden layer the network can bend its decision boundary: a
2-3-1 network, tanh hidden layer and sigmoid output (both in 000's table), learns XOR.
(A 2-2-1 network can too, but from some starting weights it stalls in a local minimum where
two of the four outputs sit at 0.5; three hidden neurons make that rare.)

All runs: batch gradient descent on the four samples, J = ½(y − y*)² averaged, purenet's
seeded initial weights (``init_network(..., seed=0)``), biases from 0.

Run:  python examples/xor.py   (writes docs/figures/xor.svg)
"""

import sys

import _common  # noqa: F401  (puts the repository on sys.path)
from _common import heading, plot, save_figure
from purenet.network import Network, forward, init_network
from purenet.training import train

X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
Y = [[0.0], [1.0], [1.0], [0.0]]
LOSS = "half_squared_error"


def show_outputs(net):
    outputs = [forward(net, x).output[0] for x in X]
    for x, y, o in zip(X, Y, outputs):
        print("    x = %r  target %r  output %r  -> %d" % (x, y[0], o, o > 0.5))
    return outputs


def collapse(net):
    """000 §3: a network of linear layers as one linear layer (W, B), with W = w^2 w^3 ...
    and B = (b^2 w^3 + b^3) ... in 002's orientation z = a·W + B (rows = inputs)."""
    W = [row[:] for row in net.w[2]]
    B = net.b[2][:]
    for l in range(3, net.L + 1):
        w = net.w[l]
        W = [[sum(W[i][k] * w[k][j] for k in range(len(w))) for j in range(len(w[0]))]
             for i in range(len(W))]
        B = [sum(B[k] * w[k][j] for k in range(len(w))) + net.b[l][j] for j in range(len(w[0]))]
    return Network([W], [B], "linear")


def main():
    costs = {}

    heading("A linear model: one layer 2-1, linear activation (h = 0.5, 200 epochs)")
    net = init_network([2, 1], "linear", bias=True, seed=0)
    costs["linear 2-1"] = train(net, X, Y, LOSS, 0.5, 200)["cost"]
    show_outputs(net)
    print("  J = %r  (the least-squares limit for any linear model is 0.125)"
          % costs["linear 2-1"][-1])

    heading("Two linear layers: 2-2-1, linear activations (h = 0.2, 500 epochs)")
    net = init_network([2, 2, 1], "linear", bias=True, seed=0)
    costs["linear 2-2-1"] = train(net, X, Y, LOSS, 0.2, 500)["cost"]
    show_outputs(net)
    print("  J = %r: no better" % costs["linear 2-2-1"][-1])
    single = collapse(net)
    gap = max(abs(forward(net, x).output[0] - forward(single, x).output[0]) for x in X)
    print("  collapsed to one layer (000 §3): W = %r, B = %r" % (single.w[2], single.b[2]))
    print("  largest difference between the two networks' outputs: %r" % gap)

    heading("One nonlinear hidden layer: 2-3-1, tanh then sigmoid (h = 2.0, 2000 epochs)")
    net = init_network([2, 3, 1], ["tanh", "sigmoid"], bias=True, seed=0)
    costs["tanh hidden 2-3-1"] = train(net, X, Y, LOSS, 2.0, 2000)["cost"]
    outputs = show_outputs(net)
    print("  J = %r" % costs["tanh hidden 2-3-1"][-1])
    solved = all((o > 0.5) == (y[0] > 0.5) for o, y in zip(outputs, Y))
    print("  XOR solved (every output on the right side of 0.5): %s" % solved)

    colors = {"linear 2-1": plot.BLUE, "linear 2-2-1": "#2ca02c", "tanh hidden 2-3-1": plot.RED}
    save_figure("xor.svg", plot.line_plot(
        [{"label": name, "y": J, "color": colors[name],
          "dash": "7 4" if name == "linear 2-2-1" else None} for name, J in costs.items()],
        title="XOR: linear models stop at J = 0.125; a tanh hidden layer learns it",
        xlabel="epoch", ylabel="J (mean over the 4 samples)", log_y=True))
    return 0 if solved else 1


if __name__ == "__main__":
    sys.exit(main())
