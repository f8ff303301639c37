"""What each verb of the command line does: ``cmd_init``, ``cmd_forward``, ``cmd_grad``,
``cmd_train``, ``cmd_check``, ``cmd_vectors``, each a function of the parsed arguments
(``cli.py`` parses them) that returns the exit status.

Output that is data goes to stdout as JSON (numbers by ``repr``); messages go to stderr, one line
each. Bad input raises ``UsageError`` (exit 2), a failed computation ``Failed`` (exit 1).
"""

import json
import os
import sys

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
    sizes, names = args.sizes, args.activation
    n_layers = len(sizes) - 1
    if len(names) == 1:
        activation = names[0]
    elif len(names) == 2:
        activation = [names[0]] * (n_layers - 1) + [names[1]]
    elif len(names) == n_layers:
        activation = names
    else:
        raise UsageError("--activation: give one name (every layer), two (hidden,output) or %d "
                         "(one per layer 2..%d), not %d" % (n_layers, n_layers + 1, len(names)))
    if n_layers == 1 and len(names) == 2:
        raise UsageError("--activation: a network with --sizes %s has no hidden layer; give one name"
                         % ",".join(map(str, sizes)))
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
    finish(args.epochs, "purenet train: done: %d epochs, cost %r -> %r; saved the model to %s"
           % (args.epochs, history["cost"][0], history["cost"][-1], args.out))
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
        their_J, their_gw, their_gb = formats.load_gradients(args.gradients, net)
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
