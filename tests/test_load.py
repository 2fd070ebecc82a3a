"""Reading store files: a file parsed earlier in the process is reused only while its text is the same."""

from __future__ import annotations

import os
import shutil

from shopgen.diagnostics import Diagnostics
from shopgen.load import load_store


def _lamp(raw):
    return next(d for d in raw.products if d.path == "catalog/lamp.yaml")


def test_unchanged_files_are_not_parsed_again(store):
    first = _lamp(load_store(store.root, Diagnostics()))
    assert _lamp(load_store(store.root, Diagnostics())) is first
    store.write({"catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace("price: 39.90", "price: 41.90")})
    changed = _lamp(load_store(store.root, Diagnostics()))
    assert changed is not first and str(changed.data["price"]) == "41.9"
    assert changed.smap.digest != first.smap.digest


def test_problems_are_reported_again_from_the_cache(store):
    store.write({"catalog/bad.yaml": "sku: B-1\ntitle: [unclosed\n"})
    for _ in range(2):
        diags = Diagnostics()
        load_store(store.root, diags)
        assert [str(d.span) for d in diags.errors] == ["catalog/bad.yaml:3:1"]


def test_the_same_file_under_another_root_keeps_its_own_path(store):
    # store/catalog/catalog/lamp2.yaml is catalog/catalog/lamp2.yaml to the store, and catalog/lamp2.yaml to a
    # store rooted at store/catalog: one file, two paths
    inner = os.path.join(store.root, "catalog")
    store.write({"catalog/catalog/lamp2.yaml": store.source("catalog/lamp.yaml"), "catalog/shopgen.yaml": "x: 1\n"})
    outer = load_store(store.root, Diagnostics())
    assert "catalog/catalog/lamp2.yaml" in [d.path for d in outer.products]
    assert [d.path for d in load_store(inner, Diagnostics()).products] == ["catalog/lamp2.yaml"]


def test_store_files_that_resolve_outside_the_store_are_refused(store, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("sku: X\n", encoding="utf-8")
    os.symlink(outside / "secret.yaml", os.path.join(store.root, "catalog", "linked.yaml"))
    diags = Diagnostics()
    load_store(store.root, diags)
    assert [(d.span.path, d.message) for d in diags.errors] == [
        ("catalog/linked.yaml", "this file is a link to a place outside the store folder")
    ]
    # a whole folder linked from outside: its files resolve outside too
    os.remove(os.path.join(store.root, "catalog", "linked.yaml"))
    shutil.move(os.path.join(store.root, "content"), outside / "content")
    os.symlink(outside / "content", os.path.join(store.root, "content"))
    diags = Diagnostics()
    load_store(store.root, diags)
    assert diags.errors and all("outside the store" in d.message for d in diags.errors)
    assert {d.span.path.split("/")[0] for d in diags.errors} == {"content"}


def test_many_files_are_parsed_by_several_processes_with_the_same_result(store, tmp_path, monkeypatch):
    """A first build parses its files across processes; the documents and problems are those of one."""
    import multiprocessing

    from shopgen import load, parse_cache, render_pool
    from shopgen.parse_cache import ParseCache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    lamp = store.source("catalog/lamp.yaml")
    for i in range(12):
        store.write({f"catalog/more/lamp-{i:02}.yaml": lamp.replace("LAMP-1", f"LAMP-{i + 10}")})
    store.write({"catalog/more/broken.yaml": "sku: [unclosed\n", "catalog/more/latin1.yaml": b"title: caf\xe9\n"})
    monkeypatch.setattr(parse_cache, "RACY_NS", 0)

    def loaded(minimum: int, folder: str):
        monkeypatch.setattr(load, "MIN_PARALLEL_PARSE", minimum)
        diags = Diagnostics()
        raw = load_store(store.root, diags, ParseCache(str(tmp_path / folder), store.root))
        docs = [(d.path, d.data, d.smap.spans, d.smap.key_spans, d.body) for d in [*raw.products, *raw.guides]]
        return docs, [d.format() for d in diags.items]

    forked = []
    real = multiprocessing.get_context
    monkeypatch.setattr(render_pool.os, "cpu_count", lambda: 2)
    serial = loaded(10_000, "serial")
    monkeypatch.setattr(load.multiprocessing, "get_context", lambda m: forked.append(m) or real(m))
    parallel = loaded(4, "parallel")
    assert forked == ["fork"]
    assert parallel == serial
    assert len(serial[0]) == 14 + 1  # the two products, twelve more and the guide; the bad files are reported
    assert any("broken.yaml" in f for f in serial[1]) and any("latin1.yaml" in f for f in serial[1])
