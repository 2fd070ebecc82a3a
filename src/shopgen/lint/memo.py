"""The findings `shopgen build` prints for each listing, kept between builds: a build after one product was
edited runs the rules on that product only.

Keyed by a digest of everything the build-time rules read (the listing's file and images, its language,
and — in `salt` — shopgen's code, shopgen.yaml, the build day and the message language); one JSON file
beside the build states. The catalog-wide rules never run at build time, so a listing's findings depend
on it alone. Safe to delete.
"""

from __future__ import annotations

import json
import os

from ..diagnostics import Diagnostic
from ..fingerprint import digest
from ..incremental import diagnostics_from_json, diagnostics_to_json

VERSION = 1


class FindingsMemo:
    def __init__(self, path: str | None, salt: str, record):
        self.path = path
        self.salt = salt
        self.record = record  # fingerprint.Fingerprints.record
        self.entries: dict[str, list] = {}
        self.used: dict[str, list] = {}
        if path:
            try:
                with open(path, encoding="utf-8") as fh:
                    data = json.load(fh)
                if isinstance(data, dict) and data.get("version") == VERSION and isinstance(data.get("entries"), dict):
                    self.entries = data["entries"]
            except (OSError, ValueError):
                pass

    def key(self, item, language: str) -> str:
        return digest([self.salt, language, self.record(item)])

    def get(self, key: str) -> list[Diagnostic] | None:
        found = self.entries.get(key)
        if found is None:
            return None
        try:
            findings = diagnostics_from_json(found)
        except (KeyError, TypeError, ValueError):
            return None
        self.used[key] = found
        return findings

    def put(self, key: str, findings: list[Diagnostic]) -> None:
        self.used[key] = diagnostics_to_json(findings)

    def save(self) -> None:
        """Keep the findings of this build's listings (only theirs: what is gone is dropped)."""
        if not self.path or self.used == self.entries:
            return
        tmp = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(tmp, "w", encoding="utf-8") as fh:
                # dumps, not dump: only the one-shot encoder is the C one (five times faster here)
                fh.write(
                    json.dumps({"version": VERSION, "entries": self.used}, ensure_ascii=False, separators=(",", ":"))
                )
            os.replace(tmp, self.path)
        except OSError:
            pass
