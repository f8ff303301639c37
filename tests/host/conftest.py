"""Fixtures shared by the host tests."""
import json

import pytest

from purenet.network import init_network
from purenet.tools import files

XOR = {"inputs": [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], "targets": [[0.0], [1.0], [1.0], [0.0]]}


@pytest.fixture
def xor_files(tmp_path):
    """(net, model path, data path): the 2-3-1 tanh/sigmoid network of seed 7 (the issues'
    ``init --sizes 2,3,1 --activation tanh,sigmoid --seed 7``) and the XOR data, as files in tmp_path."""
    net = init_network([2, 3, 1], ["tanh", "sigmoid"], bias=True, seed=7)
    model, data = str(tmp_path / "m.json"), str(tmp_path / "xor.json")
    files.save_model(model, net)
    with open(data, "w") as f:
        json.dump(XOR, f)
    return net, model, data
