"""The web page (``python -m purenet web OUTDIR``): the core running in the browser through Pyodide.

- ``site``: writes the static site (host only: it copies files);
- ``session``: the Python the page's worker runs, one session driven by JSON requests;
- ``examples``: the worked examples the page offers, each quantity's formula and the line of
  purenet's code that computes it;
- ``explain``: each number's equation with the numbers shown, and one iteration step by step;
- ``static/``: ``index.html``, ``app.js`` (asks the worker), ``draw.js`` (draws), ``worker.js``
  (runs Pyodide), ``style.css``.

``session``, ``explain`` and ``examples`` import the core, ``files`` and ``ticks`` only, so the
page ships nothing else.
"""
