"""What ``check``'s cost limit means in seconds: the full check's measured rate of multiply-adds.

``python -m purenet check`` refuses a full check whose estimated multiply-adds
(``commands.check_cost``) pass ``--max-check-cost`` (default 1e8), and ``docs/cli.md`` says what
the limit is in time. This measures it, for shapes that reach the limit: for each network, the
number of samples that brings its estimate to the limit, then the full check (``gradcheck.verify``)
timed on an evenly strided subset of its parameters and extrapolated to all of them,

    seconds = T(no parameter) + (T(K parameters) − T(no parameter)) × P / K,

(the check is a sum of independent per-parameter work, ``docs/verifier.md``), and the rate is
the estimate's multiply-adds over those seconds. It prints, per shape, the rate and the time the
default limit takes at that rate, beside the time ``docs/cli.md`` states.

    python benchmarks/check_cost.py            # about 1 to 2 minutes
    python benchmarks/check_cost.py --quick    # small shapes, a few seconds (a smoke test)

Standard library only; the repository's purenet comes first on the path.
"""
import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from purenet.bits import Random  # noqa: E402
from purenet.network import init_network, parameters  # noqa: E402
from purenet.tools.cli.commands import MAX_CHECK_COST, check_cost  # noqa: E402
from purenet.tools.verifier import gradcheck  # noqa: E402

DOCUMENTED = ("docs/cli.md: 1e8 takes 40 s (64-128-128-10, 784-64-10) to 17 minutes (2-16-16-1 over "
              "19,000 samples) on CPython 3.11")
SHAPES = (("20000-1", [20000, 1]), ("2-300-300-1", [2, 300, 300, 1]), ("64-128-128-10", [64, 128, 128, 10]),
          ("784-64-10", [784, 64, 10]), ("2-16-16-1", [2, 16, 16, 1]))
QUICK = (("200-1", [200, 1]), ("2-30-30-1", [2, 30, 30, 1]))


MAX_DATA = 2000000           # numbers of input data at most (20000-1 at the limit would need 20 M)


def samples_at(net, limit):
    """The number of samples whose full check the estimate puts at the limit (at least 1; fewer
    where the data would pass MAX_DATA numbers: the rate is then that of fewer samples)."""
    return max(1, min(limit // check_cost(net, 1), MAX_DATA // net.sizes[0]))


def data(sizes, n, seed=1):
    rng = Random(seed)
    X = [[rng.random() * 2 - 1 for _ in range(sizes[0])] for _ in range(n)]
    Y = [[rng.random() * 2 - 1 for _ in range(sizes[-1])] for _ in range(n)]
    return X, Y


def timed(call):
    t = time.perf_counter()
    call()
    return time.perf_counter() - t


def rate(name, sizes, limit, seconds_per_shape):
    """{shape, P, samples, estimate (multiply-adds), seconds (extrapolated), rate, K}."""
    net = init_network(sizes, ["tanh"] * (len(sizes) - 2) + ["linear"], seed=3)
    n = samples_at(net, limit)
    X, Y = data(sizes, n)
    params = parameters(net)
    P = len(params)
    t0 = timed(lambda: gradcheck.verify(net, X, Y, "half_squared_error", only=[]))
    probe = params[::max(1, P // 8)]
    t_probe = timed(lambda: gradcheck.verify(net, X, Y, "half_squared_error", only=probe))
    per = max(t_probe - t0, 1e-9) / len(probe)
    K = int(max(8, min(P, seconds_per_shape / per)))
    part = params[::max(1, P // K)]
    tk = timed(lambda: gradcheck.verify(net, X, Y, "half_squared_error", only=part))
    seconds = t0 + max(tk - t0, 0.0) * P / len(part)
    estimate = check_cost(net, n)
    return {"shape": name, "P": P, "samples": n, "estimate": estimate, "seconds": seconds,
            "rate": estimate / seconds, "K": len(part)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small shapes and limit, a few seconds")
    args = ap.parse_args(argv)
    limit = 10 ** 6 if args.quick else MAX_CHECK_COST
    shapes = QUICK if args.quick else SHAPES
    print("check's cost limit, measured (%s %s): --max-check-cost %.0e"
          % (sys.implementation.name, sys.version.split()[0], limit))
    print("documented: %s\n" % DOCUMENTED)
    print("| shape | P | samples | estimate (multiply-adds) | full check (s) | rate (multiply-adds/s) "
          "| the default limit takes |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, sizes in shapes:
        r = rate(name, sizes, limit, 0.3 if args.quick else 8.0)
        print("| %s | %d | %d | %.3g | %.3g | %.3g | %.0f s |" % (
            r["shape"], r["P"], r["samples"], r["estimate"], r["seconds"], r["rate"],
            MAX_CHECK_COST / r["rate"]))
        sys.stdout.flush()
    print("\n(seconds extrapolated from K evenly strided parameters; the limit's time is 1e8 over the rate)")


if __name__ == "__main__":
    main()
