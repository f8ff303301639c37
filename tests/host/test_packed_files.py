"""purenet's writer of packed models (``purenet/tools/files/packed.py``) against the layout that
``tests/test_packed.py`` writes field by field, and round trips through the core's reader."""
import struct

import pytest

from purenet.bits import Random
from purenet.network import Network, init_network
from purenet.packed import network_from_bytes
from purenet.tools.files.packed import load_packed, network_to_bytes, save_packed
from tests import test_packed


def bits(x):
    return struct.pack("<d", x)


def test_the_float32_column_is_cpythons_rounding():
    for double, single in test_packed.BITS:
        x = struct.unpack("<d", test_packed.double_bytes(double))[0]
        assert struct.pack("<f", x) == struct.pack("<I", int(single, 16)), double


def test_the_writer_gives_the_layout_byte_for_byte():
    net = network_from_bytes(test_packed.two_layer_bytes())
    assert network_to_bytes(net) == test_packed.two_layer_bytes()


@pytest.mark.parametrize("seed", range(5))
def test_round_trip_keeps_every_bit(seed):
    rng = Random(seed)
    sizes = [1 + rng.randbelow(5) for _ in range(2 + rng.randbelow(3))]
    acts = [{"name": "gaussian", "mu": rng.uniform(-1, 1), "sigma": 0.1 + rng.random()}, "tanh",
            {"name": "piecewise_linear", "x_min": -0.3, "x_max": 0.7}, "relu"][:len(sizes) - 1]
    net = init_network(sizes, acts, bias=seed % 2 == 0, seed=seed)
    for l in range(2, net.L + 1):                        # values no decimal parser reads exactly
        net.w[l][0][0] = 1.0 - 2.0 ** -53 if seed else 5e-324
    back = network_from_bytes(network_to_bytes(net))
    assert back.sizes == net.sizes
    assert [s.spec() for s in back.s[2:]] == [s.spec() for s in net.s[2:]]
    for l in range(2, net.L + 1):
        assert [[bits(v) for v in row] for row in back.w[l]] == [[bits(v) for v in row] for row in net.w[l]]
        assert (back.b[l] is None) == (net.b[l] is None)
        if net.b[l] is not None:
            assert [bits(v) for v in back.b[l]] == [bits(v) for v in net.b[l]]


def test_save_and_load(tmp_path):
    net = Network([[[0.1, -0.2]], [[0.3], [0.4]]], [[0.5, 0.6], None], ["tanh", "sigmoid"])
    path = str(tmp_path / "m.packed")
    save_packed(path, net)
    with open(path, "rb") as f:
        data = f.read()
    assert len(data) == 8 + 4 + (3 + 5 + 1 + 16 + 16) + (3 + 8 + 1 + 16)
    assert load_packed(path).w == net.w and load_packed(path).b == net.b


def test_what_the_layout_cannot_hold_is_refused():
    net = Network([[[1.0] * 70000]])
    with pytest.raises(ValueError, match="at most 255 layers of at most 65535 neurons"):
        network_to_bytes(net)
