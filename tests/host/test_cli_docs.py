"""docs/cli.md and ``--help`` say the same: every verb has a section, every option of a verb is in
its section and every option the section names exists; every option has help text."""

import argparse
import os
import re
import subprocess
import sys

from purenet import __version__
from purenet.tools.cli import main
from purenet.tools.cli.parser import build_parser
from tests.host import ROOT


def verbs():
    return build_parser().verbs


def sections():
    with open(os.path.join(ROOT, "docs", "cli.md"), encoding="utf-8") as f:
        text = f.read()
    out = {}
    for part in text.split("\n## ")[1:]:
        title, _, body = part.partition("\n")
        out[title.strip()] = body
    return text, out


def test_every_verb_has_a_section_listing_exactly_its_options():
    text, secs = sections()
    for name, parser in verbs().items():
        assert name in secs, "docs/cli.md has no section ## %s" % name
        assert "| `%s" % name in text, "the verb table of docs/cli.md lacks %s" % name
        options = set(o for a in parser.options for o in a.option_strings
                      if o.startswith("--") and o != "--help")
        named = set(re.findall(r"`(--[a-z][a-z-]*)", secs[name]))
        assert options - named == set(), "%s: options missing from docs/cli.md" % name
        assert named - options == set(), "%s: docs/cli.md names options the verb lacks" % name


def test_every_option_and_verb_has_help_text():
    for name, parser in verbs().items():
        assert parser.description, name
        assert parser.options, name
        for a in parser.options:
            assert a.help and a.help != argparse.SUPPRESS, (name, a.option_strings or a.dest)


def test_every_verbs_help_shows_each_of_its_options(capsys):
    for name, parser in verbs().items():
        assert main([name, "--help"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("usage: ")
        for a in parser.options:
            for o in a.option_strings or [a.metavar]:
                assert re.search(r"(^|[\s\[])%s\b" % re.escape(o), out), (name, o)


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == "purenet %s\n" % __version__


def test_program_name_follows_how_it_was_run(tmp_path):
    env = dict(os.environ, PYTHONPATH=ROOT)
    out = subprocess.run([sys.executable, "-m", "purenet", "--help"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60).stdout
    assert out.startswith("usage: python -m purenet ")
    # the installed command is a script named purenet that calls purenet.__main__.main
    script = tmp_path / "purenet"
    script.write_text("import sys\nfrom purenet.__main__ import main\nsys.exit(main())\n")
    out = subprocess.run([sys.executable, str(script), "train", "--help"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60).stdout
    assert out.startswith("usage: purenet train ")


def test_the_license_is_the_one_setup_cfg_names():
    with open(os.path.join(ROOT, "LICENSE"), encoding="utf-8") as f:
        assert f.readline().strip() == "MIT License"
    with open(os.path.join(ROOT, "setup.cfg"), encoding="utf-8") as f:
        cfg = f.read()
    assert "license = MIT" in cfg and "license_files = LICENSE" in cfg


def test_the_reproduction_table_reads_as_it_is_meant():
    # python -m purenet: 25 numbers that match (tests/test_papers.py checks each), then 002's three
    # examples without printed weights, introduced as a reference rather than a failed check
    p = subprocess.run([sys.executable, "-E", "-S", "-m", "purenet"], cwd=ROOT, capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0 and p.stderr == ""
    out = p.stdout
    assert "\n25 of 25 numbers match.\n" in out and "MISMATCH" not in out
    assert "\nFor reference, not a check: 002 does not print the initial weights" in out
    assert out.count("002, from its weights: [") == 3 and out.count("purenet, from ours: [") == 3
    assert "not comparable" not in out.lower()
