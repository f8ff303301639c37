"""002, "Example: Neural network with multiple samples": the five-point table, three ways to descend.

With n samples the cost is the mean of the per-sample costs and so is its gradient. 002 runs
one loop over epochs, batches and the samples in each batch, which gives

- batch gradient descent (BGD): one batch of all 5 samples, one update per epoch;
- stochastic gradient descent (SGD): batches of 1, five updates per epoch;
- mini-batch gradient descent (MBGD): here batches of 2 (2 + 2 + 1), three updates per epoch.

The data is 002's table (x -> y): 0 -> 0, 0.20 -> 0.50, 0.50 -> 0.60, 0.70 -> 0.75,
0.85 -> 0.80; one input, four hidden layers, one output, h = 0.3. 002 shows the linear network's
predictions after 20, 50, 100 and 200 iterations and the tanh network's cost over 500
iterations, ending at y = [0.0295, 0.4255, 0.6867, 0.7470, 0.7706].

002 gives neither the hidden layer sizes nor the weights. Ours, stated: four hidden layers of
4 neurons, ``init_network([1, 4, 4, 4, 4, 1], activation, bias=True, seed=4)``
(``purenet.papers.MULTIPLE_SAMPLES``): Glorot-uniform weights, zero biases. Samples are taken in
table order (no shuffling), so every run is deterministic.

A check that needs no paper: a network of linear layers is a linear function y = a + b x
(000 §3), so BGD on the linear network must approach the least-squares line of the table.

Run:  python examples/002_multiple_samples.py   (writes docs/figures/002_multiple_samples.svg,
      002_multiple_samples_cost.svg and 002_multiple_samples_fit.svg)
"""

import sys

import _common  # noqa: F401  (puts the repository on sys.path)
from _common import fmt_vector, heading, plot, save_figure, scatter_panels
from purenet.network import forward
from purenet.papers import MULTIPLE_SAMPLES, network, stated_weights
from purenet.training import train

METHODS = (("BGD", None, plot.BLUE), ("SGD", 1, plot.RED), ("MBGD, batch 2", 2, "#2ca02c"))


def least_squares(xs, ys):
    """The line y = a + b x that minimises Σ (a + b x_k − y_k)²."""
    n = len(xs)
    mx = sum(xs) / n
    my = sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) * (x - mx) for x in xs)
    b = sxy / sxx
    return my - b * mx, b


def main():
    ex = MULTIPLE_SAMPLES
    X, Y, h = ex["x"], ex["y"], ex["h"]
    xs = [x[0] for x in X]
    ys = [y[0] for y in Y]
    print("002's table: x = %r, y = %r; h = %r" % (xs, ys, h))
    print("our network: sizes %r, %s" % (ex["sizes"], stated_weights(ex)))

    heading("Linear activation, BGD: predictions after 20, 50, 100 and 200 iterations")
    net = network(ex, "linear")
    linear = train(net, X, Y, "half_squared_error", h, 200, record_outputs=True)
    for n in (20, 50, 100, 200):
        print("  after %3d iterations: y = %s   J = %r"
              % (n, fmt_vector([o[0] for o in linear["outputs"][n]]), linear["cost"][n]))
    a, b = least_squares(xs, ys)
    line = [a + b * x for x in xs]
    gap = max(abs(o[0] - p) for o, p in zip(linear["outputs"][-1], line))
    print("  least-squares line y = %r + %r x gives %s" % (a, b, fmt_vector(line)))
    print("  largest gap between the linear network and that line: %r" % gap)

    heading("tanh activation, %d epochs: BGD, SGD and MBGD compared" % ex["iterations"])
    runs = {}
    for name, batch, _ in METHODS:
        net = network(ex, "tanh")
        runs[name] = train(net, X, Y, "half_squared_error", h, ex["iterations"],
                           batch_size=batch, record_outputs=True)
        updates = ex["iterations"] * ((len(X) + (batch or len(X)) - 1) // (batch or len(X)))
        print("  %-14s %5d updates   J = %-22r y = %s"
              % (name, updates, runs[name]["cost"][-1],
                 fmt_vector([o[0] for o in runs[name]["outputs"][-1]])))
    print("  002 (tanh, its own network)%s y = [%s]" % (" " * 26,
          ", ".join(ex["paper_y"])))
    print("  targets%s y = %s" % (" " * 46, fmt_vector(ys)))
    for name, _, _ in METHODS:
        J = runs[name]["cost"]
        rises = sum(1 for k in range(1, len(J)) if J[k] > J[k - 1])
        print("  %-14s the cost rose in %d of %d epochs" % (name, rises, len(J) - 1))

    save_figure("002_multiple_samples.svg", scatter_panels(
        "002, multiple samples (linear, BGD): targets (blue) and predictions (red)",
        [("after %d iterations" % n, [o[0] for o in linear["outputs"][n]])
         for n in (20, 50, 100, 200)], ys, xs=xs, xlabel="x"))
    save_figure("002_multiple_samples_cost.svg", plot.line_plot(
        [{"label": name, "y": runs[name]["cost"], "color": color}
         for name, _, color in METHODS],
        title="002, multiple samples (tanh): cost against epochs, BGD vs SGD vs MBGD",
        xlabel="epoch", ylabel="J (mean over the 5 samples)", log_y=True))
    grid = [k / 100.0 for k in range(0, 86)]
    fits = []
    for name, _, color in METHODS:
        net = network(ex, "tanh")
        train(net, X, Y, "half_squared_error", h, ex["iterations"],
              batch_size=dict((m, bs) for m, bs, _ in METHODS)[name])
        fits.append({"label": name + " after %d epochs" % ex["iterations"], "x": grid,
                     "y": [forward(net, [g]).output[0] for g in grid], "color": color})
    save_figure("002_multiple_samples_fit.svg", plot.line_plot(
        [{"label": "002's table", "x": xs, "y": ys, "style": "markers", "color": "#333333"}]
        + fits, title="002, multiple samples (tanh): the learned curves",
        xlabel="x", ylabel="y", legend="lower right"))
    print("\n0 published values compared: 002 does not print this example's network.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
