// Run purenet's portable suite (or a script) on MicroPython 1.27 (WebAssembly port) under Node.
//
//   node interpreters/run_micropython.mjs [--script FILE | -c CODE] [--heapsize BYTES] [ARG...]
//
// Loads the interpreter once, copies purenet/ and tests/ into its in-memory filesystem at /repo,
// runs tests/run_portable.py (or FILE / CODE) there as __main__, and exits with the script's
// sys.exit status, or 1 on an uncaught Python exception: the port itself neither exits non-zero
// on an exception nor passes sys.exit(n) on (a JS PythonError carries both).
import { loadMicroPython } from "@micropython/micropython-webassembly-pyscript";
import { parseArgs, collectFiles, copyInto, scriptPlan, bootstrap, exitStatus, nowMs } from "./common.mjs";

const opts = parseArgs(process.argv.slice(2));
const t0 = nowMs();
// heapsize is only the starting heap: the port grows it on demand (interpreters.md).
const mp = await loadMicroPython({
  heapsize: opts.heapsize ?? 1024 * 1024,
  pystack: opts.pystack ?? 2048,
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});
const t1 = nowMs();
const plan = scriptPlan(opts);
copyInto(mp.FS, collectFiles(opts.root), plan.extra);
let status;
try {
  mp.runPython(bootstrap(plan.path, opts.args));
  status = exitStatus(mp.globals.get("_purenet_status"));
} catch (e) {
  if (e && e.name === "PythonError") {
    process.stderr.write(e.message.endsWith("\n") ? e.message : e.message + "\n");
    const m = e.type === "SystemExit" ? /SystemExit: (-?\d+)/.exec(e.message) : null;
    status = m ? exitStatus(parseInt(m[1], 10)) : 1;
  } else {
    process.stderr.write(String(e && e.stack ? e.stack : e).slice(0, 2000) + "\n");
    status = 1;
  }
}
process.stderr.write(`[micropython 1.27.0] load ${t1 - t0} ms, run ${nowMs() - t1} ms, exit ${status}\n`);
process.exitCode = status;
