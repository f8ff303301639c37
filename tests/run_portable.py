"""purenet's own test runner, for interpreters where pytest cannot run (MicroPython, Pyodide).

It runs the portable suite: every ``tests/test_*.py`` at the top level of ``tests/``. In each
module it calls the module-level functions named ``test_*`` and, for each class named ``Test*``
(instantiated with no arguments), its ``test_*`` methods, inherited ones included, so one test
body can run against several engines through thin subclasses. ``setup_method(self, method)`` and
``teardown_method(self, method)`` are called around each method when a class defines them, and
``__test__ = False`` on a class or module opts it out, as under pytest. A test passes when it
returns without raising, and is skipped when it raises ``tests.helpers.SkipTest`` (through
``tests.helpers.skip(reason)``: the reason is printed).

Tests in ``tests/host/`` need files, the command line or pytest, so they are not imported here:
the runner counts their ``def test_`` lines (by reading the text) and reports them as skipped.

Output: each failure with its message (and traceback where the interpreter gives one), then the
last line ``N passed, N failed, N skipped``. The exit status is 1 if any test failed or a module
failed to import, else 0 (through ``sys.exit``; the Node drivers in interpreters/ turn that into
the Node process's status).

Usage, from the repository root (any interpreter)::

    python tests/run_portable.py [-v] [-k SUBSTRING]... [--skip SUBSTRING]... [MODULE_NAME]...

``-k``: run only the tests whose ``module::name`` contains one of the substrings; ``--skip``: not
those whose name contains one (they count as skipped: a board whose heap cannot hold them).

Written for MicroPython too: no importlib, os.walk, f-strings or time.perf_counter.
"""
import os
import sys

try:
    import traceback
except ImportError:     # MicroPython
    traceback = None

try:
    from time import ticks_diff, ticks_ms  # MicroPython

    def _now_ms():
        return ticks_ms()

    def _elapsed_ms(t0):
        return ticks_diff(ticks_ms(), t0)
except ImportError:
    from time import time as _time

    def _now_ms():
        return _time() * 1000.0

    def _elapsed_ms(t0):
        return _time() * 1000.0 - t0


def _join(a, b):
    if not a or a == ".":
        return b
    return a + "/" + b


def _is_dir(path):
    try:
        return (os.stat(path)[0] & 0o170000) == 0o040000
    except OSError:
        return False


def _print_exception(e):
    """Print a traceback when the interpreter can, else the exception's type and message."""
    if traceback is not None:
        try:
            traceback.print_exception(type(e), e, e.__traceback__, file=sys.stdout)
            return
        except Exception:
            pass
    if hasattr(sys, "print_exception"):          # MicroPython
        sys.print_exception(e, sys.stdout)
        return
    print("%s: %s" % (type(e).__name__, e))


def _describe(e):
    msg = str(e)
    return type(e).__name__ + (": " + msg if msg else "")


def _forget(name):
    """Drop a module that a test module imported once that has run, so that a board's small heap
    holds one test module and its imports at a time (the core stays: its classes are shared)."""
    sys.modules.pop(name, None)
    i = name.rfind(".")
    package, short = name[:i], name[i + 1:]
    if package in sys.modules and hasattr(sys.modules[package], short):
        try:
            delattr(sys.modules[package], short)
        except (AttributeError, TypeError):
            pass


def test_modules(root):
    """The names of the portable test modules: tests/test_*.py (not tests/host/), sorted; or
    tests/test_*.mpy, compiled, as on a board's ROM filesystem."""
    names = []
    for name in os.listdir(_join(root, "tests")):
        if name.startswith("test_") and (name.endswith(".py") or name.endswith(".mpy")):
            if name[:name.rindex(".")] not in names:
                names.append(name[:name.rindex(".")])
    names.sort()
    return names


def count_host_tests(root):
    """How many ``def test_`` lines the files in tests/host/ hold (read as text, not imported)."""
    host = _join(_join(root, "tests"), "host")
    if not _is_dir(host):
        return 0
    n = 0
    for name in os.listdir(host):
        if not name.endswith(".py"):
            continue
        f = open(_join(host, name))
        try:
            n += _count_test_defs(f)     # line by line: a board's heap may not hold a whole file
        finally:
            f.close()
    return n


def _count_test_defs(lines):
    """Lines (a text split at newlines, or an open file) starting (after indentation) with
    ``def test_``, outside triple-quoted strings."""
    if isinstance(lines, str):
        lines = lines.split("\n")
    n = 0
    quote = None                    # the open triple quote, if a string spans lines
    for line in lines:
        if quote is None and line.lstrip().startswith("def test_"):
            n += 1
        i = 0
        while i < len(line):
            if quote is None and line[i] == "#":
                break
            three = line[i:i + 3]
            if three in ('"""', "'''") and (quote is None or quote == three):
                quote = three if quote is None else None
                i += 3
            else:
                i += 1
    return n


def _opted_out(obj):
    try:
        return getattr(obj, "__test__", True) is False
    except Exception:
        return False


def collect(module):
    """[(label, callable, instance or None)] for one module, module functions first, by name."""
    items = []
    names = sorted(dir(module))
    for name in names:
        obj = getattr(module, name)
        if name.startswith("test_") and callable(obj) and not isinstance(obj, type):
            items.append((name, obj, None))
    for name in names:
        cls = getattr(module, name)
        if not (name.startswith("Test") and isinstance(cls, type)) or _opted_out(cls):
            continue
        for meth in sorted(dir(cls)):
            if meth.startswith("test_") and callable(getattr(cls, meth)):
                items.append((name + "." + meth, cls, meth))
    return items


def run_one(fn, meth):
    """Run one test; None when it passed, else the exception (a ``SkipTest`` when skipped)."""
    try:
        if meth is None:
            fn()
            return None
        inst = fn()
        bound = getattr(inst, meth)
        if hasattr(inst, "setup_method"):
            inst.setup_method(bound)
        try:
            bound()
        finally:
            if hasattr(inst, "teardown_method"):
                inst.teardown_method(bound)
        return None
    except KeyboardInterrupt:
        raise
    except Exception as e:       # AssertionError and every other error count as a failure
        return e


def main(argv=None, root="."):
    """Run the portable suite from the repository root ``root``; return the exit status."""
    if argv is None:
        argv = sys.argv[1:]
    verbose = False
    keywords = []
    skips = []
    only = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "-v":
            verbose = True
        elif a == "-k" and i + 1 < len(argv):
            i += 1
            keywords.append(argv[i])
        elif a == "--skip" and i + 1 < len(argv):
            i += 1
            skips.append(argv[i])
        else:
            only.append(a[:-3] if a.endswith(".py") else a.split("/")[-1])
        i += 1
    if root not in sys.path:
        sys.path.insert(0, root)
    impl = sys.implementation.name
    if sys.platform == "emscripten" and impl == "cpython":
        impl = "pyodide"
    print("purenet portable suite on %s %s (Python %s)" % (
        impl, ".".join([str(v) for v in sys.implementation.version[:3]]), sys.version.split()[0]))
    from tests.helpers import SkipTest

    passed = failed = skipped_here = 0
    failures = []
    t_all = _now_ms()
    for modname in test_modules(root):
        if only and modname not in only:
            continue
        t0 = _now_ms()
        before = list(sys.modules)
        try:
            __import__("tests." + modname)
            module = sys.modules["tests." + modname]
        except Exception as e:
            failed += 1
            failures.append(("tests/%s.py (import)" % modname, e))
            print("IMPORT ERROR tests/%s.py: %s" % (modname, _describe(e)))
            _print_exception(e)
            continue
        if _opted_out(module):
            continue
        m_passed = m_failed = 0
        for label, fn, meth in collect(module):
            full = modname + "::" + label
            if keywords and not [k for k in keywords if k in full]:
                continue
            if [k for k in skips if k in full]:
                skipped_here += 1
                print("SKIP %s: --skip (not run here)" % full)
                continue
            err = run_one(fn, meth)
            if isinstance(err, SkipTest):
                skipped_here += 1
                print("SKIP %s::%s: %s" % (modname, label, err))
            elif err is None:
                m_passed += 1
                if verbose:
                    print("  ok   %s::%s" % (modname, label))
            else:
                m_failed += 1
                failures.append(("tests/%s.py::%s" % (modname, label), err))
                print("FAIL %s::%s: %s" % (modname, label, _describe(err)))
                _print_exception(err)
        passed += m_passed
        failed += m_failed
        print("tests/%s.py: %d passed, %d failed (%d ms)" % (
            modname, m_passed, m_failed, int(_elapsed_ms(t0))))
        module = None
        for name in list(sys.modules):            # what this module brought in (not the core's)
            if name not in before and (name.startswith("tests.") or name.startswith("purenet.tools")):
                _forget(name)
        try:
            import gc
            gc.collect()
        except ImportError:
            pass
    host_skipped = count_host_tests(root)
    skipped = host_skipped + skipped_here
    if failures:
        print("")
        print("failures:")
        for where, err in failures:
            print("  %s: %s" % (where, _describe(err)))
    print("%d skipped (tests/host/: need files, the command line or pytest)" % host_skipped)
    if skipped_here:
        print("%d portable tests skipped (SKIP lines above say why)" % skipped_here)
    print("total %d ms on %s" % (int(_elapsed_ms(t_all)), impl))
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


def _root_from_here():
    """The repository root: the parent of this file's folder, else the current folder."""
    try:
        here = __file__
    except NameError:
        return "."
    parts = here.replace("\\", "/").split("/")
    if len(parts) >= 2:
        root = "/".join(parts[:-2])
        return root if root else "."
    return "."


if __name__ == "__main__":
    sys.exit(main(root=_root_from_here()))
