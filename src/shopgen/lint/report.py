"""Lint output formats: text (grouped by file), JSON, SARIF 2.1.0 and GitHub workflow annotations."""

from __future__ import annotations

import json
from collections import Counter

import click

from .. import __version__
from ..diagnostics import Diagnostic, Severity
from ..messages import ntr, tr
from .engine import LintResult
from .rule import REGISTRY

SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
COLORS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _summary_line(result: LintResult, gate: dict) -> str:
    counts = Counter(d.severity for d in result.findings)
    n = len(result.listings)
    text = ntr(
        "{n} listing checked: {errors} errors, {warnings} warnings, {info} info; catalog score {score:.1f}/100",
        "{n} listings checked: {errors} errors, {warnings} warnings, {info} info; catalog score {score:.1f}/100",
        n,
        errors=counts[Severity.ERROR],
        warnings=counts[Severity.WARNING],
        info=counts[Severity.INFO],
        score=result.catalog_score,
    )
    if gate.get("failed"):
        return text + tr(". Gate FAILED: {reason}", reason=gate["reason"])
    return text + tr(". Gate passed.")


def text_report(result: LintResult, gate: dict, color: bool, worst: int = 5) -> str:
    """Findings grouped by file, each file headed by its listing's score; notes about the run first."""
    lines = [d.format() for d in result.notes]
    if result.store_findings:
        head = tr("Store and catalog findings:")
        lines.append(click.style(head, bold=True) if color else head)
        for d in result.store_findings:
            sev = click.style(d.severity.label, fg=COLORS[d.severity]) if color else d.severity.label
            lines.append(f"  {d.span}: {sev}: {d.message} [{d.code}]")
            if d.hint:
                lines.append("      " + tr("hint: {hint}", hint=d.hint))
        lines.append("")
    for listing in sorted(result.listings, key=lambda lst: lst.path):
        if not listing.findings:
            continue
        name = f"{listing.name}, {listing.language}" if listing.language else listing.name
        head = f"{listing.path}  " + tr("({name}, score {score})", name=name, score=listing.score)
        lines.append(click.style(head, bold=True) if color else head)
        for d in listing.findings:
            loc = f"{d.span.line}:{d.span.col}" if d.span.col else f"{d.span.line}"
            sev = click.style(d.severity.label, fg=COLORS[d.severity]) if color else d.severity.label
            lines.append(f"  {loc}: {sev}: {d.message} [{d.code}]")
            if d.hint:
                lines.append("      " + tr("hint: {hint}", hint=d.hint))
        lines.append("")
    ranked = [lst for lst in result.worst(worst) if lst.score < 100]
    if ranked:
        lines.append(tr("Lowest scores:"))
        lines += [
            f"  {lst.score:>3}  {lst.path}  " + (f"[{lst.language}] " if lst.language else "") + lst.title
            for lst in ranked
        ]
        lines.append("")
    lines.append(_summary_line(result, gate))
    return "\n".join(lines) + "\n"


def _finding_json(d: Diagnostic) -> dict:
    return {
        "code": d.code,
        "rule": REGISTRY[d.code].name if d.code in REGISTRY else "",
        "severity": d.severity.label,
        "path": d.span.path,
        "line": d.span.line,
        "column": d.span.col,
        "message": d.message,
        "hint": d.hint,
    }


def json_report(result: LintResult, gate: dict) -> str:
    data = {
        "tool": {"name": "shopgen", "version": __version__},
        "catalog_score": result.catalog_score,
        "gate": gate,
        "counts": {s.label: sum(1 for d in result.findings if d.severity == s) for s in Severity},
        "notes": [_finding_json(d) for d in result.notes],
        "listings": [
            {
                "path": lst.path,
                "kind": lst.kind,
                "id": lst.name,
                "language": lst.language,
                "title": lst.title,
                "score": lst.score,
                "subscores": lst.subscores,
                "findings": [_finding_json(d) for d in lst.findings],
                "suppressions": [
                    {"code": s.code, "path": s.span.path, "line": s.span.line, "used": s.used} for s in lst.suppressions
                ],
            }
            for lst in sorted(result.listings, key=lambda lst: lst.path)
        ],
        "store_findings": [_finding_json(d) for d in result.store_findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def sarif_report(result: LintResult, gate: dict) -> str:
    """SARIF 2.1.0 for code scanning: one run, the rules with their help, one result per finding."""
    rules = sorted(REGISTRY.values(), key=lambda r: r.code)
    index = {r.code: i for i, r in enumerate(rules)}
    driver = {
        "name": "shopgen",
        "version": __version__,
        "informationUri": "https://pypi.org/project/shopgen/",
        "rules": [
            {
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.why},
                "help": {"text": r.doc, "markdown": r.doc},
                "defaultConfiguration": {"level": SARIF_LEVEL[r.severity]},
            }
            for r in rules
        ],
    }
    results = []
    for d in result.findings:
        region = {"startLine": max(d.span.line, 1)}
        if d.span.col:
            region["startColumn"] = d.span.col
        res = {
            "ruleId": d.code,
            "level": SARIF_LEVEL[d.severity],
            "message": {"text": d.message + (f" ({d.hint})" if d.hint else "")},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": d.span.path}, "region": region}}],
        }
        if d.code in index:
            res["ruleIndex"] = index[d.code]
        results.append(res)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "results": results,
                "properties": {"catalogScore": result.catalog_score, "gatePassed": not gate.get("failed")},
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def github_report(result: LintResult, gate: dict) -> str:
    """GitHub Actions workflow commands: one annotation per finding, shown on the changed file."""
    lines = []
    for d in result.findings:
        params = f"file={_gh_escape(d.span.path, True)},line={max(d.span.line, 1)}"
        if d.span.col:
            params += f",col={d.span.col}"
        params += f",title={_gh_escape(d.code + ' ' + (REGISTRY[d.code].name if d.code in REGISTRY else ''), True)}"
        message = d.message + (f" — {d.hint}" if d.hint else "")
        lines.append(f"::{GITHUB_LEVEL[d.severity]} {params}::{_gh_escape(message)}")
    lines.append(_summary_line(result, gate))
    return "\n".join(lines) + "\n"
