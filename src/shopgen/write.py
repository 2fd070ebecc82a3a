"""Write the site into a staging folder and swap it in only when the whole build succeeded.

A failed or interrupted build leaves the previous output folder exactly as it was. The output
folder carries a marker file so shopgen never replaces a folder it did not create.

The site a build replaces is kept beside the output as a *spare* (`.<out>.spare`): the next build starts
from it and changes only the files that differ, instead of linking tens of thousands of unchanged files
into an empty folder. Its files may be hard links to the live site's, so nothing is ever written into an
existing file: it is removed first and written anew.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile

from .errors import ShopgenError
from .messages import tr
from .outlock import record_owner, recorded_owner, store_owner

MARKER = ".shopgen-output"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: str, b: str) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    return fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


def check_output_dir(store_root: str, out: str, known_marker: bool = False) -> None:
    """Refuse output folders that would overwrite the store or someone else's files: a folder that is not
    empty must hold the marker, and the record beside it must name this store (`outlock.recorded_owner`);
    without a record, this store's build state must know the marker (`known_marker`: an older shopgen's
    site)."""
    store = os.path.realpath(store_root)
    target = os.path.realpath(out)
    if target == store or store.startswith(target + os.sep):
        raise ShopgenError(tr("the output folder {out} contains the store itself; choose another --out", out=out))
    for sub in ("catalog", "content", "themes"):
        inner = os.path.join(store, sub)
        if target == inner or target.startswith(inner + os.sep):
            raise ShopgenError(
                tr(
                    "the output folder {out} is inside the store's {sub}/ folder; choose another --out",
                    out=out,
                    sub=sub,
                )
            )
    if os.path.exists(target):
        if not os.path.isdir(target):
            raise ShopgenError(tr("the output path {out} is a file, not a folder", out=out))
        if not os.listdir(target):
            return
        owner = recorded_owner(os.path.abspath(out))
        if os.path.isfile(os.path.join(target, MARKER)):
            if owner == store_owner(store_root) or (not owner and known_marker):
                return
        if owner and owner != store_owner(store_root):
            raise ShopgenError(
                tr(
                    "the output folder {out} was made by another store or by shopgen merge; empty it or "
                    "choose another --out",
                    out=out,
                )
            )
        raise ShopgenError(
            tr(
                "the output folder {out} is not empty and was not made by shopgen; empty it or choose another --out",
                out=out,
            )
        )


def safe_join(top: str, rel: str) -> str:
    """`top/rel`, refusing any `rel` that would leave `top`."""
    full = os.path.normpath(os.path.join(top, rel))
    if not full.startswith(top + os.sep):
        raise ShopgenError(tr("refusing to write outside the output folder: {rel}", rel=rel))
    return full


def write_file(top: str, rel: str, data: bytes) -> None:
    """Write a new file `top/rel`; an existing one is replaced by a new file, never written into (in a
    reused staging folder it may be a hard link to the live site's file)."""
    full = safe_join(top, rel)
    try:
        fh = open(full, "xb")
    except FileNotFoundError:
        os.makedirs(os.path.dirname(full), exist_ok=True)
        fh = open(full, "xb")
    except FileExistsError:
        os.unlink(full)
        fh = open(full, "xb")
    with fh:
        fh.write(data)


def remove(path: str) -> None:
    """Remove a file or a folder, if it is there."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def link_or_copy(source: str, target: str) -> None:
    """Hard-link `source` as `target` (no bytes copied), copying where links are impossible. An existing
    `target` is replaced, never written into."""
    for _attempt in range(3):
        try:
            os.link(source, target)
            return
        except FileExistsError:
            os.unlink(target)
        except FileNotFoundError:
            if not os.path.exists(source):
                raise
            os.makedirs(os.path.dirname(target), exist_ok=True)
        except OSError:
            break
    remove(target)
    shutil.copyfile(source, target)


_removers: list[int] = []


def discard_spare(out: str) -> None:
    """Remove the spare folder of `out`, if any (in the background: it is a whole site)."""
    spare = spare_path(out)
    if os.path.isdir(spare):
        doomed = tempfile.mkdtemp(prefix=f".{os.path.basename(os.path.abspath(out))}.tmp-", dir=os.path.dirname(spare))
        os.rmdir(doomed)
        os.rename(spare, doomed)
        remove_in_background(doomed)


def remove_in_background(folder: str) -> None:
    """Delete `folder` in a separate process that outlives this one: removing the tens of thousands of
    files of a replaced site takes seconds nobody should wait for. (A folder left half-deleted is a
    staging folder that the next build's sweep removes.)"""
    for pid in list(_removers):  # reap the removers of earlier builds (a long-running `serve`)
        try:
            if os.waitpid(pid, os.WNOHANG)[0]:
                _removers.remove(pid)
        except ChildProcessError:
            _removers.remove(pid)
    rm = shutil.which("rm")
    if rm and hasattr(os, "posix_spawn"):
        try:
            _removers.append(os.posix_spawn(rm, [rm, "-rf", "--", folder], os.environ))
            return
        except OSError:
            pass
    shutil.rmtree(folder, ignore_errors=True)


SPARE_IGNORE = ".gitignore"  # in the spare folder, so that version control never lists it


def spare_path(out: str) -> str:
    """Where the site that the last build replaced is kept."""
    out = os.path.abspath(out)
    return os.path.join(os.path.dirname(out), f".{os.path.basename(out)}.spare")


class Staging:
    """A temporary folder next to the output, renamed into place by `commit`.

    With `reuse`, the spare folder (the site before the current one) becomes the staging folder: the
    caller then removes or replaces whatever differs from the site it builds.
    """

    def __init__(self, out: str, reuse: bool = False, owner: str = ""):
        self.out = os.path.abspath(out)
        self.owner = owner  # who writes the output (outlock.store_owner or merge_owner), recorded beside it
        parent = os.path.dirname(self.out)
        os.makedirs(parent, exist_ok=True)
        self._sweep(parent)
        self.dir = tempfile.mkdtemp(prefix=f".{os.path.basename(self.out)}.tmp-", dir=parent)
        self.reused = False
        spare = spare_path(self.out)
        if os.path.isdir(spare):
            if reuse:
                os.rmdir(self.dir)
                os.rename(spare, self.dir)  # a kill from here on leaves a staging folder the next sweep removes
                remove(os.path.join(self.dir, SPARE_IGNORE))
                self.reused = True
            else:
                discard_spare(self.out)
        self.files = 0

    def _sweep(self, parent: str) -> None:
        """Clean up after builds that were killed: put back a previous site caught between two renames
        (only where the atomic swap is unavailable), remove half-made staging folders."""
        base = os.path.basename(self.out)
        names = sorted(os.listdir(parent))
        old = [n for n in names if n.startswith(f".{base}.old-")]
        if old and not os.path.exists(self.out):
            os.rename(os.path.join(parent, old[0]), self.out)
            old = old[1:]
        for name in names:
            if name.startswith(f".{base}.tmp-") or name in old:
                shutil.rmtree(os.path.join(parent, name), ignore_errors=True)

    def path(self, rel: str) -> str:
        return safe_join(self.dir, rel)

    def write_bytes(self, rel: str, data: bytes) -> None:
        write_file(self.dir, rel, data)
        self.files += 1

    def link(self, source: str, rel: str) -> None:
        """Put the existing file `source` (an unchanged page of the last build) at `rel`."""
        link_or_copy(source, self.path(rel))
        self.files += 1

    def write_text(self, rel: str, text: str) -> None:
        self.write_bytes(rel, text.encode("utf-8"))

    def copy(self, source: str, rel: str) -> None:
        full = self.path(rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        remove(full)
        shutil.copyfile(source, full)
        self.files += 1

    def commit(self, keep_spare: bool = False) -> bool:
        """Put the staged site in place of the output folder. With `keep_spare`, the site it replaces is
        kept as the spare for the next build; True when it was."""
        marker = os.path.join(self.dir, MARKER)
        remove(marker)
        with open(marker, "w", encoding="utf-8") as fh:
            fh.write("This folder is written by shopgen build and replaced on every build.\n")
        os.chmod(self.dir, 0o755)
        if self.owner:
            record_owner(self.out, self.owner)  # before the swap: the folder there now is this owner's too
        if not os.path.exists(self.out):
            os.rename(self.dir, self.out)
            return False
        if exchange(self.dir, self.out):
            # One step: at every moment the output folder is the complete old or the complete new site.
            if keep_spare:
                with open(os.path.join(self.dir, SPARE_IGNORE), "w", encoding="utf-8") as fh:
                    fh.write("# shopgen's copy of the previous site, which the next build starts from\n*\n")
                os.rename(self.dir, spare_path(self.out))
                return True
            remove_in_background(self.dir)
            return False
        old = tempfile.mkdtemp(prefix=f".{os.path.basename(self.out)}.old-", dir=os.path.dirname(self.out))
        os.rmdir(old)
        os.rename(self.out, old)
        os.rename(self.dir, self.out)  # a kill between these two renames is undone by the next build
        shutil.rmtree(old, ignore_errors=True)
        return False

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
