#!/usr/bin/env python3
"""The speed of ``purenet conform``: the whole suite through the NumPy reference adapter in process,
and the cost of the JSON-lines protocol per request, measured in one run.

    python benchmarks/conform_bench.py [--reps N]

Needs NumPy (the interop extra). Prints, as the median of N runs (default 3): the seconds of the
whole suite in process (the budget is 10 s on CPython), the same through a subprocess speaking
JSON lines, the subprocess's start and hello alone, and the overhead per request: for each case
sent, its time over JSON lines minus its time in process (both timed around the request and its
answer), the median and the total over the cases.
"""

import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from purenet.tools.conform import runner, suite  # noqa: E402

ADAPTER = os.path.join(ROOT, "conformance", "adapters", "numpy_reference.py")


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def timed(make, entries):
    t0 = time.perf_counter()
    _, records = runner.run_suite(make(), entries)
    return time.perf_counter() - t0, records


def start_only():
    t0 = time.perf_counter()
    a = runner.Subprocess([sys.executable, ADAPTER, "--variant", "matched"], 60.0)
    a.start()
    a.close()
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    entries = suite.load_suite(os.path.join(ROOT, "vectors"))
    inproc, sub, start, extra = [], [], [], []
    for _ in range(args.reps):
        t, records = timed(lambda: runner.load_python_adapter(ADAPTER + ":matched"), entries)
        inproc.append(t)
        t, sub_records = timed(lambda: runner.Subprocess([sys.executable, ADAPTER, "--variant", "matched"],
                                                         60.0), entries)
        sub.append(t)
        start.append(start_only())
        extra += [b["seconds"] - a["seconds"] for a, b in zip(records, sub_records) if "seconds" in a]
    sent = sum(1 for r in records if r["status"] != "not_expressible")
    passed = sum(1 for r in records if r["status"] == "pass")
    t_in, t_sub, t_start = median(inproc), median(sub), median(start)
    per_request = median(extra) * 1000.0
    print("| what | figure |")
    print("|---|---|")
    print("| cases in the suite / sent to the adapter / passed | %d / %d / %d |"
          % (len(entries), sent, passed))
    print("| whole suite, NumPy adapter in process | %.2f s (budget 10 s) |" % t_in)
    print("| whole suite, the same adapter over JSON lines | %.2f s |" % t_sub)
    print("| start and hello of the subprocess alone | %.2f s |" % t_start)
    print("| JSON-lines overhead per request (median over cases) | %.2f ms |" % per_request)
    print("| JSON-lines overhead, all requests of one run | %.2f s |" % (sum(extra) / args.reps))
    print("| JSON lines / in process | %.2f |" % (t_sub / t_in))
    return 0 if t_in < 10.0 else 1


if __name__ == "__main__":
    sys.exit(main())
