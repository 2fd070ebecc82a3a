"""One build per output folder at a time, and only into a folder this store's builds made.

The lock is `fcntl.flock` on `.<out>.lock` beside the output (the kernel drops it when the process ends,
even on `kill -9`, so a stale lock never blocks). A second build into the same folder waits up to
LOCK_WAIT seconds for the first to finish, then gives up with a message.

The lock file also records who writes the output: `store <digest>` for a build (the SHA-256 of the
store's real path) or `merge <digest>` for `shopgen merge` (of the output's real path). An output folder
that is not empty is replaced only when it holds the `.shopgen-output` marker *and* the lock file beside it
names this store (or, for a site an older shopgen wrote, this store's build state records that very marker
file): a copied or forged marker alone is not enough. The record lives beside the output, not in it, so the
site stays byte-identical wherever the store sits.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import os
import time

from .errors import ShopgenError
from .messages import tr

try:
    import fcntl
except ImportError:  # Windows: no lock, as before
    fcntl = None

#: Seconds a build waits for another build into the same output folder to finish.
LOCK_WAIT = 5.0
#: The lock files this process holds open. A forked worker closes its copies at once: a flock belongs to
#: the open file, so a worker that outlived a killed build would otherwise hold its lock.
_held: set[int] = set()


def _close_held() -> None:
    for fd in _held:
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_held)


def lock_path(out: str) -> str:
    out = os.path.abspath(out)
    return os.path.join(os.path.dirname(out), f".{os.path.basename(out)}.lock")


@contextlib.contextmanager
def output_lock(out: str, wait: float | None = None):
    """Hold the lock of the output folder `out`; ShopgenError when another process holds it for longer
    than `wait` seconds (default LOCK_WAIT)."""
    if fcntl is None:
        yield
        return
    path = lock_path(out)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    _held.add(fd)
    try:
        deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ShopgenError(
                        tr("another build is writing {out}; try again when it has finished", out=out)
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        _held.discard(fd)
        os.close(fd)  # releases the lock


def holding_output_lock(fn):
    """Run `builder.build` (or anything with its `store_root`, `out` and `dry_run` arguments) holding the lock
    of its output folder; a dry run writes nothing and takes no lock."""
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def run(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        given = bound.arguments
        if given.get("dry_run"):
            return fn(*args, **kwargs)
        out = given.get("out") or os.path.join(os.path.abspath(given["store_root"]), "public")
        with output_lock(out):
            return fn(*args, **kwargs)

    return run


def _digest(path: str) -> str:
    return hashlib.sha256(os.path.realpath(path).encode("utf-8", "surrogateescape")).hexdigest()


def store_owner(store_root: str) -> str:
    """The owner line of a build's marker: this store, by its real path."""
    return f"store {_digest(store_root)}"


def merge_owner(out: str) -> str:
    """The owner line of `shopgen merge`'s marker: the merged site's folder."""
    return f"merge {_digest(out)}"


def recorded_owner(out: str) -> str:
    """The owner line recorded beside the output folder `out` ("" when there is none)."""
    from .files import read_bytes

    try:
        text = read_bytes(lock_path(out))[:4096].decode("utf-8", "replace")
    except OSError:
        return ""
    return text.strip() if text.startswith(("store ", "merge ")) else ""


def record_owner(out: str, owner: str) -> None:
    """Note beside `out` who writes it (the caller holds the lock, whose file this is)."""
    fd = os.open(lock_path(out), os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, (owner + "\n").encode("utf-8"))
    finally:
        os.close(fd)
