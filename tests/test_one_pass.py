"""One run reports every problem of the store: an unknown field does not hide a missing image, which does not
hide a duplicate SKU, which does not hide the copy's warnings; a failed build still writes its report."""

from __future__ import annotations

import json

from click.testing import CliRunner

from shopgen.cli import main

BAD_STORE = {
    # an unknown field and a missing image in the same file, and a title too short for the google profile
    "catalog/a.yaml": "sku: A-1\ntitle: Mug\npriec: 3\nimages:\n  - {src: images/nope.jpg, alt: A mug}\n",
    # a duplicate SKU (the kettle's variant) and a currency that is not ISO 4217
    "catalog/b.yaml": "sku: KET-1-BLK\ntitle: Stoneware Coffee Mug, 350 ml\nprice: 12\ncurrency: RMB\n",
    # a NUL byte pasted from a spreadsheet
    "catalog/c.yaml": "sku: C-1\ntitle: Glass Teapot\x00 with Infuser\nprice: 3\n",
    # not UTF-8
    "catalog/d.yaml": b"sku: D-1\ntitle: Caf\xe9 Cup\n",
    # front matter opened and never closed
    "content/guides/open.md": "---\ntitle: How to choose a teapot\n\nA teapot guide.\n",
    # amounts shopgen never guesses at: a decimal comma, an overflow, NaN, infinity
    "catalog/f.yaml": "sku: F-1\ntitle: Enamel Camping Mug, 300 ml, Red\nprice: '12,99'\nsale_price: 1e26\n"
    "keywords: {primary: mug}\nvariants:\n  - {sku: F-1-B, attributes: {color: Blue}, price: .nan}\n"
    "  - {sku: F-1-G, attributes: {color: Green}, price: .inf}\n",
    # a price that is not a number: reported once (not also as a missing price)
    "catalog/e.yaml": "sku: E-1\ntitle: Enamel Camping Mug, 300 ml, Blue\nprice: ten\nkeywords: {primary: mug}\n",
}


def test_every_problem_of_the_store_in_one_run(store, tmp_path):
    store.write(BAD_STORE)
    report = tmp_path / "report.json"
    res = CliRunner().invoke(main, ["build", store.root, "--report", str(report)])
    assert res.exit_code == 1
    lines = [line for line in res.output.splitlines() if ": error: " in line or ": warning: " in line]
    errors = [line for line in lines if ": error: " in line]
    assert errors == [
        "catalog/a.yaml:3:1: error: unknown field 'priec' [SG001]",
        "catalog/a.yaml:5:11: error: image file not found: images/nope.jpg (looked for catalog/images/nope.jpg)"
        " [SG003]",
        "catalog/b.yaml:4:11: error: 'currency' is 'RMB', which is not an ISO 4217 currency [SG001]",
        "catalog/c.yaml:2:20: error: the file contains the control character U+0000 (NUL), which YAML does not"
        " allow [SG001]",
        "catalog/d.yaml:2:11: error: the file is not valid UTF-8 (byte 0xe9) [SG001]",
        "catalog/e.yaml:3:8: error: 'price' must be a number like 19.99, got 'ten' [SG001]",
        "catalog/f.yaml:3:8: error: 'price' is '12,99': its comma could be a decimal comma [SG001]",
        "catalog/f.yaml:4:13: error: 'sale_price' is '1e26', more than shopgen accepts (at most 1,000,000,000,000)"
        " [SG001]",
        "catalog/f.yaml:7:52: error: 'variants[0].price' is nan, which is not a number [SG001]",
        "catalog/f.yaml:8:53: error: 'variants[1].price' is inf, which is not a number [SG001]",
        # reported once, at the later file, saying where it was first defined
        "catalog/kettle.yaml:13:11: error: duplicate SKU 'KET-1-BLK': first defined at catalog/b.yaml:1:6 [SG002]",
        "content/guides/open.md:1:1: error: the front matter opened on line 1 is never closed [SG001]",
    ]
    assert "did you mean 'CNY'?" in res.output
    warnings = [line for line in lines if ": warning: " in line]
    assert (
        "catalog/a.yaml:2:8: warning: the title is 3 columns wide; the google profile expects at least 20 [SG104]"
        in warnings
    )
    # a refused or misspelt price is not also reported as missing
    assert not [w for w in warnings if "[SG401]" in w]
    assert "catalog/b.yaml:2:8: warning: no primary keyword is set [SG100]" in warnings
    assert lines == sorted(lines, key=lambda s: (s.split(":")[0], int(s.split(":")[1]), int(s.split(":")[2])))
    summary = (
        f"Build failed: 12 errors, {len(warnings)} warning{'s' if len(warnings) != 1 else ''}. Nothing was written."
    )
    assert summary in res.output and len(warnings) >= 3
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["status"] == "failed" and data["why"] == summary
    assert len(data["errors"]) == 12 and len(data["warnings"]) == len(warnings)
    assert data["errors"][0] == {
        "path": "catalog/a.yaml",
        "line": 3,
        "column": 1,
        "code": "SG001",
        "message": "unknown field 'priec'",
    }


def test_a_built_report_says_built(store, tmp_path):
    report = tmp_path / "report.json"
    assert CliRunner().invoke(main, ["build", store.root, "--report", str(report)]).exit_code == 0
    assert json.loads(report.read_text(encoding="utf-8"))["status"] == "built"
    assert CliRunner().invoke(main, ["build", store.root, "--report", str(report)]).exit_code == 0
    assert json.loads(report.read_text(encoding="utf-8"))["status"] == "up_to_date"


def test_new_product_refuses_a_sku_in_use(store):
    res = CliRunner().invoke(main, ["new", "product", "Another Lamp", "--sku", "lamp-1", "--store", store.root])
    assert res.exit_code == 1
    assert "SKU 'lamp-1' is already used by catalog/lamp.yaml:1: choose another --sku" in res.output
    res = CliRunner().invoke(main, ["new", "product", "Kettle black", "--sku", "KET-1-BLK", "--store", store.root])
    assert res.exit_code == 1 and "catalog/kettle.yaml:13" in res.output
    ok = CliRunner().invoke(main, ["new", "product", "Another Lamp", "--sku", "LAMP-2", "--store", store.root])
    assert ok.exit_code == 0
