"""docs/README.md indexes docs/: every document and folder in docs/ has its line there, and every
relative link of the repository's Markdown documents (the READMEs, docs/, examples/, benchmarks/,
interpreters/) points at a file that exists, and at a heading that exists when it names one. The
README stays short and points at the documents instead of repeating their figures."""

import os
import re

from tests.host import ROOT

LINK = re.compile(r"\]\(([^)\s]+)\)")
DOCUMENTS = ["README.md", "docs", "examples/README.md", "examples/data/README.md", "benchmarks/README.md",
             "interpreters/README.md", "vectors"]


def markdown_files():
    for entry in DOCUMENTS:
        path = os.path.join(ROOT, entry)
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith(".md"):
                    yield os.path.join(path, name)
        elif os.path.isfile(path):
            yield path


def anchor(heading):
    """GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def anchors(path):
    with open(path, encoding="utf-8") as f:
        text = re.sub(r"```.*?```", "", f.read(), flags=re.S)        # no headings inside code
    return {anchor(m.group(1)) for m in re.finditer(r"^#+ (.*)$", text, re.M)}


def broken_links(path):
    with open(path, encoding="utf-8") as f:
        text = re.sub(r"```.*?```", "", f.read(), flags=re.S)
    bad = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):                               # http:, https:, mailto:
            continue
        file_part, _, fragment = target.partition("#")
        dest = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
        if not os.path.exists(dest):
            bad.append(target)
        elif fragment and dest.endswith(".md") and fragment not in anchors(dest):
            bad.append(target)
    return bad


def test_the_anchor_rule():
    assert anchor("Weight files: safetensors and .npz") == "weight-files-safetensors-and-npz"
    assert anchor("purenet on a MicroPython board") == "purenet-on-a-micropython-board"
    assert anchor("`init`") == "init"


def test_every_document_in_docs_has_its_line_in_the_index():
    with open(os.path.join(ROOT, "docs", "README.md"), encoding="utf-8") as f:
        rows = [line for line in f.read().splitlines() if line.startswith("| [")]
    listed = [LINK.search(row).group(1).rstrip("/") for row in rows]
    present = sorted(n for n in os.listdir(os.path.join(ROOT, "docs")) if n != "README.md")
    assert sorted(listed) == present
    for row in rows:                                   # each line says what the document holds
        assert len(row.split("|")[2].split()) >= 8, row


def test_every_relative_link_resolves():
    files = list(markdown_files())
    assert len(files) >= 14
    bad = ["%s: %s" % (os.path.relpath(p, ROOT), t) for p in files for t in broken_links(p)]
    assert not bad, "\n".join(bad)


def test_a_broken_link_is_found(tmp_path):
    page = tmp_path / "page.md"
    (tmp_path / "other.md").write_text("# Other page\n\n## A section: here\n", encoding="utf-8")
    page.write_text("[a](other.md) [b](other.md#a-section-here) [c](missing.md) [d](other.md#nowhere) "
                    "[e](https://example.org/x) [f](#top)\n\n# Top\n", encoding="utf-8")
    assert broken_links(str(page)) == ["missing.md", "other.md#nowhere"]


def test_the_readme_points_instead_of_repeating():
    # at most 220 lines; a line for every document of docs/; no measured report copied from the
    # documents that hold them (a verifier report, the digests, the board's heap table)
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        text = f.read()
    assert len(text.splitlines()) <= 220
    documents = sorted(n for n in os.listdir(os.path.join(ROOT, "docs")) if n.endswith(".md"))
    for name in documents:
        assert "](docs/%s)" % name in text, name
    for copied in ("purenet verifier: full mode", "\nall ", "| double build |"):
        assert copied not in text, copied
