"""Smoke test of the benchmark (benchmarks/bench.py): it runs, at tiny sizes, and its JSON holds
every section with sane figures. Nothing here times anything or asserts a speed: the figures of a
quick run mean nothing, the benchmark itself is run by hand (benchmarks/README.md)."""
import json
import math
import os
import subprocess
import sys

import pytest

from tests.host import ROOT

pytestmark = pytest.mark.slow      # runs bench.py --quick once (a few seconds)

BENCH = os.path.join(ROOT, "benchmarks", "bench.py")
SECTIONS = ("ceiling", "step", "engines", "verifier", "peers", "memory", "scaling")

_cache = {}


def quick_run():
    """The JSON of one `bench.py --quick --json` run (run once per test session)."""
    if "json" not in _cache:
        res = subprocess.run([sys.executable, BENCH, "--quick", "--json"], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        assert res.returncode == 0, res.stderr.decode("utf-8", "replace")
        _cache["json"] = json.loads(res.stdout.decode("utf-8"))
    return _cache["json"]


def positive(x):
    return isinstance(x, (int, float)) and math.isfinite(x) and x > 0


def macs(sizes, batch):
    """The MAC count of one training step, written out independently of bench.py: per sample,
    the forward pass and the weight gradients cost n^{l-1} n^l each for every layer l = 2 .. L,
    and the delta recursion n^{l-1} n^l for l = 3 .. L (layer 2's deltas need no recursion)."""
    layers = [(sizes[k - 1], sizes[k]) for k in range(1, len(sizes))]
    forward = sum(a * b for a, b in layers)
    recursion = sum(a * b for a, b in layers[1:])
    return forward * batch, (2 * forward + recursion) * batch


def parameters(sizes):
    """P of a network with biases: n^{l-1} n^l weights and n^l biases for every layer l = 2 .. L."""
    return sum(sizes[k - 1] * sizes[k] + sizes[k] for k in range(1, len(sizes)))


def test_every_section_is_present():
    r = quick_run()
    for section in SECTIONS:
        assert section in r, section
    assert r["mode"] == "quick"
    assert r["interpreter"]["implementation"] and r["interpreter"]["python_version"]


def test_ceiling():
    c = quick_run()["ceiling"]
    assert c["lengths"]
    for name, by_length in c["idioms"].items():
        for n in c["lengths"]:
            assert positive(by_length[str(n)]), (name, n)
    for n in c["lengths"]:
        assert c["best"][str(n)]["mac_per_s"] >= c["best_plain"][str(n)]["mac_per_s"]


def test_step_mac_counts_and_ratios():
    steps = quick_run()["step"]
    assert set(steps) == {"small", "medium", "wide"}
    for name, s in steps.items():
        fwd, step = macs(s["sizes"], s["batch"])
        assert s["forward_mac"] == fwd, name
        assert s["step_mac"] == step, name
        for key in ("step_s", "forward_s", "step_mac_per_s", "forward_mac_per_s", "ratio_ceiling",
                    "ratio_plain", "forward_ratio_ceiling"):
            assert positive(s[key]), (name, key)
        assert s["dot_length"] == max(s["sizes"])


def test_the_benchmark_shapes_have_their_mac_counts():
    # the shapes benchmarks/README.md reports: small 28 k, medium 1.1 M, wide 0.8 M MAC per batch
    # step; here worked out by hand for [2, 16, 16, 1] × 32: (2·(32 + 256 + 16) + 256 + 16) · 32
    assert macs([2, 16, 16, 1], 32)[1] == 28160
    assert macs([64, 128, 128, 10], 16)[1] == 1110016
    assert macs([784, 64, 10], 8)[1] == 818176


def test_engines_and_verifier():
    r = quick_run()
    e = r["engines"]["engines"]
    assert set(e) == {"backprop", "matrix_form", "recursion_001"}
    for name, v in e.items():
        assert positive(v["seconds"]) and positive(v["ratio_to_backprop"]), name
    v = r["verifier"]
    assert set(v["shapes"]) == {"small", "medium", "wide", "reference"} and v["jobs"] == [1, 2]
    for name, s in v["shapes"].items():
        assert s["parameters"] == parameters(s["sizes"]), name
        assert positive(s["fast"]["seconds"]) and positive(s["forward_s"]), name
        assert s["fast"]["passed"] is True, name
        for jobs in ("1", "2"):
            f = s["full"][jobs]
            assert positive(f["seconds"]) and positive(f["ratio_to_fast"]), (name, jobs)
            # the verifier's unit: (full - fast) / (P x one forward pass of the batch)
            expected = (f["seconds"] - s["fast"]["seconds"]) / (s["parameters"] * s["forward_s"])
            assert math.isclose(f["passes_per_parameter"], expected, rel_tol=1e-12), (name, jobs)


def test_peers_present_or_skipped_with_a_message():
    peers = quick_run()["peers"]
    for name in ("micrograd", "numpy"):
        p = peers[name]
        if not p["available"]:
            assert p["message"]
            continue
        assert p["shapes"]
        for shape, q in p["shapes"].items():
            assert positive(q["step_s"]), (name, shape)
            ratio = q.get("purenet_over_numpy", q.get("micrograd_over_purenet"))
            assert positive(ratio), (name, shape)
        if name == "numpy":
            for q in p["shapes"].values():
                assert q["max_gradient_difference"] < 1e-9


def test_memory():
    m = quick_run()["memory"]
    if not m["available"]:                     # tracemalloc: CPython only
        assert m["message"]
        return
    for name, s in m["shapes"].items():
        assert s["bytes_per_parameter"] > 8, name
        if m["how"] == "tracemalloc":          # CPython: a step's peak too
            assert positive(s["peak_ratio"]), name
        else:                                  # PyPy: GC statistics, resident only, no peak
            assert "peak_ratio" not in s and "gc.get_stats" in m["how"], name


def test_scaling():
    sc = quick_run()["scaling"]
    assert len(sc["points"]) >= 2
    for p in sc["points"]:
        assert positive(p["ns_per_parameter_sample"]) and positive(p["step_s"])
        assert p["parameters"] == 2 * p["sizes"][0] ** 2 + 2 * p["sizes"][0]
    assert math.isfinite(sc["max_deviation"])
    assert "svg" not in sc                     # quick mode leaves benchmarks/scaling.svg alone


def test_targets_are_listed():
    t = quick_run()["targets"]
    assert t
    for row in t:
        assert isinstance(row["met"], bool) and math.isfinite(row["value"])


def test_check_cost_quick_run():
    """benchmarks/check_cost.py --quick: one row per shape, the estimate at (and not over) the
    quick limit of 1e6, a positive rate, and the limit's time = 1e8 over that rate."""
    res = subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", "check_cost.py"), "--quick"],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300,
                         universal_newlines=True)
    assert res.returncode == 0, res.stderr
    rows = [line.split("|")[1:-1] for line in res.stdout.splitlines()
            if line.startswith("| ") and not line.startswith("| shape")]
    assert [r[0].strip() for r in rows] == ["200-1", "2-30-30-1"]
    for shape, P, samples, estimate, seconds, rate, limit_time in rows:
        assert 0.5e6 <= float(estimate) <= 1e6
        assert positive(float(seconds)) and positive(float(rate))
        assert abs(float(limit_time.strip().rstrip("s")) - 1e8 / float(rate)) <= 0.01 * 1e8 / float(rate) + 1
