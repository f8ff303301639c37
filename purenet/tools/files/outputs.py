"""The files purenet writes: checked before any work starts, then written atomically.

``check_outputs`` runs before the first epoch (or the first gradient): every output must be a new
or regular file in a folder that exists and takes new files, with a name within the file
system's limits, distinct from every other output and from every input, with room for what it
will hold. Anything else is refused in one line naming the option, before any work is done, so no
work is ever thrown away at the end for a bad file name.

``write_text_atomic`` writes a temporary file in the target's folder, flushes and fsyncs it, then
renames it over the target (``os.replace``): a reader, a crash or a signal sees the old file or
the new one, never half of one. The temporary name is short and fixed in form
(``.purenet-XXXXXXXX.tmp``), so it fits wherever the target's name fits. A symlink is written
through (the file it points to is replaced; the link stays), a folder, device, pipe or socket is
refused rather than replaced, and the new file gets the old one's permission bits without setuid,
setgid or sticky bits.

Host-only (CPython, PyPy); the core never imports it.
"""

import errno
import os
import stat

TMP_PREFIX = ".purenet-"
TMP_SUFFIX = ".tmp"
LONGEST_NUMBER = 24          # len(repr(x)) of a finite double is at most 24: -2.2250738585072014e-308


class OutputError(ValueError):
    """An output that cannot be written; the message is one line naming the option."""


# ---------------------------------------------------------------------------------------------
# where a write lands

def resolve(path):
    """The absolute path that a write to ``path`` replaces: path itself, or the file a symlink
    points to (followed to the end)."""
    return os.path.realpath(path) if os.path.islink(path) else os.path.abspath(path)


def _kind(mode):
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def regular_target(path):
    """``resolve(path)``, checked: it must be a regular file or not exist yet. OSError otherwise
    (a folder, a device, a pipe or a socket is never replaced)."""
    target = resolve(path)
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return target                         # missing (or unreadable): the write will say
    if not stat.S_ISREG(mode):
        raise OSError(errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL,
                      "it is %s; purenet writes only regular files" % _kind(mode))
    return target


def _file_mode(target):
    """The permission bits of the file being replaced (without setuid, setgid and sticky), or
    0666 less the umask for a new one."""
    try:
        return os.stat(target).st_mode & 0o777
    except OSError:
        pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_text_atomic(path, text):
    """Write text (UTF-8) to path atomically (see the module); the temporary file is removed on
    any failure or exception, KeyboardInterrupt included."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path, data):
    """Write bytes to path atomically, as ``write_text_atomic`` does (``tensors.py``'s files)."""
    target = regular_target(path)
    folder = os.path.dirname(target)
    tmp = temporary_name(folder)
    try:                                         # created inside the try: a signal at any point
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)     # leaves no file
        with os.fdopen(fd, "wb") as f:
            os.chmod(tmp, _file_mode(target))    # created 0600; give the usual bits
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException as e:
        if not isinstance(e, FileExistsError):   # (that name was another writer's: not ours to remove)
            try:
                os.unlink(tmp)
            except OSError:
                pass
        raise
    _fsync_folder(folder)


def temporary_name(folder):
    """A new name for a temporary file in folder: ``.purenet-`` and 8 random hex digits ``.tmp``
    (21 characters, whatever the target's name)."""
    return os.path.join(folder, TMP_PREFIX + "%08x" % int.from_bytes(os.urandom(4), "big") + TMP_SUFFIX)


def _fsync_folder(folder):
    """Make the rename itself durable where the platform allows it (best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class locked:
    """``with locked(path):`` holds an exclusive lock on path's folder (``fcntl.flock``) while a
    set of files is written, so that two runs writing the same outputs write them one set after
    the other: the model and the history on disk then come from the same run. A no-op where
    ``fcntl`` is missing or the folder cannot be locked."""

    def __init__(self, path):
        self.folder = os.path.dirname(resolve(path))
        self.fd = None

    def __enter__(self):
        try:
            import fcntl
            self.fd = os.open(self.folder, os.O_RDONLY)
            fcntl.flock(self.fd, fcntl.LOCK_EX)
        except (ImportError, OSError):
            pass
        return self

    def __exit__(self, *exc):
        if self.fd is not None:
            os.close(self.fd)                         # releases the lock
            self.fd = None
        return False


# ---------------------------------------------------------------------------------------------
# checks before any work

def _limit(folder, name, default):
    try:
        n = os.pathconf(folder, name)
    except (AttributeError, ValueError, OSError):
        return default
    return n if n and n > 0 else default


def _identity(path):
    """What makes two paths the same file: (device, inode) when it exists (hard links, symlinks
    and spellings like ./a and a all agree), else the resolved path."""
    real = os.path.realpath(path)
    try:
        st = os.stat(real)
        return ("inode", st.st_dev, st.st_ino)
    except OSError:
        return ("path", os.path.normcase(real))


def _free_bytes(folder):
    try:
        st = os.statvfs(folder)
    except (AttributeError, OSError):
        return None
    return st.f_bavail * st.f_frsize


def _check_one(label, path):
    """The checks of one output that do not depend on the others; returns its target."""
    if path == "":
        raise OutputError("%s: an empty file name" % label)
    target = resolve(path)
    try:
        st = os.stat(target)
    except OSError:
        st = None
    if st is not None:
        if not stat.S_ISREG(st.st_mode):
            raise OutputError("%s: %s is %s; purenet writes only regular files"
                              % (label, path, _kind(st.st_mode)))
        if not os.access(target, os.W_OK):
            raise OutputError("%s: %s is read-only" % (label, path))
    folder, name = os.path.split(target)
    if not os.path.isdir(folder):
        what = "is not a folder" if os.path.exists(folder) else "does not exist"
        raise OutputError("%s: the folder %s %s (purenet creates no folders)" % (label, folder, what))
    name_max = _limit(folder, "PC_NAME_MAX", 255)
    if len(os.fsencode(name)) > name_max:
        raise OutputError("%s: the file name is %d bytes long; the limit in %s is %d"
                          % (label, len(os.fsencode(name)), folder, name_max))
    path_max = _limit(folder, "PC_PATH_MAX", 4096)
    if len(os.fsencode(target)) >= path_max:
        raise OutputError("%s: the path is %d bytes long; the limit is %d"
                          % (label, len(os.fsencode(target)), path_max - 1))
    tmp = temporary_name(folder)            # a real probe: a file like the one the write will make
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError as e:
        raise OutputError("%s: cannot create a file in %s: %s" % (label, folder, e.strerror or e))
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    return target


def check_outputs(outputs, inputs=(), need=None):
    """Check, before any work, that every output can be written (see the module).

    ``outputs``: (label, path) pairs such as ("--out", "t.json"); a None path is skipped.
    ``inputs``: (label, path) pairs of the files read (an output must not be one of them).
    ``need``: {label: bytes the output may take}; the free space of each file system must hold
    the sum for its outputs. Raises OutputError with one line naming the option."""
    need = need or {}
    taken = [(label, _identity(path), True) for label, path in inputs if path]
    space = {}
    for label, path in outputs:
        if path is None:
            continue
        target = _check_one(label, path)
        key = _identity(target)
        for other, other_key, is_input in taken:
            if key == other_key:
                if is_input:
                    raise OutputError("%s: %s is the %s file; purenet never overwrites its inputs"
                                      % (label, path, other))
                raise OutputError("%s: %s is also %s; give each output its own file" % (label, path, other))
        taken.append((label, key, False))
        folder = os.path.dirname(target)
        dev = os.stat(folder).st_dev
        total, _ = space.get(dev, (0, folder))
        space[dev] = (total + need.get(label, 0), folder)
        free = _free_bytes(folder)
        if free is not None and space[dev][0] > free:
            raise OutputError("%s: not enough space in %s: %d bytes free, and the outputs there may "
                              "need %d" % (label, folder, free, space[dev][0]))
