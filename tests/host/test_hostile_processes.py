"""check --jobs under hostile conditions, through real processes with bounded waits: a parent
killed by SIGKILL leaves no worker behind, --jobs is bounded, and a process limit or a file
descriptor limit too small for the workers is one line and exit 2."""
import os
import signal
import time

import pytest

from purenet.bits import Random
from purenet.network import init_network
from purenet.tools import files

from .processes import finish, purenet

posix = pytest.mark.skipif(os.name != "posix" or not os.path.isdir("/proc/self"),
                           reason="needs POSIX signals and /proc")


def put_model_and_data(tmp_path, sizes, samples):
    net = init_network(sizes, "tanh", seed=2)
    model = str(tmp_path / "m.json")
    files.save_model(model, net)
    rng = Random(3)
    data = str(tmp_path / "d.json")
    inputs = [[rng.random() for _ in range(sizes[0])] for _ in range(samples)]
    files.write_json_atomic(data, {"inputs": inputs, "targets": [[rng.random()] for _ in range(samples)]})
    return model, data


def children(pid):
    """The process ids whose parent is pid (from /proc)."""
    out = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name) as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(name))
    return out


def alive(pid):
    """True while pid runs (a zombie, dead and waiting for its new parent to reap it, is not)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


@posix
def test_workers_exit_when_the_parent_is_killed(tmp_path):
    """kill -9 of a check --jobs 2 parent: its two workers, busy with parts that take minutes,
    are gone within 10 s (they held the parent's ends of their pipes and computed on for ever)."""
    model, data = put_model_and_data(tmp_path, [40, 100, 100, 1], 60)
    p = purenet("check", model, data, "--loss", "half_squared_error", "--jobs", "2",
                "--max-check-cost", "1e12", start_new_session=True)
    workers = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and p.poll() is None:
            time.sleep(0.05)
            workers = children(p.pid)
        assert len(workers) == 2, "no two workers within 60 s"
        time.sleep(0.5)                                     # the workers are computing their parts
        os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [w for w in workers if alive(w)]
    finally:
        for w in workers:
            try:
                os.kill(w, signal.SIGKILL)
            except OSError:
                pass
        if p.poll() is None:
            p.kill()
        p.communicate(timeout=30)
    assert left == [], "workers %s still running 10 s after the parent was killed" % left


def test_jobs_beyond_64_is_a_usage_error(tmp_path):
    model, data = put_model_and_data(tmp_path, [2, 3, 1], 4)
    p = purenet("check", model, data, "--loss", "half_squared_error", "--jobs", "1000000")
    code, err = finish(p)
    assert code == 2
    assert err.strip().endswith("argument --jobs: expected an integer <= 64, got '1000000'")


@posix
@pytest.mark.parametrize("limit", ["RLIMIT_NOFILE", "RLIMIT_NPROC"])
def test_too_few_file_descriptors_or_processes_for_the_workers(tmp_path, limit):
    """Under ulimit -n 40 (or a process limit below what runs already), --jobs 64 on a 401-parameter
    model cannot have its workers: one line naming the cause, exit 2 (not exit 1 "unexpected
    error: OSError: Too many open files")."""
    import resource
    kind = getattr(resource, limit)
    if limit == "RLIMIT_NPROC" and os.geteuid() == 0:
        pytest.skip("root is not bound by RLIMIT_NPROC")
    model, data = put_model_and_data(tmp_path, [2, 100, 1], 4)

    def limited():
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
        resource.setrlimit(kind, (40, 40) if limit == "RLIMIT_NOFILE" else (1, 1))

    p = purenet("check", model, data, "--loss", "half_squared_error", "--jobs", "64", preexec_fn=limited)
    code, err = finish(p)
    lines = err.strip().split("\n")
    assert code == 2 and len(lines) == 1, err
    assert lines[0].startswith("purenet check: cannot start 64 worker processes (jobs): ")
    why = "Too many open files" if limit == "RLIMIT_NOFILE" else "Resource temporarily unavailable"
    assert why in lines[0]
