"""Do the vectors pin every convention the docs state? A mutation test of the vectors.

``tests/host/vector_reader.py`` is a small reader of ``vectors/`` written from the docs alone (no
purenet code). Unchanged, it passes every case and rejects every invalid file at the place
purenet's message names. Each mutant below is one plausible wrong reading of one convention of
``docs/vectors.md`` / ``docs/formats.md`` (the ids C1, C2, … are the ones those docs give); with
it switched on, at least one vector must fail, or that convention would be unpinned. A mutant
that fails only ``acceptable`` cases is a legitimate other convention (relu'(0) = 1): the vectors
flag it rather than call it a bug.

``EQUIVALENT`` lists wrong-looking readings that no vector can catch because they are the same
within the tolerance, with the reason; the test checks that they indeed pass, so the list stays
honest.
"""
import json
import os
import re
import sys

import pytest

from tests.host import ROOT

sys.path.insert(0, ROOT)

from tests.host import vector_reader  # noqa: E402

# (id in the docs, the convention, the wrong readings that must fail)
CONVENTIONS = [
    ("C1", "weights[i][j] is w_ij^l: row i = neuron i of layer l-1 (Z = A W + B)", ["transpose-weights"]),
    ("C2", "biases null: the layer has no biases and no bias gradient", ["null-biases-as-zeros"]),
    ("C3", "the trace is keyed by layer number, \"1\" the input",
     ["trace-keys-from-the-first-layer-with-weights"]),
    ("C4", "sigmoid(z) = 1/(1 + e^(-beta z))", ["sigmoid-ignores-beta"]),
    ("C5", "gaussian = e^(-(z-mu)^2/(2 sigma^2)) / (sigma sqrt(2 pi))", ["gaussian-factor"]),
    ("C6", "relu'(0) = 0 (acceptable)", ["relu'(0)=1"]),
    ("C7", "step(0) = 1 (acceptable)", ["step(0)=0"]),
    ("C8", "piecewise_linear' = 0 at x_min and x_max (acceptable)", ["piecewise'-ends=slope"]),
    ("C9", "piecewise_linear is 0 for z <= x_min and 1 for z >= x_max, also where it jumps",
     ["piecewise-ends-linear"]),
    ("C10", "piecewise_linear defaults: x_min -1, x_max 1, then m = 1/(x_max - x_min), then b = -m x_min",
     ["piecewise-defaults-fixed-ends", "piecewise-slope-default-1", "piecewise-intercept-default-0"]),
    ("C11", "allowed parameters: any finite beta (also <= 0), any slope (also negative)",
     ["reject-negative-parameters"]),
    ("C12", "squared_error is the sum of squares without 1/2", ["squared-error-half"]),
    ("C13", "log is natural", ["log10"]),
    ("C14", "cross-entropy: a term with weight 0 is left out (0 log 0 = 0)", ["ce-keeps-zero-weight-terms"]),
    ("C15", "cross-entropy is exact where outputs saturate (logs from z), not clipped",
     ["ce-from-y", "ce-clip"]),
    ("C16", "categorical cross-entropy by log-sum-exp; dJ/dz_j = y_j sum_k t_k - t_j",
     ["cce-from-y", "cce-ignores-target-sum"]),
    ("C17", "cost and gradient are means over the samples (of the batch)",
     ["sum-not-mean", "batch-mean-over-n"]),
    ("C18", "the normalized update's norm is over every weight and bias together",
     ["normalized-weights-only", "normalized-per-layer"]),
    ("C19", "a zero gradient leaves the parameters as they are", ["normalized-zero-divides"]),
    ("C20", "batches are consecutive in the epoch's order, the last one shorter", ["drop-last-batch"]),
    ("C21", "the shuffle: one generator for the run, the order carried over, Fisher-Yates from the end",
     ["shuffle-from-the-start", "shuffle-resets-order", "shuffle-new-generator-per-epoch",
      "ignore-shuffle-seed"]),
    ("C22", "random() = the top 53 bits of next_u64 times 2^-53", ["random-low-bits"]),
    ("C23", "initial weights: one generator, layer by layer, row by row, r = sqrt(6/(n_in + n_out))",
     ["init-rng-per-layer", "init-column-major", "glorot-product"]),
    ("C24", "the cost history: cost[0] before training, cost[k] after epoch k",
     ["cost-recorded-before-epoch"]),
    ("C25", "divergence: stop and keep the parameters of the last finite epoch", ["keep-diverged"]),
    ("C26", "files: duplicate keys, unknown keys, a missing key are errors",
     ["allow-duplicate-keys", "ignore-unknown-keys", "gradient-loss-optional"]),
    ("C27", "numbers: JSON numbers only, finite (no strings, booleans, null, NaN, Infinity, 1e400)",
     ["accept-booleans", "accept-numeric-strings", "accept-nonfinite"]),
    ("C28", "format \"purenet.model\" and the integer version 1", ["skip-version-check"]),
    ("C29", "lengths: rows and biases match, shapes chain; no empty list",
     ["skip-lengths", "accept-empty-lists"]),
    ("C30", "data: as many targets as inputs, n^1 and n^L numbers each",
     ["skip-sample-count", "skip-sample-length"]),
    ("C31", "activations: a known name; only its own parameters, finite numbers; sigma > 0, x_min < x_max; "
            "softmax only in the output layer",
     ["skip-parameter-names", "skip-parameter-numbers", "skip-parameter-domain", "allow-hidden-softmax"]),
    ("C32", "an invalid file's place is the text of the message before the first \": \"",
     ["place-before-last-colon"]),
    ("C33", "momentum: the buffer starts at the first gradient (v = g at t = 1), then mu v + (1 - d) g",
     ["momentum-buffer-starts-at-zero"]),
    ("C34", "nesterov: p <- p - h (g + mu v), the look-ahead on the updated buffer",
     ["nesterov-without-lookahead"]),
    ("C35", "weight decay of SGD and Adam: L p added to the gradient, before the buffers",
     ["ignore-weight-decay", "sgd-decay-outside-buffer"]),
    ("C36", "Adam: bias corrections with t counted over the run; eps added to sqrt(v)/sqrt(1 - b2^t)",
     ["adam-no-bias-correction", "adam-eps-hat", "adam-eps-inside-sqrt", "adam-t-per-epoch"]),
    ("C37", "AdamW: p <- p (1 - h L) before the Adam step, no L p in the gradient",
     ["adamw-as-l2", "adamw-decay-after-step", "adamw-decay-unscaled"]),
]

EQUIVALENT = {
    "random-52-bits": "random() from the top 52 bits, (x >> 12)*2^-52, differs from the top 53 bits "
                      "by at most 2^-53: initial weights 1 ulp apart, the same within the tolerance",
}

ACCEPTABLE_ONLY = {"relu'(0)=1", "step(0)=0", "piecewise'-ends=slope"}


def results():
    out = {}
    for name in os.listdir(vector_reader.VECTORS):
        if name.endswith(".json"):
            with open(os.path.join(vector_reader.VECTORS, name), encoding="ascii") as f:
                for case in json.load(f)["cases"]:
                    out[case["id"]] = case["result"]
    return out


RESULTS = results()


def test_the_reader_passes_every_vector():
    assert vector_reader.run() == []


@pytest.mark.slow
@pytest.mark.parametrize("cid,text,mutants", CONVENTIONS, ids=[c[0] for c in CONVENTIONS])
def test_every_wrong_reading_fails_a_vector(cid, text, mutants):
    for m in mutants:
        failures = vector_reader.run([m])
        assert failures, "%s (%s): the wrong reading %r passes every vector" % (cid, text, m)
        kinds = {RESULTS[case_id] for case_id, _ in failures}
        if m in ACCEPTABLE_ONLY:
            assert kinds == {"acceptable"}, (m, failures)       # a legitimate other convention
        else:
            assert "acceptable" not in kinds or len(kinds) > 1, (m, failures)


@pytest.mark.parametrize("mutant", sorted(EQUIVALENT))
def test_equivalent_readings_pass(mutant):
    assert vector_reader.run([mutant]) == [], EQUIVALENT[mutant]


def test_every_convention_of_the_docs_has_mutants():
    ids = set()
    for doc in ("docs/vectors.md", "docs/formats.md"):
        with open(os.path.join(ROOT, doc), encoding="utf-8") as f:
            ids.update(re.findall(r"\((C\d+)\)", f.read()))
    assert ids == {c[0] for c in CONVENTIONS}, ids ^ {c[0] for c in CONVENTIONS}
    assert all(c[2] for c in CONVENTIONS)


def test_a_reader_of_version_1_skips_the_training_file():
    # the training runs have a format of their own: a reader that only knows "purenet.vectors"
    # (and its invalid files) reads exactly the version-1 files
    with open(os.path.join(vector_reader.VECTORS, "training.json"), encoding="ascii") as f:
        assert json.load(f)["format"] == "purenet.vectors.training"
