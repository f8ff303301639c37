"""The verifier's per-parameter work split across processes: ``check --jobs N``.

Host only: this module imports the standard library's ``multiprocessing``, which MicroPython and
Pyodide lack, and ``gradcheck.py`` imports it only when it is asked for more than one job, so the
verifier stays single-process and portable otherwise.

What is split is a list of parameters (``network.parameters``): the finite differences of the
full check, and an engine that works parameter by parameter (``recursion_001``). Each parameter's
result depends only on the network, the data and that parameter, and the parts come back in the
order of the parameters, so the result is the same, bit for bit, whatever the number of jobs.
The parameters are cut into several contiguous parts per process, handed out one at a time, so
that a process that drew cheap parameters (the output layer's cost almost nothing) takes more.
"""

import multiprocessing

from ..network import entry, set_entry, zero_gradients

PARTS_PER_JOB = 8
_WORK = {}                      # in each worker process: the function and its fixed arguments


def _start(fn, args):
    _WORK["fn"], _WORK["args"] = fn, args


def _run(part):
    return _WORK["fn"](*(_WORK["args"] + (part,)))


def parts(items, jobs):
    """``items`` cut into at most PARTS_PER_JOB·jobs contiguous, non-empty parts, in order."""
    n = min(len(items), PARTS_PER_JOB * jobs)
    return [items[k * len(items) // n:(k + 1) * len(items) // n] for k in range(n)]


def split(fn, args, items, jobs):
    """[fn(*args, part) for every part of ``items``], computed by ``jobs`` processes, in order.
    ``fn`` and ``args`` go to each process once (pickled where the start method is not fork)."""
    work = parts(items, jobs)
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
    for J, values in split(_engine_part, (gradient, net, X, Y, loss), params, jobs):
        for value in values:
            name, kind, l, i, j = params[k]
            set_entry(gw, gb, kind, l, i, j, value)
            k += 1
    return J, gw, gb
