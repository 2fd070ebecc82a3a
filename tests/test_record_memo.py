"""Records kept between the builds of one process (`shopgen serve`): only changed files are validated again,
and a kept record never hides a problem or an edit."""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import TODAY
from htmlutil import tree_bytes
from shopgen import build, messages, parse_cache, validate
from shopgen.errors import BuildFailed


@pytest.fixture
def built(store, monkeypatch):
    """Records which catalog files `build_product` validates in each build. (Files written by a test are
    new: the parse cache would not keep them for two seconds.)"""
    monkeypatch.setattr(parse_cache, "RACY_NS", 0)
    seen: list[str] = []
    real = validate.build_product

    def spy(root, doc, *args, **kwargs):
        seen.append(doc.path)
        return real(root, doc, *args, **kwargs)

    monkeypatch.setattr(validate, "build_product", spy)
    store.seen = seen
    return store


def test_only_the_edited_product_is_validated_again_and_the_site_equals_a_clean_build(built, tmp_path):
    built.build()
    assert sorted(built.seen) == ["catalog/kettle.yaml", "catalog/lamp.yaml"]
    built.seen.clear()
    text = built.source("catalog/lamp.yaml").replace("price: 39.90", "price: 41.90")
    built.write({"catalog/lamp.yaml": text})
    built.build()
    assert built.seen == ["catalog/lamp.yaml"]
    clean = tmp_path / "clean"
    shutil.copytree(built.root, clean, ignore=shutil.ignore_patterns("public", ".public.spare", ".shopgen-cache"))
    build(str(clean), out=str(tmp_path / "clean-out"), today=TODAY)
    assert tree_bytes(built.out) == tree_bytes(str(tmp_path / "clean-out"))


def test_a_deleted_image_is_reported_although_its_product_file_did_not_change(built):
    built.build()
    os.remove(os.path.join(built.root, "catalog", "images", "lamp.jpg"))
    with pytest.raises(BuildFailed) as failed:
        built.build()
    assert any("image file not found: images/lamp.jpg" in d.message for d in failed.value.diagnostics)


def test_a_product_is_validated_again_when_the_message_language_changes(built):
    built.build()
    built.seen.clear()
    messages.use("zh-CN")
    built.build(full=True)
    assert sorted(built.seen) == ["catalog/kettle.yaml", "catalog/lamp.yaml"]


def test_problems_of_a_kept_record_are_reported_again(built):
    text = built.source("catalog/lamp.yaml").replace("sale_price: 29.90\n", "")
    built.write({"catalog/lamp.yaml": text})
    first = [d.format() for d in built.build(full=True).diagnostics]
    assert any("'sale_ends' is set but there is no 'sale_price'" in f for f in first)
    built.seen.clear()
    again = [d.format() for d in built.build(full=True).diagnostics]
    assert "catalog/lamp.yaml" not in built.seen
    assert again == first


def test_a_new_process_takes_the_records_over_from_the_parse_cache(built, monkeypatch):
    from shopgen import load, record_memo

    built.build()
    parse_cache.ParseCache.wait()
    for kept in (record_memo._entries, parse_cache._open, load._parsed):  # as in a new process
        kept.clear()
    built.seen.clear()
    first = built.build(full=True)
    assert built.seen == []  # the records came with the parsed files
    os.remove(os.path.join(built.root, "catalog", "images", "kettle.jpg"))
    for kept in (record_memo._entries, parse_cache._open, load._parsed):
        kept.clear()
    with pytest.raises(BuildFailed) as failed:
        built.build()
    assert any("image file not found: images/kettle.jpg" in d.message for d in failed.value.diagnostics)
    assert first.pages
