"""The adapters ``purenet conform`` talks to, and the run over the cases.

- ``InProcess``: a Python object with ``hello()`` and ``run(request)`` (``--adapter module:object``),
  called directly; an exception it raises is that case's error;
- ``Subprocess``: a program speaking the JSON-lines protocol on stdin/stdout (``-- CMD ARGS...``).
  Each answer is awaited at most ``timeout`` seconds; a program that hangs is killed, one that
  crashes or hangs is started again (with a new hello) for the next case; its stderr is kept and
  attached to the case during which it was written.

``run_suite`` goes through the cases in order and never stops at a case's failure.
"""

import json
import os
import queue
import subprocess
import threading
import time

from . import judge
from .protocol import (
    ProtocolError,
    check_answer,
    check_hello,
    encode,
    run_message,
    start_message,
    stop_message,
)
from .suite import not_expressible

HELLO_TIMEOUT = 300.0          # importing TensorFlow or JAX takes a while


class AdapterFailed(Exception):
    """The adapter cannot be started or did not say hello: nothing can be run."""


class CaseError(Exception):
    """This case's answer could not be had: a crash, a hang, garbage."""


class InProcess:
    """A Python adapter object (see the module)."""

    def __init__(self, obj, label):
        self.obj, self.label = obj, label

    def start(self):
        try:
            hello = self.obj.hello()
        except Exception as e:
            raise AdapterFailed("%s.hello() raised %s: %s" % (self.label, type(e).__name__, e))
        try:
            return check_hello(encode(hello))
        except ProtocolError as e:
            raise AdapterFailed(str(e))

    def ask(self, msg):
        try:
            answer = self.obj.run(msg)
        except Exception as e:
            return {"type": "error", "seq": msg["seq"], "message": "%s: %s" % (type(e).__name__, e)}
        return encode(answer) if isinstance(answer, dict) else answer

    def stderr_since(self, mark):
        return ""

    def mark(self):
        return 0

    def close(self):
        stop = getattr(self.obj, "stop", None)
        if stop is not None:
            stop()


class Subprocess:
    """A program speaking JSON lines (see the module)."""

    def __init__(self, argv, timeout):
        self.argv, self.timeout = list(argv), timeout
        self.proc = None
        self.failed_restarts = 0
        self.stderr = []
        self.lock = threading.Lock()

    def start(self):
        self._spawn()
        self._send(start_message())
        line = self._receive(HELLO_TIMEOUT)
        try:
            return check_hello(_parse(line))
        except (ProtocolError, CaseError) as e:
            self._kill()
            raise AdapterFailed("%s: %s%s" % (" ".join(self.argv), e, self._stderr_tail()))

    def _spawn(self):
        try:
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, bufsize=1, text=True, encoding="utf-8",
                                         errors="replace")
        except OSError as e:
            raise AdapterFailed("cannot start %s: %s" % (" ".join(self.argv), e.strerror or e))
        self.lines = queue.Queue()
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.lines), daemon=True).start()
        threading.Thread(target=self._collect, args=(self.proc.stderr,), daemon=True).start()

    @staticmethod
    def _pump(stream, lines):
        for line in stream:
            lines.put(line)
        lines.put(None)

    def _collect(self, stream):
        for line in stream:
            with self.lock:
                self.stderr.append(line)

    def _send(self, msg):
        try:
            self.proc.stdin.write(json.dumps(msg, allow_nan=False) + "\n")
            self.proc.stdin.flush()
        except (OSError, ValueError):
            pass                      # it died: _receive reports how

    def _receive(self, timeout):
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            self._kill()
            raise CaseError("hung: no answer within %g s (killed)" % timeout)
        if line is None:
            code = self._kill()
            raise CaseError("crashed: the adapter exited with status %s" % code)
        return line

    def ask(self, msg):
        if self.proc is None or self.proc.poll() is not None:
            if self.failed_restarts >= 3:
                raise CaseError("not run: the adapter could not be started again")
            try:
                self.start()
            except AdapterFailed:
                self.failed_restarts += 1
                raise
            self.failed_restarts = 0
        self._send(msg)
        return _parse(self._receive(self.timeout))

    def mark(self):
        with self.lock:
            return len(self.stderr)

    def stderr_since(self, mark):
        with self.lock:
            return "".join(self.stderr[mark:])[-4000:]

    def _stderr_tail(self):
        text = self.stderr_since(max(0, self.mark() - 5)).strip()
        return " (stderr: %s)" % text.splitlines()[-1] if text else ""

    def _kill(self):
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            code = self.proc.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        self.proc = None
        return code

    def close(self):
        if self.proc is not None and self.proc.poll() is None:
            self._send(stop_message())
            try:
                self.proc.stdin.close()
                self.proc.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self._kill()


def _parse(line):
    try:
        return json.loads(line)
    except ValueError:
        text = line.strip()
        raise CaseError("garbage: not a JSON line: %r" % (text[:80] + ("..." if len(text) > 80 else "")))


def load_python_adapter(spec):
    """The object of ``module:object``: module a dotted name (importable from the current folder)
    or the path of a .py file (its folder goes on sys.path, as for a script)."""
    import importlib
    import importlib.util
    import sys
    if ":" not in spec:
        raise AdapterFailed("--adapter %s: expected MODULE:OBJECT" % spec)
    module, _, name = spec.rpartition(":")
    try:
        if module.endswith(".py") or os.sep in module:
            unique = "purenet_conform_adapter_%d" % abs(hash(module))
            loader = importlib.util.spec_from_file_location(unique, module)
            if loader is None:
                raise ImportError("not a Python file")
            mod = importlib.util.module_from_spec(loader)
            folder = os.path.dirname(os.path.abspath(module))
            if folder not in sys.path:
                sys.path.insert(0, folder)       # as when it runs as a script: its own imports work
            sys.modules[unique] = mod
            loader.loader.exec_module(mod)
        else:
            if "" not in sys.path and os.getcwd() not in sys.path:
                sys.path.insert(0, os.getcwd())
            mod = importlib.import_module(module)
    except Exception as e:
        raise AdapterFailed("--adapter %s: cannot import %s: %s: %s" % (spec, module, type(e).__name__, e))
    obj = mod
    for part in name.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            raise AdapterFailed("--adapter %s: %s has no %s" % (spec, module, name))
    if isinstance(obj, type):
        obj = obj()
    for method in ("hello", "run"):
        if not callable(getattr(obj, method, None)):
            raise AdapterFailed("--adapter %s: the object has no %s() method" % (spec, method))
    return InProcess(obj, spec)


def run_suite(adapter, entries, progress=None):
    """(hello, records): every entry run through the adapter, in order (see ``judge`` for the
    records). ``progress(k, n, record)`` is called after each case."""
    hello = adapter.start()
    caps = hello["capabilities"]
    records = []
    try:
        for k, entry in enumerate(entries):
            record = run_case(adapter, entry, caps, k)
            records.append(record)
            if progress:
                progress(k + 1, len(entries), record)
    finally:
        adapter.close()
    return hello, records


def run_case(adapter, entry, caps, seq):
    """One case's record (``judge``), whatever the adapter does."""
    base = {"id": entry["id"], "family": entry["family"], "result": entry["case"]["result"]}
    reason = not_expressible(entry, caps)
    if reason:
        return dict(base, status="not_expressible", reason=reason)
    mark = adapter.mark()
    t0 = time.perf_counter()
    try:
        msg = adapter.ask(run_message(seq, entry["kind"], entry["case"], entry["base_model"]))
        kind, body = check_answer(msg, seq)
    except (CaseError, ProtocolError, AdapterFailed) as e:
        kind, body = "broken", str(e) if not isinstance(e, ProtocolError) else "garbage: %s" % e
    if kind == "result":
        try:
            record = judge.verdict(entry, caps, body)
        except Exception as e:        # an answer of the wrong shape in a place compare did not foresee
            record = dict(base, status="error", error="garbage: %s: %s" % (type(e).__name__, e))
    elif kind == "not_expressible":
        record = dict(base, status="not_expressible", reason=body or "the adapter said so")
    else:
        record = dict(base, status="error", error=body if kind == "broken" else "the adapter: %s" % body)
    record["seconds"] = round(time.perf_counter() - t0, 4)
    stderr = adapter.stderr_since(mark)
    if stderr:
        record["stderr"] = stderr
    return record
