"""002, "Example: Neural network with hidden layers with multiple neurons": the 1-2-2-1 network.

One input, two hidden layers of two linear neurons, one output; no biases; x = 2, y* = 1,
h = 0.1. This is the example that introduces 002's index notation: w_ij^l connects neuron i of
layer l−1 to neuron j of layer l (layer 1 is the input), with

    w^2_11 = 0.7, w^2_12 = 0.5;  w^3_11 = 0.4, w^3_12 = 0.6, w^3_21 = 0.5, w^3_22 = 0.2;
    w^4_11 = 0.1, w^4_21 = 0.1

and the three steps of backpropagation:

    z_j^l = Σ_i w_ij^l z_i^{l−1}                  (forward)
    d^4 = y − y*,  d_j^l = Σ_k w_jk^{l+1} d_k^{l+1}  (backward)
    ∂J/∂w_ij^l = d_j^l z_i^{l−1},  w_ij^l ← w_ij^l − h ∂J/∂w_ij^l   (update)

002 prints y = 0.9272, 0.9989 and 0.9999 after 5, 10 and 15 iterations.
purenet holds w_ij^l in ``net.w[l][i-1][j-1]``: the layer number is the paper's, the neuron
indices count from 0.

Run:  python examples/002_1_2_2_1.py   (writes docs/figures/002_1_2_2_1.svg)
"""

import sys

import _common
from _common import compare, convergence_figure, heading, save_figure, show_backprop, show_weights
from purenet.papers import NET_1_2_2_1, network
from purenet.training import train


def main():
    ex = NET_1_2_2_1
    X, Y, h = [ex["x"]], [ex["y"]], ex["h"]
    net = network(ex)

    heading("002, 1-2-2-1: the weights w_ij^l")
    show_weights(net)
    heading("002, 1-2-2-1: forward pass, d_j^l and ∂J/∂w_ij^l for the first update")
    show_backprop(net, ex["x"], ex["y"])

    heading("002, 1-2-2-1: y after 5, 10 and 15 iterations")
    history = train(net, X, Y, "half_squared_error", h, 15, record_outputs=True)
    outputs = [o[0][0] for o in history["outputs"]]
    for n, printed in ex["published"]["y"]:
        compare("y after %d iterations" % n, printed, outputs[n])
    print("  weights after 15 iterations:")
    show_weights(net)

    save_figure("002_1_2_2_1.svg", convergence_figure(
        "002, 1-2-2-1 network (linear, no biases): x = 2, y* = 1, h = 0.1",
        outputs, history["cost"], target=1.0))
    return _common.summary()


if __name__ == "__main__":
    sys.exit(main())
