"""The core is one folder: every ``.py`` file directly in ``purenet/``, nothing else (docs/portability.md).

The core is what a board needs to run, train and reproduce the papers; it may import only
``math``, ``json``, ``sys``, ``struct`` and other core modules, since MicroPython lacks
``operator``, ``typing``, ``dataclasses``, ``fractions``, ``decimal``, ... and a board has no room
for the command line, the file formats or the plotting. Those live in ``purenet/tools/``, which the
core never imports. So which folder goes on a board is decided by the tree alone, and checked here.
"""
import ast
import os
import subprocess
import sys

from tests.host import ROOT

PACKAGE = os.path.join(ROOT, "purenet")

ALLOWED_STDLIB = ("math", "json", "sys", "struct")
# What the core may use from math: exact or correctly rounded (IEEE 754) on every interpreter,
# and present on MicroPython. exp, expm1, tanh and log differ by an ulp between glibc and the
# WebAssembly libm (docs/portability.md): the core uses purenet.bits' instead.
ALLOWED_MATH = ("sqrt", "floor", "ceil", "trunc", "fabs", "copysign", "ldexp", "frexp", "fmod",
                "isinf", "isnan", "isfinite", "pi", "e", "inf", "nan")


def core_modules():
    """The core: the .py files directly in purenet/, by module name ("network", "__main__", ...)."""
    return sorted(n[:-3] for n in os.listdir(PACKAGE) if n.endswith(".py"))


def is_core(name):
    return name in core_modules()


def imports_of(path):
    """[(line, imported module as written, level)] for every import statement in the file."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                out.append((node.lineno, alias.name, 0, None))
        elif isinstance(node, ast.ImportFrom):
            out.append((node.lineno, node.module or "", node.level, [a.name for a in node.names]))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__":
            out.append((node.lineno, "__import__(...)", 0, None))
    return out


def violations(name):
    """Why core module ``name`` breaks the rule, one string per offending import."""
    bad = []
    for line, module, level, names in imports_of(os.path.join(PACKAGE, name + ".py")):
        where = "purenet/%s.py:%d" % (name, line)
        if module == "__import__(...)":
            bad.append("%s calls __import__" % where)
        elif level == 0:
            top = module.split(".")[0]
            if top == "purenet":
                sub = module.split(".")[1] if "." in module else None
                targets = [sub] if sub else (names or [])
                for t in targets:
                    if not is_core(t):
                        bad.append("%s imports purenet.%s, which is not core" % (where, t))
            elif top not in ALLOWED_STDLIB:
                bad.append("%s imports %s (allowed: %s and core modules)"
                           % (where, module, ", ".join(ALLOWED_STDLIB)))
        elif level == 1:
            targets = [module.split(".")[0]] if module else (names or [])
            for t in targets:
                if not is_core(t):
                    bad.append("%s imports .%s, which is not core" % (where, t))
        else:
            bad.append("%s imports from %s (outside the package)" % (where, "." * level + module))
    return bad


def math_uses(path):
    """[(line, name)] for every ``math.name`` and ``from math import name`` in the file."""
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    out = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id == "math"):
            out.append((node.lineno, node.attr))
        elif isinstance(node, ast.ImportFrom) and node.module == "math" and node.level == 0:
            out += [(node.lineno, a.name) for a in node.names]
    return out


def test_core_uses_only_bit_identical_math():
    bad = []
    for m in core_modules():
        path = os.path.join(PACKAGE, m + ".py")
        if m == "bits":
            continue
        for line, name in math_uses(path):
            if name not in ALLOWED_MATH:
                bad.append("purenet/%s.py:%d uses math.%s%s" % (
                    m, line, name, " (use purenet.bits.%s)" % name
                    if name in ("exp", "expm1", "tanh", "log") else ""))
    assert not bad, ("core modules use math functions whose last bit differs between "
                     "interpreters:\n  " + "\n  ".join(bad))


def test_the_core_is_the_top_folder_and_the_tools_a_subpackage():
    names = os.listdir(PACKAGE)
    folders = sorted(n for n in names if os.path.isdir(os.path.join(PACKAGE, n)) and n != "__pycache__")
    assert folders == ["tools"], folders
    for m in ("__init__", "__main__", "network", "backprop", "training", "activations", "losses",
              "checks", "bits", "papers"):
        assert is_core(m), m
    for m in ("cli/parser", "files/dicts", "verifier/gradcheck", "verifier/reports",
              "vectors/one_step", "web/session", "plot"):
        assert os.path.exists(os.path.join(PACKAGE, "tools", m + ".py")), m


def test_the_tools_are_grouped_by_job_each_folder_saying_what_it_holds():
    tools = os.path.join(PACKAGE, "tools")
    top = sorted(n for n in os.listdir(tools) if n.endswith(".py"))
    assert len(top) <= 6, top
    for folder, dirs, names in os.walk(tools):
        if "__pycache__" in folder or "static" in folder:
            continue
        init = os.path.join(folder, "__init__.py")
        assert os.path.isfile(init), folder
        with open(init, encoding="utf-8") as f:
            doc = ast.get_docstring(ast.parse(f.read(), init))
        assert doc and len(doc.split("\n")) >= 3, "%s has no docstring saying what it holds" % init


def test_core_modules_import_only_the_allowed_set():
    bad = []
    for m in core_modules():
        if m != "__main__":              # hands the command line's verbs to purenet.tools.cli
            bad += violations(m)
    assert not bad, "core modules import outside the allowed set:\n  " + "\n  ".join(bad)


def test_no_module_is_longer_than_500_lines():
    long = []
    for folder, dirs, files in os.walk(PACKAGE):
        for name in files:
            if name.endswith(".py"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    n = len(f.read().splitlines())
                if n > 500:
                    long.append("%s: %d lines" % (os.path.relpath(os.path.join(folder, name), ROOT), n))
    assert not long, long


def long_functions(package, limit=100):
    """Every function or method in the package's .py files longer than ``limit`` lines (from its
    ``def`` to its last line, end_lineno - lineno + 1), as {"path: name": lines}."""
    found = {}
    for folder, dirs, files in os.walk(package):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as f:
                    tree = ast.parse(f.read(), path)
                where = os.path.relpath(path, os.path.dirname(package)).replace(os.sep, "/")
                for node in ast.walk(tree):
                    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        n = node.end_lineno - node.lineno + 1
                        if n > limit:
                            found["%s: %s" % (where, node.name)] = n
    return found


def test_no_function_is_longer_than_100_lines():
    long = ["%s (%d lines)" % (k, n) for k, n in sorted(long_functions(PACKAGE).items())]
    assert not long, "functions over 100 lines:\n  " + "\n  ".join(long)


def test_the_function_length_check_counts_from_def_to_the_last_line(tmp_path):
    pkg = tmp_path / "purenet"
    pkg.mkdir()
    body = "".join("    x%d = %d\n" % (i, i) for i in range(99))
    (pkg / "m.py").write_text("def short():\n%s\n\nclass C:\n    def long(self):\n%s        return 1\n"
                              % (body, body.replace("    ", "        ")))
    # short: its def and 99 lines, 100 in all; C.long: its def, 99 lines and the return, 101
    assert long_functions(str(pkg)) == {"purenet/m.py: long": 101}


def test_the_command_line_writes_its_streams_only_through_stdio():
    # closed, full and broken streams have one rule (purenet/tools/cli/stdio.py); argparse is used
    # through its public interface only
    folder = os.path.join(PACKAGE, "tools", "cli")
    found = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".py"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            tree = ast.parse(f.read())
        for node in ast.walk(tree):
            where = "%s:%d" % (name, getattr(node, "lineno", 0))
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                if node.value.id == "sys" and node.attr in ("stdout", "stderr") and name != "stdio.py":
                    found.append("%s sys.%s" % (where, node.attr))
                if node.value.id == "argparse" and node.attr.startswith("_"):
                    found.append("%s argparse.%s" % (where, node.attr))
            if isinstance(node, ast.Attribute) and node.attr in ("_actions", "_negative_number_matcher",
                                                                 "_print_message", "_get_formatter"):
                found.append("%s .%s" % (where, node.attr))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
                found.append("%s print()" % where)
    assert not found, found


def test_the_check_catches_bad_imports(tmp_path, monkeypatch):
    # the rule itself, on a made-up package: operator, a non-core module, a relative non-core
    pkg = tmp_path / "purenet"
    pkg.mkdir()
    (pkg / "bad.py").write_text("import math\nimport operator\nfrom . import cli\n"
                                "from .files import load\nfrom purenet import svg\n"
                                "def f():\n    import typing\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", str(pkg))
    monkeypatch.setattr(sys.modules[__name__], "core_modules", lambda: ["bad", "network"])
    bad = violations("bad")
    assert len(bad) == 5, bad
    assert "purenet/bad.py:2 imports operator" in bad[0]
    assert any("typing" in b for b in bad) and any(".cli" in b for b in bad)


CHILD = r"""
import sys
before = set(sys.modules)
import purenet, purenet.network, purenet.backprop, purenet.training, purenet.papers, purenet.updates
new = sorted(set(sys.modules) - before)
import sysconfig
roots = set(p for p in (sysconfig.get_paths().get("stdlib"), sysconfig.get_paths().get("platstdlib")) if p)
for name in new:
    m = sys.modules.get(name)
    f = getattr(m, "__file__", None)
    if name == "purenet" or name.startswith("purenet."):
        kind = "purenet"
    elif f is None or name in sys.builtin_module_names:
        kind = "builtin"
    elif [r for r in roots if f.startswith(r)]:
        kind = "stdlib"
    else:
        kind = "other " + f
    print(name + "\t" + kind)
"""


def test_importing_the_core_loads_exactly_the_core_folder():
    # python -E -S: no site-packages, no PYTHON* variables: what a bare interpreter has
    out = subprocess.run([sys.executable, "-E", "-S", "-c", CHILD], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    rows = [line.split("\t") for line in out.stdout.strip().split("\n") if line]
    others = [r for r in rows if r[1].startswith("other")]
    assert not others, "importing the core loaded non-stdlib modules: %s" % others
    loaded = sorted(r[0] for r in rows if r[1] == "purenet" and r[0] != "purenet")
    # float32 is imported only where floats are single (purenet.bits), never on CPython; packed
    # only by who reads a packed model
    assert loaded == ["purenet." + m for m in core_modules()
                      if m not in ("__init__", "__main__", "float32", "packed")], loaded
