"""The command line: ``python -m purenet VERB ...`` (``docs/cli.md``).

Verbs: ``init``, ``forward``, ``grad``, ``train``, ``check``, ``vectors``, ``convert``, ``web``,
``conform`` (in ``tools/conform/``);
``--help`` after any of them. ``main`` here maps what happens to an exit status; ``parser`` parses
the arguments (``argtypes`` their types), ``commands`` does each verb (``train`` the training,
``train_state`` its update's options and state file, ``progress`` its progress lines), ``stdio``
writes every byte to stdout and stderr (closed, full or a terminal), ``signals`` handles SIGINT,
SIGTERM and SIGHUP.

Exit codes:
    0    success
    1    the computation failed: ``check`` found a disagreement, training stopped early (NaN or
         infinite cost, an output outside the loss's domain, an unexpected error: the last good
         epoch is saved), or a result is not finite and cannot be written as JSON
    2    bad input or usage: a malformed file (a one-line message naming the place), a bad
         option, an output that cannot be written, a limit exceeded; nothing was done
    3    an output could not be written after the work (said plainly)
    128+n  signal n: 130 SIGINT (Ctrl-C), 143 SIGTERM, 129 SIGHUP; ``train`` first saves the
         model of the last completed epoch

No failure prints a traceback: anything unexpected is one line and exit 1 (set the environment
variable PURENET_TRACEBACK=1 to see the traceback instead).

Host-only (CPython, PyPy); ``python -m purenet`` without arguments prints the papers table
(``__main__.py``) and does not come here.
"""

import os
import sys

from ..files import FileFormatError, FileTooLarge
from .commands import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_NOT_SAVED, EXIT_OK, EXIT_USAGE, NotSaved, UsageError
from .parser import Parser, build_parser
from .signals import Guard, Stopped
from .stdio import Failed, StdoutClosed, message, reserve_standard_fds


def main(argv=None, program=False):
    """Run the command line; return the exit code (``docs/cli.md``). ``program``: this is the
    process's last act (``python -m purenet``), so SIGINT, SIGTERM and SIGHUP are ignored from the
    end of the work until it exits: a late signal cannot kill it after its work is saved and said
    (the exit status stays the one the message explains)."""
    if argv is None:
        argv = sys.argv[1:]
    reserve_standard_fds()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:          # --help (0) or a usage error (2)
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else EXIT_USAGE)
        return _flush_stdout(parser.prog) if code == 0 else code
    guard = Guard().__enter__()
    try:
        args.guard = guard
        return _run(args, guard)
    finally:
        if program:
            guard.ignore_from_now_on()
        else:
            guard.__exit__(None, None, None)


def _flush_stdout(prog):
    """After --help or --version: exit 0, or 1 with one line if stdout could not take the text
    (``Parser.write_error``; a closed pipe is the reader's choice: 0)."""
    e, Parser.write_error = Parser.write_error, None
    if e is None:
        return EXIT_OK
    message("%s: cannot write to stdout: %s" % (prog, getattr(e, "strerror", None) or e))
    return EXIT_FAILED


def _run(args, guard):
    """args.func(args), every way out mapped to one line and an exit status."""
    where = "purenet %s: " % args.verb
    try:
        try:
            return args.func(args)
        finally:
            guard.disarm()           # from here on a signal waits: the message below gets written
    except StdoutClosed:             # the reader of stdout stopped early (| head): its choice
        return EXIT_OK
    except FileTooLarge as e:
        message(where + "%s (--max-file-size raises it)" % e)
        return EXIT_USAGE
    except (FileFormatError, UsageError) as e:
        message(where + str(e))
        return EXIT_USAGE
    except Failed as e:
        message(where + str(e))
        return EXIT_FAILED
    except NotSaved as e:
        message(where + str(e))
        return EXIT_NOT_SAVED
    except Stopped as e:
        message(where + "stopped by %s" % e.describe())
        return e.exit_code
    except KeyboardInterrupt:
        message(where + "interrupted")
        return EXIT_INTERRUPTED
    except Exception as e:
        if os.environ.get("PURENET_TRACEBACK"):
            raise
        detail = str(e).splitlines()[0] if str(e) else ""
        message(where + "unexpected error: %s%s (PURENET_TRACEBACK=1 shows where)"
                 % (type(e).__name__, ": " + detail if detail else ""))
        return EXIT_FAILED
