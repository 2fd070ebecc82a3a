"""The catalog files already in a store, found by the import that wrote them and by SKU."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import yaml

from ..load import CATALOG_DIR

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Existing:
    path: str  # relative to the store, forward slashes
    data: dict


@dataclass
class StoreIndex:
    by_import: dict[tuple[str, str, str], Existing] = field(default_factory=dict)  # (format, source, id)
    by_sku: dict[str, Existing] = field(default_factory=dict)
    paths: set[str] = field(default_factory=set)


def import_record(data: dict) -> dict:
    """The `extra.import` mapping of a product (empty when an editor wrote the file)."""
    extra = data.get("extra")
    record = extra.get("import") if isinstance(extra, dict) else None
    return record if isinstance(record, dict) else {}


def scan(store: str) -> StoreIndex:
    """Every readable product file under `catalog/` (files that do not parse are left to the build to report)."""
    index = StoreIndex()
    top = os.path.join(store, CATALOG_DIR)
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(folder, name), store).replace(os.sep, "/")
            index.paths.add(rel)
            if not name.endswith((".yaml", ".yml")) or name.startswith((".", "_")):
                continue
            try:
                with open(os.path.join(folder, name), encoding="utf-8") as fh:
                    data = yaml.load(fh, Loader=_Loader)
            except (OSError, ValueError, yaml.YAMLError):
                continue
            if not isinstance(data, dict):
                continue
            found = Existing(rel, data)
            record = import_record(data)
            if record:
                key = (str(record.get("format")), str(record.get("source")), str(record.get("id")))
                index.by_import[key] = found
            if isinstance(data.get("sku"), str):
                index.by_sku.setdefault(data["sku"], found)
    return index
