"""The ``check`` verb: ``python -m purenet check MODEL.json DATA.json --loss NAME``.

Runs the verifier (``purenet/verifier.py``) on a model file and a data file (formats in
``purenet/files.py`` and ``docs/formats.md``) and prints its report:

- default: every weight and bias, analytic (backprop) against central differences, 2P forward
  passes over the data for P parameters;
- ``--fast``: one random direction v drawn from ``--seed N``, ∇J·v against
  (J(θ + hv) − J(θ − hv)) / 2h, 2 forward passes whatever P is;
- ``--gradients THEIRS.json``: another implementation's gradient (the layout of ``grad``'s output,
  ``{"loss": J, "layers": [{"weights": ..., "biases": ...}]}``) against finite differences and
  against purenet's backprop, naming every parameter where they differ;
- ``--engines``: the three engines (backprop, ``002``'s matrix form, ``001``'s recursion) and the
  finite difference side by side for every parameter.

``--engine NAME`` checks another engine's gradient in full or fast mode (``matrix_form``,
``recursion_001``; default ``backprop``). ``--step H`` fixes the step (default: h = ε^(1/3)·max(1, |p|) per parameter); ``--rtol``/``--atol``
change the tolerances; ``--json`` prints the report as JSON instead of a table.

Exit status: 0 when every comparable parameter passes, 1 otherwise, 2 for bad input (unreadable
or invalid files, an unknown loss, a loss the output layer cannot serve, a bad option), with a
one-line message on stderr. Host only (reads files); the command line in ``purenet/cli.py`` calls
``add_arguments`` and ``run``; ``python -m purenet.check`` runs the verb on its own.
"""

import json
import sys

from .engines import ENGINE_NAMES
from .losses import LOSSES
from .verifier import ATOL, RTOL, compare_engines, verify, verify_fast, verify_gradients

HELP = "check gradients against central finite differences (and another implementation's)"


def add_arguments(parser):
    """Add the ``check`` verb's arguments to an argparse parser (or sub-parser)."""
    parser.add_argument("model", metavar="MODEL.json", help="the model file")
    parser.add_argument("data", metavar="DATA.json", help="the data file (inputs and targets)")
    parser.add_argument("--loss", required=True, metavar="NAME",
                        help="the cost: " + ", ".join(sorted(LOSSES)))
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--fast", action="store_true",
                      help="one random direction instead of every parameter (2 forward passes)")
    mode.add_argument("--gradients", metavar="THEIRS.json",
                      help="verify another implementation's gradient file (grad's layout)")
    mode.add_argument("--engines", action="store_true",
                      help="show the three gradient engines and the finite difference side by side")
    parser.add_argument("--engine", default="backprop", choices=ENGINE_NAMES,
                        help="the analytic gradient to check in full and fast mode: backprop (002's "
                        "index notation, default), matrix_form (002's math behind Python) or "
                        "recursion_001 (001 section 5)")
    parser.add_argument("--seed", type=int, default=0, metavar="N",
                        help="seed of the random direction of --fast (default 0)")
    parser.add_argument("--step", type=float, default=None, metavar="H",
                        help="fixed step h (default: eps^(1/3)*max(1, |p|) per parameter)")
    parser.add_argument("--rtol", type=float, default=RTOL, help="relative tolerance (default %r)" % RTOL)
    parser.add_argument("--atol", type=float, default=ATOL,
                        help="absolute tolerance, times max(1, |J|) (default %r)" % ATOL)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def _fail(message):
    sys.stderr.write("purenet check: %s\n" % message)
    return 2


def _finite(x):
    return x == x and x not in (float("inf"), float("-inf"))


def run(args):
    """Run the verb; returns the exit status (0 pass, 1 a comparable parameter fails, 2 bad input)."""
    try:
        from . import files
    except ImportError:
        return _fail("this installation cannot read model files (purenet/files.py is missing)")
    if args.loss not in LOSSES:
        return _fail("unknown loss %r; known: %s" % (args.loss, ", ".join(sorted(LOSSES))))
    if args.step is not None and not (args.step > 0.0 and _finite(args.step)):
        return _fail("--step must be a positive finite number, got %r" % args.step)
    for name in ("rtol", "atol"):
        v = getattr(args, name)
        if not (v >= 0.0 and _finite(v)):
            return _fail("--%s must be a non-negative finite number, got %r" % (name, v))
    try:
        net = files.load_model(args.model)
        X, Y = files.load_data(args.data, net)
        their = None
        if args.gradients:
            loader = getattr(files, "load_gradients_with_loss", None)
            if loader is not None:
                their = loader(args.gradients, net)
            else:
                their = (None,) + tuple(files.load_gradients(args.gradients, net))
    except files.FileFormatError as e:
        return _fail(str(e))
    except (OSError, IOError) as e:
        return _fail("%s: %s" % (getattr(e, "filename", None) or "file", getattr(e, "strerror", None) or e))
    try:
        if args.engines:
            result = compare_engines(net, X, Y, args.loss, args.step, args.rtol, args.atol)
            failed = any(r["fd_status"] == "FAIL" for r in result.rows)
        elif args.gradients:
            result = verify_gradients(net, X, Y, args.loss, their[1], their[2], args.step,
                                      args.rtol, args.atol, their_J=their[0])
            failed = not result.passed
        elif args.fast:
            result = verify_fast(net, X, Y, args.loss, args.seed, args.step, args.rtol, args.atol,
                                 engine=args.engine)
            failed = not result.passed
        else:
            result = verify(net, X, Y, args.loss, args.step, args.rtol, args.atol, engine=args.engine)
            failed = not result.passed
    except (ValueError, TypeError) as e:
        return _fail(str(e).splitlines()[0] if str(e) else type(e).__name__)
    if args.json:
        sys.stdout.write(json.dumps(result.to_json(), indent=2) + "\n")
    else:
        sys.stdout.write(result.format())
    return 1 if failed else 0


def main(argv=None):
    """``python -m purenet.check ...``: the verb on its own (the same as ``python -m purenet check``)."""
    import argparse
    parser = argparse.ArgumentParser(prog="purenet check", description=HELP)
    add_arguments(parser)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
