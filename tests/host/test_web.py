"""The web page's builder (``python -m purenet web``) and its Python (``webview``, ``webexamples``) on
CPython, without a browser; ``test_web_browser.py`` drives the page itself.

Expected values come from purenet's public functions called directly (``papers.reproduce``,
``papers.own_runs``, one ``train`` call with all the epochs), which the page's session must equal
bit for bit although it trains in pieces; the documents' numbers come from ``purenet.papers``.
"""

import json
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
from tests.host import ROOT
from tests.host.conftest import python_m_purenet

PYODIDE = os.path.join(ROOT, "interpreters", "node_modules", "pyodide")
needs_pyodide = pytest.mark.skipif(not os.path.isfile(os.path.join(PYODIDE, "pyodide.asm.wasm")),
                                   reason="Pyodide is not installed (bash .ci/interpreters.sh install npm)")


def ask(**req):
    out = json.loads(session.handle(json.dumps(req)))
    return out


@needs_pyodide
def test_web_writes_the_site(tmp_path):
    out = tmp_path / "site"
    proc = python_m_purenet("web", str(out))
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
    proc = python_m_purenet("web", str(out), "--pyodide", str(tmp_path / "nowhere"))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("purenet web: Pyodide not found: ")
    assert "bash .ci/interpreters.sh install npm" in lines[0] and "--pyodide" in lines[0]
    assert not out.exists()                          # nothing written before Pyodide was found
    (tmp_path / "partial").mkdir()
    (tmp_path / "partial" / "pyodide.mjs").write_text("")
    proc = python_m_purenet("web", str(out), "--pyodide", str(tmp_path / "partial"))
    assert proc.returncode == 2 and "lacks pyodide.asm.mjs, pyodide.asm.wasm" in proc.stderr


@needs_pyodide
def test_web_outdir_that_is_a_file_is_exit_2(tmp_path):
    (tmp_path / "file").write_text("x")
    proc = python_m_purenet("web", str(tmp_path / "file"))
    assert proc.returncode == 2 and "exists and is not a folder" in proc.stderr
    assert (tmp_path / "file").read_text() == "x"


def test_web_help_names_every_option():
    proc = python_m_purenet("web", "--help")
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
    for act in ("gaussian", "softmax"):                 # their closed forms from z are shown too
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
# OUTDIR under attack: planted links, two runs at once

def fake_pyodide(tmp_path):
    """A folder with the files find_pyodide looks for (their contents are not Pyodide's: the
    builder copies them as they are)."""
    folder = tmp_path / "pyodide-package"
    folder.mkdir()
    for name in site.PYODIDE_FILES:
        (folder / name).write_bytes(b"not really " + name.encode() * 2000)
    (folder / "pyodide-lock.json").write_text(json.dumps({"info": {"version": "0"}, "packages": {}}))
    (folder / "package.json").write_text(json.dumps({"version": "0"}))
    return str(folder)


def test_web_never_writes_through_a_planted_link(tmp_path):
    """OUTDIR/index.html.tmp -> victim (the old fixed temporary name) and OUTDIR/app.js -> victim2:
    both victims keep their bytes, index.html and app.js become regular files holding the assets."""
    pyodide = fake_pyodide(tmp_path)
    out = tmp_path / "site"
    out.mkdir()
    victim, victim2 = tmp_path / "victim", tmp_path / "victim2"
    victim.write_text("precious")
    victim2.write_text("precious too")
    os.symlink(str(victim), str(out / "index.html.tmp"))
    os.symlink(str(victim2), str(out / "app.js"))
    r = python_m_purenet("web", str(out), "--pyodide", pyodide)
    assert r.returncode == 0, r.stderr
    assert victim.read_text() == "precious" and victim2.read_text() == "precious too"
    for name in ("index.html", "app.js"):
        assert not os.path.islink(str(out / name))
        assert (out / name).read_bytes() == open(os.path.join(site.WEB, name), "rb").read()
    assert not [n for n in os.listdir(str(out)) if n.startswith(".purenet-")]


def test_web_refuses_a_planted_folder_link(tmp_path):
    pyodide = fake_pyodide(tmp_path)
    out, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    os.symlink(str(elsewhere), str(out / "pyodide"))
    r = python_m_purenet("web", str(out), "--pyodide", pyodide)
    assert r.returncode == 2 and os.listdir(str(elsewhere)) == []
    assert r.stderr.count("\n") == 1 and "is a symbolic link" in r.stderr


def test_two_web_runs_into_one_outdir_both_succeed(tmp_path):
    """Eight rounds of two runs at once into one folder (one failed "No such file or directory" in
    3 of 12 runs when both used DEST.tmp): every run exits 0 and the site is whole."""
    pyodide = fake_pyodide(tmp_path)
    env = dict(os.environ, PYTHONPATH=ROOT)
    for k in range(8):
        out = str(tmp_path / ("race%d" % k))
        argv = [sys.executable, "-m", "purenet", "web", out, "--pyodide", pyodide]
        runs = [subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                for _ in range(2)]
        for p in runs:
            try:
                err = p.communicate(timeout=120)[1]
            finally:
                if p.poll() is None:
                    p.kill()
            assert p.returncode == 0, err
        manifest = json.load(open(os.path.join(out, "site.json")))
        for rel in manifest["files"]:
            assert os.path.isfile(os.path.join(out, "py", *rel.split("/")))


def test_the_page_keeps_a_bounded_history(monkeypatch):
    """A run of 10^8 iterations kept every iteration's cost and outputs until Stop; now the session
    stops at its limit with a message (MAX_HISTORY numbers at most; here lowered to 2,001, so
    1,000 iterations of 002_1_2_2_1, which records one cost and one output each)."""
    monkeypatch.setattr(session, "MAX_HISTORY", 2001)
    assert session.iteration_limit(1) == 1000 and session.iteration_limit(10 ** 9) == 1
    ask(cmd="load", config={"example": "002_1_2_2_1"})
    v = ask(cmd="advance", n=10 ** 8)["view"]
    assert v["iteration"] == 1000 and v["message"].startswith(
        "this page trains at most 1000 iterations of this network")
    cfg = examples.example_config({"example": "002_1_2_2_1"})
    history = train(cfg["net"].copy(), cfg["X"], cfg["Y"], cfg["loss"], cfg["h"], 1000, record_outputs=True)
    assert v["history"]["cost"] == history["cost"]                     # the same 1,001 costs, bit for bit
    assert ask(cmd="advance", n=1)["view"]["iteration"] == 1000        # and no more


@pytest.mark.parametrize("seed", ["5" * 5000, "\u00b2", str(2 ** 64)])
def test_a_custom_seed_out_of_range_is_the_pages_own_words(seed):
    out = ask(cmd="load", config={"custom": {"seed": seed}})
    assert out["ok"] is False
    assert out["error"].startswith("seed: expected a whole number from 0 to 2**64-1, got ")
    assert len(out["error"]) < 120
