"""Records validated earlier in this process, by the parsed document they came from.

A process that builds again and again (`shopgen serve`) gets the very same document object for an
unchanged file from the parse cache it keeps (parse_cache.shared), so only the files that changed are
validated again: at 10,000 products that is most of an edit's loading time. The parse cache also stores each
document's record with it, so a new process starts with them too. An entry is used only for the
same document object, with the same settings and message language, and while every image file its record
names is as it was (found in the store or not). Each build gets a fresh shallow copy of the record, as the
build derives fields on it (its address, its sale today, the images in its Markdown).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from dataclasses import dataclass

from . import messages
from .diagnostics import Diagnostic, Diagnostics


@dataclass
class _Entry:
    doc: object
    key: tuple
    record: object
    problems: list[Diagnostic]
    images: list[tuple[str, str, bool]]  # (store root, file, found) for each image file the record names


_entries: dict[int, _Entry] = {}
_recording: list[tuple[str, str, bool]] | None = None


def image_looked_up(root: str, full: str, found: bool) -> None:
    """Note that the record being built names this image file (validate.resolve_image calls it)."""
    if _recording is not None:
        _recording.append((root, full, found))


def _found(root: str, full: str) -> bool:
    from .load import inside

    return inside(root, full) and os.path.isfile(full)


def memoized(doc, key: tuple, diags: Diagnostics, make: Callable[[], object]):
    """`make()` (the record of `doc`, or None with its problems in `diags`), or what it gave for this very
    `doc` and `key` before; its problems are added to `diags` either way."""
    global _recording
    key = (*key, messages.active())
    entry = _entries.get(id(doc))
    if (
        entry is not None
        and entry.doc is doc
        and entry.key == key
        and all(_found(root, full) == found for root, full, found in entry.images)
    ):
        diags.extend(entry.problems)
        return _fresh(entry.record)
    start = len(diags.items)
    _recording = []
    try:
        record = make()
        images = _recording
    finally:
        _recording = None
    _entries[id(doc)] = _Entry(doc, key, record, diags.items[start:], images)
    return _fresh(record)


def kept_for(doc) -> tuple | None:
    """What is kept for `doc`, for the parse cache to store with it: (key, record, problems, images)."""
    entry = _entries.get(id(doc))
    if entry is None or entry.doc is not doc:
        return None
    return entry.key, entry.record, entry.problems, entry.images


def adopt(doc, kept: tuple) -> None:
    """Take over what `kept_for` gave for `doc` in another process (the parse cache stores it with the
    document): a new process then validates only the files that changed, too."""
    key, record, problems, images = kept
    _entries[id(doc)] = _Entry(doc, key, record, problems, images)


def keep_only(docs) -> None:
    """Forget the records of documents no longer in the store (the parse cache let go of them)."""
    live = {id(d) for d in docs}
    for k in [k for k in _entries if k not in live]:
        del _entries[k]


def _fresh(record):
    if record is None:
        return None
    out = copy.copy(record)
    out.inline_images = []  # filled by the build (validate._check_markdown)
    return out
