#!/usr/bin/env python3
"""purenet's benchmark: one command, standard library only, on CPython and PyPy.

    python benchmarks/bench.py              # the full run (a few minutes on CPython)
    python benchmarks/bench.py --quick      # tiny sizes, 1-2 repetitions (CI's smoke test)
    pypy3  benchmarks/bench.py --isolate --numpy-with python3 --svg benchmarks/scaling-pypy.svg

Sections (``--only`` takes a comma-separated list of them):

- ``ceiling``: multiply-adds (MAC) per second of the fastest pure-Python dot product on this
  interpreter, idiom by idiom, at every layer size the shapes use;
- ``step``: purenet's training step (forward, backprop, update) and its forward pass alone on the
  small, medium and wide shapes: MAC/s and the ratio to the ceiling;
- ``engines``: the three gradient engines side by side on medium;
- ``verifier``: the verifier's full mode (with ``jobs`` 1 and 2) and fast mode on the three shapes
  and on the verifier's reference network, in seconds and in forward passes of the batch per parameter;
- ``peers``: micrograd and the same step in NumPy, where installed, as ratios of step time;
- ``memory``: bytes per parameter resident and the peak of one step (tracemalloc; CPython only);
- ``scaling``: nanoseconds per parameter per sample from 10^3 to 10^5 parameters, with an SVG plot.

Every figure is the median of ``--reps`` repetitions; a repetition repeats the operation until it
lasts at least ``MIN_TIME`` seconds, after a warm-up (longer on PyPy, whose JIT needs it). The
tables go to stdout (Markdown), progress to stderr; ``--json`` prints one JSON object instead.

MAC of one training step, per sample, for sizes n^1 ... n^L: forward Σ_l n^{l-1} n^l, deltas
Σ_{l=3..L} n^{l-1} n^l, weight gradients Σ_l n^{l-1} n^l. Activations, the loss and the update are
not counted (they are O(neurons) or O(P), not O(P x samples)).
"""

import argparse
import gc
import json
import math
import os
import platform
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from purenet.backprop import _gradient  # noqa: E402
from purenet.bits import Random  # noqa: E402
from purenet.losses import get_loss  # noqa: E402
from purenet.network import _forward, init_network, parameters  # noqa: E402
from purenet.training import apply_update  # noqa: E402

SECTIONS = ("ceiling", "step", "engines", "verifier", "peers", "memory", "scaling")
IS_PYPY = platform.python_implementation() == "PyPy"
LEARNING_RATE = 1e-3
LOSS = "half_squared_error"

# (name, sizes, batch)
FULL_SHAPES = (("small", [2, 16, 16, 1], 32), ("medium", [64, 128, 128, 10], 16),
               ("wide", [784, 64, 10], 8))
QUICK_SHAPES = (("small", [2, 8, 8, 1], 8), ("medium", [8, 16, 16, 3], 4), ("wide", [32, 8, 3], 2))
# the verifier's reference network: [24, 48, 48, 10], tanh, tanh, linear, biases, batch 4
VERIFIER_REFERENCE = ("reference", [24, 48, 48, 10], 4)
QUICK_VERIFIER_REFERENCE = ("reference", [6, 8, 8, 3], 2)
VERIFIER_JOBS = (1, 2)
# scaling: [n, n, n] networks, P = 2n^2 + 2n: 1012, 3280, 9940, 31500, 99904 parameters
FULL_SCALING = (22, 40, 70, 125, 223)
QUICK_SCALING = (7, 22)
SCALING_BATCH = 8

# the targets the benchmark reports as met or not (benchmarks/README.md, "Targets")
TARGET_CEILING_CPYTHON = 0.6
TARGET_CEILING_PYPY = 0.5
TARGET_PYPY_VS_NUMPY = 3.0
TARGET_MICROGRAD = 200.0
TARGET_VERIFIER = 100.0
TARGET_VERIFIER_PASSES = 0.5          # full mode, forward passes of the batch per parameter
TARGET_SCALING = 0.25
TARGET_BYTES_PER_PARAM = 40.0
TARGET_PEAK_RATIO = 2.0

# set from the command line in main()
CONFIG = {"reps": 5, "min_time": 0.2, "warmup": 0.0, "quick": False}


def log(msg):
    """A progress message, on stderr."""
    sys.stderr.write(msg + "\n")
    sys.stderr.flush()


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else 0.5 * (xs[n // 2 - 1] + xs[n // 2])


# ----------------------------------------------------------------------------------- timing

def loop_runner(fn):
    """run(number) -> seconds for ``number`` calls of fn()."""
    perf_counter = time.perf_counter

    def run(number):
        t0 = perf_counter()
        for _ in range(number):
            fn()
        return perf_counter() - t0
    return run


def calibrate(run, min_time=None, warmup=None):
    """Warm up ``run`` (calls until ``warmup`` seconds have passed, at least one call), then the
    number of calls that makes one repetition last at least ``min_time`` seconds."""
    min_time = CONFIG["min_time"] if min_time is None else min_time
    warmup = CONFIG["warmup"] if warmup is None else warmup
    spent, calls, last = 0.0, 0, 0.0
    while calls < 1 or spent < warmup:
        last = run(1)
        spent += last
        calls += 1
    number = 1
    if last < min_time:
        number = max(1, int(min_time / max(last, 1e-9)))
        t = run(number)                  # check the estimate (the first call may have been slow)
        while t < 0.5 * min_time:
            number *= 2
            t = run(number)
    return number


def measure(run, reps=None, min_time=None, warmup=None):
    """Median seconds per call over ``reps`` repetitions of ``run(number)`` (a function that makes
    ``number`` calls and returns the seconds they took), after ``calibrate``."""
    reps = CONFIG["reps"] if reps is None else reps
    number = calibrate(run, min_time, warmup)
    return median([run(number) / number for _ in range(reps)])


def interleaved(runs, reps=None):
    """Seconds per call of several operations, measured in turn within every repetition so that
    they share the machine's load of the moment: {name: [seconds per call, one per repetition]}.
    ``runs`` is a list of (name, run) pairs, ``run`` as in ``measure``."""
    reps = CONFIG["reps"] if reps is None else reps
    numbers = [(name, run, calibrate(run)) for name, run in runs]
    out = dict((name, []) for name, run in runs)
    for _ in range(reps):
        for name, run, number in numbers:
            out[name].append(run(number) / number)
    return out


# ----------------------------------------------------------------------------------- data

def shape_list(quick):
    return QUICK_SHAPES if quick else FULL_SHAPES


def activations_for(sizes):
    """tanh hidden layers, linear output: one name per layer 2 ... L."""
    return ["tanh"] * (len(sizes) - 2) + ["linear"]


def make_network(sizes):
    return init_network(list(sizes), activations_for(sizes), bias=True, seed=0)


def make_data(sizes, batch, seed=1):
    """Synthetic inputs and targets, uniform in [-1, 1), from purenet's PRNG."""
    rng = Random(seed)
    X = [[rng.uniform(-1.0, 1.0) for _ in range(sizes[0])] for _ in range(batch)]
    Y = [[rng.uniform(-1.0, 1.0) for _ in range(sizes[-1])] for _ in range(batch)]
    return X, Y


def step_macs(sizes, batch):
    """(forward MAC, training-step MAC) of one batch (see the module docstring)."""
    fwd = 0
    for l in range(1, len(sizes)):
        fwd += sizes[l - 1] * sizes[l]
    deltas = fwd - sizes[0] * sizes[1]
    return fwd * batch, (fwd + deltas + fwd) * batch


def dot_length(sizes):
    """The forward dot length the step is compared at: the largest layer (16 / 128 / 784)."""
    return max(sizes)


def training_step(net, X, Y, loss, h=LEARNING_RATE):
    """One training step: forward and backprop of the batch (``_gradient``), then the update."""
    J, gw, gb = _gradient(net, X, Y, loss)
    apply_update(net, gw, gb, h)
    return J


def forward_pass(net, X):
    for x in X:
        _forward(net, x)


# ----------------------------------------------------------------------------------- ceiling

def _make_sum_map():
    from operator import mul

    def dot(a, b):
        return sum(map(mul, a, b))
    return dot


def random_pair(n, rng):
    """Two vectors of n numbers uniform in [-1, 1) from ``rng``: the operands of a dot product."""
    return ([rng.uniform(-1.0, 1.0) for _ in range(n)], [rng.uniform(-1.0, 1.0) for _ in range(n)])


def dot_range(a, b):
    s = 0.0
    for i in range(len(a)):
        s += a[i] * b[i]
    return s


def dot_zip(a, b):
    s = 0.0
    for x, y in zip(a, b):
        s += x * y
    return s


def idioms():
    """[(name, dot function, plain loop?)]: the candidates for the ceiling on this interpreter."""
    out = [("sum(map(mul, a, b))", _make_sum_map(), False),
           ("for i in range(n): s += a[i]*b[i]", dot_range, True),
           ("for x, y in zip(a, b): s += x*y", dot_zip, True)]
    if hasattr(math, "sumprod"):
        out.append(("math.sumprod(a, b)", math.sumprod, False))
    return out


def dot_runner(dot, a, b):
    """``loop_runner`` for a dot product, calling ``dot(a, b)`` directly: a lambda around it would
    add a call to every dot and lower the ceiling."""
    perf_counter = time.perf_counter

    def run(number):
        t0 = perf_counter()
        for _ in range(number):
            dot(a, b)
        return perf_counter() - t0
    return run


def ceiling_lengths(shapes):
    out = set()
    for name, sizes, batch in shapes:
        out.update(n for n in sizes if n > 1)
    return sorted(out)


def bench_ceiling(lengths):
    """MAC/s of every idiom at every length; the best (the ceiling) and the best plain loop."""
    rng = Random(7)
    table = {}
    for name, dot, plain in idioms():
        table[name] = {}
        for n in lengths:
            a, b = random_pair(n, rng)
            t = measure(dot_runner(dot, a, b))
            table[name][str(n)] = n / t
        log("ceiling: %-36s %s" % (name, " ".join("%d:%.0f" % (n, table[name][str(n)] / 1e6)
                                                   for n in lengths)))
    best, best_plain = {}, {}
    for name, dot, plain in idioms():
        for n in lengths:
            v = table[name][str(n)]
            if str(n) not in best or v > best[str(n)]["mac_per_s"]:
                best[str(n)] = {"idiom": name, "mac_per_s": v}
            if plain and (str(n) not in best_plain or v > best_plain[str(n)]["mac_per_s"]):
                best_plain[str(n)] = {"idiom": name, "mac_per_s": v}
    return {"lengths": lengths, "idioms": table, "best": best, "best_plain": best_plain}


# ----------------------------------------------------------------------------------- step

def bench_shape(name, sizes, batch):
    """Training step and forward pass of one shape: seconds, MAC/s, and the ratio to the ceiling.
    The dot-product idioms at the shape's dot length are timed in the same repetitions, in turn
    with the step, so that each ratio compares figures taken under the same load; every ratio is
    the median of the per-repetition ratios."""
    loss = get_loss(LOSS)
    net = make_network(sizes)
    X, Y = make_data(sizes, batch)
    fwd_mac, mac = step_macs(sizes, batch)
    n = dot_length(sizes)
    a, b = random_pair(n, Random(7))
    runs = [("step", loop_runner(lambda: training_step(net, X, Y, loss))),
            ("forward", loop_runner(lambda: forward_pass(net, X)))]
    plain = []
    for idiom, dot, is_plain in idioms():
        runs.append((idiom, dot_runner(dot, a, b)))
        if is_plain:
            plain.append(idiom)
    t = interleaved(runs)
    reps = len(t["step"])
    ceil = [max(n / t[idiom][k] for idiom, dot, p in idioms()) for k in range(reps)]
    best_plain = [max(n / t[idiom][k] for idiom in plain) for k in range(reps)]
    step_s, fwd_s = median(t["step"]), median(t["forward"])
    out = {"sizes": list(sizes), "batch": batch, "parameters": net.parameter_count(),
           "step_mac": mac, "forward_mac": fwd_mac, "dot_length": n,
           "step_s": step_s, "forward_s": fwd_s,
           "step_mac_per_s": mac / step_s, "forward_mac_per_s": fwd_mac / fwd_s,
           "ceiling_mac_per_s": median(ceil), "plain_mac_per_s": median(best_plain),
           "ratio_ceiling": median([mac / t["step"][k] / ceil[k] for k in range(reps)]),
           "ratio_plain": median([mac / t["step"][k] / best_plain[k] for k in range(reps)]),
           "forward_ratio_ceiling": median([fwd_mac / t["forward"][k] / ceil[k]
                                            for k in range(reps)]),
           "forward_ratio_plain": median([fwd_mac / t["forward"][k] / best_plain[k]
                                          for k in range(reps)]),
           "ceiling_idioms": dict((idiom, n / median(t[idiom])) for idiom, dot, p in idioms())}
    log("step: %-6s %s batch %d: step %.3g ms, forward %.3g ms, step / ceiling %.2f"
        % (name, sizes, batch, step_s * 1e3, fwd_s * 1e3, out["ratio_ceiling"]))
    return out


def bench_step(shapes):
    return {name: bench_shape(name, sizes, batch) for name, sizes, batch in shapes}


# ----------------------------------------------------------------------------------- engines, verifier

def subset(params, K):
    """An evenly strided subset of about K of ``params`` (none for K = 0)."""
    return [] if K == 0 else params[::max(1, len(params) // K)]


def subset_time(call, params, K, reps=None):
    """Seconds of ``call(subset)`` on ``subset(params, K)`` (the parameters an O(P) operation
    works through, one by one)."""
    part = subset(params, K)
    return measure(loop_runner(lambda: call(part)), reps=reps or max(1, min(3, CONFIG["reps"])),
                   min_time=0.0, warmup=0.0)


def per_parameter_cost(call, net):
    """Time a call that works parameter by parameter (O(P)) on none and on an evenly strided
    subset of K of its parameters, and extrapolate linearly to all P:
    estimate = T(0) + (T(K) - T(0)) x P / K. K is chosen from a first run on 16 parameters so that
    T(K) lasts about 2 s (0.05 s with --quick). Returns (estimate, how)."""
    params = parameters(net)
    P = len(params)
    t0 = subset_time(call, params, 0)
    k0 = len(subset(params, min(P, 16)))
    per = max(subset_time(call, params, k0, reps=1) - t0, 1e-9) / k0
    K = int(max(16, min(P, (0.05 if CONFIG["quick"] else 2.0) / per)))
    K = len(subset(params, K))
    tk = subset_time(call, params, K)
    how = ("T(0 params) %.4g s + (T(%d params) %.4g s - T(0)) x P/%d, P = %d, parameters taken "
           "at an even stride" % (t0, K, tk, K, P))
    return t0 + max(tk - t0, 0.0) * P / K, how


def measured_once(label, call, out):
    """Run ``call(None)`` (every parameter) once; its seconds into ``out``."""
    t = time.perf_counter()
    call(None)
    out["seconds"] = time.perf_counter() - t
    out["extrapolated"] = False
    log("%s: measured %.3g s" % (label, out["seconds"]))
    return out


def timed_o_p(label, call, net, budget):
    """An O(P) operation ``call(only)``, where ``only`` is the list of parameters to work through:
    extrapolated from subsets of parameters (``per_parameter_cost``), then measured in full once
    if the estimate is within ``budget`` seconds."""
    est, how = per_parameter_cost(call, net)
    out = {"estimate_s": est, "estimate_how": how, "extrapolated": True, "seconds": est}
    log("%s: estimate %.3g s (%s)" % (label, est, out["estimate_how"]))
    if est <= budget:
        log("%s: measuring the full run once (estimate within the %g s budget)" % (label, budget))
        measured_once(label, call, out)
    return out


def medium_shape(quick):
    for name, sizes, batch in shape_list(quick):
        if name == "medium":
            return sizes, batch


def bench_engines(quick, budget):
    from purenet.tools.verifier.engines import get_engine, recursion_001
    sizes, batch = medium_shape(quick)
    loss = get_loss(LOSS)
    net = make_network(sizes)
    X, Y = make_data(sizes, batch)
    out = {"sizes": sizes, "batch": batch, "parameters": net.parameter_count(), "engines": {}}
    for name in ("backprop", "matrix_form"):
        grad = get_engine(name)
        t = measure(loop_runner(lambda: grad(net, X, Y, loss)))
        out["engines"][name] = {"seconds": t, "extrapolated": False}
        log("engines: %s %.3g ms" % (name, t * 1e3))
    out["engines"]["recursion_001"] = timed_o_p(
        "engines: recursion_001", lambda only: recursion_001.gradient(net, X, Y, loss, only), net,
        budget)
    base = out["engines"]["backprop"]["seconds"]
    for name in out["engines"]:
        out["engines"][name]["ratio_to_backprop"] = out["engines"][name]["seconds"] / base
    return out


def verifier_shapes(quick):
    return tuple(shape_list(quick)) + (QUICK_VERIFIER_REFERENCE if quick else VERIFIER_REFERENCE,)


def bench_verifier(quick, budget):
    """The verifier on every shape: the fast mode (median), one forward pass of the batch
    (median), and the full mode with ``jobs`` 1 and 2 (``timed_o_p``: measured in full when the
    estimate is within the budget). The full mode's cost in forward passes of the batch per
    parameter is (full - fast) / (P x forward), all three measured in this run."""
    from purenet.tools.verifier import gradcheck
    loss = get_loss(LOSS)
    out = {"shapes": {}, "jobs": list(VERIFIER_JOBS), "budget": budget}
    for name, sizes, batch in verifier_shapes(quick):
        net = make_network(sizes)
        X, Y = make_data(sizes, batch)
        P = net.parameter_count()
        fast_report = gradcheck.verify_fast(net, X, Y, loss)
        fast = measure(loop_runner(lambda: gradcheck.verify_fast(net, X, Y, loss)))
        fwd = measure(loop_runner(lambda: forward_pass(net, X)))
        log("verifier: %s %s batch %d, P = %d: forward %.3g ms, fast %.3g ms (%s)" % (
            name, sizes, batch, P, fwd * 1e3, fast * 1e3,
            "passed" if fast_report.passed else "FAILED"))
        row = {"sizes": list(sizes), "batch": batch, "parameters": P, "forward_s": fwd,
               "fast": {"seconds": fast, "passed": bool(fast_report.passed)}, "full": {}}
        for jobs in VERIFIER_JOBS:
            label = "verifier: %s full, jobs %d" % (name, jobs)

            def call(only, jobs=jobs):
                return gradcheck.verify(net, X, Y, loss, only=only, jobs=jobs)
            if jobs == 1:
                full = timed_o_p(label, call, net, budget)
            elif not row["full"]["1"]["extrapolated"]:
                # the same work split across processes: at most the one-process time (plus their
                # start-up), which was within the budget; a subset would only time the start-up
                full = measured_once(label, call, {"estimate_how": "not extrapolated: the run with "
                                                   "1 job was within the budget"})
            else:
                log("%s: not run (the run with 1 job is over the budget)" % label)
                row["full"][str(jobs)] = {"seconds": None, "extrapolated": True,
                                          "estimate_how": "not run: the run with 1 job is over "
                                          "the budget", "passes_per_parameter": None}
                continue
            full["passes_per_parameter"] = (full["seconds"] - fast) / (P * fwd)
            full["ratio_to_fast"] = full["seconds"] / fast
            log("verifier: %s full, jobs %d: %.3g forward passes of the batch per parameter"
                % (name, jobs, full["passes_per_parameter"]))
            row["full"][str(jobs)] = full
        out["shapes"][name] = row
    return out


# ----------------------------------------------------------------------------------- peers

def numpy_peer(shapes):
    """The same training step in NumPy (float64, one BLAS thread), from purenet's initial weights:
    Z = A @ W + b, tanh, linear output, half squared error, the delta recursion, the gradients, the
    update. Returns {shape: seconds} plus a check that its gradient equals purenet's."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    try:
        import numpy as np
    except ImportError:
        return {"available": False, "message": "numpy is not installed for this interpreter"}
    loss = get_loss(LOSS)

    def grads(Ws, bs, X, Y):
        A = [X]
        for l in range(len(Ws)):
            Z = A[-1] @ Ws[l] + bs[l]
            A.append(np.tanh(Z) if l < len(Ws) - 1 else Z)
        n = X.shape[0]
        D = A[-1] - Y                                   # linear output, J = ½ Σ (y − y*)²
        gW, gb = [None] * len(Ws), [None] * len(Ws)
        for l in range(len(Ws) - 1, -1, -1):
            gW[l] = (A[l].T @ D) / n
            gb[l] = D.sum(axis=0) / n
            if l > 0:
                D = (D @ Ws[l].T) * (1.0 - A[l] * A[l])
        return gW, gb

    def step(Ws, bs, X, Y):
        gW, gb = grads(Ws, bs, X, Y)
        for l in range(len(Ws)):
            Ws[l] -= LEARNING_RATE * gW[l]
            bs[l] -= LEARNING_RATE * gb[l]

    out = {"available": True, "version": np.__version__, "interpreter": interpreter_line(),
           "shapes": {}}
    for name, sizes, batch in shapes:
        net = make_network(sizes)
        X, Y = make_data(sizes, batch)
        Ws = [np.array(net.w[l], dtype=np.float64) for l in range(2, net.L + 1)]
        bs = [np.array(net.b[l], dtype=np.float64) for l in range(2, net.L + 1)]
        Xa, Ya = np.array(X, dtype=np.float64), np.array(Y, dtype=np.float64)
        gW, gb = grads(Ws, bs, Xa, Ya)
        J, pw, pb = _gradient(net, X, Y, loss)
        diff = max(float(np.max(np.abs(gW[l - 2] - np.array(pw[l])))) for l in range(2, net.L + 1))
        t = measure(loop_runner(lambda: step(Ws, bs, Xa, Ya)))
        out["shapes"][name] = {"step_s": t, "max_gradient_difference": diff}
        log("peers: numpy %-6s %.3g ms (gradient equals purenet's to %.1e)" % (name, t * 1e3, diff))
    return out


def micrograd_peer(shapes, quick):
    """micrograd (PyPI ``micrograd``) on the same shape, same initial weights. Its MLP has ReLU
    hidden neurons (PyPI micrograd 0.1.0 has no tanh); one step = the batch's forward, the mean
    half squared error, backward, the update. Small shape always; medium (about 23 s a step) once
    in a full run."""
    try:
        from micrograd.nn import MLP
    except ImportError:
        return {"available": False, "message": "micrograd is not installed for this interpreter"}
    out = {"available": True, "activation": "relu hidden, linear output (micrograd's MLP)",
           "shapes": {}}
    for name, sizes, batch in shapes:
        if name == "wide" or (name == "medium" and quick):
            continue
        net = make_network(sizes)
        X, Y = make_data(sizes, batch)
        model = MLP(sizes[0], list(sizes[1:]))
        for l, layer in enumerate(model.layers, start=2):
            for j, neuron in enumerate(layer.neurons):
                for i in range(sizes[l - 2]):
                    neuron.w[i].data = net.w[l][i][j]
                neuron.b.data = net.b[l][j]
        params = model.parameters()

        def step():
            model.zero_grad()
            total = 0.0
            for x, y in zip(X, Y):
                o = model(x)
                outs = o if isinstance(o, list) else [o]
                for o_j, t_j in zip(outs, y):
                    total = total + (o_j - t_j) ** 2 * 0.5
            total = total * (1.0 / len(X))
            total.backward()
            for p in params:
                p.data -= LEARNING_RATE * p.grad

        if name == "medium":
            t0 = time.perf_counter()
            step()
            t = time.perf_counter() - t0
            out["shapes"][name] = {"step_s": t, "reps": 1}
        else:
            t = measure(loop_runner(step))
            out["shapes"][name] = {"step_s": t, "reps": CONFIG["reps"]}
        log("peers: micrograd %-6s %.3g ms" % (name, t * 1e3))
    return out


def numpy_elsewhere(python, args):
    """The NumPy peer run by another interpreter (``--numpy-with``): its JSON."""
    cmd = [python, os.path.abspath(__file__), "--only", "peers", "--peers", "numpy", "--json",
           "--child", "--reps", str(CONFIG["reps"])]
    if args.quick:
        cmd.append("--quick")
    log("peers: numpy through %s" % " ".join(cmd))
    try:
        res = subprocess.run(cmd, stdout=subprocess.PIPE, cwd=ROOT, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        return {"available": False, "message": "numpy through %s failed: %s" % (python, e)}
    return json.loads(res.stdout.decode("utf-8"))["peers"]["numpy"]


def peers_baseline(shapes):
    """purenet's step time on each shape, for the peers when the step section did not run."""
    return {name: bench_shape(name, sizes, batch)["step_s"] for name, sizes, batch in shapes}


def bench_peers(shapes, args):
    wanted = args.peers.split(",")
    out = {}
    if "micrograd" in wanted:
        out["micrograd"] = micrograd_peer(shapes, args.quick)
        if not out["micrograd"]["available"]:
            log("peers: skipped micrograd: " + out["micrograd"]["message"])
    if "numpy" in wanted:
        out["numpy"] = numpy_peer(shapes) if not IS_PYPY else {
            "available": False, "message": "numpy is not used on PyPy (cpyext); see --numpy-with"}
        if not out["numpy"]["available"] and args.numpy_with:
            out["numpy"] = numpy_elsewhere(args.numpy_with, args)
        if not out["numpy"]["available"]:
            log("peers: skipped numpy: " + out["numpy"]["message"])
    return out


# ----------------------------------------------------------------------------------- memory

def bench_memory(shapes):
    """Resident bytes per parameter of a network (what init_network allocated and kept), and the
    peak of one training step above the memory before it, as a ratio to the resident model.
    CPython: tracemalloc. PyPy has no tracemalloc: there the resident size is the growth of
    ``gc.get_stats().total_gc_memory`` across building the network, each side after full
    collections (approximate), and the step's peak is not measured."""
    try:
        import tracemalloc
        tracemalloc.get_traced_memory
    except (ImportError, AttributeError):
        if IS_PYPY and hasattr(gc, "get_stats"):
            return pypy_memory(shapes)
        return {"available": False, "message": "tracemalloc is not available on this interpreter"}
    loss = get_loss(LOSS)
    out = {"available": True, "how": "tracemalloc", "shapes": {}}
    for name, sizes, batch in shapes:
        X, Y = make_data(sizes, batch)
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            net = make_network(sizes)
            gc.collect()
            resident = tracemalloc.get_traced_memory()[0] - before
            training_step(net, X, Y, loss)                  # warm-up: first-call allocations
            gc.collect()
            base = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            training_step(net, X, Y, loss)
            peak = tracemalloc.get_traced_memory()[1] - base
        finally:
            tracemalloc.stop()
        P = net.parameter_count()
        out["shapes"][name] = {"parameters": P, "resident_bytes": resident,
                               "bytes_per_parameter": resident / P, "step_peak_bytes": peak,
                               "step_peak_per_parameter": peak / P, "peak_ratio": peak / resident}
        log("memory: %-6s %.1f B/param resident, step peak %.2f x the model"
            % (name, resident / P, peak / resident))
    return out


def pypy_memory(shapes):
    """PyPy: resident bytes per parameter from the GC's own statistics (see bench_memory)."""
    def gc_memory():
        """After full collections, until two readings agree (what an earlier section left, with
        finalizers, such as the verifier's worker processes, can take more than two to go)."""
        last = None
        for _ in range(8):
            gc.collect()
            stats = gc.get_stats()
            now = int(getattr(stats, "_s", stats).total_gc_memory)   # _s: the raw numbers
            if now == last:
                break
            last = now
        return now
    out = {"available": True, "how": "PyPy gc.get_stats().total_gc_memory after full collections "
           "(approximate; no tracemalloc on PyPy, so no step peak)", "shapes": {}}
    for name, sizes, batch in shapes:
        before = gc_memory()
        net = make_network(sizes)
        resident = gc_memory() - before
        P = net.parameter_count()
        out["shapes"][name] = {"parameters": P, "resident_bytes": resident,
                               "bytes_per_parameter": resident / P}
        log("memory: %-6s %.1f B/param resident (PyPy GC statistics)" % (name, resident / P))
        del net
    return out


# ----------------------------------------------------------------------------------- scaling

def scaling_widths(quick):
    return QUICK_SCALING if quick else FULL_SCALING


def scaling_summary(points):
    """The median ns per parameter per sample and each point's deviation from it."""
    mid = median([p["ns_per_parameter_sample"] for p in points])
    for p in points:
        p["deviation_from_median"] = p["ns_per_parameter_sample"] / mid - 1.0
    return {"points": points, "median_ns": mid,
            "max_deviation": max(abs(p["deviation_from_median"]) for p in points)}


def bench_scaling(widths):
    loss = get_loss(LOSS)
    points = []
    for n in widths:
        sizes = [n, n, n]
        net = make_network(sizes)
        X, Y = make_data(sizes, SCALING_BATCH)
        P = net.parameter_count()
        t = measure(loop_runner(lambda: training_step(net, X, Y, loss)))
        ns = t / (P * SCALING_BATCH) * 1e9
        points.append({"sizes": sizes, "batch": SCALING_BATCH, "parameters": P, "step_s": t,
                       "ns_per_parameter_sample": ns})
        log("scaling: %s P=%d: %.1f ns per parameter per sample" % (sizes, P, ns))
    return scaling_summary(points)


def scaling_svg(scaling, path):
    from purenet.tools import plot
    xs = [math.log10(p["parameters"]) for p in scaling["points"]]
    ys = [p["ns_per_parameter_sample"] for p in scaling["points"]]
    mid = scaling["median_ns"]
    series = [{"label": interpreter_line(), "x": xs, "y": ys, "style": "line+markers"},
              {"label": "median +25%", "x": [xs[0], xs[-1]], "y": [1.25 * mid] * 2,
               "color": "#7f7f7f"},
              {"label": "median -25%", "x": [xs[0], xs[-1]], "y": [0.75 * mid] * 2,
               "color": "#7f7f7f"}]
    text = plot.line_plot(series, title="purenet training step: cost per parameter (batch %d)"
                         % SCALING_BATCH, xlabel="log10 P (P = parameters; networks [n, n, n])",
                         ylabel="ns per parameter per sample", y_range=(0.0, 1.4 * max(ys)))
    plot.write_svg(path, text)
    log("scaling: wrote %s" % path)


# ----------------------------------------------------------------------------------- derived figures

def interpreter_line():
    impl = platform.python_implementation()
    if IS_PYPY:
        v = sys.pypy_version_info
        return "PyPy %d.%d.%d (Python %s)" % (v.major, v.minor, v.micro, platform.python_version())
    return "%s %s" % (impl, platform.python_version())


def interpreter_info():
    return {"implementation": platform.python_implementation(),
            "python_version": platform.python_version(), "line": interpreter_line(),
            "sys_version": sys.version, "executable": sys.executable,
            "machine": platform.machine(), "platform": platform.platform()}


def derive(results):
    """Ratios that combine sections (peers against purenet's step), and the targets."""
    peers = results.get("peers", {})
    base = results.get("peers_baseline", {})
    for name, s in results.get("step", {}).items():
        base[name] = s["step_s"]
    for peer in ("numpy", "micrograd"):
        p = peers.get(peer)
        if not p or not p.get("available"):
            continue
        for name, q in ordered(p["shapes"]):
            if name not in base:
                continue
            q["purenet_step_s"] = base[name]
            if peer == "numpy":
                q["purenet_over_numpy"] = base[name] / q["step_s"]
            else:
                q["micrograd_over_purenet"] = q["step_s"] / base[name]
    results["targets"] = targets(results)


def target(name, value, op, threshold, why=""):
    met = value <= threshold if op == "<=" else value >= threshold
    return {"target": name, "value": value, "op": op, "threshold": threshold, "met": bool(met),
            "note": why}


def targets(results):
    out = []
    step = results.get("step", {})
    goal = TARGET_CEILING_PYPY if IS_PYPY else TARGET_CEILING_CPYTHON
    for name, s in step.items():
        if "ratio_ceiling" in s:
            out.append(target("training step / ceiling, %s" % name, s["ratio_ceiling"], ">=", goal))
    peers = results.get("peers", {})
    np_ = peers.get("numpy", {})
    if IS_PYPY and np_.get("available") and "small" in np_["shapes"] \
            and "purenet_over_numpy" in np_["shapes"]["small"]:
        out.append(target("PyPy step time / NumPy step time, small",
                          np_["shapes"]["small"]["purenet_over_numpy"], "<=", TARGET_PYPY_VS_NUMPY,
                          "NumPy run by " + np_.get("interpreter", "?")))
    mg = peers.get("micrograd", {})
    if mg.get("available") and "micrograd_over_purenet" in mg["shapes"].get("small", {}):
        out.append(target("micrograd step / purenet step, small",
                          mg["shapes"]["small"]["micrograd_over_purenet"], ">=", TARGET_MICROGRAD))
    ver = results.get("verifier")
    if ver:
        med = ver["shapes"]["medium"]["full"]["1"]
        out.append(target("verifier full / fast, medium", med["ratio_to_fast"], ">=",
                          TARGET_VERIFIER, "full mode extrapolated" if med["extrapolated"] else ""))
        ref = ver["shapes"]["reference"]
        out.append(target("verifier full, forward passes of the batch per parameter, %s"
                          % ref["sizes"], ref["full"]["1"]["passes_per_parameter"], "<=",
                          TARGET_VERIFIER_PASSES))
        out.append(target("verifier full, medium, seconds (measured within the budget)",
                          med["seconds"], "<=", ver["budget"],
                          "extrapolated" if med["extrapolated"] else "measured"))
    sc = results.get("scaling")
    if sc:
        out.append(target("scaling: max deviation of ns/param from the median", sc["max_deviation"],
                          "<=", TARGET_SCALING))
    mem = results.get("memory", {})
    if mem.get("available"):
        for name, m in ordered(mem["shapes"]):
            out.append(target("bytes per parameter resident, %s" % name, m["bytes_per_parameter"],
                              "<=", TARGET_BYTES_PER_PARAM,
                              "" if mem["how"] == "tracemalloc" else "PyPy GC statistics"))
            if "peak_ratio" in m:
                out.append(target("step peak / resident model, %s" % name, m["peak_ratio"], "<=",
                                  TARGET_PEAK_RATIO))
    return out


# ----------------------------------------------------------------------------------- tables

def table(header, rows):
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(str(c) for c in r) + " |")
    return "\n".join(lines)


def ordered(d):
    """The (shape, figures) items of a dict in the order small, medium, wide (JSON from a child
    process comes back with sorted keys)."""
    order = ("small", "medium", "wide")
    return sorted(d.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 9)


def fmt_time(s):
    if s >= 1.0:
        return "%.3g s" % s
    if s >= 1e-3:
        return "%.3g ms" % (s * 1e3)
    return "%.3g µs" % (s * 1e6)


def fmt_m(x):
    return "%.1f" % (x / 1e6)


def report(results):
    """The tables, as Markdown text."""
    out = ["# purenet benchmark: %s" % results["interpreter"]["line"], "",
           "`%s` on %s (%s); mode %s, each figure the median of %d repetitions, warm-up %g s."
           % (results["interpreter"]["sys_version"].replace("\n", " "),
              results["interpreter"]["platform"], results["interpreter"]["machine"],
              results["mode"], results["reps"], results["warmup"]), ""]
    c = results.get("ceiling")
    if c:
        out += ["## Ceiling: one dot product, millions of MAC/s", ""]
        names = [name for name, dot, plain in idioms() if name in c["idioms"]]
        rows = [[name] + [fmt_m(c["idioms"][name][str(n)]) for n in c["lengths"]]
                for name in names]
        rows.append(["**ceiling** (best)"] + ["**%s**" % fmt_m(c["best"][str(n)]["mac_per_s"])
                                              for n in c["lengths"]])
        out += [table(["idiom \\ length"] + [str(n) for n in c["lengths"]], rows), ""]
        out += ["purenet's core may use neither `sum()` (it compensates from CPython 3.12, which "
                "breaks bit-identity across interpreters) nor `operator` (MicroPython lacks it): "
                "only the plain loops are open to it.", ""]
    s = results.get("step")
    if s:
        out += ["## Training step (forward, backprop, update) and forward pass", ""]
        rows = []
        for name, r in s.items():
            rows.append([name, str(r["sizes"]), r["batch"], r["parameters"],
                         "%.3g M" % (r["step_mac"] / 1e6), fmt_time(r["step_s"]),
                         fmt_m(r["step_mac_per_s"]), fmt_time(r["forward_s"]),
                         fmt_m(r["forward_mac_per_s"])])
        out += [table(["shape", "sizes", "batch", "P", "step MAC", "step", "step M MAC/s",
                       "forward", "forward M MAC/s"], rows), ""]
        rows = []
        for name, r in s.items():
            rows.append([name, r["dot_length"], fmt_m(r["ceiling_mac_per_s"]),
                         fmt_m(r["plain_mac_per_s"]), "**%.2f**" % r["ratio_ceiling"],
                         "%.2f" % r["ratio_plain"], "%.2f" % r["forward_ratio_ceiling"],
                         "%.2f" % r["forward_ratio_plain"]])
        out += [table(["shape", "dot length", "ceiling M MAC/s", "best plain loop M MAC/s",
                       "step / ceiling", "step / plain loop", "forward / ceiling",
                       "forward / plain loop"], rows), "",
                "The ceiling and the plain loops are timed at the dot length in the same "
                "repetitions as the step, in turn with it; each ratio is the median of the "
                "per-repetition ratios.", ""]
    e = results.get("engines")
    if e:
        out += ["## Gradient engines on medium %s batch %d (P = %d)" % (e["sizes"], e["batch"],
                                                                       e["parameters"]), ""]
        rows = [[name, fmt_time(r["seconds"]), "%.3g" % r["ratio_to_backprop"],
                 ("extrapolated: " + r["estimate_how"]) if r["extrapolated"] else
                 ("measured once; estimate was %s" % fmt_time(r["estimate_s"])
                  if "estimate_s" in r else "median")]
                for name, r in e["engines"].items()]
        out += [table(["engine", "gradient of the batch", "× backprop", "how"], rows), "",
                "`backprop` here is `purenet.backprop.gradient`, with its data checks.", ""]
    v = results.get("verifier")
    if v:
        out += ["## Verifier: full mode (every parameter) and fast mode (one direction)", ""]
        rows = []
        for name, r in ordered(v["shapes"]):
            line = [name, str(r["sizes"]), r["batch"], r["parameters"], fmt_time(r["forward_s"]),
                    fmt_time(r["fast"]["seconds"])]
            for jobs in v["jobs"]:
                f = r["full"][str(jobs)]
                if f["seconds"] is None:
                    line += ["-", "-"]
                    continue
                line += [fmt_time(f["seconds"]) + ("" if f["extrapolated"] else " (measured)"),
                         "**%.3g**" % f["passes_per_parameter"]]
            rows.append(line)
        head = ["shape", "sizes", "batch", "P", "forward of the batch", "fast"]
        for jobs in v["jobs"]:
            head += ["full, jobs %d" % jobs, "passes / parameter"]
        out += [table(head, rows), "",
                "passes / parameter = (full - fast) / (P x forward of the batch), all measured in "
                "this run; with 2 jobs the full mode's time is wall-clock time. A full run is "
                "\"measured\" when its estimate was within the budget (%g s), otherwise "
                "extrapolated:" % v["budget"], ""]
        for name, r in ordered(v["shapes"]):
            for jobs in v["jobs"]:
                f = r["full"][str(jobs)]
                if f["seconds"] is None or "estimate_s" not in f:
                    how = ("measured once; " if f["seconds"] is not None else "") + f["estimate_how"]
                elif f["extrapolated"]:
                    how = "extrapolated: " + f["estimate_how"]
                else:
                    how = "measured once; estimate was %s (%s)" % (fmt_time(f["estimate_s"]),
                                                                   f["estimate_how"])
                out.append("- %s, jobs %d: %s" % (name, jobs, how))
        out.append("")
    p = results.get("peers")
    if p:
        out += ["## Peers", ""]
        rows = []
        for peer in ("micrograd", "numpy"):
            q = p.get(peer)
            if q is None:
                continue
            if not q.get("available"):
                rows.append([peer, "-", "-", "-", "skipped: " + q["message"]])
                continue
            for name, r in ordered(q["shapes"]):
                if peer == "numpy":
                    x = r.get("purenet_over_numpy")
                    ratio = ("-" if x is None else "purenet %.3g× slower" % x if x >= 1.0
                             else "purenet %.3g× faster" % (1.0 / x))
                    note = "NumPy %s on %s, 1 BLAS thread; gradient equal to purenet's to %.0e" % (
                        q["version"], q["interpreter"], r["max_gradient_difference"])
                else:
                    ratio = ("purenet %.0f× faster" % r["micrograd_over_purenet"]
                             if "micrograd_over_purenet" in r else "-")
                    note = q["activation"] + ("; one step, no warm-up" if r["reps"] == 1 else "")
                rows.append([peer, name, fmt_time(r["step_s"]),
                             fmt_time(r["purenet_step_s"]) if "purenet_step_s" in r else "-",
                             ratio + "; " + note])
        out += [table(["peer", "shape", "peer step", "purenet step", "ratio"], rows), ""]
    m = results.get("memory")
    if m:
        out += ["## Memory", ""]
        if not m["available"]:
            out += ["skipped: " + m["message"], ""]
        else:
            rows = [[name, r["parameters"], r["resident_bytes"], "%.1f" % r["bytes_per_parameter"],
                     r.get("step_peak_bytes", "-"),
                     "%.1f" % r["step_peak_per_parameter"] if "step_peak_bytes" in r else "-",
                     "%.2f" % r["peak_ratio"] if "peak_ratio" in r else "-"]
                    for name, r in ordered(m["shapes"])]
            out += [table(["shape", "P", "resident bytes", "bytes / parameter",
                           "step peak bytes", "peak bytes / parameter", "peak / resident"], rows),
                    "", "Measured with " + m["how"] + ".", ""]
    sc = results.get("scaling")
    if sc:
        out += ["## Scaling: training step, [n, n, n] networks, batch %d" % SCALING_BATCH, ""]
        rows = [[str(q["sizes"]), q["parameters"], fmt_time(q["step_s"]),
                 "%.1f" % q["ns_per_parameter_sample"], "%+.0f%%" % (100 * q["deviation_from_median"])]
                for q in sc["points"]]
        out += [table(["sizes", "P", "step", "ns / parameter / sample", "vs median"], rows), "",
                "Largest deviation from the median: %.0f%% (target: within ±25%%)%s."
                % (100 * sc["max_deviation"],
                   "; plot: " + sc["svg"] if sc.get("svg") else ""), ""]
    t = results.get("targets")
    if t:
        out += ["## Targets", ""]
        if results["mode"] == "quick":
            out += ["Quick mode: tiny sizes, 1-2 repetitions; the targets apply to the full run "
                    "only and are shown here for the structure.", ""]
        rows = [[r["target"], "%.3g" % r["value"], "%s %g" % (r["op"], r["threshold"]),
                 "met" if r["met"] else "**not met**", r["note"]] for r in t]
        out += [table(["target", "value", "goal", "", "note"], rows), ""]
    return "\n".join(out)


# ----------------------------------------------------------------------------------- main

def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="purenet's benchmark (standard library only; CPython and PyPy).",
        epilog="Sections: " + ", ".join(SECTIONS) + ". Tables go to stdout, progress to stderr.")
    ap.add_argument("--quick", action="store_true",
                    help="tiny sizes and 1-2 repetitions (a smoke test; CI runs this)")
    ap.add_argument("--reps", type=int, default=None,
                    help="repetitions per figure, each figure their median (default 5; 2 with --quick)")
    ap.add_argument("--only", default=None, metavar="SECTION[,SECTION]",
                    help="run only these sections")
    ap.add_argument("--json", action="store_true",
                    help="print one JSON object with every figure instead of the tables")
    ap.add_argument("--svg", default=None, metavar="PATH",
                    help="where the scaling plot goes (default benchmarks/scaling.svg; "
                         "--quick writes it only when --svg is given)")
    ap.add_argument("--warmup", type=float, default=None, metavar="SECONDS",
                    help="warm-up before each figure (default 2 on PyPy, 0 on CPython: one call)")
    ap.add_argument("--isolate", action="store_true",
                    help="run every section, every length of the ceiling, every shape of the step "
                         "and every network of the scaling in a fresh subprocess of this "
                         "interpreter (PyPy: no JIT state carried from one to the next)")
    ap.add_argument("--budget", type=float, default=None, metavar="SECONDS",
                    help="O(P) runs (full verifier, recursion_001) are measured in full when their "
                         "extrapolated time is below this (default 180; 5 with --quick), else "
                         "reported extrapolated")
    ap.add_argument("--peers", default="micrograd,numpy",
                    help="which peers to try (default micrograd,numpy)")
    ap.add_argument("--numpy-with", default=None, metavar="PYTHON",
                    help="where numpy is missing (PyPy), run the NumPy peer with this interpreter")
    ap.add_argument("--shapes", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--lengths", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--widths", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.sections = SECTIONS if args.only is None else tuple(s.strip() for s in args.only.split(","))
    for s in args.sections:
        if s not in SECTIONS:
            ap.error("unknown section %r; known: %s" % (s, ", ".join(SECTIONS)))
    if args.reps is None:
        args.reps = 2 if args.quick else 5
    if args.reps < 1:
        ap.error("--reps must be at least 1")
    if args.warmup is None:
        args.warmup = (0.3 if args.quick else 2.0) if IS_PYPY else 0.0
    if args.budget is None:
        args.budget = 5.0 if args.quick else 180.0
    return args


def run_sections(args):
    """Run the requested sections in this process; returns the raw results (no derived ratios)."""
    shapes = shape_list(args.quick)
    if args.shapes:
        keep = args.shapes.split(",")
        shapes = tuple(s for s in shapes if s[0] in keep)
    results = {}
    sections = list(args.sections)
    for section in SECTIONS:
        if section not in sections:
            continue
        log("== %s" % section)
        t = time.perf_counter()
        if section == "ceiling":
            lengths = ceiling_lengths(shape_list(args.quick))
            if args.lengths:
                lengths = [int(n) for n in args.lengths.split(",")]
            results["ceiling"] = bench_ceiling(lengths)
        elif section == "step":
            results["step"] = bench_step(shapes)
        elif section == "engines":
            results["engines"] = bench_engines(args.quick, args.budget)
        elif section == "verifier":
            results["verifier"] = bench_verifier(args.quick, args.budget)
        elif section == "peers":
            results["peers"] = bench_peers(shapes, args)
            if "step" not in results and not args.child:
                results["peers_baseline"] = peers_baseline(shapes)
        elif section == "memory":
            results["memory"] = bench_memory(shapes)
        elif section == "scaling":
            widths = scaling_widths(args.quick)
            if args.widths:
                widths = [int(n) for n in args.widths.split(",")]
            results["scaling"] = bench_scaling(widths)
        log("   %s took %.1f s" % (section, time.perf_counter() - t))
    return results


def merge_ceiling(results, part):
    """Add one isolated length's ceiling figures to results["ceiling"]."""
    c = results.setdefault("ceiling", {"lengths": [], "idioms": {}, "best": {},
                                       "best_plain": {}})
    c["lengths"] += part["lengths"]
    for name, by_length in part["idioms"].items():
        c["idioms"].setdefault(name, {}).update(by_length)
    c["best"].update(part["best"])
    c["best_plain"].update(part["best_plain"])


def run_isolated(args):
    """Every section (and every shape of the step section) in a fresh subprocess."""
    results = {}
    base = [sys.executable, os.path.abspath(__file__), "--json", "--child",
            "--reps", str(args.reps), "--warmup", str(args.warmup), "--budget", str(args.budget),
            "--peers", args.peers]
    if args.quick:
        base.append("--quick")
    if args.numpy_with:
        base += ["--numpy-with", args.numpy_with]
    jobs = []
    for section in SECTIONS:
        if section not in args.sections:
            continue
        if section == "step":
            jobs += [("step", ["--only", "step", "--shapes", name])
                     for name, sizes, batch in shape_list(args.quick)]
        elif section == "ceiling":
            jobs += [("ceiling", ["--only", "ceiling", "--lengths", str(n)])
                     for n in ceiling_lengths(shape_list(args.quick))]
        elif section == "scaling":
            jobs += [("scaling", ["--only", "scaling", "--widths", str(n)])
                     for n in scaling_widths(args.quick)]
        else:
            jobs.append((section, ["--only", section]))
    for section, extra in jobs:
        log("== isolated: %s" % " ".join(extra))
        res = subprocess.run(base + extra, stdout=subprocess.PIPE, cwd=ROOT, check=True)
        child = json.loads(res.stdout.decode("utf-8"))
        if section == "step":
            results.setdefault("step", {}).update(child["step"])
        elif section == "ceiling":
            merge_ceiling(results, child["ceiling"])
        elif section == "scaling":
            results.setdefault("scaling", {"points": []})["points"] += child["scaling"]["points"]
        else:
            results[section] = child[section]
    if "scaling" in results:
        results["scaling"] = scaling_summary(results["scaling"]["points"])
    if "step" in results:                      # back in the order of the shapes
        results["step"] = dict((name, results["step"][name])
                               for name, sizes, batch in shape_list(args.quick))
    if "peers" in results and "step" not in results:
        results["peers_baseline"] = peers_baseline(shape_list(args.quick))
    return results


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    CONFIG.update(reps=args.reps, warmup=args.warmup, quick=args.quick,
                  min_time=0.02 if args.quick else 0.2)
    log("purenet benchmark on %s (%s mode, %d reps, warm-up %g s)"
        % (interpreter_line(), "quick" if args.quick else "full", args.reps, args.warmup))
    t = time.perf_counter()
    results = run_isolated(args) if args.isolate else run_sections(args)
    results["interpreter"] = interpreter_info()
    results["mode"] = "quick" if args.quick else "full"
    results["reps"] = args.reps
    results["warmup"] = args.warmup
    results["isolated"] = bool(args.isolate)
    results["sections"] = list(args.sections)
    if not args.child:
        derive(results)
        if "scaling" in results and (args.svg or not args.quick):
            path = args.svg or os.path.join(HERE, "scaling.svg")
            scaling_svg(results["scaling"], path)
            results["scaling"]["svg"] = os.path.relpath(path, ROOT) if os.path.abspath(
                path).startswith(ROOT + os.sep) else path
    results["total_s"] = time.perf_counter() - t
    if args.json:
        sys.stdout.write(json.dumps(results, indent=1, sort_keys=True) + "\n")
    else:
        sys.stdout.write(report(results) + "\n")
    log("done in %.1f s" % results["total_s"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
