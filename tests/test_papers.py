"""Every number the documents publish that can be recomputed (purenet/papers.py).

Expected values: the documents' printed numbers, as ``purenet.papers`` transcribes them, compared
by its rule (within one unit of the last printed digit: ``002`` truncates some values, so half a
unit would call right results wrong); for ``002``'s examples whose weights it does not print, an
independent calculation with another engine.
"""
import math

from purenet import papers
from purenet.network import entry, forward, parameters, set_entry
from purenet.tools.verifier.engines import matrix_form
from tests.helpers import assert_close, per_precision


def test_the_rule_is_one_unit_of_the_last_printed_digit():
    assert papers.tolerance("0.7235") == 1e-4 and papers.tolerance("8.0") == 0.1
    assert papers.tolerance("0.490") == 1e-3 and papers.tolerance("1") == 1.0
    assert papers.matches(0.723556, "0.7235") and papers.matches(0.72359, "0.7235")
    assert not papers.matches(0.72361, "0.7235") and not papers.matches(0.72339, "0.7235")
    assert papers.matches(7.9, "8.0") and not papers.matches(7.89, "8.0")


def test_every_row_of_the_reproduction_table_matches():
    rows = papers.reproduce()
    assert len(rows) == 25
    bad = [r for r in rows if not r["ok"]]
    assert bad == [], bad
    for r in rows:                       # each row can fail: two units off is a mismatch
        assert not papers.matches(r["purenet"] + 2 * r["tolerance"], r["paper"]), r


def test_every_published_number_has_a_row():
    printed = [r["paper"] for r in papers.reproduce()]
    expected = [papers.FORWARD_001["published"]["z"], papers.FORWARD_001["published"]["v"]]
    expected += list(papers.ERROR_001["published"]["terms"]) + [papers.ERROR_001["published"]["E"]]
    expected += [papers.SINGLE_WEIGHT["published"]["y"]]
    expected += [p for n, p in papers.SINGLE_WEIGHT["published"]["w"]]
    expected += [p for l, p in papers.CHAIN_OF_FOUR["published"]["z"]]
    for ex in (papers.CHAIN_OF_FOUR, papers.NET_1_2_2_1, papers.NET_2_2_2_1):
        expected += [p for n, p in ex["published"]["y"]]
    assert printed == expected


def test_002_chain_of_four_to_six_digits():
    # 002 prints 0.992283 after 15 iterations (six digits); 0.7235 after 10 is 0.723556 truncated
    y10, y15 = papers.outputs_after(papers.CHAIN_OF_FOUR, (10, 15))
    assert abs(y10 - 0.723556) < 5e-7 and abs(y15 - 0.992283) < 5e-7


def test_each_example_network_is_the_documents():
    # 002's 1-2-2-1 network: w^2_11 = 0.7, w^2_12 = 0.5, w^3_11 = 0.4, w^3_12 = 0.6, w^3_21 = 0.5,
    # w^3_22 = 0.2, w^4_11 = w^4_21 = 0.1; linear, no biases
    net = papers.network(papers.NET_1_2_2_1)
    assert net.w[2] == [[0.7, 0.5]] and net.w[3] == [[0.4, 0.6], [0.5, 0.2]] and net.w[4] == [[0.1], [0.1]]
    assert net.b == [None] * 5 and [net.s[l].name for l in (2, 3, 4)] == ["linear"] * 3
    # 002 "biases and activations": all initial values positive, as the document notes
    net = papers.network(papers.BIASES_AND_ACTIVATIONS)
    values = [entry(net.w, net.b, *p[1:]) for p in parameters(net)]
    assert len(values) == 2 * 4 + 4 * 3 + 3 * 2 + 2 * 4 + 4 + 3 + 2 + 4
    assert all(0.0 < v < 0.5 for v in values)


def test_own_runs_agree_with_an_independent_engine():
    # 002's later examples with our stated weights, trained again here from the gradient of 002's
    # matrix form (purenet.tools.verifier.engines.matrix_form) and the update written out in the test:
    # the same outputs to 1e-12 (the matrix form sums in another order; 500 tanh iterations;
    # 1e-4 where floats are single: the two orders round differently at 2**-24).
    rows = papers.own_runs()
    examples = (papers.MULTIPLE_OUTPUTS, papers.BIASES_AND_ACTIVATIONS, papers.MULTIPLE_SAMPLES)
    assert [r["source"] for r in rows] == ["002 multiple outputs", "002 biases and activations",
                                           "002 multiple samples"]
    for row, ex in zip(rows, examples):
        assert "seed %d" % ex["seed"] in row["quantity"]
        assert row["paper"] == "[" + ", ".join(ex["paper_y"]) + "]"
        net = papers.network(ex)
        X, Y = papers.data(ex)
        params = [p[1:] for p in parameters(net)]
        for _ in range(ex["iterations"]):
            J, gw, gb = matrix_form.gradient(net, X, Y, "half_squared_error")
            h = ex["h"]
            if ex["update"] == "normalized":                 # p ← p − h (∂J/∂p) / ‖∇J‖
                total = 0.0
                for p in params:
                    total += entry(gw, gb, *p) ** 2
                h = h / math.sqrt(total)
            for p in params:
                set_entry(net.w, net.b, *(p + (entry(net.w, net.b, *p) - h * entry(gw, gb, *p),)))
        outputs = [forward(net, x).output for x in X]
        expected = [o[0] for o in outputs] if len(outputs) > 1 else outputs[0]
        assert_close(row["purenet"], expected, per_precision(1e-12, 1e-4), 0.0, row["source"])
