"""002, "Example: Neural network with hidden layers with a single neuron": a chain of four weights.

Same data as the single weight (x = 2, y* = 1, h = 0.1) but three hidden layers of one linear
neuron each, so four weights, initially w = [0.8, 0.6, 0.1, 0.5]. 002 computes

    z_1 = x·w_1 = 1.6,  z_2 = z_1·w_2 = 0.96,  z_3 = z_2·w_3 = 0.096,  y = z_3·w_4 = 0.048

and then, by the chain rule, the "d" values from the output backwards:

    d_4 = y − y*,  d_3 = d_4 w_4,  d_2 = d_3 w_3,  d_1 = d_2 w_2
    ∂J/∂w_4 = d_4 z_3,  ∂J/∂w_3 = d_3 z_2,  ∂J/∂w_2 = d_2 z_1,  ∂J/∂w_1 = d_1 x

It prints y = 0.7235, 0.992283 and 0.9999 after 10, 15 and 20 iterations.

In purenet's layer numbering (layer 1 = the input) the chain has layers 1 … 5: 002's w_k is
w^{k+1}_11 = ``net.w[k+1][0][0]``, its z_k is z^{k+1}_1 and its d_k is d^{k+1}_1.

Run:  python examples/002_chain_of_four.py   (writes docs/figures/002_chain_of_four.svg)
"""

import sys

import _common
from _common import compare, convergence_figure, heading, save_figure
from purenet.backprop import deltas, gradient
from purenet.losses import get_loss
from purenet.network import forward
from purenet.papers import CHAIN_OF_FOUR, network
from purenet.training import train


def main():
    ex = CHAIN_OF_FOUR
    X, Y, h = [ex["x"]], [ex["y"]], ex["h"]
    net = network(ex)

    heading("002, chain of four: the forward pass with w = [0.8, 0.6, 0.1, 0.5]")
    trace = forward(net, ex["x"])
    for l, printed in ex["published"]["z"]:
        compare("y = z^5_1" if l == 5 else "z_%d = z^%d_1" % (l - 1, l), printed, trace.z[l][0])

    heading("002, chain of four: the d values and the gradient (not printed in 002)")
    d = deltas(net, trace, ex["y"], get_loss("half_squared_error"))
    J, gw, gb = gradient(net, X, Y, "half_squared_error")
    print("  d_4 = y − y*   = %r" % d[5][0])
    for k in (3, 2, 1):
        print("  d_%d = d_%d w_%d = %r   (d_%d w_%d by hand: %r)"
              % (k, k + 1, k + 1, d[k + 1][0], k + 1, k + 1, d[k + 2][0] * net.w[k + 2][0][0]))
    inputs = ["x", "z_1", "z_2", "z_3"]
    for k in (4, 3, 2, 1):
        print("  ∂J/∂w_%d = d_%d %-3s = %r" % (k, k, inputs[k - 1], gw[k + 1][0][0]))

    heading("002, chain of four: y after 10, 15 and 20 iterations")
    history = train(net, X, Y, "half_squared_error", h, 20, record_outputs=True)
    outputs = [o[0][0] for o in history["outputs"]]
    for n, printed in ex["published"]["y"]:
        compare("y after %d iterations" % n, printed, outputs[n])
    print("  (002 truncates 0.723556 to 0.7235 and 0.999912 to 0.9999: one unit of the last")
    print("   printed digit is allowed, see docs/papers.md)")
    print("  weights after 20 iterations: %r" % ([net.w[l][0][0] for l in range(2, 6)],))

    save_figure("002_chain_of_four.svg", convergence_figure(
        "002, chain of four: w = [0.8, 0.6, 0.1, 0.5], x = 2, y* = 1, h = 0.1",
        outputs, history["cost"], target=1.0))
    return _common.summary()


if __name__ == "__main__":
    sys.exit(main())
