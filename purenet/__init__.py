"""purenet: fully connected neural networks trained by backpropagation, in pure Python.

The names a reader needs first, in ``002``'s notation (see docs/papers.md):

    net = Network(weights, biases, activations)    # net.w[l][i][j] = w_ij^l, layer 1 = input
    net = init_network([2, 3, 1], "tanh", bias=True, seed=0)
    trace = forward(net, x)                        # trace.z[l][j] = z_j^l, trace.a[l][j] = a_j^l
    J, gw, gb = gradient(net, X, Y, "half_squared_error")   # gw[l][i][j] = ∂J/∂w_ij^l
    history = train(net, X, Y, "half_squared_error", learning_rate, epochs, batch_size=None)
"""

from .backprop import cost, gradient
from .network import Network, forward, init_network, param_name, predict
from .training import TrainingDiverged, train

__all__ = ["Network", "TrainingDiverged", "cost", "forward", "gradient", "init_network", "param_name",
           "predict", "train"]
__version__ = "0.1.0"
