"""Helpers to read built pages back with a real HTML parser."""

from __future__ import annotations

import json
import os

from bs4 import BeautifulSoup


def soup(path: str) -> BeautifulSoup:
    with open(path, encoding="utf-8") as fh:
        return BeautifulSoup(fh.read(), "html.parser")


def jsonld(doc: BeautifulSoup) -> list[dict]:
    """Every JSON-LD node of a page, with @graph flattened."""
    nodes = []
    for script in doc.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        for item in data if isinstance(data, list) else [data]:
            nodes.extend(item.get("@graph", [item]))
    return nodes


def of_type(nodes: list[dict], type_: str) -> list[dict]:
    return [n for n in nodes if n.get("@type") == type_]


def html_files(out: str) -> list[str]:
    found = []
    for dirpath, _dirs, files in os.walk(out):
        found += [os.path.join(dirpath, f) for f in files if f.endswith(".html")]
    return sorted(found)


def tree_bytes(folder: str) -> dict[str, bytes]:
    """Every file under `folder` (relative path -> bytes), to compare whole outputs."""
    found = {}
    for dirpath, _dirs, names in os.walk(folder):
        for n in names:
            p = os.path.join(dirpath, n)
            with open(p, "rb") as fh:
                found[os.path.relpath(p, folder)] = fh.read()
    return found
