"""Gradient engines that share no code with ``purenet/backprop.py``.

Each engine is a function ``gradient(net, X, Y, loss) -> (J, gw, gb)`` with the layout of
``backprop.gradient``: J the mean cost over the samples, ``gw[l][i][j]`` = ∂J/∂w_ij^l and
``gb[l][j]`` = ∂J/∂b_j^l (None for a layer without biases), padded so that the list index is
``002``'s layer number (``gw[0] = gw[1] = None``).

- ``backprop``: the core's index-notation backpropagation (``purenet/backprop.py``, ``002``'s
  d_j^l recursion, one sample at a time);
- ``matrix_form``: ``002``'s "math behind Python", the whole batch at once with rows = samples:
  Z^l = A^{l−1}·W^l + B^l, δ^l = δ^{l+1}·(W^{l+1})ᵀ ⊙ s'(Z^l), ∂J/∂W^l = (A^{l−1})ᵀ·δ^l / n;
- ``recursion_001``: ``001`` §5's forward-mode recursion, one parameter at a time: ∂v/∂p pushed
  forward through the layers (cases 1–3), then ∂E/∂p = Σ_j ∂E/∂o_j · ∂o_j/∂p.

The two new engines read the network and call the activations' and losses' ``value``,
``derivative`` and ``gradient`` (the functions being differentiated), and nothing else of the core
(``matrix_form`` also uses the nested-list helpers of ``purenet/matrix.py``). So a bug in
``backprop.py`` or in ``losses.output_delta`` shows up as a disagreement between engines, and a
bug in an activation's ``derivative`` shows up against finite differences (``purenet/verifier.py``).
"""

ENGINE_NAMES = ("backprop", "matrix_form", "recursion_001")


def get_engine(name):
    """The gradient function of an engine by name (or the function itself if one is given)."""
    if callable(name):
        return name
    if name == "backprop":
        from ..backprop import gradient
        return gradient
    if name == "matrix_form":
        from .matrix_form import gradient
        return gradient
    if name == "recursion_001":
        from .recursion_001 import gradient
        return gradient
    raise ValueError("unknown engine %r; known: %s" % (name, ", ".join(ENGINE_NAMES)))


def check_data(net, X, Y, loss):
    """The checks every engine makes before computing: samples are lists of the right lengths
    (n^1 inputs, n^L targets, finite numbers), at least one sample, and the loss suits the output
    layer's activation (``losses.check_pairing``). Written here, not imported from backprop."""
    from ..losses import check_pairing
    from ..matrix import check_vector
    if not isinstance(X, (list, tuple)) or not isinstance(Y, (list, tuple)):
        raise TypeError("inputs and targets must be lists of samples")
    if len(X) == 0:
        raise ValueError("no samples: inputs is empty")
    if len(X) != len(Y):
        raise ValueError("%d inputs but %d targets" % (len(X), len(Y)))
    for k in range(len(X)):
        if check_vector(X[k], "inputs[%d]" % k) != net.sizes[0]:
            raise ValueError("inputs[%d]: expected %d numbers (the neurons of layer 1), got %d"
                             % (k, net.sizes[0], len(X[k])))
        if check_vector(Y[k], "targets[%d]" % k) != net.sizes[-1]:
            raise ValueError("targets[%d]: expected %d numbers (the neurons of layer %d), got %d"
                             % (k, net.sizes[-1], net.L, len(Y[k])))
    check_pairing(loss, net.s[net.L])


def saturated_output_gradient(loss, s, y, y_star):
    """∂J/∂z_j^L in closed form for the two pairs whose chain-rule product ∂J/∂y_j · ∂y_j/∂z_j^L
    is 0·∞ when an output saturates (y_j = 0 or 1 exactly in floating point):

    - sigmoid (β) with binary cross-entropy: ∂J/∂z_j^L = β (y_j − y*_j);
    - softmax with categorical cross-entropy: ∂J/∂z_j^L = y_j Σ_k y*_k − y*_j.

    Returns None for any other pair (there the infinity is real). The engines use this only when
    the chain-rule product cannot be evaluated, so on ordinary networks they check the core's
    fused formulas (``losses.output_delta``) against the general chain rule.
    """
    if loss.name == "cross_entropy" and s.name == "sigmoid":
        return [s.beta * (y[j] - y_star[j]) for j in range(len(y))]
    if loss.name == "categorical_cross_entropy" and s.name == "softmax":
        t = 0.0
        for t_k in y_star:
            t += t_k
        return [y[j] * t - y_star[j] for j in range(len(y))]
    return None


def loss_gradient(loss, y, y_star):
    """∂J/∂y_j from the loss, or None when it is infinite or undefined at a saturated output."""
    try:
        g = loss.gradient(y, y_star)
    except (ValueError, ZeroDivisionError):
        return None
    for g_j in g:
        if g_j != g_j or g_j in (float("inf"), float("-inf")):
            return None
    return g
