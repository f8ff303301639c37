"""Plots as SVG text, with nothing but the standard library.

The documents teach with pictures: cost and output against iterations, training targets (blue
dots) against the network's predictions (red dots), the activation functions and their
derivatives on one graph.  This module draws those pictures as Scalable Vector Graphics, a
plain-text XML format every browser shows, so purenet needs no plotting library.

It is a host-side tool: the core never imports it, so the core still runs where files and
plotting do not exist.

The whole interface is three functions::

    from purenet.tools import plot
    text = plot.line_plot([{"label": "cost J", "x": [0, 1, 2], "y": [0.405, 0.2, 0.1]}],
                         title="Single weight", xlabel="iteration", ylabel="J")
    plot.write_svg("cost.svg", text)          # atomic: a temporary file, then os.replace

    plot.line_plot([0.405, 0.2, 0.1], log_y=True)   # a cost history (a list of numbers) directly

    plot.panels([text_a, text_b, text_c, text_d], columns=2)   # several plots side by side

A *series* is a dict::

    {"label": "targets",          # shown in the legend (optional; no legend entry without it)
     "x": [...], "y": [...],      # equal lengths; "x" may be left out: 0, 1, 2, ... is used
     "color": "#1f77b4",          # any SVG colour (optional; a fixed palette otherwise)
     "style": "line"}             # "line", "markers" or "line+markers"

What the file holds, so that a program (or a test) can read the picture back:

- the root ``<svg>`` carries ``data-xmin``, ``data-xmax``, ``data-ymin``, ``data-ymax``: the
  axis ranges drawn, which always contain every finite point plotted; and ``data-log-y``;
- each series is a ``<g class="series">`` with ``data-label``, ``data-n`` (points drawn) and the
  extent of its points (``data-xmin`` ...); inside it, a ``<polyline class="line">`` per unbroken
  run of points and/or a ``<circle class="marker">`` per point;
- each tick label is a ``<text class="tick" data-axis="x|y" data-scale="linear|log">`` with
  ``data-value`` = the tick's exact value (``repr``); ticks at 1, 2 or 5 × 10^k, powers of ten on
  a log axis (``ticks.py``, the rule the web page's plots use too); the legend is
  ``<g class="legend">`` with one ``<text>`` per label.

Degenerate data are drawn, not refused: one point or a constant series gets an axis range
around it; NaN and infinite values (and, on a log axis, values <= 0) are skipped and break the
line there.  Only a plot with no drawable point at all raises ``ValueError``.
"""

import math
import os

from ..bits import finite
from .files import write_text_atomic
from .ticks import axis, escape, log_ticks, nice_ticks, tick_text

__all__ = ["line_plot", "panels", "write_svg", "nice_ticks", "log_ticks", "escape",
           "BLUE", "RED", "PALETTE"]

BLUE = "#1f77b4"
RED = "#d62728"
#: colours given to series that do not name one, in order (a colour-blind-friendly set)
PALETTE = (BLUE, RED, "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")

_STYLES = ("line", "markers", "line+markers")


# --------------------------------------------------------------------------- series

def _normalise(series):
    """Accept a list of numbers, one series dict or a list of them; return a list of dicts."""
    if isinstance(series, dict):
        series = [series]
    series = list(series)
    if not series:
        raise ValueError("line_plot needs at least one series")
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in series):
        series = [{"y": series}]  # a cost history: J after each epoch, x = 0, 1, 2, ...
    out = []
    for n, s in enumerate(series):
        if not isinstance(s, dict):
            raise ValueError("series %d must be a dict with 'y' (and 'x'), not %r"
                             % (n, type(s).__name__))
        if "y" not in s:
            raise ValueError("series %d has no 'y' values" % n)
        y = [float(v) for v in s["y"]]
        x = [float(v) for v in s["x"]] if s.get("x") is not None else [float(i) for i in
                                                                        range(len(y))]
        if len(x) != len(y):
            raise ValueError("series %d (%r): %d x values but %d y values"
                             % (n, s.get("label", ""), len(x), len(y)))
        style = s.get("style", "line")
        if style not in _STYLES:
            raise ValueError("series %d: style must be one of %s, not %r" % (n, _STYLES, style))
        out.append({"label": s.get("label"), "x": x, "y": y, "style": style,
                    "color": s.get("color") or PALETTE[n % len(PALETTE)],
                    "width": float(s.get("width", 2.0)), "dash": s.get("dash")})
    return out


def _drawable(x, y, log_y):
    """True when the point (x, y) can be drawn on the axes."""
    if not (finite(x) and finite(y)):
        return False
    return y > 0 if log_y else True


def _fmt(v):
    return "%.2f" % v


# --------------------------------------------------------------------------- the plot

def line_plot(series, title="", xlabel="", ylabel="", log_y=False, width=640, height=400,
              x_range=None, y_range=None, legend="best", y_from_zero=False):
    """Draw one or more series on shared axes and return the SVG document as a string.

    ``series`` is a list of series dicts (see the module docstring), a single dict, or simply a
    list of numbers (a cost history: drawn against 0, 1, 2, ...).

    ``log_y=True`` puts y on a logarithmic axis (powers of ten), the natural scale for a cost
    that falls by orders of magnitude; points with y <= 0 are then skipped.

    ``y_from_zero=True``: a linear y axis starts at 0 (a cost whose loss cannot be negative).

    ``x_range`` / ``y_range`` = ``(lo, hi)`` widen an axis to include that interval, e.g. to
    give several panels the same scale.  The axes always include all the data too.

    ``legend`` is ``"best"`` (the corner that hides the fewest points), ``"upper right"``,
    ``"lower right"``, ``"upper left"``, ``"lower left"`` or ``None``; only series with a
    label appear in it.
    """
    ss = _normalise(series)
    xa, ya = _axes(ss, log_y, x_range, y_range, y_from_zero)
    box = _box(title, xlabel, width, height)
    px, py = _scales(xa, ya, box)
    out = _frame(title, xa, ya, box, px, py, width, height)
    out += _labels(title, xlabel, ylabel, box, width, height)
    out += _series_svg(ss, log_y, px, py, box)
    out += _legend_svg(ss, legend, log_y, px, py, box)
    out.append('</svg>')
    return "\n".join(out) + "\n"


def _axes(ss, log_y, x_range, y_range, y_from_zero):
    """The x and y axes (``ticks.axis``) that hold every drawable point and the ranges given."""
    xs, ys = [], []
    for s in ss:
        for x, y in zip(s["x"], s["y"]):
            if _drawable(x, y, log_y):
                xs.append(x)
                ys.append(y)
    if not xs:
        why = "finite and > 0 (log_y=True)" if log_y else "finite"
        raise ValueError("nothing to plot: no point of any series has x and y %s" % why)
    xlo, xhi = min(xs), max(xs)
    ylo, yhi = min(ys), max(ys)
    if x_range is not None:
        xlo, xhi = min(xlo, float(x_range[0])), max(xhi, float(x_range[1]))
    if y_range is not None:
        lo, hi = float(y_range[0]), float(y_range[1])
        if log_y and lo <= 0:
            raise ValueError("y_range %r cannot be drawn on a log axis" % (y_range,))
        ylo, yhi = min(ylo, lo), max(yhi, hi)
    xa = axis(xlo, xhi, count=7, integer=all(float(x).is_integer() for x in xs))
    return xa, axis(ylo, yhi, log=log_y, from_zero=y_from_zero)


def _box(title, xlabel, width, height):
    """The plot area in pixels: (left, top, width, height)."""
    left, right = 72, 16
    top = 36 if title else 16
    bottom = 52 if xlabel else 34
    pw, ph = width - left - right, height - top - bottom
    if pw <= 20 or ph <= 20:
        raise ValueError("width %r x height %r leaves no room to plot" % (width, height))
    return left, top, pw, ph


def _scales(xa, ya, box):
    """The functions from data to pixels, px(x) and py(y)."""
    left, top, pw, ph = box
    x0, x1 = xa["lo"], xa["hi"]

    def px(x):
        return left + (x - x0) / (x1 - x0) * pw

    if ya["scale"] == "log":
        l0, l1 = math.log10(ya["lo"]), math.log10(ya["hi"])

        def py(y):
            return top + ph - (math.log10(y) - l0) / (l1 - l0) * ph
    else:
        y0, y1 = ya["lo"], ya["hi"]

        def py(y):
            return top + ph - (y - y0) / (y1 - y0) * ph
    return px, py


def _frame(title, xa, ya, box, px, py, width, height):
    """The document's head, the grid, the frame and the tick labels."""
    left, top, pw, ph = box
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'viewBox="0 0 %d %d" font-family="sans-serif" font-size="12" '
           'data-xmin="%r" data-xmax="%r" data-ymin="%r" data-ymax="%r" data-log-y="%s">'
           % (width, height, width, height, xa["lo"], xa["hi"], ya["lo"], ya["hi"],
              "true" if ya["scale"] == "log" else "false"),
           '<title>%s</title>' % escape(title or "plot"),
           '<rect class="background" x="0" y="0" width="%d" height="%d" fill="white"/>'
           % (width, height),
           '<g class="grid" stroke="#e5e5e5" stroke-width="1">']
    for t in xa["ticks"]:
        out.append('<line x1="%s" y1="%s" x2="%s" y2="%s"/>'
                   % (_fmt(px(t["value"])), _fmt(top), _fmt(px(t["value"])), _fmt(top + ph)))
    for t in ya["ticks"]:
        out.append('<line x1="%s" y1="%s" x2="%s" y2="%s"/>'
                   % (_fmt(left), _fmt(py(t["value"])), _fmt(left + pw), _fmt(py(t["value"]))))
    out.append('</g>')
    out.append('<g class="axes" stroke="#333" stroke-width="1" fill="none">'
               '<rect x="%s" y="%s" width="%s" height="%s"/></g>'
               % (_fmt(left), _fmt(top), _fmt(pw), _fmt(ph)))
    out.append('<g class="xticks" fill="#333">')
    for t in xa["ticks"]:
        out.append(tick_text("x", xa["scale"], t, px(t["value"]), top + ph + 16, "middle"))
    out.append('</g>')
    out.append('<g class="yticks" fill="#333">')
    for t in ya["ticks"]:
        out.append(tick_text("y", ya["scale"], t, left - 6, py(t["value"]) + 4, "end"))
    out.append('</g>')
    return out


def _labels(title, xlabel, ylabel, box, width, height):
    """The title and the axis labels."""
    left, top, pw, ph = box
    out = []
    if title:
        out.append('<text class="title" x="%s" y="22" text-anchor="middle" font-size="%s" '
                   'font-weight="bold">%s</text>'
                   % (_fmt(width / 2), _title_size(title, width, 15), escape(title)))
    if xlabel:
        out.append('<text class="xlabel" x="%s" y="%s" text-anchor="middle">%s</text>'
                   % (_fmt(left + pw / 2), _fmt(height - 12), escape(xlabel)))
    if ylabel:
        cy = top + ph / 2
        out.append('<text class="ylabel" x="16" y="%s" text-anchor="middle" '
                   'transform="rotate(-90 16 %s)">%s</text>' % (_fmt(cy), _fmt(cy), escape(ylabel)))
    return out


def _series_svg(ss, log_y, px, py, box):
    """Each series as a ``<g class="series">``, clipped to the plot area."""
    left, top, pw, ph = box
    out = ['<clipPath id="plot-area"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>'
           % (_fmt(left - 4), _fmt(top - 4), _fmt(pw + 8), _fmt(ph + 8))]
    for n, s in enumerate(ss):
        pts = [(x, y) for x, y in zip(s["x"], s["y"]) if _drawable(x, y, log_y)]
        attrs = 'class="series" id="series-%d" data-n="%d"' % (n, len(pts))
        if s["label"] is not None:
            attrs += ' data-label="%s"' % escape(s["label"])
        if pts:
            attrs += (' data-xmin="%r" data-xmax="%r" data-ymin="%r" data-ymax="%r"'
                      % (min(p[0] for p in pts), max(p[0] for p in pts),
                         min(p[1] for p in pts), max(p[1] for p in pts)))
        out.append('<g %s clip-path="url(#plot-area)">' % attrs)
        if "line" in s["style"]:
            out += _runs(s, log_y, px, py)
        if "markers" in s["style"]:
            for x, y in pts:
                out.append('<circle class="marker" cx="%s" cy="%s" r="4" fill="%s" '
                           'stroke="white" stroke-width="0.8"/>'
                           % (_fmt(px(x)), _fmt(py(y)), escape(s["color"])))
        out.append('</g>')
    return out


def _runs(s, log_y, px, py):
    """A series' line: one polyline per unbroken run of drawable points (a lone point: a dot)."""
    out = []
    dash = ' stroke-dasharray="%s"' % escape(s["dash"]) if s["dash"] else ""
    run = []
    for x, y in list(zip(s["x"], s["y"])) + [(math.nan, math.nan)]:
        if _drawable(x, y, log_y):
            run.append("%s,%s" % (_fmt(px(x)), _fmt(py(y))))
            continue
        if len(run) == 1:  # an isolated point: a line of length 0 would not show
            cx, cy = run[0].split(",")
            out.append('<circle class="marker" cx="%s" cy="%s" r="3" fill="%s"/>'
                       % (cx, cy, escape(s["color"])))
        elif run:  # a gap (NaN, inf, or <= 0 on a log axis) ends this run
            out.append('<polyline class="line" fill="none" stroke="%s" '
                       'stroke-width="%s" stroke-linejoin="round"%s points="%s"/>'
                       % (escape(s["color"]), _fmt(s["width"]), dash, " ".join(run)))
        run = []
    return out


def _legend_svg(ss, legend, log_y, px, py, box):
    """The legend: one row (line and/or marker, and the label) per labelled series."""
    labelled = [s for s in ss if s["label"] is not None]
    if not legend or not labelled:
        return []
    left, top, pw, ph = box
    lw = 34 + 7 * max(len(str(s["label"])) for s in labelled)
    lh = 8 + 18 * len(labelled)
    if legend == "best":
        legend = _best_corner(ss, log_y, px, py, left, top, pw, ph, lw, lh)
    lx = left + 8 if "left" in legend else left + pw - lw - 8
    ly = top + ph - lh - 8 if "lower" in legend else top + 8
    out = ['<g class="legend">',
           '<rect x="%s" y="%s" width="%s" height="%s" fill="white" fill-opacity="0.85" '
           'stroke="#999"/>' % (_fmt(lx), _fmt(ly), _fmt(lw), _fmt(lh))]
    for r, s in enumerate(labelled):
        cy = ly + 13 + 18 * r
        if "line" in s["style"]:
            dash = ' stroke-dasharray="%s"' % escape(s["dash"]) if s["dash"] else ""
            out.append('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2"%s/>'
                       % (_fmt(lx + 4), _fmt(cy), _fmt(lx + 26), _fmt(cy), escape(s["color"]), dash))
        if "markers" in s["style"]:
            out.append('<circle cx="%s" cy="%s" r="4" fill="%s"/>'
                       % (_fmt(lx + 15), _fmt(cy), escape(s["color"])))
        out.append('<text class="legend-label" x="%s" y="%s">%s</text>'
                   % (_fmt(lx + 30), _fmt(cy + 4), escape(s["label"])))
    out.append('</g>')
    return out


def _title_size(title, width, largest):
    """A font size at which ``title`` fits in ``width`` pixels (bold sans-serif is about 0.62
    em per character), at most ``largest``."""
    return _fmt(max(8.0, min(float(largest), (width - 16) / (0.62 * max(len(title), 1)))))


def _best_corner(ss, log_y, px, py, left, top, pw, ph, lw, lh):
    """The corner of the plot area whose legend box would cover the fewest data points."""
    pts = []
    for s in ss:
        prev = None
        for x, y in zip(s["x"], s["y"]):
            if not _drawable(x, y, log_y):
                prev = None
                continue
            p = (px(x), py(y))
            if prev is not None and "line" in s["style"]:  # sample along the segment too
                for k in range(1, 8):
                    pts.append((prev[0] + (p[0] - prev[0]) * k / 8,
                                prev[1] + (p[1] - prev[1]) * k / 8))
            pts.append(p)
            prev = p
    best, fewest = "upper right", None
    for corner in ("upper right", "upper left", "lower right", "lower left"):
        lx = left + 8 if "left" in corner else left + pw - lw - 8
        ly = top + ph - lh - 8 if "lower" in corner else top + 8
        n = sum(1 for x, y in pts if lx - 4 <= x <= lx + lw + 4 and ly - 4 <= y <= ly + lh + 4)
        if fewest is None or n < fewest:
            best, fewest = corner, n
    return best


def panels(plots, columns=2, title=""):
    """Lay several ``line_plot`` outputs out on a grid, as one SVG document.

    002 shows its scatter plots in fours (after 5, 10, 15 and 20 iterations); this draws such
    a figure.  Each plot keeps its own axes; pass the same ``x_range``/``y_range`` to every
    ``line_plot`` to give them one scale.  The plots are nested ``<svg class="panel">`` elements.
    """
    plots = list(plots)
    if not plots:
        raise ValueError("panels needs at least one plot")
    sizes = []
    for p in plots:
        head = p[:p.index(">")]
        w = int(head.split(' width="', 1)[1].split('"', 1)[0])
        h = int(head.split(' height="', 1)[1].split('"', 1)[0])
        sizes.append((w, h))
    cw = max(w for w, _ in sizes)
    ch = max(h for _, h in sizes)
    columns = max(1, min(columns, len(plots)))
    rows = (len(plots) + columns - 1) // columns
    head = 34 if title else 0
    width, height = cw * columns, ch * rows + head
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'viewBox="0 0 %d %d" font-family="sans-serif" data-panels="%d">'
           % (width, height, width, height, len(plots))]
    out.append('<title>%s</title>' % escape(title or "plots"))
    out.append('<rect x="0" y="0" width="%d" height="%d" fill="white"/>' % (width, height))
    if title:
        out.append('<text class="title" x="%d" y="23" text-anchor="middle" font-size="%s" '
                   'font-weight="bold">%s</text>'
                   % (width // 2, _title_size(title, width, 17), escape(title)))
    for n, p in enumerate(plots):
        x, y = (n % columns) * cw, head + (n // columns) * ch
        body = p.strip()
        # nested <svg>: move it into place; keep each panel's clip-path id unique
        body = body.replace("<svg ", '<svg class="panel" x="%d" y="%d" ' % (x, y), 1)
        body = body.replace('id="plot-area"', 'id="plot-area-%d"' % n)
        body = body.replace('url(#plot-area)', 'url(#plot-area-%d)' % n)
        body = body.replace('id="series-', 'id="panel-%d-series-' % n)
        out.append(body)
    out.append('</svg>')
    return "\n".join(out) + "\n"


def write_svg(path, text):
    """Write ``text`` to ``path`` atomically and return ``path``.

    The text goes to a temporary file in the same folder, which ``os.replace`` then renames
    over ``path`` in one step: a reader (or a crash half-way) never sees half a picture.
    Missing folders are created.
    """
    path = os.fspath(path)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    write_text_atomic(path, text)
    return path
