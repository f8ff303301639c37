"""What each verb of the command line does: ``cmd_init``, ``cmd_forward``, ``cmd_grad``,
``cmd_train``, ``cmd_check``, ``cmd_vectors``, ``cmd_convert``, ``cmd_web``, each a function of the
parsed arguments (``cli.py`` parses them) that returns the exit status.

Output that is data goes to stdout as JSON (numbers by ``repr``); messages go to stderr, one line
each. Bad input raises ``UsageError`` (exit 2), a failed computation ``Failed`` (exit 1).
"""

import json
import os
import sys

from ..matrix import count
from . import formats

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

EXIT_CODES = """exit codes:
  0    success
  1    check failed, training diverged, or a result is not finite
  2    bad input or usage (malformed file: one line naming the place)
  130  interrupted (Ctrl-C); train saves the last completed epoch first"""


class UsageError(Exception):
    """Bad input found after argument parsing: printed as one line, exit 2."""


class Failed(Exception):
    """The computation failed (exit 1)."""


# ---------------------------------------------------------------------------------------------
# output

def _emit(obj):
    """Write obj as JSON on stdout; Failed if it holds NaN or infinity."""
    try:
        text = formats.dumps(obj)
    except ValueError as e:
        raise Failed("the result is not finite, so it cannot be written as JSON (%s)" % e)
    sys.stdout.write(text)
    sys.stdout.flush()


def _save(path, obj, what):
    try:
        formats.write_json_atomic(path, obj)
    except ValueError as e:
        raise Failed("the %s is not finite, so it was not written to %s (%s)" % (what, path, e))
    except OSError as e:
        raise UsageError("cannot write %s: %s" % (path, e.strerror or e))


def _message(text):
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


# ---------------------------------------------------------------------------------------------
# the verbs

def cmd_init(args):
    from ..network import init_network
    sizes = args.sizes
    try:
        activation = formats.layer_activations(args.activation, len(sizes) - 1,
                                               "--sizes " + ",".join(map(str, sizes)))
    except ValueError as e:
        raise UsageError("--activation: %s" % e)
    try:
        net = init_network(sizes, activation, bias=not args.no_bias, seed=args.seed)
    except ValueError as e:
        raise UsageError(str(e))
    if args.out:
        _save(args.out, formats.model_to_dict(net), "model")
        _message("wrote a %s network (seed %d) to %s" % ("-".join(map(str, sizes)), args.seed, args.out))
    else:
        _emit(formats.model_to_dict(net))
    return EXIT_OK


def _load(args, need_targets=True):
    net = formats.load_model(args.model)
    X, Y = formats.load_data(args.data, net, need_targets=need_targets)
    return net, X, Y


def cmd_forward(args):
    from ..network import forward
    net, X, Y = _load(args, need_targets=False)
    traces = [forward(net, x) for x in X]
    out = {"outputs": [t.output for t in traces]}
    if args.trace:
        out["samples"] = [{"z": {str(l): t.z[l] for l in range(1, net.L + 1)},
                           "a": {str(l): t.a[l] for l in range(1, net.L + 1)}} for t in traces]
    _emit(out)
    return EXIT_OK


def cmd_grad(args):
    from ..backprop import gradient
    net, X, Y = _load(args)
    try:
        J, gw, gb = gradient(net, X, Y, args.loss)
    except ValueError as e:
        raise UsageError(str(e))
    d = formats.gradients_to_dict(J, gw, gb)
    if args.out:
        _save(args.out, d, "gradient")
    else:
        _emit(d)
    return EXIT_OK


def cmd_train(args):
    from ..training import TrainingDiverged, train
    net, X, Y = _load(args)
    history = {"loss": args.loss, "learning_rate": args.learning_rate, "epochs": args.epochs,
               "batch_size": args.batch_size, "update": args.update, "shuffle_seed": args.shuffle_seed,
               "cost": []}
    every = args.progress_every

    def on_epoch(epoch, J):
        if epoch % every == 0 or epoch == args.epochs:
            _message("epoch %d/%d  cost %r" % (epoch, args.epochs, J))

    def finish(completed, note):
        history["completed_epochs"] = completed
        _save(args.out, formats.model_to_dict(net), "model")
        if args.history:
            _save(args.history, history, "history")
        if args.plot and history["cost"]:
            _write_plot(args, history)
        _message(note)

    try:
        try:
            train(net, X, Y, args.loss, args.learning_rate, args.epochs, batch_size=args.batch_size,
                  update=args.update, shuffle_seed=args.shuffle_seed, history=history, on_epoch=on_epoch)
        except TrainingDiverged as e:
            # train() has restored the parameters of the last finite epoch
            finish(e.epoch - 1, "purenet train: stopped: %s in epoch %d. Try a smaller learning "
                   "rate than %r. Saved the model after epoch %d (the last finite epoch) to %s"
                   % (e.reason, e.epoch, args.learning_rate, e.epoch - 1, args.out))
            return EXIT_FAILED
    except ValueError as e:
        raise UsageError(str(e))
    except KeyboardInterrupt:
        # train() has restored the parameters of the last completed epoch
        completed = max(0, len(history["cost"]) - 1)
        finish(completed, "purenet train: interrupted; saved the model after epoch %d (the last "
               "completed epoch) to %s" % (completed, args.out))
        return EXIT_INTERRUPTED
    finish(args.epochs, "purenet train: done: %s, cost %r -> %r; saved the model to %s"
           % (count(args.epochs, "epoch"), history["cost"][0], history["cost"][-1], args.out))
    return EXIT_OK


def _write_plot(args, history):
    from . import plot
    cost = history["cost"]
    positive = all(J > 0.0 for J in cost)
    log_y = positive and max(cost) / min(cost) > 100.0
    text = plot.line_plot([{"label": "cost J (%s)" % args.loss, "x": list(range(len(cost))), "y": cost}],
                         title="training cost, learning rate %r, %s update"
                               % (args.learning_rate, args.update),
                         xlabel="epoch", ylabel="cost J" + (" (log scale)" if log_y else ""), log_y=log_y)
    try:
        plot.write_svg(args.plot, text)
    except OSError as e:
        raise UsageError("cannot write %s: %s" % (args.plot, e.strerror or e))


def cmd_check(args):
    """The verifier (``gradcheck.py``) on a model and a data file: exit 0 when every comparable
    parameter passes, 1 when one fails (each failing parameter named), 2 for bad input."""
    from .gradcheck import compare_engines, verify, verify_fast, verify_gradients
    net, X, Y = _load(args)
    if args.gradients:
        from .interop import load_gradients
        try:
            their_J, their_gw, their_gb = load_gradients(args.gradients, net)
        except formats.FileFormatError:
            raise
        except ValueError as e:          # a pickle
            raise UsageError("--gradients: %s" % e)
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
    if args.json:
        sys.stdout.write(json.dumps(result.to_json(), indent=2) + "\n")
    else:
        sys.stdout.write(result.format())
    return EXIT_FAILED if failed else EXIT_OK


def cmd_vectors(args):
    from .conformance import write_vectors
    if os.path.exists(args.outdir) and not os.path.isdir(args.outdir):
        raise UsageError("%s exists and is not a folder" % args.outdir)
    try:
        written = write_vectors(args.outdir)
    except OSError as e:
        raise UsageError("cannot write to %s: %s" % (args.outdir, e.strerror or e))
    cases = sum(n for _, n in written)
    _message("wrote %d files with %d cases to %s" % (len(written), cases, args.outdir))
    return EXIT_OK


def cmd_convert(args):
    """A model from IN to OUT, each a purenet model file (.json), a safetensors file or an .npz,
    chosen by the extension (``interop.py``; docs/formats.md, "Weight files")."""
    from . import interop
    try:
        kinds = interop.file_kind(args.input), interop.file_kind(args.output)
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
        net = formats.load_model(args.input)
    else:
        tensors, metadata = interop.read_tensors(args.input)
        activation = None
        if args.activation:
            n_layers = interop.linear_layers(tensors)
            try:
                activation = formats.layer_activations(args.activation, max(n_layers, 1), "%s (%s)" % (
                    args.input, count(n_layers, "Linear layer")))
            except ValueError as e:
                raise UsageError("--activation: %s" % e)
        net = interop.network_from_tensors(tensors, metadata, activation, args.input)
    note = "F64, every bit kept"
    if dtype == "F32":
        try:
            changed, total, largest = interop.f32_rounding(net)
        except ValueError as e:
            raise UsageError("--dtype F32: %s" % e)
        note = ("F32: each value rounded to the nearest float32, %d of %d changed (by at most %.2g of "
                "the value)" % (changed, total, largest))
    try:
        interop.save(args.output, net, dtype)
    except OSError as e:
        raise UsageError("cannot write %s: %s" % (args.output, e.strerror or e))
    _message("purenet convert: wrote %s: a %s network (--activation %s)%s" % (
        args.output, "-".join(str(n) for n in net.sizes),
        ",".join(interop.spec_text(net.s[l]) for l in range(2, net.L + 1)),
        "" if kinds[1] == "json" else ", " + note))
    if kinds[1] != "json":
        model = interop.sequential(net)
        load = ("safetensors.torch.load_file(%r)" % args.output if kinds[1] == "safetensors" else
                "{k: torch.from_numpy(v) for k, v in numpy.load(%r).items()}" % args.output)
        lacks = interop.modules_torch_lacks(net)
        _message("in PyTorch: model = %s.double(); model.load_state_dict(%s)%s" % (
            model, load, "  (%s: docs/formats.md defines %s)" % (
                ", ".join(lacks), "it" if len(lacks) == 1 else "them") if lacks else ""))
    return EXIT_OK


def cmd_web(args):
    """The static web page (``site.py``): exit 2 with one line if Pyodide is missing."""
    from .site import SiteError, build_site
    try:
        done = build_site(args.outdir, args.pyodide)
    except SiteError as e:
        raise UsageError(str(e))
    except OSError as e:
        raise UsageError("cannot write to %s: %s" % (args.outdir, e.strerror or e))
    _message("wrote the web page to %s (%d purenet files, Pyodide %s: %.1f MiB from %s); see it with\n"
             "  python -m http.server -d %s\nand open http://localhost:8000/"
             % (done["outdir"], done["files"], done["pyodide_version"], done["pyodide_bytes"] / 1048576.0,
                done["pyodide"], done["outdir"]))
    return EXIT_OK
