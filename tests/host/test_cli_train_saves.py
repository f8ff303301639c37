"""Every way out of ``purenet train`` keeps the work: the last completed epoch saved and said in
one line, with the exit status of docs/cli.md, whatever ends training: the last epoch, an
unexpected error, SIGINT (once or repeatedly, also while saving), SIGTERM, SIGHUP, a closed or
full stderr; and a save that fails said plainly. (Divergence and an output leaving the loss's
domain: ``test_cli_train_warnings.py``.)

The expected model is always recomputed independently of the command line: ``training.train`` on
the same network for the number of epochs the message names, written by ``files.dumps``; the
saved file must equal it byte for byte. Signals and closed pipes go through real subprocesses,
every wait bounded.
"""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from purenet import training
from purenet.network import init_network
from purenet.tools import files
from purenet.training import train
from tests.host import ROOT
from tests.host.conftest import XOR, purenet_env, put, run
from tests.host.processes import default_signals, finish, purenet, read_lines

X, Y = XOR["inputs"], XOR["targets"]
posix_signals = pytest.mark.skipif(os.name != "posix" or not hasattr(signal, "SIGHUP"),
                                   reason="needs POSIX signals")


def expected_text(net, loss, h, epochs):
    """The model file of net after `epochs` epochs of plain batch training (the library, not the CLI)."""
    n = net.copy()
    train(n, X, Y, loss, h, epochs)
    return files.dumps(files.model_to_dict(n))


@pytest.fixture
def xor(xor_files):
    return xor_files


def args(model, data, out, epochs=6, *more):
    return ["train", model, data, "--loss", "cross_entropy", "--learning-rate", "0.5", "--epochs",
            str(epochs), "--out", out] + list(more)


def no_temporary_files(folder):
    return [f for f in os.listdir(str(folder)) if f.endswith(".tmp")] == []


# ---------------------------------------------------------------------------------------------
# in the test process: exceptions, failed saves, signals while saving

def test_an_unexpected_error_saves_the_last_completed_epoch(capsys, tmp_path, xor, monkeypatch):
    net, model, data = xor
    calls, real = [0], training._gradient

    def failing(*a):
        calls[0] += 1
        if calls[0] == 3:
            raise MemoryError()
        return real(*a)

    monkeypatch.setattr(training, "_gradient", failing)
    out, hist = str(tmp_path / "t.json"), str(tmp_path / "h.json")
    code, _, err = run(capsys, *args(model, data, out, 6, "--history", hist))
    monkeypatch.setattr(training, "_gradient", real)
    assert code == 1
    assert err.splitlines()[-1] == ("purenet train: stopped by an unexpected error in epoch 3 (MemoryError); "
                                    "saved the model after epoch 2 (the last completed epoch) to %s" % out)
    assert open(out).read() == expected_text(net, "cross_entropy", 0.5, 2)
    h = json.load(open(hist))
    assert h["completed_epochs"] == 2 and len(h["cost"]) == 3


def test_an_interrupt_in_the_finiteness_check_saves_the_epoch_it_names(capsys, tmp_path, xor, monkeypatch):
    # a Ctrl-C inside the end-of-epoch check saved epoch k but reported k - 1
    net, model, data = xor
    calls, real = [0], training.parameters_finite

    def interrupting(n):
        calls[0] += 1
        if calls[0] == 3:
            raise KeyboardInterrupt
        return real(n)

    monkeypatch.setattr(training, "parameters_finite", interrupting)
    out, hist = str(tmp_path / "t.json"), str(tmp_path / "h.json")
    code, _, err = run(capsys, *args(model, data, out, 6, "--history", hist))
    monkeypatch.setattr(training, "parameters_finite", real)
    assert code == 130
    assert err.splitlines()[-1].startswith("purenet train: interrupted by SIGINT (Ctrl-C) in epoch 3; saved "
                                           "the model after epoch 2 (the last completed epoch)")
    assert open(out).read() == expected_text(net, "cross_entropy", 0.5, 2)
    assert json.load(open(hist))["completed_epochs"] == 2


def test_a_save_that_fails_is_said_plainly_with_exit_3(capsys, tmp_path, xor, monkeypatch):
    net, model, data = xor
    real = files.write_json_atomic
    out, hist = str(tmp_path / "t.json"), str(tmp_path / "h.json")

    def full_disk(path, obj):
        if path == out:
            raise OSError(28, "No space left on device")
        return real(path, obj)

    monkeypatch.setattr(files, "write_json_atomic", full_disk)
    code, _, err = run(capsys, *args(model, data, out, 4, "--history", hist))
    assert code == 3
    h = json.load(open(hist))                                   # the other outputs are written
    assert h["completed_epochs"] == 4 and not os.path.exists(out)
    assert err.splitlines()[-1] == ("purenet train: done: 4 epochs, cost %r -> %r; the model could not be "
                                    "written to %s (No space left on device): the model after epoch 4 is "
                                    "lost" % (h["cost"][0], h["cost"][4], out))


def test_signals_while_saving_wait_until_the_files_are_written(capsys, tmp_path, xor, monkeypatch):
    # a second Ctrl-C during the save lost the model (39 of 45 double interrupts), and a single one
    # that landed in the final save of a finished run did too; SIGTERM during a save left a .tmp
    net, model, data = xor
    real = files.write_json_atomic

    def interrupted_save(path, obj):
        for s in (signal.SIGINT, signal.SIGINT, signal.SIGTERM):
            os.kill(os.getpid(), s)
            time.sleep(0.01)                            # the handler runs here, in this thread
        return real(path, obj)

    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler or \
            signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        pytest.skip("this test process does not handle SIGINT and SIGTERM as Python does by default")
    monkeypatch.setattr(files, "write_json_atomic", interrupted_save)
    out, hist = str(tmp_path / "t.json"), str(tmp_path / "h.json")
    code, _, err = run(capsys, *args(model, data, out, 5, "--history", hist))
    assert code == 130                                  # the first signal's status; the work is complete
    assert err.splitlines()[-1] == ("purenet train: interrupted by SIGINT (Ctrl-C) after the last epoch; "
                                    "saved the model after epoch 5 (the last completed epoch) to %s" % out)
    assert open(out).read() == expected_text(net, "cross_entropy", 0.5, 5)
    assert json.load(open(hist))["completed_epochs"] == 5
    assert no_temporary_files(tmp_path)
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler      # handlers restored


def test_a_signal_during_another_verbs_write_removes_its_temporary_file(capsys, tmp_path, xor, monkeypatch):
    from purenet.tools.files import outputs
    net, model, data = xor
    out = str(tmp_path / "g.json")
    with open(out, "w") as f:
        f.write("old")
    real = outputs.os.fsync

    def terminated(fd):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.01)
        return real(fd)

    if signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        pytest.skip("this test process does not leave SIGTERM at its default")
    monkeypatch.setattr(outputs.os, "fsync", terminated)
    code, _, err = run(capsys, "grad", model, data, "--loss", "cross_entropy", "--out", out)
    assert code == 143 and err == "purenet grad: stopped by SIGTERM (a request to terminate)\n"
    assert open(out).read() == "old" and no_temporary_files(tmp_path)


# ---------------------------------------------------------------------------------------------
# real processes: signals and closed pipes

def start(model, data, out, *more, **kw):
    return purenet("train", model, data, "--loss", "cross_entropy", "--learning-rate", "0.1", "--out", out,
                   *more, **kw)


@pytest.fixture
def deep(tmp_path):
    net = init_network([2, 16, 16, 1], ["tanh", "tanh", "sigmoid"], bias=True, seed=5)
    return net, put(tmp_path, "m.json", net), put(tmp_path, "xor.json", XOR)


def saved_epoch(last):
    return int(last.split("saved the model after epoch ")[1].split()[0])


@posix_signals
@pytest.mark.parametrize("signals,code", [(("SIGTERM",), 143), (("SIGHUP",), 129),
                                          (("SIGINT", "SIGINT", "SIGTERM"), 130)])
def test_signals_save_the_last_completed_epoch(tmp_path, deep, signals, code):
    # SIGTERM or SIGHUP killed train with nothing saved (one run lost 6,000 epochs)
    net, model, data = deep
    out, hist = str(tmp_path / "t.json"), str(tmp_path / "h.json")
    p = start(model, data, out, "--epochs", "100000000", "--progress-every", "20", "--history", hist)
    lines, rest = read_lines(p, 3)
    assert lines[2].startswith("epoch 60/")
    for name in signals:
        p.send_signal(getattr(signal, name))
        time.sleep(0.005)
    status, err = finish(p, rest)
    assert status == code
    last = err.splitlines()[-1]
    k = saved_epoch(last)
    what = {"SIGINT": "SIGINT (Ctrl-C)", "SIGTERM": "SIGTERM (a request to terminate)",
            "SIGHUP": "SIGHUP (the terminal closed)"}[signals[0]]
    assert last == ("purenet train: interrupted by %s in epoch %d; saved the model after epoch %d (the last "
                    "completed epoch) to %s" % (what, k + 1, k, out))
    assert k >= 60
    assert open(out).read() == expected_text(net, "cross_entropy", 0.1, k)
    h = json.load(open(hist))
    assert h["completed_epochs"] == k and len(h["cost"]) == k + 1
    assert no_temporary_files(tmp_path)


@posix_signals
def test_an_ignored_sighup_stays_ignored(tmp_path, xor):
    # nohup: SIGHUP ignored when purenet starts; it must not stop training
    net, model, data = xor
    out = str(tmp_path / "t.json")
    def ignore_sighup():
        default_signals()
        signal.signal(signal.SIGHUP, signal.SIG_IGN)

    p = start(model, data, out, "--epochs", "600", "--progress-every", "200", preexec_fn=ignore_sighup)
    read_lines(p, 1)
    p.send_signal(signal.SIGHUP)
    status, err = finish(p)
    assert status == 0 and err.splitlines()[-1].startswith("purenet train: done: 600 epochs")
    assert open(out).read() == expected_text(net, "cross_entropy", 0.1, 600)


def test_a_closed_stderr_loses_no_work(tmp_path, xor):
    # `train ... 2>&1 | head -3` left no model and exit 0: the progress write raised BrokenPipeError
    net, model, data = xor
    out = str(tmp_path / "t.json")
    p = start(model, data, out, "--epochs", "500")
    read_lines(p, 3)
    p.stderr.close()                                        # like head -3
    try:
        status = p.wait(timeout=120)
    finally:
        if p.poll() is None:
            p.kill()
    assert status == 0
    assert open(out).read() == expected_text(net, "cross_entropy", 0.1, 500)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_stderr_loses_no_work(tmp_path, xor):
    net, model, data = xor
    out = str(tmp_path / "t.json")
    env = dict(os.environ, PYTHONPATH=ROOT)
    with open("/dev/full", "w") as full:
        status = subprocess.run([sys.executable, "-m", "purenet"] + args(model, data, out, 200), cwd=ROOT,
                                env=env, stderr=full, stdout=subprocess.DEVNULL, timeout=120).returncode
    assert status == 0
    assert open(out).read() == expected_text(net, "cross_entropy", 0.5, 200)


@pytest.mark.skipif(os.name != "posix", reason="needs RLIMIT_FSIZE")
def test_a_real_failed_save_is_said_plainly(tmp_path, xor):
    # the files may hold at most 300 bytes (RLIMIT_FSIZE, SIGXFSZ ignored so that write fails with
    # EFBIG): the 2-3-1 model (about 500 bytes) cannot be written, the output checks passed before
    import resource

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (300, 300))

    net, model, data = xor
    out = str(tmp_path / "t.json")
    env = dict(os.environ, PYTHONPATH=ROOT, PYTHONDONTWRITEBYTECODE="1")
    r = subprocess.run([sys.executable, "-m", "purenet"] + args(model, data, out, 5), cwd=ROOT, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                       preexec_fn=limit, timeout=120)
    assert r.returncode == 3
    last = r.stderr.splitlines()[-1]
    assert last.startswith("purenet train: done: 5 epochs, cost ")
    assert last.endswith("; the model could not be written to %s (File too large): the model after epoch 5 "
                         "is lost" % out)
    assert not os.path.exists(out) and no_temporary_files(tmp_path)


@pytest.mark.skipif(os.name != "posix", reason="needs flock")
def test_two_runs_writing_the_same_outputs_take_turns(tmp_path, xor):
    # the model and the history of two concurrent runs could come from different runs: each run
    # writes its set under a lock on the folder; here the test holds the lock, and the run waits
    import fcntl
    net, model, data = xor
    out, hist = str(tmp_path / "t.json"), str(tmp_path / "h.json")
    fd = os.open(str(tmp_path), os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        p = start(model, data, out, "--epochs", "3", "--history", hist)
        read_lines(p, 3)                                    # epoch 3/3: training is over
        time.sleep(0.5)
        assert p.poll() is None and not os.path.exists(out) and not os.path.exists(hist)
    finally:
        os.close(fd)                                        # releases the lock
    status, err = finish(p)
    assert status == 0 and open(out).read() == expected_text(net, "cross_entropy", 0.1, 3)
    assert json.load(open(hist))["completed_epochs"] == 3


@posix_signals
@pytest.mark.slow
@pytest.mark.parametrize("name,code", [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_signal_stops_a_parallel_check_in_one_line(tmp_path, name, code):
    # check --jobs 2: the workers were forked with the parent's signal handlers and printed
    # tracebacks when the pool was terminated; now they die quietly and the parent says one line.
    # With a multiprocessing.Pool this also hung about one run in ten on PyPy (parallel.split)
    from purenet.bits import Random
    net = init_network([40, 100, 100, 1], "tanh", seed=2)
    model = put(tmp_path, "m.json", net)
    rng = Random(3)
    data = put(tmp_path, "d.json", {"inputs": [[rng.random() for _ in range(40)] for _ in range(60)],
                                         "targets": [[rng.random()] for _ in range(60)]})
    env = purenet_env()
    p = subprocess.Popen([sys.executable, "-m", "purenet", "check", model, data, "--loss",
                          "half_squared_error", "--jobs", "2", "--max-check-cost", "1e12"], cwd=ROOT, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=default_signals,
                         start_new_session=True)
    time.sleep(1.5)                          # the check takes several seconds: the workers are busy
    assert p.poll() is None
    os.killpg(p.pid, getattr(signal, name))  # the whole group, as a terminal or a scheduler does
    status, err = finish(p)
    assert status == code
    assert err == "purenet check: stopped by %s\n" % {"SIGTERM": "SIGTERM (a request to terminate)",
                                                      "SIGINT": "SIGINT (Ctrl-C)"}[name]
