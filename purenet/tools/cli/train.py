"""``purenet train``: gradient descent from the command line, and every way out keeps the work.

Before the first epoch, the inputs are read and checked (within ``--max-file-size``) and so are
the outputs (``outputs.check_outputs``: writable, regular, distinct from each other and from the
inputs, room on the disk): a bad ``--out`` is refused before any work, never found at the end.

Then training runs inside one protected region. After every epoch the parameters are copied
together with the epoch's number (``_Run.on_epoch``), so the pair saved is always consistent,
wherever an interruption lands. Whatever ends the region (the last epoch, divergence, an output
leaving the loss's domain, SIGINT, SIGTERM, SIGHUP, any exception), the guard is disarmed first
(later signals are recorded, not raised: saving is never interrupted), then the model of the last
completed epoch is written to ``--out`` (with the update's state of the same epoch, ``--state``;
``train_state.py``), the history and the plot after it, under a lock on the
folder, and one line says what happened, which epoch was saved, and where. A save that fails is
said plainly, with exit status 3. Progress lines that cannot be written (stderr closed or full)
are dropped; training goes on.

Exit status after training began: 0 every epoch done; 1 stopped early by divergence, the loss's
domain or an unexpected error (the last good epoch saved); 128 + n for signal n (130 SIGINT, 143
SIGTERM, 129 SIGHUP; the last completed epoch saved); 3 when an output could not be written.
"""

from ...checks import count
from .. import files
from ..files import outputs
from .commands import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_NOT_SAVED,
    EXIT_OK,
    UsageError,
    check_output_paths,
    load_model_and_data,
    warn_pairing,
)
from .progress import Progress
from .signals import Guard, Stopped
from .stdio import message
from .train_state import resolve, snapshot, state_size_bound

GROWTH = 100.0       # the cost warning: J above GROWTH times the initial cost (two orders of magnitude)


def model_size_bound(net):
    """The most bytes the model file of a network shaped like net can take: its text now, with
    every number widened to the longest repr of a double (24 characters)."""
    text = files.dumps(files.model_to_dict(net))
    widen = 0
    for w, b, _ in net.layers():
        for row in w:
            for x in row:
                widen += outputs.LONGEST_NUMBER - len(repr(x))
        for x in b or ():
            widen += outputs.LONGEST_NUMBER - len(repr(x))
    return len(text) + widen


def _copy(net):
    return ([None, None] + [[row[:] for row in net.w[l]] for l in range(2, net.L + 1)],
            [None, None] + [None if net.b[l] is None else net.b[l][:] for l in range(2, net.L + 1)])


class _Run:
    """What the command line keeps while ``train`` runs: ``last`` = (epoch, parameters after it,
    the update's state then), replaced in one assignment after every epoch, the progress lines
    and the cost warning. ``plan``: the update, its options and state (``train_state.Plan``);
    epochs are counted from the state's (``plan.first``) when a run is continued."""

    def __init__(self, net, history, args, plan):
        self.net = net
        self.history = history
        self.args = args
        self.plan = plan
        self.last = (plan.first, _copy(net), snapshot(plan.state))
        self.warned = False
        self.progress = Progress(args.epochs, args.progress_every)

    def on_epoch(self, epoch, J):
        epoch += self.plan.first
        self.last = (epoch, _copy(self.net), snapshot(self.plan.state))
        args = self.args
        self.progress.update(epoch, J)
        J0 = self.history["cost"][0]
        if not self.warned and J0 > 0.0 and J > GROWTH * J0:
            self.warned = True
            message("purenet train: warning: in epoch %d the cost reached %r, more than %d times "
                     "its initial %r; the learning rate %r may be too large"
                     % (epoch, J, GROWTH, J0, args.learning_rate))


def _train_protected(run, net, X, Y, guard):
    """Run ``training.train``; return what ended it (None when every epoch ran), with the guard
    disarmed, whatever happens and wherever a signal lands."""
    from ...training import train
    args, plan = run.args, run.plan
    cause = None
    try:
        try:
            train(net, X, Y, args.loss, args.learning_rate, args.epochs - plan.first,
                  batch_size=args.batch_size, update=plan.update, shuffle_seed=args.shuffle_seed,
                  history=run.history, on_epoch=run.on_epoch, state=plan.state, **plan.options)
        except BaseException as e:                # a signal, divergence, any error: keep the work
            cause = e
        guard.disarm()
    except Stopped as e:                          # the guard's one signal landed just after train()
        if cause is None:                         # ended or while its exception was being caught
            context = e.__context__
            cause = context if context is not None and not isinstance(context, Stopped) else e
    guard.disarm()
    return cause


def _stop_text(cause, run):
    """(what happened, exit status, which epoch the saved model is: a phrase)."""
    from ...training import TrainingDiverged
    args = run.args
    epoch = run.last[0]
    if isinstance(cause, TrainingDiverged):
        text = "stopped: %s in epoch %d." % (cause.reason, cause.epoch)
        if cause.cost is None:
            last = "the last good epoch"
            s = run.net.s[run.net.L]
            hint = (" or an output layer whose values the loss can take (sigmoid)"
                    if s.name not in ("sigmoid", "softmax") else "")
            text = "stopped: in epoch %d an output left the loss's domain (%s). Try a smaller " \
                   "learning rate than %r%s." % (cause.epoch, cause.reason, args.learning_rate, hint)
        else:
            last = "the last finite epoch"
            text += " Try a smaller learning rate than %r." % args.learning_rate
        return text, EXIT_FAILED, last
    where = "in epoch %d" % (epoch + 1) if epoch < args.epochs else "after the last epoch"
    if isinstance(cause, (Stopped, KeyboardInterrupt)):
        stop = cause if isinstance(cause, Stopped) else None
        name = stop.describe() if stop else "SIGINT (Ctrl-C)"
        return ("interrupted by %s %s;" % (name, where),
                stop.exit_code if stop else EXIT_INTERRUPTED, "the last completed epoch")
    kind = type(cause).__name__
    detail = str(cause).splitlines()[0] if str(cause) else ""
    return ("stopped by an unexpected error %s (%s%s);" % (where, kind, ": " + detail if detail else ""),
            EXIT_FAILED, "the last completed epoch")


def _save_all(run, net):
    """Write the model, then the history, then the plot, under a lock on --out's folder; return
    the failures as (what, path, reason) and the outputs written."""
    args, plan = run.args, run.plan
    epoch, (w, b), state = run.last
    net.w, net.b = w, b                               # the parameters after epoch `epoch`
    history = run.history
    del history["cost"][epoch - plan.first + 1:]      # the costs of the epochs saved, no more
    history["completed_epochs"] = epoch
    jobs = [("model", args.out, lambda: files.write_json_atomic(args.out, files.model_to_dict(net)))]
    if plan.state_path is not None:                   # the update's state of the same epoch
        text = plan.state_dict(state, args.learning_rate, net)
        jobs.append(("state", plan.state_path, lambda: files.write_json_atomic(plan.state_path, text)))
    if args.history is not None:
        jobs.append(("history", args.history, lambda: files.write_json_atomic(args.history, history)))
    if args.plot is not None and history["cost"]:
        jobs.append(("plot", args.plot, lambda: _write_plot(args, history)))
    failed, written = [], []
    with outputs.locked(args.out):
        for what, path, job in jobs:
            try:
                job()
                written.append((what, path))
            except Exception as e:                    # OSError, MemoryError, ValueError (NaN)
                failed.append((what, path, getattr(e, "strerror", None) or str(e) or type(e).__name__))
    return failed, written


def _write_plot(args, history):
    from .. import plot
    from ..ticks import prefers_log
    cost = history["cost"]
    log_y = prefers_log(min(cost), max(cost))           # every loss is >= 0: a linear axis from 0
    text = plot.line_plot([{"label": "cost J (%s)" % args.loss, "x": list(range(len(cost))), "y": cost}],
                         title="training cost, learning rate %r, %s update"
                               % (args.learning_rate, args.update or "plain"),
                         xlabel="epoch", ylabel="cost J" + (" (log scale)" if log_y else ""), log_y=log_y,
                         y_from_zero=True)
    outputs.write_text_atomic(args.plot, text)


def cmd_train(args):
    net, X, Y = load_model_and_data(args, loss=args.loss)
    plan = resolve(args, net, len(X))
    outs = [("--out", args.out), ("--history", args.history), ("--plot", args.plot)]
    need = {"--out": model_size_bound(net)}
    if plan.state_path is not None:
        outs.append(("--state", plan.state_path))
        need["--state"] = state_size_bound(plan, args, net)
    ins = [("MODEL", args.model), ("DATA", args.data)] + ([("--resume", args.resume)] if args.resume else [])
    check_output_paths(outs, ins, need)
    if args.plot is not None and not args.plot.lower().endswith(".svg"):
        raise UsageError("--plot: %s does not end in .svg; the plot is an SVG file (cost.svg)" % args.plot)
    warn_pairing(args, net)
    args.update = plan.update
    history = {"loss": args.loss, "learning_rate": args.learning_rate, "epochs": args.epochs,
               "batch_size": args.batch_size, "update": args.update, "shuffle_seed": args.shuffle_seed,
               "cost": []}
    if plan.update not in ("plain", "normalized"):
        history["options"] = plan.used(args.learning_rate)
    if args.resume is not None:
        history["resumed_from_epoch"] = plan.first
    run = _Run(net, history, args, plan)
    guard = getattr(args, "guard", None)
    if guard is None:
        with Guard() as guard:
            return _finish(run, net, _train_protected(run, net, X, Y, guard), guard)
    return _finish(run, net, _train_protected(run, net, X, Y, guard), guard)


def _finish(run, net, cause, guard):
    """Save what was done and say so in one line; the exit status (module docstring)."""
    args = run.args
    run.progress.close()
    if cause is not None and not isinstance(cause, (Stopped, KeyboardInterrupt)) and not run.history["cost"]:
        if isinstance(cause, ValueError):             # refused before the first epoch: nothing done
            raise UsageError(str(cause))
    failed, written = _save_all(run, net)
    if cause is None and guard.received:              # a signal came after the last epoch and waited
        cause = guard.first()
    if cause is None:
        cost = run.history["cost"]
        done = count(args.epochs - run.plan.first, "epoch")
        if args.resume:
            done += " after the state's %d" % run.plan.first
        text = "done: %s, cost %r -> %r;" % (done, cost[0], cost[-1])
        code, which = EXIT_OK, None
    else:
        text, code, which = _stop_text(cause, run)
    epoch = run.last[0]
    saved = [path for what, path in written if what == "model"]
    if which is None:
        said = "saved the model to %s" % args.out if saved else ""
    else:
        said = "saved the model after epoch %d (%s) to %s" % (epoch, which, args.out) if saved else ""
    states = [path for what, path in written if what == "state"]
    if said and states:
        said += " and the update's state to %s" % states[0]
    if failed:
        lost = "; ".join("the %s could not be written to %s (%s)" % f for f in failed)
        if not saved:
            lost += ": the model after epoch %d is lost" % epoch
        said = (said + ", but " if said else "") + lost
        code = EXIT_NOT_SAVED
    message("purenet train: %s %s" % (text, said[0].upper() + said[1:] if text.endswith(".") else said))
    return code
