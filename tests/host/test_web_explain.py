"""The page's explanations on CPython, without a browser: every number with its equation from
``002`` and the same equation with the values shown (``tools/web/explain.py``), one iteration walked
step by step in ``002``'s order, every name in the paper's notation, the plots' axes by the rule of
``plot.py``, the code markers, and eslint over the page's JavaScript.

Expected values: purenet's public functions called here (``forward``, ``deltas``, ``gradient``,
``train``), the numbers of ``002`` (``papers``), exact fractions for the ticks, and for the written
numbers their own evaluation in Python, which must give the value shown bit for bit.
"""

import json
import math
import os
import subprocess
from fractions import Fraction

import pytest

from purenet import papers
from purenet.backprop import deltas, gradient
from purenet.losses import get_loss
from purenet.network import forward, init_network, param_name
from purenet.tools.web import examples, explain, session
from purenet.training import train
from tests.host import ROOT


def ask(**req):
    return json.loads(session.handle(json.dumps(req)))


def _numbers_as_python(numbers):
    """The written numbers as a Python expression: × is *, − is -, ² is **2."""
    return numbers.replace("×", "*").replace("−", "-").replace("²", "**2")


EXACT = ("z", "d", "gw", "gb", "mean", "J", "w", "b")        # evaluated left to right as purenet does


@pytest.mark.parametrize("config", [
    {"example": "002_1_2_2_1"},
    {"example": "002_biases_and_activations", "activation": "sigmoid"},
    {"example": "002_multiple_samples"},
    {"custom": {"sizes": "2,3,2", "activation": "tanh,linear", "loss": "squared_error", "h": "0.3",
                "data": "0,0:1,0; 0,1:0,1; 1,1:0.5,0.5", "update": "normalized"}},
    {"custom": {"sizes": "2,3,3", "activation": "relu,softmax", "loss": "cross_entropy",
                "data": "0,1:1,0,0; 1,0:0,0.5,0.5"}},
    {"custom": {"sizes": "2,3,3", "activation": "tanh,softmax", "loss": "categorical_cross_entropy",
                "data": "0,1:1,0,0; 1,0:0,1,0"}},
    {"custom": {"sizes": "2,2,1", "activation": "tanh,gaussian", "loss": "cross_entropy",
                "data": "0,1:1; 1,0:0.25"}},
    {"custom": {}}])
def test_every_number_is_explained_with_its_numbers(config):
    """Every data-name the view shows has an equation whose written numbers, evaluated as Python,
    give the number shown bit for bit (for the sums and products; the activations by value): the
    expected values are the view's own reprs, which the tests above tie to purenet's functions."""
    view = ask(cmd="load", config=config)["view"]
    view = ask(cmd="advance", n=2)["view"]
    shown = {}
    for layer in view["layers"]:
        names = layer["names"]
        for kind, values in (("z", layer["z"]), ("a", layer["a"]), ("d", layer.get("d")),
                             ("b", layer.get("b")), ("gb", layer.get("gb")),
                             ("mean_gb", layer.get("mean_gb"))):
            if values is not None and kind in names:
                shown.update(zip(names[kind], values))
        for kind in ("w", "gw", "mean_gw"):
            if kind in layer and kind in names:
                for row_n, row_v in zip(names[kind], layer[kind]):
                    shown.update(zip(row_n, row_v))
    shown.update(zip(view["names"]["y"], view["y"]))
    shown["J"], shown["J_s"] = view["J"], view["J_sample"]
    kinds = {}
    for name, value in shown.items():
        res = ask(cmd="explain", name=name)
        assert res["ok"], (name, res)
        e = res["explain"]
        kind = explain.index(session._session.state())[name][0]
        kinds[kind] = kinds.get(kind, 0) + 1
        assert e["text"].startswith(name + (" ← " if kind in ("w", "b") else " = ") + e["equation"]), e
        assert e["text"].endswith(e["value"]) or e["text"].endswith("(the next update)")
        if kind in ("w", "b"):
            assert e["now"] == value              # the update starts from the value shown
        else:
            assert e["value"] == value, (name, e)
        if kind in EXACT and "…" not in e["numbers"]:
            got = eval(_numbers_as_python(e["numbers"]))
            # bit for bit, but for the sign of a zero (purenet adds d a into 0.0: -0.0 becomes 0.0)
            assert got == float(e["value"]) and (got == 0 or repr(got) == e["value"]), e
    assert set(kinds) >= {"z", "a", "d", "gw", "w", "y", "J", "J_s"}, kinds
    assert ask(cmd="explain", name="w^9_99") == {"ok": False,
                                                 "error": "explain: no number named 'w^9_99' here"}


def test_the_explanation_of_d31_is_the_papers_equation_with_its_numbers():
    """002's 1-2-2-1 example at iteration 0: d^4 = y − y* = 0.21 − 1 = −0.79 and
    d^3_1 = w^4_11 d^4_1 s'(z^3_1) with w^4_11 = 0.1 (its printed weight) and s' = 1 (linear)."""
    ask(cmd="load", config={"example": "002_1_2_2_1"})
    e = ask(cmd="explain", name="d^3_1")["explain"]
    assert e["text"] == "d^3_1 = w^4_11 d^4_1 · s′(z^3_1) = 0.1 × -0.79 × 1.0 = -0.07900000000000001"
    assert ask(cmd="explain", name="d^4_1")["explain"]["numbers"] == "(0.21000000000000002 − 1.0) × 1.0"


def test_the_update_explained_is_the_next_iteration():
    """The explanation of w and b is the next update; one more iteration gives exactly it."""
    for config in ({"example": "002_2_2_2_1"}, {"example": "002_multiple_outputs"},
                   {"example": "002_multiple_samples", "batch": 2}):
        view = ask(cmd="load", config=config)["view"]
        names = [n for layer in view["layers"][1:] for row in layer["names"]["w"] for n in row]
        names += [n for layer in view["layers"][1:] for n in layer["names"].get("b", [])]
        after = {n: ask(cmd="explain", name=n)["explain"]["value"] for n in names}
        view = ask(cmd="advance", n=1)["view"]
        if config.get("batch"):                  # several updates an iteration: only the first is explained
            cfg = examples.example_config(config)
            net = cfg["net"]
            _, gw, gb = gradient(net, cfg["X"][:2], cfg["Y"][:2], cfg["loss"])
            first = {param_name("w", l, i, j): repr(net.w[l][i][j] - cfg["h"] * gw[l][i][j])
                     for l in range(2, net.L + 1) for i in range(len(net.w[l]))
                     for j in range(len(net.w[l][0]))}
            assert {n: after[n] for n in first} == first
            continue
        now = {}
        for layer in view["layers"][1:]:
            for row_n, row_v in zip(layer["names"]["w"], layer["w"]):
                now.update(zip(row_n, row_v))
            if layer["b"] is not None:
                now.update(zip(layer["names"]["b"], layer["b"]))
        assert after == now


ORDER_002 = ["forward"] * 3 + ["cost", "output delta", "delta", "delta", "gradient", "update"]


def test_the_steps_follow_002():
    """002's order for one iteration of the 1-2-2-1 network (L = 4): the forward pass for layers
    2, 3, 4; the cost; d^4 = (y − y*) s'(z^4); the recursion d^3, then d^2; the gradient
    d_j^l a_i^{l−1}; the update. Each step's numbers are purenet's own."""
    ask(cmd="load", config={"example": "002_1_2_2_1"})
    steps = ask(cmd="steps")["steps"]
    assert [s["kind"] for s in steps] == ORDER_002
    assert [s["n"] for s in steps] == list(range(1, len(steps) + 1))
    assert [s["l"] for s in steps[:6]] + [s["l"] for s in steps[6:8]] == [2, 3, 4, 4, 4, 3, 2, None]
    net = papers.network(papers.NET_1_2_2_1)
    x, y = papers.NET_1_2_2_1["x"], papers.NET_1_2_2_1["y"]
    trace = forward(net, [x] if not isinstance(x, list) else x)
    d = deltas(net, trace, [y] if not isinstance(y, list) else y, get_loss("half_squared_error"))
    for s in steps[:3]:
        l = s["l"]
        assert s["names"] == [explain.qname(k, l, j) for j in range(len(trace.z[l])) for k in "za"]
        assert s["lines"][0].endswith(" = " + repr(trace.z[l][0]))
        assert s["edges"] == [param_name("w", l, i, j) for i in range(len(net.w[l]))
                              for j in range(len(net.w[l][0]))]
        assert s["equation"] == explain.FORWARD
    for s in steps[4:7]:
        l = s["l"]
        assert s["names"] == [explain.qname("d", l, j) for j in range(len(d[l]))]
        assert [line.rsplit(" = ", 1)[1] for line in s["lines"]] == [repr(v) for v in d[l]]
        assert s["neurons"] == [explain.qname("a", l, j) for j in range(len(d[l]))]
    assert steps[4]["equation"] == explain.OUTPUT_DELTA and steps[5]["equation"] == explain.DELTA
    _, gw, _ = gradient(net, [trace.a[1]], [[y] if not isinstance(y, list) else y], "half_squared_error")
    assert steps[7]["lines"][0].rsplit(" = ", 1)[1] == repr(gw[2][0][0])
    train(net, [trace.a[1]], [[y] if not isinstance(y, list) else y], "half_squared_error", 0.1, 1)
    assert steps[8]["lines"][0] == ("w^2_11 ← w^2_11 − h ∂J/∂w^2_11 = 0.7 − 0.1 × %r = %r  (the next update)"
                                    % (gw[2][0][0], net.w[2][0][0]))


def test_steps_with_several_samples_take_their_mean_and_without_targets_stop_after_the_forward_pass():
    ask(cmd="load", config={"example": "002_multiple_samples"})
    kinds = [s["kind"] for s in ask(cmd="steps")["steps"]]
    L = 6
    assert kinds == (["forward"] * (L - 1) + ["cost", "output delta"] + ["delta"] * (L - 2)
                     + ["gradient", "mean", "update"])
    ask(cmd="load", config={"example": "001_forward_pass_and_error"})
    assert [s["kind"] for s in ask(cmd="steps")["steps"]] == ["forward"]


def _is_125_multiple(values):
    steps = {Fraction(repr(b)) - Fraction(repr(a)) for a, b in zip(values, values[1:])}
    (step,) = steps
    digits = str(step.numerator * 10 ** 30 // step.denominator).rstrip("0")
    return digits in ("1", "2", "5") and all((Fraction(repr(v)) / step).denominator == 1 for v in values)


def test_the_plots_axes_follow_plot_pys_rule():
    """The page's axes come from ticks.axis: 1, 2 or 5 × 10^k, powers of ten on a log axis, the
    cost from 0 on a linear axis; every tick's data-value is the repr of its value."""
    view = ask(cmd="load", config={"custom": {}})["view"]
    view = ask(cmd="advance", n=300)["view"]
    cost = view["plots"]["cost"]
    assert cost["y"]["scale"] == "linear" and cost["y"]["ticks"][0]["value"] == 0.0    # cross-entropy >= 0
    for a in (cost["x"], cost["y"], view["plots"]["outputs"]["y"]):
        values = [t["value"] for t in a["ticks"]]
        assert _is_125_multiple(values), values
        assert [t["repr"] for t in a["ticks"]] == [repr(v) for v in values]
    assert cost["x"]["ticks"][-1]["value"] >= 300
    J = train(init_network([2, 3, 1], ["tanh", "sigmoid"], bias=True, seed=1),
              [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [[0.0], [1.0], [1.0], [0.0]],
              "cross_entropy", 0.5, 300)["cost"]
    assert cost["y"]["lo"] == 0.0 and cost["y"]["hi"] >= max(J)
    view = ask(cmd="load", config={"example": "002_1_2_2_1"})["view"]
    view = ask(cmd="advance", n=15)["view"]
    y = view["plots"]["cost"]["y"]
    assert y["scale"] == "log"                                        # 0.31 down to 1e-10
    for t in y["ticks"]:
        e = Fraction(repr(t["value"]))
        assert e == Fraction(10) ** round(math.log10(t["value"])), t
    assert view["plots"]["marks"] == [5, 10, 15] and view["plots"]["marks_label"]


def test_every_name_is_the_papers_notation():
    view = ask(cmd="load", config={"custom": {"sizes": "11,10,2", "activation": "tanh,sigmoid",
                                              "data": ",".join(["0"] * 11) + ":0,1"}})["view"]
    layer = view["layers"][1]
    assert layer["names"]["w"][9][0] == "w^2_10,1" == param_name("w", 2, 9, 0)
    assert layer["names"]["b"][9] == "b^2_10" == param_name("b", 2, 9)
    assert layer["names"]["z"][9] == "z^2_10" and layer["names"]["d"][0] == "d^2_1"
    assert layer["names"]["gw"][0][1] == "dJ/dw^2_12" and layer["w_names"] == layer["names"]["w"]
    assert view["names"]["y"] == ["y_1", "y_2"] and view["names"]["outputs"] == [["y_1[1]", "y_2[1]"]]


def test_a_code_marker_is_code_found_in_its_function_and_must_be_unique():
    from purenet import backprop, network
    line = examples.code_line(network, "_forward", "z_l[j] += w_i[j] * a_i")
    assert "z_j^l = Σ_i w_ij^l a_i^{l−1}" in line["code"]          # the whole line, comment too
    with pytest.raises(ValueError, match="0 statements"):
        examples.code_line(network, "_forward", "z_j^l = Σ_i")     # comment text is no marker
    with pytest.raises(ValueError, match="statements of deltas hold"):
        examples.code_line(backprop, "deltas", "d_")                 # several lines hold it
    with pytest.raises(ValueError, match="0 functions named 'nowhere'"):
        examples.code_line(backprop, "nowhere", "x")
    from purenet import losses
    half = examples.code_line(losses, "HalfSquaredError.value", "_sum_of_squares")   # a method
    assert half["code"].startswith("return 0.5 * _sum_of_squares(y, y_star)")


def test_the_page_javascript_passes_eslint():
    """The page's scripts against the pinned eslint of .ci/eslint (bash .ci/run installs it)."""
    eslint = os.path.join(ROOT, ".ci", "eslint", "node_modules", ".bin", "eslint")
    if not os.path.isfile(eslint):
        pytest.skip("eslint is not installed (cd .ci/eslint && npm ci)")
    proc = subprocess.run([eslint, "-c", os.path.join(ROOT, ".ci", "eslint", "eslint.config.mjs"),
                           os.path.join(ROOT, "purenet", "tools", "web", "static")],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout
