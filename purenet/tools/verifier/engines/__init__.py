"""Gradient engines that share no gradient code with ``purenet/backprop.py``.

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

The two new engines read the network, check the data with the core's checks
(``network.check_data``, ``losses.check_pairing``), walk the parameters with
``network.parameters`` and call the activations' and losses' ``value``, ``derivative`` and
``gradient`` (the functions being differentiated); what they share with each other is in
``common.py``. They take the output layer's ∂J/∂z^L by the chain rule, and for the log losses with
a sigmoid, gaussian or softmax output (where the chain rule is ∞·0 at a saturated output and
cancels near it) by derivatives of log y (``common.log_output_gradient``), not by the closed forms
of ``backprop.output_delta``. So a bug in ``backprop.py`` shows up as a disagreement between
engines, and a bug in an activation's ``derivative`` against finite differences (``gradcheck.py``).
"""

ENGINE_NAMES = ("backprop", "matrix_form", "recursion_001")


def get_engine(name):
    """The gradient function of an engine by name (or the function itself if one is given)."""
    if callable(name):
        return name
    if name == "backprop":
        from ....backprop import gradient
        return gradient
    if name == "matrix_form":
        from .matrix_form import gradient
        return gradient
    if name == "recursion_001":
        from .recursion_001 import gradient
        return gradient
    raise ValueError("unknown engine %r; known: %s" % (name, ", ".join(ENGINE_NAMES)))
