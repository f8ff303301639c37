"""Every input bounded, every failure one line, no crash and no hang: file sizes, the size of a
network init builds, a full check's cost, --step, sigma, huge integers, stdout closed, full or cut
short, --json, and the Python API with NumPy. Real subprocesses where the behaviour is the real
entry point's, each with a bounded wait.
"""
import json
import os
import subprocess
import sys

import pytest

from purenet.backprop import gradient
from purenet.network import Network, init_network
from purenet.tools import cli, files
from tests.host import ROOT
from tests.host.conftest import XOR, one_line, optional, python_m_purenet, run

np = optional("numpy")


@pytest.fixture
def xor_paths(xor_files):
    return xor_files[1], xor_files[2]


# ---------------------------------------------------------------------------------------------
# files read: a size limit that still lets pipes and /dev/stdin work

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_file_is_refused_at_the_limit(device, xor_paths):
    # /dev/zero used to be read until memory ran out (a MemoryError traceback under a limit)
    r = python_m_purenet("forward", device, xor_paths[1])
    assert r.returncode == 2 and r.stdout == ""
    assert one_line(r.stderr) == ("purenet forward: %s: larger than 32 MiB, the size limit for files "
                                  "read (--max-file-size raises it)" % device)
    r = python_m_purenet("grad", xor_paths[0], device, "--loss", "cross_entropy", "--max-file-size", "1K")
    assert r.returncode == 2
    assert one_line(r.stderr) == ("purenet grad: %s: larger than 1 KiB, the size limit for files read "
                                  "(--max-file-size raises it)" % device)


def test_a_large_regular_file_is_refused_without_reading_it(capsys, xor_paths, tmp_path):
    big = tmp_path / "big.json"
    with open(str(big), "wb") as f:                    # 33 MiB, sparse: nothing to read quickly
        f.truncate(33 << 20)
    code, out, err = run(capsys, "forward", xor_paths[0], str(big))
    assert code == 2 and one_line(err).endswith("big.json: larger than 32 MiB, the size limit for files "
                                                "read (--max-file-size raises it)")
    # the limit is the option's: at 10 bytes even the 2-3-1 model is too large, at 64M the file is read
    code, _, err = run(capsys, "forward", xor_paths[0], xor_paths[1], "--max-file-size", "10")
    assert code == 2 and "m.json: larger than 10 bytes" in one_line(err)
    code, _, err = run(capsys, "forward", xor_paths[0], str(big), "--max-file-size", "64M")
    assert code == 2 and "not valid JSON" in one_line(err)            # read to its end, then parsed


def test_data_from_a_pipe_and_dev_stdin_still_works(xor_paths):
    r = python_m_purenet("forward", xor_paths[0], "/dev/stdin", input=json.dumps(XOR))
    assert r.returncode == 0 and r.stderr == ""
    net = files.load_model(xor_paths[0])
    from purenet.network import forward
    assert json.loads(r.stdout)["outputs"] == [forward(net, x).output for x in XOR["inputs"]]


def test_dash_is_standard_input_for_the_model_or_the_data(xor_paths, tmp_path):
    from purenet.network import forward
    from purenet.tools.files import pytorch
    model, data = xor_paths
    net = files.load_model(model)
    with open(model) as f:
        model_text = f.read()
    r = python_m_purenet("forward", "-", data, input=model_text)
    assert r.returncode == 0 and r.stderr == ""
    assert json.loads(r.stdout)["outputs"] == [forward(net, x).output for x in XOR["inputs"]]
    r = python_m_purenet("grad", model, "-", "--loss", "cross_entropy", input=json.dumps(XOR))
    assert r.returncode == 0 and json.loads(r.stdout)["loss"] == gradient(net, XOR["inputs"], XOR["targets"],
                                                                          "cross_entropy")[0]
    r = python_m_purenet("check", "-", data, "--loss", "cross_entropy", input=model_text)
    assert r.returncode == 0 and "PASSED" in r.stdout
    grad = python_m_purenet("grad", model, data, "--loss", "cross_entropy").stdout
    r = python_m_purenet("check", model, data, "--loss", "cross_entropy", "--gradients", "-", input=grad)
    assert r.returncode == 0 and "PASSED" in r.stdout
    out = str(tmp_path / "t.json")
    r = python_m_purenet("train", "-", data, "--loss", "cross_entropy", "--learning-rate", "0.5",
                         "--epochs", "3", "--out", out, "--history", str(tmp_path / "h.json"),
                         input=model_text)
    assert r.returncode == 0 and files.load_model(out).w == train_copy(net, 3).w
    r = python_m_purenet("convert", "-", str(tmp_path / "m.safetensors"), input=model_text)
    assert r.returncode == 0 and pytorch.load(str(tmp_path / "m.safetensors")).w == net.w
    # a message names it "standard input"
    r = python_m_purenet("forward", model, "-", input='{"inputs": [[0, 0]], "targets": [[0]], "inputs": []}')
    assert r.returncode == 2 and one_line(r.stderr) == ('purenet forward: standard input: duplicate key '
                                                        '"inputs" in one object')


def train_copy(net, epochs):
    from purenet.training import train
    net = net.copy()
    train(net, XOR["inputs"], XOR["targets"], "cross_entropy", 0.5, epochs)
    return net


@pytest.mark.parametrize("argv,which", [
    (["forward", "-", "-"], "MODEL and DATA are both"),
    (["check", "-", "DATA", "--gradients", "-"], "MODEL and --gradients are both"),
    (["check", "-", "-", "--gradients", "-"], "MODEL, DATA and --gradients are all")])
def test_two_files_from_standard_input_are_refused(capsys, argv, which):
    argv = argv + (["--loss", "cross_entropy"] if argv[0] == "check" else [])
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert one_line(err) == ("purenet %s: %s - (standard input), which holds one file: give all but one as "
                             "files" % (argv[0], which))


def test_the_size_limit_applies_to_standard_input(xor_paths):
    r = python_m_purenet("forward", xor_paths[0], "-", "--max-file-size", "1K",
                         input=json.dumps(XOR) + " " * 1024)
    assert r.returncode == 2 and r.stdout == ""
    assert one_line(r.stderr) == ("purenet forward: standard input: larger than 1 KiB, the size limit for "
                                  "files read (--max-file-size raises it)")
    with open("/dev/zero", "rb") as zero:                      # endless: read up to the limit, no further
        r = python_m_purenet("forward", "-", xor_paths[1], stdin=zero)
    assert r.returncode == 2 and one_line(r.stderr) == (
        "purenet forward: standard input: larger than 32 MiB, the size limit for files read "
        "(--max-file-size raises it)")


@pytest.mark.parametrize("text", ["1x", "0", "-5", "12Q", ""])
def test_bad_sizes_are_refused(capsys, xor_paths, text):
    code, _, err = run(capsys, "forward", xor_paths[0], xor_paths[1], "--max-file-size=%s" % text)
    assert code == 2 and "--max-file-size: expected a size like 1000, 64K, 32M or 2G" in one_line(err)


def test_integers_past_4300_digits_are_named_not_called_invalid_json(tmp_path):
    path = tmp_path / "m.json"
    path.write_text('{"format": "purenet.model", "version": 1, "layers": [{"activation": "tanh", '
                    '"weights": [[%s]], "biases": null}]}' % ("9" * 5000))
    with pytest.raises(files.FileFormatError) as info:
        files.load_model(str(path))
    assert str(info.value) == ("%s: layers[0].weights[0][0]: expected a finite number, got "
                               "999999999999...999999 (an integer of 5000 digits)" % path)


# ---------------------------------------------------------------------------------------------
# the size of a network init builds, the cost of a full check, --step, sigma

def test_init_refuses_a_network_over_the_parameter_limit_before_allocating(capsys):
    code, out, err = run(capsys, "init", "--sizes", "100000,100000", "--activation", "tanh")
    assert code == 2 and out == ""
    assert one_line(err) == ("purenet init: --sizes 100000,100000: 10000100000 parameters, more than the "
                             "limit of 1000000 (--max-parameters raises it)")
    code, _, err = run(capsys, "init", "--sizes", "1000000000000000000000000000000,1", "--activation", "tanh")
    assert code == 2 and "(31 digits) neurons is more than any network purenet builds" in one_line(err)
    # 2-3-1 with biases has (2 + 1) * 3 + (3 + 1) * 1 = 13 parameters
    assert run(capsys, "init", "--sizes", "2,3,1", "--activation", "tanh", "--max-parameters", "13")[0] == 0
    code, _, err = run(capsys, "init", "--sizes", "2,3,1", "--activation", "tanh", "--max-parameters", "12")
    assert code == 2 and "13 parameters, more than the limit of 12" in one_line(err)
    assert run(capsys, "init", "--sizes", "2,3,1", "--activation", "tanh", "--no-bias",
               "--max-parameters", "9")[0] == 0                     # 2*3 + 3*1 without biases


def test_a_full_check_over_its_cost_limit_is_refused_and_fast_mode_is_not(capsys, xor_paths):
    # 2-3-1 with biases, 4 samples. One unperturbed pass: 2*3 + 3*1 = 9 multiply-adds a sample. Each
    # of the 9 parameters of layer 2 costs 1 (z_j^2) + 1 (the rank-one update of layer 3) + 1 (the
    # loss) a pass, each of the 4 of layer 3 costs 1 + 1: 9*3 + 4*2 = 35. Full: (9 + 2*35) * 4 = 316;
    # --engines, a third pass per parameter: (9 + 3*35) * 4 = 456.
    model, data = xor_paths
    assert run(capsys, "check", model, data, "--loss", "cross_entropy", "--max-check-cost", "316")[0] == 0
    code, out, err = run(capsys, "check", model, data, "--loss", "cross_entropy", "--max-check-cost", "315")
    assert code == 2 and out == ""
    assert one_line(err) == ("purenet check: a full check of 13 parameters over 4 samples takes about "
                             "316 multiply-adds, more than the limit of 315 (--max-check-cost raises it; "
                             "--fast takes 2 forward passes)")
    code, _, err = run(capsys, "check", model, data, "--loss", "cross_entropy", "--engines",
                       "--max-check-cost", "455")
    assert code == 2 and "about 456 multiply-adds" in err
    code, _, err = run(capsys, "check", model, data, "--loss", "cross_entropy", "--max-check-cost", "1e9",
                       "--engines")
    assert code == 0
    assert run(capsys, "check", model, data, "--loss", "cross_entropy", "--fast",
               "--max-check-cost", "1")[0] == 0


def test_step_is_bounded(capsys, xor_paths):
    model, data = xor_paths
    # --step 1e308 reported every parameter failed with h = inf and printed Infinity in --json
    code, out, err = run(capsys, "check", model, data, "--loss", "cross_entropy", "--step", "1e308", "--json")
    assert code == 2 and out == ""
    assert one_line(err).endswith("--step: expected a step h in (0, 1], got '1e308'")
    code, out, err = run(capsys, "check", model, data, "--loss", "cross_entropy", "--step", "1e-300")
    assert code == 2 and out == ""
    assert one_line(err).startswith("purenet check: step h = 1e-300 is too small for w^2_11 = ")
    assert run(capsys, "check", model, data, "--loss", "cross_entropy", "--step", "1")[0] in (0, 1)


def test_json_is_always_valid_json(capsys, tmp_path):
    # a one-class softmax output is exactly 1.0; against target 0, J = inf and every difference NaN
    model = tmp_path / "m.json"
    files.save_model(str(model), Network([[[50.0]]], None, "softmax"))
    data = tmp_path / "d.json"
    data.write_text(json.dumps({"inputs": [[1.0]], "targets": [[0.0]]}))
    code, out, err = run(capsys, "check", str(model), str(data), "--loss", "cross_entropy", "--json")

    def refuse(name):
        raise AssertionError("%s in --json output" % name)

    d = json.loads(out, parse_constant=refuse)              # no NaN or Infinity literals
    assert d["J"] == "Infinity" and d["rows"][0]["numeric"] == "NaN"


def test_a_tiny_sigma_is_refused_in_every_verb(capsys, tmp_path):
    model = tmp_path / "g.json"
    model.write_text(json.dumps({"format": "purenet.model", "version": 1, "layers": [
        {"activation": {"name": "gaussian", "sigma": 1e-170}, "weights": [[0.5]], "biases": None}]}))
    data = tmp_path / "d.json"
    data.write_text(json.dumps({"inputs": [[1.0]], "targets": [[0.0]]}))
    msg = ("%s: layers[0].activation: gaussian: sigma must be between 2^-511 (about 1.5e-154) and 2^511 "
           "(about 6.7e153), so that sigma^2 is a normal double; got 1e-170" % model)
    for verb, more in (("grad", []), ("check", []), ("train", ["--learning-rate", "0.1", "--epochs", "1",
                                                               "--out", str(tmp_path / "t.json")])):
        code, out, err = run(capsys, verb, str(model), str(data), "--loss", "half_squared_error", *more)
        assert code == 2 and out == "" and one_line(err) == "purenet %s: %s" % (verb, msg)
    code, _, err = run(capsys, "init", "--sizes", "1,1", "--activation", "gaussian:sigma=1e-170")
    assert code == 2 and "sigma must be between 2^-511" in one_line(err)


@pytest.mark.parametrize("value", ["-inf", "-1e5", "-.5", "-nan"])
def test_negative_numbers_are_values_not_options(capsys, xor_paths, value):
    # --learning-rate -inf used to read as an unknown option ("expected one argument")
    code, _, err = run(capsys, "train", xor_paths[0], xor_paths[1], "--loss", "squared_error",
                       "--learning-rate", value, "--epochs", "1", "--out", "t.json")
    assert code == 2
    assert one_line(err).endswith("argument --learning-rate: expected a positive finite number, got %r"
                                  % value)


def test_the_parser_reads_negative_numbers_in_groups_and_lists():
    # the public-interface parser: options of groups are kept and typed like the parser's own, and
    # a list of values (nargs) comes back as given
    from purenet.tools.cli.parser import Parser
    p = Parser(prog="x")
    p.add_argument_group("g").add_argument("--a", type=float)
    p.add_mutually_exclusive_group().add_argument("--b", type=float)
    p.add_argument("rest", nargs="*")
    args = p.parse_args(["--a", "-1e5", "--b", "-inf", "q", "-1e3", "-nan"])
    assert (args.a, args.b, args.rest) == (-1e5, float("-inf"), ["q", "-1e3", "-nan"])
    assert [a.option_strings or a.dest for a in p.options] == [["-h", "--help"], ["--a"], ["--b"], "rest"]


def test_usage_errors_are_one_line(capsys):
    code, _, err = run(capsys, "init")
    assert code == 2 and one_line(err).endswith("init: the following arguments are required: --sizes, "
                                                "--activation")


# ---------------------------------------------------------------------------------------------
# stdout: closed, full, or cut short by its reader

def test_a_reader_that_stops_early_is_exit_0_and_silent(xor_paths):
    # python -m purenet | head -1 printed BrokenPipeError tracebacks
    for argv in ([], ["forward", xor_paths[0], xor_paths[1], "--trace"], ["train", "--help"]):
        env = dict(os.environ, PYTHONPATH=ROOT)
        p = subprocess.Popen([sys.executable, "-m", "purenet"] + argv, cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdout.readline()
        p.stdout.close()                                   # like head -1
        try:
            err = p.stderr.read()
            code = p.wait(timeout=120)
        finally:
            if p.poll() is None:
                p.kill()
        assert code == 0 and err == b"", (argv, code, err)


@pytest.mark.parametrize("argv", [[], ["init", "--sizes", "2,2", "--activation", "tanh"]])
def test_a_closed_or_full_stdout_is_one_line_and_exit_1(argv):
    r = python_m_purenet(*argv, stdout=subprocess.DEVNULL, preexec_fn=lambda: os.close(1))
    where = "purenet: " if not argv else "purenet init: "
    assert r.returncode == 1
    assert one_line(r.stderr).startswith(where + "cannot write")
    assert "stdout is closed" in r.stderr or "it is closed" in r.stderr
    if not os.path.exists("/dev/full"):
        return
    with open("/dev/full", "w") as full:
        r = python_m_purenet(*argv, stdout=full)
    assert r.returncode == 1
    assert one_line(r.stderr).endswith("No space left on device")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_help_that_stdout_cannot_take_is_one_line_and_exit_1():
    # argparse drops a failed write of --help silently (exit 0, no help)
    for argv in (["--help"], ["train", "--help"], ["--version"]):
        with open("/dev/full", "w") as full:
            r = python_m_purenet(*argv, stdout=full)
        assert r.returncode == 1, argv
        assert one_line(r.stderr) == "python -m purenet: cannot write to stdout: No space left on device"


def test_an_unexpected_error_is_one_line(capsys, xor_paths, monkeypatch):
    from purenet.tools.cli import commands
    monkeypatch.setattr(commands, "files", None)           # forward's first use of it fails
    code, _, err = run(capsys, "forward", xor_paths[0], xor_paths[1])
    assert code == 1
    assert one_line(err) == ("purenet forward: unexpected error: AttributeError: 'NoneType' object has no "
                             "attribute 'load_model' (PURENET_TRACEBACK=1 shows where)")
    monkeypatch.setenv("PURENET_TRACEBACK", "1")
    with pytest.raises(AttributeError):
        cli.main(["forward", xor_paths[0], xor_paths[1]])


# ---------------------------------------------------------------------------------------------
# the Python API with NumPy (skipped without it)

needs_numpy = pytest.mark.skipif(np is None, reason="NumPy is not installed (pip install -e '.[interop]'); "
                                 "the float-subclass case runs in tests/test_training.py without it")


def test_float_subclasses_are_written_by_floats_own_repr(tmp_path):
    class Float(float):
        def __repr__(self):
            return "Float(%s)" % float.__repr__(self)

    assert files.dumps([Float(0.1), True, 3]) == "[0.1, true, 3]\n"


@needs_numpy
def test_numpy_scalars_are_written_as_json_numbers_or_refused_by_name(tmp_path):
    from purenet.training import train
    # a learning rate from np.logspace made the weights np.float64, saved as np.float64(...)
    net = init_network([2, 3, 1], ["tanh", "sigmoid"], seed=7)
    train(net, XOR["inputs"], XOR["targets"], "cross_entropy", np.logspace(-2, -1, 3)[0], 5)
    path = str(tmp_path / "m.json")
    files.save_model(path, net)
    assert "np." not in open(path).read()
    assert files.load_model(path).w == net.w
    # NumPy scalars in hand-built structures: numbers by value, bools refused by name
    assert files.dumps([np.float64(0.1), np.float32(0.5), np.int64(7)]) == "[0.1, 0.5, 7]\n"
    with pytest.raises(TypeError) as info:
        files.dumps([np.bool_(True)])
    assert str(info.value) == "cannot write np.True_ (numpy.bool) as JSON"
    # the core refuses NumPy scalars that are not floats, naming their type
    with pytest.raises(TypeError) as info:
        gradient(Network([[[1.0]]]), [[np.float32(0.5)]], [[0.0]], "half_squared_error")
    assert str(info.value) == ("inputs[0][0]: expected a number (an int or a float), got np.float32(0.5) "
                               "(numpy.float32)")


def test_a_cross_entropy_target_outside_0_1_names_the_file_and_the_sample(capsys, xor_paths, tmp_path):
    # it was reported as "cross_entropy: target y_1 = 1.5 is not in [0, 1]", without file or sample
    data = tmp_path / "d.json"
    data.write_text(json.dumps({"inputs": [[0.0, 0.0], [0.0, 1.0]], "targets": [[0.0], [1.5]]}))
    t = str(tmp_path / "t.json")
    for verb, more in (("grad", []), ("check", []),
                       ("train", ["--learning-rate", "1", "--epochs", "1", "--out", t])):
        code, out, err = run(capsys, verb, xor_paths[0], str(data), "--loss", "cross_entropy", *more)
        assert code == 2 and out == ""
        assert one_line(err) == ("purenet %s: %s: targets[1][0]: expected a probability in [0, 1] for "
                                 "cross_entropy, got 1.5" % (verb, data))
    assert run(capsys, "grad", xor_paths[0], str(data), "--loss", "squared_error")[0] == 0


def test_convert_reads_within_the_limit_and_never_writes_its_input(capsys, xor_paths, tmp_path):
    import zipfile
    model = xor_paths[0]
    code, _, err = run(capsys, "convert", model, model)
    assert code == 2 and one_line(err) == ("purenet convert: OUT: %s is the IN file; purenet never "
                                           "overwrites its inputs" % model)
    code, _, err = run(capsys, "convert", model, str(tmp_path / "m.npz"), "--max-file-size", "100")
    assert code == 2 and "m.json: larger than 100 bytes" in one_line(err)
    # an .npz of 2 MiB of zeros compresses to a few KiB: the limit counts what it unpacks to
    bomb = str(tmp_path / "bomb.npz")
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("0.weight.npy", b"\0" * (2 << 20))
    assert os.path.getsize(bomb) < 64 << 10
    code, _, err = run(capsys, "convert", bomb, str(tmp_path / "b.json"), "--max-file-size", "1M")
    assert code == 2
    assert one_line(err) == ("purenet convert: %s: its arrays take 2097152 bytes uncompressed, more than "
                             "the size limit for files read (1048576 bytes) (--max-file-size raises it)"
                             % bomb)
