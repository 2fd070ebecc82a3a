"""The theme's templates: compiled once per user, recompiled whenever their source changes."""

from __future__ import annotations

import os

from shopgen import themes


def test_compiled_templates_are_kept_in_the_users_cache_and_follow_their_source(store, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.setattr(themes, "_bytecode", {})
    store.build()
    folder = tmp_path / "user-cache" / "shopgen" / "templates"
    assert len(os.listdir(folder)) >= 5  # the default theme's templates, compiled
    assert not os.path.exists(os.path.join(store.root, ".shopgen-cache", "templates"))
    for text in ("Gone: first version", "Gone: second version"):
        store.write({"themes/default/templates/404.html": f"<!doctype html><title>{text}</title>\n"})
        store.build()
        with open(os.path.join(store.out, "404.html"), encoding="utf-8") as fh:
            assert text in fh.read()
