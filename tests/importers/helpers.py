"""Helpers of the import tests: an empty store, the import command, the files of a catalog."""

from __future__ import annotations

import os
import textwrap

from click.testing import CliRunner

from conftest import ROOT, TODAY
from shopgen import build
from shopgen.cli import main

EXPORTS = os.path.join(ROOT, "..", "shared", "data", "exports")
CONFIG = """\
name: Test Shop
base_url: https://shop.example.com
language: en
currency: USD
returns: {days: 30, fees: free, countries: [US]}
shipping: {country: US, cost: 0, min_days: 1, max_days: 5}
"""


def export(rel: str) -> str:
    """The path of a real export in ../shared/data/exports (the test is skipped when it is not there)."""
    import pytest

    path = os.path.join(EXPORTS, rel)
    if not os.path.isfile(path):
        pytest.skip(f"{rel} is not in ../shared/data/exports on this machine (it is in CI)")
    return path


def new_store(root, config: str = CONFIG) -> str:
    """An empty store (shopgen.yaml only) at `root`."""
    root = str(root)
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "shopgen.yaml"), "w", encoding="utf-8") as fh:
        fh.write(config)
    return root


def write(path, text: str) -> str:
    path = str(path)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(textwrap.dedent(text).lstrip("\n"))
    return path


def run_import(*args: str):
    """`shopgen import ARGS...` through Click's test runner."""
    return CliRunner().invoke(main, ["import", *args])


def import_text(tmp_path, fmt: str, name: str, text: str, *args: str):
    """Write `text` to tmp_path/name, import it in `fmt` into a new store: (source, store, result)."""
    source = write(tmp_path / name, text)
    store = new_store(tmp_path / "store")
    return source, store, run_import(fmt, source, "--into", store, *args)


def catalog(store: str) -> dict[str, bytes]:
    """Every file under the store's catalog/, by relative path."""
    out = {}
    top = os.path.join(store, "catalog")
    for folder, _dirs, files in os.walk(top):
        for name in files:
            path = os.path.join(folder, name)
            with open(path, "rb") as fh:
                out[os.path.relpath(path, store).replace(os.sep, "/")] = fh.read()
    return out


def build_store(store: str, tmp_path):
    """Build `store` (not strict) into tmp_path/out; the BuildResult."""
    return build(store, out=str(tmp_path / "out"), today=TODAY)


def read_product(store: str, rel: str):
    import yaml

    with open(os.path.join(store, rel), encoding="utf-8") as fh:
        return yaml.safe_load(fh)
