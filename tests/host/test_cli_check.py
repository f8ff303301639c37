"""``python -m purenet check``, end to end: real files, a real subprocess, exit statuses 0/1/2.

The model is ``002``'s 2-2-2-1 example (``purenet.papers.NET_2_2_2_1``), written with
``purenet.tools.files``; "their" gradient files are purenet's own gradient, tampered where a test
says.
"""

import json

import pytest

from purenet.backprop import gradient
from purenet.network import Network
from purenet.papers import NET_2_2_2_1
from purenet.tools import files
from tests.host.conftest import python_m_purenet


@pytest.fixture
def check():
    def run(*args):
        p = python_m_purenet("check", *args)
        return p.returncode, p.stdout, p.stderr
    return run


def write(path, obj):
    with open(str(path), "w") as f:
        json.dump(obj, f)
    return str(path)


@pytest.fixture
def net_files(tmp_path):
    ex = NET_2_2_2_1
    net = Network(ex["weights"], None, "linear")
    model = str(tmp_path / "model.json")
    files.save_model(model, net)
    data = write(tmp_path / "data.json", {"inputs": [ex["x"]], "targets": [ex["y"]]})
    J, gw, gb = gradient(net, [ex["x"]], [ex["y"]], "half_squared_error")
    return {"net": net, "model": model, "data": data, "J": J, "gw": gw, "gb": gb, "dir": tmp_path}


def gradient_file(path, J, gw, gb):
    return write(path, {"loss": J, "layers": [{"weights": gw[l], "biases": gb[l]}
                                              for l in range(2, len(gw))]})


def test_passes_with_exit_0(check, net_files):
    rc, out, err = check(net_files["model"], net_files["data"], "--loss", "half_squared_error")
    assert rc == 0, err
    assert "PASSED: all 10 comparable parameters pass" in out
    # 002: ∂J/∂w^4_11 = d^4 z^3_1 = (3.216 − 8)·3.02 = −14.44768, printed in repr
    assert "w^4_11" in out and "-14.44768" in out and err == ""


def test_json_report(check, net_files):
    rc, out, err = check(net_files["model"], net_files["data"], "--loss", "half_squared_error",
                         "--json")
    assert rc == 0
    d = json.loads(out)
    assert d["passed"] is True and d["mode"] == "full" and len(d["rows"]) == 10
    assert d["rows"][0]["name"] == "w^2_11" and d["rows"][0]["analytic"] == -5.358080000000001


def test_zero_tolerance_fails_with_exit_1(check, net_files):
    rc, out, err = check(net_files["model"], net_files["data"], "--loss", "half_squared_error",
                         "--rtol", "0", "--atol", "0")
    assert rc == 1 and "FAILED" in out


def test_fast_mode(check, net_files):
    rc, out, err = check(net_files["model"], net_files["data"], "--loss", "half_squared_error",
                         "--fast", "--seed", "5", "--step", "1e-5")
    assert rc == 0, err
    assert "fast mode" in out and "seed 5" in out and "forward passes over the data: 2 with perturbed" in out
    assert "fixed by the caller: h = 1e-05" in out


def test_their_correct_gradients_pass(check, net_files):
    f = net_files
    theirs = gradient_file(f["dir"] / "theirs.json", f["J"], f["gw"], f["gb"])
    rc, out, err = check(f["model"], f["data"], "--loss", "half_squared_error", "--gradients", theirs)
    assert rc == 0, err
    assert "gradients mode" in out and "agrees" in out


def test_their_wrong_gradients_are_named_with_exit_1(check, net_files):
    f = net_files
    gw = [None if g is None else [list(r) for r in g] for g in f["gw"]]
    gw[3][0][1], gw[3][1][0] = gw[3][1][0], gw[3][0][1]          # swapped index: w^3_12 <-> w^3_21
    gw[2][1][1] = -gw[2][1][1]                                   # wrong sign: w^2_22
    theirs = gradient_file(f["dir"] / "theirs.json", f["J"], gw, f["gb"])
    rc, out, err = check(f["model"], f["data"], "--loss", "half_squared_error", "--gradients", theirs,
                         "--json")
    assert rc == 1, err
    d = json.loads(out)
    assert d["failures"] == ["w^2_22", "w^3_12", "w^3_21"]
    rc, out, err = check(f["model"], f["data"], "--loss", "half_squared_error", "--gradients", theirs)
    assert rc == 1 and "FAILED: 3 of 10 comparable parameters fail: w^2_22, w^3_12, w^3_21" in out
    assert "differs from purenet and finite differences" in out


@pytest.mark.parametrize("engine", ["matrix_form", "recursion_001"])
def test_other_engines(check, net_files, engine):
    rc, out, err = check(net_files["model"], net_files["data"], "--loss", "half_squared_error",
                         "--engine", engine)
    assert rc == 0, err
    assert "analytic gradient: %s;" % engine in out and "-17.60512" in out


def test_engines_side_by_side(check, net_files):
    rc, out, err = check(net_files["model"], net_files["data"], "--loss", "half_squared_error",
                         "--engines")
    assert rc == 0, err
    assert "matrix_form" in out and "recursion_001" in out and "-17.605120000000003" in out


def test_kink_is_not_comparable(check, tmp_path):
    net = Network([[[1.0]], [[0.5]]], [[-1.0], None], ["relu", "linear"])
    model = str(tmp_path / "relu.json")
    files.save_model(model, net)
    data = write(tmp_path / "d.json", {"inputs": [[1.0]], "targets": [[2.0]]})
    rc, out, err = check(model, data, "--loss", "half_squared_error")
    assert rc == 0
    assert out.count("not comparable (kink at z^2_1)") == 2
    assert "PASSED: the comparable parameter passes; 2 not comparable (kinks): w^2_11, b^2_1" in out


@pytest.mark.parametrize("mode", [[], ["--engines"], ["--engine", "recursion_001", "--json"],
                                  ["--fast", "--engine", "recursion_001"], ["--gradients", None]])
def test_jobs_give_the_same_output_and_exit_status(check, net_files, mode):
    # --jobs N splits the parameters across N processes: the same bytes on stdout whatever N
    f = net_files
    if mode[-1:] == [None]:
        gw2 = [None if g is None else [list(r) for r in g] for g in f["gw"]]
        gw2[3][0][1] = -gw2[3][0][1]
        mode = ["--gradients", gradient_file(f["dir"] / "theirs.json", f["J"], gw2, f["gb"])]
    runs = [check(f["model"], f["data"], "--loss", "half_squared_error", "--jobs", n, *mode)
            for n in (1, 2, 3)]
    assert runs[0][0] == (1 if "--gradients" in mode else 0), runs[0][2]
    assert runs[0][1] and runs[1][:2] == runs[0][:2] and runs[2][:2] == runs[0][:2]


def test_unknown_loss_exits_2(check, net_files):
    rc, out, err = check(net_files["model"], net_files["data"], "--loss", "nope")
    assert rc == 2 and out == ""
    assert 'argument --loss: unknown loss "nope" (known: categorical_cross_entropy, cross_entropy, ' \
           'half_squared_error, squared_error)' in err


def test_bad_input_exits_2(check, net_files):
    rc, out, err = check(net_files["model"], net_files["data"], "--loss", "categorical_cross_entropy")
    assert rc == 2 and out == "" and err.count("\n") == 1
    assert "categorical_cross_entropy needs a softmax output layer" in err


@pytest.mark.parametrize("extra,message", [
    (["--step", "0"], "argument --step: expected a positive finite number, got '0'"),
    (["--step", "inf"], "argument --step: expected a positive finite number, got 'inf'"),
    (["--rtol", "-1"], "argument --rtol: expected a non-negative finite number, got '-1'"),
    (["--atol", "nan"], "argument --atol: expected a non-negative finite number, got 'nan'"),
    (["--jobs", "0"], "argument --jobs: expected an integer >= 1, got '0'"),
    (["--jobs", "two"], "argument --jobs: expected an integer, got 'two'"),
])
def test_bad_options_exit_2(check, net_files, extra, message):
    rc, out, err = check(net_files["model"], net_files["data"], "--loss", "half_squared_error", *extra)
    assert rc == 2 and out == "" and message in err


def test_bad_files_exit_2(check, net_files):
    f = net_files
    rc, out, err = check(f["model"], str(f["dir"] / "missing.json"), "--loss", "half_squared_error")
    assert rc == 2 and "missing.json" in err and err.count("\n") == 1
    bad = write(f["dir"] / "bad.json", {"inputs": [[1.0]], "targets": [[8.0]]})
    rc, out, err = check(f["model"], bad, "--loss", "half_squared_error")
    assert rc == 2 and "bad.json" in err and err.count("\n") == 1
    theirs = write(f["dir"] / "short.json", {"loss": 1.0, "layers": []})
    rc, out, err = check(f["model"], f["data"], "--loss", "half_squared_error", "--gradients", theirs)
    assert rc == 2 and "short.json" in err and err.count("\n") == 1


def test_fast_and_gradients_exclude_each_other(check, net_files):
    rc, out, err = check(net_files["model"], net_files["data"], "--loss", "half_squared_error",
                         "--fast", "--gradients", net_files["model"])
    assert rc == 2 and "not allowed with" in err


def test_grad_output_checks_back(net_files):
    # `grad` writes the gradient file another implementation would write; `check --gradients`
    # reads it back: purenet against itself passes, with their J compared too.
    f = net_files
    theirs = str(f["dir"] / "grad.json")
    p = python_m_purenet("grad", f["model"], f["data"], "--loss", "half_squared_error", "--out", theirs)
    assert p.returncode == 0, p.stderr
    p = python_m_purenet("check", f["model"], f["data"], "--loss", "half_squared_error",
                         "--gradients", theirs)
    assert p.returncode == 0, p.stderr
    assert "PASSED: all 10 comparable parameters pass" in p.stdout
    assert "their J: 11.443328000000003 (purenet 11.443328000000003): agrees" in p.stdout


# one constant factor in every entry: said in one line, with what it usually means
FACTORS = [(2.0, "theirs = 2 times the finite difference in every entry: usually the 1/2 of "
                 "half_squared_error left out (a sum of squares differentiated)"),
           (0.5, "theirs = 1/2 times the finite difference in every entry: usually the 1/2 of "
                 "half_squared_error applied twice"),
           (1 / 3.0, "theirs = 1/3 times the finite difference in every entry (3 is the number of outputs): "
                     "usually a loss averaged over the outputs as well as over the samples"),
           (3.0, "theirs = 3 times the finite difference in every entry (3 is the number of outputs): "
                 "usually a loss multiplied by the number of outputs"),
           (5.0, "theirs = 5 times the finite difference in every entry (5 is the number of samples): "
                 "usually a sum over the samples instead of their mean"),
           (0.2, "theirs = 1/5 times the finite difference in every entry (5 is the number of samples): "
                 "usually the mean over the samples taken twice")]


@pytest.fixture
def net_2_4_3(tmp_path):
    """A 2-4-3 tanh/sigmoid network (3 outputs), 5 samples, and purenet's own gradient."""
    from purenet.network import init_network
    net = init_network([2, 4, 3], ["tanh", "sigmoid"], bias=True, seed=3)
    X = [[0.1 * k, 1.0 - 0.3 * k] for k in range(5)]
    Y = [[0.2, 0.5, 0.9 - 0.1 * k] for k in range(5)]
    model = str(tmp_path / "m.json")
    files.save_model(model, net)
    data = write(tmp_path / "d.json", {"inputs": X, "targets": Y})
    J, gw, gb = gradient(net, X, Y, "half_squared_error")
    return net, model, data, J, gw, gb


@pytest.mark.parametrize("factor,line", FACTORS)
def test_one_constant_factor_is_named_with_its_usual_cause(check, net_2_4_3, tmp_path, factor, line):
    from purenet.network import parameters
    from purenet.tools.verifier import tamper
    net, model, data, J, gw, gb = net_2_4_3
    names = [p[0] for p in parameters(net)]
    tw, tb = tamper(net, gw, gb, dict((n, lambda g: g * factor) for n in names))
    theirs = gradient_file(tmp_path / "g.json", J * factor, tw, tb)
    rc, out, err = check(model, data, "--loss", "half_squared_error", "--gradients", theirs)
    assert rc == 1 and err == ""
    lines = out.splitlines()
    assert lines[-2].startswith("FAILED: %d of %d comparable parameters fail" % (len(names), len(names)))
    assert lines[-1] == line
    rc, out, _ = check(model, data, "--loss", "half_squared_error", "--gradients", theirs, "--json")
    assert rc == 1 and json.loads(out)["constant_factor"] == {"factor": factor, "explanation": line}


def test_no_factor_line_unless_every_entry_has_it(check, net_2_4_3, tmp_path):
    from purenet.network import parameters
    from purenet.tools.verifier import tamper
    net, model, data, J, gw, gb = net_2_4_3
    names = [p[0] for p in parameters(net)]
    for changes in (dict((n, lambda g: 2.0 * g) for n in names[1:]),         # all but one entry
                    {names[0]: lambda g: g + 0.5},                            # one entry off
                    dict((n, lambda g: 1.5 * g) for n in names),              # a factor of no known cause
                    {}):                                                      # their gradient is right
        tw, tb = tamper(net, gw, gb, changes)
        theirs = gradient_file(tmp_path / "g.json", J, tw, tb)
        rc, out, _ = check(model, data, "--loss", "half_squared_error", "--gradients", theirs)
        assert rc == (1 if changes else 0)
        assert out.splitlines()[-1].startswith("FAILED" if changes else "PASSED"), changes
        rc, out, _ = check(model, data, "--loss", "half_squared_error", "--gradients", theirs, "--json")
        assert "constant_factor" not in json.loads(out)
