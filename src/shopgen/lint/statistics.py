"""`shopgen lint --statistics`: per rule, how many findings, on how many listings, what share of them."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from ..messages import ntr, tr
from .engine import LintResult
from .rule import REGISTRY


@dataclass(frozen=True)
class RuleCount:
    code: str
    name: str
    severity: str  # of its findings (the most severe, when the configuration changed some)
    count: int  # findings
    listings: int  # listings with at least one
    share: float  # listings / all listings linted, 0..1


def rule_counts(result: LintResult) -> list[RuleCount]:
    """One row per rule that reported something, the most frequent first."""
    counts: Counter[str] = Counter()
    listings: Counter[str] = Counter()
    severity = {}
    for lst in result.listings:
        for d in lst.findings:
            counts[d.code] += 1
            severity[d.code] = max(severity.get(d.code, d.severity), d.severity)
        for code in {d.code for d in lst.findings}:
            listings[code] += 1
    total = len(result.listings) or 1
    return [
        RuleCount(
            code,
            REGISTRY[code].name if code in REGISTRY else "",
            severity[code].label,
            n,
            listings[code],
            listings[code] / total,
        )
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def statistics_text(result: LintResult, gate: dict) -> str:
    """A table: code, name, severity, findings, listings, share of listings; then the totals."""
    rows = rule_counts(result)
    head = (tr("code"), tr("name"), tr("severity"), tr("findings"), tr("listings"), tr("share"))
    table = [head] + [(r.code, r.name, r.severity, str(r.count), str(r.listings), f"{r.share:.1%}") for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    lines = [
        "  ".join(
            cell.rjust(w) if i >= 3 else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in table
    ]
    n = len(result.listings)
    lines.append(
        ntr(
            "{findings} findings from {rules} rules on {n} listing",
            "{findings} findings from {rules} rules on {n} listings",
            n,
            findings=sum(r.count for r in rows),
            rules=len(rows),
        )
        + (tr(". Gate FAILED: {reason}", reason=gate["reason"]) if gate.get("failed") else tr(". Gate passed."))
    )
    return "\n".join(lines) + "\n"


def statistics_json(result: LintResult, gate: dict) -> str:
    data = {
        "listings": len(result.listings),
        "catalog_score": result.catalog_score,
        "gate": gate,
        "rules": [
            {
                "code": r.code,
                "rule": r.name,
                "severity": r.severity,
                "count": r.count,
                "listings": r.listings,
                "share": round(r.share, 4),
            }
            for r in rule_counts(result)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
