"""The web page (``python -m purenet web OUTDIR``): the core running in the browser through Pyodide.

- ``site``: writes the static site (host only: it copies files);
- ``session``: the Python the page's worker runs, one session driven by JSON requests;
- ``examples``: the worked examples the page offers, each quantity's formula and the line of
  purenet's code that computes it;
- ``static/``: ``index.html``, ``app.js`` (draws), ``worker.js`` (runs Pyodide), ``style.css``.

``session`` and ``examples`` import the core and ``files`` only, so the page ships nothing else.
"""
