"""Tests of purenet.tools.plot: every picture is parsed back as XML and its content checked.

Host-only (CPython/PyPy with pytest): plot.py writes files, which the portable core never does.
"""
import math
import os
import sys
import xml.etree.ElementTree as ET

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from purenet.tools import plot  # noqa: E402

NS = "{http://www.w3.org/2000/svg}"


def parse(text):
    """Parse SVG text; fail the test if it is not well-formed XML."""
    return ET.fromstring(text)


def series_groups(root):
    return [g for g in root.iter(NS + "g") if g.get("class") == "series"]


def tick_values(root, axis):
    return [float(t.get("data-value")) for t in root.iter(NS + "text")
            if t.get("class") == "tick" and t.get("data-axis") == axis[0]]


def legend_labels(root):
    return [t.text for g in root.iter(NS + "g") if g.get("class") == "legend"
            for t in g.iter(NS + "text")]


def axis_range(root):
    return tuple(float(root.get("data-" + k)) for k in ("xmin", "xmax", "ymin", "ymax"))


def polyline_points(group):
    pts = []
    for pl in group.iter(NS + "polyline"):
        pts.append([tuple(float(v) for v in p.split(",")) for p in pl.get("points").split()])
    return pts


# 002, "Neural network with multiple samples": the five-point table (x, y).
TABLE_X = [0.0, 0.20, 0.50, 0.70, 0.85]
TABLE_Y = [0.0, 0.50, 0.60, 0.75, 0.80]
# 002 prints the tanh network's predictions after 500 iterations for that table.
PRED_500 = [0.0295, 0.4255, 0.6867, 0.7470, 0.7706]


def test_two_series_targets_and_predictions():
    text = plot.line_plot(
        [{"label": "targets y*", "x": TABLE_X, "y": TABLE_Y, "style": "markers",
          "color": plot.BLUE},
         {"label": "predictions y", "x": TABLE_X, "y": PRED_500, "style": "markers",
          "color": plot.RED}],
        title="002: five samples", xlabel="x", ylabel="y")
    root = parse(text)
    groups = series_groups(root)
    assert [g.get("data-label") for g in groups] == ["targets y*", "predictions y"]
    assert [len(list(g.iter(NS + "circle"))) for g in groups] == [5, 5]
    assert [c.get("fill") for c in groups[0].iter(NS + "circle")] == [plot.BLUE] * 5
    assert [c.get("fill") for c in groups[1].iter(NS + "circle")] == [plot.RED] * 5
    assert legend_labels(root) == ["targets y*", "predictions y"]
    xmin, xmax, ymin, ymax = axis_range(root)
    assert xmin <= 0.0 and xmax >= 0.85
    assert ymin <= 0.0 and ymax >= 0.80
    # the tick labels span the data too, and are evenly spaced
    yt = tick_values(root, "ytick")
    assert yt[0] <= 0.0 and yt[-1] >= 0.80
    steps = [b - a for a, b in zip(yt, yt[1:])]
    assert max(steps) - min(steps) < 1e-12
    assert root.find(NS + "title").text == "002: five samples"


def test_cost_history_list_directly_on_log_axis():
    # 002, single weight: x = 2, y* = 1, w = 0.95, h = 0.1, J = 0.5 * (2w - 1)^2; each update
    # multiplies (2w - 1) by 0.6, so J falls by a factor 0.36 per iteration, from 0.405.
    w, history = 0.95, []
    for _ in range(21):
        history.append(0.5 * (2 * w - 1) ** 2)
        w -= 0.1 * (2 * w - 1) * 2
    root = parse(plot.line_plot(history, log_y=True, xlabel="iteration", ylabel="J"))
    (group,) = series_groups(root)
    assert group.get("data-n") == "21"
    (line,) = polyline_points(group)
    assert len(line) == 21
    xmin, xmax, ymin, ymax = axis_range(root)
    assert root.get("data-log-y") == "true"
    assert xmin <= 0 and xmax >= 20
    assert ymin <= min(history) and ymax >= max(history)
    assert abs(history[0] - 0.405) < 1e-12
    yt = tick_values(root, "ytick")
    assert all(abs(math.log10(t) - round(math.log10(t))) < 1e-12 for t in yt)  # powers of ten
    # larger cost is drawn higher (smaller pixel y)
    assert line[0][1] < line[-1][1]


def test_escaping_of_titles_labels_and_legend():
    nasty = 'a<b & "c" > \'d\''
    text = plot.line_plot([{"label": nasty, "y": [1, 2]}], title=nasty, xlabel=nasty,
                         ylabel=nasty)
    root = parse(text)  # would raise on unescaped < or &
    assert root.find(NS + "title").text == nasty
    assert legend_labels(root) == [nasty]
    assert series_groups(root)[0].get("data-label") == nasty
    texts = {t.get("class"): t.text for t in root.iter(NS + "text")}
    assert texts["xlabel"] == nasty and texts["ylabel"] == nasty and texts["title"] == nasty


def test_escape_function():
    assert plot.escape("&<>\"'") == "&amp;&lt;&gt;&quot;&#39;"
    assert plot.escape("&amp;") == "&amp;amp;"


def test_single_point_and_constant_series():
    root = parse(plot.line_plot([3.0]))
    xmin, xmax, ymin, ymax = axis_range(root)
    assert xmin < 0 < xmax and ymin < 3.0 < ymax
    (group,) = series_groups(root)
    assert len(list(group.iter(NS + "circle"))) == 1  # an isolated point is still visible

    root = parse(plot.line_plot({"x": [1, 2, 3], "y": [0.0, 0.0, 0.0]}))
    xmin, xmax, ymin, ymax = axis_range(root)
    assert ymin < 0.0 < ymax and xmin <= 1 and xmax >= 3


def test_nan_and_inf_are_skipped_and_break_the_line():
    y = [1.0, 2.0, float("nan"), 3.0, 4.0, float("inf"), 5.0]
    root = parse(plot.line_plot(y))
    (group,) = series_groups(root)
    assert group.get("data-n") == "5"
    runs = polyline_points(group)
    assert [len(r) for r in runs] == [2, 2]  # the lone 5.0 is a marker, not a line
    assert len(list(group.iter(NS + "circle"))) == 1
    assert float(group.get("data-ymax")) == 5.0
    assert axis_range(root)[3] >= 5.0


def test_nothing_finite_is_a_clear_error():
    with pytest.raises(ValueError, match="nothing to plot"):
        plot.line_plot([float("nan"), float("inf")])
    with pytest.raises(ValueError, match="log_y"):
        plot.line_plot([0.0, -1.0], log_y=True)


def test_a_range_too_wide_for_floats_is_a_clear_error():
    with pytest.raises(ValueError, match="too wide"):
        plot.line_plot([-1e308, 1e308])
    parse(plot.line_plot([1e-300, 1e300], log_y=True))  # fine on a log axis


def test_bad_series_are_refused():
    with pytest.raises(ValueError, match="2 x values but 3 y values"):
        plot.line_plot([{"x": [1, 2], "y": [1, 2, 3]}])
    with pytest.raises(ValueError, match="style"):
        plot.line_plot([{"y": [1, 2], "style": "bars"}])
    with pytest.raises(ValueError):
        plot.line_plot([])


def test_log_axis_skips_non_positive_values():
    root = parse(plot.line_plot([0.1, 0.0, 1e-3, -2.0, 1e-5], log_y=True))
    (group,) = series_groups(root)
    assert group.get("data-n") == "3"
    xmin, xmax, ymin, ymax = axis_range(root)
    assert ymin <= 1e-5 and ymax >= 0.1


def test_ranges_given_are_included():
    root = parse(plot.line_plot([0.5, 0.6], x_range=(-5, 5), y_range=(0, 1)))
    xmin, xmax, ymin, ymax = axis_range(root)
    assert xmin <= -5 and xmax >= 5 and ymin <= 0 and ymax >= 1


@pytest.mark.parametrize("lo,hi", [(0, 1.9), (0.3, 0.3), (-0.04, 8), (1e-9, 3e-9),
                                   (-1234.5, 98765.0), (0.9999, 1.0001), (5, 5), (-3, -3)])
def test_nice_ticks_cover_the_range(lo, hi):
    ticks = plot.nice_ticks(lo, hi)
    assert ticks[0] <= lo and ticks[-1] >= hi
    assert 2 <= len(ticks) <= 12
    assert ticks == sorted(ticks)


def test_log_ticks_cover_the_range():
    assert plot.log_ticks(0.02, 0.405) == [0.01, 0.1, 1.0]
    ticks = plot.log_ticks(1e-30, 1.0)
    assert ticks[0] <= 1e-30 and ticks[-1] >= 1.0 and len(ticks) <= 9
    # a diverging cost, 0.24 to 4.8e122: the axis starts in the decade below the data
    ticks = plot.log_ticks(0.24037601474220505, 4.763590509757652e+122)
    assert ticks[0] == 0.1 and ticks[-1] >= 4.763590509757652e+122 and len(ticks) <= 9


def test_panels_nest_plots_with_unique_ids(tmp_path):
    plots = [plot.line_plot([{"label": "after %d" % n, "y": [n, n + 1]}]) for n in (5, 10, 15, 20)]
    text = plot.panels(plots, columns=2, title="four panels")
    root = parse(text)
    assert root.get("data-panels") == "4"
    inner = [e for e in root if e.tag == NS + "svg"]
    assert len(inner) == 4
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    assert [g.get("data-label") for g in series_groups(root)] == \
        ["after 5", "after 10", "after 15", "after 20"]
    path = plot.write_svg(str(tmp_path / "sub" / "panels.svg"), text)
    with open(path, encoding="utf-8") as f:
        assert f.read() == text


def test_write_svg_is_atomic_and_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "plot.svg"
    plot.write_svg(target, plot.line_plot([1, 2, 3]))
    plot.write_svg(target, plot.line_plot([3, 2, 1]))
    assert os.listdir(tmp_path) == ["plot.svg"]
    parse(target.read_text(encoding="utf-8"))


def test_output_is_deterministic():
    a = plot.line_plot([0.1, 0.2, 0.3], title="t")
    b = plot.line_plot([0.1, 0.2, 0.3], title="t")
    assert a == b


def test_integer_axes_get_whole_number_ticks():
    # iterations 0..15: a step of 2.5 would label half-iterations
    root = parse(plot.line_plot([float(k) for k in range(16)]))
    assert all(t.is_integer() for t in tick_values(root, "xtick"))
    assert plot.nice_ticks(0, 15, count=7, integer=True) == [0.0, 5.0, 10.0, 15.0]


def test_a_training_history_plots_directly():
    """What ``python -m purenet train ... --plot FILE.svg`` needs: history["cost"] as it is."""
    from purenet.papers import NET_1_2_2_1, network
    from purenet.training import train
    net = network(NET_1_2_2_1)
    history = train(net, [NET_1_2_2_1["x"]], [NET_1_2_2_1["y"]], "half_squared_error",
                    NET_1_2_2_1["h"], 15)
    root = parse(plot.line_plot(history["cost"], title="cost", xlabel="epoch", ylabel="J",
                               log_y=True))
    (group,) = series_groups(root)
    assert group.get("data-n") == "16"
    assert float(group.get("data-ymax")) == history["cost"][0]   # 002, 1-2-2-1: J at epoch 0
    assert axis_range(root)[2] <= min(history["cost"])


def _is_125(step):
    """True when step is 1, 2 or 5 times a power of ten (checked with exact decimal text)."""
    from decimal import Decimal
    d = Decimal(repr(step)).normalize()
    return d.as_tuple().digits in ((1,), (2,), (5,))


@pytest.mark.parametrize("lo,hi", [(0.0371, 0.862), (-0.238, 0.862), (0, 1.9), (1e-9, 3e-9),
                                   (-1234.5, 98765.0), (0.9999, 1.0001), (0, 15), (0.3, 0.3)])
def test_ticks_are_whole_multiples_of_1_2_or_5_times_a_power_of_ten(lo, hi):
    """The issue's untrustworthy axis (0.862, 0.587, 0.0371, −0.238) gets round ticks: the step
    is 1, 2 or 5 × 10^k (never 2.5) and every tick a whole multiple of it."""
    from fractions import Fraction
    ticks = plot.nice_ticks(lo, hi)
    steps = {Fraction(repr(b)) - Fraction(repr(a)) for a, b in zip(ticks, ticks[1:])}
    assert len(steps) == 1
    step = steps.pop()
    assert _is_125(float(step))
    assert all((Fraction(repr(t)) / step).denominator == 1 for t in ticks)


def test_log_ticks_are_powers_of_ten_and_the_markup_says_so():
    """Not 6.0e-1, 1.6e-2, 4.4e-4: a log axis labels powers of ten only."""
    root = parse(plot.line_plot([0.6, 0.016, 0.00044], log_y=True))
    ys = [t for t in root.iter(NS + "text") if t.get("class") == "tick" and t.get("data-axis") == "y"]
    assert ys and all(t.get("data-scale") == "log" for t in ys)
    for t in ys:
        e = math.log10(float(t.get("data-value")))
        assert abs(e - round(e)) < 1e-12, t.get("data-value")
    assert [t.text for t in ys] == ["1e-4", "0.001", "0.01", "0.1", "1"]
    xs = [t for t in root.iter(NS + "text") if t.get("class") == "tick" and t.get("data-axis") == "x"]
    assert [t.get("data-scale") for t in xs] == ["linear"] * len(xs)
    assert [t.text for t in xs] == ["0", "1", "2"]


def test_a_cost_axis_starts_at_zero():
    """A cross-entropy cost from 0.0371 to 0.862 is drawn from 0, not from −0.238."""
    costs = [0.862, 0.587, 0.2, 0.0371]
    root = parse(plot.line_plot(costs, y_from_zero=True))
    assert axis_range(root)[2] == 0.0 and tick_values(root, "ytick")[0] == 0.0
    assert min(tick_values(root, "ytick")) >= 0
    later = [0.862, 0.7, 0.6, 0.52]                       # without the rule: an axis from 0.5
    assert axis_range(parse(plot.line_plot(later)))[2] == 0.5
    assert axis_range(parse(plot.line_plot(later, y_from_zero=True)))[2] == 0.0
    assert axis_range(parse(plot.line_plot(later, y_from_zero=True, log_y=True)))[2] == 0.1


def test_line_plot_is_split_into_functions_under_100_lines():
    import ast
    with open(plot.__file__, encoding="utf-8") as f:
        tree = ast.parse(f.read())
    sizes = {n.name: n.end_lineno - n.lineno + 1 for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert sizes["line_plot"] < 40 and max(sizes.values()) < 100, sizes
