"""Reading a store's files without trusting what they are: only regular files are opened.

A FIFO, socket or device named `lamp.yaml` would block `open()` or `read()` forever (or read without
end), so its type is checked with `stat` before it is opened, and again on the open descriptor
(`O_NONBLOCK`: a FIFO swapped in between the two cannot block the open).
"""

from __future__ import annotations

import errno
import os
import stat

from .messages import tr


class NotRegularFile(OSError):
    """The path is a FIFO, socket, device or folder: shopgen does not read it."""

    def __init__(self, path: str):
        super().__init__(errno.EINVAL, tr("it is not a regular file (a pipe, socket, device or folder)"), path)


def is_regular(path: str) -> bool:
    """True when `path` (its target, for a link) is a regular file; False for anything else or an error."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def read_bytes(path: str) -> bytes:
    """The bytes of the regular file at `path`. Raises NotRegularFile for anything else, OSError when it
    cannot be read (permissions, a symlink loop, gone)."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise NotRegularFile(path)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFile(path)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)
