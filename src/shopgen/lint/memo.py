"""The findings of each listing's own rules, kept between runs: a build or a lint after one product was
edited runs those rules on that product only (the catalog-wide rules, which read other listings, run
every time).

Keyed by a digest of everything those rules read (the listing's file and images, its language, the lint
settings and rules chosen, and — in `salt` — shopgen's code, shopgen.yaml, the day and the message
language); one JSON file in the store's cache folder (`lint-findings.json` for `build`, `lint-memo.json`
for `lint`). An entry keeps the findings and which of the listing's suppressions they used. Safe to delete.
"""

from __future__ import annotations

import datetime as dt
import json
import os

from .. import messages
from ..diagnostics import Diagnostic
from ..fingerprint import code_digest, digest
from ..incremental import diagnostics_from_json, diagnostics_to_json

VERSION = 2


_open: dict[str, FindingsMemo] = {}  # the memos this process has used, by file (serve builds again and again)


class FindingsMemo:
    def __init__(self, path: str | None, site, day: dt.date, record, read: bool = True):
        self.path = path
        self.folder = os.path.dirname(path) if path else None  # where catalog-wide indexes may be kept too
        # what the rules read besides each listing: shopgen, shopgen.yaml, the day, the message language
        self.salt = digest([code_digest(), site.config.source.digest, day.isoformat(), messages.active()])
        self.record = record  # fingerprint.Fingerprints.record
        self.entries: dict[str, list] = {}
        self.used: dict[str, list] = {}
        self.decoded: dict[str, tuple[tuple[Diagnostic, ...], list[bool]]] = {}  # entries already read
        if path and read:
            try:
                with open(path, encoding="utf-8") as fh:
                    data = json.load(fh)
                if isinstance(data, dict) and data.get("version") == VERSION and isinstance(data.get("entries"), dict):
                    self.entries = data["entries"]
            except (OSError, ValueError):
                pass

    @classmethod
    def shared(cls, path: str | None, site, day: dt.date, record) -> FindingsMemo:
        """The memo at `path` as this process left it after its last run (the file is read once, and the
        findings decoded once, in a process that builds again and again), else read from the file."""
        last = _open.get(path) if path else None
        memo = cls(path, site, day, record, read=last is None)
        if last is not None:
            memo.entries, memo.decoded = last.used, last.decoded
        if path:
            _open.pop(path, None)
            while len(_open) >= 4:  # a few stores per process at most (tests build hundreds)
                del _open[next(iter(_open))]
            _open[path] = memo
        return memo

    def key(self, item, language: str, rules: str = "") -> str:
        """The entry of `item` in `language` for the rules and settings described by `rules`."""
        return digest([self.salt, language, rules, self.record(item)])

    def get(self, key: str) -> tuple[list[Diagnostic], list[bool]] | None:
        """(findings, whether each of the listing's suppressions was used) of the last run, or None."""
        found = self.entries.get(key)
        if found is None:
            return None
        known = self.decoded.get(key)
        if known is None:
            try:
                known = tuple(diagnostics_from_json(found[0])), [bool(u) for u in found[1]]
            except (KeyError, TypeError, ValueError, IndexError):
                return None
            self.decoded[key] = known
        self.used[key] = found
        return list(known[0]), list(known[1])

    def put(self, key: str, findings: list[Diagnostic], used: list[bool]) -> None:
        self.used[key] = [diagnostics_to_json(findings), used]
        self.decoded[key] = tuple(findings), list(used)

    def save(self) -> None:
        """Keep the findings of this run's listings (only theirs: what is gone is dropped)."""
        self.decoded = {k: v for k, v in self.decoded.items() if k in self.used}
        if not self.path or self.used == self.entries:
            return
        write_json(self.path, {"version": VERSION, "entries": self.used})


def write_json(path: str, data) -> None:
    """Write `data` to `path` atomically; a cache that cannot be written is simply not kept."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as fh:
            # dumps, not dump: only the one-shot encoder is the C one (five times faster here)
            fh.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        os.replace(tmp, path)
    except OSError:
        pass


def kept(folder: str | None, name: str, key: str, make):
    """`make()`, or what it returned last time for the same `key` (kept as JSON in `folder`/`name`; with
    no folder, always `make()`). For catalog-wide indexes that cost seconds and change rarely."""
    if folder:
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as fh:
                data = json.load(fh)
            if isinstance(data, dict) and data.get("key") == key:
                return data["value"]
        except (OSError, ValueError, KeyError):
            pass
    value = make()
    if folder:
        write_json(os.path.join(folder, name), {"key": key, "value": value})
    return value
