"""scikit-learn's multi-layer perceptron, as its users write it: MLPRegressor (identity output,
squared error) and MLPClassifier (logistic outputs with binary log-loss, or softmax with the
categorical one) with solver="sgd", momentum 0, alpha 0, a constant learning rate, shuffle=False.
The weights are set by overwriting coefs_ and intercepts_ after a first partial_fit (scikit-learn
offers no other way); the gradient is read from one partial_fit step as (old - new) / h; the cost
from loss_curve_. Every hidden layer has biases and the same activation (logistic, tanh, relu,
identity); scikit-learn gives no hidden values, so there is no trace.

- ``default``: loss_curve_ as scikit-learn reports it, read as the cost after each epoch;
- ``matched``: the cost at given parameters from a copy that takes one full-batch step
  (loss_curve_'s entry is the cost before that step), times the number of outputs for
  MLPRegressor, whose loss is 1/2 the mean over samples and outputs.

Run: python conformance/adapters/sklearn_adapter.py --variant matched   (JSON lines)
"""

import copy
import warnings

import numpy as np
import sklearn
from common import (
    Adapter,
    NotExpressible,
    activation,
    batches,
    epoch_orders,
    hello,
    serve,
    start_model,
    tolist,
)
from sklearn.neural_network import MLPClassifier, MLPRegressor

HIDDEN = {"sigmoid": "logistic", "tanh": "tanh", "relu": "relu", "linear": "identity"}


def estimator(model, loss, h, batch_size):
    layers = model["layers"]
    names = [activation(L["activation"])[0] for L in layers]
    hidden = tuple(len(L["weights"][0]) for L in layers[:-1])
    act = HIDDEN[names[0]] if len(layers) > 1 else "identity"
    kw = dict(hidden_layer_sizes=hidden, activation=act, solver="sgd", learning_rate="constant",
              learning_rate_init=h, momentum=0.0, nesterovs_momentum=False, alpha=0.0, shuffle=False,
              batch_size=batch_size, max_iter=1, tol=0.0, random_state=0)
    if loss == "half_squared_error" and names[-1] == "linear":
        return MLPRegressor(**kw)
    if (loss == "cross_entropy" and names[-1] == "sigmoid") or \
            (loss == "categorical_cross_entropy" and names[-1] == "softmax"):
        return MLPClassifier(**kw)
    raise NotExpressible("%s after a %s output" % (loss, names[-1]))


def targets(mlp, Y, logistic):
    """Y as scikit-learn takes it, and the classes for the first partial_fit."""
    Y = np.array(Y)
    if isinstance(mlp, MLPRegressor):
        return Y, None
    if not np.all((Y == 0) | (Y == 1)):
        raise NotExpressible("soft targets (MLPClassifier takes labels)")
    if Y.shape[1] == 1:
        return Y[:, 0].astype(int), [0, 1]
    if logistic:
        return Y.astype(int), list(range(Y.shape[1]))          # a multilabel indicator matrix
    if Y.shape[1] == 2:
        raise NotExpressible("a 2-class softmax (scikit-learn uses one logistic output)")
    if not np.all(Y.sum(axis=1) == 1):
        raise NotExpressible("targets that are not one-hot (MLPClassifier takes labels)")
    return Y.argmax(axis=1), list(range(Y.shape[1]))


def prepared(model, loss, h, X, Y, batch_size):
    mlp = estimator(model, loss, h, batch_size)
    logistic = activation(model["layers"][-1]["activation"])[0] == "sigmoid"
    y, classes = targets(mlp, Y, logistic)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if classes is None:
            mlp.partial_fit(np.array(X), y)
        else:
            mlp.partial_fit(np.array(X), y, classes=classes)
    if isinstance(mlp, MLPClassifier) and (mlp.out_activation_ == "softmax") == logistic:
        raise NotExpressible("this output layer (scikit-learn chose %s)" % mlp.out_activation_)
    mlp.coefs_ = [np.array(L["weights"], dtype=np.float64) for L in model["layers"]]
    mlp.intercepts_ = [np.array(L["biases"], dtype=np.float64) for L in model["layers"]]
    mlp.loss_curve_ = []
    return mlp, y


def step(mlp, X, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mlp.partial_fit(X, y)


def outputs(mlp, X):
    if isinstance(mlp, MLPRegressor):
        return mlp.predict(X).reshape(len(X), -1)
    p = mlp.predict_proba(X)
    return p[:, 1:] if mlp.out_activation_ == "logistic" and len(mlp.classes_) == 2 and \
        mlp.n_outputs_ == 1 else p


def layers_of(coefs, intercepts):
    return [{"weights": tolist(w), "biases": tolist(b)} for w, b in zip(coefs, intercepts)]


def probe(mlp, X, y, h, matched):
    """(cost, gradient layers) at mlp's parameters, from one full-batch step of a copy."""
    c = copy.deepcopy(mlp)
    c.set_params(batch_size=len(X))
    step(c, X, y)
    J = c.loss_curve_[-1]
    if matched and isinstance(mlp, MLPRegressor):
        J *= mlp.n_outputs_
    grads = layers_of([(w - v) / h for w, v in zip(mlp.coefs_, c.coefs_)],
                      [(b - v) / h for b, v in zip(mlp.intercepts_, c.intercepts_)])
    return J, grads


class Sklearn(Adapter):
    def __init__(self, variant):
        self.variant = variant

    def hello(self):
        return hello("scikit-learn", sklearn.__version__, self.variant, {
            "dtype": "float64", "activations": ["linear", "sigmoid", "tanh", "relu"],
            "output_activations": ["linear", "sigmoid", "softmax"],
            "losses": {"half_squared_error": ["linear"], "cross_entropy": ["sigmoid"],
                       "categorical_cross_entropy": ["softmax"]},
            "parts": ["outputs", "cost", "gradient", "updated_model"],
            "training": {"updates": ["plain"], "batching": ["batch", "mini-batch", "stochastic"],
                         "shuffle": False, "init": True}})

    def one_step(self, request):
        X, Y, h = np.array(request["data"]["inputs"]), request["data"]["targets"], request["learning_rate"]
        mlp, y = prepared(request["model"], request["loss"], h, X, Y, len(X))
        out = {"outputs": tolist(outputs(mlp, X))}
        J, grads = probe(mlp, X, y, h, self.variant == "matched")
        step(mlp, X, y)
        out.update({"cost": J if self.variant == "matched" else mlp.loss_curve_[-1],
                    "gradient": {"layers": grads},
                    "updated_model": {"layers": layers_of(mlp.coefs_, mlp.intercepts_)}})
        return out

    def training(self, request):
        X, Y, h = np.array(request["data"]["inputs"]), request["data"]["targets"], request["learning_rate"]
        b = request["batch_size"] or len(X)
        mlp, y = prepared(start_model(request), request["loss"], h, X, Y, b)
        matched = self.variant == "matched"
        J0, g0 = probe(mlp, X, y, h, matched)
        out = {"initial_gradient": {"cost": J0, "layers": g0}, "cost": [J0],
               "models": [{"layers": layers_of(mlp.coefs_, mlp.intercepts_)}], "orders": None,
               "diverged": None}
        for epoch, order in enumerate(epoch_orders(request), 1):
            if len(batches(order, b)) and order != sorted(order):
                raise NotExpressible("the documented shuffle")
            step(mlp, X, y)
            J = probe(mlp, X, y, h, True)[0] if matched else mlp.loss_curve_[-1]
            if not np.isfinite(J):
                out["diverged"] = {"epoch": epoch}
                break
            out["cost"].append(float(J))
            out["models"].append({"layers": layers_of(mlp.coefs_, mlp.intercepts_)})
        return out


default = Sklearn("default")
matched = Sklearn("matched")
VARIANTS = {"default": default, "matched": matched}

if __name__ == "__main__":
    serve(VARIANTS)
