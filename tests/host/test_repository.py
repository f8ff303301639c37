"""The repository stands on its own: no file points outside it (a clone has no ../shared), and
the three documents it follows are cited, not copied (docs/sources.md)."""

import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SKIP_DIRS = {".git", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache", ".ci"}
OUTSIDE = re.compile(r"shared/(seeds|notes|micropython|hooks)|\.\./shared|/work/")


def text_files():
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".venv")
                   and not d.endswith(".egg-info")]
        for name in files:
            if name.endswith((".py", ".md", ".cfg", ".toml", ".txt", ".mjs", ".sh", ".c", ".json",
                              ".html", ".js", ".css")):
                yield os.path.join(folder, name)


def test_no_file_points_outside_the_repository():
    # .ci/run alone may name ../shared (it hands CI's files to the tests by environment variables)
    bad = []
    for path in text_files():
        if os.path.abspath(path) == os.path.abspath(__file__):     # the rule itself names them
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, 1):
                if OUTSIDE.search(line):
                    bad.append("%s:%d: %s" % (os.path.relpath(path, ROOT), n, line.strip()[:80]))
    assert not bad, "\n".join(bad)


def test_the_sources_page_cites_each_document():
    with open(os.path.join(ROOT, "docs", "sources.md"), encoding="utf-8") as f:
        text = f.read()
    for short, title in (("`000`", "Neural Networks: The Backpropagation Algorithm"),
                         ("`001`", "How can mathematics be applied to improve the performance of "
                                   "neural networks?"),
                         ("`002`", "Deep Learning Neural Networks")):
        row = [line for line in text.splitlines() if line.startswith("| " + short)]
        assert len(row) == 1 and title in row[0], short
