"""002, "Example: Neural network with hidden layers with multiple neurons and multiple inputs".

The same shape as the 1-2-2-1 network but with two inputs: x = [2, 4], target y* = 8,
learning rate h = 5 × 10⁻³, linear activations, no biases, and

    w^2_11 = 0.7, w^2_12 = 0.5, w^2_21 = 0.1, w^2_22 = 0.9;
    w^3_11 = 0.4, w^3_12 = 0.6, w^3_21 = 0.5, w^3_22 = 0.2;  w^4_11 = 0.8, w^4_21 = 0.4

The code of the 1-2-2-1 example runs unchanged ("valid for an arbitrary number of hidden layers
and neurons"). 002 prints y = 7.7814, 7.9992 and 8.0 after 5, 10 and 15 iterations; "8.0" has
one decimal, so it is compared within 0.1 (the tolerance follows the digits printed).

Run:  python examples/002_2_2_2_1.py   (writes docs/figures/002_2_2_2_1.svg)
"""

import sys

import _common
from _common import compare, convergence_figure, heading, save_figure, show_backprop, show_weights
from purenet.papers import NET_2_2_2_1, network
from purenet.training import train


def main():
    ex = NET_2_2_2_1
    X, Y, h = [ex["x"]], [ex["y"]], ex["h"]
    net = network(ex)

    heading("002, 2-2-2-1: the weights w_ij^l")
    show_weights(net)
    heading("002, 2-2-2-1: forward pass, d_j^l and ∂J/∂w_ij^l for the first update")
    show_backprop(net, ex["x"], ex["y"])

    heading("002, 2-2-2-1: y after 5, 10 and 15 iterations")
    history = train(net, X, Y, "half_squared_error", h, 15, record_outputs=True)
    outputs = [o[0][0] for o in history["outputs"]]
    for n, printed in ex["published"]["y"]:
        compare("y after %d iterations" % n, printed, outputs[n])
    print("  weights after 15 iterations:")
    show_weights(net)

    save_figure("002_2_2_2_1.svg", convergence_figure(
        "002, 2-2-2-1 network (linear, no biases): x = [2, 4], y* = 8, h = 0.005",
        outputs, history["cost"], target=8.0))
    return _common.summary()


if __name__ == "__main__":
    sys.exit(main())
