"""The tools around the core, for a computer with files and a command line; a board needs none.

``purenet/`` without this folder is the core: the network, backpropagation, training, the
activations and losses, and the documents' worked examples. It never imports anything from here.

- ``cli``: every verb of ``python -m purenet`` (``init``, ``forward``, ``grad``, ``train``,
  ``check``, ``vectors``, ``convert``, ``web``), ``commands`` and ``trainer`` what each does,
  ``guard`` the signals (SIGINT, SIGTERM, SIGHUP stop the work once, then wait for the save);
- ``formats``: the model, data and gradient files (JSON); ``jsontext``: JSON text in (within a
  size limit) and out (numbers by float's own repr); ``outputs``: outputs checked before any work
  and written atomically;
- ``tensors``, ``interop``: safetensors and ``.npz`` files, and a model as the tensors of PyTorch's
  ``nn.Sequential`` (``convert``);
- ``gradcheck``, ``reports``: the verifier (central finite differences, kinks, fast mode,
  another implementation's gradient) and its reports; ``incremental``: the full check's perturbed
  passes, recomputing only what a parameter changes; ``parallel``: its parameters split across
  processes (``check --jobs``; host only, ``multiprocessing``);
- ``engines``: two more gradient engines, ``002``'s matrix form and ``001``'s recursion, that
  share no gradient code with ``backprop.py``;
- ``conformance``: the conformance vectors another implementation checks itself against (the
  one-step files; ``invalid_vectors``, ``training_vectors`` and ``vector_schemas`` build the
  invalid files, the training runs and the JSON Schemas, ``conformance_common`` what they share);
- ``plot``: SVG plots with nothing but the standard library;
- ``site``, ``webview``, ``webexamples``, ``web/``: the static web page (``python -m purenet web``)
  that runs the core, ``formats`` (with ``jsontext`` and ``outputs``) and the two ``web*``
  modules in the browser through Pyodide.
"""
