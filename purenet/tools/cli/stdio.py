"""The standard streams of the command line, closed, full or a terminal: one rule for every verb.

Every write of the command line to stdout or stderr goes through here:

- ``message(text)``: one line on stderr; a closed or full stderr loses the message, never the work.
- ``write_stdout(text)``: data on stdout; a reader that stops early (``| head``) raises
  ``StdoutClosed`` (exit 0: the reader's choice), any other failure ``Failed`` (one line, exit 1).
- ``write_text(text, to)``: the parser's help, usage and version text, on stdout (stderr when
  stdout is closed, as argparse does) or stderr; returns what stdout could not take.
- ``live(text)``, ``end_live()``: one line on a terminal's stderr redrawn in place with a
  carriage return (``train``'s progress); ``stderr_is_terminal()`` says when to use it.
- ``silence(stream)``: a stream that failed is pointed at /dev/null, so that what is left in its
  buffer cannot fail again when the interpreter flushes it at exit (CPython would exit 120).
- ``reserve_standard_fds()``: /dev/null on a closed fd 0, 1 or 2 before any file is opened.

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


def reserve_standard_fds():
    """Open /dev/null on a closed stdin, stdout or stderr, so that no file purenet opens lands on
    fd 0, 1 or 2 (``sys.stdout`` stays None, so a verb that prints still knows stdout is closed)."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            if fd == 1:
                sys.stdout = None          # CPython and PyPy do this themselves; say it for any other
            elif fd == 2:
                sys.stderr = None
            try:
                devnull = os.open(os.devnull, os.O_RDWR)
                if devnull != fd:
                    os.dup2(devnull, fd)
                    os.close(devnull)
            except OSError:
                pass


_live = {"width": 0}       # the characters of the live line now on the terminal (0: none)


def _write_stderr(text):
    """Write and flush text on stderr; False if stderr is closed or failed (it is then silenced)."""
    err = sys.stderr
    if err is None:
        return False
    try:
        err.write(text)
        err.flush()
        return True
    except (OSError, ValueError):
        silence(err)
        return False


def message(text):
    """One line on stderr; never raises (a closed or full stderr loses the message, not the work).
    A live line on the terminal is overwritten by it, and redrawn by the next ``live``."""
    width, _live["width"] = _live["width"], 0
    if width:
        text = "\r" + text + " " * (width - len(text))
    _write_stderr(text + "\n")


def stderr_is_terminal():
    """Whether stderr is a terminal (a live progress line then replaces one line per report)."""
    err = sys.stderr
    try:
        return err is not None and err.isatty()
    except (OSError, ValueError, AttributeError):
        return False


def _columns():
    """The terminal's width (80 when it does not say: a pseudo-terminal may report 0)."""
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        return 80


def live(text):
    """Show text as the one live line on the terminal (stderr): a carriage return, the text, and
    spaces over what is left of the previous one; cut to the terminal's width, so that it never
    wraps (a wrapped line cannot be redrawn). Never raises."""
    text = text[:max(_columns() - 1, 1)]
    width = _live["width"]
    if _write_stderr("\r" + text + " " * (width - len(text))):
        _live["width"] = len(text)


def end_live():
    """Keep the live line on the terminal as an ordinary line (a newline after it), if one is shown."""
    if _live["width"]:
        _live["width"] = 0
        _write_stderr("\n")


def write_stdout(text):
    """Data on stdout: StdoutClosed when its reader stopped early, Failed for any other failure."""
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


def write_text(text, to="stdout"):
    """Text that is not data (help, usage, the version) on stdout (``to="stdout"``; stderr when
    stdout is closed, as argparse does), stderr (``"stderr"``) or the stream ``to``. Returns the
    error stdout gave (OSError, ValueError), None when it took the text or its reader stopped
    early (its choice); a stream that failed is silenced, and a failure of stderr is dropped."""
    if not text:
        return None
    stream = sys.stdout if to == "stdout" else sys.stderr if to == "stderr" else to
    stream = stream or sys.stderr
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:           # the reader stopped early: its choice
        silence(stream)
    except (OSError, ValueError, AttributeError) as e:
        silence(stream)
        if stream is sys.stdout:
            return e
    return None
