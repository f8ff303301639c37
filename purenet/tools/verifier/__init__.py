"""The verifier: backpropagation's gradient against central finite differences (``docs/verifier.md``).

- ``gradcheck``: ``verify`` (every parameter, kinks reported), ``verify_fast`` (a few random
  directions), ``verify_gradients`` (another implementation's gradient), ``compare_engines``;
- ``reports``: what a check prints, one line per parameter or direction and a verdict;
- ``factors``: another gradient off by one constant factor (2, the number of outputs or of
  samples, or one over them) in every entry, and the slip that usually causes it;
- ``incremental``: the full check's perturbed forward passes, recomputing only the layers a
  parameter changes;
- ``parallel``: the full check's parameters split across worker processes (``check --jobs``;
  host only, imported only by its caller);
- ``engines/``: ``002``'s matrix form and ``001``'s recursion, two gradient engines that share no
  gradient code with ``backprop.py``.

These modules import the core and each other, nothing else of ``tools``; all but ``parallel`` run
on MicroPython too (the portable tests check them there).
"""

from .gradcheck import compare_engines, tamper, verify, verify_fast, verify_gradients  # noqa: F401
