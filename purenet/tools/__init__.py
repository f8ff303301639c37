"""The tools around the core, for a computer with files and a command line; a board needs none.

``purenet/`` without this folder is the core: the network, backpropagation, training, the
activations and losses, and the documents' worked examples. It never imports anything from here.
Each folder holds one job and says in its docstring what it may import:

- ``cli/``: ``python -m purenet`` and its verbs (the parser, what each verb does, ``train``'s
  epochs and saves, the standard streams, the signals);
- ``files/``: the model, data and gradient files (dicts without I/O, JSON text, atomic writes),
  safetensors and ``.npz`` containers, and PyTorch's names (``convert``);
- ``verifier/``: central finite differences against backpropagation (kinks, fast mode, another
  implementation's gradient), its reports, the incremental and parallel full check, and two
  more gradient engines that share no gradient code with ``backprop.py``;
- ``vectors/``: the conformance vectors another implementation checks itself against (one-step
  files, invalid files, training runs, JSON Schemas);
- ``conform/``: ``python -m purenet conform``, which runs the vectors against another
  implementation through an adapter (a Python object, or a program speaking JSON lines) and
  names the known signatures of each divergence;
- ``web/``: the static web page (``python -m purenet web``) that runs the core in the browser;
- ``plot``: SVG plots with nothing but the standard library;
- ``ticks``: the axes' rule (ticks at 1, 2 or 5 × 10^k, powers of ten on a log axis), which
  ``plot`` and the web page share.
"""
