"""Fingerprints of what each output page shows, so a rebuild renders only the pages whose inputs changed.

A page's fingerprint combines the site-wide digest (shopgen's code, the theme's files, the config, the
navigation every page carries) with the digests of the records the page shows: a product page depends on
its product, the products it links to or lists as related and the guides that name it; a category page on
the products it lists. A record's digest covers its file's text and everything the build derives for it
from elsewhere (its address, its category addresses, its image variants, whether its sale runs today).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable

from .files import read_bytes
from .model import Guide, Image, Page, Product

_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def digest(parts: Iterable[str]) -> str:
    """A short hex digest of a sequence of strings (the separator keeps ("ab", "c") apart from ("a", "bc"))."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def text_digest(text: str) -> str:
    return bytes_digest(text.encode("utf-8", "surrogatepass"))


def bytes_digest(data: bytes) -> str:
    # SHA-256 for whole files: twice BLAKE2b's speed here (CPUs with SHA instructions); feeds run to tens of MB
    return hashlib.sha256(data).hexdigest()[:32]


def files_digest(folders: Iterable[str], by_content: bool = True) -> str:
    """Digest of every file under `folders`: names and contents (or size and mtime, for the package code)."""
    parts = []
    for top in folders:
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                full = os.path.join(dirpath, name)
                parts.append(os.path.relpath(full, top))
                if by_content:
                    try:
                        parts.append(hashlib.blake2b(read_bytes(full), digest_size=16).hexdigest())
                    except OSError:  # no file to read, or not a regular file: the theme check reports it
                        parts.append("-")
                else:
                    st = os.stat(full)
                    parts.append(f"{st.st_size}:{st.st_mtime_ns}")
    return digest(parts)


def code_digest() -> str:
    """shopgen's own code and built-in files: a new version (or a developer's edit) renders everything again."""
    return files_digest([_PACKAGE], by_content=False)


def _image(im: Image | None) -> str:
    if im is None:
        return "-"
    return "|".join([im.src, im.alt, im.fallback_alt, str(im.width), str(im.height), *(v.url for v in im.variants)])


class Fingerprints:
    """Memoised record digests for one build."""

    def __init__(self):
        self._memo: dict[int, str] = {}
        self.paths: dict[str, str] = {}  # record digest -> its source file, to explain a rebuild

    def record(self, obj: Product | Guide | Page) -> str:
        key = id(obj)
        found = self._memo.get(key)
        if found is not None:
            return found
        parts = [obj.source.digest, obj.url]
        parts += [_image(im) for im in obj.inline_images]
        if isinstance(obj, Product):
            parts += [str(obj.sale_active), *obj.category_urls]
            parts += [_image(im) for im in obj.images]
            parts += [_image(v.image) for v in obj.variants]
        elif isinstance(obj, Guide):
            parts.append(_image(obj.image))
        value = digest(parts)
        self._memo[key] = value
        self.paths[value] = obj.source.path
        return value

    def records(self, objs: Iterable[Product | Guide | Page]) -> list[str]:
        return [self.record(o) for o in objs]
