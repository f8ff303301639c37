"""``python -m purenet``: with no arguments, the documents' numbers recomputed beside their own.

Exit status 0 when every recomputed number agrees with the document within one unit of its last
printed digit, 1 otherwise. With arguments, the command line (``purenet/tools/cli/``) takes over;
the core never imports it, so a board without ``tools/`` still prints the table.
"""

import sys


def _fmt(value):
    if isinstance(value, list):
        return "[" + ", ".join("%.4f" % v for v in value) + "]"
    return "%.6f" % value


def papers_table(out=None):
    """Print the reproduction table (on stdout by default); return the number of rows that
    disagree."""
    from .papers import own_runs, reproduce

    if out is None:
        out = sys.stdout

    rows = reproduce()
    width = max(len(r["source"]) + len(r["quantity"]) for r in rows) + 3
    out.write("purenet: the documents' published numbers, recomputed\n")
    out.write("(match = within one unit of the last printed digit; see docs/papers.md)\n\n")
    out.write("%-*s %10s %14s  %s\n" % (width, "source: quantity", "paper", "purenet", "result"))
    failures = 0
    for r in rows:
        failures += not r["ok"]
        out.write("%-*s %10s %14s  %s\n" % (width, r["source"] + ": " + r["quantity"], r["paper"],
                                           _fmt(r["purenet"]), "match" if r["ok"] else "MISMATCH"))
    out.write("\n%d of %d numbers match.\n" % (len(rows) - failures, len(rows)))
    out.write("\nFor reference, not a check: 002 does not print the initial weights of its last three\n"
              "examples, so their numbers cannot be recomputed. purenet runs the same data and\n"
              "settings from weights of its own (stated); the outputs differ because the starting\n"
              "points do:\n")
    for r in own_runs():
        out.write("  %s: %s\n    002, from its weights: %s   purenet, from ours: %s\n"
                  % (r["source"], r["quantity"], r["paper"], _fmt(r["purenet"])))
    return failures


def main(argv=None):
    if argv is None:
        argv = sys.argv[1:]
    if argv:
        try:                               # signals from the first moment: tools/startup.py
            from .tools.startup import command_line
        except KeyboardInterrupt:
            return 130
        return command_line(argv)
    return report(sys.stdout)


def report(out):
    """Print the reproduction table on ``out`` (a stream with ``write``; ``flush`` is used only
    where it exists) and return the exit status: 0 when every number matches, 1 when one does not
    or ``out`` cannot be written (one line on stderr), 0 when the reader stopped early (EPIPE).

    A board's stdout may have no ``flush`` and no assignable ``sys.stdout``, its ``sys.stderr``
    no ``flush``, its OSError no ``strerror`` (MicroPython's ARM ports): nothing here relies on
    them (docs/portability.md, "What the core may use")."""
    if out is None:
        return _stdout_failed("it is closed", sys.stdout is None)
    try:
        failures = papers_table(out)
        _flush(out)
    except OSError as e:
        if _errno(e) == _EPIPE:            # the reader stopped early (| head): its choice
            if out is sys.stdout:
                _drop_stdout()
            return 0
        return _stdout_failed(getattr(e, "strerror", None) or str(e), out is sys.stdout)
    return 1 if failures else 0


_EPIPE = 32


def _flush(stream):
    """stream.flush() where the stream has one (a MicroPython board's stdout has none)."""
    flush = getattr(stream, "flush", None)
    if flush is not None:
        flush()


def _errno(e):
    n = getattr(e, "errno", None)
    return n if n is not None else (e.args[0] if e.args else None)


def _drop_stdout():
    """Leave nothing for the interpreter to flush into a stdout that failed at exit (CPython would
    print an ignored BrokenPipeError and exit 120)."""
    try:
        sys.stdout = None
    except (AttributeError, TypeError):    # MicroPython's sys: attributes cannot be assigned
        pass


def _stdout_failed(why, drop=True):
    """stdout closed or full: one line on stderr (where there is one), exit status 1."""
    if drop:
        _drop_stdout()
    try:
        err = getattr(sys, "stderr", None)
        if err is not None:
            err.write("purenet: cannot write to stdout: %s\n" % why)
            _flush(err)
    except (OSError, ValueError):
        pass
    return 1


if __name__ == "__main__":
    sys.exit(main())
