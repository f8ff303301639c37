"""The web page in a real browser: Debian's Chromium driven by Python Playwright, offline.

The site is built from this checkout and served by ``http.server`` on a free loopback port; every
request to anywhere else is blocked and recorded (``tests/host/webpage.py``). Skips with a message
where Playwright, Chromium or Pyodide is missing.

Expected values: CPython's own, computed here by purenet's public functions (``papers.reproduce``,
``papers.own_runs``, ``train``, ``forward``, ``deltas``); the page must show their ``repr`` exactly
(Pyodide is CPython, so equal bits give equal reprs). The documents' printed numbers come from
``purenet.papers``.
"""

import json
import math
import os
import re

import pytest

from purenet import papers
from purenet.backprop import deltas, gradient
from purenet.losses import get_loss
from purenet.network import _forward, init_network
from purenet.tools.web import examples
from purenet.training import train
from tests.host import webpage

why = webpage.missing()
pytestmark = [pytest.mark.slow,                 # about 5 s a page: Pyodide loads in each
              pytest.mark.skipif(why is not None, reason=why or "")]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    server, url = webpage.serve(webpage.site_dir(tmp_path_factory.mktemp("web") / "site"))
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = webpage.launch(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def context(browser, base):
    ctx = webpage.Context(browser, base)
    yield ctx
    ctx.close()


@pytest.fixture
def open_page(context):
    pages = []

    def opener(query=""):
        page = webpage.Page(context, query)
        pages.append(page)
        return page
    yield opener
    for page in pages:
        assert page.errors == [], page.errors            # no console errors, no uncaught exceptions
        page.close()
    assert context.blocked == [], context.blocked        # nothing but the loopback server was asked


def _published_rows(page):
    return page.page.evaluate(
        "() => [...document.querySelectorAll('#published tr[data-published]')].map(tr => ({"
        " name: tr.dataset.published, result: tr.dataset.result,"
        " paper: tr.querySelector('[data-paper]').dataset.paper,"
        " value: (tr.querySelector('[data-name]') || {dataset: {}}).dataset.value }))")


def test_002_1_2_2_1_after_10_iterations_shows_cpythons_y(open_page):
    """The README's promise: ?example=002_1_2_2_1&iterations=10 shows CPython's y bit for bit."""
    page = open_page("?example=002_1_2_2_1&iterations=10")
    assert page.status() == "ready" and page.iteration() == 10
    y = papers.outputs_after(papers.NET_1_2_2_1, [10])[0]
    assert page.value("y_1") == repr(y)
    assert page.page.text_content('#tables [data-name="y_1"]') == repr(y)
    assert papers.matches(float(page.value("y_1")), "0.9989")


OWN = {"002_multiple_outputs": "002 multiple outputs",
       "002_biases_and_activations": "002 biases and activations",
       "002_multiple_samples": "002 multiple samples"}


def expected_tables(net, x, y_star, loss):
    """{data-name: repr} of what the tables must show for one sample, computed here on CPython:
    z^l_j, a^l_j, w^l_ij, b^l_j, d^l_j and this sample's dJ/dw^l_ij: purenet's gradient over this one
    sample (``backprop.gradient``; d_j^l a_i^{l−1} added to 0.0, so a −0.0 product shows as 0.0)."""
    trace = _forward(net, x)
    out = {}
    for l in range(1, net.L + 1):
        for j in range(len(trace.z[l])):
            out["z^%d_%d" % (l, j + 1)] = repr(trace.z[l][j])
            out["a^%d_%d" % (l, j + 1)] = repr(trace.a[l][j])
    d = deltas(net, trace, y_star, get_loss(loss)) if y_star is not None else None
    gw = gradient(net, [x], [y_star], loss)[1] if y_star is not None else None
    for l in range(2, net.L + 1):
        for i, row in enumerate(net.w[l]):
            for j, w in enumerate(row):
                out["w^%d_%d%d" % (l, i + 1, j + 1)] = repr(w)
                if d is not None:
                    out["dJ/dw^%d_%d%d" % (l, i + 1, j + 1)] = repr(gw[l][i][j])
        for j in range(len(trace.z[l])):
            if net.b[l] is not None:
                out["b^%d_%d" % (l, j + 1)] = repr(net.b[l][j])
            if d is not None:
                out["d^%d_%d" % (l, j + 1)] = repr(d[l][j])
    for j, y in enumerate(trace.output):
        out["y_%d" % (j + 1)] = repr(y)
    return out


def test_every_worked_example_shows_its_published_values(open_page):
    """Each example chosen in the page, run to each published iteration with its "run to" button:
    the page shows python -m purenet's numbers, bit for bit, matched by papers.matches; for the
    examples whose weights 002 does not print, 002's values beside purenet's own run."""
    page = open_page("?example=002_single_weight")
    reproduced = [(r["paper"], repr(r["purenet"])) for r in papers.reproduce()]
    own = {r["source"]: r for r in papers.own_runs()}
    for e in examples.EXAMPLES:
        page.page.select_option("#example", e["id"])
        page.wait()
        assert page.page.eval_on_selector("#app", "m => m.dataset.example") == e["id"]
        while True:
            pending = page.page.query_selector("#published tr[data-result=pending] button")
            if pending is None:
                break
            pending.click()
            page.wait()
        shown = _published_rows(page)
        rows = e["rows"]()
        assert [r["paper"] for r in shown] == [r["paper"] for r in rows]
        assert page.iteration() == max(r["iteration"] or 0 for r in rows)
        # every number of the tables, bit for bit, against CPython's run of the same example
        ex = e["example"]
        net = papers.network(ex)
        if "y" in ex:
            X, Y = papers.data(ex)
            train(net, X, Y, "half_squared_error", ex["h"], page.iteration(),
                  update=ex.get("update", "plain"))
        else:
            X, Y = [ex["x"]], [None]
        want = expected_tables(net, X[0], Y[0], "half_squared_error")
        tables = page.values()
        assert {k: tables.get(k) for k in want} == want
        errata = page.page.eval_on_selector_all("#errata [data-erratum]",
                                                "li => li.map(x => +x.dataset.erratum)")
        assert errata == e["errata"]                  # docs/papers.md's errata this example meets
        if e["id"] in OWN:
            assert [r["value"] for r in shown] == [repr(v) for v in own[OWN[e["id"]]]["purenet"]]
            assert all(r["result"] == "beside" for r in shown)
            continue
        for r in shown:
            assert r["result"] == "match", r
            assert (r["paper"], r["value"]) in reproduced, r          # the same bits as CPython's
            assert papers.matches(float(r["value"]), r["paper"])


def test_001_shows_the_forward_pass_and_e(open_page):
    page = open_page("?example=001_forward_pass_and_error")
    trace = _forward(papers.network(papers.FORWARD_001), papers.FORWARD_001["x"])
    assert page.value("z^2_1") == repr(trace.z[2][0]) and page.value("a^2_1") == repr(trace.a[2][0])
    assert page.value("E") == repr(get_loss("squared_error").value(papers.ERROR_001["outputs"],
                                                                   papers.ERROR_001["desired"]))
    assert page.page.is_disabled("#step")                # 001 §2 gives no target
    assert [r["result"] for r in _published_rows(page)] == ["match"] * 7


def test_step_run_rewind_agree_with_train(open_page):
    q = ("?custom=1&sizes=2,3,1&activation=tanh,sigmoid&bias=1&seed=5&loss=cross_entropy&h=0.7"
         "&data=0,0:0;0,1:1;1,0:1;1,1:0")
    page = open_page(q)
    X, Y = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [[0.0], [1.0], [1.0], [0.0]]

    def expected(epochs):
        net = init_network([2, 3, 1], ["tanh", "sigmoid"], bias=True, seed=5)
        history = train(net, X, Y, "cross_entropy", 0.7, epochs)
        return net, history["cost"][-1]

    def check(epochs):
        net, J = expected(epochs)
        assert page.iteration() == epochs
        assert page.value("J") == repr(J)
        shown = page.values()
        for l in (2, 3):
            for i, row in enumerate(net.w[l]):
                for j, w in enumerate(row):
                    assert shown["w^%d_%d%d" % (l, i + 1, j + 1)] == repr(w)
            for j, b in enumerate(net.b[l]):
                assert shown["b^%d_%d" % (l, j + 1)] == repr(b)
        return net

    check(0)
    page.click("#step")
    page.click("#step")
    check(2)
    page.page.fill("#n", "37")
    page.click("#run")
    check(39)
    # the tables show the chosen sample's deltas: click sample 3
    page.click('#data tr[data-sample="2"]')
    net = check(39)
    trace = _forward(net, X[2])
    d = deltas(net, trace, Y[2], get_loss("cross_entropy"))
    shown = page.values("d^")
    assert shown == {"d^%d_%d" % (l, j + 1): repr(d[l][j]) for l in (2, 3) for j in range(len(d[l]))}
    assert "sample=3" in page.page.url and "iterations=39" in page.page.url
    page.click("#rewind")
    check(0)
    page.click("#step")
    check(1)


def test_the_url_reproduces_the_view(open_page):
    page = open_page("?example=002_multiple_samples&batch=1&iterations=4&sample=2")
    assert page.iteration() == 4
    assert page.page.input_value("#opt-batch") == "1"
    cfg = examples.example_config({"example": "002_multiple_samples", "batch": 1})
    net = cfg["net"]
    train(net, cfg["X"], cfg["Y"], "half_squared_error", cfg["h"], 4, batch_size=1)
    assert page.value("y_1") == repr(_forward(net, cfg["X"][1]).output[0])
    link = page.page.get_attribute("#link", "href")
    assert link == "?example=002_multiple_samples&batch=1&iterations=4&sample=2"


def test_hover_shows_the_formula_and_purenets_line(open_page):
    page = open_page("?example=002_1_2_2_1")
    page.page.hover('#tables [data-name="d^2_1"]')
    tip = page.page.inner_text("#tip")
    # the line of backprop.py that multiplies by s'(z_j^l), read here from the file itself
    path = os.path.join(webpage.ROOT, "purenet", "backprop.py")
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    n = [k for k, line in enumerate(lines) if "# · s'(z_j^l)" in line][0]
    formula = page.page.get_attribute("#tip [data-formula]", "data-formula")
    assert formula == "d_j^l = Σ_k w_jk^{l+1} d_k^{l+1} · s'(z_j^l)"
    assert "purenet/backprop.py:%d" % (n + 1) in tip
    assert re.sub(r"\s{2,}", "   ", lines[n].strip()) in tip
    page.page.hover('#network [data-name="w^3_12"]')
    assert "w_ij^l ← w_ij^l − h ∂J/∂w_ij^l" in page.page.get_attribute("#tip [data-formula]", "data-formula")


def test_download_is_the_current_model(open_page):
    page = open_page("?example=002_2_2_2_1&iterations=3")
    with page.page.expect_download() as info:
        page.page.click("#download")
    with open(info.value.path(), encoding="utf-8") as f:
        model = json.load(f)
    net = papers.network(papers.NET_2_2_2_1)
    train(net, *papers.data(papers.NET_2_2_2_1), "half_squared_error", papers.NET_2_2_2_1["h"], 3)
    assert [layer["weights"] for layer in model["layers"]] == [net.w[l] for l in (2, 3, 4)]
    assert model["format"] == "purenet.model"


def test_a_long_run_leaves_the_page_responsive_and_stops(open_page):
    page = open_page("?custom=1")
    page.page.fill("#n", "1000000")
    page.page.click("#run")
    page.page.wait_for_function("() => +document.getElementById('app').dataset.iteration > 0")
    # the page keeps painting while the worker trains: count animation frames for 0.5 s
    frames = page.page.evaluate("() => new Promise(done => { let n = 0; const t0 = performance.now();"
                                " const f = () => { n++; if (performance.now() - t0 < 500)"
                                " requestAnimationFrame(f); else done(n); }; requestAnimationFrame(f); })")
    assert frames >= 5, frames
    page.page.click("#stop")
    assert page.wait() == "ready"
    n = page.iteration()
    assert 0 < n < 1000000
    net = init_network([2, 3, 1], ["tanh", "sigmoid"], bias=True, seed=1)
    X, Y = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [[0.0], [1.0], [1.0], [0.0]]
    assert page.value("J") == repr(train(net, X, Y, "cross_entropy", 0.5, n)["cost"][-1])


# ---------------------------------------------------------------------------------------------
# the equations with their numbers, step by step, the plots' ticks, the network's labels

XOR_QUERY = "?custom=1&iterations=3"          # 2-3-1, tanh and sigmoid, biases, XOR's 4 samples


def _cpython_session(config, iterations, sample=0):
    """The same session on CPython: what the page's worker must answer, computed here."""
    from purenet.tools.web import session
    session.handle(json.dumps({"cmd": "load", "config": config}))
    if iterations:
        session.handle(json.dumps({"cmd": "advance", "n": iterations}))
    if sample:
        session.handle(json.dumps({"cmd": "sample", "k": sample}))
    return lambda **req: json.loads(session.handle(json.dumps(req)))


def _tip(page, selector, focus=False):
    name = page.page.get_attribute(selector, "data-name")
    if focus:
        page.page.focus(selector)
    else:
        page.page.hover(selector)
    page.page.wait_for_function("n => document.getElementById('app').dataset.tip === n", arg=name)
    assert page.page.get_attribute("#tip", "role") == "tooltip" and page.page.is_visible("#tip")
    return page.page.get_attribute("#tip .numbers", "data-text")


KINDS = {'#network [data-name="z^2_1"]': "z", '#tables [data-name="a^2_2"]': "a",
         '#tables [data-name="d^3_1"]': "d (output)", '#tables [data-name="d^2_3"]': "d",
         '#tables [data-name="dJ/dw^2_21"]': "∂J/∂w", '#tables [data-name="dJ/db^3_1"]': "∂J/∂b",
         '#tables [data-name="mean dJ/dw^3_21"]': "mean", '#tables [data-name="J_s"]': "J_s",
         '#about [data-name="J"]': "J", '#tables [data-name="w^3_21"]': "update of w",
         '#tables [data-name="b^2_1"]': "update of b", '#tables [data-name="y_1"]': "y"}


def test_the_tooltip_shows_each_kind_of_number_with_its_numbers(open_page):
    """Every kind of quantity: the tooltip's equation with its numbers is the one CPython's purenet
    computes for the same state (its text, bit for bit), and its result is purenet's value."""
    page = open_page(XOR_QUERY)
    py = _cpython_session({"custom": {}}, 3)
    net = init_network([2, 3, 1], ["tanh", "sigmoid"], bias=True, seed=1)
    X, Y = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [[0.0], [1.0], [1.0], [0.0]]
    train(net, X, Y, "cross_entropy", 0.5, 3)
    trace = _forward(net, X[0])
    d = deltas(net, trace, Y[0], get_loss("cross_entropy"))
    for selector, kind in KINDS.items():
        text = _tip(page, selector)
        name = page.page.get_attribute(selector, "data-name")
        assert text == py(cmd="explain", name=name)["explain"]["text"], kind
    assert _tip(page, '#tables [data-name="d^2_3"]').endswith(" = " + repr(d[2][2]))
    assert _tip(page, '#tables [data-name="z^2_1"]').endswith(" = " + repr(trace.z[2][0]))
    # the update: one more iteration of train gives the value the tooltip announces
    announced = _tip(page, '#tables [data-name="w^3_21"]')
    _, gw, _ = gradient(net, X, Y, "cross_entropy")
    assert announced == "w^3_21 ← w^3_21 − h ∂J/∂w^3_21 = %r − 0.5 × %r = %r  (the next update)" % (
        net.w[3][1][0], gw[3][1][0], net.w[3][1][0] - 0.5 * gw[3][1][0])
    train(net, X, Y, "cross_entropy", 0.5, 1)
    assert announced.endswith(" = %r  (the next update)" % net.w[3][1][0])
    # keyboard focus shows it too
    assert _tip(page, '#tables [data-name="d^2_1"]', focus=True) == \
        py(cmd="explain", name="d^2_1")["explain"]["text"]


def test_the_tooltip_of_d31_in_002(open_page):
    page = open_page("?example=002_1_2_2_1")
    assert _tip(page, '#tables [data-name="d^3_1"]') == \
        "d^3_1 = w^4_11 d^4_1 · s′(z^3_1) = 0.1 × -0.79 × 1.0 = -0.07900000000000001"


def _walk_state(page):
    return page.page.evaluate(
        "() => ({ step: document.getElementById('app').dataset.step,"
        " kind: document.getElementById('app').dataset.stepKind,"
        " equation: document.getElementById('walk-equation').dataset.equation,"
        " lines: [...document.querySelectorAll('#walk-lines li')].map(li => li.dataset.text),"
        " hl: [...document.querySelectorAll('#network [data-name].hl')].map(e => e.dataset.name),"
        " edges: [...document.querySelectorAll('#network line.hl')].map(e => e.dataset.edge),"
        " neurons: [...document.querySelectorAll('#network rect.hl')].map(e => e.dataset.neuron),"
        " drawn: [...document.querySelectorAll('#network [data-name]')].map(e => e.dataset.name) })")


def test_backprop_step_by_step_follows_002(open_page):
    """One iteration of 002's 1-2-2-1 example walked forward and back: the order of 002's
    equations, each step's lines those CPython's purenet computes, its neurons and edges lit."""
    page = open_page("?example=002_1_2_2_1&iterations=2")
    steps = _cpython_session({"example": "002_1_2_2_1"}, 2)(cmd="steps")["steps"]
    page.click("#walk-start")
    seen = []
    while True:
        s = _walk_state(page)
        want = steps[int(s["step"]) - 1]
        assert (s["kind"], s["equation"], s["lines"]) == (want["kind"], want["equation"], want["lines"])
        assert sorted(s["edges"]) == sorted(want["edges"]) and s["neurons"] == want["neurons"]
        assert set(s["hl"]) == set(want["names"]) & set(s["drawn"])     # its z, a (or w, b) lit
        seen.append(s["kind"])
        if page.page.is_disabled("#walk-next"):
            break
        page.page.click("#walk-next")
    assert seen == ["forward"] * 3 + ["cost", "output delta", "delta", "delta", "gradient", "update"]
    assert "step=9" in page.page.url
    page.page.click("#walk-back")
    assert _walk_state(page)["kind"] == "gradient" and "step=8" in page.page.url


def test_a_url_opens_at_a_step(open_page):
    page = open_page("?example=002_1_2_2_1&step=6")
    s = _walk_state(page)
    assert s["step"] == "6" and s["kind"] == "delta"
    assert s["neurons"] == ["a^3_1", "a^3_2"] and sorted(s["edges"]) == ["w^4_11", "w^4_21"]
    assert s["lines"][0] == "d^3_1 = w^4_11 d^4_1 · s′(z^3_1) = 0.1 × -0.79 × 1.0 = -0.07900000000000001"


def _ticks(page, plot):
    return page.page.eval_on_selector_all(
        "#%s text.tick" % plot, "ts => ts.map(t => [t.dataset.axis, t.dataset.scale, t.dataset.value])")


def test_the_plots_ticks(open_page):
    """Tick labels as <text class="tick" data-axis data-scale data-value>, at 1, 2 or 5 × 10^k;
    the cross-entropy cost from 0; the 1-2-2-1 cost on a log axis labelled at powers of ten."""
    from fractions import Fraction
    page = open_page("?custom=1&iterations=300")
    ticks = _ticks(page, "cost-plot")
    ys = [float(v) for axis, scale, v in ticks if axis == "y"]
    xs = [float(v) for axis, scale, v in ticks if axis == "x"]
    assert ys[0] == 0.0 and xs[0] == 0.0 and xs[-1] >= 300
    assert {scale for _, scale, _ in ticks} == {"linear"}
    for values in (xs, ys):
        steps = {Fraction(repr(b)) - Fraction(repr(a)) for a, b in zip(values, values[1:])}
        (step,) = steps
        assert str(step.numerator * 10 ** 30 // step.denominator).rstrip("0") in ("1", "2", "5")
    assert [v for _, _, v in ticks] == [repr(float(v)) for _, _, v in ticks]     # data-value: the repr
    legend = page.page.eval_on_selector_all("#output-legend [data-series]",
                                            "ks => ks.map(k => k.dataset.series)")
    lines = page.page.eval_on_selector_all("#output-plot polyline", "ps => ps.map(p => p.dataset.series)")
    assert legend == lines and len(lines) == 8                  # every line in the legend
    page = open_page("?example=002_1_2_2_1&iterations=15")
    ys = [(scale, float(v)) for axis, scale, v in _ticks(page, "cost-plot") if axis == "y"]
    assert {s for s, _ in ys} == {"log"}
    assert all(Fraction(repr(v)) == Fraction(10) ** round(math.log10(v)) for _, v in ys)
    keys = page.page.eval_on_selector_all("#cost-legend [data-series]", "ks => ks.map(k => k.dataset.series)")
    assert keys == ["J", "marks"]                  # the dotted lines of the published iterations too


BOXES = ("() => { const r = (e) => e.getBoundingClientRect();"
         " const inside = (a, b) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5"
         " && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;"
         " const meets = (a, b) => !(a.right <= b.left || b.right <= a.left"
         " || a.bottom <= b.top || b.bottom <= a.top);"
         " const boxes = [...document.querySelectorAll('#network rect.neuron')].map(r);"
         " const labels = [...document.querySelectorAll('#network text.za')].map(r);"
         " const weights = [...document.querySelectorAll('#network text.w')]"
         ".filter(t => getComputedStyle(t).display !== 'none').map(r);"
         " return { outside: labels.filter(l => !boxes.some(b => inside(l, b))).length,"
         " crossing: weights.filter(w => boxes.some(b => meets(w, b))).length, weights: weights.length,"
         " caption: document.getElementById('network-caption').textContent,"
         " mode: document.getElementById('network-caption').dataset.weights }; }")


@pytest.mark.parametrize("query,weights", [("?example=002_1_2_2_1&iterations=15", 8),
                                           ("?example=002_biases_and_activations", 34),
                                           ("?custom=1&iterations=300", 9)])
def test_the_network_labels_are_readable_and_the_caption_true(open_page, query, weights):
    """Every z, a, b label inside its neuron, no weight label over a neuron, and the caption
    says what is drawn: the weights on the edges, or on an edge when hovered (34 edges)."""
    page = open_page(query)
    got = page.page.evaluate(BOXES)
    assert got["outside"] == 0 and got["crossing"] == 0, got
    if weights <= 16:
        assert got["mode"] == "shown" and "on the edges" in got["caption"] and got["weights"] == weights
    else:
        assert got["mode"] == "hover" and got["weights"] == 0
        assert "when it is hovered (%d weights" % weights in got["caption"]


def test_iterations_beyond_the_pages_limit_is_a_clear_error(open_page):
    """?iterations=200000 ended in an uncaught "Maximum call stack size exceeded"; now it is
    refused in one line before any training (the page trains at most 100,000 iterations)."""
    page = open_page("?example=002_1_2_2_1&iterations=200000")
    assert page.status() == "error"
    assert page.page.text_content("#status") == "iterations: at most 100000 on this page, got 200000"
