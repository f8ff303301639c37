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
import multiprocessing.connection
import os
import signal
import threading
import time

from ...network import entry, set_entry, zero_gradients

PARTS_PER_JOB = 4
MAX_JOBS = 64           # processes at most (``check --jobs`` takes 1 to 64), and never more than parts


class JobsError(ValueError):
    """The worker processes could not be had (too many open files or processes): one line."""


def _serve(conn, fn, args, inherited=(), parent=None):
    """A worker process: takes parts from ``conn`` until it gets None and sends back, for each,
    (True, fn(*args, part)) or (False, the exception it raised).

    A forked worker inherits the parent's ends of the pipes (``inherited``): it closes them, so
    that the parent's death closes the pipe and ``recv`` sees the end of file; and a thread
    watches the parent while a part is computed (``_watch``), so that a worker whose parent was
    killed (SIGKILL: no ``finally`` runs) exits within a second instead of computing on."""
    for other in inherited:
        other.close()
    _watch(os.getppid() if parent is None else parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C: the parent stops the workers, alone
    for name in ("SIGTERM", "SIGHUP"):                # at their defaults, not the parent's guard
        if hasattr(signal, name):                     # (guard.py), which a forked worker inherits
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    while True:
        try:
            part = conn.recv()
        except EOFError:                              # the parent is gone
            return
        if part is None:
            return
        try:
            conn.send((True, fn(*(args + (part,)))))
        except Exception as e:
            conn.send((False, e))


WATCH_EVERY = 0.25                                    # seconds between two looks at the parent


def _watch(parent):
    """Start a daemon thread that ends this process (``os._exit``) once its parent (the process
    id ``parent``) is gone: the parent process id changes when it dies (the orphan is adopted)."""
    def watch():
        while os.getppid() == parent:
            time.sleep(WATCH_EVERY)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


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
    ``jobs`` processes, in order. ``fn`` and ``args`` go to each process once.

    Each process has a pipe of its own and takes the next part when it has sent back the last.
    There is no ``multiprocessing.Pool``: its workers share a queue and its lock, so a worker killed
    while waiting on the queue (a signal to the whole process group) left the lock held, the pool
    forked a replacement, and stopping the pool waited for that lock for ever (seen on PyPy).
    Here, whatever stops the parent (an exception, the guard's ``Stopped``), the ``finally`` kills
    the workers that are still alive; a worker that dies makes the parent raise ``RuntimeError``."""
    work = parts(net, params, jobs)
    if jobs <= 1 or len(work) <= 1:
        return [fn(*(args + (part,))) for part in work]
    context = multiprocessing.get_context()
    workers = {}                                      # the parent's end of a pipe -> its process
    results = [None] * len(work)
    doing = {}                                        # the parent's end of a pipe -> index of its part
    try:
        wanted = min(jobs, len(work), MAX_JOBS)
        for _ in range(wanted):
            try:
                ours, theirs = context.Pipe()
            except OSError as e:
                raise _no_workers(wanted, len(workers), e) from None
            process = context.Process(target=_serve, daemon=True,
                                      args=(theirs, fn, args, list(workers) + [ours], os.getpid()))
            try:
                process.start()
            except OSError as e:
                ours.close()
                raise _no_workers(wanted, len(workers), e) from None
            finally:
                theirs.close()
            workers[ours] = process
        following = 0
        for conn in workers:
            conn.send(work[following])
            doing[conn] = following
            following += 1
        while doing:
            for conn in multiprocessing.connection.wait(list(doing)):
                try:
                    ok, value = conn.recv()
                except EOFError:
                    workers[conn].join(5)             # its exit code, once it is reaped
                    raise RuntimeError("a worker process of the verifier died (exit code %s)"
                                       % workers[conn].exitcode) from None
                if not ok:
                    raise value
                results[doing.pop(conn)] = value
                if following < len(work):
                    conn.send(work[following])
                    doing[conn] = following
                    following += 1
        for conn in workers:
            conn.send(None)
        for process in workers.values():
            process.join()
        return results
    finally:
        for conn, process in workers.items():
            if process.is_alive():
                process.kill()
            process.join()
            conn.close()


def _no_workers(wanted, started, e):
    return JobsError("cannot start %d worker processes (jobs): %s after %d; ask for fewer jobs or "
                     "raise the limit (ulimit -n, ulimit -u)" % (wanted, e.strerror or e, started))


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
