"""The verb ``purenet conform`` (``docs/conformance.md``): the options, the run, the exit status.

    purenet conform --adapter MODULE:OBJECT [--only W,...] [--json] [--vectors DIR]
    purenet conform [--timeout S] [--only W,...] [--json] -- CMD ARGS...

Exit 0 when every expressible case passed, 1 when one failed or the adapter erred on one, 2 for bad
usage (no adapter or two, an adapter that cannot start or say hello, an --only that selects
nothing, a vectors folder that cannot be read).
"""

import json
import os
import sys

from ..cli.commands import EXIT_USAGE, UsageError
from ..cli.stdio import message
from . import report, runner, schemas, suite


def default_vectors():
    """``vectors/`` in the current folder, else the one beside the package (a source checkout)."""
    here = os.path.join(os.getcwd(), "vectors")
    if os.path.isdir(here):
        return here
    beside = os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, os.pardir, "vectors")
    return os.path.normpath(beside)


def cmd_conform(args):
    if args.schemas:
        written = schemas.write_schemas(args.schemas)
        message("wrote %d schemas to %s" % (len(written), args.schemas))
        return 0
    command = list(args.command or [])
    if command and command[0] == "--":
        command = command[1:]
    if bool(args.adapter) == bool(command):
        raise UsageError("give an adapter: --adapter MODULE:OBJECT or -- CMD ARGS... (one of them)")
    only = [w for text in (args.only or []) for w in text.split(",") if w]
    try:
        entries = suite.select(suite.load_suite(args.vectors or default_vectors()), only)
    except suite.SuiteError as e:
        raise UsageError(str(e))
    try:
        adapter = runner.load_python_adapter(args.adapter) if args.adapter else \
            runner.Subprocess(command, args.timeout)
        hello, records = runner.run_suite(adapter, entries, _progress if _tty() else None)
    except runner.AdapterFailed as e:
        message("purenet conform: %s" % e)
        return EXIT_USAGE
    if args.json:
        text = json.dumps(report.as_json(hello, records, os.path.abspath(args.vectors or default_vectors())),
                          indent=1, allow_nan=False)
        sys.stdout.write(text + "\n")
    else:
        sys.stdout.write("\n".join(report.table(hello, records)) + "\n")
    sys.stdout.flush()
    return report.exit_status(records)


def _tty():
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _progress(k, n, record):
    if k % 10 == 0 or k == n:
        sys.stderr.write("\rconform: %d/%d cases" % (k, n) + ("\n" if k == n else ""))
        sys.stderr.flush()


def add_arguments(p):
    """The verb's options (``cli.parser`` calls this)."""
    p.add_argument("--adapter", metavar="MODULE:OBJECT",
                   help="a Python adapter: an object with hello() and run(request) (MODULE a dotted "
                        "name or a .py file)")
    p.add_argument("--vectors", metavar="DIR", help="the vectors folder (default: ./vectors, else the "
                   "one of the source checkout)")
    p.add_argument("--only", action="append", metavar="WORD[,WORD...]",
                   help="only the cases whose id starts with a WORD, or that carry it as a flag or "
                        "family (repeatable)")
    p.add_argument("--json", action="store_true", help="print the report as JSON (docs/conformance.md)")
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS",
                   help="per case, for a program adapter: kill it and go on after this long "
                        "(default 60)")
    p.add_argument("--schemas", metavar="DIR", help="write the JSON Schemas of the protocol's messages "
                   "and of the --json report into DIR and exit")
    p.add_argument("command", nargs="*", metavar="-- CMD ARGS",
                   help="a program speaking the JSON-lines protocol (docs/conformance-protocol.md)")
    p.set_defaults(func=cmd_conform)
