"""Helpers and fixtures shared by the host tests.

- ``run(capsys, *argv)``: ``cli.main(argv)`` in the test process, as (exit code, stdout, stderr);
- ``one_line(err)``: the one line a failure prints on stderr (asserts there is exactly one, and no
  traceback);
- ``purenet_env(**more)`` and ``python_m_purenet(*argv, **kw)``: ``python -m purenet ARGV`` as a real
  subprocess of this checkout, with a bounded wait;
- ``put(tmp_path, name, obj)``: a file in tmp_path holding obj (a Network as a model file, text,
  bytes, or anything else as JSON); its path;
- ``optional(name)``: an optional library (NumPy, PyTorch) or None, for a ``skipif``;
- ``XOR`` and the fixture ``xor_files``: the XOR data and a seeded model for it, as files.
"""
import json
import os
import subprocess
import sys

import pytest

from purenet.network import Network, init_network
from purenet.tools import cli, files
from tests.host import ROOT

XOR = {"inputs": [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], "targets": [[0.0], [1.0], [1.0], [0.0]]}


def run(capsys, *argv):
    """(exit code, stdout, stderr) of cli.main(argv), in the test process."""
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err):
    """The single line of err, without its newline; fails unless err is exactly one line, no traceback."""
    assert err.endswith("\n") and err.count("\n") == 1, "expected one line on stderr, got %r" % err
    assert "Traceback" not in err
    return err[:-1]


def purenet_env(**more):
    """os.environ with this checkout first on PYTHONPATH (and the variables in more)."""
    return dict(os.environ, PYTHONPATH=ROOT + os.pathsep + os.environ.get("PYTHONPATH", ""), **more)


def python_m_purenet(*argv, **kw):
    """``python -m purenet ARGV`` as a subprocess from the repository's root, text streams piped
    (unless kw says otherwise), waiting at most 120 s; the CompletedProcess."""
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    kw.setdefault("cwd", ROOT)
    kw.setdefault("env", purenet_env())
    kw.setdefault("timeout", 120)
    return subprocess.run([sys.executable, "-m", "purenet"] + [str(a) for a in argv],
                          universal_newlines=True, **kw)


def optional(name):
    """The module ``name`` if it is installed, else None (the tests that need it then skip)."""
    try:
        return __import__(name)
    except ImportError:
        return None


def put(tmp_path, name, obj):
    """Write obj to tmp_path/name: a Network as a model file (``files.save_model``), a str as
    UTF-8 text, bytes as they are, anything else as JSON. Returns the path as a str."""
    p = tmp_path / name
    if isinstance(obj, Network):
        files.save_model(str(p), obj)
    elif isinstance(obj, bytes):
        p.write_bytes(obj)
    else:
        p.write_text(obj if isinstance(obj, str) else json.dumps(obj), encoding="utf-8")
    return str(p)


@pytest.fixture
def xor_files(tmp_path):
    """(net, model path, data path): the 2-3-1 tanh/sigmoid network of seed 7
    (``init --sizes 2,3,1 --activation tanh,sigmoid --seed 7``) and the XOR data, as files in tmp_path."""
    net = init_network([2, 3, 1], ["tanh", "sigmoid"], bias=True, seed=7)
    model, data = str(tmp_path / "m.json"), str(tmp_path / "xor.json")
    files.save_model(model, net)
    with open(data, "w") as f:
        json.dump(XOR, f)
    return net, model, data
