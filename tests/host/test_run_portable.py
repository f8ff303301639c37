"""tests/run_portable.py and the Node drivers, on a made-up suite in a temporary folder.

The runner must count passes and failures right (module functions, Test* classes with inherited
methods, setup_method, __test__ = False), name each failure with its message, count the
tests/host/ tests as skipped without importing them, and exit non-zero on a failure; the Node
drivers must pass the script's exit status on. The driver tests run where Node and
interpreters/node_modules are installed (.ci/interpreters.sh install), and are skipped elsewhere.
"""
import os
import shutil
import subprocess
import sys

import pytest

from tests.host import ROOT

SUITE = '''
from tests.helpers import assert_raises, skip

def test_skips():
    skip("not here")

def test_passes():
    assert 1 + 1 == 2

def test_fails():
    assert 1 == 2, "one is not two"

def test_errors():
    {}["missing"]

def helper_not_a_test():
    raise AssertionError("must not run")

class EngineTests:
    engine = None
    def setup_method(self, method):
        self.ready = True
    def test_engine_known(self):
        assert self.ready and self.engine in ("a", "b"), "unknown engine %s" % self.engine
    def test_raises(self):
        assert_raises(ZeroDivisionError, lambda: 1 / 0)

class TestA(EngineTests):
    engine = "a"

class TestC(EngineTests):
    engine = "c"

class TestOff(EngineTests):
    __test__ = False
'''

HOST = "import pytest\n\ndef test_one(tmp_path):\n    pass\n\n\ndef test_two():\n    pass\n"


def make_repo(tmp_path, suite=SUITE):
    (tmp_path / "tests" / "host").mkdir(parents=True)
    (tmp_path / "purenet").mkdir()
    (tmp_path / "purenet" / "__init__.py").write_text("")
    (tmp_path / "tests" / "__init__.py").write_text("")
    shutil.copy(os.path.join(ROOT, "tests", "helpers.py"), str(tmp_path / "tests" / "helpers.py"))
    shutil.copy(os.path.join(ROOT, "tests", "run_portable.py"), str(tmp_path / "tests" / "run_portable.py"))
    (tmp_path / "tests" / "test_made_up.py").write_text(suite)
    (tmp_path / "tests" / "host" / "test_host_only.py").write_text(HOST)
    return tmp_path


def run(cmd, cwd):
    return subprocess.run(cmd, cwd=str(cwd), capture_output=True, text=True, timeout=300)


def test_runner_counts_reports_and_fails(tmp_path):
    repo = make_repo(tmp_path)
    out = run([sys.executable, "tests/run_portable.py"], repo)
    lines = out.stdout.strip().split("\n")
    # passed: test_passes, TestA.test_engine_known, TestA.test_raises, TestC.test_raises; skipped:
    # test_skips (tests.helpers.skip) and the two tests/host/ tests
    assert lines[-1] == "4 passed, 3 failed, 3 skipped", out.stdout
    assert "SKIP test_made_up::test_skips: not here" in out.stdout
    assert out.returncode == 1
    assert "FAIL test_made_up::test_fails: AssertionError: one is not two" in out.stdout
    assert "FAIL test_made_up::test_errors: KeyError: 'missing'" in out.stdout
    assert "FAIL test_made_up::TestC.test_engine_known: AssertionError: unknown engine c" in out.stdout
    assert "helper_not_a_test" not in out.stdout and "TestOff" not in out.stdout


def test_runner_exits_0_when_all_pass_and_filters(tmp_path):
    repo = make_repo(tmp_path)
    out = run([sys.executable, "tests/run_portable.py", "-k", "test_passes"], repo)
    assert out.stdout.strip().split("\n")[-1] == "1 passed, 0 failed, 2 skipped", out.stdout
    assert out.returncode == 0


def test_runner_reports_an_import_error(tmp_path):
    repo = make_repo(tmp_path, suite="import operator_that_does_not_exist\n")
    out = run([sys.executable, "tests/run_portable.py"], repo)
    assert out.returncode == 1
    assert "IMPORT ERROR tests/test_made_up.py" in out.stdout
    assert out.stdout.strip().split("\n")[-1] == "0 passed, 1 failed, 2 skipped"


def _driver_available(name):
    return shutil.which("node") and os.path.isdir(os.path.join(ROOT, "interpreters", "node_modules", name))


@pytest.mark.slow
@pytest.mark.parametrize("driver,package", [
    ("run_micropython.mjs", "@micropython"),
    ("run_pyodide.mjs", "pyodide"),
])
def test_node_driver_passes_the_exit_status_on(tmp_path, driver, package):
    if sys.implementation.name != "cpython":
        pytest.skip("the Node drivers do not depend on the host Python: checked under CPython only")
    if not _driver_available(package):
        pytest.skip("node or interpreters/node_modules/%s missing (bash .ci/interpreters.sh install npm)"
                    % package)
    repo = make_repo(tmp_path)
    script = os.path.join(ROOT, "interpreters", driver)
    out = run(["node", script, "--root", str(repo)], ROOT)
    assert out.returncode == 1, out.stdout + out.stderr
    assert out.stdout.strip().split("\n")[-1] == "4 passed, 3 failed, 3 skipped", out.stdout
    assert run(["node", script, "--root", str(repo), "-c", "raise ValueError('x')"], ROOT).returncode == 1
    if package == "pyodide":
        return       # 3-12 s per load; sys.exit(n) goes through the bootstrap shared with MicroPython
    assert run(["node", script, "--root", str(repo), "-c", "import sys; sys.exit(3)"], ROOT).returncode == 3
    ok = run(["node", script, "--root", str(repo), "-c", "print(6 * 7)"], ROOT)
    assert ok.returncode == 0 and ok.stdout.strip() == "42", ok.stdout + ok.stderr
