"""purenet on emulated ARM boards: MicroPython 1.27.0 firmware under QEMU, code from a ROM filesystem.

The host side of ``board.py arm`` and ``board.py measure`` (CPython, standard library; ``mpy-cross``
and ``qemu-system-arm``). The boards are MicroPython firmwares for QEMU's Cortex-M machines with
nothing of purenet inside, and a runner that packs a folder into a ROMFS image, boots the board
with a fixed heap, runs a script through the raw REPL and exits with its status
(``run_board.py``); the environment variable ``PURENET_ARMBOARD`` (or ``--armboard``) names the
folder that holds ``run_board.py`` and ``firmware/BOARD.elf``. ``.mpy`` files in the ROMFS run in
place, as on a board with a romfs partition: their bytecode stays in flash, and the heap holds
what the import creates (module dictionaries, functions, classes, boxed constants).

    MICROBIT    QEMU microbit (nRF51), Cortex-M0, single-precision floats in software
    MPS2_AN386  QEMU mps2-an386, Cortex-M4F, single-precision FPU
    MPS2_AN500  QEMU mps2-an500, Cortex-M7, double-precision FPU (MicroPython with double floats)

Every folder written here has ``purenet/*.mpy`` (the core), ``on_board.mpy`` and ``main.py`` (three
lines that call ``on_board.main(sys.argv[1:])``, so that the runner compiles only those into the
heap and ``on_board`` runs from flash), and for the suite ``purenet/tools/**.mpy``, ``tests/*.mpy``,
``tests/host/*.py`` (read as text: the runner counts them) and ``suite_BOARD.py``, which calls
``tests/run_portable.py``'s ``main`` with the board's ``--skip`` arguments.
"""
import os
import re
import shutil
import subprocess
import sys

import board

ENV = "PURENET_ARMBOARD"
QEMU = "qemu-system-arm"
# board: (CPU, float significand bits, the heap for the suite and the digests in KiB)
BOARDS = {
    "MICROBIT": ("Cortex-M0", 24, 224),
    "MPS2_AN386": ("Cortex-M4F", 24, 2048),
    "MPS2_AN500": ("Cortex-M7", 53, 2048),
}
CI_BOARDS = ("MICROBIT", "MPS2_AN386", "MPS2_AN500")
# The portable tests the M0's heap (at most 224 KiB) cannot hold: long-lived small objects made
# between garbage (the verifier's report rows, record_outputs' per-epoch lists) end up spread over
# the whole heap, and a list that then grows needs a contiguous block (MemoryError allocating 512
# or 2048 bytes with 198 KB free). They run on the MPS2 boards (2 MiB).
SUITE_SKIPS = {"MICROBIT": ["test_incremental::test_perturbed_costs_and_z_match_passes_from_the_input",
                            "test_incremental::test_the_full_check_agrees_with_passes_from_the_input",
                            "test_training::test_training_lowers_the_cost_and_records_every_epoch",
                            "test_engines::TestBackprop.test_finite_differences_on_the_grid_sample",
                            "test_engines::TestMatrixForm.test_finite_differences_on_the_grid_sample",
                            "test_engines::TestRecursion001.test_finite_differences_on_the_grid_sample"]}
SUMMARY = re.compile(r"run_board: \S+ heap \d+: exit (\d+); host seconds: boot ([\d.]+), script ([\d.]+)"
                     r"(?:; after it \(collected\) gc.mem_alloc (\d+), gc.mem_free (\d+))?")


def missing(folder, boards=CI_BOARDS):
    """What is missing to run the boards, as one line each (nothing: [])."""
    out = []
    if shutil.which(QEMU) is None:
        out.append("%s is not on PATH (Debian: apt-get install qemu-system-arm)" % QEMU)
    if not folder:
        out.append("%s is unset (the folder of run_board.py and firmware/BOARD.elf)" % ENV)
        return out
    if not os.path.isfile(os.path.join(folder, "run_board.py")):
        out.append("%s: no run_board.py in %s" % (ENV, folder))
    for b in boards:
        if not os.path.isfile(os.path.join(folder, "firmware", b + ".elf")):
            out.append("%s: no firmware/%s.elf in %s" % (ENV, b, folder))
    return out


def compile_tree(src, dst, rel):
    """Every .py under src to dst as .mpy (the source name rel/...: what a traceback shows)."""
    for name in sorted(os.listdir(src)):
        s = os.path.join(src, name)
        if name.startswith(".") or name == "__pycache__":
            continue
        if os.path.isdir(s):
            compile_tree(s, os.path.join(dst, name), rel + "/" + name)
        elif name.endswith(".py"):
            os.makedirs(dst, exist_ok=True)
            board.mpy_cross(s, os.path.join(dst, name[:-3] + ".mpy"), rel + "/" + name)


def image_folder(out, suite=False, model=None):
    """Write the ROMFS folder (see the module docstring); ``model``: a packed model file's bytes,
    written as ``model.packed``. Returns out."""
    board.build(out, with_runner=True)
    with open(os.path.join(out, "main.py"), "w") as f:
        f.write("import sys\nimport on_board\non_board.main(sys.argv[1:])\n")
    if model is not None:
        with open(os.path.join(out, "model.packed"), "wb") as f:
            f.write(model)
    if suite:
        compile_tree(os.path.join(board.ROOT, "purenet", "tools"), os.path.join(out, "purenet", "tools"),
                     "purenet/tools")
        tests = os.path.join(board.ROOT, "tests")
        os.makedirs(os.path.join(out, "tests", "host"), exist_ok=True)
        for name in sorted(os.listdir(tests)):
            if name.endswith(".py"):
                board.mpy_cross(os.path.join(tests, name), os.path.join(out, "tests", name[:-3] + ".mpy"),
                                "tests/" + name)
        for name in sorted(os.listdir(os.path.join(tests, "host"))):
            if name.endswith(".py"):
                shutil.copy(os.path.join(tests, "host", name), os.path.join(out, "tests", "host", name))
        for name in set(BOARDS):
            with open(os.path.join(out, suite_script(name)), "w") as f:
                f.write("from tests.run_portable import main\nraise SystemExit(main(%r))\n"
                        % [a for k in SUITE_SKIPS.get(name, []) for a in ("--skip", k)])
    return out


def suite_script(name):
    """The script that runs the portable suite on board ``name`` (with its SUITE_SKIPS)."""
    return "suite_%s.py" % name


def mpy_bytes(folder, names=None):
    """The flash the core's .mpy files take: (bytes, files); ``names`` limits it to those modules."""
    d = os.path.join(folder, "purenet")
    files = sorted(f for f in os.listdir(d) if f.endswith(".mpy") and (names is None or f[:-4] in names))
    return sum(os.path.getsize(os.path.join(d, f)) for f in files), len(files)


class Run:
    """One script on one board: its status, the board's output and the runner's summary."""

    def __init__(self, status, out, err):
        self.status, self.out, self.err = status, out, err
        m = SUMMARY.search(err)
        self.seconds = float(m.group(3)) if m else None
        self.mem_alloc = int(m.group(4)) if m and m.group(4) else None

    def tail(self, n=3):
        lines = (self.out.rstrip() + "\n" + self.err.rstrip()).strip().split("\n")
        return "\n".join(lines[-n:])


def run(folder, name, heap_kib, script, argv=(), timeout=1800):
    """Run ``script`` (a path inside ``folder``) on board ``name`` with ``heap_kib`` KiB of heap."""
    cmd = [sys.executable, os.path.join(folder_of_boards(), "run_board.py"), "--board", name,
           "--heap", "%dk" % heap_kib, "--romfs-dir", folder, "--script", os.path.join(folder, script),
           "--timeout", str(timeout)]
    if argv:
        cmd += ["--argv"] + list(argv)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout + 120)
    return Run(p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace"))


_FOLDER = []


def folder_of_boards(folder=None):
    """The folder of run_board.py: set once from --armboard or $PURENET_ARMBOARD."""
    if folder is not None:
        _FOLDER[:] = [folder]
    return _FOLDER[0] if _FOLDER else os.environ.get(ENV)


# ---------------------------------------------------------------------------------------------
# the packed model: what a board must print for it

def model_files(folder):
    """Train XOR's 2-8-1 network on this interpreter (CPython: doubles), write it to folder as
    model.packed and as the model file model.json; return the Network."""
    import on_board

    from purenet.tools.files import dumps, model_to_dict
    from purenet.tools.files.packed import network_to_bytes
    net = on_board.xor_network()[0]
    with open(os.path.join(folder, "model.packed"), "wb") as f:
        f.write(network_to_bytes(net))
    with open(os.path.join(folder, "model.json"), "w") as f:
        f.write(dumps(model_to_dict(net)))
    return net


def model_expected(net, digits):
    """{name: hex} that ``on_board.py model`` must print for net: with doubles (53) CPython's bits
    of every parameter and output; with singles (24) the parameters' float32 rounding (the
    outputs, computed in singles, are compared between the single-precision interpreters)."""
    import struct

    from purenet.network import _forward, parameters

    def hexbits(x):
        if digits == 24:
            return "%08x" % struct.unpack("<I", struct.pack("<f", x))[0]
        return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]
    out = {}
    for name, kind, l, i, j in parameters(net):
        out[name] = hexbits(net.w[l][i][j] if kind == "w" else net.b[l][j])
    if digits == 53:
        import on_board
        for k, x in enumerate(on_board.XOR_X):
            out["y%d" % (k + 1)] = " ".join(hexbits(y) for y in _forward(net, x).output)
    return out


def printed(text):
    """{name: value} of the ``name value`` lines a board printed (the other lines left out)."""
    out = {}
    for line in text.split("\n"):
        parts = line.strip().split(" ", 1)
        if len(parts) == 2 and re.match(r"^[wby][\^0-9]", parts[0]):
            out[parts[0]] = parts[1]
    return out


def model_differences(got, want):
    """The names whose printed bits differ from the expected ones (a missing name counts)."""
    return sorted(k for k in want if got.get(k) != want[k])


# ---------------------------------------------------------------------------------------------
# CI: every check on every board

def _suite(r, ctx):
    m = re.search(r"(\d+) passed, (\d+) failed, (\d+) skipped", r.out)
    if r.status == 0 and m and m.group(2) == "0":
        return m.group(0)
    return None


def _digests(r, ctx):
    got = board.digest_lines(r.out)
    want = ctx["digests"][ctx["digits"]]
    if r.status == 0 and got == want:
        return "%d lines equal %s (%s)" % (len(got), ctx["digests_name"][ctx["digits"]], got[-2])
    for g, w in zip(got, want):
        if g != w:
            print("  got %s\n  want %s" % (g, w))
    return None


def _papers(r, ctx):
    m = re.search(r"(\d+) of (\d+) numbers match", r.out)
    return m.group(0) + ", exit 0" if r.status == 0 and m and m.group(1) == m.group(2) else None


def _trained(r, ctx):
    return r.out.strip().split("\n")[-1].strip() if r.status == 0 else None


def _stdio(r, ctx):
    return r.out.strip().split("\n")[0] if r.status == 0 and "exit statuses 0, 1, 1" in r.out else None


def _model(r, ctx):
    got = printed(r.out)
    diff = model_differences(got, model_expected(ctx["net"], ctx["digits"]))
    if r.status != 0 or diff:
        print("  differ: %s" % ", ".join(diff))
        return None
    if ctx["digits"] == 24:
        ctx["outputs32"][ctx["board"]] = [got["y%d" % k] for k in range(1, 5)]
    what = "CPython's bits" if ctx["digits"] == 53 else "the float32 rounding of CPython's"
    json_line = [t for t in r.out.split("\n") if t.startswith("decimal text")]
    return "%d parameters%s = %s; %s" % (len([k for k in got if k[0] in "wb"]),
                                        " and 4 outputs" if ctx["digits"] == 53 else "", what,
                                        json_line[0] if json_line else "")


STEPS = (  # (label, heap: None = the board's suite heap, script, argv, check)
    ("portable suite", None, None, [], _suite),           # suite_BOARD.py
    ("digests", None, "digest.py", [], _digests),
    ("python -m purenet", "heap", "main.py", ["papers"], _papers),
    ("XOR 2-8-1, 10,000 epochs", "heap", "main.py", ["xor"], _trained),
    ("002's 2-4-3-2-4, 100 epochs", "heap", "main.py", ["002"], _trained),
    ("stdio", "heap", "main.py", ["stdio"], _stdio),
    ("packed model", "heap", "main.py", ["model"], _model),
)


def host_digests():
    """tests/digest.py's lines on this interpreter (CPython: the IEEE double digests)."""
    env = dict(os.environ, PYTHONPATH=board.ROOT)        # this checkout's purenet
    p = subprocess.run([sys.executable, os.path.join(board.ROOT, "tests", "digest.py")],
                       stdout=subprocess.PIPE, check=True, cwd=board.ROOT, env=env)
    return board.digest_lines(p.stdout.decode())


def check(boards, heap, float32_binary=None):
    """Run STEPS on each board; print each with its host seconds; return the failures."""
    import tempfile
    failed = []
    tmp = tempfile.mkdtemp(prefix="purenet-arm-")
    try:
        folder = image_folder(os.path.join(tmp, "rom"), suite=True)
        shutil.copy(os.path.join(board.ROOT, "tests", "digest.py"), os.path.join(folder, "digest.py"))
        with open(os.path.join(board.HERE, "digests-float32.txt")) as f:
            pinned = board.digest_lines(f.read())
        ctx = {"net": model_files(folder), "outputs32": {},
               "digests": {24: pinned, 53: host_digests()},
               "digests_name": {24: "interpreters/digests-float32.txt", 53: "CPython's"}}
        print("ROMFS: the core's %d .mpy files take %d bytes" % mpy_bytes(folder)[::-1])
        for name in boards:
            cpu, digits, big = BOARDS[name]
            ctx.update(board=name, digits=digits)
            for label, h, script, argv, judge in STEPS:
                kib = big if h is None else heap
                r = run(folder, name, kib, suite_script(name) if judge is _suite else script, argv)
                verdict = judge(r, ctx)
                print("== %s (%s): %s in %d KiB: exit %d, %.1f host s: %s" % (
                    name, cpu, label, kib, r.status, r.seconds or -1, verdict or "FAILED"))
                sys.stdout.flush()
                if verdict is None:
                    print(r.tail(12))
                    failed.append("%s: %s" % (name, label))
        failed += _compare_singles(ctx["outputs32"], folder, float32_binary)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return failed


def _compare_singles(outputs, folder, float32_binary):
    """The packed model's outputs must be the same bits on every single-precision interpreter."""
    if float32_binary:
        rc, out = board.run(float32_binary, 256, ["-m", "on_board", "model"], folder)
        got = printed(out)
        outputs["x86 float32 build"] = [got.get("y%d" % k) for k in range(1, 5)]
    if len(outputs) < 2:
        return []
    first = sorted(outputs)[0]
    same = all(outputs[k] == outputs[first] for k in outputs)
    print("== the packed model's outputs in singles (%s): %s" % (", ".join(sorted(outputs)),
          "the same bits on all (%s)" % " ".join(outputs[first]) if same else "DIFFER: %r" % outputs))
    return [] if same else ["the packed model's outputs differ between the single-precision interpreters"]


# ---------------------------------------------------------------------------------------------
# the figures a board user plans with

MEASURED = (("XOR 2-8-1, 10,000 epochs", ["xor"]), ("002's 2-4-3-2-4, 100 epochs", ["002"]),
            ("python -m purenet", ["papers"]))
TRAINING_MODULES = ("__init__", "activations", "backprop", "bits", "checks", "float32", "losses",
                    "network", "training")


def smallest_heap(folder, name, argv, lo, hi, repeat):
    """The smallest heap in 4 KiB steps from lo to hi KiB in which ``repeat`` runs out of
    ``repeat`` pass (every step below failed at least once), with the steps tried:
    (KiB or None, [(KiB, statuses)])."""
    tried = []
    for kib in range(lo, hi + 1, 4):
        statuses = []
        for _ in range(repeat):
            statuses.append(run(folder, name, kib, "main.py", argv).status)
            if statuses[-1] != 0:
                break
        tried.append((kib, statuses))
        print("  %s %s in %d KiB: exit %s" % (name, argv[0], kib, ", ".join(str(s) for s in statuses)))
        sys.stdout.flush()
        if statuses == [0] * repeat:
            return kib, tried
    return None, tried


def measure(boards, lo, hi, repeat, speed_heap=64):
    """Print the board table (markdown): per board the smallest heap of each run, the flash of
    the .mpy files and the host seconds per XOR epoch under emulation."""
    import tempfile
    tmp = tempfile.mkdtemp(prefix="purenet-measure-")
    try:
        folder = image_folder(os.path.join(tmp, "rom"))
        everything, n_all = mpy_bytes(folder)
        training, n_training = mpy_bytes(folder, TRAINING_MODULES)
        rows = []
        for name in boards:
            cpu = BOARDS[name][0]
            heaps = []
            for label, argv in MEASURED:
                kib, tried = smallest_heap(folder, name, argv, lo, hi, repeat)
                heaps.append("%s KiB" % kib if kib else "above %d KiB" % hi)
            r = run(folder, name, speed_heap, "main.py", ["xor"])
            speed = "%.1f ms" % (r.seconds * 1000.0 / 10000) if r.status == 0 and r.seconds else "failed"
            rows.append("| %s (%s) | %s | %s | %s |" % (name, cpu, " | ".join(heaps), speed,
                                                       "%d / %d bytes" % (training, everything)))
        print("\nsmallest heap in %d KiB steps from %d, %d runs of %d passing; .mpy from a ROM "
              "filesystem, executed in place:" % (4, lo, repeat, repeat))
        print("| board | %s | host time per XOR epoch, emulated (at %d KiB) | flash of the .mpy: "
              "training (%d files) / all (%d) |" % (" | ".join(m[0] for m in MEASURED), speed_heap,
                                                   n_training, n_all))
        print("|---|---|---|---|---|---|")
        for row in rows:
            print(row)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
