"""Signals while the command line works: SIGINT, SIGTERM and SIGHUP stop the work once, cleanly.

The first of the three raises ``Stopped`` wherever the program is (it is a BaseException, like
KeyboardInterrupt, so ``training.train`` restores the last completed epoch on its way out and
``outputs.write_text_atomic`` removes its temporary file); the guard then disarms itself, and every
later signal is only recorded in ``received``. So a second Ctrl-C, or a SIGTERM from a scheduler
that follows a SIGINT, can never interrupt the saving of the work. The caller disarms the guard
itself before it saves (``disarm``) and reads ``received`` afterwards.

A signal that was ignored when purenet started stays ignored (``nohup`` ignores SIGHUP; a shell
ignores SIGINT for background jobs). SIGKILL cannot be caught: it can leave a temporary
``.purenet-*.tmp`` file behind, never a half-written output.

Host-only (CPython, PyPy); the core never imports it.
"""

import signal
import threading

from ..startup import NAMES, WHY, ignored_by_the_kernel


def signal_name(signum):
    for name in NAMES:
        if getattr(signal, name, None) == signum:
            return name
    return "signal %d" % signum


class Stopped(BaseException):
    """Raised once by the guard for the first SIGINT, SIGTERM or SIGHUP: ``signum``, ``name``
    (``"SIGTERM"``) and ``exit_code`` (128 + the signal's number: 130, 143, 129)."""

    def __init__(self, signum):
        self.signum = signum
        self.name = signal_name(signum)
        self.exit_code = 128 + signum
        super().__init__(self.name)

    def describe(self):
        """``SIGINT (Ctrl-C)``, ``SIGTERM (a request to terminate)``, ..."""
        return "%s (%s)" % (self.name, WHY[self.name]) if self.name in WHY else self.name


class Guard:
    """``with Guard() as guard:`` installs the handlers (main thread only) and restores the old
    ones on the way out; ``armed`` until the first signal or ``disarm()``."""

    def __init__(self):
        self.armed = True
        self.received = []
        self._old = {}

    def _handle(self, signum, frame):
        self.received.append(signum)
        if self.armed:
            self.armed = False                 # once: later signals are recorded, not raised
            raise Stopped(signum)

    def disarm(self):
        """From now on signals are only recorded (``received``)."""
        self.armed = False

    def first(self):
        """The first signal received, as a Stopped (not raised), or None."""
        return Stopped(self.received[0]) if self.received else None

    def __enter__(self):
        if threading.current_thread() is not threading.main_thread():
            return self
        ignored = ignored_by_the_kernel()
        for name in NAMES:
            signum = getattr(signal, name, None)
            if signum is None:
                continue
            try:
                old = signal.getsignal(signum)
                if old == signal.SIG_IGN or signum in ignored:
                    continue
                signal.signal(signum, self._handle)
                self._old[signum] = old
            except (ValueError, OSError, TypeError):
                pass
        return self

    def ignore_from_now_on(self):
        """SIG_IGN for the three signals the guard handles: for the last moments of the process,
        when a Python handler could no longer run (CPython resets them to the default, which
        kills, while it shuts down; it leaves ignored signals ignored)."""
        for signum in list(self._old):
            try:
                signal.signal(signum, signal.SIG_IGN)
            except (ValueError, OSError, TypeError):
                pass
        self._old = {}

    def __exit__(self, *exc):
        for signum, old in self._old.items():
            try:
                signal.signal(signum, old if old is not None else signal.SIG_DFL)
            except (ValueError, OSError, TypeError):
                pass
        self._old = {}
        return False
