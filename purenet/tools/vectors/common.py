"""What the conformance vector modules share: the format names, the tolerance, the conventions, the
flags and their explanations (each file's ``notes``), and the seeded building blocks."""

from ...bits import Random
from ...network import Network, init_network

VECTORS_FORMAT = "purenet.vectors"
VECTORS_VERSION = 1

# The tolerance docs/vectors.md recommends: |theirs − expected| <= ABS + REL·|expected|.
TOLERANCE = {"relative": 1e-9, "absolute": 1e-12}

TOLERANCE_NOTE = ("compare every number x with its expected e by |x - e| <= absolute + relative*|e|; "
                  "purenet sums left to right, so other summation orders differ in the last bits "
                  "(docs/vectors.md)")

# informational only (what wrote the file); a reader must not depend on it
GENERATOR = "python -m purenet vectors OUTDIR (purenet/tools/vectors/)"

CONVENTIONS = ("relu'(0) = 0; step(0) = 1 and step' = 0 everywhere; piecewise_linear(z) = 0 for "
               "z <= x_min and 1 for z >= x_max (also where m z + b would not reach them), "
               "piecewise_linear' = 0 at x_min, x_max and outside; sigmoid(z) = 1/(1+exp(-beta z)); "
               "gaussian(z) = exp(-(z-mu)^2/(2 sigma^2))/(sigma sqrt(2 pi)); log is natural; "
               "cross_entropy with a sigmoid output has dJ/dz_j = beta (y_j - t_j), "
               "categorical_cross_entropy with softmax dJ/dz_j = y_j sum_k t_k - t_j; the cost and the "
               "gradient are means over the samples.")

# Every flag a case may carry, with what it means; each file's "notes" holds the flags it uses.
FLAG_NOTES = {
    "activation": "exercises an activation function's value s(z) and derivative s'(z) in the hidden "
                  "and the output layer",
    "parameters": "an activation with parameters other than the defaults (beta, mu, sigma, x_min, x_max, "
                  "slope, intercept)",
    "piecewise-defaults": "piecewise_linear with only some of x_min, x_max, slope, intercept given: "
                          "x_min = -1 and x_max = 1 by default, then slope m = 1/(x_max - x_min) and "
                          "intercept b = -m*x_min from the x_min, x_max and m in force",
    "piecewise-ends": "piecewise_linear whose m*z + b does not reach 0 and 1 at the ends: the value is "
                      "0 for z <= x_min and 1 for z >= x_max all the same (the function jumps)",
    "negative-parameter": "parameters that are allowed although unusual: beta <= 0, a negative slope; "
                          "a reader must accept them",
    "step'=0": "a step layer: s' = 0 everywhere, so nothing flows back through it",
    "softmax-jacobian": "softmax with a loss other than categorical cross-entropy: the full Jacobian "
                        "da_j/dz_k = a_j (delta_jk - a_k)",
    "loss": "exercises a loss: its value (per sample, then the mean) and dJ/dy",
    "cross-entropy-from-z": "binary cross-entropy with a sigmoid, gaussian or softmax output: log y and "
                            "log(1 - y) taken from z (log-sigmoid, log-density, log-sum-exp), equal to "
                            "the plain formula within the tolerance here",
    "biases": "where the model has biases and where it has null; a null layer has no bias gradient",
    "mean-over-samples": "several samples: the cost and the gradient are means over the samples",
    "paper": "a worked example of the documents purenet follows (their own numbers)",
    "own-weights": "the documents do not print these weights: purenet's stated ones are used",
    "saturated": "outputs or hidden values at or near 0 or 1 in floating point",
    "kink": "a z exactly at a point where the activation is not differentiable",
    "relu'(0)=0": "purenet takes relu'(0) = 0; an implementation with relu'(0) = 1 or 1/2 disagrees "
                  "here and only here (result acceptable)",
    "step(0)=1": "purenet takes step(0) = 1 (1 if z >= 0); step(0) = 0 or 1/2 disagrees here and only "
                 "here (result acceptable)",
    "piecewise_linear'=0 at ends": "purenet takes s' = 0 at x_min and x_max (the strict inequalities "
                                   "x_min < z < x_max); the one-sided slope disagrees here (acceptable)",
    "shape": "an unusual shape: one-neuron layers, a wide or a deep network",
    "symmetric": "all parameters zero: hidden neurons alike",
    "scale": "weights of very different magnitudes",
    "zero-gradient": "the gradient is exactly zero: a plain step changes nothing, a normalized step "
                     "leaves the parameters as they are (0/0 is not taken)",
    "exact-zero": "every weight, bias, input and target is a short binary fraction, so that every "
                  "product and sum is exact in any order: the output equals the target exactly and "
                  "the gradient is exactly zero in any implementation",
    "integer-literals": "the model and data files write integral numbers as JSON integers (1, -2, 0): "
                        "a reader must take them as the numbers 1.0, -2.0, 0.0",
    "sklearn-expressible": "hidden layers of one activation (logistic, tanh, relu), biases in every "
                           "layer, and an output / loss pair scikit-learn's MLP has (identity with "
                           "half squared error, logistic with binary log-loss, softmax with the "
                           "categorical one)",
    "nielsen-expressible": "sigmoid in every layer, biases everywhere, half squared error: the network "
                           "of Nielsen's network.py",
    "invalid-model": "a model file that must be rejected",
    "invalid-data": "a data file that must be rejected (checked against base_model)",
    "invalid-gradients": "a gradient file that must be rejected (checked against base_model)",
    "plain": "plain updates p <- p - h dJ/dp",
    "normalized": "normalized updates p <- p - h (dJ/dp)/||grad J||, the norm over every weight and "
                  "bias of the network together",
    "batch": "batch gradient descent: one step per epoch over all samples",
    "stochastic": "stochastic gradient descent: one step per sample",
    "mini-batch": "mini-batch gradient descent: consecutive batches of batch_size samples in the "
                  "epoch's order, the last one smaller when batch_size does not divide n",
    "shuffled": "the sample order is reshuffled at the start of every epoch (the file's shuffle_rule)",
    "seeded-init": "the initial weights come from init (the documented SplitMix64 and Glorot rule), "
                   "not from a model: expected.models[0] holds them",
    "diverged": "the cost or a parameter becomes infinite or NaN: training stops and the parameters "
                "of the last finite epoch are the result",
    "exact-saturation": "binary cross-entropy where outputs round to 0 or 1: the cost and gradient are "
                        "the exact ones (finite), not inf or NaN; a formula through the rounded y fails",
    "momentum": "torch.optim.SGD's momentum: v <- g at the first step (the buffer starts at the first "
                "gradient), then v <- mu v + (1 - dampening) g; p <- p - h v",
    "nesterov": "torch.optim.SGD(nesterov=True): v as for momentum (no dampening), then p <- p - h (g + "
                "mu v)",
    "dampening": "a dampening d > 0: v <- mu v + (1 - d) g after the first step, whose v is g itself "
                 "(a buffer started at 0 gives (1 - d) g and fails)",
    "sgd-weight-decay": "SGD without momentum (mu = 0) and weight decay: p <- p - h (g + L p)",
    "l2-in-gradient": "weight_decay L added to the gradient before the update (torch.optim's SGD and "
                      "Adam): g <- g + L p",
    "adam": "torch.optim.Adam (Kingma & Ba Algorithm 1): m, v start at 0; m <- b1 m + (1 - b1) g, "
            "v <- b2 v + (1 - b2) g^2; p <- p - (h/(1 - b1^t)) m/(sqrt(v)/sqrt(1 - b2^t) + eps)",
    "adamw": "torch.optim.AdamW: p <- p (1 - h L) first, then Adam's step without L p in the gradient",
    "decoupled-decay": "AdamW's weight decay: the parameter shrinks by (1 - h L) before the Adam step; "
                       "L p in the gradient, or the decay after the step (ONNX), fails",
    "adamw-default-decay": "AdamW with its default weight_decay 0.01 (torch.optim.AdamW's)",
    "eps-after-bias-correction": "gradients small enough that the place of eps matters: eps is added to "
                                 "sqrt(v)/sqrt(1 - b2^t), not to sqrt(v) (Keras's and ONNX's eps-hat fail)",
    "betas": "Adam with betas other than (0.9, 0.999)",
    "steps-across-epochs": "the step count t and the buffers carry over from one epoch to the next; "
                           "several steps per epoch (mini-batches)",
}


def notes_for(cases):
    """The "notes" of a file: the explanation of every flag its cases use, in FLAG_NOTES's order."""
    used = set()
    for case in cases:
        used.update(case["flags"])
    missing = used - set(FLAG_NOTES)
    if missing:
        raise AssertionError("flags without a note: %s" % ", ".join(sorted(missing)))
    return {f: FLAG_NOTES[f] for f in FLAG_NOTES if f in used}


# ---------------------------------------------------------------------------------------------
# building blocks

def random_network(sizes, activations, bias=True, seed=1, weight_scale=1.0, bias_range=0.5):
    """``init_network``'s weights (scaled), with biases drawn from Random(seed + 1000) in
    [−bias_range, bias_range] so that bias gradients are not all taken at b = 0."""
    net = init_network(sizes, activations, bias=False, seed=seed)
    rng = Random(seed + 1000)
    weights = [[[w * weight_scale for w in row] for row in net.w[l]] for l in range(2, net.L + 1)]
    biases = None
    if bias:
        biases = [[rng.uniform(-bias_range, bias_range) for _ in range(sizes[l])]
                  for l in range(1, len(sizes))]
    return Network(weights, biases, [net.s[l] for l in range(2, net.L + 1)])


def random_rows(n, width, seed, lo=-1.0, hi=1.0):
    rng = Random(seed)
    return [[rng.uniform(lo, hi) for _ in range(width)] for _ in range(n)]


def one_hot_rows(n, width, seed):
    rng = Random(seed)
    rows = []
    for _ in range(n):
        k = rng.randbelow(width)
        rows.append([1.0 if j == k else 0.0 for j in range(width)])
    return rows


def distribution_rows(n, width, seed):
    """Soft targets: positive, summing to 1 (up to rounding)."""
    rng = Random(seed)
    rows = []
    for _ in range(n):
        r = [0.1 + rng.random() for _ in range(width)]
        total = 0.0
        for x in r:
            total += x
        rows.append([x / total for x in r])
    return rows
