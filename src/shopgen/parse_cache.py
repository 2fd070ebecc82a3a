"""Parsed store files kept between builds, so a new process reads and parses only the files that changed.

Reading and parsing the YAML of 10,000 products takes about 4 s; loading this cache takes about 0.5 s. An
entry is used only when the file's `lstat` (device, inode, size, modification time in ns) is the one it was
parsed from; links, and files changed in the last 2 seconds, are never cached (a link's target may change
under the same link; a file may change again within its time stamp's granularity). The whole cache is
dropped when shopgen's code or the message language changes.

The cache is a pickle, and a pickle can run code when it is loaded: a cache folder committed to a store by
someone else must never be loaded. So the file carries an HMAC made with a key that lives only in this
user's own cache folder (`~/.cache/shopgen/cache-key`, mode 0600); a file without a valid one is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import secrets
import stat
import threading
import time

from . import messages, record_memo
from .fingerprint import code_digest

FILE = "parsed.cache"
MAGIC = b"shopgen-parsed\x01"
VERSION = 3  # 2: positions packed into ints; 3: validated records stored with their documents
RACY_NS = 2_000_000_000
_writers: list[int] = []  # background writers to reap
_open: dict[str, ParseCache] = {}  # file -> the cache this process last used (ParseCache.shared)


def user_cache_dir() -> str:
    """This user's own cache folder for shopgen (`$XDG_CACHE_HOME/shopgen`, `~/.cache/shopgen`): what is
    kept there is trusted as the user's own files are, unlike a store's `.shopgen-cache/`."""
    home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(home, "shopgen")


def _header(root: str) -> tuple:
    """What a cache must have been made with to be used: its format, shopgen's code, the store, the message
    language."""
    return (VERSION, code_digest(), os.path.abspath(root), messages.active())


def _key() -> bytes | None:
    """This user's secret for signing caches; made on first use. None when it cannot be kept."""
    path = os.path.join(user_cache_dir(), "cache-key")
    try:
        with open(path, "rb") as fh:
            key = fh.read()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        key = secrets.token_bytes(32)
        fd = os.open(path + f".{os.getpid()}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        os.replace(path + f".{os.getpid()}", path)
        return key
    except OSError:
        return None


def stamp(path: str) -> tuple | None:
    """What identifies this version of a file; None for links and files that cannot be stat'ed."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):  # lstat: a link is not a regular file
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class ParseCache:
    """The parsed documents of one store, by store-relative path."""

    def __init__(self, folder: str, root: str):
        self.file = os.path.join(folder, FILE)
        self.header = _header(root)
        self.entries: dict[str, tuple] = {}
        self.stored: dict[str, tuple | None] = {}  # what the file holds besides each document (record_memo)
        self.used: set[str] = set()
        self.dirty = False
        self.key = _key()
        if self.key is not None:
            self._load()

    @classmethod
    def shared(cls, folder: str, root: str) -> ParseCache:
        """The cache of this store as this process last left it (`shopgen serve` builds again and again: it
        loads the file once, not on every build), else loaded from the file."""
        found = _open.get(os.path.join(folder, FILE))
        if found is not None and found.header == _header(root):
            found.used = set()
            found.dirty = False
            return found
        cache = cls(folder, root)
        _open.pop(cache.file, None)
        while len(_open) >= 4:  # a few stores per process at most (tests build hundreds)
            del _open[next(iter(_open))]
        _open[cache.file] = cache
        return cache

    def _load(self) -> None:
        try:
            with open(self.file, "rb") as fh:
                data = fh.read()
        except OSError:
            return
        mac, payload = data[len(MAGIC) : len(MAGIC) + 32], data[len(MAGIC) + 32 :]
        if not data.startswith(MAGIC) or not hmac.compare_digest(mac, self._sign(payload)):
            return  # not made by this user's shopgen: never unpickled
        try:
            header, entries = pickle.loads(payload)
        except Exception:  # a damaged cache costs one full parse, nothing more
            return
        if header == self.header and isinstance(entries, dict):
            self.entries = {}
            for rel, entry in entries.items():
                st, doc, problems, kept = entry
                if kept is not None:
                    record_memo.adopt(doc, kept)
                self.entries[rel] = (st, doc, problems)
                self.stored[rel] = kept

    def _sign(self, payload: bytes) -> bytes:
        return hmac.new(self.key, payload, hashlib.sha256).digest()

    def get(self, relpath: str, st: tuple | None):
        """(doc, problems) parsed from exactly this version of the file, or None."""
        entry = self.entries.get(relpath)
        if st is None or entry is None or entry[0] != st:
            return None
        self.used.add(relpath)
        return entry[1], entry[2]

    def put(self, relpath: str, st: tuple | None, doc, problems) -> None:
        # A file changed within the last seconds may change again within the file system's timestamp
        # granularity (1-2 s on some) and keep the same stamp: it is parsed again next time ("racy git").
        if st is None or time.time_ns() - st[3] < RACY_NS:
            return
        self.entries[relpath] = (st, doc, problems)
        self.used.add(relpath)
        self.dirty = True

    def save(self) -> None:
        """Write the cache if it changed, in a forked process (the build goes on meanwhile), with the record
        validated from each document (record_memo). Entries of files that are gone are dropped. A process with
        other threads (`shopgen serve`) does not write it: forking there is unsafe, and such a process keeps
        its parsed files in memory anyway (ParseCache.shared)."""
        gone = self.entries.keys() - self.used
        if gone:
            for rel in gone:
                del self.entries[rel]
            self.dirty = True
        if self.key is None or (hasattr(os, "fork") and threading.active_count() > 1):
            return  # nothing is written: no need to see what changed
        kept = {rel: record_memo.kept_for(entry[1]) for rel, entry in self.entries.items()}
        if any(k != self.stored.get(rel) for rel, k in kept.items()):
            self.dirty = True
        self.stored = kept
        if not self.dirty:
            return
        for pid in list(_writers):
            with contextlib.suppress(ChildProcessError):
                if not os.waitpid(pid, os.WNOHANG)[0]:
                    continue
            _writers.remove(pid)
        if not hasattr(os, "fork"):
            self._write()
        else:
            pid = os.fork()
            if pid:
                _writers.append(pid)
                return
            try:
                self._write()
            finally:
                os._exit(0)

    @staticmethod
    def wait() -> None:
        """Wait for the background writers (tests, and callers about to read the cache themselves)."""
        while _writers:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(_writers[0], 0)
            _writers.pop(0)

    def _write(self) -> None:
        tmp = f"{self.file}.{os.getpid()}.tmp"
        try:
            entries = {rel: (*entry, self.stored.get(rel)) for rel, entry in self.entries.items()}
            payload = pickle.dumps((self.header, entries), protocol=pickle.HIGHEST_PROTOCOL)
            os.makedirs(os.path.dirname(self.file), exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(MAGIC + self._sign(payload) + payload)
            os.replace(tmp, self.file)
        except (OSError, pickle.PicklingError, RecursionError):
            with contextlib.suppress(OSError):
                os.remove(tmp)
