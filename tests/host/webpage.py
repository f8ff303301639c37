"""Driving the web page (``python -m purenet web``) in a real browser: Debian's Chromium through
Python Playwright, offline.

Used by ``tests/host/test_web_browser.py``, and as a script to take the README's screenshot
(``docs/cli.md``, "web"):

    python -m tests.host.webpage docs/figures/web.png ["?example=002_1_2_2_1&iterations=15"]

``site_dir`` builds the site from this checkout, ``serve`` starts a ``http.server`` on a free
loopback port in a thread, ``open_page`` opens a page on it with every request that is not to that
server blocked (``context.route``) and every console error recorded. Chromium: ``/usr/bin/chromium``
(``apt-get install chromium``) or the path in ``PURENET_CHROMIUM``; no ``playwright install``.
"""

import functools
import http.server
import os
import sys
import threading

from tests.host import ROOT

PYODIDE = os.path.join(ROOT, "interpreters", "node_modules", "pyodide")
CHROMIUM = os.environ.get("PURENET_CHROMIUM", "/usr/bin/chromium")
READY = ("() => { const m = document.getElementById('app');"
         " return m && (m.dataset.status === 'ready' || m.dataset.status === 'error'); }")


def missing():
    """Why the browser tests cannot run here (a message), or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (pip install playwright; no browser download needed)"
    if not os.path.isfile(CHROMIUM):
        return "Chromium not found at %s (apt-get install chromium, or set PURENET_CHROMIUM)" % CHROMIUM
    if not os.path.isfile(os.path.join(PYODIDE, "pyodide.asm.wasm")):
        return "Pyodide is not installed in interpreters/node_modules (bash .ci/interpreters.sh install npm)"
    return None


def site_dir(outdir):
    if ROOT not in sys.path:
        sys.path.insert(0, ROOT)
    from purenet.tools.web.site import build_site
    build_site(str(outdir), PYODIDE)
    return str(outdir)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory):
    """A static server on 127.0.0.1 (a free port) in a daemon thread; returns (server, base URL)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=directory))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, "http://127.0.0.1:%d/" % server.server_port


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])


class Context:
    """A browser context (one HTTP cache, so later pages load warm) in which every request that is
    not to ``base`` is aborted and its URL kept in ``.blocked``."""

    def __init__(self, browser, base, width=1300, height=1000):
        self.base = base
        self.blocked = []
        self.context = browser.new_context(viewport={"width": width, "height": height},
                                           accept_downloads=True)
        self.context.route("**/*", self._route)

    def _route(self, route):
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def close(self):
        self.context.close()


class Page:
    """A page of the site in a ``Context``: ``.page`` (Playwright), ``.errors`` (console errors
    and uncaught exceptions)."""

    def __init__(self, context, query=""):
        self.errors = []
        self.page = context.context.new_page()
        self.page.on("console",
                     lambda m: self.errors.append("console: " + m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append("page error: %s" % e))
        self.page.goto(context.base + "index.html" + query)
        self.wait()

    def wait(self, timeout=90000):
        """Until the page is idle (status ready or error); returns the status."""
        self.page.wait_for_function(READY, timeout=timeout)
        return self.status()

    def status(self):
        return self.page.eval_on_selector("#app", "m => m.dataset.status")

    def iteration(self):
        return int(self.page.eval_on_selector("#app", "m => m.dataset.iteration"))

    def value(self, name):
        """The data-value of the first element with this data-name."""
        return self.page.get_attribute('[data-name="%s"]' % name, "data-value")

    def values(self, prefix=""):
        """{data-name: data-value} of every number shown in the tables (first occurrence)."""
        return self.page.evaluate(
            "p => { const o = {}; for (const e of document.querySelectorAll('#tables [data-name]'))"
            " if (e.dataset.name.startsWith(p) && !(e.dataset.name in o))"
            " o[e.dataset.name] = e.dataset.value; return o; }", prefix)

    def click(self, selector):
        self.page.click(selector)
        self.page.wait_for_function(READY)
        return self.wait()

    def close(self):
        self.page.close()


def screenshot(path, query="?example=002_1_2_2_1&iterations=15", width=1200, height=900):
    """Build the site, open it at ``query``, hover d^3_1, wait until its equation with its numbers
    shows (beside its formula and code lines) and save a PNG of the whole page."""
    import tempfile

    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as tmp:
        server, base = serve(site_dir(os.path.join(tmp, "site")))
        try:
            with sync_playwright() as p:
                browser = launch(p)
                context = Context(browser, base, width, height)
                page = Page(context, query)
                assert page.status() == "ready" and not page.errors and not context.blocked, page.errors
                page.page.hover('#tables [data-name="d^3_1"]')
                page.page.wait_for_function("() => document.getElementById('app').dataset.tip === 'd^3_1'")
                page.page.screenshot(path=path, full_page=True)
                browser.close()
        finally:
            server.shutdown()
    return path


if __name__ == "__main__":
    why = missing()
    if why:
        sys.exit("webpage.py: " + why)
    if len(sys.argv) < 2:
        sys.exit("usage: python -m tests.host.webpage OUT.png [QUERY]")
    print(screenshot(*sys.argv[1:3]))
