"""The table of docs/conformance.md: every adapter of conformance/adapters/ in both variants, run
through ``purenet conform --json`` as JSON-lines programs, summed up per convention family with the
named diagnosis of every divergence.

    python conformance/table.py --python .venv-conform/bin/python --write docs/conformance.md
    python conformance/table.py --python .venv-conform/bin/python --check docs/conformance.md

--write replaces the part of the document between its two table markers; --check regenerates it
and exits 1 when a row differs from the committed one (CI). A framework whose adapter cannot start
(not installed) keeps its committed rows, marked as not run now; NumPy's and PyTorch's must run.
The harness itself runs in this Python (purenet needs nothing); the adapters in --python's.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADAPTERS = [("NumPy (network.py)", "numpy_reference.py"), ("PyTorch", "pytorch_adapter.py"),
            ("JAX + optax", "jax_adapter.py"), ("Keras 3 (TensorFlow)", "keras_adapter.py"),
            ("scikit-learn MLP", "sklearn_adapter.py"), ("micrograd", "micrograd_adapter.py")]
MUST_RUN = ("numpy_reference.py", "pytorch_adapter.py")
BEGIN, END = "<!-- table: begin (conformance/table.py) -->", "<!-- table: end -->"
HEAD = ("| framework | variant | family | pass | fail | accept. | n/e | error "
        "| what diverges (diagnosis: cases) |\n"
        "|---|---|---|---|---|---|---|---|---|")


def run_adapter(python, script, variant, timeout):
    """The --json report of one adapter in one variant, or (None, the reason)."""
    argv = [sys.executable, "-m", "purenet", "conform", "--json", "--timeout", str(timeout), "--",
            python, os.path.join(ROOT, "conformance", "adapters", script), "--variant", variant]
    r = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
    if r.returncode == 2 or not r.stdout.strip():
        lines = (r.stderr.strip() or "no output").splitlines()
        return None, lines[-1][:200]
    return json.loads(r.stdout), None


def _general(text):
    """A diagnosis without its case's numbers (the number of outputs, of samples)."""
    text = re.sub(r"the \d+ outputs", "the outputs", text)
    text = re.sub(r"the \d+ samples", "the samples", text)
    return re.sub(r" \(x[0-9/]+\)", "", text)


def _ids(ids):
    return ", ".join(ids[:4]) + (" +%d" % (len(ids) - 4) if len(ids) > 4 else "")


def diverges(records):
    """'diagnosis: ids; ...' for the failed, erred and acceptable cases of one family."""
    named = {}
    for r in records:
        if r["status"] == "fail":
            names = [_general(d) for d in r.get("diagnoses", [])] or ["undiagnosed"]
        elif r["status"] == "error":
            names = ["error: " + re.sub(r"\d+(\.\d+)? s", "N s", r["error"].split(" (stderr")[0])[:80]]
        elif r["status"] == "acceptable":
            names = ["acceptable, follows " + r["convention"]]
        else:
            continue
        for n in names:
            named.setdefault(n, []).append(r["id"])
    return "; ".join("%s: %s" % (n.replace("|", "/"), _ids(ids)) for n, ids in named.items())


def rows_of(label, report):
    impl = report["implementation"]
    version = impl["version"] + "".join(", %s %s" % kv for kv in sorted(impl.get("versions", {}).items()))
    out = []
    for fam, c in report["families"].items():
        recs = [r for r in report["cases"] if r["family"] == fam]
        out.append("| %s %s | %s | %s | %d | %d | %d | %d | %d | %s |" % (
            label, version, impl["variant"], fam, c["pass"], c["fail"], c["acceptable"], c["not_expressible"],
            c["error"], diverges(recs)))
    return out


def committed_rows(doc):
    if BEGIN not in doc or END not in doc:
        return []
    block = doc[doc.index(BEGIN) + len(BEGIN):doc.index(END)]
    return [line for line in block.strip().splitlines()
            if line.startswith("| ") and not line.startswith("| framework")]


def build(python, timeout, old_rows):
    rows, notes, missing = [], [], []
    for label, script in ADAPTERS:
        for variant in ("default", "matched"):
            t0 = time.time()
            report, reason = run_adapter(python, script, variant, timeout)
            print("-- %s %s: %.0f s%s" % (label, variant, time.time() - t0,
                                         "" if report else " (not run: %s)" % reason), flush=True)
            if report is None:
                missing.append(script)
                kept = [r for r in old_rows if r.startswith("| %s " % label) and "| %s |" % variant in r]
                rows += kept
                notes.append("%s, %s: not run here (%s); the rows are the last committed ones" %
                             (label, variant, reason))
                continue
            rows += rows_of(label, report)
    return rows, notes, missing


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--python", default=sys.executable, help="the Python with the frameworks installed")
    ap.add_argument("--timeout", type=float, default=300.0, help="per case (default 300 s)")
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", metavar="DOC")
    group.add_argument("--check", metavar="DOC")
    args = ap.parse_args()
    path = args.write or args.check
    with open(path, encoding="utf-8") as f:
        doc = f.read()
    old = committed_rows(doc)
    rows, notes, missing = build(args.python, args.timeout, old)
    for n in notes:
        print("note: " + n)
    if any(m in MUST_RUN for m in missing):
        print("the NumPy and PyTorch adapters must run: %s" % ", ".join(m for m in missing if m in MUST_RUN))
        return 1
    if args.write:
        block = "\n".join([BEGIN, HEAD] + rows + [END])
        if BEGIN in doc:
            doc = doc[:doc.index(BEGIN)] + block + doc[doc.index(END) + len(END):]
        else:
            doc = doc + block + "\n"
        with open(path, "w", encoding="utf-8") as f:
            f.write(doc)
        print("wrote %d rows into %s" % (len(rows), path))
        return 0
    if rows != old:
        print("the table differs from %s (regenerate with --write and review):" % path)
        for r in old:
            if r not in rows:
                print("  committed: " + r)
        for r in rows:
            if r not in old:
                print("  now:       " + r)
        return 1
    print("all %d rows as committed" % len(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
