"""Scores, the gate, suppressions, configuration, and linting only some files."""

from __future__ import annotations

import datetime as dt

import pytest

from shopgen.diagnostics import Diagnostic, Severity, Span
from shopgen.errors import ShopgenError
from shopgen.lint.runner import evaluate_gate, find_store, lint_store
from shopgen.lint.score import WEIGHTS, listing_score, subscores, weights_from

TODAY = dt.date(2026, 11, 22)


def d(sev, code="SG999"):
    return Diagnostic(sev, Span("x.yaml", 1, 1), "m", code)


def test_score_arithmetic():
    assert listing_score([]) == 100
    assert listing_score([d(Severity.ERROR), d(Severity.WARNING), d(Severity.INFO)]) == 100 - 25 - 10 - 2
    assert listing_score([d(Severity.ERROR)] * 5) == 0  # never below 0
    weights = weights_from({"weights": {"warning": 4, "SG103": 1, "bogus": "x"}})
    assert (
        weights[Severity.WARNING] == 4 and weights["SG103"] == 1 and weights[Severity.ERROR] == WEIGHTS[Severity.ERROR]
    )
    # SG999 weighs on the whole listing (4); SG103 on the title only: title 99 -> 0.35 of the mean
    assert listing_score([d(Severity.WARNING), d(Severity.WARNING, "SG103")], weights) == round(
        (99 * 0.35 + 100 * 0.65) - 4
    )


def test_sub_scores_judge_each_part_and_the_overall_score_weighs_them():
    findings = [d(Severity.WARNING, "SG100"), d(Severity.WARNING, "SG209"), d(Severity.INFO, "SG414")]
    assert subscores(findings) == {"title": 90, "description": 90, "images": 100, "offer": 98}
    # a listing with a good title and no keywords field is not a 30: one warning on one part
    assert listing_score([d(Severity.WARNING, "SG100")]) == round(90 * 0.35 + 100 * 0.65)
    assert listing_score(findings) == round(90 * 0.35 + 90 * 0.25 + 100 * 0.2 + 98 * 0.2)
    # a banned claim (compliance) or a store problem weighs on the whole listing
    assert listing_score([d(Severity.ERROR, "SG701")]) == 75
    # promotional text and stuffing weigh 20 on the title (what set poor titles apart in the calibration)
    assert subscores([d(Severity.WARNING, "SG106"), d(Severity.WARNING, "SG107")])["title"] == 60
    assert listing_score([d(Severity.ERROR, "SG001")]) == 75
    # a guide has no offer part
    assert "offer" not in subscores([], kind="guide")
    assert listing_score([d(Severity.WARNING, "SG100")], kind="guide") == round((90 * 0.35 + 100 * 0.45) / 0.8)


def lint(store, *paths):
    return lint_store([store.root, *paths] if not paths else list(paths), today=TODAY)


def test_catalog_score_is_the_mean_and_worst_listings(store):
    store.write(
        {
            "catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace(
                "title: LED Desk Lamp with USB-C Port, Dimmable", "title: LED Desk Lamp"
            )
        }
    )
    _site, result, _ = lint(store)
    scores = {lst.path: lst.score for lst in result.listings}
    assert result.catalog_score == round(sum(scores.values()) / len(scores), 1)
    assert result.worst(1)[0].path == "catalog/lamp.yaml"
    lamp = next(lst for lst in result.listings if lst.path == "catalog/lamp.yaml")
    assert lamp.score == listing_score(lamp.findings)


def test_gate(store):
    _site, result, _ = lint(store)
    assert not evaluate_gate(result, None, "error").failed
    low = min(lst.score for lst in result.listings)
    gate = evaluate_gate(result, low + 1, "never")
    assert gate.failed and f"below the minimum score {low + 1}" in gate.reason
    assert not evaluate_gate(result, low, "never").failed
    has_warning = any(f.severity == Severity.WARNING for f in result.findings)
    assert evaluate_gate(result, None, "warning").failed is has_warning
    assert evaluate_gate(result, None, "info").failed is bool(result.findings)


def test_yaml_suppression_used_and_unused(store):
    store.write(
        {
            "catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace(
                "title: LED Desk Lamp with USB-C Port, Dimmable", "title: LED Desk Lamp"
            )
            + "lint: {ignore: [SG104, SG702]}\n"
        }
    )
    _site, result, _ = lint(store)
    lamp = next(lst for lst in result.listings if lst.path == "catalog/lamp.yaml")
    codes = [f.code for f in lamp.findings]
    assert "SG104" not in codes
    assert [(s.code, s.used) for s in lamp.suppressions] == [("SG104", True), ("SG702", False)]
    (unused,) = [f for f in lamp.findings if f.code == "SG901"]
    assert str(unused.span) == "catalog/lamp.yaml:29:24"
    assert "SG702 is not needed" in unused.message


def test_markdown_comment_suppression(store):
    text = store.source("content/guides/coffee.md").replace(
        "A gooseneck kettle pours slowly.", "<!-- shopgen-lint: ignore SG205 -->\nPour slowly."
    )
    store.write({"content/guides/coffee.md": text})
    _site, result, _ = lint(store)
    guide = next(lst for lst in result.listings if lst.kind == "guide")
    assert "SG205" not in [f.code for f in guide.findings]
    assert [(s.code, s.used, s.span.line) for s in guide.suppressions] == [("SG205", True, 8)]
    # the comment stays out of the page
    store.build()
    assert "shopgen-lint" not in store.read("guides/coffee/index.html")


def test_config_select_ignore_severity(store):
    store.write(
        {
            "catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace(
                "title: LED Desk Lamp with USB-C Port, Dimmable", "title: LED Desk Lamp"
            )
        }
    )
    store.append("shopgen.yaml", "lint: {select: [SG1], severity: {SG104: error}}\n")
    _site, result, _ = lint(store)
    assert {f.code[:3] for f in result.findings} == {"SG1"}
    (f,) = [f for f in result.findings if f.code == "SG104"]
    assert f.severity == Severity.ERROR
    store.append("shopgen.yaml", "")


def test_lint_only_some_files_keeps_catalog_wide_rules(store):
    store.write({"catalog/copy.yaml": "sku: C-1\ntitle: LED Desk Lamp with USB-C Port, Dimmable\nslug: copy\n"})
    _site, result, _ = lint(store, f"{store.root}/catalog/copy.yaml")
    assert [lst.path for lst in result.listings] == ["catalog/copy.yaml"]
    (dup,) = [f for f in result.findings if f.code == "SG109"]
    assert "catalog/lamp.yaml has the same title" in dup.message


def test_find_store(store, tmp_path):
    assert find_store([store.root]) == (store.root, None)
    root, files = find_store([f"{store.root}/catalog/lamp.yaml", f"{store.root}/content/guides"])
    assert root == store.root and files == {"catalog/lamp.yaml", "content/guides/coffee.md"}
    with pytest.raises(ShopgenError, match="not inside a shopgen store"):
        find_store([str(tmp_path)])


def test_parallel_lint_finds_exactly_what_one_process_finds(monkeypatch):
    """Big catalogs are linted across processes; forced here on the demo store (25 products, 5 guides)."""
    import os
    import threading

    from shopgen.builder import load_site
    from shopgen.diagnostics import Diagnostics
    from shopgen.lint import engine

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    site, _ = load_site(root, Diagnostics(), today=TODAY, write_cache=False)
    # a suppressed and an unneeded suppression, so both kinds of bookkeeping cross the process boundary
    site.products[3].lint_ignore = ["SG414", "SG702"]
    # a near-duplicate pair: the index behind SG210 is built in a worker, its findings (one suppressed)
    # are added here
    site.products[5].description = site.products[4].description
    site.products[4].lint_ignore = ["SG210"]

    def summary(result):
        return [
            (lst.path, lst.score, [f.format() for f in lst.findings], [(s.code, s.used) for s in lst.suppressions])
            for lst in result.listings
        ]

    serial = engine.run_rules(site, jobs=1)
    monkeypatch.setattr(engine, "MIN_PARALLEL_LISTINGS", 1)
    monkeypatch.setattr(engine, "_CHUNK", 4)
    forked = []
    real = engine.multiprocessing.get_context
    monkeypatch.setattr(engine.multiprocessing, "get_context", lambda m: forked.append(m) or real(m))
    parallel = engine.run_rules(site, jobs=2)
    assert forked == ["fork", "fork"] or threading.active_count() > 1  # one pool per language
    assert summary(parallel) == summary(serial)
    assert any(lst.suppressions for lst in parallel.listings)
    by_path = {}
    for lst in parallel.listings:
        by_path.setdefault(lst.path, lst)  # the default language's listing
    assert [f.code for f in by_path[site.products[5].source.path].findings].count("SG210") == 1
    assert ("SG210", True) in [(s.code, s.used) for s in by_path[site.products[4].source.path].suppressions]


def _many(store, n: int, extra: str = "") -> None:
    """`n` good products with no reviews (a catalog that has none)."""
    files = {}
    for i in range(n):
        files[f"catalog/m{i:03}.yaml"] = (
            f"sku: M-{i}\ntitle: Stoneware Coffee Mug No. {i}, 350 ml, Matte Glaze\nbrand: Kiln\n"
            f"keywords: {{primary: coffee mug}}\nprice: 12.90\navailability: in_stock\n{extra}"
        )
    store.write(files)


def test_a_field_the_whole_catalog_lacks_is_one_catalog_finding(store):
    _many(store, 30)
    _site, result, _ = lint(store)
    gaps = [f for f in result.store_findings if f.code == "SG414"]
    assert len(gaps) == 1 and gaps[0].message.startswith("30 of 32 listings: ")  # the lamp and the kettle have ratings
    assert gaps[0].span.path == "catalog" and gaps[0].severity == Severity.INFO
    assert not [f for lst in result.listings for f in lst.findings if f.code == "SG414"]
    mug = next(lst for lst in result.listings if lst.path == "catalog/m000.yaml")
    assert mug.score == listing_score(mug.findings) and mug.subscores["offer"] == 100


def test_a_field_most_listings_have_stays_on_each_listing(store):
    _many(store, 5)
    _site, result, _ = lint(store)
    assert not [f for f in result.store_findings if f.code == "SG414"]
    assert len([lst for lst in result.listings if any(f.code == "SG414" for f in lst.findings)]) == 5
