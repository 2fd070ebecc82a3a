"""Parsed files kept between builds: used only for the very same file, never loaded unless this user made it."""

from __future__ import annotations

import os
import pickle

import pytest

import shopgen.sourcemap
from conftest import TODAY
from shopgen import parse_cache
from shopgen.parse_cache import FILE, MAGIC, ParseCache


@pytest.fixture(autouse=True)
def private_key_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def parsed_files(store, monkeypatch) -> list[str]:
    """Build the store and return the files it parsed (rather than took from the cache)."""
    seen = []
    real = shopgen.sourcemap.load_yaml

    def spy(text, path, line_offset=0):
        seen.append(path)
        return real(text, path, line_offset)

    monkeypatch.setattr("shopgen.load.load_yaml", spy)
    store.build(today=TODAY, full=True)  # full: past the "nothing changed" shortcut, into loading
    ParseCache.wait()
    return sorted(seen)


def test_an_unchanged_store_is_not_parsed_again_and_an_edited_file_is(store, monkeypatch):
    monkeypatch.setattr(parse_cache, "RACY_NS", 0)
    first = parsed_files(store, monkeypatch)
    assert "catalog/lamp.yaml" in first and "shopgen.yaml" in first
    import shopgen.load

    shopgen.load._parsed.clear()  # as in a new process
    assert parsed_files(store, monkeypatch) == []
    store.append("catalog/lamp.yaml", "# edited\n")
    shopgen.load._parsed.clear()
    assert parsed_files(store, monkeypatch) == ["catalog/lamp.yaml"]
    assert store.build(today=TODAY).pages_by_kind["product"] == 2


def test_files_changed_just_now_are_not_cached(store, monkeypatch):
    store.append("catalog/lamp.yaml", "# edited\n")  # modified now: within the racy window
    parsed_files(store, monkeypatch)
    import shopgen.load

    shopgen.load._parsed.clear()
    assert parsed_files(store, monkeypatch) == ["catalog/lamp.yaml"]


class Boom:
    def __reduce__(self):
        return (open, (os.environ["BOOM_FILE"], "w"))


def test_a_cache_this_user_did_not_sign_is_never_unpickled(store, tmp_path, monkeypatch):
    boom = tmp_path / "boom"
    monkeypatch.setenv("BOOM_FILE", str(boom))
    folder = os.path.join(store.root, ".shopgen-cache")
    os.makedirs(folder, exist_ok=True)
    payload = pickle.dumps(Boom())
    with open(os.path.join(folder, FILE), "wb") as fh:
        fh.write(MAGIC + b"\0" * 32 + payload)  # a cache committed by someone else
    store.build(today=TODAY)
    assert not boom.exists()
