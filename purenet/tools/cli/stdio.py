"""The standard streams of the command line, closed or full: one rule for every verb.

- ``message(text)``: one line on stderr; a closed or full stderr loses the message, never the work.
- ``write_stdout(text)``: data on stdout; a reader that stops early (``| head``) raises
  ``StdoutClosed`` (exit 0: the reader's choice), any other failure ``Failed`` (one line, exit 1).
- ``silence(stream)``: a stream that failed is pointed at /dev/null, so that what is left in its
  buffer cannot fail again when the interpreter flushes it at exit (CPython would exit 120).

Host-only; it imports nothing of purenet.
"""

import os
import sys


class Failed(Exception):
    """The computation failed (exit 1)."""


class StdoutClosed(Exception):
    """The reader of stdout stopped early (``| head``): not an error, exit 0."""



def silence(stream):
    """Point a failed standard stream at /dev/null, so that what is left in its buffer cannot
    fail again when the interpreter flushes it at exit (CPython would exit 120)."""
    try:
        fd = stream.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def message(text):
    """One line on stderr; never raises (a closed or full stderr loses the message, not the work)."""
    err = sys.stderr
    if err is None:
        return
    try:
        err.write(text + "\n")
        err.flush()
    except (OSError, ValueError):
        silence(err)


def write_stdout(text):
    out = sys.stdout
    if out is None:
        raise Failed("cannot write the result: stdout is closed")
    try:
        out.write(text)
        out.flush()
    except BrokenPipeError:
        silence(out)
        raise StdoutClosed()
    except (OSError, ValueError) as e:
        silence(out)
        raise Failed("cannot write the result to stdout: %s" % (getattr(e, "strerror", None) or e))
