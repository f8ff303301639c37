"""001 §2 and §3: one neuron's value by the forward pass, and the sum-of-squares error.

001 §2 computes the value of one node of a second layer from three inputs:

    v = σ(w · u + b),  u = (0.7, 0.1, 0.4),  w = (0.6, 1.2, −0.2),  b = −0.5
      = σ(0.6·0.7 + 1.2·0.1 + (−0.2)·0.4 − 0.5) = σ(−0.04) ≈ 0.490

In purenet's (002's) notation that node is neuron 1 of layer 2, so the weights are the column
w^2_11, w^2_21, w^2_31 of a 3 × 1 matrix and b^2_1 = −0.5.

001 §3 then measures how wrong an output is: for outputs (0.3, 0.5, 0.6, 0.1) and desired
(1, 0, 0, 0), E = Σ (o_j − d_j)² = 0.49 + 0.25 + 0.36 + 0.01 = 1.11 (purenet's
``squared_error``; 002 uses half of it, ``half_squared_error``).

Run:  python examples/001_forward_pass_and_error.py   (writes docs/figures/001_sigmoid.svg)
"""

import sys

import _common
from _common import compare, heading, plot, save_figure
from purenet.activations import get_activation
from purenet.losses import get_loss
from purenet.network import Network, forward, param_name
from purenet.papers import ERROR_001, FORWARD_001


def main():
    heading("001 §2: the value of one node, v = σ(w·u + b)")
    net = Network(FORWARD_001["weights"], FORWARD_001["biases"], FORWARD_001["activation"])
    u = FORWARD_001["x"]
    print("  inputs u = a^1 = %r" % (u,))
    for i in range(3):
        print("  %s = %r" % (param_name("w", 2, i, 0), net.w[2][i][0]))
    print("  %s = %r" % (param_name("b", 2, 0), net.b[2][0]))
    trace = forward(net, u)
    z, v = trace.z[2][0], trace.a[2][0]
    print("  z^2_1 = w^2_11 a^1_1 + w^2_21 a^1_2 + w^2_31 a^1_3 + b^2_1 = %r" % z)
    print("  v = a^2_1 = σ(z^2_1) = %r" % v)
    compare("w·u + b", FORWARD_001["published"]["z"], z)
    compare("v = σ(−0.04) ≈ 0.490", FORWARD_001["published"]["v"], v)

    heading("001 §3: the error of one training case, E = Σ (o_j − d_j)²")
    o, d = ERROR_001["outputs"], ERROR_001["desired"]
    print("  outputs o = %r, desired d = %r" % (o, d))
    for j, printed in enumerate(ERROR_001["published"]["terms"]):
        compare("(o_%d − d_%d)²" % (j + 1, j + 1), printed, (o[j] - d[j]) ** 2)
    E = get_loss("squared_error").value(o, d)
    compare("E = squared_error(o, d)", ERROR_001["published"]["E"], E)
    print("  (002's half squared error J = ½ Σ (y − y*)² would give %r)"
          % get_loss("half_squared_error").value(o, d))

    # 001's Figure 2: the graph of the sigmoid, with this example's node marked on it.
    sigmoid = get_activation("sigmoid")
    zs = [k / 10.0 for k in range(-80, 81)]
    text = plot.line_plot(
        [{"label": "σ(x) = 1 / (1 + e⁻ˣ)", "x": zs, "y": [sigmoid.value(x) for x in zs],
          "color": plot.BLUE},
         {"label": "001 §2: σ(−0.04) = %.3f" % v, "x": [z], "y": [v], "style": "markers",
          "color": plot.RED}],
        title="001, Figure 2: the sigmoid function", xlabel="x", ylabel="σ(x)",
        legend="upper left")
    save_figure("001_sigmoid.svg", text)
    return _common.summary()


if __name__ == "__main__":
    sys.exit(main())
