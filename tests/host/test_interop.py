"""purenet's weight files against the real libraries: NumPy, safetensors and PyTorch.

Each test needs one of them (``pip install -e '.[interop]'``: numpy, safetensors, torch==2.13.0)
and is skipped with a message where it is not installed. The expected values come from the
libraries themselves: what ``numpy.load``, ``safetensors`` and ``torch`` read, write and compute.
The hand-made files of ``test_tensors.py`` run everywhere. The tests that import torch are marked
slow (the import alone takes 1.5 s or more), so ``-m "not slow"`` leaves them out.
"""
import os
import re
import subprocess
import sys

import pytest

from tests.host import ROOT

sys.path.insert(0, ROOT)

from purenet.backprop import gradient  # noqa: E402
from purenet.network import Network, forward, init_network  # noqa: E402
from purenet.tools import cli, files  # noqa: E402
from purenet.tools.files import pytorch, tensors  # noqa: E402
from purenet.training import train  # noqa: E402
from tests.host.test_tensors import every_kind_of_network  # noqa: E402

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [[0.0], [1.0], [1.0], [0.0]]


def in_float32_range():
    """every_kind_of_network() with its 1.7976931348623157e308 (beyond float32) replaced by a
    value that rounds to float32's largest."""
    nets = every_kind_of_network()
    for net in nets:
        for row in [r for l in range(2, net.L + 1) for r in net.w[l]]:
            for j in range(len(row)):
                if abs(row[j]) > 1e300:
                    row[j] = 3.4028235e38
    return nets


def need(name):
    return pytest.importorskip(name, reason="%s is not installed (pip install -e '.[interop]'); this test "
                                            "checks purenet's files against the real library" % name)


def torch_lib():
    need("safetensors")
    return need("torch")


def transposed(w):
    return [[w[i][j] for i in range(len(w))] for j in range(len(w[0]))]


def convert(*argv):
    assert cli.main([str(a) for a in argv]) == 0


# ----------------------------------------------------------------------------------------------
# NumPy

def test_npz_written_by_purenet_loads_with_numpy(tmp_path):
    np = need("numpy")
    for k, net in enumerate(every_kind_of_network()):
        path = str(tmp_path / ("%d.npz" % k))
        pytorch.save(path, net)
        with np.load(path) as npz:
            arrays = dict(npz.items())
        names = [n for n, _, _ in pytorch.network_to_tensors(net)[0]]
        assert list(arrays) == names
        for name, (w, b, s) in zip([n for n in names if n.endswith("weight")], net.layers()):
            a = arrays[name]
            assert a.dtype == np.float64 and a.flags["C_CONTIGUOUS"]
            assert a.tolist() == transposed(w)                 # [out, in], every bit
        for l in range(2, net.L + 1):
            if net.b[l] is not None:
                k_l = int([n for n in names if n.endswith("weight")][l - 2].split(".")[0])
                assert arrays["%d.bias" % k_l].tolist() == net.b[l]
    # float32: the values numpy's own rounding gives
    net = in_float32_range()[-1]
    path = str(tmp_path / "f32.npz")
    pytorch.save(path, net, dtype="F32")
    with np.load(path) as npz:
        a = npz["1.weight"]              # layer 3, with the awkward values: linear, tanh, linear
    assert a.dtype == np.float32
    assert a.tolist() == np.array(transposed(net.w[3]), dtype=np.float64).astype(np.float32).tolist()


def test_numpy_savez_reads_back(tmp_path):
    np = need("numpy")
    net = init_network([3, 4, 2], ["tanh", "sigmoid"], bias=True, seed=5)
    state = {"0.weight": np.array(net.w[2]).T,          # a transposed view: numpy saves it in Fortran order
             "0.bias": np.array(net.b[2]),
             "2.weight": np.ascontiguousarray(np.array(net.w[3]).T).astype(">f8"),     # big-endian
             "2.bias": np.array(net.b[3])}
    assert not state["0.weight"].flags["C_CONTIGUOUS"]
    for save in (np.savez, np.savez_compressed):
        path = str(tmp_path / "numpy.npz")
        save(path, **state)
        back = pytorch.load(path, activation=["tanh", "sigmoid"])
        assert (back.w, back.b) == (net.w, net.b)
    # float32 arrays read exactly: the doubles numpy itself gives for them
    path = str(tmp_path / "f32.npz")
    np.savez(path, **{k: v.astype(np.float32) for k, v in state.items()})
    back = pytorch.load(path, activation="tanh,sigmoid".split(","))
    assert back.w[2] == np.array(net.w[2], dtype=np.float32).astype(np.float64).tolist()


# ----------------------------------------------------------------------------------------------
# safetensors

def test_safetensors_library_reads_purenets_files_and_writes_the_same_bytes(tmp_path):
    need("numpy")
    st = need("safetensors")
    from safetensors.numpy import load_file, save

    for k, net in enumerate(in_float32_range()):
        for dtype in ("F64", "F32"):
            path = str(tmp_path / ("%d.safetensors" % k))
            pytorch.save(path, net, dtype=dtype)
            arrays = load_file(path)
            with st.safe_open(path, "np") as f:
                metadata = f.metadata()
            named, expected_metadata = pytorch.network_to_tensors(net)
            assert metadata == expected_metadata
            assert sorted(arrays) == sorted(n for n, _, _ in named)
            for name, shape, values in named:
                a = arrays[name]
                assert list(a.shape) == shape and str(a.dtype) == {"F64": "float64", "F32": "float32"}[dtype]
                if dtype == "F64":
                    assert a.reshape(-1).tolist() == values
            # the reference writer, given the same arrays and metadata, writes the same bytes
            with open(path, "rb") as f:
                assert f.read() == save(arrays, metadata=metadata)


def test_safetensors_library_files_read_back(tmp_path):
    np = need("numpy")
    need("safetensors")
    from safetensors.numpy import save_file

    net = init_network([2, 5, 3], ["relu", "softmax"], bias=True, seed=2)
    state = {"0.weight": np.array(transposed(net.w[2])), "0.bias": np.array(net.b[2]),
             "2.weight": np.array(transposed(net.w[3])), "2.bias": np.array(net.b[3])}
    path = str(tmp_path / "lib.safetensors")
    save_file(state, path)
    back = pytorch.load(path, activation=["relu", "softmax"])
    assert (back.w, back.b) == (net.w, net.b)
    save_file({k: v.astype(np.float32) for k, v in state.items()}, path)
    back = pytorch.load(path, activation=["relu", "softmax"])
    assert back.b[3] == np.array(net.b[3], dtype=np.float32).astype(np.float64).tolist()


# ----------------------------------------------------------------------------------------------
# PyTorch itself: its autograd gradient, and purenet models loaded by load_state_dict

@pytest.mark.slow          # importing torch takes 1.5 s or more
def test_torch_gradient_agrees_with_purenet(tmp_path):
    """nn.Sequential(Linear, Tanh, Linear, Sigmoid) in float64, saved with safetensors, converted:
    purenet's gradient of the cross-entropy agrees with autograd's to 1e-12."""
    torch = torch_lib()
    from safetensors.torch import save_file

    worst = 0.0
    for seed in range(5):
        torch.manual_seed(seed)
        model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Tanh(),
                                    torch.nn.Linear(4, 2), torch.nn.Sigmoid()).double()
        X = torch.rand(6, 3, dtype=torch.float64) * 4 - 2
        Y = torch.rand(6, 2, dtype=torch.float64)
        # purenet's cross_entropy: -sum_j [y* log y + (1 - y*) log(1 - y)] per sample, mean over samples
        J = torch.nn.functional.binary_cross_entropy(model(X), Y, reduction="sum") / len(X)
        J.backward()
        path, out = str(tmp_path / "t.safetensors"), str(tmp_path / "m.json")
        save_file(model.state_dict(), path)
        convert("convert", path, out, "--activation", "tanh,sigmoid")
        net = files.load_model(out)
        Jp, gw, gb = gradient(net, X.tolist(), Y.tolist(), "cross_entropy")
        assert abs(Jp - J.item()) <= 1e-12
        for l, k in ((2, 0), (3, 2)):
            worst = max(worst, max(abs(a - b) for a, b in zip(
                [x for row in gw[l] for x in row], [x for row in transposed(model[k].weight.grad.tolist())
                                                    for x in row])))
            worst = max(worst, max(abs(a - b) for a, b in zip(gb[l], model[k].bias.grad.tolist())))
    assert worst <= 1e-12, worst


@pytest.mark.slow          # importing torch takes 1.5 s or more
def test_purenet_model_loads_into_torch_strictly(tmp_path):
    """A purenet model trained here, converted to safetensors (and to .npz), loads into the matching
    Sequential with strict=True and gives the same outputs to 1e-14."""
    torch = torch_lib()
    np = need("numpy")
    from safetensors.torch import load_file

    net = init_network([2, 3, 1], ["tanh", "sigmoid"], bias=True, seed=1)
    train(net, XOR_X, XOR_Y, "cross_entropy", learning_rate=0.5, epochs=500)
    src = str(tmp_path / "trained.json")
    files.save_model(src, net)
    ours = [forward(net, x).output for x in XOR_X]
    for ext in (".safetensors", ".npz"):
        path = str(tmp_path / ("trained" + ext))
        convert("convert", src, path)
        model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Tanh(),
                                    torch.nn.Linear(3, 1), torch.nn.Sigmoid()).double()
        if ext == ".npz":
            with np.load(path) as npz:
                state = {k: torch.from_numpy(v) for k, v in npz.items()}
        else:
            state = load_file(path)
        result = model.load_state_dict(state, strict=True)
        assert not result.missing_keys and not result.unexpected_keys
        with torch.no_grad():
            theirs = model(torch.tensor(XOR_X, dtype=torch.float64)).tolist()
        assert max(abs(a[0] - b[0]) for a, b in zip(ours, theirs)) <= 1e-14


def torch_modules():
    """The modules docs/formats.md defines for the activations PyTorch lacks, run from the page."""
    with open(os.path.join(ROOT, "docs", "formats.md"), encoding="utf-8") as f:
        text = f.read()
    marker = "<!-- torch modules: tests/host/test_interop.py runs the next block -->\n```python\n"
    code = text[text.index(marker) + len(marker):]
    code = code[:code.index("```\n")]
    namespace = {"__name__": "docs_formats"}
    exec(compile(code, "docs/formats.md", "exec"), namespace)
    return namespace


@pytest.mark.slow          # importing torch takes 1.5 s or more
def test_every_activation_in_torch_with_the_documented_modules(tmp_path):
    """For every activation, the model pytorch.sequential names (with docs/formats.md's modules
    where PyTorch has none) loads the converted file with strict=True and computes purenet's
    outputs to 1e-14 and its gradient of the half squared error to 1e-12, biases or not."""
    torch = torch_lib()
    from safetensors.torch import load_file

    namespace = torch_modules()
    namespace["nn"] = torch.nn
    X = [[-1.5, 0.25, 2.0], [0.5, -0.75, 0.0], [1.0, 1.0, -2.0]]
    kinks = Network([[[0.5, -1.0, 1.5], [1.0, 0.25, -0.5], [0.0, 2.0, 1.0]],
                     [[0.5, 1.0], [-1.0, 0.5], [1.0, 1.0]]],
                    [[0.0, 0.5, -0.5], None], ["relu", {"name": "piecewise_linear", "slope": 0.25}])
    for k, net in enumerate(every_kind_of_network()[:-1] + [kinks]):
        Y = [[(0.25 * (i + j) + 0.5) % 1.0 for j in range(net.sizes[-1])] for i in range(len(X))]
        path = str(tmp_path / ("%d.safetensors" % k))
        pytorch.save(path, net)
        model = eval(pytorch.sequential(net), namespace).double()
        model.load_state_dict(load_file(path), strict=True)
        x = torch.tensor(X, dtype=torch.float64)
        y = model(x)
        ours = [forward(net, xk).output for xk in X]
        assert max(abs(a - b) for ra, rb in zip(ours, y.tolist()) for a, b in zip(ra, rb)) <= 1e-14, \
            pytorch.sequential(net)
        J = 0.5 * ((y - torch.tensor(Y, dtype=torch.float64)) ** 2).sum() / len(X)
        J.backward()
        _, gw, gb = gradient(net, X, Y, "half_squared_error")
        linears = [m for m in model if isinstance(m, torch.nn.Linear)]
        for l, m in zip(range(2, net.L + 1), linears):
            theirs = transposed(m.weight.grad.tolist())
            assert max(abs(a - b) for ra, rb in zip(gw[l], theirs) for a, b in zip(ra, rb)) <= 1e-12
            if net.b[l] is not None:
                assert max(abs(a - b) for a, b in zip(gb[l], m.bias.grad.tolist())) <= 1e-12
    assert sorted(n for n in namespace if n[0].isupper()) == ["Gaussian", "PiecewiseLinear", "SigmoidBeta",
                                                              "Step"]


@pytest.mark.slow          # importing torch takes 1.5 s or more
def test_f32_rounding_agrees_with_torch(tmp_path):
    torch = torch_lib()
    from safetensors.torch import load_file

    net = in_float32_range()[-1]
    path = str(tmp_path / "f32.safetensors")
    pytorch.save(path, net, dtype="F32")
    ours = load_file(path)
    theirs = {k: torch.tensor(v).reshape(s).float() for k, s, v in pytorch.network_to_tensors(net)[0]}
    assert set(ours) == set(theirs)
    for k in ours:
        assert ours[k].dtype == torch.float32 and torch.equal(ours[k], theirs[k]), k


@pytest.mark.slow
def test_the_example_script(tmp_path):
    """examples/pytorch_interop.py: both directions, its verdict and its numbers."""
    torch_lib()
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("PYTHONPATH", None)
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "examples", "pytorch_interop.py"),
                           str(tmp_path / "files")], cwd=str(tmp_path), env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300)
    out = proc.stdout.decode("utf-8")
    assert proc.returncode == 0, out + proc.stderr.decode("utf-8")
    assert "PASSED: all 13 comparable parameters pass" in out
    grads = float(re.search(r"largest \|purenet - PyTorch\| over the 13 derivatives: (\S+)", out).group(1))
    outputs = float(re.search(r"largest \|purenet - PyTorch\| over the outputs: (\S+)", out).group(1))
    assert grads <= 1e-12 and outputs <= 1e-14
    assert "load_state_dict(strict=True): <All keys matched successfully>" in out
    assert out.rstrip().endswith("gradients agree to 1e-12 and outputs to 1e-14: yes")
    # docs/pytorch.md shows what it prints
    with open(os.path.join(ROOT, "docs", "pytorch.md"), encoding="utf-8") as f:
        shown = re.findall(r"```text\n(.*?)```\n", f.read(), re.S)
    assert len(shown) == 3
    for block in shown:
        assert block in out, block
    assert sorted(os.listdir(str(tmp_path / "files"))) == [
        "model.json", "torch_grads.safetensors", "torch_model.safetensors", "trained.json",
        "trained.safetensors", "xor.json"]
    # the files are what they say: the converted model reads back as a 2-3-1 network
    assert pytorch.load(str(tmp_path / "files" / "model.json")).sizes == [2, 3, 1]
    assert tensors.read(str(tmp_path / "files" / "torch_grads.safetensors"), "safetensors")[1]["loss"]
