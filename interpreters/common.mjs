// Shared by run_micropython.mjs and run_pyodide.mjs: command line, copying the repository's
// purenet/ and tests/ into the interpreter's in-memory filesystem, and the Python bootstrap that
// runs one script and turns sys.exit(n) into a status the driver can read.
import fs from "fs";
import path from "path";
import { fileURLToPath } from "url";

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const FS_ROOT = "/repo";   // where the repository's files go inside the interpreter

export const USAGE = `usage: node DRIVER [--root DIR] [--script FILE | -c CODE] [--heapsize BYTES]
                     [--pystack WORDS] [ARG...]
Runs tests/run_portable.py (default), or FILE, or CODE, once, in one interpreter process, with
the repository's purenet/ and tests/ copied to ${FS_ROOT} (the working directory, on sys.path).
ARGs become sys.argv[1:]. The exit status is the script's sys.exit status; 1 on an uncaught
exception; 2 on a usage error. --heapsize and --pystack apply to MicroPython only.`;

export function parseArgs(argv) {
  const opts = { root: path.resolve(HERE, ".."), script: null, code: null, heapsize: null,
                 pystack: null, args: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const need = () => {
      if (i + 1 >= argv.length) { usageError(`${a} needs a value`); }
      return argv[++i];
    };
    if (a === "--root") opts.root = path.resolve(need());
    else if (a === "--script") opts.script = path.resolve(need());
    else if (a === "-c") opts.code = need();
    else if (a === "--heapsize") opts.heapsize = parseInt(need(), 10);
    else if (a === "--pystack") opts.pystack = parseInt(need(), 10);
    else if (a === "-h" || a === "--help") { console.log(USAGE); process.exit(0); }
    else if (a === "--") { opts.args.push(...argv.slice(i + 1)); break; }
    else opts.args.push(a);
  }
  return opts;
}

function usageError(msg) {
  console.error(msg + "\n" + USAGE);
  process.exit(2);
}

// [[relative path, Buffer]] for every file under root/purenet and root/tests (no caches).
export function collectFiles(root) {
  const out = [];
  const walk = (rel) => {
    for (const ent of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (ent.name === "__pycache__" || ent.name.endsWith(".pyc") || ent.name.startsWith(".")) continue;
      const r = rel + "/" + ent.name;
      if (ent.isDirectory()) walk(r);
      else if (ent.isFile()) out.push([r, fs.readFileSync(path.join(root, r))]);
    }
  };
  for (const top of ["purenet", "tests"]) {
    if (fs.existsSync(path.join(root, top))) walk(top);
  }
  return out;
}

// Copy files into an Emscripten FS (both ports expose one), creating folders as needed.
export function copyInto(FS, files, extra) {
  const made = new Set();
  const mkdirs = (dir) => {
    const parts = dir.split("/").filter(Boolean);
    let cur = "";
    for (const p of parts) {
      cur += "/" + p;
      if (made.has(cur)) continue;
      try { FS.mkdir(cur); } catch (e) { /* exists */ }
      made.add(cur);
    }
  };
  for (const [rel, data] of files.concat(extra)) {
    const dest = rel.startsWith("/") ? rel : FS_ROOT + "/" + rel;
    mkdirs(path.posix.dirname(dest));
    FS.writeFile(dest, data);
  }
}

// Where the script runs from inside the interpreter, and any extra file to copy for it.
export function scriptPlan(opts) {
  if (opts.code !== null) {
    return { path: "/run/snippet.py", extra: [["/run/snippet.py", Buffer.from(opts.code)]] };
  }
  if (opts.script === null) {
    return { path: FS_ROOT + "/tests/run_portable.py", extra: [] };
  }
  const rel = path.relative(opts.root, opts.script);
  const data = fs.readFileSync(opts.script);
  if (!rel.startsWith("..") && !path.isAbsolute(rel)) {
    const p = FS_ROOT + "/" + rel.split(path.sep).join("/");
    return { path: p, extra: [[p, data]] };
  }
  const p = "/run/" + path.basename(opts.script);
  return { path: p, extra: [[p, data]] };
}

// Python source that runs the script as __main__ and leaves its exit status in _purenet_status.
// Written for MicroPython and CPython alike (SystemExit's code is e.args[0] on both).
export function bootstrap(scriptPath, args) {
  const lit = (s) => JSON.stringify(s);
  return `
import sys, os
if ${lit(FS_ROOT)} not in sys.path:
    sys.path.insert(0, ${lit(FS_ROOT)})
os.chdir(${lit(FS_ROOT)})
sys.argv[:] = [${lit(scriptPath)}] + [${args.map(lit).join(", ")}]

def _purenet_main(path):
    f = open(path)
    src = f.read()
    f.close()
    g = {"__name__": "__main__", "__file__": path}
    try:
        exec(compile(src, path, "exec"), g)
    except SystemExit as e:
        code = e.args[0] if e.args else None
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print(code)
        return 1
    return 0

_purenet_status = _purenet_main(${lit(scriptPath)})
`;
}

// Map a Python exit status to a process exit status (0..255, non-zero stays non-zero).
export function exitStatus(n) {
  if (typeof n !== "number" || !Number.isInteger(n)) return 1;
  if (n === 0) return 0;
  const m = ((n % 256) + 256) % 256;
  return m === 0 ? 1 : m;
}

export function nowMs() {
  return Number(process.hrtime.bigint() / 1000000n);
}
