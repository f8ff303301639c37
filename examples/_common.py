"""What the example scripts share: finding purenet, comparing with the paper, saving figures.

Not part of purenet. Each example does ``import _common`` first, which puts the repository's
root on ``sys.path`` so that ``python examples/NAME.py`` works from a fresh clone without
installing anything.

Figures go to ``docs/figures/`` (the ones the README shows), or to the folder named by the
environment variable ``PURENET_FIGURES`` (the tests use a temporary one).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from purenet.papers import matches, tolerance  # noqa: E402
from purenet.tools import plot  # noqa: E402

DATA = os.path.join(HERE, "data")

_results = []


def figures_dir():
    return os.environ.get("PURENET_FIGURES") or os.path.join(ROOT, "docs", "figures")


def save_figure(name, text):
    """Write an SVG figure atomically; print and return its path."""
    path = plot.write_svg(os.path.join(figures_dir(), name), text)
    rel = os.path.relpath(path, ROOT)
    print("figure: %s" % (path if rel.startswith("..") else rel.replace(os.sep, "/")))
    return path


def heading(text):
    print()
    print(text)
    print("-" * len(text))


def compare(quantity, printed, value):
    """Print one published number beside purenet's and whether they agree.

    ``printed`` is the number exactly as the document prints it (a string), because the
    tolerance follows the digits printed: one unit of the last digit (``papers.matches``:
    "0.7235" allows 0.0001, "8.0" allows 0.1). The document rounds some values and truncates
    others, so half a unit would call correct results wrong.
    """
    tol = tolerance(printed)
    ok = matches(value, printed)
    _results.append(ok)
    print("  %-34s paper %-9s purenet %-22r (within %g) %s"
          % (quantity, printed, value, tol, "match" if ok else "MISMATCH"))
    return ok


def summary():
    """Print how many published numbers matched; return the exit status (0 when all did)."""
    matched = sum(1 for ok in _results if ok)
    print()
    print("%d of %d published values match." % (matched, len(_results)))
    return 0 if matched == len(_results) else 1


def fmt_vector(v, digits=4):
    """A vector the way 002 prints it: [5.0038, 5.9990, ...]."""
    return "[" + ", ".join("%.*f" % (digits, x) for x in v) + "]"


def convergence_figure(title, outputs, costs, target=None, output_label="output y",
                       y_range=None):
    """002's standard picture: the output y and the cost J against iterations, side by side.

    ``outputs`` and ``costs`` are lists indexed by iteration (0 = the initial network).
    """
    it = list(range(len(costs)))
    left = [{"label": output_label, "x": it, "y": outputs, "color": plot.RED,
             "style": "line+markers" if len(it) <= 40 else "line"}]
    if target is not None:
        left.insert(0, {"label": "target y* = %g" % target, "x": [it[0], it[-1]],
                        "y": [target, target], "color": plot.BLUE, "dash": "6 4"})
    if y_range is None:  # keep the target line and the first output off the frame
        finite = [v for v in outputs if v == v and abs(v) != float("inf")]
        lo = min(finite + ([target] if target is not None else []))
        hi = max(finite + ([target] if target is not None else []))
        pad = 0.05 * (hi - lo)
        y_range = (lo - pad, hi + pad)
    a = plot.line_plot(left, title="output", xlabel="iteration", ylabel="y", width=480,
                      height=340, y_range=y_range)
    b = plot.line_plot([{"label": "cost J", "x": it, "y": costs, "color": plot.BLUE,
                        "style": "line+markers" if len(it) <= 40 else "line"}],
                      title="cost (log scale)", xlabel="iteration", ylabel="J", log_y=True,
                      width=480, height=340)
    return plot.panels([a, b], columns=2, title=title)


def scatter_panels(title, snapshots, targets, xs=None, xlabel="output element j",
                   columns=2):
    """002's scatter figures: targets (blue dots) and predictions (red dots), one panel per
    snapshot. ``snapshots`` is a list of (caption, predictions)."""
    xs_are_indices = xs is None
    xs = xs if xs is not None else list(range(1, len(targets) + 1))
    lo = min([min(targets)] + [min(p) for _, p in snapshots])
    hi = max([max(targets)] + [max(p) for _, p in snapshots])
    xpad = 0.5 if xs_are_indices else 0.05 * (max(xs) - min(xs))  # keep dots off the frame
    ypad = 0.05 * (hi - lo)
    plots = []
    for caption, pred in snapshots:
        plots.append(plot.line_plot(
            [{"label": "targets", "x": xs, "y": targets, "style": "markers", "color": plot.BLUE},
             {"label": "predictions", "x": xs, "y": pred, "style": "markers", "color": plot.RED}],
            title=caption, xlabel=xlabel, ylabel="y", width=420, height=300,
            x_range=(min(xs) - xpad, max(xs) + xpad), y_range=(lo - ypad, hi + ypad)))
    return plot.panels(plots, columns=columns, title=title)


def show_weights(net):
    """Print every w_ij^l (and b_j^l) under the paper's name, layer by layer."""
    from purenet.network import param_name
    for l in range(2, net.L + 1):
        names = ["%s = %r" % (param_name("w", l, i, j), net.w[l][i][j])
                 for i in range(len(net.w[l])) for j in range(len(net.w[l][0]))]
        print("  " + "; ".join(names))
        if net.b[l] is not None:
            print("  " + "; ".join("%s = %r" % (param_name("b", l, j), net.b[l][j])
                                   for j in range(len(net.b[l]))))


def show_backprop(net, x, y_star, loss="half_squared_error"):
    """Print one sample's forward pass z_j^l, its d_j^l and ∂J/∂w_ij^l = d_j^l a_i^{l−1}."""
    from purenet.backprop import deltas, gradient
    from purenet.losses import get_loss
    from purenet.network import forward, param_name
    trace = forward(net, x)
    d = deltas(net, trace, y_star, get_loss(loss))
    J, gw, gb = gradient(net, [x], [y_star], loss)
    for l in range(1, net.L + 1):
        print("  z^%d = %r" % (l, trace.z[l]))
    print("  J = %r" % J)
    for l in range(net.L, 1, -1):
        print("  d^%d = %r" % (l, d[l]))
    for l in range(net.L, 1, -1):
        print("  " + "; ".join("∂J/∂%s = %r" % (param_name("w", l, i, j), gw[l][i][j])
                               for i in range(len(gw[l])) for j in range(len(gw[l][0]))))
    return trace, d, gw
