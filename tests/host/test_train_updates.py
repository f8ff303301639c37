"""``train --update`` with the stateful updates on the command line: their options refused in
one line naming them (exit 2, nothing written), the state file written whenever the model is
saved, and a run interrupted by a real SIGINT and continued with ``--resume`` equal, byte for
byte, to one run never interrupted. Expected values: ``training.train`` run in this process."""
import json
import os
import signal
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from purenet.network import init_network  # noqa: E402
from purenet.tools import cli, files  # noqa: E402
from purenet.tools.files.state import state_to_dict  # noqa: E402
from purenet.training import train  # noqa: E402
from tests.host.processes import finish, purenet, read_lines  # noqa: E402

XOR = {"inputs": [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], "targets": [[0.0], [1.0], [1.0], [0.0]]}


@pytest.fixture
def files_(tmp_path):
    net = init_network([2, 3, 1], ["tanh", "sigmoid"], bias=True, seed=4)
    model = str(tmp_path / "m.json")
    files.save_model(model, net)
    data = str(tmp_path / "d.json")
    with open(data, "w") as f:
        json.dump(XOR, f)
    return net, model, data, tmp_path


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def base(model, data, tmp_path, *extra):
    return ("train", model, data, "--loss", "half_squared_error", "--learning-rate", "0.1",
            "--epochs", "3", "--out", str(tmp_path / "t.json")) + extra


BAD = [
    (("--update", "adam", "--momentum", "0.9"),
     "--momentum is not used by the adam update (it uses --weight-decay, --betas, --eps)"),
    (("--update", "nesterov", "--momentum", "0.9", "--dampening", "0.1"), "--dampening: Nesterov momentum "
     "has no dampening (torch.optim's rule); leave --dampening out with --update nesterov"),
    (("--update", "nesterov"), "--momentum must be in (0, 1) for the nesterov update, got 0.0"),
    (("--update", "momentum", "--dampening", "0.5"), "--dampening is not used without momentum "
     "(momentum is 0.0)"),
    (("--betas", "0.9,0.99"), "--betas is not used by the plain update (it takes no options)"),
    (("--update", "normalized", "--weight-decay", "0.1"), "--weight-decay is not used by the "
     "normalized update (it takes no options)"),
    (("--update", "momentum", "--momentum", "0.9", "--eps", "1e-6"), "--eps is not used by the momentum "
     "update (it uses --momentum, --dampening, --weight-decay)"),
    (("--update", "adam", "--betas", "0.9,1"), "argument --betas: expected a number in [0, 1), got '1' "
     "(in '0.9,1')"),
    (("--update", "adam", "--betas=-0.1,0.9"), "argument --betas: expected a number in [0, 1), got "
     "'-0.1' (in '-0.1,0.9')"),
    (("--update", "adam", "--betas", "0.9"), "argument --betas: expected two numbers B1,B2 in [0, 1), "
     "got '0.9'"),
    (("--update", "adam", "--eps", "0"), "argument --eps: expected a positive finite number, got '0'"),
    (("--update", "adam", "--eps", "nan"), "argument --eps: expected a positive finite number, got 'nan'"),
    (("--update", "adamw", "--eps", "inf"), "argument --eps: expected a positive finite number, got 'inf'"),
    (("--update", "adam", "--weight-decay", "-0.5"), "argument --weight-decay: expected a non-negative "
     "finite number, got '-0.5'"),
    (("--update", "momentum", "--momentum", "1"), "argument --momentum: expected a number in [0, 1), "
     "got '1'"),
    (("--update", "momentum", "--momentum", "-0.1"), "argument --momentum: expected a number in [0, 1), "
     "got '-0.1'"),
    (("--update", "sgd"), "argument --update: invalid choice: 'sgd'"),
]


@pytest.mark.parametrize("extra,text", BAD)
def test_a_bad_update_option_is_one_line_naming_it_exit_2_nothing_written(files_, capsys, extra, text):
    net, model, data, tmp_path = files_
    before = sorted(os.listdir(str(tmp_path)))
    code, out, err = run(capsys, *base(model, data, tmp_path, *extra))
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith(("purenet train: ", "python -m purenet train: ")), err
    assert text in err, err
    assert sorted(os.listdir(str(tmp_path))) == before


def test_the_state_is_written_beside_the_model_and_the_model_file_is_unchanged_in_form(files_, capsys):
    net, model, data, tmp_path = files_
    code, out, err = run(capsys, *base(model, data, tmp_path, "--update", "adam", "--betas", "0.8,0.99"))
    assert code == 0, err
    assert err.splitlines()[-1].endswith("saved the model to %s and the update's state to %s"
                                         % (tmp_path / "t.json", tmp_path / "t.state.json"))
    saved = json.load(open(str(tmp_path / "t.json")))
    assert sorted(saved) == ["format", "layers", "version"] and saved["version"] == 1
    expected, state = net.copy(), {}
    train(expected, XOR["inputs"], XOR["targets"], "half_squared_error", 0.1, 3, update="adam",
          betas=(0.8, 0.99), state=state)
    assert open(str(tmp_path / "t.json")).read() == files.dumps(files.model_to_dict(expected))
    used = {"learning_rate": 0.1, "weight_decay": 0.0, "betas": (0.8, 0.99), "eps": 1e-8}
    assert open(str(tmp_path / "t.state.json")).read() == files.dumps(state_to_dict(state, used, expected))
    d = json.load(open(str(tmp_path / "t.state.json")))
    assert d["format"] == "purenet.optimizer_state" and d["version"] == 1 and d["step"] == 3
    assert sorted(d["buffers"]) == ["exp_avg", "exp_avg_sq"]


def test_plain_writes_no_state_unless_asked(files_, capsys):
    net, model, data, tmp_path = files_
    code, out, err = run(capsys, *base(model, data, tmp_path))
    assert code == 0 and sorted(os.listdir(str(tmp_path))) == ["d.json", "m.json", "t.json"]
    code, out, err = run(capsys, *base(model, data, tmp_path, "--state", str(tmp_path / "s.json")))
    assert code == 0 and json.load(open(str(tmp_path / "s.json")))["update"] == "plain"


def test_resume_takes_the_update_and_options_from_the_state(files_, capsys):
    net, model, data, tmp_path = files_
    argv = ("train", model, data, "--loss", "half_squared_error", "--learning-rate", "0.1",
            "--batch-size", "3", "--shuffle-seed", "9")
    code, _, err = run(capsys, *argv + ("--epochs", "2", "--out", tmp_path / "a.json", "--update", "momentum",
                                         "--momentum", "0.7", "--dampening", "0.2"))
    assert code == 0, err
    code, _, err = run(capsys, *argv[:1] + (tmp_path / "a.json",) + argv[2:] + (
        "--epochs", "5", "--out", tmp_path / "b.json", "--resume", tmp_path / "a.state.json"))
    assert code == 0, err
    assert "epoch 3/5" in err and "done: 3 epochs after the state's 2" in err
    one = net.copy()
    train(one, XOR["inputs"], XOR["targets"], "half_squared_error", 0.1, 5, batch_size=3, shuffle_seed=9,
          update="momentum", momentum=0.7, dampening=0.2)
    assert open(str(tmp_path / "b.json")).read() == files.dumps(files.model_to_dict(one))
    # a state that does not fit is refused before any work
    for extra, text in (
            (("--update", "adam"), "--update adam: the state %s is of the momentum update"),
            (("--shuffle-seed", "8"), "--shuffle-seed: the state %s was reshuffled with seed 9"),
            (("--epochs", "1"), "--epochs 1: the state %s has done 5 epochs already")):
        args = list(argv[:1] + (tmp_path / "b.json",) + argv[2:] + (
            "--epochs", "6", "--out", tmp_path / "c.json", "--resume", tmp_path / "b.state.json"))
        for k in range(0, len(extra), 2):
            if extra[k] in args:
                args[args.index(extra[k]) + 1] = extra[k + 1]
            else:
                args += [extra[k], extra[k + 1]]
        code, _, err = run(capsys, *args)
        assert code == 2 and err == "purenet train: " + text % (tmp_path / "b.state.json") + \
            err.split(text % (tmp_path / "b.state.json"))[1]
        assert not os.path.exists(str(tmp_path / "c.json"))


def test_a_broken_state_file_is_one_line_naming_the_place(files_, capsys):
    net, model, data, tmp_path = files_
    code, _, err = run(capsys, *base(model, data, tmp_path, "--update", "adam"))
    d = json.load(open(str(tmp_path / "t.state.json")))
    d["buffers"]["exp_avg"]["layers"][0]["weights"][1] = [0.0]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(d))
    code, out, err = run(capsys, "train", tmp_path / "t.json", data, "--loss", "half_squared_error",
                         "--learning-rate", "0.1", "--epochs", "4", "--out", tmp_path / "u.json",
                         "--resume", bad)
    assert code == 2 and err == "purenet train: %s: buffers.exp_avg: layers[0].weights[1]: expected 3 " \
                                "numbers, got 1\n" % bad
    assert not os.path.exists(str(tmp_path / "u.json"))


@pytest.mark.skipif(not hasattr(signal, "SIGINT") or os.name != "posix", reason="needs POSIX signals")
@pytest.mark.parametrize("update", [("adam", "--weight-decay", "0.01"), ("nesterov", "--momentum", "0.9")])
def test_a_real_sigint_then_resume_equals_one_uninterrupted_run(tmp_path, update):
    """Start a long Adam (Nesterov) run, SIGINT it after its third progress line, resume it to the
    same total; the model and the state equal those of the same epochs run in one go."""
    net = init_network([2, 16, 16, 1], ["tanh", "tanh", "sigmoid"], bias=True, seed=5)
    model = str(tmp_path / "m.json")
    files.save_model(model, net)
    data = str(tmp_path / "d.json")
    with open(data, "w") as f:
        json.dump(XOR, f)
    env = dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""))
    common = ["--loss", "cross_entropy", "--learning-rate", "0.01", "--batch-size", "3",
              "--shuffle-seed", "4", "--update", update[0], update[1], update[2]]
    # every read and wait has a deadline; a progress line every epoch, so the third comes soon
    p = purenet("train", model, data, "--epochs", "100000000", "--progress-every", "1",
                "--out", str(tmp_path / "a.json"), *common)
    seen, buf = read_lines(p, 3)
    assert seen[2].startswith("epoch 3/"), seen
    p.send_signal(signal.SIGINT)
    code, rest = finish(p, buf)
    assert code == 130
    last = rest.splitlines()[-1]
    k = int(last.split("after epoch ")[1].split()[0])
    assert k >= 3 and last.endswith("and the update's state to %s" % (tmp_path / "a.state.json"))
    total = k + 4
    r = subprocess.run([sys.executable, "-m", "purenet", "train", str(tmp_path / "a.json"), data,
                        "--epochs", str(total), "--out", str(tmp_path / "b.json"), "--resume",
                        str(tmp_path / "a.state.json")] + common, cwd=ROOT, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=300)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "purenet", "train", model, data, "--epochs", str(total),
                        "--out", str(tmp_path / "c.json")] + common, cwd=ROOT, env=env,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert open(str(tmp_path / "b.json")).read() == open(str(tmp_path / "c.json")).read()
    assert open(str(tmp_path / "b.state.json")).read() == open(str(tmp_path / "c.state.json")).read()
    assert json.load(open(str(tmp_path / "b.state.json")))["epoch"] == total
    assert open(str(tmp_path / "a.json")).read() != open(str(tmp_path / "c.json")).read()


def test_divergence_saves_the_state_of_the_last_finite_epoch(tmp_path, capsys):
    model = str(tmp_path / "m.json")
    with open(model, "w") as f:
        json.dump({"format": "purenet.model", "version": 1,
                   "layers": [{"activation": "linear", "weights": [[1.0]], "biases": None}]}, f)
    data = str(tmp_path / "d.json")
    with open(data, "w") as f:
        json.dump({"inputs": [[1e50]], "targets": [[0.0]]}, f)
    code, out, err = run(capsys, "train", model, data, "--loss", "half_squared_error", "--learning-rate",
                         "1", "--epochs", "5", "--out", tmp_path / "t.json", "--update", "momentum",
                         "--momentum", "0.5")
    said = "Saved the model after epoch 1 (the last finite epoch) to %s and the update's state to %s" % (
        tmp_path / "t.json", tmp_path / "t.state.json")
    assert code == 1 and said in err, err
    d = json.load(open(str(tmp_path / "t.state.json")))
    assert d["epoch"] == 1 and d["step"] == 1
    # the buffer after the one good step is its first gradient, (w x) x with w = 1, x = 1e50
    assert d["buffers"]["momentum_buffer"]["layers"][0]["weights"] == [[(1.0 * 1e50) * 1e50]]


def test_resume_refuses_another_model_than_the_one_saved_with_the_state(files_, capsys):
    net, model, data, tmp_path = files_
    code, _, err = run(capsys, *base(model, data, tmp_path, "--update", "adam"))
    assert code == 0, err
    code, out, err = run(capsys, "train", model, data, "--loss", "half_squared_error", "--learning-rate",
                         "0.1", "--epochs", "6", "--out", tmp_path / "u.json", "--resume",
                         tmp_path / "t.state.json")
    where = tmp_path / "t.state.json"
    assert code == 2 and err == ("purenet train: %s: model_sha256: the state was saved with another model "
                                 "than MODEL; give the model written beside it\n" % where)
    assert not os.path.exists(str(tmp_path / "u.json"))
