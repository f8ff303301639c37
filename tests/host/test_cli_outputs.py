"""Outputs checked before any work, and written atomically (``purenet/tools/files/outputs.py``):
no output overwrites an input or another output, a bad ``--out`` is found before the first epoch,
and the atomic rename keeps names short, modes and links as they were. Each case states what the
file system must look like afterwards; the expected refusals are the module's rules (docs/cli.md,
"Outputs").
"""
import os
import stat

import pytest

from purenet.tools import cli, files
from purenet.tools.files import outputs

RUNNING_AS_ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


@pytest.fixture
def xor_paths(tmp_path, xor_files):
    return tmp_path, xor_files[1], xor_files[2]


def train(capsys, model, data, *more):
    code = cli.main(["train", model, data, "--loss", "cross_entropy", "--learning-rate", "0.5",
                     "--epochs", "3"] + list(more))
    out, err = capsys.readouterr()
    return code, err


def snapshot(folder):
    """Every file in folder with its bytes (to show that a refusal changed nothing)."""
    out = {}
    for name in sorted(os.listdir(str(folder))):
        p = os.path.join(str(folder), name)
        if os.path.islink(p):
            out[name] = "-> " + os.readlink(p)
        elif os.path.isfile(p):
            out[name] = open(p, "rb").read()
        else:
            out[name] = "<folder>"
    return out


def refused(capsys, xor_paths, message, *more):
    """train with these options is refused before the first epoch: exit 2, one line, no file changed."""
    tmp, model, data = xor_paths
    before = snapshot(tmp)
    code, err = train(capsys, model, data, *more)
    assert code == 2, err
    assert err.count("\n") == 1 and "epoch" not in err, err          # one line, no training
    assert err == "purenet train: %s\n" % message
    assert snapshot(tmp) == before


# ---------------------------------------------------------------------------------------------
# outputs distinct from each other and from the inputs

def test_outputs_that_are_each_other_or_an_input_are_refused(capsys, xor_paths):
    tmp, model, data = xor_paths
    t = str(tmp / "t.json")
    refused(capsys, xor_paths, "--history: %s is also --out; give each output its own file" % t,
            "--out", t, "--history", t)
    refused(capsys, xor_paths, "--plot: %s is also --out; give each output its own file" % t,
            "--out", t, "--plot", t)
    refused(capsys, xor_paths, "--out: %s is the DATA file; purenet never overwrites its inputs" % data,
            "--out", data)
    refused(capsys, xor_paths, "--history: %s is the DATA file; purenet never overwrites its inputs" % data,
            "--out", t, "--history", data)
    refused(capsys, xor_paths, "--plot: %s is the MODEL file; purenet never overwrites its inputs" % model,
            "--out", t, "--plot", model)


def test_other_spellings_of_an_input_are_the_same_file(capsys, xor_paths, monkeypatch):
    tmp, model, data = xor_paths
    monkeypatch.chdir(str(tmp))
    refused(capsys, xor_paths, "--out: ./xor.json is the DATA file; purenet never overwrites its inputs",
            "--out", "./xor.json")
    os.symlink("xor.json", str(tmp / "link.json"))
    os.link(data, str(tmp / "hard.json"))
    refused(capsys, xor_paths, "--out: link.json is the DATA file; purenet never overwrites its inputs",
            "--out", "link.json")
    refused(capsys, xor_paths, "--out: hard.json is the DATA file; purenet never overwrites its inputs",
            "--out", "hard.json")


def test_grad_out_never_replaces_the_model(capsys, xor_paths):
    tmp, model, data = xor_paths
    before = open(model, "rb").read()
    code = cli.main(["grad", model, data, "--loss", "cross_entropy", "--out", model])
    err = capsys.readouterr().err
    assert code == 2 and err == ("purenet grad: --out: %s is the MODEL file; purenet never overwrites "
                                 "its inputs\n" % model)
    assert open(model, "rb").read() == before


# ---------------------------------------------------------------------------------------------
# outputs that cannot be written: refused before the first epoch

def test_bad_outputs_are_refused_before_any_work(capsys, xor_paths):
    tmp, model, data = xor_paths
    missing = str(tmp / "no" / "t.json")
    refused(capsys, xor_paths, "--out: the folder %s does not exist (purenet creates no folders)"
            % str(tmp / "no"), "--out", missing)
    refused(capsys, xor_paths, "--out: %s is a folder; purenet writes only regular files" % str(tmp),
            "--out", str(tmp))
    refused(capsys, xor_paths, "--out: an empty file name", "--out", "")
    name = "a" * 256 + ".json"                  # NAME_MAX is 255 bytes on Linux file systems
    refused(capsys, xor_paths, "--out: the file name is %d bytes long; the limit in %s is 255"
            % (len(name), str(tmp)), "--out", str(tmp / name))


@pytest.mark.parametrize("option", ["--history", "--plot"])
def test_one_rule_for_missing_folders(capsys, xor_paths, option):
    # --plot used to create missing folders (plot.write_svg) where --out and --history refused them
    tmp, model, data = xor_paths
    refused(capsys, xor_paths, "%s: the folder %s does not exist (purenet creates no folders)"
            % (option, str(tmp / "no")), "--out", str(tmp / "t.json"), option, str(tmp / "no" / "x"))


def test_a_long_name_fits_because_the_temporary_name_is_short(capsys, xor_paths):
    # names of 242-255 characters must not fail after training: a temporary file named
    # "." + name + ".XXXXXXXX.tmp" would be longer than the name
    tmp, model, data = xor_paths
    for n in (242, 255):
        out = str(tmp / ("b" * n))
        code, err = train(capsys, model, data, "--out", out)
        assert code == 0, err
        assert files.load_model(out).sizes == [2, 3, 1]
    assert not [f for f in os.listdir(str(tmp)) if f.endswith(".tmp")]


def test_a_device_is_refused_not_replaced(capsys, xor_paths):
    # as root, --out /dev/null became a regular file holding the model
    refused(capsys, xor_paths, "--out: /dev/null is a device; purenet writes only regular files",
            "--out", "/dev/null")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_folder_that_takes_no_new_files_is_refused(capsys, xor_paths, tmp_path):
    if RUNNING_AS_ROOT:                  # root may write anywhere it can: use a folder nobody can write
        folder = "/proc"
        reason = "No such file or directory"
    else:
        folder = str(tmp_path / "ro")
        os.mkdir(folder, 0o555)
        reason = "Permission denied"
    if not os.path.isdir(folder):
        pytest.skip("no unwritable folder on this system")
    code, err = train(capsys, xor_paths[1], xor_paths[2], "--out", os.path.join(folder, "t.json"))
    assert code == 2 and err == "purenet train: --out: cannot create a file in %s: %s\n" % (folder, reason)


@pytest.mark.skipif(RUNNING_AS_ROOT, reason="root may replace a read-only file")
def test_a_read_only_output_is_refused(capsys, xor_paths):
    tmp, model, data = xor_paths
    t = tmp / "t.json"
    t.write_text("keep")
    os.chmod(str(t), 0o444)
    refused(capsys, xor_paths, "--out: %s is read-only" % str(t), "--out", str(t))


def test_not_enough_space_is_found_before_training(capsys, xor_paths, monkeypatch):
    # a full disk was found only when the model was saved, after every epoch ran; the model of this
    # 2-3-1 network (13 parameters) may need 13 * 24 bytes for its numbers plus its structure
    tmp, model, data = xor_paths
    monkeypatch.setattr(outputs, "_free_bytes", lambda folder: 100)
    net = files.load_model(model)
    text = files.dumps(files.model_to_dict(net))
    numbers = [x for w, b, _ in net.layers() for row in w for x in row] + \
              [x for w, b, _ in net.layers() for x in b]
    need = len(text) - sum(len(repr(x)) for x in numbers) + 24 * len(numbers)
    refused(capsys, xor_paths, "--out: not enough space in %s: 100 bytes free, and the outputs there may "
            "need %d" % (str(tmp), need), "--out", str(tmp / "t.json"))


# ---------------------------------------------------------------------------------------------
# the atomic write itself

def test_a_symlink_is_written_through(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    os.symlink("real.json", str(link))
    files.write_json_atomic(str(link), {"a": 1})
    assert os.path.islink(str(link)) and os.readlink(str(link)) == "real.json"
    assert target.read_text() == '{"a": 1}\n'
    assert sorted(os.listdir(str(tmp_path))) == ["link.json", "real.json"]
    dangling = tmp_path / "dangling.json"                 # a link to a file that does not exist yet
    os.symlink("new.json", str(dangling))
    files.write_json_atomic(str(dangling), [1])
    assert os.path.islink(str(dangling)) and (tmp_path / "new.json").read_text() == "[1]\n"


def test_a_pipe_or_folder_is_refused_and_left_alone(tmp_path):
    fifo = str(tmp_path / "fifo")
    os.mkfifo(fifo)
    with pytest.raises(OSError) as info:
        files.write_json_atomic(fifo, {"a": 1})
    assert "it is a pipe; purenet writes only regular files" in str(info.value)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    with pytest.raises(OSError):
        files.write_json_atomic(str(tmp_path), {"a": 1})
    assert os.listdir(str(tmp_path)) == ["fifo"]


def test_setuid_and_setgid_bits_are_not_copied(tmp_path):
    p = tmp_path / "m.json"
    p.write_text("old")
    os.chmod(str(p), 0o6754)
    files.write_json_atomic(str(p), {"a": 1})
    assert stat.S_IMODE(os.stat(str(p)).st_mode) == 0o754          # the permission bits, no more


def test_the_temporary_name_is_short_and_removed_on_failure(tmp_path, monkeypatch):
    made = []
    real = outputs.temporary_name

    def temporary_name(folder):
        made.append(real(folder))
        return made[-1]

    monkeypatch.setattr(outputs, "temporary_name", temporary_name)
    monkeypatch.setattr(outputs.os, "replace", lambda a, b: (_ for _ in ()).throw(OSError(28, "No space")))
    with pytest.raises(OSError):
        outputs.write_text_atomic(str(tmp_path / ("c" * 250)), "text")
    (name,) = [os.path.basename(m) for m in made]
    assert name.startswith(".purenet-") and name.endswith(".tmp") and len(name) == 21
    assert os.listdir(str(tmp_path)) == []
    # a signal (any BaseException) in the middle of the write removes the file too
    monkeypatch.setattr(outputs.os, "fsync", lambda fd: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        outputs.write_text_atomic(str(tmp_path / "d"), "text")
    assert os.listdir(str(tmp_path)) == []


def test_the_lock_serialises_two_writers(tmp_path):
    import fcntl
    with outputs.locked(str(tmp_path / "t.json")) as held:
        assert held.fd is not None
        fd = os.open(str(tmp_path), os.O_RDONLY)
        try:
            with pytest.raises(BlockingIOError):          # a second writer would wait here
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    fd = os.open(str(tmp_path), os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)        # released
    finally:
        os.close(fd)
