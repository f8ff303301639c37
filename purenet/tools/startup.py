"""The first moments of ``python -m purenet VERB``, before the command line (``cli/``) is imported:
from here on SIGTERM and SIGHUP stop the process as they do later (exit 143 or 129 and one line,
not the signal's raw death) and SIGINT exits 130 with one line instead of a KeyboardInterrupt
traceback. Once the command line runs, ``cli/signals.py``'s guard takes over (it saves the work).

A signal that was ignored when purenet started stays ignored (``nohup``, a background job):
``ignored_by_the_kernel`` asks the kernel, since PyPy's ``signal.getsignal`` reports SIG_DFL for
a signal ignored since the process started. What comes before this module, the interpreter's own
start and the import of the core (``purenet/__init__.py``), is the interpreter's: a signal there
ends the process as Python would.

Host-only (CPython, PyPy; a board without ``tools/`` never comes here); it imports only ``sys`` and
``_signal`` (``signal`` without its enums), so that it is quick to import.
"""

import sys

try:
    import _signal as signal  # the C module itself: signal.py's enums take milliseconds to import
except ImportError:
    import signal

NAMES = ("SIGINT", "SIGTERM", "SIGHUP")
WHY = {"SIGINT": "Ctrl-C", "SIGTERM": "a request to terminate", "SIGHUP": "the terminal closed"}


class Early(BaseException):
    """SIGTERM or SIGHUP before the command line's guard was armed (``signum``)."""

    def __init__(self, signum):
        self.signum = signum
        super().__init__(signum)


def ignored_by_the_kernel():
    """The signals this process ignores, from /proc/self/status where there is one."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("SigIgn:"):
                    mask = int(line.split()[1], 16)
                    return set(n for n in range(1, 65) if mask >> (n - 1) & 1)
    except (OSError, ValueError, IndexError):
        pass
    return set()


def _stop(signum, frame):
    raise Early(signum)


def _signals():
    return [getattr(signal, name) for name in NAMES if hasattr(signal, name)]


def install():
    """SIGTERM and SIGHUP raise ``Early`` from now on, unless they are ignored (SIGINT already
    raises KeyboardInterrupt)."""
    ignored = ignored_by_the_kernel()
    for signum in _signals():
        if signum == signal.SIGINT:
            continue
        try:
            if signal.getsignal(signum) == signal.SIG_DFL and signum not in ignored:
                signal.signal(signum, _stop)
        except (ValueError, OSError, TypeError):
            pass


def command_line(argv):
    """``cli.main(argv, program=True)`` with the signals handled from the first moment: a signal
    before the guard is armed is one line, ``purenet VERB: stopped by SIGTERM (a request to
    terminate) while starting``, and exit 128 + its number."""
    try:
        install()
        from .cli import main
        return main(argv, program=True)
    except KeyboardInterrupt:
        signum = signal.SIGINT
    except Early as e:
        signum = e.signum
    for other in _signals():                 # the message is the last act: nothing interrupts it
        try:
            signal.signal(other, signal.SIG_IGN)
        except (ValueError, OSError, TypeError):
            pass
    name = next((n for n in NAMES if getattr(signal, n, None) == signum), "signal %d" % signum)
    verb = argv[0] if argv and argv[0].isidentifier() and len(argv[0]) <= 20 else ""
    try:
        sys.stderr.write("purenet%s: stopped by %s (%s) while starting\n"
                         % (" " + verb if verb else "", name, WHY.get(name, "a signal")))
        sys.stderr.flush()
    except (OSError, AttributeError, ValueError):
        pass
    return 128 + signum
