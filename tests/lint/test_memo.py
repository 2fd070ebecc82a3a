"""Build-time findings kept between builds: unchanged listings are not linted again, changed ones are."""

from __future__ import annotations

import json
import os

from shopgen.lint import engine


def codes(result) -> list[tuple[str, str]]:
    return sorted((d.span.path, d.code) for d in result.diagnostics if d.code)


def test_a_rebuild_lints_only_what_changed_and_reports_the_same(store, monkeypatch):
    lamp = store.source("catalog/lamp.yaml")
    store.write(
        {"catalog/lamp.yaml": lamp.replace("title: LED Desk Lamp with USB-C Port, Dimmable", "title: LED Lamp")}
    )
    first = store.build()
    assert ("catalog/lamp.yaml", "SG104") in codes(first)  # the short title
    memo = os.path.join(store.root, ".shopgen-cache", "lint-findings.json")
    with open(memo, encoding="utf-8") as fh:
        assert len(json.load(fh)["entries"]) == 3  # two products and a guide

    linted = []
    real = engine._Run.lint
    monkeypatch.setattr(
        engine._Run, "lint", lambda self, kind, item: linted.append(item.path) or real(self, kind, item)
    )
    kettle = store.source("catalog/kettle.yaml")
    store.write({"catalog/kettle.yaml": kettle.replace("price: ", "price: 1", 1)})
    second = store.build()
    assert linted == ["catalog/kettle.yaml"]
    assert codes(second) == codes(first)  # the lamp's finding comes from the memo
    linted.clear()
    store.write({"catalog/lamp.yaml": lamp})  # the title mended
    third = store.build()
    assert linted == ["catalog/lamp.yaml"] and ("catalog/lamp.yaml", "SG104") not in codes(third)
