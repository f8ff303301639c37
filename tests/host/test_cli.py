"""Tests of the command line (``purenet/tools/cli/``, ``docs/cli.md``): exit codes, messages, bytes.

Most tests call ``cli.main(argv)`` in the test process (fast, and lets a test interrupt training
at a chosen point); a few run ``python -m purenet`` as a subprocess to check the real entry point,
including a real SIGINT.
"""
import json
import os
import signal
import subprocess
import sys

import pytest

from tests.host import ROOT
from tests.host.conftest import XOR, one_line, purenet_env, put, python_m_purenet, run

sys.path.insert(0, ROOT)

from purenet import training  # noqa: E402
from purenet.backprop import gradient  # noqa: E402
from purenet.network import Network, forward, init_network  # noqa: E402
from purenet.tools import files, plot  # noqa: E402
from purenet.training import train  # noqa: E402
from tests.host.processes import finish, purenet, read_lines  # noqa: E402

# The newcomer's files of docs/formats.md, typed by hand.
HAND_MODEL = """{
  "format": "purenet.model",
  "version": 1,
  "layers": [
    {"activation": "sigmoid",
     "weights": [[0.15, 0.25],
                 [0.20, 0.30]],
     "biases": [0.35, 0.35]},
    {"activation": "sigmoid",
     "weights": [[0.40, 0.50],
                 [0.45, 0.55]],
     "biases": [0.60, 0.60]}
  ]
}
"""
HAND_DATA = """{"inputs": [[0.05, 0.10]], "targets": [[0.01, 0.99]]}
"""


@pytest.fixture
def xor(tmp_path):
    """A 2-3-1 tanh/sigmoid model and the XOR data, as files."""
    net = init_network([2, 3, 1], ["tanh", "sigmoid"], bias=True, seed=7)
    model = str(tmp_path / "model.json")
    files.save_model(model, net)
    return model, put(tmp_path, "xor.json", XOR), net


# ----------------------------------------------------------------------------------------------
# help and usage

@pytest.mark.parametrize("verb", ["init", "forward", "grad", "train", "vectors"])
def test_help_for_each_verb(capsys, verb):
    code, out, err = run(capsys, verb, "--help")
    assert code == 0
    assert out.startswith("usage: python -m purenet " + verb)
    assert "130" in out and "exit codes" in out


def test_top_level_help(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for verb in ("init", "forward", "grad", "train", "check", "vectors"):
        assert verb in out
    assert "exit codes" in out


def test_usage_errors_exit_2(capsys):
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys, "init")[0] == 2                                   # --sizes missing
    code, _, err = run(capsys, "init", "--sizes", "2,x,1", "--activation", "tanh")
    assert code == 2 and "expected positive integers separated by commas" in err
    code, _, err = run(capsys, "init", "--sizes", "2,0,1", "--activation", "tanh")
    assert code == 2
    code, _, err = run(capsys, "init", "--sizes", "3", "--activation", "tanh")
    assert code == 2 and "at least two layer sizes" in err
    code, _, err = run(capsys, "init", "--sizes", "2,3,1", "--activation", "swish")
    assert code == 2 and 'unknown activation "swish"' in err
    code, _, err = run(capsys, "train", "a", "b", "--loss", "mse", "--learning-rate", "0.1",
                       "--epochs", "1", "--out", "c")
    assert code == 2 and 'unknown loss "mse" (known: ' in err
    for bad in ("0", "-1", "nan", "inf", "x"):
        code, _, err = run(capsys, "train", "a", "b", "--loss", "squared_error", "--learning-rate", bad,
                           "--epochs", "1", "--out", "c")
        assert code == 2 and "--learning-rate" in err, bad


# ----------------------------------------------------------------------------------------------
# init

def test_init_to_stdout_is_the_seeded_network(capsys):
    code, out, err = run(capsys, "init", "--sizes", "2,3,1", "--activation", "tanh,sigmoid", "--seed", "7")
    assert code == 0 and err == ""
    expected = init_network([2, 3, 1], ["tanh", "sigmoid"], bias=True, seed=7)
    assert out == files.dumps(files.model_to_dict(expected))


def test_init_options(capsys, tmp_path):
    path = str(tmp_path / "m.json")
    code, out, err = run(capsys, "init", "--sizes", "3,4,4,2", "--activation", "relu,linear", "--no-bias",
                         "--seed", "3", "--out", path)
    assert code == 0 and out == ""
    assert one_line(err) == "wrote a 3-4-4-2 network (seed 3) to %s" % path
    net = files.load_model(path)
    assert net.sizes == [3, 4, 4, 2]
    assert [net.s[l].name for l in (2, 3, 4)] == ["relu", "relu", "linear"]
    assert all(net.b[l] is None for l in (2, 3, 4))
    # one name per layer
    code, out, _ = run(capsys, "init", "--sizes", "3,4,4,2", "--activation", "relu,tanh,softmax")
    assert code == 0
    assert [l["activation"] for l in json.loads(out)["layers"]] == ["relu", "tanh", "softmax"]
    # the default seed is 0
    assert run(capsys, "init", "--sizes", "2,2", "--activation", "tanh")[1] == \
        files.dumps(files.model_to_dict(init_network([2, 2], "tanh", seed=0)))


def test_init_bad_activation_count(capsys):
    code, out, err = run(capsys, "init", "--sizes", "2,3,3,3,1", "--activation", "tanh,tanh,tanh")
    assert code == 2 and out == ""
    assert one_line(err) == ("purenet init: --activation: 3 names given for --sizes 2,3,3,3,1; give one "
                             "name for every layer, two for the hidden layers and the output layer, "
                             "or one per layer (4 names for layers 2..5)")
    # with two weight layers, two names are one per layer: no "two (hidden, output)" beside "2"
    code, out, err = run(capsys, "init", "--sizes", "2,3,1", "--activation", "sigmoid,tanh,relu")
    assert one_line(err) == ("purenet init: --activation: 3 names given for --sizes 2,3,1; give one "
                             "name for every layer or one per layer (2 names)")
    code, _, err = run(capsys, "init", "--sizes", "2,1", "--activation", "tanh,sigmoid")
    assert code == 2 and "no hidden layer" in err
    code, _, err = run(capsys, "init", "--sizes", "2,3,1", "--activation", "softmax")
    assert code == 2
    assert one_line(err) == "purenet init: layer 2: softmax is supported only in the output layer"


# ----------------------------------------------------------------------------------------------
# forward and grad

def test_forward(capsys, xor):
    model, data, net = xor
    code, out, err = run(capsys, "forward", model, data)
    assert code == 0 and err == ""
    assert json.loads(out) == {"outputs": [forward(net, x).output for x in XOR["inputs"]]}
    code, out, _ = run(capsys, "forward", model, data, "--trace")
    d = json.loads(out)
    t = forward(net, XOR["inputs"][3])
    assert d["samples"][3]["z"] == {"1": t.z[1], "2": t.z[2], "3": t.z[3]}
    assert d["samples"][3]["a"]["3"] == t.a[3] == d["outputs"][3]


def test_forward_needs_no_targets(capsys, tmp_path, xor):
    model, _, net = xor
    data = put(tmp_path, "in.json", {"inputs": [[0.5, -0.5]]})
    code, out, _ = run(capsys, "forward", model, data)
    assert code == 0 and json.loads(out)["outputs"] == [forward(net, [0.5, -0.5]).output]
    assert run(capsys, "grad", model, data, "--loss", "cross_entropy")[0] == 2   # grad does


def test_grad_of_the_hand_written_files(capsys, tmp_path):
    """The newcomer's path of docs/formats.md: type a model and data, get the gradient."""
    model, data = put(tmp_path, "m.json", HAND_MODEL), put(tmp_path, "d.json", HAND_DATA)
    code, out, err = run(capsys, "grad", model, data, "--loss", "half_squared_error")
    assert code == 0 and err == ""
    net = files.load_model(model)
    J, gw, gb = gradient(net, [[0.05, 0.10]], [[0.01, 0.99]], "half_squared_error")
    assert out == files.dumps(files.gradients_to_dict(J, gw, gb))
    # the output is a gradient file that files.load_gradients (and `check --gradients`) reads back
    g = put(tmp_path, "g.json", out)
    assert files.load_gradients(g, net) == (J, gw, gb)
    # the well-known numbers of this example (Mazur's step-by-step backpropagation): E = 0.298371109
    assert abs(J - 0.298371109) < 1e-9
    assert abs(gw[3][0][0] - 0.082167041) < 1e-9      # dE/dw^3_11


def test_grad_out_file(capsys, tmp_path, xor):
    model, data, net = xor
    path = str(tmp_path / "g.json")
    code, out, err = run(capsys, "grad", model, data, "--loss", "squared_error", "--out", path)
    assert code == 0 and out == "" and err == ""
    expected = gradient(net, XOR["inputs"], XOR["targets"], "squared_error")
    assert open(path).read() == files.dumps(files.gradients_to_dict(*expected))


def test_grad_loss_that_the_output_cannot_serve(capsys, xor):
    model, data, _ = xor
    code, out, err = run(capsys, "grad", model, data, "--loss", "categorical_cross_entropy")
    assert code == 2 and out == ""
    assert one_line(err) == ("purenet grad: categorical_cross_entropy needs a softmax output layer, "
                             "not sigmoid")


def test_grad_cross_entropy_outside_0_1(capsys, tmp_path):
    model = put(tmp_path, "m.json", files.dumps(files.model_to_dict(Network([[[2.0]]], None, "linear"))))
    data = put(tmp_path, "d.json", {"inputs": [[1.0]], "targets": [[1.0]]})
    code, _, err = run(capsys, "grad", model, data, "--loss", "cross_entropy")
    assert code == 2 and one_line(err) == "purenet grad: cross_entropy: output y_1 = 2.0 is not in [0, 1]"


def test_grad_infinite_cost_is_not_written(capsys, tmp_path):
    # a one-class softmax output is exactly 1.0; against target 0 its cost is J = −log(1 − 1) = inf
    # (exactly so), nothing on stdout. (A sigmoid's cost is taken from z: finite at any z.)
    model = put(tmp_path, "m.json",
                files.dumps(files.model_to_dict(Network([[[50.0]]], None, "softmax"))))
    data = put(tmp_path, "d.json", {"inputs": [[1.0]], "targets": [[0.0]]})
    code, out, err = run(capsys, "grad", model, data, "--loss", "cross_entropy")
    assert code == 1 and out == ""
    warning, error = err.splitlines()          # softmax with binary cross-entropy is a warning first
    assert warning.startswith("purenet grad: warning: cross_entropy with a softmax output")
    assert one_line(error + "\n").startswith("purenet grad: the result is not finite, so it cannot be "
                                             "written as JSON")


# ----------------------------------------------------------------------------------------------
# malformed files: one line naming the file and the place, exit 2, nothing on stdout

@pytest.mark.parametrize("verb", ["forward", "grad", "train"])
def test_malformed_model_on_every_verb(capsys, tmp_path, verb):
    d = json.loads(HAND_MODEL)
    d["layers"][1]["weights"][1] = [0.45]
    model, data = put(tmp_path, "m.json", d), put(tmp_path, "d.json", HAND_DATA)
    extra = {"forward": [], "grad": ["--loss", "squared_error"],
             "train": ["--loss", "squared_error", "--learning-rate", "0.1", "--epochs", "1",
                       "--out", str(tmp_path / "t.json")]}[verb]
    code, out, err = run(capsys, verb, model, data, *extra)
    assert code == 2 and out == ""
    assert one_line(err) == "purenet %s: %s: layers[1].weights[1]: expected 2 numbers, got 1" % (verb, model)
    assert not os.path.exists(str(tmp_path / "t.json"))


MALFORMED = [
    ('{"format": "purenet.model", "version": 1, "layers": '
     '[{"activation": "tanh", "weights": [[NaN]], "biases": null}]}',
     "layers[0].weights[0][0]: expected a finite number, got NaN"),
    ('{"format": "purenet.model", "version": 2, "layers": []}',
     "version: this purenet reads version 1; the file has version 2"),
    ('{"format": "purenet.model", "version": 1, "layers": '
     '[{"activation": "tanh", "weights": [[1]], "biases": null, "x": 1}]}',
     'layers[0]: unknown key "x" (expected "activation", "weights", "biases")'),
    ('{"format": "purenet.model", "version": 1, "layers": '
     '[{"activation": "tanhh", "weights": [[1]], "biases": null}]}',
     'layers[0].activation: unknown activation "tanhh"'),
    ('{"format": "purenet.model", "version": 1, "layers": '
     '[{"activation": "tanh", "weights": [["1"]], "biases": null}]}',
     'layers[0].weights[0][0]: expected a number, got a string ("1")'),
    ('{"format": "purenet.model", "version": 1, "layers": '
     '[{"activation": "tanh", "weights": [[1, 2]], "biases": null},'
     ' {"activation": "tanh", "weights": [[1]], "biases": null}]}',
     "layers[1].weights: expected 2 rows (one per neuron of layer 2: layers[0] has 2 columns), got 1"),
    ("not json", "line 1 column 1: not valid JSON: Expecting value"),
]


@pytest.mark.parametrize("text,place", MALFORMED)
def test_malformed_models_exit_2(capsys, tmp_path, text, place):
    model = put(tmp_path, "m.json", text)
    data = put(tmp_path, "d.json", {"inputs": [[1.0]], "targets": [[1.0]]})
    code, out, err = run(capsys, "forward", model, data)
    assert code == 2 and out == ""
    assert one_line(err).startswith("purenet forward: %s: %s" % (model, place))


def test_malformed_data_and_missing_files(capsys, tmp_path, xor):
    model, _, _ = xor
    data = put(tmp_path, "d.json", {"inputs": [[1.0, 2.0, 3.0]], "targets": [[1.0]]})
    code, _, err = run(capsys, "grad", model, data, "--loss", "squared_error")
    assert code == 2
    assert one_line(err) == ("purenet grad: %s: inputs[0]: expected 2 numbers (the neurons of layer 1 "
                             "of the model), got 3" % data)
    data = put(tmp_path, "d2.json", {"inputs": [[1.0, 2.0]], "targets": [[1.0]], "labels": [1]})
    code, _, err = run(capsys, "grad", model, data, "--loss", "squared_error")
    assert code == 2 and 'unknown key "labels"' in one_line(err)
    missing = str(tmp_path / "nope.json")
    code, _, err = run(capsys, "forward", missing, data)
    assert code == 2
    assert one_line(err) == "purenet forward: %s: cannot read: No such file or directory" % missing


# ----------------------------------------------------------------------------------------------
# train

def train_args(model, data, out, *more):
    return ["train", model, data, "--loss", "cross_entropy", "--learning-rate", "0.5", "--epochs", "6",
            "--out", out] + list(more)


def test_train_writes_the_trained_model_and_history(capsys, tmp_path, xor):
    model, data, net = xor
    out, hist = str(tmp_path / "t.json"), str(tmp_path / "h.json")
    code, stdout, err = run(capsys, *train_args(model, data, out, "--history", hist))
    assert code == 0 and stdout == ""
    expected = net.copy()
    h = train(expected, XOR["inputs"], XOR["targets"], "cross_entropy", 0.5, 6)
    assert open(out).read() == files.dumps(files.model_to_dict(expected))
    lines = err.splitlines()
    assert lines[:6] == ["epoch %d/6  cost %r" % (k, h["cost"][k]) for k in range(1, 7)]
    assert lines[6] == "purenet train: done: 6 epochs, cost %r -> %r; saved the model to %s" % (
        h["cost"][0], h["cost"][6], out)
    assert len(lines) == 7
    d = json.loads(open(hist).read())
    assert d["cost"] == h["cost"] and d["completed_epochs"] == 6
    assert d["loss"] == "cross_entropy" and d["learning_rate"] == 0.5 and d["update"] == "plain"
    assert sorted(os.listdir(str(tmp_path))) == ["h.json", "model.json", "t.json", "xor.json"]


def test_train_options_match_the_library(capsys, tmp_path, xor):
    model, data, net = xor
    out = str(tmp_path / "t.json")
    code, _, err = run(capsys, *train_args(model, data, out, "--batch-size", "1", "--update", "normalized",
                                           "--shuffle-seed", "9", "--progress-every", "4"))
    assert code == 0
    expected = net.copy()
    train(expected, XOR["inputs"], XOR["targets"], "cross_entropy", 0.5, 6, batch_size=1,
          update="normalized", shuffle_seed=9)
    assert files.load_model(out).w == expected.w
    # every 4th epoch and the last one
    assert [l.split()[1] for l in err.splitlines()[:-1]] == ["4/6", "6/6"]


def test_train_on_a_pipe_prints_about_20_progress_lines(tmp_path, xor):
    # train --epochs 2000 printed 2,001 lines; now every ceil(2000/20) = 100 epochs, and the last
    model, data, net = xor
    out = str(tmp_path / "t.json")
    h = train(net.copy(), XOR["inputs"], XOR["targets"], "cross_entropy", 0.5, 2000)
    r = python_m_purenet(*train_args(model, data, out)[:7], "--epochs", "2000", "--out", out)
    lines = r.stderr.splitlines()
    assert r.returncode == 0 and len(lines) == 21
    assert lines[:20] == ["epoch %d/2000  cost %r" % (k, h["cost"][k]) for k in range(100, 2001, 100)]
    assert lines[20].startswith("purenet train: done: 2000 epochs")
    # 25 epochs: every 2nd (ceil(25/20) = 2) and the last; at most 20 epochs: every one
    r = python_m_purenet(*train_args(model, data, out)[:7], "--epochs", "25", "--out", out)
    assert [l.split()[1] for l in r.stderr.splitlines()[:-1]] == (
        ["%d/25" % k for k in range(2, 25, 2)] + ["25/25"])


def read_terminal(argv, timeout=120):
    """(exit status, text) of ``python -m purenet ARGV`` with stderr on a pseudo-terminal (stdout
    to /dev/null), read until the terminal closes, within ``timeout`` seconds."""
    import pty
    import select
    import time
    master, slave = pty.openpty()
    p = subprocess.Popen([sys.executable, "-m", "purenet"] + argv, cwd=ROOT, env=purenet_env(),
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    buf, deadline = b"", time.monotonic() + timeout
    try:
        while True:
            left = deadline - time.monotonic()
            assert left > 0, "no end within %d s: %r" % (timeout, buf[-300:])
            if not select.select([master], [], [], left)[0]:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:                       # EIO: the child closed the terminal
                break
            if not chunk:
                break
            buf += chunk
        return p.wait(timeout=timeout), buf.decode()
    finally:
        os.close(master)
        if p.poll() is None:
            p.kill()


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal (pty)")
def test_train_on_a_terminal_redraws_one_live_line(tmp_path, xor):
    import re
    model, data, net = xor
    out = str(tmp_path / "t.json")
    h = train(net.copy(), XOR["inputs"], XOR["targets"], "cross_entropy", 0.5, 3000)
    code, text = read_terminal(train_args(model, data, out)[:7] + ["--epochs", "3000", "--out", out])
    assert code == 0
    lines = text.split("\r\n")                    # the terminal writes a newline as \r\n
    assert len(lines) == 3 and lines[2] == ""
    assert lines[1].startswith("purenet train: done: 3000 epochs")
    # one line: redrawn after a carriage return, ending with the last epoch's line (padded)
    draws = lines[0].split("\r")[1:]
    assert draws[-1].rstrip() == "epoch 3000/3000  cost %r" % h["cost"][3000]
    assert len(draws) >= 2
    seen = []
    for d in draws[:-1]:
        m = re.match(r"^epoch (\d+)/3000  cost (\S+)  (\S+) epochs/s  (.+) left *$", d)
        assert m, d
        k = int(m.group(1))
        assert m.group(2) == repr(h["cost"][k]) and float(m.group(3)) > 0
        seen.append(k)
    assert seen[0] == 1 and seen == sorted(set(seen))
    # --progress-every decides when given: ordinary lines on the terminal too
    code, text = read_terminal(train_args(model, data, out)[:7] + ["--epochs", "3000", "--out", out,
                                                                  "--progress-every", "1000"])
    assert code == 0 and "\r" not in text.replace("\r\n", "")
    assert text.split("\r\n")[:3] == ["epoch %d/3000  cost %r" % (k, h["cost"][k])
                                      for k in (1000, 2000, 3000)]


def test_the_live_line_is_redrawn_at_most_ten_times_a_second(capsys):
    from purenet.tools.cli.progress import Progress, default_every, duration
    clock = [0.0]
    p = Progress(100, terminal=True, clock=lambda: clock[0])
    for k in range(1, 101):
        clock[0] = 0.04 * k                          # 25 epochs a second
        p.update(k, 1.0 / k)
    err = capsys.readouterr().err
    draws = err.split("\r")[1:]
    # drawn at epoch 1 (0.04 s), then whenever 0.1 s have passed: epochs 4, 7, 10, ..., 97
    assert [int(d.split()[1].split("/")[0]) for d in draws[:-1]] == [1] + list(range(4, 100, 3))
    assert draws[0].startswith("epoch 1/100  cost 1.0  25 epochs/s  4.0 s left")  # 99 epochs at 25/s
    assert draws[-1] == "epoch 100/100  cost 0.01" + " " * (len(draws[-2]) - 24) + "\n"
    assert [default_every(n) for n in (1, 20, 21, 2000, 2001)] == [1, 1, 2, 100, 101]
    assert [duration(s) for s in (0.04, 12.4, 200, 7500)] == ["0.0 s", "12 s", "3 min 20 s", "2 h 05 min"]


def test_train_zero_epochs_writes_the_same_model(capsys, tmp_path, xor):
    model, data, _ = xor
    out = str(tmp_path / "t.json")
    args = train_args(model, data, out)
    args[args.index("--epochs") + 1] = "0"
    assert run(capsys, *args)[0] == 0
    assert open(out).read() == open(model).read()


def test_train_diverging_stops_and_saves_the_last_finite_epoch(capsys, tmp_path):
    net = init_network([2, 8, 1], ["relu", "linear"], bias=True, seed=1)
    model = str(tmp_path / "m.json")
    files.save_model(model, net)
    data = put(tmp_path, "d.json", XOR)
    out, hist = str(tmp_path / "t.json"), str(tmp_path / "h.json")
    code, stdout, err = run(capsys, "train", model, data, "--loss", "half_squared_error", "--learning-rate",
                            "1000", "--epochs", "80", "--out", out, "--history", hist,
                            "--progress-every", "100")
    assert code == 1 and stdout == ""
    last = err.splitlines()[-1]
    assert last == ("purenet train: stopped: the cost became inf in epoch 51. Try a smaller learning rate "
                    "than 1000.0. Saved the model after epoch 50 (the last finite epoch) to %s" % out)
    text = open(out).read()
    assert "NaN" not in text and "Infinity" not in text
    expected = net.copy()
    train(expected, XOR["inputs"], XOR["targets"], "half_squared_error", 1000.0, 50)
    assert text == files.dumps(files.model_to_dict(expected))
    h = json.loads(open(hist).read())
    assert len(h["cost"]) == 51 and h["completed_epochs"] == 50


def test_train_stops_when_a_weight_overflows_but_the_cost_stays_finite(capsys, tmp_path):
    """Here w^2_11 becomes -inf in epoch 1 while ReLU turns the -inf into 0, so the cost is a
    finite 0.0; training checks the parameters too, and the command line saves epoch 0."""
    net = Network([[[0.001]], [[1000.0]]], None, "relu")
    model = str(tmp_path / "m.json")
    files.save_model(model, net)
    data = put(tmp_path, "d.json", {"inputs": [[1.0]], "targets": [[0.0]]})
    out = str(tmp_path / "t.json")
    code, _, err = run(capsys, "train", model, data, "--loss", "half_squared_error", "--learning-rate",
                       "1e306", "--epochs", "2", "--out", out)
    assert code == 1
    assert err.splitlines()[-1] == ("purenet train: stopped: a weight or bias became infinite or NaN in "
                                    "epoch 1. Try a smaller learning rate than 1e+306. Saved the model "
                                    "after epoch 0 (the last finite epoch) to %s" % out)
    assert open(out).read() == open(model).read()


def test_ctrl_c_saves_the_last_completed_epoch(capsys, tmp_path, xor, monkeypatch):
    model, data, net = xor
    calls = {"n": 0}
    real = training._gradient

    def interrupting(*args):
        calls["n"] += 1
        if calls["n"] == 4:                    # batch gradient descent: one call per epoch
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(training, "_gradient", interrupting)
    out, hist = str(tmp_path / "t.json"), str(tmp_path / "h.json")
    code, _, err = run(capsys, *train_args(model, data, out, "--history", hist))
    assert code == 130
    assert err.splitlines()[-1] == ("purenet train: interrupted by SIGINT (Ctrl-C) in epoch 4; saved the "
                                    "model after epoch 3 (the last completed epoch) to %s" % out)
    monkeypatch.setattr(training, "_gradient", real)
    expected = net.copy()
    h = train(expected, XOR["inputs"], XOR["targets"], "cross_entropy", 0.5, 3)
    assert open(out).read() == files.dumps(files.model_to_dict(expected))
    saved = json.loads(open(hist).read())
    assert saved["cost"] == h["cost"] and saved["completed_epochs"] == 3


def test_ctrl_c_before_the_first_epoch_saves_the_model_unchanged(capsys, tmp_path, xor, monkeypatch):
    model, data, _ = xor

    def interrupting(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(training, "_gradient", interrupting)
    out = str(tmp_path / "t.json")
    code, _, err = run(capsys, *train_args(model, data, out))
    assert code == 130 and "after epoch 0" in err
    assert open(out).read() == open(model).read()


# ----------------------------------------------------------------------------------------------
# train --plot

def test_plot_calls_line_plot(capsys, tmp_path, xor, monkeypatch):
    model, data, net = xor
    calls = []
    monkeypatch.setattr(plot, "line_plot", lambda series, **kw: calls.append((series, kw)) or "<svg/>")
    out, figure = str(tmp_path / "t.json"), str(tmp_path / "cost.svg")
    assert run(capsys, *train_args(model, data, out, "--plot", figure))[0] == 0
    assert open(figure).read() == "<svg/>"
    (series, kw), = calls
    h = train(net.copy(), XOR["inputs"], XOR["targets"], "cross_entropy", 0.5, 6)
    assert series == [{"label": "cost J (cross_entropy)", "x": list(range(7)), "y": h["cost"]}]
    assert kw["xlabel"] == "epoch" and kw["log_y"] is False
    assert kw["y_from_zero"] is True                        # a cost of cross_entropy: never below 0


def test_a_plot_not_named_svg_is_refused_before_training(capsys, tmp_path, xor):
    model, data, _ = xor
    before = sorted(os.listdir(str(tmp_path)))
    for name in ("cost.png", "cost", "cost.svg.txt"):
        figure, out = str(tmp_path / name), str(tmp_path / "t.json")
        code, stdout, err = run(capsys, *train_args(model, data, out, "--plot", figure))
        assert code == 2 and stdout == ""
        assert one_line(err) == ("purenet train: --plot: %s does not end in .svg; the plot is an SVG file "
                                 "(cost.svg)" % figure)
        assert sorted(os.listdir(str(tmp_path))) == before               # nothing written, no training
    assert run(capsys, *train_args(model, data, out, "--plot", str(tmp_path / "COST.SVG")))[0] == 0


def test_plot_is_an_svg_file(capsys, tmp_path, xor):
    import xml.etree.ElementTree as ET
    model, data, _ = xor
    figure = str(tmp_path / "cost.svg")
    assert run(capsys, *train_args(model, data, str(tmp_path / "t.json"), "--plot", figure))[0] == 0
    ET.parse(figure)


# ----------------------------------------------------------------------------------------------
# vectors

def test_vectors_verb_writes_the_committed_files(capsys, tmp_path):
    out = str(tmp_path / "v")
    code, stdout, err = run(capsys, "vectors", out)
    assert code == 0 and stdout == ""
    names = sorted(n for n in os.listdir(out) if n.endswith(".json"))
    assert names == sorted(n for n in os.listdir(os.path.join(ROOT, "vectors")) if n.endswith(".json"))
    schemas = [os.path.join("schema", n) for n in sorted(os.listdir(os.path.join(out, "schema")))]
    assert len(schemas) == 4
    for n in names + schemas:
        assert open(os.path.join(out, n), "rb").read() == open(os.path.join(ROOT, "vectors", n), "rb").read()
    assert one_line(err).startswith("wrote %d files with " % len(names))


def test_vectors_into_a_file_fails(capsys, tmp_path):
    f = put(tmp_path, "x", "")
    code, _, err = run(capsys, "vectors", f)
    assert code == 2 and one_line(err) == "purenet vectors: %s exists and is not a folder" % f


# ----------------------------------------------------------------------------------------------
# the real entry point: python -m purenet

def test_python_m_purenet_exit_codes(tmp_path):
    model, data = put(tmp_path, "m.json", HAND_MODEL), put(tmp_path, "d.json", HAND_DATA)
    r = python_m_purenet("grad", model, data, "--loss", "half_squared_error")
    assert r.returncode == 0 and r.stderr == ""
    assert json.loads(r.stdout)["loss"] == gradient(files.load_model(model), [[0.05, 0.10]], [[0.01, 0.99]],
                                                     "half_squared_error")[0]
    bad = put(tmp_path, "bad.json", HAND_MODEL.replace('"version": 1', '"version": 7'))
    r = python_m_purenet("forward", bad, data)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr == ("purenet forward: %s: version: this purenet reads version 1; the file has "
                        "version 7\n" % bad)
    assert python_m_purenet("grad", "--help").returncode == 0
    assert python_m_purenet("grad").returncode == 2


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="needs POSIX signals")
def test_real_sigint_saves_the_last_completed_epoch(tmp_path):
    """Start a long training, wait for its third progress line, send SIGINT; no clock involved."""
    net = init_network([2, 16, 16, 1], ["tanh", "tanh", "sigmoid"], bias=True, seed=5)
    model = str(tmp_path / "m.json")
    files.save_model(model, net)
    data = put(tmp_path, "d.json", XOR)
    out = str(tmp_path / "t.json")
    # default_signals: a runner started with SIGINT ignored (a background job) passes it on, and
    # the child would never stop; every read and wait has a deadline
    p = purenet("train", model, data, "--loss", "cross_entropy", "--learning-rate", "0.1", "--epochs",
                "100000000", "--progress-every", "1", "--out", out)
    seen, buf = read_lines(p, 3)
    assert seen[2].startswith("epoch 3/")
    p.send_signal(signal.SIGINT)
    code, rest = finish(p, buf)
    assert code == 130
    last = rest.splitlines()[-1]
    assert last.startswith("purenet train: interrupted by SIGINT (Ctrl-C) in epoch ")
    k = int(last.split("after epoch ")[1].split()[0])
    assert last.startswith("purenet train: interrupted by SIGINT (Ctrl-C) in epoch %d; saved the model "
                           "after epoch %d (the last completed epoch)" % (k + 1, k))
    assert k >= 3
    expected = net.copy()
    train(expected, XOR["inputs"], XOR["targets"], "cross_entropy", 0.1, k)
    assert open(out).read() == files.dumps(files.model_to_dict(expected))


def test_the_example_in_docs_formats_md_is_true(capsys, tmp_path):
    """docs/formats.md's hand-written model and data, and the gradient it says grad prints."""
    text = open(os.path.join(ROOT, "docs", "formats.md"), encoding="utf-8").read()
    blocks = [b.split("```", 1)[0] for b in text.split("```json\n")[1:]]
    model, data, printed = blocks[0], blocks[1], blocks[2]
    m, d = put(tmp_path, "model.json", model), put(tmp_path, "data.json", data)
    code, out, err = run(capsys, "grad", m, d, "--loss", "half_squared_error")
    assert code == 0 and err == ""
    assert out == printed


def test_init_activation_parameters(capsys):
    code, out, _ = run(capsys, "init", "--sizes", "2,2,1",
                       "--activation", "gaussian:mu=0.5:sigma=2,sigmoid:beta=2")
    assert code == 0
    layers = json.loads(out)["layers"]
    assert layers[0]["activation"] == {"name": "gaussian", "mu": 0.5, "sigma": 2.0}
    assert layers[1]["activation"] == {"name": "sigmoid", "beta": 2.0}
    assert '"activation": {"name": "sigmoid", "beta": 2.0},' in out          # one line in the file
    code, _, err = run(capsys, "init", "--sizes", "2,1", "--activation", "tanh:beta=2")
    assert code == 2 and "'tanh:beta=2': unknown parameter \"beta\" for tanh (it takes none)" in err
    code, _, err = run(capsys, "init", "--sizes", "2,1", "--activation", "sigmoid:gain=2")
    assert code == 2 and "'sigmoid:gain=2': unknown parameter \"gain\" for sigmoid (it takes beta)" in err
    code, _, err = run(capsys, "init", "--sizes", "2,1", "--activation", "sigmoid:beta=nan")
    assert code == 2 and "'sigmoid:beta=nan': beta: expected a finite number, got nan" in err
    code, _, err = run(capsys, "init", "--sizes", "2,1", "--activation", "piecewise_linear:x_min=1:x_max=0")
    assert code == 2 and err.endswith(
        "'piecewise_linear:x_min=1:x_max=0': piecewise_linear: x_min (1.0) must be less than x_max (0.0)\n")
