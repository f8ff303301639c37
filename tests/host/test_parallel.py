"""The verifier across processes (``jobs=N``, ``check --jobs N``; ``purenet/tools/verifier/parallel.py``),
and the incremental full check against passes from the input on many networks built around kinks.

Host only: ``multiprocessing`` does not exist on MicroPython or Pyodide. The portable side of the
same checks is ``tests/test_incremental.py``.
"""

import os
import subprocess
import sys

import pytest

from purenet.backprop import gradient
from purenet.bits import Random
from purenet.network import Network, init_network, parameters
from purenet.tools.verifier import parallel
from purenet.tools.verifier.gradcheck import (
    STEP_FACTOR,
    compare_engines,
    verify,
    verify_fast,
    verify_gradients,
)
from tests.grid import GRID_LOSSES, grid_case, grid_index
from tests.host import ROOT
from tests.test_incremental import full_pass_differences, kink_networks, onto_kink, smooth_networks


@pytest.mark.slow
def test_reports_are_the_same_whatever_the_number_of_jobs():
    # every parameter's result depends on nothing but the network, the data and the parameter
    for net, X, Y, loss in smooth_networks() + kink_networks()[::4]:
        J, gw, gb = gradient(net, X, Y, loss)
        one = [verify(net, X, Y, loss), verify(net, X, Y, loss, engine="recursion_001"),
               verify_fast(net, X, Y, loss, engine="recursion_001"),
               verify_gradients(net, X, Y, loss, gw, gb, their_J=J), compare_engines(net, X, Y, loss)]
        for jobs in (2, 3):
            many = [verify(net, X, Y, loss, jobs=jobs),
                    verify(net, X, Y, loss, engine="recursion_001", jobs=jobs),
                    verify_fast(net, X, Y, loss, engine="recursion_001", jobs=jobs),
                    verify_gradients(net, X, Y, loss, gw, gb, their_J=J, jobs=jobs),
                    compare_engines(net, X, Y, loss, jobs=jobs)]
            for a, b in zip(one, many):
                assert a.format() == b.format()
                assert repr(a.to_json()) == repr(b.to_json())


def test_more_jobs_than_parameters():
    net = Network([[[0.5]]], None, "linear")
    one = verify(net, [[1.0]], [[0.0]], "half_squared_error")
    assert verify(net, [[1.0]], [[0.0]], "half_squared_error", jobs=4).format() == one.format()
    assert abs(one.rows[0]["numeric"] - 0.5) < 1e-9            # J = ½(w·1)², dJ/dw = w = 0.5


def test_parts_cover_the_parameters_in_order_at_about_the_same_cost():
    net = init_network([64, 128, 128, 10], ["tanh", "tanh", "linear"], seed=0)
    # the estimate, by hand: a layer-2 parameter updates layer 3 (128 neurons, one term each) and
    # multiplies out layer 4 (128 x 10); a layer-3 one updates layer 4 (10); plus 16 each
    assert [parallel.cost(net, l) for l in (2, 3, 4)] == [16 + 128 + 1280, 16 + 10, 16]
    params = parameters(net)
    for jobs in (1, 2, 3, 8):
        parts = parallel.parts(net, params, jobs)
        assert [q for part in parts for q in part] == params
        assert 1 < len(parts) <= parallel.PARTS_PER_JOB * jobs and all(parts)
        costs = []
        for part in parts:
            c = 0
            for q in part:
                c += parallel.cost(net, q[2])
            costs.append(c)
        assert max(costs) <= sum(costs) / len(parts) + parallel.cost(net, 2), (jobs, costs)


def _first_name(tag, part):
    # a worker's function: the tag and the first parameter's name of its part
    return tag, part[0][0]


def _fail_on_a_bias(part):
    # a worker's function that raises for a part holding a bias (an exception it sends back)
    for name, kind, l, i, j in part:
        if kind == "b":
            raise ValueError("no bias please: " + name)
    return len(part)


def _die(part):
    os._exit(3)                          # a worker that dies without a word


def test_split_hands_out_every_part_in_order_to_processes():
    net = init_network([3, 4, 2], "tanh", seed=1)
    params = parameters(net)
    expected = [("x", part[0][0]) for part in parallel.parts(net, params, 3)]
    assert parallel.split(_first_name, ("x",), net, params, 3) == expected
    assert len(expected) > 3             # more parts than processes: each takes the next when done


def test_an_exception_in_a_worker_is_raised_by_the_parent():
    # the exception itself, pickled back, not a hang nor a worker's traceback
    net = init_network([3, 4, 2], "tanh", seed=1)
    with pytest.raises(ValueError, match=r"no bias please: b\^[23]_\d"):
        parallel.split(_fail_on_a_bias, (), net, parameters(net), 2)


def test_a_worker_that_dies_is_an_error_not_a_hang():
    net = init_network([3, 4, 2], "tanh", seed=1)
    with pytest.raises(RuntimeError, match=r"a worker process of the verifier died \(exit code 3\)"):
        parallel.split(_die, (), net, parameters(net), 2)


def test_the_verifier_imports_multiprocessing_only_when_asked_for_jobs():
    code = ("import sys\n"
            "from purenet.network import init_network\n"
            "from purenet.tools.verifier.gradcheck import verify, compare_engines\n"
            "net = init_network([2, 3, 1], 'tanh', seed=1)\n"
            "X, Y = [[0.1, 0.2], [0.3, -0.4]], [[0.5], [-0.5]]\n"
            "assert verify(net, X, Y, 'half_squared_error').passed\n"
            "assert compare_engines(net, X, Y, 'half_squared_error').rows\n"
            "assert 'multiprocessing' not in sys.modules\n"
            "assert verify(net, X, Y, 'half_squared_error', jobs=2).passed\n"
            "assert 'multiprocessing' in sys.modules\n")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    assert p.returncode == 0, p.stderr


@pytest.mark.slow
def test_the_kink_rule_marks_what_passes_from_the_input_mark():
    # For every kink activation x loss, 1-4 hidden layers and 2-5 neurons (the grid's networks
    # with biases): one z_j^l of one sample moved onto a kink, or within h (6e-6) or 1e-12 of it,
    # by its bias. The full check must mark the same parameters "not comparable", at the same z
    # and sample, as the check with every pass from the input (tests/test_incremental.py).
    rng = Random(18)
    marked = 0
    for act in ("relu", "step", "piecewise_linear"):
        for loss in GRID_LOSSES:
            for hidden in (1, 2, 3, 4):
                for neurons in (2, 3, 4, 5):
                    for offset in (0.0, 0.5 * STEP_FACTOR, 1e-12):
                        samples = 1 + int(rng.random() * 6)
                        net, X, Y, loss_name, ax = grid_case(
                            grid_index(act, loss, True, hidden, neurons, samples))
                        layers = [l for l in range(2, net.L + 1) if net.s[l].kinks]
                        if not layers:
                            continue
                        l = layers[int(rng.random() * len(layers))]
                        kinks = net.s[l].kinks
                        onto_kink(net, X[int(rng.random() * len(X))], l,
                                  int(rng.random() * len(net.b[l])),
                                  kinks[int(rng.random() * len(kinks))],
                                  offset * (1.0 if rng.random() < 0.5 else -1.0))
                        report = verify(net, X, Y, loss_name)
                        ref = full_pass_differences(net, X, Y, loss_name)
                        for row, (name, numeric, kink) in zip(report.rows, ref):
                            assert (row["kink"], row["kink_sample"]) == (
                                (None, None) if kink is None else kink), (ax, name)
                            marked += kink is not None
    assert marked > 1000
