"""Signals at random moments of purenet's start, through real processes (every wait bounded): from
the moment ``python -m purenet VERB`` has loaded ``purenet/tools/startup.py`` (right after the
core's import), SIGINT ends in exit 130 and SIGTERM in 143 with one line, never a
KeyboardInterrupt traceback or the signal's raw death (-2, -15); a run the signal misses finishes
(exit 0). The command line's imports (about 70 ms), parsing and the verb all come after.

The moment is found without a clock: the child runs with ``python -v``, which writes a line to
stderr as it loads each module; the signal follows the line for ``startup.py`` and its SIGTERM
handler (``/proc/PID/status``) after a random delay of 0 to 250 ms."""
import os
import random
import signal
import subprocess
import sys
import threading
import time

import pytest

from .processes import ROOT, default_signals

posix = pytest.mark.skipif(not os.path.isfile("/proc/self/status"), reason="needs POSIX signals and /proc")
MARKER = os.path.join("purenet", "tools", "startup.py")


def catches(pid, signum):
    """Whether process pid has a handler for signum (SigCgt in /proc/PID/status)."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("SigCgt:"):
                    return int(line.split()[1], 16) >> (signum - 1) & 1 == 1
    except OSError:
        pass
    return False


def start_and_signal(tmp_path, signum, delay):
    """(exit status, stderr lines) of ``python -v -m purenet init ...`` sent signum ``delay``
    seconds after it loaded purenet/tools/startup.py and that installed its SIGTERM handler (a
    loaded machine may pause the child between the two)."""
    env = dict(os.environ, PYTHONPATH=ROOT, PYTHONDONTWRITEBYTECODE="1")
    p = subprocess.Popen([sys.executable, "-v", "-m", "purenet", "init", "--sizes", "2,3,1", "--activation",
                          "tanh", "--out", str(tmp_path / "m.json")], cwd=ROOT, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=default_signals)
    lines, seen = [], threading.Event()

    def read():
        for raw in p.stderr:
            line = raw.decode("utf-8", "replace")
            lines.append(line)
            if "code object from" in line and line.rstrip().endswith(MARKER):
                seen.set()
        seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert seen.wait(60), "purenet/tools/startup.py not loaded within 60 s"
        deadline = time.monotonic() + 30
        while not catches(p.pid, signal.SIGTERM) and p.poll() is None:
            assert time.monotonic() < deadline, "no SIGTERM handler within 30 s of loading startup.py"
            time.sleep(0.0005)
        time.sleep(delay)
        if p.poll() is None:
            p.send_signal(signum)
        code = p.wait(timeout=60)
        reader.join(30)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait(timeout=30)
    return code, lines


@posix
@pytest.mark.slow
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_signal_while_purenet_starts_is_an_exit_status_and_one_line(tmp_path, name):
    signum = getattr(signal, name)
    rng = random.Random(signum)
    outcomes = []
    for k in range(10):
        delay = rng.uniform(0.0, 0.25)
        code, lines = start_and_signal(tmp_path, signum, delay)
        text = "".join(lines)
        assert "Traceback" not in text and "KeyboardInterrupt" not in text, (delay, text[-2000:])
        assert code in (0, 128 + signum), (delay, code, text[-2000:])
        if code == 128 + signum:
            said = text.count("purenet init: stopped by %s" % name)       # (python -v may share its line)
            assert said == 1, (delay, text[-2000:])
        outcomes.append(code)
    assert 128 + signum in outcomes, "no run was stopped: the delays missed the start (%r)" % outcomes
