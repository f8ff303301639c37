"""002, "Example: Neural network with biases and activation functions", and its exercise.

Each neuron now adds a bias and applies an activation function s:

    z_j^l = Σ_i w_ij^l s(z_i^{l−1}) + b_j^l,   a_j^l = s(z_j^l)
    d_j^L = (y_j − y*_j) s'(z_j^L),   d_j^l = Σ_k w_jk^{l+1} d_k^{l+1} s'(z_j^l)
    ∂J/∂w_ij^l = d_j^l a_i^{l−1},   ∂J/∂b_j^l = d_j^l

(002 once prints ∂J/∂w_ij^l = d_j^l s'(z_i^{l−1}); the factor is the activation a_i^{l−1} =
s(z_i^{l−1}), not its derivative: see purenet/backprop.py.)

The network is the 2-4-3-2-4 of the previous example, with x = [0.2, 0.5], y* = [0.8, 0.1,
0.5, 0.7], h = 0.1 and plain updates for 30 iterations. 002's exercise: plot linear, sigmoid,
ReLU and tanh and their derivatives on one graph each, train the same network (same initial
weights and biases) with each, and compare how fast they converge. 002 reports that with all
initial values positive, linear and ReLU give the same output and converge fastest, sigmoid the
slowest, and prints y = [0.8002, 0.1005, 0.5001, 0.6997] after 30 iterations (linear).

002 does not print its weights and biases ("given in the code"). Ours, stated plainly: every
weight w_ij^l, then every bias b_j^l, layer by layer (l = 2 … 5) and row by row, is
0.5 · u with u the next number of ``purenet.bits.Random(0).random()``, so all are in
[0, 0.5): positive, as 002's were. The printed vector is therefore not expected to match
002's digits; the comparison between activations is the point.

Run:  python examples/002_biases_and_activations.py   (writes docs/figures/
      002_activation_functions.svg, 002_biases_and_activations.svg and
      002_biases_and_activations_outputs.svg)
"""

import sys

import _common  # noqa: F401  (puts the repository on sys.path)
from _common import fmt_vector, heading, plot, save_figure, scatter_panels, show_weights
from purenet.activations import get_activation
from purenet.network import forward
from purenet.papers import BIASES_AND_ACTIVATIONS, network, stated_weights
from purenet.training import train

ACTIVATIONS = ("linear", "sigmoid", "relu", "tanh")
COLORS = {"linear": plot.BLUE, "sigmoid": "#2ca02c", "relu": plot.RED, "tanh": "#ff7f0e"}
def min_z(net, x):
    """The smallest net input z_j^l over the hidden and output layers for input x."""
    trace = forward(net, x)
    return min(min(trace.z[l]) for l in range(2, net.L + 1))


def activation_figure():
    """002's exercise: the four activation functions on one graph, their derivatives on another."""
    zs = [k / 20.0 for k in range(-80, 81)]
    values, slopes = [], []
    for name in ACTIVATIONS:
        s = get_activation(name)
        values.append({"label": name, "x": zs, "y": [s.value(z) for z in zs],
                       "color": COLORS[name], "dash": "7 4" if name == "relu" else None})
        # ReLU has no derivative at 0 (002): leave a gap there instead of a vertical line
        d = [float("nan") if (name == "relu" and z == 0.0) else s.derivative(z) for z in zs]
        slopes.append({"label": name + "'", "x": zs, "y": d, "color": COLORS[name],
                       "dash": "7 4" if name == "relu" else None})
    a = plot.line_plot(values, title="activation functions s(z)", xlabel="z", ylabel="s(z)",
                      width=480, height=360, legend="upper left")
    b = plot.line_plot(slopes, title="their derivatives s'(z)", xlabel="z", ylabel="s'(z)",
                      width=480, height=360, y_range=(-0.1, 1.1), legend="upper left")
    return plot.panels([a, b], title="002's exercise: linear, sigmoid, ReLU and tanh")


def main():
    ex = BIASES_AND_ACTIVATIONS
    X, Y, h, n = [ex["x"]], [ex["y"]], ex["h"], ex["iterations"]
    heading("Our initial weights and biases (002 does not print its own)")
    print("  " + stated_weights(ex))
    show_weights(network(ex))

    heading("The same network trained %d iterations with each activation (h = %r)" % (n, h))
    runs = {}
    smallest_z = []
    for name in ACTIVATIONS:
        net = network(ex, name)
        if name == "linear":  # watch the smallest net input z_j^l of the linear network
            def watch(epoch, cost, net=net):
                smallest_z.append(min_z(net, ex["x"]))
            smallest_z.append(min_z(net, ex["x"]))
        else:
            watch = None
        runs[name] = train(net, X, Y, "half_squared_error", h, n, record_outputs=True,
                           on_epoch=watch)
    for name in ACTIVATIONS:
        hist = runs[name]
        print("  %-8s y after %d iterations %s   J = %r"
              % (name, n, fmt_vector(hist["outputs"][-1][0]), hist["cost"][-1]))
    print("  targets y*                     %s" % fmt_vector(ex["y"]))
    print("  002 (its own weights, linear)  [%s]" % ", ".join(ex["paper_y"]))

    same = runs["linear"]["outputs"] == runs["relu"]["outputs"]
    print("\n  linear and ReLU give identical outputs at every iteration: %s" % same)
    print("  smallest z_j^l of the linear network over all %d iterations: %r" % (n, min(smallest_z)))
    print("  (every z_j^l stays positive, where ReLU(z) = z: 002's explanation)")
    order = sorted(ACTIVATIONS, key=lambda a: runs[a]["cost"][-1])
    print("  fastest to slowest (J after %d iterations): %s" % (n, ", ".join(order)))

    save_figure("002_activation_functions.svg", activation_figure())
    it = list(range(n + 1))
    save_figure("002_biases_and_activations.svg", plot.line_plot(
        [{"label": name, "x": it, "y": runs[name]["cost"], "color": COLORS[name],
          "dash": "7 4" if name == "relu" else None} for name in ACTIVATIONS],
        title="002's exercise: the same network, four activations (h = 0.1)",
        xlabel="iteration", ylabel="J = ½ Σ (y_j − y*_j)²", log_y=True))
    save_figure("002_biases_and_activations_outputs.svg", scatter_panels(
        "002, biases and activations (linear): targets (blue) and predictions (red)",
        [("after %d iterations" % k, runs["linear"]["outputs"][k][0]) for k in (5, 10, 15, 20)],
        ex["y"]))
    print("\n0 published values compared: 002 does not print this example's weights.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
