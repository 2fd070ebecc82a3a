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
    store.write({"catalog/bad.yaml": "sku: B\n"})
    res = run(store.root)
    assert res.exit_code == 2
    assert "catalog/bad.yaml:1:1: error: required field 'title' is missing" in res.output


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
