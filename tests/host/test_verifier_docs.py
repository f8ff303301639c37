"""docs/verifier.md shows the reports the code prints: each ``python`` block of its "Example
reports" section runs (in order, in one namespace) and prints exactly the text block below it.

After a deliberate change to the reports, rewrite the text blocks from the code with
``python -m tests.host.test_verifier_docs --write``; the code blocks are the only source.
"""

import contextlib
import io
import os
import re
import sys

from tests.host import ROOT

DOC = os.path.join(ROOT, "docs", "verifier.md")
MARKER = "<!-- examples: each python block prints the text block below it"
BLOCK = re.compile(r"```python\n(.*?)```\n\n```\n(.*?)```\n", re.S)


def run_blocks(text):
    """[(match, printed)] for every python block after MARKER, run in order in one namespace."""
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    start = text.index(MARKER)
    namespace = {"__name__": "verifier_docs"}
    out = []
    for m in BLOCK.finditer(text, start):
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            exec(compile(m.group(1), "docs/verifier.md block", "exec"), namespace)
        out.append((m, buf.getvalue().rstrip("\n") + "\n"))      # print's own newline aside
    return out


def read_doc():
    with open(DOC, encoding="utf-8") as f:
        return f.read()


def test_docs_show_the_reports_the_code_prints():
    results = run_blocks(read_doc())
    assert len(results) == 6
    for m, printed in results:
        assert m.group(2) == printed, "docs/verifier.md: the block after\n%s" % m.group(1)


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    text = read_doc()
    for m, printed in reversed(run_blocks(text)):
        text = text[:m.start(2)] + printed + text[m.end(2):]
    with open(DOC, "w", encoding="utf-8") as f:
        f.write(text)
