"""Listing scores: sub-scores for the parts of a listing, and one overall score an expert would agree with.

Each finding belongs to a part of the listing by its rule's family: SG1xx the title, SG2xx the
description, SG3xx the images, SG4xx the offer data. A part's sub-score is 100 minus the weights of its
findings, never below 0:

| severity | default weight | shopgen.yaml |
| --- | --- | --- |
| error | 25 | `lint.weights.error` |
| warning | 10 | `lint.weights.warning` |
| info | 2 | `lint.weights.info` |

A rule can have its own weight (`lint.weights.SG103: 5`), which wins over its severity's; SG106
(promotional text) and SG107 (a repeated word) weigh 20 by default.
The overall score is the weighted mean of the sub-scores (title 35 %, description 25 %, images 20 %,
offer 20 %; a guide has no offer part) less the weights of the findings that concern the whole listing
(store problems SG0xx, guides SG6xx, compliance SG7xx, translations SG8xx, suppressions SG9xx): a banned
claim or a broken file weighs on the whole listing, a weak description on its part only.
The catalog score is the mean of the listing scores. See docs/score.md.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic, Severity

WEIGHTS = {Severity.ERROR: 25, Severity.WARNING: 10, Severity.INFO: 2}
# Rules that weigh more than their severity: promotional noise and stuffing in a title are what set poor
# titles apart from good ones in the calibration study (docs/score-calibration.md).
RULE_WEIGHTS = {"SG106": 20, "SG107": 20}
PARTS = {"title": 0.35, "description": 0.25, "images": 0.2, "offer": 0.2}
_FAMILY = {"SG1": "title", "SG2": "description", "SG3": "images", "SG4": "offer"}


def weights_from(options: dict) -> dict:
    """Severity weights and per-rule weights from `lint.weights`."""
    out: dict = {**WEIGHTS, **RULE_WEIGHTS}
    for key, value in (options.get("weights") or {}).items():
        try:
            weight = float(value)
        except (TypeError, ValueError):
            continue
        name = str(key).upper()
        out[Severity[name] if name in Severity.__members__ else str(key)] = weight
    return out


DEFAULT_WEIGHTS: dict = {**WEIGHTS, **RULE_WEIGHTS}


def part_of(code: str) -> str:
    """The part of a listing a rule judges ("title", "description", "images", "offer"), or "" for the whole."""
    return _FAMILY.get(code[:3], "")


def subscores(findings: list[Diagnostic], weights: dict | None = None, kind: str = "product") -> dict[str, int]:
    """100 minus the weights of each part's findings, never below 0 (a guide has no offer part)."""
    weights = weights or DEFAULT_WEIGHTS
    penalty = dict.fromkeys(PARTS, 0.0)
    for d in findings:
        part = part_of(d.code)
        if part:
            penalty[part] += weights.get(d.code, weights[d.severity])
    return {part: max(0, round(100 - p)) for part, p in penalty.items() if kind == "product" or part != "offer"}


def listing_score(findings: list[Diagnostic], weights: dict | None = None, kind: str = "product") -> int:
    """The weighted mean of the sub-scores less the weights of the findings about the whole listing."""
    weights = weights or DEFAULT_WEIGHTS
    parts = subscores(findings, weights, kind)
    base = sum(score * PARTS[part] for part, score in parts.items()) / sum(PARTS[part] for part in parts)
    whole = sum(weights.get(d.code, weights[d.severity]) for d in findings if not part_of(d.code))
    return max(0, round(base - whole))
