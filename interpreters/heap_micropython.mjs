// Measure purenet's live heap on MicroPython 1.27 (WebAssembly port) and fail above 64 KiB.
//
//   node interpreters/heap_micropython.mjs [--root DIR] [--limit BYTES]
//
// The port's gc.collect() only marks a collection as pending during a call from JavaScript; it
// runs when control is back at the top level (the port cannot scan WebAssembly locals for roots).
// So each figure here is: one top-level call running gc.collect(), then one reading
// gc.mem_alloc(). The steps measured are the functions of tests/heap.py (see its docstring),
// each run in a top-level call of its own. Exit status 1 if the peak passes the limit.
import { loadMicroPython } from "@micropython/micropython-webassembly-pyscript";
import { parseArgs, collectFiles, copyInto, FS_ROOT, nowMs } from "./common.mjs";

const argv = process.argv.slice(2);
let limit = 64 * 1024;
const li = argv.indexOf("--limit");
if (li >= 0) { limit = parseInt(argv[li + 1], 10); argv.splice(li, 2); }
const opts = parseArgs(argv);
const t0 = nowMs();
const mp = await loadMicroPython({
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});
copyInto(mp.FS, collectFiles(opts.root), []);

function py(code) {
  try {
    return mp.runPython(code);
  } catch (e) {
    process.stderr.write((e && e.message ? e.message : String(e)).slice(0, 4000) + "\n");
    process.exit(1);
  }
}
function live() {                       // collect at the top level, then read
  py("gc.collect()");
  py("_m = gc.mem_alloc()");
  return mp.globals.get("_m");
}

py(`import gc, sys, os\nsys.path.insert(0, "${FS_ROOT}")\nos.chdir("${FS_ROOT}")\nimport tests.heap as H`);
const base = live();
py("import purenet.network, purenet.training");   // the core training needs (and purenet/__init__.py)
const afterImport = live();
py("H.import_core()");                  // installs the mid-epoch wrappers (a few hundred bytes)
py("H.build_002()");
const afterBuild = live();

function epochs(step) {
  let peak = 0, garbage = 0;
  for (let k = 0; k < 100; k++) {
    py(`_a = gc.mem_alloc()\nH.${step}()\n_b = gc.mem_alloc()`);
    garbage = Math.max(garbage, mp.globals.get("_b") - mp.globals.get("_a"));
    peak = Math.max(peak, live());
  }
  return [peak, garbage];
}
const [peak002, alloc002] = epochs("epoch_002");
py("H.build_xor()");
const afterXor = live();
const [peakXor, allocXor] = epochs("epoch_xor");
const peak = Math.max(afterImport, afterBuild, peak002, afterXor, peakXor);

const kib = (b) => (b / 1024).toFixed(1) + " KiB";
const row = (label, abs) => console.log(
  `  ${label.padEnd(60)} ${String(abs).padStart(7)}  (+${abs - base} = ${kib(abs - base)})`);
console.log("live heap on MicroPython 1.27.0 (WebAssembly), bytes: gc.collect() at the top level, then gc.mem_alloc()");
row("baseline (interpreter + tests/heap.py)", base);
row("after importing the core", afterImport);
row("after building 002's 2-4-3-2-4 network", afterBuild);
row("peak over 100 epochs of training it (mid-epoch state kept)", peak002);
row("after building the 2-8-1 XOR network", afterXor);
row("peak over 100 epochs of training XOR (mid-epoch state kept)", peakXor);
console.log(`  allocated within one epoch, garbage included (max): 002 ${kib(alloc002)}, XOR ${kib(allocXor)}`);
const over = peak - base;
let status = 0;
if (over > limit) {
  console.log(`FAIL: peak ${over} bytes (${kib(over)}) above the limit ${limit} (${kib(limit)})`);
  status = 1;
} else {
  console.log(`ok: peak ${kib(over)} <= ${kib(limit)}`);
}
process.stderr.write(`[micropython 1.27.0 heap] ${nowMs() - t0} ms, exit ${status}\n`);
process.exitCode = status;
