"""`shopgen lint --report report.html`: one self-contained page for the morning check."""

from __future__ import annotations

import os
from collections import defaultdict

import jinja2

from .. import __version__, messages
from ..diagnostics import Severity
from ..messages import ntr, tr
from .engine import LintResult
from .rule import REGISTRY

BANDS = [(0, 49), (50, 59), (60, 69), (70, 79), (80, 89), (90, 99), (100, 100)]


def _chart(listings) -> dict:
    counts = [sum(1 for lst in listings if lo <= lst.score <= hi) for lo, hi in BANDS]
    height, bar_w, gap = 160, 60, 12
    top = max(counts) or 1
    bars = []
    for i, ((lo, hi), n) in enumerate(zip(BANDS, counts, strict=True)):
        h = round(n / top * (height - 20))
        bars.append(
            {
                "x": i * (bar_w + gap),
                "y": height - h,
                "w": bar_w,
                "h": h,
                "count": n,
                "label": f"{lo}" if lo == hi else f"{lo}–{hi}",
            }
        )
    return {"bars": bars, "width": len(BANDS) * (bar_w + gap), "height": height}


def render_report(result: LintResult, gate: dict, site, report_path: str, date: str = "") -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(_=tr, ngettext=ntr)
    findings = result.findings
    by_rule = []
    for code in sorted({d.code for d in findings}):
        these = [d for d in findings if d.code == code]
        r = REGISTRY.get(code)
        by_rule.append(
            {
                "code": code,
                "name": r.name if r else "",
                "severity": these[0].severity.label,
                "severity_word": these[0].severity.word,
                "count": len(these),
                "listings": len({d.span.path for d in these}),
                "why": r.why if r else "",
            }
        )
    by_rule.sort(key=lambda row: (-row["count"], row["code"]))
    cats = defaultdict(list)
    for lst in result.listings:
        cat = (
            lst.item.category[0]
            if getattr(lst.item, "category", ())
            else (tr("Guides") if lst.kind == "guide" else tr("(no category)"))
        )
        cats[cat].append(lst)
    by_category = [
        {
            "name": name,
            "listings": len(lsts),
            "mean": sum(x.score for x in lsts) / len(lsts),
            "errors": sum(d.severity == Severity.ERROR for x in lsts for d in x.findings),
            "warnings": sum(d.severity == Severity.WARNING for x in lsts for d in x.findings),
        }
        for name, lsts in sorted(cats.items())
    ]
    base = os.path.dirname(os.path.abspath(report_path))
    links = {
        lst.path: os.path.relpath(os.path.join(site.store.root, lst.path), base).replace(os.sep, "/")
        for lst in result.listings
    }
    return env.get_template("report.html").render(
        store_name=site.config.name,
        lang=messages.active(),
        profile=site.config.lint_profile,
        version=__version__,
        date=date,
        listings=sorted(result.listings, key=lambda x: (x.score, x.path)),
        catalog_score=result.catalog_score,
        gate=gate,
        counts={s.label: sum(1 for d in findings if d.severity == s) for s in Severity},
        chart=_chart(result.listings),
        worst=[x for x in result.worst(10) if x.score < 100],
        by_rule=by_rule,
        by_category=by_category,
        links=links,
    )
