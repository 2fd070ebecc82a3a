"""Rendered pieces of the big generated files (the feeds' items), kept between builds by the digest of what
they show: after one product is edited, a feed of ten thousand products renders one piece again.

One file per piece in `.shopgen-cache/parts/`, named by its key (a digest of every input of the piece);
pieces no build used are removed at the end of the next one. Safe to delete.
"""

from __future__ import annotations

import os


class PartCache:
    """`read=False` renders every piece again (and keeps the new ones): `shopgen build --full`."""

    def __init__(self, folder: str | None, read: bool = True):
        self.folder = folder
        self.read = read
        self.used: set[str] = set()
        self.made = 0  # pieces rendered this build (not found in the cache)

    def get(self, key: str) -> bytes | None:
        self.used.add(key)
        if self.folder is None or not self.read:
            return None
        try:
            with open(os.path.join(self.folder, key), "rb") as fh:
                return fh.read()
        except OSError:
            return None

    def put(self, key: str, data: bytes) -> None:
        self.made += 1
        if self.folder is None:
            return
        try:
            os.makedirs(self.folder, exist_ok=True)
            tmp = os.path.join(self.folder, f".{key}.{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                fh.write(data)
            os.replace(tmp, os.path.join(self.folder, key))
        except OSError:
            pass  # a cache that cannot be written only makes the next build render the piece again

    def prune(self) -> None:
        """Remove the pieces this build did not use (what the store no longer has)."""
        if self.folder is None or not os.path.isdir(self.folder):
            return
        for name in os.listdir(self.folder):
            if name not in self.used:
                try:
                    os.remove(os.path.join(self.folder, name))
                except OSError:
                    pass
