"""`shopgen lint` on the command line: exit codes 0, 1, 2, formats, --explain, the demo stores' own gate."""

from __future__ import annotations

import json
import os

from click.testing import CliRunner

from conftest import ROOT
from shopgen.cli import main
from shopgen.lint import REGISTRY


def run(*args):
    return CliRunner().invoke(main, ["lint", *args])


def test_demo_stores_pass_their_own_gate():
    for store in (ROOT, os.path.join(ROOT, "examples", "zh-store")):
        res = run(store)
        assert res.exit_code == 0, res.output
        assert "Gate passed." in res.output
        assert " 0 errors, 0 warnings" in res.output


def test_gate_failure_exits_1(store):
    store.write(
        {
            "catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace(
                "title: LED Desk Lamp with USB-C Port, Dimmable", "title: 全网第一 LED Desk Lamp"
            )
        }
    )
    store.append("shopgen.yaml", "market: CN\n")  # China's Advertising Law: sold in China
    res = run(store.root)
    assert res.exit_code == 1
    assert "error: '全网第一' is an absolute claim" in res.output
    assert run(store.root, "--fail-on", "never").exit_code == 0
    assert run(store.root, "--fail-on", "never", "--min-score", "99").exit_code == 1


def test_min_score_from_config(store):
    store.append("shopgen.yaml", "lint: {min_score: 100}\n")
    res = run(store.root)
    assert res.exit_code == 1 and "below the minimum score 100" in res.output


def test_usage_and_input_errors_exit_2(store, tmp_path):
    assert run(str(tmp_path)).exit_code == 2
    assert run(store.root, "--select", "XX1").exit_code == 2
    assert run("--explain", "SG000").exit_code == 2
    assert run(store.root, "--format", "xml").exit_code == 2
    # a store error is a finding (exit 1), never a stop; an unusable shopgen.yaml is a usage problem (exit 2)
    store.write({"catalog/bad.yaml": "sku: B\n"})
    res = run(store.root)
    assert res.exit_code == 1
    assert "catalog/bad.yaml:1:1: error: required field 'title' is missing from this file [SG001]" in res.output
    store.append("shopgen.yaml", "currency: 12\n")
    res = run(store.root)
    assert res.exit_code == 2 and "Lint stopped: shopgen.yaml cannot be used" in res.output


def test_lint_never_stops_on_store_errors(tmp_path):
    """A slug collision, an invalid price and 1,000 good listings: exit 1, the store problems reported, and
    every one of the 1,000 listings judged."""
    import shutil

    from conftest import BASIC

    root = tmp_path / "store"
    shutil.copytree(BASIC, root)
    good = (
        "sku: G-{i}\ntitle: Stoneware Coffee Mug No. {i}, 350 ml, Matte Glaze\nbrand: Kiln\n"
        "keywords: {{primary: coffee mug}}\nprice: 12.90\navailability: in_stock\n"
    )
    for i in range(1000):
        (root / "catalog" / f"g{i:04}.yaml").write_text(good.format(i=i), encoding="utf-8")
    (root / "catalog" / "x1.yaml").write_text("sku: X-1\ntitle: Mug One Of Two\nslug: same-mug\n", encoding="utf-8")
    (root / "catalog" / "x2.yaml").write_text("sku: X-2\ntitle: Mug Two Of Two\nslug: same-mug\n", encoding="utf-8")
    (root / "catalog" / "x3.yaml").write_text("sku: X-3\ntitle: Mug Three\nprice: ten\n", encoding="utf-8")
    res = run(str(root), "--format", "json", "--no-cache")
    assert res.exit_code == 1
    data = json.loads(res.output)
    by_path = {lst["path"]: lst for lst in data["listings"]}
    assert sum(1 for p in by_path if p.startswith("catalog/g")) == 1000
    assert all(by_path[f"catalog/g{i:04}.yaml"]["findings"] for i in range(1000))  # judged: e.g. no summary
    codes = {(f["path"], f["code"]) for lst in data["listings"] for f in lst["findings"]}
    assert ("catalog/x2.yaml", "SG002") in codes and ("catalog/x3.yaml", "SG001") in codes
    assert data["counts"]["error"] >= 2 and data["gate"]["failed"]


def test_formats_and_output_file(store, tmp_path):
    out = tmp_path / "lint.json"
    res = run(store.root, "--format", "json", "--output", str(out))
    assert res.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["tool"]["name"] == "shopgen"
    sarif = json.loads(run(store.root, "--format", "sarif").output)
    assert sarif["version"] == "2.1.0"
    assert run(store.root, "--format", "github").output.strip().splitlines()[-1].endswith("Gate passed.")


def test_html_report_option(store, tmp_path):
    report = tmp_path / "report.html"
    res = run(store.root, "--report", str(report))
    assert res.exit_code == 0 and report.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_explain_and_list_rules():
    res = run("--explain", "sg101")
    assert res.exit_code == 0
    assert res.output.startswith(
        "SG101 title-missing-keyword (warning; checks product and guide; also checked by `shopgen build`)"
    )
    assert "## Why" in res.output and "## Example" in res.output
    listed = run("--list-rules").output.splitlines()
    assert len(listed) == len(REGISTRY)


def test_lint_changed_files_only(store):
    res = run(os.path.join(store.root, "catalog", "kettle.yaml"))
    assert res.exit_code == 0
    assert "1 listing checked" in res.output
