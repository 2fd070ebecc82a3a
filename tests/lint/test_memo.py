"""Findings kept between runs: unchanged listings are not linted again by their own rules, changed ones are,
and the catalog-wide rules always run."""

from __future__ import annotations

import json
import os

from click.testing import CliRunner

from shopgen.cli import main
from shopgen.lint import engine, similarity


def codes(result) -> list[tuple[str, str]]:
    return sorted((d.span.path, d.code) for d in result.diagnostics if d.code)


def spy_on_rules(monkeypatch) -> list[str]:
    """The listings whose own (not catalog-wide) rules run, in order."""
    linted: list[str] = []
    real = engine._Run.check

    def check(self, kind, item, chosen):
        if any(not r.catalog_wide for r in chosen):
            linted.append(item.path)
        return real(self, kind, item, chosen)

    monkeypatch.setattr(engine._Run, "check", check)
    return linted


def lint(store, *args) -> list[str]:
    result = CliRunner().invoke(main, ["lint", store.root, "--format", "json", "--fail-on", "never", *args])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    return sorted(
        f"{f['path']}:{f['line']} {f['code']} {lst['score']}" for lst in report["listings"] for f in lst["findings"]
    )


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

    linted = spy_on_rules(monkeypatch)
    kettle = store.source("catalog/kettle.yaml")
    store.write({"catalog/kettle.yaml": kettle.replace("price: ", "price: 1", 1)})
    second = store.build()
    assert linted == ["catalog/kettle.yaml"]
    assert codes(second) == codes(first)  # the lamp's finding comes from the memo
    linted.clear()
    store.write({"catalog/lamp.yaml": lamp})  # the title mended
    third = store.build()
    assert linted == ["catalog/lamp.yaml"] and ("catalog/lamp.yaml", "SG104") not in codes(third)


def test_a_process_that_builds_again_keeps_the_findings_in_memory(store, monkeypatch):
    """`shopgen serve` builds again and again: the memo is read from its file once, then kept in memory."""
    from shopgen.lint import memo

    lamp = store.source("catalog/lamp.yaml")
    store.write({"catalog/lamp.yaml": lamp.replace("title: LED Desk Lamp with USB-C Port, Dimmable", "title: LED")})
    first = store.build()
    path = os.path.join(store.root, ".shopgen-cache", "lint-findings.json")
    os.remove(path)  # not read again by this process
    linted = spy_on_rules(monkeypatch)
    kettle = store.source("catalog/kettle.yaml")
    store.write({"catalog/kettle.yaml": kettle.replace("price: ", "price: 1", 1)})
    second = store.build()
    assert linted == ["catalog/kettle.yaml"] and codes(second) == codes(first)
    with open(path, encoding="utf-8") as fh:
        assert len(json.load(fh)["entries"]) == 3  # written again, with every listing
    memo._open.clear()  # as a new process: from the file
    linted.clear()
    store.write({"catalog/kettle.yaml": kettle})
    third = store.build()
    assert linted == ["catalog/kettle.yaml"] and codes(third) == codes(first)


def test_lint_reuses_unchanged_listings_findings_and_runs_catalog_wide_rules_every_time(store, monkeypatch):
    first = lint(store)
    assert os.path.isfile(os.path.join(store.root, ".shopgen-cache", "lint-memo.json"))
    linted = spy_on_rules(monkeypatch)
    assert lint(store) == first and linted == []
    # the kettle takes the lamp's title: only the kettle is linted again, yet the lamp (from the memo)
    # gets its duplicate-title finding, which a catalog-wide rule reports
    lamp_title = "title: LED Desk Lamp with USB-C Port, Dimmable"
    kettle = store.source("catalog/kettle.yaml")
    store.write({"catalog/kettle.yaml": _retitled(kettle, lamp_title)})
    third = lint(store)
    assert linted == ["catalog/kettle.yaml"]
    assert any(f.startswith("catalog/lamp.yaml:") and " SG109 " in f for f in third)
    assert third == lint(store, "--no-cache")


def test_the_near_duplicate_index_is_kept_until_a_description_changes(store, monkeypatch):
    calls = []
    real = similarity.near_duplicates
    monkeypatch.setattr("shopgen.lint.rules.descriptions.near_duplicates", lambda ps: calls.append(1) or real(ps))
    monkeypatch.setattr("shopgen.lint.rules.descriptions._last_index", ("", {}))  # as in a new process
    lint(store)
    monkeypatch.setattr("shopgen.lint.rules.descriptions._last_index", ("", {}))
    lint(store)
    assert len(calls) == 1
    lamp = store.source("catalog/lamp.yaml")
    store.write({"catalog/lamp.yaml": lamp.replace("five colour modes", "six colour modes")})
    monkeypatch.setattr("shopgen.lint.rules.descriptions._last_index", ("", {}))
    lint(store)
    assert len(calls) == 2


def _retitled(text: str, title_line: str) -> str:
    lines = text.split("\n")
    # (its own slug: the title would give it the other product's address)
    return "\n".join(title_line + "\nslug: gooseneck-kettle" if line.startswith("title:") else line for line in lines)
