"""Listing scores: 100 minus the weight of each finding, never below 0.

| severity | default weight | shopgen.yaml |
| --- | --- | --- |
| error | 25 | `lint.weights.error` |
| warning | 10 | `lint.weights.warning` |
| info | 2 | `lint.weights.info` |

A rule can have its own weight (`lint.weights.SG103: 5`), which wins over its severity's.
The catalog score is the mean of the listing scores.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic, Severity

WEIGHTS = {Severity.ERROR: 25, Severity.WARNING: 10, Severity.INFO: 2}


def weights_from(options: dict) -> dict:
    """Severity weights and per-rule weights from `lint.weights`."""
    out: dict = dict(WEIGHTS)
    for key, value in (options.get("weights") or {}).items():
        try:
            weight = float(value)
        except (TypeError, ValueError):
            continue
        name = str(key).upper()
        out[Severity[name] if name in Severity.__members__ else str(key)] = weight
    return out


def listing_score(findings: list[Diagnostic], weights: dict | None = None) -> int:
    weights = weights or WEIGHTS
    penalty = sum(weights.get(d.code, weights[d.severity]) for d in findings)
    return max(0, round(100 - penalty))
