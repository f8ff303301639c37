"""``python -m purenet web OUTDIR``: write the static web page that runs purenet in the browser.

The site is fully offline and needs only a static file server (``python -m http.server -d OUTDIR``;
``file://`` URLs do not work, browsers refuse module scripts there):

- ``index.html``, ``app.js`` (asks the worker, draws with ``draw.js``), ``worker.js`` (runs
  Pyodide in a Web Worker), ``style.css``: copied from ``purenet/tools/web/static/``;
- ``py/purenet/``: the core's ``.py`` files and the tools the page uses (``tools/files`` without
  the tensor modules, ``tools/web``'s ``examples``, ``explain`` and ``session``, ``tools/ticks``),
  copied from this installation, listed in ``site.json``;
- ``pyodide/``: the four files of Pyodide a standard-library page needs (``pyodide.mjs``,
  ``pyodide.asm.mjs``, ``pyodide.asm.wasm``, ``python_stdlib.zip``; 12.8 MiB for 314.0.7), copied
  from the npm package (``interpreters/node_modules/pyodide`` after ``bash .ci/interpreters.sh
  install``); its lock file's ``info`` goes into ``site.json`` (the page passes it as
  ``lockFileContents``, so the lock file itself is not needed).

Nothing is downloaded; every file is written atomically (a temporary file of its own, created
with O_EXCL, then renamed: a link planted in OUTDIR is never followed, and two runs into one OUTDIR
both succeed), and nothing is written before the Pyodide files have been found.
"""

import json
import os
import shutil
import tempfile

from ... import __version__
from .. import files

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(os.path.dirname(HERE))
WEB = os.path.join(HERE, "static")
ASSETS = ("index.html", "app.js", "draw.js", "worker.js", "style.css")
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
TOOLS = ("tools/__init__.py", "tools/files/__init__.py", "tools/files/dicts.py",
         "tools/files/jsontext.py", "tools/files/outputs.py", "tools/web/__init__.py",
         "tools/web/examples.py", "tools/web/explain.py", "tools/web/session.py",
         "tools/ticks.py")
PYODIDE_DEFAULT = os.path.join("interpreters", "node_modules", "pyodide")
HOW_TO_GET = ("run 'bash .ci/interpreters.sh install npm' in a clone of purenet (it installs the pinned "
              "npm package pyodide@314.0.7 into interpreters/node_modules/pyodide), or "
              "'npm install pyodide@314.0.7' and pass --pyodide node_modules/pyodide")


class SiteError(Exception):
    """Bad input (a missing Pyodide, an OUTDIR that is a file): one line, exit 2."""


def default_pyodide():
    """interpreters/node_modules/pyodide under the working folder, else beside the package (a
    clone of the repository); the first that exists, or the working folder's path."""
    candidates = [os.path.join(os.getcwd(), PYODIDE_DEFAULT),
                  os.path.join(os.path.dirname(PACKAGE), PYODIDE_DEFAULT)]
    for c in candidates:
        if os.path.isdir(c):
            return c
    return candidates[0]


def find_pyodide(path):
    """Check that ``path`` holds the four Pyodide files and the lock file; return (version, info)."""
    if not os.path.isdir(path):
        raise SiteError("Pyodide not found: %s is not a folder; %s" % (path, HOW_TO_GET))
    missing = [f for f in PYODIDE_FILES + ("pyodide-lock.json",)
               if not os.path.isfile(os.path.join(path, f))]
    if missing:
        raise SiteError("Pyodide not found: %s lacks %s; %s" % (path, ", ".join(missing), HOW_TO_GET))
    try:
        info = files.read_json(os.path.join(path, "pyodide-lock.json"))["info"]
    except (files.FileFormatError, KeyError, TypeError) as e:
        raise SiteError("%s: no usable \"info\" in pyodide-lock.json (%s)" % (path, e))
    version = None
    try:
        version = files.read_json(os.path.join(path, "package.json")).get("version")
    except (files.FileFormatError, AttributeError):
        pass
    return version, info


def core_files():
    """The .py files the page loads, relative to the package's parent: purenet/*.py and the tools
    the page uses."""
    names = sorted(f for f in os.listdir(PACKAGE) if f.endswith(".py"))
    return ["purenet/" + f for f in names] + ["purenet/" + f for f in TOOLS]


def _copy(src, dest, data=None):
    """Copy src (or write the bytes ``data``) to dest atomically: into a new temporary file of
    dest's folder (``mkstemp``: created with O_EXCL under a name of its own, so a file or a link
    planted under any fixed name is never written through, and two runs into one folder never
    share a temporary file), then renamed over dest (a link at dest is replaced, not followed)."""
    tmp = None
    try:                                    # a signal (signals.Stopped) or an error: no .tmp left
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(dest), prefix=".purenet-", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            if data is not None:
                out.write(data)
            else:
                with open(src, "rb") as f:
                    shutil.copyfileobj(f, out)
            os.fchmod(out.fileno(), _mode())
        os.replace(tmp, dest)
    except BaseException:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise


def _mode():
    """0666 less the umask: the bits a file copied by ``cp`` gets (a web server must read it)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _folders(outdir, subs):
    """Create OUTDIR's sub-folders; a sub-folder that is a link (planted, or made by hand) is
    refused rather than written through."""
    for sub in subs:
        path = outdir
        for part in sub.split("/"):
            path = os.path.join(path, part)
            if os.path.islink(path):
                raise SiteError("%s is a symbolic link; purenet writes the site only into real folders "
                                "(remove it, or choose another OUTDIR)" % path)
            try:
                os.mkdir(path)
            except FileExistsError:
                if not os.path.isdir(path) or os.path.islink(path):
                    raise SiteError("%s exists and is not a folder" % path)


def build_site(outdir, pyodide=None):
    """Write the site into ``outdir`` (created if needed); return a summary dict."""
    pyodide = pyodide or default_pyodide()
    version, info = find_pyodide(pyodide)
    if os.path.exists(outdir) and not os.path.isdir(outdir):
        raise SiteError("%s exists and is not a folder" % outdir)
    for a in ASSETS:
        if not os.path.isfile(os.path.join(WEB, a)):
            raise SiteError("%s is missing from this installation of purenet" % os.path.join(WEB, a))
    sources = core_files()
    os.makedirs(outdir, exist_ok=True)
    _folders(outdir, ("py/purenet/tools/files", "py/purenet/tools/web", "pyodide"))
    size = 0
    for a in ASSETS:
        _copy(os.path.join(WEB, a), os.path.join(outdir, a))
    for rel in sources:
        src = os.path.join(os.path.dirname(PACKAGE), *rel.split("/"))
        _copy(src, os.path.join(outdir, "py", *rel.split("/")))
    for f in PYODIDE_FILES:
        _copy(os.path.join(pyodide, f), os.path.join(outdir, "pyodide", f))
        size += os.path.getsize(os.path.join(pyodide, f))
    manifest = {"purenet": __version__, "files": sources,
                "pyodide": {"version": version, "lock_info": info, "files": list(PYODIDE_FILES)}}
    _copy(None, os.path.join(outdir, "site.json"), (json.dumps(manifest, indent=1) + "\n").encode("utf-8"))
    return {"outdir": outdir, "files": len(sources), "pyodide": pyodide, "pyodide_version": version,
            "pyodide_bytes": size}
