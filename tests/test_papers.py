"""Every number the documents publish that can be recomputed (purenet/papers.py).

Expected values: the documents' printed numbers, compared within one unit of their last printed
digit (shared/notes/papers.md explains why half a unit would call right results wrong)."""
from purenet.papers import (
    CHAIN_OF_FOUR,
    NET_1_2_2_1,
    NET_2_2_2_1,
    SINGLE_WEIGHT,
    outputs_after,
    own_runs,
    reproduce,
    tolerance,
)


def within(value, printed):
    return abs(value - float(printed)) <= tolerance(printed) * (1 + 1e-9)


def test_tolerance_is_one_unit_of_the_last_printed_digit():
    assert tolerance("0.7235") == 1e-4 and tolerance("8.0") == 0.1 and tolerance("0.490") == 1e-3


def test_every_row_of_the_reproduction_table_matches():
    rows = reproduce()
    assert len(rows) == 25
    bad = [r for r in rows if not r["ok"]]
    assert bad == [], bad


def test_002_chain_of_four():
    y10, y15, y20 = outputs_after(CHAIN_OF_FOUR, (10, 15, 20))
    assert within(y10, "0.7235") and within(y15, "0.992283") and within(y20, "0.9999")
    assert not within(y10 + 2e-4, "0.7235")            # the comparison can fail


def test_002_1_2_2_1_and_2_2_2_1():
    for ex, printed in ((NET_1_2_2_1, ("0.9272", "0.9989", "0.9999")),
                        (NET_2_2_2_1, ("7.7814", "7.9992", "8.0"))):
        for value, p in zip(outputs_after(ex, (5, 10, 15)), printed):
            assert within(value, p), (value, p)


def test_002_single_weight_initial_output():
    assert SINGLE_WEIGHT["x"][0] * SINGLE_WEIGHT["weights"][0][0][0] == 1.9


def test_own_runs_are_labelled_and_finite():
    rows = own_runs()
    assert [r["source"] for r in rows] == ["002 multiple outputs", "002 biases and activations",
                                           "002 multiple samples"]
    for r in rows:
        assert "seed" in r["quantity"]
        assert all(v == v for v in r["purenet"])
    # the five-sample tanh network learns the table's shape: outputs increase with x
    y = rows[2]["purenet"]
    assert all(y[k] < y[k + 1] for k in range(4))
