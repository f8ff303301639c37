"""The web page's builder (``python -m purenet web``) and its Python (``webview``, ``webexamples``) on
CPython, without a browser; ``test_web_browser.py`` drives the page itself.

Expected values come from purenet's public functions called directly (``papers.reproduce``,
``papers.own_runs``, one ``train`` call with all the epochs), which the page's session must equal
bit for bit although it trains in pieces; the documents' numbers come from ``purenet.papers``.
"""

import json
import math
import os
import re
import subprocess
import sys

import pytest

from purenet import papers
from purenet.backprop import deltas
from purenet.losses import LOSSES, get_loss
from purenet.network import _forward, init_network
from purenet.tools.web import examples, session, site
from purenet.training import train

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYODIDE = os.path.join(ROOT, "interpreters", "node_modules", "pyodide")
needs_pyodide = pytest.mark.skipif(not os.path.isfile(os.path.join(PYODIDE, "pyodide.asm.wasm")),
                                   reason="Pyodide is not installed (bash .ci/interpreters.sh install)")


def ask(**req):
    out = json.loads(session.handle(json.dumps(req)))
    return out


def run_cli(*args, cwd=ROOT):
    env = dict(os.environ, PYTHONPATH=ROOT)
    return subprocess.run([sys.executable, "-m", "purenet"] + list(args), cwd=cwd, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=120)


@needs_pyodide
def test_web_writes_the_site(tmp_path):
    out = tmp_path / "site"
    proc = run_cli("web", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "python -m http.server -d %s" % out in proc.stderr
    for name in site.ASSETS + ("site.json",):
        assert (out / name).is_file(), name
    manifest = json.loads((out / "site.json").read_text())
    core = sorted(f for f in os.listdir(os.path.join(ROOT, "purenet")) if f.endswith(".py"))
    assert [f for f in manifest["files"] if f.count("/") == 1] == ["purenet/" + f for f in core]
    for rel in manifest["files"]:                    # the shipped sources are this checkout's
        with open(os.path.join(ROOT, rel), "rb") as f:
            assert (out / "py" / rel).read_bytes() == f.read(), rel
    for name in site.PYODIDE_FILES:                  # copied from the npm package, unchanged
        assert (out / "pyodide" / name).stat().st_size == os.path.getsize(os.path.join(PYODIDE, name))
    with open(os.path.join(PYODIDE, "pyodide-lock.json")) as f:
        assert manifest["pyodide"]["lock_info"] == json.load(f)["info"]
    assert manifest["pyodide"]["version"] == "314.0.7"
    assert not (out / "pyodide" / "pyodide-lock.json").exists()


def test_web_without_pyodide_is_one_line_and_exit_2(tmp_path):
    out = tmp_path / "site"
    proc = run_cli("web", str(out), "--pyodide", str(tmp_path / "nowhere"))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("purenet web: Pyodide not found: ")
    assert "bash .ci/interpreters.sh install" in lines[0] and "--pyodide" in lines[0]
    assert not out.exists()                          # nothing written before Pyodide was found
    (tmp_path / "partial").mkdir()
    (tmp_path / "partial" / "pyodide.mjs").write_text("")
    proc = run_cli("web", str(out), "--pyodide", str(tmp_path / "partial"))
    assert proc.returncode == 2 and "lacks pyodide.asm.mjs, pyodide.asm.wasm" in proc.stderr


@needs_pyodide
def test_web_outdir_that_is_a_file_is_exit_2(tmp_path):
    (tmp_path / "file").write_text("x")
    proc = run_cli("web", str(tmp_path / "file"))
    assert proc.returncode == 2 and "exists and is not a folder" in proc.stderr
    assert (tmp_path / "file").read_text() == "x"


def test_web_help_names_every_option():
    proc = run_cli("web", "--help")
    assert proc.returncode == 0
    for word in ("OUTDIR", "--pyodide", "http.server", "file://"):
        assert word in proc.stderr + proc.stdout, word


@pytest.mark.slow
def test_site_assets_are_in_the_wheel(tmp_path):
    """The verb works after pip install: the page's files are package data."""
    pytest.importorskip("setuptools", reason="setuptools is needed to build a wheel")
    try:
        from setuptools.command.bdist_wheel import bdist_wheel  # noqa: F401  (setuptools >= 70.1)
    except ImportError:
        pytest.importorskip("wheel", reason="building a wheel needs setuptools >= 70.1 or the wheel package")
    import shutil
    src = tmp_path / "src"                       # a copy, so that the build leaves the checkout alone
    shutil.copytree(os.path.join(ROOT, "purenet"), str(src / "purenet"),
                    ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("setup.cfg", "pyproject.toml", "README.md", "LICENSE"):
        if os.path.exists(os.path.join(ROOT, name)):
            shutil.copy(os.path.join(ROOT, name), str(src / name))
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(tmp_path), str(src)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, timeout=300, cwd=str(tmp_path))
    assert proc.returncode == 0, proc.stdout
    import zipfile
    wheel = [f for f in os.listdir(str(tmp_path)) if f.endswith(".whl")]
    names = zipfile.ZipFile(os.path.join(str(tmp_path), wheel[0])).namelist()
    for name in site.ASSETS:
        assert "purenet/tools/web/static/" + name in names, name
    for name in ("site.py", "session.py", "examples.py"):
        assert "purenet/tools/web/" + name in names


# ---------------------------------------------------------------------------------------------
# the session against purenet called directly

def _reproduced():
    """papers.reproduce() rows by quantity, and own_runs() by source."""
    return {r["quantity"]: r for r in papers.reproduce()}


@pytest.mark.parametrize("example", [e["id"] for e in examples.EXAMPLES])
def test_published_values_equal_purenets_own(example):
    res = ask(cmd="load", config={"example": example})
    assert res["ok"], res
    rows = res["view"]["published"]
    assert rows, "every worked example shows what its document prints"
    last = max(r["iteration"] or 0 for r in rows)
    if last:
        res = ask(cmd="advance", n=last)
    rows = res["view"]["published"]
    assert all(r["purenet"] is not None for r in rows)
    reproduced = papers.reproduce()
    if all(r["rule"] == "match" for r in rows):
        # the same numbers, in the same order, as python -m purenet's table for this example
        mine = [(r["paper"], float(r["purenet"])) for r in rows]
        theirs = [(r["paper"], r["purenet"]) for r in reproduced]
        assert all(m in theirs for m in mine), (mine, theirs)
        assert all(r["result"] == "match" for r in rows)
    else:
        own = {r["source"]: r for r in papers.own_runs()}
        source = {"002_multiple_outputs": "002 multiple outputs",
                  "002_biases_and_activations": "002 biases and activations",
                  "002_multiple_samples": "002 multiple samples"}[example]
        assert [float(r["purenet"]) for r in rows] == own[source]["purenet"]
        assert all(r["result"] == "beside" for r in rows)


@pytest.mark.parametrize("example,pieces", [("002_1_2_2_1", [1, 3, 1, 10]),
                                            ("002_multiple_samples", [7, 1, 12]),
                                            ("002_multiple_outputs", [5, 30])])
def test_advancing_in_pieces_equals_one_train_call(example, pieces):
    cfg = examples.example_config({"example": example})
    net = cfg["net"].copy()
    history = train(net, cfg["X"], cfg["Y"], cfg["loss"], cfg["h"], sum(pieces), batch_size=cfg["batch"],
                    update=cfg["update"], record_outputs=True)
    ask(cmd="load", config={"example": example})
    cost, outputs = [], []
    res = None
    for n in pieces:
        res = ask(cmd="advance", n=n, known=len(cost))
        h = res["view"]["history"]
        assert h["from"] == len(cost)
        cost += h["cost"]
        outputs += h["outputs"]
    if not cost:
        cost, outputs = res["view"]["history"]["cost"], res["view"]["history"]["outputs"]
    assert cost == history["cost"] and outputs == history["outputs"]       # bit for bit
    layers = res["view"]["layers"]
    for l in range(2, net.L + 1):
        assert layers[l - 1]["w"] == [[repr(w) for w in row] for row in net.w[l]]
    res = ask(cmd="rewind")
    assert res["view"]["iteration"] == 0 and res["view"]["history"]["cost"] == history["cost"][:1]
    first = cfg["net"]
    assert res["view"]["layers"][1]["w"] == [[repr(w) for w in row] for row in first.w[2]]


def test_tables_are_this_samples_forward_and_backward_pass():
    ask(cmd="load", config={"example": "002_multiple_samples", "batch": 1})
    ask(cmd="advance", n=3)
    view = ask(cmd="sample", k=2)["view"]
    cfg = examples.example_config({"example": "002_multiple_samples", "batch": 1})
    net = cfg["net"]
    train(net, cfg["X"], cfg["Y"], "half_squared_error", cfg["h"], 3, batch_size=1)
    trace = _forward(net, cfg["X"][2])
    d = deltas(net, trace, cfg["Y"][2], get_loss("half_squared_error"))
    for l in range(1, net.L + 1):
        layer = view["layers"][l - 1]
        assert layer["z"] == [repr(z) for z in trace.z[l]] and layer["a"] == [repr(a) for a in trace.a[l]]
        if l > 1:
            assert layer["d"] == [repr(x) for x in d[l]]
            # ∂J_s/∂w_ij^l = d_j^l a_i^{l−1} (002), one product: the same bits
            assert layer["gw"] == [[repr(d[l][j] * trace.a[l - 1][i]) for j in range(len(d[l]))]
                                   for i in range(len(trace.a[l - 1]))]
    assert view["y"] == [repr(trace.output[0])]
    assert ask(cmd="sample", k=5) == {"ok": False, "error": "sample: expected 0 .. 4, got 5"}


def test_a_diverging_run_stops_at_the_last_finite_iteration():
    custom = {"sizes": "1,1", "activation": "linear", "loss": "half_squared_error", "h": "10",
              "data": "1:1; 3:-2"}
    assert ask(cmd="load", config={"custom": custom})["ok"]
    view = ask(cmd="advance", n=1000)["view"]
    n = view["iteration"]
    assert 0 < n < 1000 and view["message"].startswith("training stopped: the cost became inf")
    net = init_network([1, 1], "linear", bias=True, seed=1)
    history = train(net, [[1.0], [3.0]], [[1.0], [-2.0]], "half_squared_error", 10.0, n)
    assert view["J"] == repr(history["cost"][-1])
    assert view["layers"][1]["w"] == [[repr(net.w[2][0][0])]]


def test_bad_requests_are_one_line():
    assert ask(cmd="load", config={"example": "nope"})["error"].startswith("example: unknown id 'nope'")
    assert "offers linear, sigmoid, relu, tanh" in ask(
        cmd="load", config={"example": "002_biases_and_activations", "activation": "gaussian"})["error"]
    bad = {"sizes": "2,3,1", "data": "0,0:0; 1:1"}
    assert ask(cmd="load", config={"custom": bad})["error"] == \
        "data, sample 2: expected 2 inputs and 1 targets (the sizes), got 1 and 1"
    assert "needs a softmax output layer" in ask(
        cmd="load", config={"custom": {"loss": "categorical_cross_entropy"}})["error"]
    ask(cmd="load", config={"example": "001_forward_pass_and_error"})
    assert "nothing to train" in ask(cmd="advance", n=1)["error"]


def test_custom_network_is_init_network_and_downloads_as_a_model():
    res = ask(cmd="load", config={"custom": {"sizes": "2,4,1", "activation": "tanh,sigmoid",
                                             "seed": "3", "h": "0.5", "loss": "cross_entropy"}})
    net = init_network([2, 4, 1], ["tanh", "sigmoid"], bias=True, seed=3)
    assert res["view"]["layers"][1]["w"] == [[repr(w) for w in row] for row in net.w[2]]
    X, Y = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [[0.0], [1.0], [1.0], [0.0]]
    ask(cmd="advance", n=25)
    train(net, X, Y, "cross_entropy", 0.5, 25)
    from purenet.tools import files
    model = files.model_from_dict(json.loads(ask(cmd="model")["text"]))
    assert model.w == net.w and model.b == net.b
    data = json.loads(ask(cmd="data")["text"])
    assert data == {"inputs": X, "targets": Y}


# ---------------------------------------------------------------------------------------------
# formulas, code lines, errata

def test_every_code_line_is_read_from_the_source_and_unique():
    pairs = 0
    for act in ("linear", "sigmoid", "tanh", "softmax"):
        for loss in sorted(LOSSES):
            net = init_network([2, 3, 2], ["tanh", act], bias=True)
            f = examples.formulas(net, get_loss(loss))     # raises unless each marker is on one line
            pairs += 1
            for entry in f.values():
                for c in entry["code"]:
                    with open(os.path.join(ROOT, c["file"]), encoding="utf-8") as src:
                        assert src.read().split("\n")[c["line"] - 1].strip() == c["code"]
    assert pairs == 16
    f = examples.formulas(init_network([1, 2, 1], "tanh"), get_loss("half_squared_error"))
    assert f["d"]["code"][1]["file"] == "purenet/backprop.py"
    assert "s.derivative(z_l[j], a_l[j])" in f["d"]["code"][1]["code"]
    assert "z_l[j] += w_i[j] * a_i" in f["z"]["code"][0]["code"]
    assert "g_i[j] += d_l[j] * a_i" in f["gw"]["code"][0]["code"]
    assert "w_i[j] -= h * g_i[j]" in f["w"]["code"][0]["code"]
    sig = examples.formulas(init_network([1, 1], "sigmoid"), get_loss("cross_entropy"))
    assert "y_star[j] * s.complement(z[j])" in sig["d_out"]["code"][0]["code"]
    for act in ("gaussian", "softmax"):                 # the closed forms of issue 16 are shown too
        f = examples.formulas(init_network([1, 2], act), get_loss("cross_entropy"))
        assert f["d_out"]["code"][0]["file"] == "purenet/backprop.py", act


def _plain(text):
    return re.sub(r"\s+", " ", text.replace("`", "").replace("**", "")).strip()


def test_errata_titles_are_docs_papers_own():
    with open(os.path.join(ROOT, "docs", "papers.md"), encoding="utf-8") as f:
        doc = _plain(f.read())
    for n, (title, _) in examples.ERRATA.items():
        assert "%d. %s" % (n, _plain(title)) in doc, n


# ---------------------------------------------------------------------------------------------
# names, the equations with their numbers, the step-by-step walk, the plots' axes

from fractions import Fraction  # noqa: E402

from purenet.backprop import gradient  # noqa: E402
from purenet.network import param_name  # noqa: E402
from purenet.tools.web import explain  # noqa: E402


def _numbers_as_python(numbers):
    """The written numbers as a Python expression: × is *, − is -, ² is **2."""
    return numbers.replace("×", "*").replace("−", "-").replace("²", "**2")


EXACT = ("z", "d", "gw", "gb", "mean", "J", "w", "b")        # evaluated left to right as purenet does


@pytest.mark.parametrize("config", [
    {"example": "002_1_2_2_1"},
    {"example": "002_biases_and_activations", "activation": "sigmoid"},
    {"example": "002_multiple_samples"},
    {"custom": {"sizes": "2,3,2", "activation": "tanh,linear", "loss": "squared_error", "h": "0.3",
                "data": "0,0:1,0; 0,1:0,1; 1,1:0.5,0.5", "update": "normalized"}}])
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
    trace = _forward(net, [x] if not isinstance(x, list) else x)
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
