// Run purenet's portable suite (or a script) on Pyodide 314.0.7 (CPython 3.14 in WebAssembly).
//
//   node interpreters/run_pyodide.mjs [--script FILE | -c CODE] [ARG...]
//
// Loads Pyodide once, offline, from the npm package (2-3 s), copies purenet/ and tests/ into its
// in-memory filesystem at /repo, runs tests/run_portable.py (or FILE / CODE) there as __main__,
// and exits with the script's sys.exit status, or 1 on an uncaught Python exception.
import path from "path";
import { loadPyodide } from "pyodide";
import { HERE, parseArgs, collectFiles, copyInto, scriptPlan, bootstrap, exitStatus, nowMs } from "./common.mjs";

const opts = parseArgs(process.argv.slice(2));
const t0 = nowMs();
const py = await loadPyodide({
  indexURL: path.join(HERE, "node_modules", "pyodide") + path.sep,
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});
const t1 = nowMs();
const plan = scriptPlan(opts);
copyInto(py.FS, collectFiles(opts.root), plan.extra);
let status;
try {
  py.runPython(bootstrap(plan.path, opts.args));
  status = exitStatus(py.globals.get("_purenet_status"));
} catch (e) {
  if (e && e.name === "PythonError") {
    process.stderr.write(e.message.endsWith("\n") ? e.message : e.message + "\n");
    status = 1;
  } else {
    process.stderr.write(String(e && e.stack ? e.stack : e).slice(0, 2000) + "\n");
    status = 1;
  }
}
process.stderr.write(`[pyodide 314.0.7] load ${t1 - t0} ms, run ${nowMs() - t1} ms, exit ${status}\n`);
process.exitCode = status;
