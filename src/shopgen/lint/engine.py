"""Run the rules over listings: selection, severities, suppressions and scores."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, Severity, Span
from . import rules  # noqa: F401  (registers the rules)
from .context import make_context
from .rule import REGISTRY, Rule
from .score import listing_score, weights_from

SUPPRESS_RE = re.compile(r"<!--\s*shopgen-lint:\s*ignore\s+([A-Z0-9 ,]+?)\s*-->")
UNUSED_SUPPRESSION = "SG901"


@dataclass
class Suppression:
    code: str
    span: Span
    used: bool = False


@dataclass
class Listing:
    """One product or guide with its findings and score."""

    kind: str  # "product" | "guide"
    item: object
    findings: list[Diagnostic] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    score: int = 100

    @property
    def path(self) -> str:
        return self.item.source.path

    @property
    def name(self) -> str:
        return getattr(self.item, "sku", None) or self.item.slug

    @property
    def title(self) -> str:
        return self.item.title


@dataclass
class LintResult:
    listings: list[Listing]
    rules: list[Rule]

    @property
    def findings(self) -> list[Diagnostic]:
        return sorted((d for lst in self.listings for d in lst.findings), key=Diagnostic.sort_key)

    @property
    def catalog_score(self) -> float:
        return round(sum(lst.score for lst in self.listings) / len(self.listings), 1) if self.listings else 100.0

    def worst(self, n: int = 10) -> list[Listing]:
        return sorted(self.listings, key=lambda lst: (lst.score, lst.path))[:n]


def _matches(code: str, prefixes) -> bool:
    return any(code.startswith(p) for p in prefixes)


def selected_rules(options: dict, at_build: bool = False) -> list[Rule]:
    ignore = options.get("ignore") or []
    select = options.get("select") or []
    out = []
    for code, r in sorted(REGISTRY.items()):
        if at_build and not r.at_build:
            continue
        if _matches(code, ignore) or (select and not _matches(code, select)):
            continue
        out.append(r)
    return out


def _severities(options: dict) -> dict[str, Severity]:
    out = {}
    for code, value in (options.get("severity") or {}).items():
        if str(value).upper() in Severity.__members__:
            out[code] = Severity[str(value).upper()]
    return out


def _suppressions(item) -> list[Suppression]:
    found = []
    for i, code in enumerate(getattr(item, "lint_ignore", None) or []):
        found.append(Suppression(code, item.source.span("lint", "ignore", i)))
    texts = []
    if getattr(item, "body", None):
        texts.append((item.body, item.body_line))
    if getattr(item, "description", None) and hasattr(item, "sku"):
        texts.append((item.description, item.description_line))
    for text, first in texts:
        for m in SUPPRESS_RE.finditer(text):
            line = first + text.count("\n", 0, m.start())
            for code in re.split(r"[\s,]+", m.group(1).strip()):
                found.append(Suppression(code, Span(item.source.path, line)))
    return found


def run_rules(site, at_build: bool = False, only_paths: set[str] | None = None) -> LintResult:
    """Lint every product and guide of the site (or those whose file is in `only_paths`).

    Catalog-wide rules (duplicate titles, near-duplicate descriptions, products no guide leads to) always
    compare against the whole catalog, whichever listings are linted.
    """
    options = site.config.lint_options
    ctx = make_context(site)
    chosen = selected_rules(options, at_build)
    severities = _severities(options)
    weights = weights_from(options)
    listings = []
    for kind, items in (("product", site.products), ("guide", site.guides)):
        for item in items:
            if only_paths is not None and item.source.path not in only_paths:
                continue
            listing = Listing(kind, item, suppressions=_suppressions(item))
            by_code = {}
            for s in listing.suppressions:
                by_code.setdefault(s.code, []).append(s)
            for r in chosen:
                if kind not in r.scopes:
                    continue
                for finding in r.check(item, ctx):
                    sups = [s for code, ss in by_code.items() if r.code.startswith(code) for s in ss]
                    if sups:
                        for s in sups:
                            s.used = True
                        continue
                    listing.findings.append(r.diagnostic(finding, severities.get(r.code)))
            if (
                not at_build
                and UNUSED_SUPPRESSION in REGISTRY
                and not _matches(UNUSED_SUPPRESSION, options.get("ignore") or [])
            ):
                for s in listing.suppressions:
                    if not s.used:
                        listing.findings.append(
                            Diagnostic(
                                severities.get(UNUSED_SUPPRESSION, REGISTRY[UNUSED_SUPPRESSION].severity),
                                s.span,
                                f"the suppression of {s.code} is not needed: the rule reports nothing here",
                                UNUSED_SUPPRESSION,
                                "remove it, so the rule protects this listing again",
                            )
                        )
            listing.findings.sort(key=Diagnostic.sort_key)
            listing.score = listing_score(listing.findings, weights)
            listings.append(listing)
    return LintResult(listings, chosen)


def check_listings(site, at_build: bool = False) -> list[Diagnostic]:
    """The findings of the rules over the whole site (what `shopgen build` prints)."""
    return run_rules(site, at_build=at_build).findings
