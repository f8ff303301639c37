"""What each verb of the command line does: ``cmd_init``, ``cmd_forward``, ``cmd_grad``,
``cmd_check``, ``cmd_vectors``, ``cmd_convert``, ``cmd_web`` here and ``cmd_train`` in
``train.py``, each a function of the parsed arguments (``parser.py`` parses them) that returns the
exit status. MODEL and DATA (and ``check --gradients``) may be ``-``, standard input, one of them
at most.

Output that is data goes to stdout as JSON (numbers by ``repr``); messages go to stderr, one line
each. Bad input raises ``UsageError`` (exit 2), a failed computation ``Failed`` (exit 1), an
output that could not be written after the work ``NotSaved`` (exit 3). A message that cannot be
written (stderr closed or full) is dropped and the work goes on; a reader that closes stdout
early (``| head``) ends the command quietly with exit 0 (``StdoutClosed``), any other failure to
write stdout is one line and exit 1.

Every input is bounded: files read by ``--max-file-size`` (32 MiB), the network ``init`` builds
by ``--max-parameters`` (1,000,000), a full ``check`` by ``--max-check-cost`` (1e8 multiply-adds);
each limit is refused before any work, in one line that names the option raising it.
"""

import json
import os

from ...bits import finite
from ...checks import count
from .. import files
from ..files.jsontext import STDIN
from ..files.outputs import OutputError, check_outputs
from .stdio import Failed, StdoutClosed, message, write_stdout  # noqa: F401  (Failed, StdoutClosed: the verbs' exits)

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_NOT_SAVED = 3
EXIT_INTERRUPTED = 130

MAX_PARAMETERS = 1000000
MAX_CHECK_COST = 10 ** 8

EXIT_CODES = """exit codes:
  0    success
  1    check failed; training stopped early (diverged, left the loss's domain, an
       unexpected error) after saving the last good epoch; a result is not finite
  2    bad input or usage (one line naming the place); nothing was done or written
  3    an output could not be written after the work was done (the message names it)
  129, 130, 143  SIGHUP, SIGINT (Ctrl-C), SIGTERM; train saves the last completed
       epoch first"""


class UsageError(Exception):
    """Bad input found after argument parsing: printed as one line, exit 2."""


class NotSaved(Exception):
    """An output could not be written after the work was done (exit 3)."""


def _emit(obj):
    """Write obj as JSON on stdout; Failed if it holds NaN or infinity."""
    try:
        text = files.dumps(obj)
    except ValueError as e:
        raise Failed("the result is not finite, so it cannot be written as JSON (%s)" % e)
    write_stdout(text)


def _save(path, obj, what):
    try:
        files.write_json_atomic(path, obj)
    except ValueError as e:
        raise Failed("the %s is not finite, so it was not written to %s (%s)" % (what, path, e))
    except OSError as e:
        raise NotSaved("could not write the %s to %s: %s" % (what, path, e.strerror or e))


def check_output_paths(outputs, inputs=(), need=None):
    """``outputs.check_outputs`` with its refusal as a UsageError (exit 2, before any work);
    an input read from standard input (``-``) is no file an output could overwrite."""
    inputs = [(label, path) for label, path in inputs if path != STDIN]
    try:
        check_outputs(outputs, inputs, need)
    except OutputError as e:
        raise UsageError(str(e))


def _json_safe(obj):
    """obj with every NaN or infinity replaced by the string "NaN", "Infinity" or "-Infinity", so
    that ``json.dumps`` writes JSON that every reader takes."""
    if isinstance(obj, float) and not finite(obj):
        return "NaN" if obj != obj else ("Infinity" if obj > 0 else "-Infinity")
    if isinstance(obj, dict):
        return {k: _json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_json_safe(v) for v in obj]
    return obj


# ---------------------------------------------------------------------------------------------
# the verbs

def parameter_count(sizes, bias):
    """Σ_l (n^{l−1} + 1 if biases) · n^l: the weights and biases of a network of these sizes."""
    total = 0
    for l in range(1, len(sizes)):
        total += (sizes[l - 1] + (1 if bias else 0)) * sizes[l]
    return total


def cmd_init(args):
    from ...network import init_network
    sizes = args.sizes
    try:
        activation = files.layer_activations(args.activation, len(sizes) - 1,
                                               "--sizes " + ",".join(map(str, sizes)))
    except ValueError as e:
        raise UsageError("--activation: %s" % e)
    n_parameters = parameter_count(sizes, not args.no_bias)
    if n_parameters > args.max_parameters:
        raise UsageError("--sizes %s: %d parameters, more than the limit of %d (--max-parameters "
                         "raises it)" % (",".join(map(str, sizes)), n_parameters, args.max_parameters))
    if args.out is not None:
        check_output_paths([("--out", args.out)])
    try:
        net = init_network(sizes, activation, bias=not args.no_bias, seed=args.seed)
    except ValueError as e:
        raise UsageError(str(e))
    if args.out is not None:
        _save(args.out, files.model_to_dict(net), "model")
        message("wrote a %s network (seed %d) to %s" % ("-".join(map(str, sizes)), args.seed, args.out))
    else:
        _emit(files.model_to_dict(net))
    return EXIT_OK


def one_standard_input(inputs):
    """UsageError (exit 2, before anything is read) when more than one of the inputs, (label,
    path) pairs, is ``-``: standard input holds one file."""
    dashes = [label for label, path in inputs if path == STDIN]
    if len(dashes) > 1:
        both = "both" if len(dashes) == 2 else "all"
        raise UsageError("%s and %s are %s - (standard input), which holds one file: give all but one "
                         "as files" % (", ".join(dashes[:-1]), dashes[-1], both))


def load_model_and_data(args, need_targets=True, loss=None):
    """The model and the data of args, each read within --max-file-size; either may be ``-``,
    standard input (not both, nor with ``--gradients -``)."""
    one_standard_input([("MODEL", args.model), ("DATA", args.data),
                        ("--gradients", getattr(args, "gradients", None))])
    limit = getattr(args, "max_file_size", None)
    net = files.load_model(args.model, max_bytes=limit)
    X, Y = files.load_data(args.data, net, need_targets=need_targets, loss=loss, max_bytes=limit)
    return net, X, Y


def warn_pairing(args, net):
    """A warning on stderr for a loss that works with the output layer but was probably not meant
    (``losses.pairing_warning``: softmax with binary cross-entropy)."""
    from ...losses import get_loss, pairing_warning
    text = pairing_warning(get_loss(args.loss), net.s[net.L])
    if text:
        message("purenet %s: warning: %s" % (args.verb, text))


def cmd_forward(args):
    from ...network import forward
    net, X, Y = load_model_and_data(args, need_targets=False)
    traces = [forward(net, x) for x in X]
    out = {"outputs": [t.output for t in traces]}
    if args.trace:
        out["samples"] = [{"z": {str(l): t.z[l] for l in range(1, net.L + 1)},
                           "a": {str(l): t.a[l] for l in range(1, net.L + 1)}} for t in traces]
    _emit(out)
    return EXIT_OK


def cmd_grad(args):
    from ...backprop import gradient
    net, X, Y = load_model_and_data(args, loss=args.loss)
    if args.out is not None:
        check_output_paths([("--out", args.out)], [("MODEL", args.model), ("DATA", args.data)])
    warn_pairing(args, net)
    try:
        J, gw, gb = gradient(net, X, Y, args.loss)
    except ValueError as e:
        raise UsageError(str(e))
    d = files.gradients_to_dict(J, gw, gb)
    if args.out is not None:
        _save(args.out, d, "gradient")
    else:
        _emit(d)
    return EXIT_OK


def check_cost(net, n_samples, engines=False):
    """About how many multiply-adds a full check takes: for each of the P parameters two perturbed
    passes over the samples, each recomputing only what its parameter changes (``incremental.py``:
    z_j^l, a rank-one update of layer l + 1, the full products from layer l + 2 on, and the loss
    over the n^L outputs), plus the unperturbed pass; with ``--engines`` one more such pass per
    parameter (``recursion_001``, forward mode from the parameter's layer on). What each
    parameter and sample costs besides these products is not counted, so the rate depends on
    the shape: 1e5 to 2.7e6 a second on CPython 3.11 (``benchmarks/check_cost.py``, docs/cli.md)."""
    N = [0] + list(net.sizes)                              # N[l] = n^l
    L = net.L
    full = 0
    for k in range(2, L + 1):
        full += N[k - 1] * N[k]
    passes = 3 if engines else 2
    per_sample = full
    for l in range(2, L + 1):
        params = (N[l - 1] + (1 if net.b[l] is not None else 0)) * N[l]
        after = 1 + N[L] + (N[l + 1] if l < L else 0)
        for k in range(l + 2, L + 1):
            after += N[k - 1] * N[k]
        per_sample += passes * params * after
    return per_sample * n_samples


def _amount(n):
    return "%d" % n if n < 10 ** 6 else "%.1e" % n


def cmd_check(args):
    """The verifier (``gradcheck.py``) on a model and a data file: exit 0 when every comparable
    parameter passes, 1 when one fails (each failing parameter named), 2 for bad input."""
    from ..verifier.gradcheck import compare_engines, verify, verify_fast, verify_gradients
    net, X, Y = load_model_and_data(args, loss=args.loss)
    if args.gradients:
        from ..files.pytorch import load_gradients
        try:
            their_J, their_gw, their_gb = load_gradients(args.gradients, net, max_bytes=args.max_file_size)
        except files.FileFormatError:
            raise
        except ValueError as e:          # a pickle
            raise UsageError("--gradients: %s" % e)
    if not args.fast:
        cost = check_cost(net, len(X), args.engines)
        if cost > args.max_check_cost:
            raise UsageError("a full check of %d parameters over %s takes about %s multiply-adds, "
                             "more than the limit of %s (--max-check-cost raises it; --fast takes 2 "
                             "forward passes)" % (net.parameter_count(), count(len(X), "sample"),
                                                  _amount(cost), _amount(args.max_check_cost)))
    warn_pairing(args, net)
    try:
        if args.engines:
            result = compare_engines(net, X, Y, args.loss, args.step, args.rtol, args.atol,
                                     jobs=args.jobs)
            failed = any(r["fd_status"] == "FAIL" for r in result.rows)
        else:
            if args.gradients:
                result = verify_gradients(net, X, Y, args.loss, their_gw, their_gb, args.step,
                                          args.rtol, args.atol, their_J=their_J, jobs=args.jobs)
            elif args.fast:
                result = verify_fast(net, X, Y, args.loss, args.seed, args.step, args.rtol,
                                     args.atol, engine=args.engine, jobs=args.jobs)
            else:
                result = verify(net, X, Y, args.loss, args.step, args.rtol, args.atol,
                                engine=args.engine, jobs=args.jobs)
            failed = not result.passed
    except (ValueError, TypeError) as e:
        raise UsageError(str(e).splitlines()[0] if str(e) else type(e).__name__)
    factor = None
    if args.gradients:
        from ..verifier.factors import constant_factor
        factor = constant_factor(result, net.sizes[-1])
    if args.json:
        d = result.to_json()
        if factor:
            d["constant_factor"] = {"factor": factor[0], "explanation": factor[1]}
        write_stdout(json.dumps(_json_safe(d), indent=2, allow_nan=False) + "\n")
    else:
        write_stdout(result.format() + (factor[1] + "\n" if factor else ""))
    return EXIT_FAILED if failed else EXIT_OK


def cmd_vectors(args):
    from ..vectors.one_step import write_vectors
    if os.path.exists(args.outdir) and not os.path.isdir(args.outdir):
        raise UsageError("%s exists and is not a folder" % args.outdir)
    try:
        written = write_vectors(args.outdir)
    except OSError as e:
        raise UsageError("cannot write to %s: %s" % (args.outdir, e.strerror or e))
    cases = sum(n for _, n in written)
    message("wrote %d files with %d cases to %s" % (len(written), cases, args.outdir))
    return EXIT_OK


def cmd_convert(args):
    """A model from IN to OUT, each a purenet model file (.json), a safetensors file or an .npz,
    chosen by the extension (``files/pytorch.py``; docs/formats.md, "Weight files")."""
    from ..files import pytorch
    try:
        kinds = ("json" if args.input == STDIN else pytorch.file_kind(args.input),
                 pytorch.file_kind(args.output))
    except ValueError as e:
        raise UsageError(str(e))
    dtype = args.dtype or "F64"
    if args.dtype and kinds[1] == "json":
        raise UsageError("--dtype %s: %s is a purenet model file, whose numbers are doubles; --dtype "
                         "applies to .safetensors and .npz" % (args.dtype, args.output))
    if kinds[0] == "json":
        if args.activation:
            raise UsageError("--activation: %s is a purenet model file, which names its own activations"
                             % args.input)
        net = files.load_model(args.input, max_bytes=args.max_file_size)
    else:
        tensors, metadata = pytorch.read_tensors(args.input, max_bytes=args.max_file_size)
        activation = None
        if args.activation:
            n_layers = pytorch.linear_layers(tensors)
            try:
                activation = files.layer_activations(args.activation, max(n_layers, 1), "%s (%s)" % (
                    args.input, count(n_layers, "Linear layer")))
            except ValueError as e:
                raise UsageError("--activation: %s" % e)
        net = pytorch.network_from_tensors(tensors, metadata, activation, args.input)
    note = "F64, every bit kept"
    if dtype == "F32":
        try:
            changed, total, largest = pytorch.f32_rounding(net)
        except ValueError as e:
            raise UsageError("--dtype F32: %s" % e)
        note = ("F32: each value rounded to the nearest float32, %d of %d changed (by at most %.2g of "
                "the value)" % (changed, total, largest))
    check_output_paths([("OUT", args.output)], [("IN", args.input)])
    try:
        pytorch.save(args.output, net, dtype)
    except OSError as e:
        raise NotSaved("could not write %s: %s" % (args.output, e.strerror or e))
    message("purenet convert: wrote %s: a %s network (--activation %s)%s" % (
        args.output, "-".join(str(n) for n in net.sizes),
        ",".join(pytorch.spec_text(net.s[l]) for l in range(2, net.L + 1)),
        "" if kinds[1] == "json" else ", " + note))
    if kinds[1] != "json":
        model = pytorch.sequential(net)
        load = ("safetensors.torch.load_file(%r)" % args.output if kinds[1] == "safetensors" else
                "{k: torch.from_numpy(v) for k, v in numpy.load(%r).items()}" % args.output)
        lacks = pytorch.modules_torch_lacks(net)
        message("in PyTorch: model = %s.double(); model.load_state_dict(%s)%s" % (
            model, load, "  (%s: docs/formats.md defines %s)" % (
                ", ".join(lacks), "it" if len(lacks) == 1 else "them") if lacks else ""))
    return EXIT_OK


def cmd_web(args):
    """The static web page (``site.py``): exit 2 with one line if Pyodide is missing."""
    from ..web.site import SiteError, build_site
    try:
        done = build_site(args.outdir, args.pyodide)
    except SiteError as e:
        raise UsageError(str(e))
    except OSError as e:
        raise UsageError("cannot write to %s: %s" % (args.outdir, e.strerror or e))
    message("wrote the web page to %s (%d purenet files, Pyodide %s: %.1f MiB from %s); see it with\n"
             "  python -m http.server -d %s\nand open http://localhost:8000/"
             % (done["outdir"], done["files"], done["pyodide_version"], done["pyodide_bytes"] / 1048576.0,
                done["pyodide"], done["outdir"]))
    return EXIT_OK
