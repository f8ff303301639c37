"""What ``purenet train`` says about a run that goes wrong: an output leaving the loss's domain
(stopped, the last good epoch saved, a hint), a target outside it before training (bad input, exit
2), a cost growing by orders of magnitude (one warning), binary cross-entropy on a softmax output
(one warning in every verb), and the size bound behind the check for room to save.

The messages are docs/cli.md's ("train"); the numbers in them come from ``training.train`` run on
the same network by the library.
"""
import json
import os

from purenet import training
from purenet.network import Network, init_network
from purenet.tools import files
from purenet.tools.cli import train as trainer
from purenet.training import train
from tests.host.conftest import XOR, put, run

X, Y = XOR["inputs"], XOR["targets"]


def test_an_output_leaving_the_loss_domain_saves_the_last_good_epoch(capsys, tmp_path):
    # a linear output with cross_entropy, learning rate 1: exit 2, "not in [0, 1]", nothing saved
    net = Network([[[0.5, -0.4, 0.3], [0.2, 0.6, -0.5]], [[0.1], [0.2], [-0.1]]],
                  [[0.0, 0.1, -0.1], [0.5]], ["tanh", "linear"])
    model, data = put(tmp_path, "m.json", net), put(tmp_path, "xor.json", XOR)
    out, hist = str(tmp_path / "t.json"), str(tmp_path / "h.json")
    code, _, err = run(capsys, "train", model, data, "--loss", "cross_entropy", "--learning-rate", "1",
                       "--epochs", "50", "--out", out, "--history", hist)
    assert code == 1
    try:                                            # the library names the output and its value
        train(net.copy(), X, Y, "cross_entropy", 1.0, 50)
    except training.TrainingDiverged as e:
        reason = e.reason
    assert err.splitlines()[-1] == (
        "purenet train: stopped: in epoch 2 an output left the loss's domain (%s). Try a smaller learning "
        "rate than 1.0 or an output layer whose values the loss can take (sigmoid). Saved the model "
        "after epoch 1 (the last good epoch) to %s" % (reason, out))
    one = net.copy()
    train(one, X, Y, "cross_entropy", 1.0, 1)                       # the library, not the command line
    assert open(out).read() == files.dumps(files.model_to_dict(one))
    assert json.load(open(hist))["completed_epochs"] == 1


def test_an_output_outside_the_domain_before_training_is_bad_input(capsys, tmp_path):
    net = Network([[[2.0]]], None, "linear")                        # y = 2 from the start
    model = put(tmp_path, "m.json", net)
    data = put(tmp_path, "d.json", {"inputs": [[1.0]], "targets": [[1.0]]})
    out = str(tmp_path / "t.json")
    code, _, err = run(capsys, "train", model, data, "--loss", "cross_entropy", "--learning-rate", "1",
                       "--epochs", "5", "--out", out)
    assert code == 2 and err == "purenet train: cross_entropy: output y_1 = 2.0 is not in [0, 1]\n"
    assert not os.path.exists(out)


def test_a_cost_that_grows_by_orders_of_magnitude_warns_once(capsys, tmp_path):
    # learning rate 100 on a ReLU model: the cost went from 0.383 to 1.46e201 and said "done"
    net = init_network([2, 8, 1], ["relu", "linear"], bias=True, seed=1)
    model, data = put(tmp_path, "m.json", net), put(tmp_path, "xor.json", XOR)
    h = train(net.copy(), X, Y, "half_squared_error", 100.0, 20)
    first = [k for k in range(1, 21) if h["cost"][k] > 100 * h["cost"][0]][0]
    code, _, err = run(capsys, "train", model, data, "--loss", "half_squared_error", "--learning-rate", "100",
                       "--epochs", "20", "--progress-every", "100", "--out", str(tmp_path / "t.json"))
    assert code == 0
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert warnings == ["purenet train: warning: in epoch %d the cost reached %r, more than 100 times its "
                        "initial %r; the learning rate 100.0 may be too large"
                        % (first, h["cost"][first], h["cost"][0])]


def test_softmax_with_binary_cross_entropy_is_warned_about(capsys, tmp_path):
    net = init_network([2, 3, 2], ["tanh", "softmax"], seed=7)
    model = put(tmp_path, "m.json", net)
    data = put(tmp_path, "d.json", {"inputs": [[0.0, 0.0], [0.0, 1.0]],
                                         "targets": [[1.0, 0.0], [0.0, 1.0]]})
    t = str(tmp_path / "t.json")
    for verb, more in (("grad", []), ("check", ["--fast"]),
                       ("train", ["--learning-rate", "0.5", "--epochs", "2", "--out", t])):
        code, _, err = run(capsys, verb, model, data, "--loss", "cross_entropy", *more)
        assert code == 0
        warnings = [line for line in err.splitlines() if "warning" in line]
        assert len(warnings) == 1 and warnings[0].startswith("purenet %s: warning: cross_entropy with a "
                                                             "softmax output" % verb)
        assert warnings[0].endswith("use categorical_cross_entropy")
    code, _, err = run(capsys, "grad", model, data, "--loss", "categorical_cross_entropy")
    assert code == 0 and err == ""


def test_the_size_bound_covers_any_trained_model():
    # the widest numbers a double can print as (24 characters): the bound of a network with short
    # numbers is the size of the same network with these
    widest = [-2.2250738585072014e-308, -1.7976931348623157e+308, -1.2345678901234568e-300,
              -2.2250738585072024e-308]
    assert [len(repr(x)) for x in widest] == [24] * 4
    net = Network([[[0.5, 1.0]]], [[0.25, 2.0]], "tanh")            # short numbers: they can grow
    wide = Network([[widest[:2]]], [widest[2:]], "tanh")
    assert len(files.dumps(files.model_to_dict(wide))) == trainer.model_size_bound(net)
