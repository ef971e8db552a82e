"""Files that are not regular files, for the tests of `--out` and the
exports: a writer must write into them in place, never replace them.
"""
import os
import stat
import threading
import unittest


def read_fifo_in_background(path):
    """Starts a reader of the FIFO `path` (a writer blocks until one opens
    it); returns a function that waits for it and gives what it read."""
    got = []
    reader = threading.Thread(target=lambda: got.append(open(path, "rb").read()), daemon=True)
    reader.start()

    def result():
        reader.join(60)
        return got[0] if got else b""
    return result


def null_device(folder):
    """A character device to write to: /dev/null itself for an ordinary
    user, who cannot replace it anyway; for root a node of the same device
    (1, 3) in `folder`, so that a writer that replaces what it writes to
    spoils a test folder rather than the machine's /dev/null."""
    if os.geteuid() != 0:
        return "/dev/null"
    path = os.path.join(folder, "null")
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:  # a container without CAP_MKNOD
        raise unittest.SkipTest("cannot make a device node here")
    return path
