"""The verifier's per-parameter work split across processes: ``check --jobs N``.

Host only: this module imports the standard library's ``multiprocessing``, which MicroPython and
Pyodide lack, and ``gradcheck.py`` imports it only when it is asked for more than one job, so the
verifier stays single-process and portable otherwise.

What is split is a list of parameters (``network.parameters``): the finite differences of the
full check, and an engine that works parameter by parameter (``recursion_001``). Each parameter's
result depends only on the network, the data and that parameter, and the parts come back in the
order of the parameters, so the result is the same, bit for bit, whatever the number of jobs.
The parameters are cut into a few contiguous parts per process, of about the same estimated
cost (``cost``: the output layer's parameters cost almost nothing, the first layer's the most),
and handed out one at a time, so that a process that finishes early takes the next.
"""

import multiprocessing
import signal

from ..network import entry, set_entry, zero_gradients

PARTS_PER_JOB = 4
_WORK = {}                      # in each worker process: the function and its fixed arguments


def _start(fn, args):
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C: the parent stops the pool, alone
    for name in ("SIGTERM", "SIGHUP"):                # not the parent's guard (guard.py), inherited
        if hasattr(signal, name):                     # by fork: the pool's terminate() ends a
            signal.signal(getattr(signal, name), signal.SIG_DFL)      # worker quietly
    _WORK["fn"], _WORK["args"] = fn, args


def _run(part):
    return _WORK["fn"](*(_WORK["args"] + (part,)))


def cost(net, l):
    """About what one parameter of layer l costs, per sample, in multiply-adds: the incremental
    pass and recursion_001 both update layer l + 1 by one term per neuron and do full products
    only from layer l + 2 on (plus a constant for the bookkeeping)."""
    n = net.sizes                                   # n[m - 1]: the neurons of layer m
    c = 16 + (n[l] if l < net.L else 0)
    for m in range(l + 2, net.L + 1):
        c += n[m - 2] * n[m - 1]
    return c


def parts(net, params, jobs):
    """``params`` cut into at most PARTS_PER_JOB·jobs contiguous, non-empty parts of about the
    same ``cost``, in order (a parameter of the first layer can cost a hundred of the last's)."""
    weight = [0] * (net.L + 1)
    for l in range(2, net.L + 1):
        weight[l] = cost(net, l)
    total = 0
    for q in params:
        total += weight[q[2]]
    n = min(len(params), PARTS_PER_JOB * jobs)
    out, start, done = [], 0, 0
    for k in range(len(params)):
        done += weight[params[k][2]]
        if len(out) < n - 1 and done * n >= (len(out) + 1) * total:
            out.append(params[start:k + 1])
            start = k + 1
    if start < len(params):
        out.append(params[start:])
    return out


def split(fn, args, net, params, jobs):
    """[fn(*args, part) for every part of ``params``] (the parameters of ``net``), computed by
    ``jobs`` processes, in order. ``fn`` and ``args`` go to each process once (pickled where the
    start method is not fork)."""
    work = parts(net, params, jobs)
    if jobs <= 1 or len(work) <= 1:
        return [fn(*(args + (part,))) for part in work]
    with multiprocessing.Pool(min(jobs, len(work)), _start, (fn, args)) as pool:
        return pool.map(_run, work, chunksize=1)


def _engine_part(gradient, net, X, Y, loss, part):
    J, gw, gb = gradient(net, X, Y, loss, part)
    return J, [entry(gw, gb, kind, l, i, j) for name, kind, l, i, j in part]


def engine_gradient(gradient, net, X, Y, loss, params, jobs):
    """(J, gw, gb) of an engine that computes one parameter at a time and takes the parameters to
    compute (``gradient(net, X, Y, loss, only)``, as ``recursion_001.gradient`` does), with
    ``params`` split across ``jobs`` processes."""
    gw, gb = zero_gradients(net)
    J = None
    k = 0
    for J, values in split(_engine_part, (gradient, net, X, Y, loss), net, params, jobs):
        for value in values:
            name, kind, l, i, j = params[k]
            set_entry(gw, gb, kind, l, i, j, value)
            k += 1
    return J, gw, gb
