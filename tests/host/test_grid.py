"""The full test grid (host only: too slow for MicroPython, ~20 s on CPython for the engines).

Every activation (8) × every loss (4) × with and without biases × 1–4 hidden layers × 1–5
neurons per layer × 1–6 samples: 7,680 seeded networks (``tests/grid.py``). For every
one of them the three engines (``002``'s index notation in ``backprop.py``, ``002``'s matrix form,
``001`` §5's forward-mode recursion) agree to 1e-12 relative, with the floor 1e-14·scale for
values that are ~0 (``tests/test_engines.py``); the finite-difference check runs on every 8th
network of each activation × loss pair (960 networks) and every comparable parameter passes.

One test per activation × loss pair, so a failure names the pair; the message names the grid
case, and ``python tests/grid.py K`` prints that case's engines and finite differences side
by side.
"""

import pytest

from purenet.tools.verifier.engines import ENGINE_NAMES, get_engine
from purenet.tools.verifier.gradcheck import verify
from tests.grid import (
    GRID_ACTIVATIONS,
    GRID_BIASES,
    GRID_HIDDEN,
    GRID_LOSSES,
    GRID_NEURONS,
    GRID_SAMPLES,
    GRID_SIZE,
    grid_case,
    grid_index,
)
from tests.test_engines import assert_agree, flatten

PAIRS = [(a, l) for a in GRID_ACTIVATIONS for l in GRID_LOSSES]
FD_EVERY = 8


def cases(activation, loss):
    out = []
    for bias in GRID_BIASES:
        for hidden in GRID_HIDDEN:
            for neurons in GRID_NEURONS:
                for samples in GRID_SAMPLES:
                    out.append(grid_index(activation, loss, bias, hidden, neurons, samples))
    return out


def test_grid_is_the_full_product():
    every = []
    for a, l in PAIRS:
        every += cases(a, l)
    assert sorted(every) == list(range(GRID_SIZE)) and GRID_SIZE == 7680


@pytest.mark.slow
@pytest.mark.parametrize("activation,loss", PAIRS)
def test_engines_agree_and_finite_differences_pass(activation, loss):
    ks = cases(activation, loss)
    assert len(ks) == 240
    comparable = 0
    for n, k in enumerate(ks):
        net, X, Y, loss_name, ax = grid_case(k)
        results = [get_engine(e)(net, X, Y, loss_name) for e in ENGINE_NAMES]
        J, gw, gb = results[0]
        ref = flatten(net, gw, gb)
        for e, (J2, gw2, gb2) in zip(ENGINE_NAMES[1:], results[1:]):
            assert_agree(net, J, ref, J2, flatten(net, gw2, gb2),
                         "grid case %d, backprop vs %s" % (k, e))
        if n % FD_EVERY == 0:
            report = verify(net, X, Y, loss_name)
            assert report.passed, "grid case %d (%r):\n%s" % (k, ax, report.format())
            comparable += len(report.rows) - len(report.not_comparable)
    if activation != "step":      # a step layer makes every upstream gradient 0, still compared
        assert comparable > 0


def test_engines_share_no_code_with_backprop():
    # The two new engines import nothing from purenet.backprop: the core's checks, parameter walk
    # and buffers (network), the losses, the argument checks (checks), finiteness (bits), the
    # linear algebra (linalg) and what they share with each other (common.py), whose output layer
    # goes through log y.
    import ast
    import os
    here = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                        "purenet", "tools", "verifier", "engines")
    allowed = ("....losses", "....checks", "....network", "....bits", ".common", ".linalg")
    for name in ("matrix_form.py", "recursion_001.py", "common.py", "linalg.py", "__init__.py"):
        with open(os.path.join(here, name), encoding="utf-8") as f:
            tree = ast.parse(f.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                if name == "__init__.py" and module in ("....backprop", ".matrix_form", ".recursion_001"):
                    continue            # get_engine(name) hands out each engine
                assert module in allowed, (name, module)
            assert not isinstance(node, ast.Import), (name, ast.dump(node))
