"""The repository stands on its own: no file points outside it (a clone has no ../shared), and
the three documents it follows are cited, not copied (docs/sources.md)."""

import os
import re

from tests.host import ROOT

SKIP_DIRS = {".git", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache", ".ci"}
OUTSIDE = re.compile(r"shared/(seeds|notes|micropython|hooks)|\.\./shared|/work/")


def text_files(include_ci=False):
    skip = SKIP_DIRS - {".ci"} if include_ci else SKIP_DIRS
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in skip and not d.startswith(".venv")
                   and not d.endswith(".egg-info")]
        in_ci = include_ci and os.path.basename(folder) == ".ci"         # .ci/run has no extension
        for name in files:
            if in_ci or name.endswith((".py", ".md", ".cfg", ".toml", ".txt", ".mjs", ".sh", ".c", ".json",
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


# "issue 16", "issues 10 and 18", "issue-18", "Issue #7": an entry of a tracker no reader can see
TRACKER = re.compile(r"\b(?i:issues?)[ -]?#?[0-9]+")
# ... unless it names the outside repository it belongs to ("onnx/onnx issue 3803")
OUTSIDE_REPOSITORY = re.compile(r"[\w.-]+/[\w.-]+['s]* $")


def tracker_references(lines):
    """[(line number, line)] of the lines that cite a tracker entry other than an outside repository's."""
    found = []
    for n, line in enumerate(lines, 1):
        for m in TRACKER.finditer(line):
            if not OUTSIDE_REPOSITORY.search(line[:m.start()]):
                found.append((n, line.strip()))
                break
    return found


def test_tracker_references_are_found_and_outside_repositories_allowed():
    lines = ["added in issue 16: checks", "Benchmarks (issues 10 and 18)", "on the issue-18 branch",
             "Issue #7 says", "see onnx/onnx issue 3803", "pytorch/pytorch's issue 1234",
             "an issue with 2 outputs", "tissue 5"]
    assert [n for n, _ in tracker_references(lines)] == [1, 2, 3, 4]


def test_no_file_names_an_entry_of_the_projects_tracker():
    # a reader outside cannot open the tracker: say what the thing is, not which entry brought it
    bad = []
    for path in text_files(include_ci=True):
        if os.path.abspath(path) == os.path.abspath(__file__):     # the rule itself names them
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, line in tracker_references(f.read().splitlines()):
                bad.append("%s:%d: %s" % (os.path.relpath(path, ROOT), n, line[:80]))
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


def test_the_readmes_using_it_code_runs(tmp_path, monkeypatch):
    # the first two python blocks of the README: the API tour, then save and load
    import contextlib
    import io
    import sys
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        blocks = re.findall(r"```python\n(.*?)```", f.read(), re.S)
    monkeypatch.chdir(tmp_path)
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    namespace = {}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for code in blocks[:2]:
            exec(compile(code, "README.md", "exec"), namespace)
    from purenet import papers
    y = float(out.getvalue().splitlines()[0].strip("[]"))
    # 002: y = 0.9999 after 15 iterations of its 1-2-2-1 network, as purenet.papers recomputes it
    assert papers.matches(y, "0.9999") and y == papers.outputs_after(papers.NET_1_2_2_1, (15,))[0]
    assert (tmp_path / "model.json").exists()
    assert namespace["net"].w == namespace["load_model"]("model.json").w


def test_slow_tests_can_be_left_out():
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "not slow",
                          "-p", "no:cacheprovider"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120).stdout
    collected = out.splitlines()
    assert any("test_papers.py" in line for line in collected)
    for slow in ("test_digits_reaches_the_stated_accuracy", "test_engines_agree_and_finite_differences_pass",
                 "test_bench_smoke.py", "test_node_driver_passes_the_exit_status_on"):
        assert not [line for line in collected if slow in line], slow
