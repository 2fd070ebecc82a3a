"""Output formats: text grouped by file, JSON, SARIF 2.1.0 (validated), GitHub annotations, the HTML report."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from shopgen.lint.html_report import render_report
from shopgen.lint.report import github_report, json_report, sarif_report, text_report
from shopgen.lint.runner import evaluate_gate, lint_store

MULTITOOL = os.path.join(ROOT, "node_modules", ".bin", "sarif-multitool")
# The validator is a .NET program: do not let it depend on the machine's ICU libraries.
DOTNET_ENV = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1")


@pytest.fixture
def linted(store):
    store.write(
        {
            "catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace(
                "title: LED Desk Lamp with USB-C Port, Dimmable", "title: LED Desk Lamp, FREE SHIPPING"
            )
        }
    )
    site, result, _ = lint_store([store.root], today=dt.date(2026, 11, 22))
    return site, result, evaluate_gate(result, 95, "error").as_dict()


def test_text_groups_by_file_without_color(linted):
    _site, result, gate = linted
    out = text_report(result, gate, color=False)
    assert "\x1b[" not in out
    lines = out.splitlines()
    head = lines.index(next(ln for ln in lines if ln.startswith("catalog/lamp.yaml  (LAMP-1, score ")))
    assert lines[head + 1].startswith("  2:8: warning: ")
    assert out.rstrip().endswith(
        f"Gate FAILED: 1 listing below the minimum score 95 (lowest: {result.worst(1)[0].score} in catalog/lamp.yaml)"
    )
    assert "\x1b[" in text_report(result, gate, color=True)


def test_json(linted):
    _site, result, gate = linted
    data = json.loads(json_report(result, gate))
    assert data["gate"]["failed"] is True and data["catalog_score"] == result.catalog_score
    lamp = next(x for x in data["listings"] if x["path"] == "catalog/lamp.yaml")
    f = next(x for x in lamp["findings"] if x["code"] == "SG106")
    assert f == {
        "code": "SG106",
        "rule": "title-promotional",
        "severity": "warning",
        "path": "catalog/lamp.yaml",
        "line": 2,
        "column": 8,
        "message": "the title contains promotional text: 'FREE SHIPPING'",
        "hint": f["hint"],
    }


def test_github_annotations(linted):
    _site, result, gate = linted
    lines = github_report(result, gate).splitlines()
    ann = next(ln for ln in lines if "SG106" in ln)
    assert ann.startswith("::warning file=catalog/lamp.yaml,line=2,col=8,title=SG106 title-promotional::the title")
    assert lines[-1].endswith(
        f"Gate FAILED: 1 listing below the minimum score 95 (lowest: {result.worst(1)[0].score} in catalog/lamp.yaml)"
    )


def test_sarif_structure(linted):
    _site, result, gate = linted
    log = json.loads(sarif_report(result, gate))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(rules) >= 50
    res = next(r for r in run["results"] if r["ruleId"] == "SG106")
    assert rules[res["ruleIndex"]]["id"] == "SG106"
    assert res["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "catalog/lamp.yaml"},
        "region": {"startLine": 2, "startColumn": 8},
    }


def test_sarif_is_valid_against_the_schema(linted, tmp_path):
    """The official SARIF multitool validates the log against the SARIF 2.1.0 JSON schema."""
    if not os.path.exists(MULTITOOL):
        if os.environ.get("CI"):
            pytest.fail("the SARIF validator is missing (npm ci)")
        pytest.skip("npm ci installs the SARIF validator")
    _site, result, gate = linted
    src = tmp_path / "lint.sarif"
    src.write_text(sarif_report(result, gate), encoding="utf-8")
    out = tmp_path / "validation.sarif"
    proc = subprocess.run(
        [MULTITOOL, "validate", str(src), "--output", str(out), "--log", "ForceOverwrite"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=DOTNET_ENV,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    problems = [
        r
        for r in json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]
        if r.get("level", "warning") == "error"
    ]
    assert problems == []
    # the validator does catch schema errors: a result without its required message
    bad = json.loads(src.read_text(encoding="utf-8"))
    del bad["runs"][0]["results"][0]["message"]
    src.write_text(json.dumps(bad), encoding="utf-8")
    subprocess.run(
        [MULTITOOL, "validate", str(src), "--output", str(out), "--log", "ForceOverwrite"],
        capture_output=True,
        timeout=300,
        check=False,
        env=DOTNET_ENV,
    )
    problems = [
        r
        for r in json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]
        if r.get("level", "warning") == "error"
    ]
    assert problems


def test_html_report(linted, tmp_path):
    site, result, gate = linted
    path = tmp_path / "reports" / "report.html"
    path.parent.mkdir()
    html = render_report(result, gate, site, str(path), "2026-11-22")
    doc = BeautifulSoup(html, "html.parser")
    assert doc.find("svg").find_all("rect")  # the score distribution chart
    assert not doc.find_all(["script", "link"])  # self-contained
    link = doc.find("a", string="catalog/lamp.yaml")
    assert os.path.normpath(os.path.join(path.parent, link["href"])) == os.path.join(
        site.store.root, "catalog", "lamp.yaml"
    )
    text = doc.get_text(" ")
    assert "title-promotional" in text and "Lowest-scoring listings" in text and "By category" in text
