"""`shopgen lint --statistics`: per rule, the findings, the listings with one and their share."""

from __future__ import annotations

import json

from click.testing import CliRunner

from shopgen.cli import main


def run(*args):
    return CliRunner().invoke(main, ["lint", *args])


def _shout(store):
    """Two of the store's listings get a title in capitals (SG105), one of them twice over."""
    lamp = store.source("catalog/lamp.yaml")
    store.write(
        {
            "catalog/lamp.yaml": lamp.replace(
                "title: LED Desk Lamp with USB-C Port, Dimmable", "title: LED Desk Lamp, SUPER BRIGHT"
            ),
        }
    )


def test_statistics_json(store):
    _shout(store)
    res = run(store.root, "--statistics", "--format", "json", "--select", "SG105,SG110")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    n = data["listings"]
    rows = {r["code"]: r for r in data["rules"]}
    assert rows["SG105"] == {
        "code": "SG105",
        "rule": "title-all-caps",
        "severity": "warning",
        "count": 1,
        "listings": 1,
        "share": round(1 / n, 4),
    }
    assert rows["SG110"]["count"] == rows["SG110"]["listings"] >= 1
    assert [r["count"] for r in data["rules"]] == sorted((r["count"] for r in data["rules"]), reverse=True)


def test_statistics_text_and_gate(store):
    _shout(store)
    res = run(store.root, "--statistics", "--select", "SG105", "--fail-on", "warning")
    assert res.exit_code == 1
    lines = res.output.splitlines()
    assert lines[0].split() == ["code", "name", "severity", "findings", "listings", "share"]
    assert lines[1].split()[:5] == ["SG105", "title-all-caps", "warning", "1", "1"]
    assert "1 findings from 1 rules on" in lines[-1] and "Gate FAILED" in lines[-1]
    assert "catalog/lamp.yaml" not in res.output  # the counts, not the findings


def test_statistics_wants_text_or_json(store):
    assert run(store.root, "--statistics", "--format", "sarif").exit_code == 2
