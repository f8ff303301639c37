// The page's worker: loads Pyodide and purenet (the files listed in site.json) once, then answers
// the page's requests by calling purenet.tools.web.session.handle (all arithmetic is purenet's Python).
// Long runs go in chunks of about 100 ms, with a progress message after each, so that "stop"
// gets through and the page never freezes.
import { loadPyodide } from "./pyodide/pyodide.mjs";

let handle = null;
let known = 0;          // how many iterations of history the page holds
let stop = false;
let queue = Promise.resolve();

function call(req) {
  if (req.cmd === "load" || req.cmd === "rewind") known = 0;
  req.known = known;
  const res = JSON.parse(handle(JSON.stringify(req)));
  if (res.ok && res.view) known = res.view.history.from + res.view.history.cost.length;
  return res;
}

async function boot() {
  const t0 = performance.now();
  const site = await (await fetch("site.json")).json();
  const py = await loadPyodide({
    indexURL: new URL("pyodide/", self.location.href).href,
    lockFileContents: { info: site.pyodide.lock_info, packages: {} },
    stdout: (line) => console.log(line),
    stderr: (line) => console.warn(line),
  });
  const t1 = performance.now();
  const texts = await Promise.all(site.files.map(async (f) => {
    const r = await fetch("py/" + f);
    if (!r.ok) throw new Error("cannot fetch py/" + f + ": HTTP " + r.status);
    return r.text();
  }));
  site.files.forEach((f) => py.FS.mkdirTree("/site/" + f.slice(0, f.lastIndexOf("/"))));
  site.files.forEach((f, k) => py.FS.writeFile("/site/" + f, texts[k]));
  py.runPython("import sys\nif '/site' not in sys.path: sys.path.insert(0, '/site')");
  handle = py.pyimport("purenet.tools.web.session").handle;
  const python = py.runPython("import sys; sys.version.split()[0]");
  return { pyodide: site.pyodide.version, python, purenet: site.purenet,
           load_ms: Math.round(t1 - t0), total_ms: Math.round(performance.now() - t0) };
}

async function run(id, n) {
  stop = false;
  let done = 0, chunk = 1, res = null;
  while (done < n) {
    const k = Math.min(chunk, n - done);
    const t = performance.now();
    res = call({ cmd: "advance", n: k });
    if (!res.ok) break;
    done += k;
    const dt = performance.now() - t;
    if (dt < 40) chunk = Math.min(chunk * 2, 1 << 20);
    else if (dt > 150 && chunk > 1) chunk = Math.max(1, chunk >> 1);
    if (res.view.message || stop || done >= n) break;
    self.postMessage({ id, progress: res.view });
    await new Promise((r) => setTimeout(r, 0));        // let "stop" in
  }
  return res;
}

async function answer(msg) {
  try {
    const res = msg.req.cmd === "run" ? await run(msg.id, msg.req.n) : call(msg.req);
    self.postMessage({ id: msg.id, res });
  } catch (e) {
    self.postMessage({ id: msg.id, error: String(e && e.message ? e.message : e) });
  }
}

const ready = boot();
self.onmessage = (ev) => {
  const msg = ev.data;
  if (msg.req && msg.req.cmd === "stop") { stop = true; return; }
  queue = queue.then(() => ready).then(() => answer(msg));
};
ready.then((info) => self.postMessage({ ready: info }),
           (e) => self.postMessage({ failed: String(e && e.stack ? e.stack : e) }));
