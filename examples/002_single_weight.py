"""002, "Example: Single neural network": one weight, learned by gradient descent.

The network is one input and one output with no bias and a linear activation, so y = x·w.
Data: x = 2, target y* = 1, learning rate h = 0.1, initial w = 0.95 (the right value is ½).
The cost is J = ½(y − y*)², and the chain rule gives

    ∂J/∂w = ∂J/∂y · ∂y/∂w = (y − y*) · x

so one update is w ← w − h (y − y*) x. 002 prints w = 0.77 after the first update and
w = 0.5027, 0.5002, 0.5000 after 10, 15 and 20, and shows y and J converging.

In purenet the weight is w^2_11 = ``net.w[2][0][0]`` (layer 1 is the input, layer 2 the output).

Run:  python examples/002_single_weight.py   (writes docs/figures/002_single_weight.svg)
"""

import sys

import _common
from _common import compare, convergence_figure, heading, save_figure
from purenet.backprop import gradient
from purenet.network import forward
from purenet.papers import SINGLE_WEIGHT, network
from purenet.training import train


def main():
    ex = SINGLE_WEIGHT
    X, Y, h = [ex["x"]], [ex["y"]], ex["h"]
    net = network(ex)

    heading("002, single weight: the first update by hand")
    y = forward(net, ex["x"]).output[0]
    print("  x = %r, y* = %r, h = %r, w = %r" % (ex["x"][0], ex["y"][0], h, net.w[2][0][0]))
    compare("y = x × w", ex["published"]["y"], y)
    J, gw, gb = gradient(net, X, Y, "half_squared_error")
    print("  J = ½(y − y*)² = %r" % J)
    print("  ∂J/∂w = (y − y*) x = %r" % gw[2][0][0])
    train(net, X, Y, "half_squared_error", h, 1)
    compare("w_new = w − h ∂J/∂w", ex["published"]["w"][0][1], net.w[2][0][0])      # after 1

    heading("002, single weight: w after 10, 15 and 20 iterations")
    net = network(ex)
    weights = [net.w[2][0][0]]
    history = train(net, X, Y, "half_squared_error", h, 20, record_outputs=True,
                    on_epoch=lambda epoch, cost: weights.append(net.w[2][0][0]))
    for n, printed in ex["published"]["w"][1:]:
        compare("w after %d iterations" % n, printed, weights[n])
    outputs = [o[0][0] for o in history["outputs"]]
    print("  y after 20 iterations = %r, J = %r" % (outputs[-1], history["cost"][-1]))

    save_figure("002_single_weight.svg", convergence_figure(
        "002, single weight: y = x·w converging to y* = 1 (x = 2, h = 0.1, w = 0.95)",
        outputs, history["cost"], target=1.0))
    return _common.summary()


if __name__ == "__main__":
    sys.exit(main())
