"""Real subprocesses for the tests of signals and pipes, every wait bounded: a test that goes
wrong fails after its deadline instead of hanging the suite.

``default_signals`` is the ``preexec_fn`` of every such child: a test runner started with SIGINT
ignored (a background job of a shell, ``nohup`` for SIGHUP) would pass the ignored signal on, and
a child sent SIGINT would then never stop."""
import os
import select
import signal
import subprocess
import sys
import time

from tests.host import ROOT


def default_signals():
    """In the child: the three signals at their defaults, whatever the test runner ignores."""
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)


def purenet(*argv, **kw):
    """``python -m purenet ARGV`` started from the repository's root (its purenet first on the
    path), stdout discarded and stderr a pipe unless said otherwise, default signals."""
    kw.setdefault("preexec_fn", default_signals)
    kw.setdefault("stdout", subprocess.DEVNULL)
    kw.setdefault("stderr", subprocess.PIPE)
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    env.update(kw.pop("env", {}))
    return subprocess.Popen([sys.executable, "-m", "purenet"] + [str(a) for a in argv], cwd=ROOT, env=env,
                            **kw)


def read_lines(p, n, timeout=60, stream=None):
    """The first n lines of p's stderr (or ``stream``), read with a deadline (and what came after
    them)."""
    fd, buf, lines = (stream or p.stderr).fileno(), b"", []
    deadline = time.monotonic() + timeout
    while len(lines) < n:
        left = deadline - time.monotonic()
        assert left > 0, "no %d lines within %d s: %r" % (n, timeout, lines)
        if not select.select([fd], [], [], left)[0]:
            continue
        chunk = os.read(fd, 65536)
        assert chunk, "the stream closed after %r" % lines
        buf += chunk
        while b"\n" in buf and len(lines) < n:
            line, buf = buf.split(b"\n", 1)
            lines.append(line.decode())
    return lines, buf


def finish(p, rest=b"", timeout=120):
    """(exit status, stderr) of p, waiting at most ``timeout`` seconds: a process, or a child of
    it still holding stderr open, that outlives the wait is killed with its whole group and the
    test fails instead of hanging."""
    try:
        _, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        for kill in (lambda: os.killpg(p.pid, signal.SIGKILL), p.kill):
            try:
                kill()
            except OSError:
                pass
        p.communicate()
        raise AssertionError("still running (or a child holding stderr) after %d s" % timeout)
    if isinstance(err, str):
        return p.returncode, rest.decode() + err
    return p.returncode, (rest + (err or b"")).decode()
