"""Run the rules over listings: selection, severities, suppressions and scores."""

from __future__ import annotations

import json
import multiprocessing
import re
import sys
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, Severity, Span
from ..markets import MARKETS
from ..messages import tr
from ..orphans import pool_options
from ..render_pool import workers_for
from . import rules  # noqa: F401  (registers the rules)
from .context import make_context, market_of
from .rule import REGISTRY, Rule
from .score import listing_score, subscores, weights_from

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
    language: str = ""  # the language linted, in a store with several (else "")
    subscores: dict[str, int] = field(default_factory=dict)  # title, description, images, offer (score.py)

    def rescore(self, weights: dict) -> None:
        self.score = listing_score(self.findings, weights, self.kind)
        self.subscores = subscores(self.findings, weights, self.kind)

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
    notes: list[Diagnostic] = field(default_factory=list)  # about the run, not a listing: the market assumed
    # problems of files that are no listing the linter could read (a YAML syntax error, shopgen.yaml ...)
    store_findings: list[Diagnostic] = field(default_factory=list)

    @property
    def findings(self) -> list[Diagnostic]:
        found = [d for lst in self.listings for d in lst.findings] + self.store_findings
        return sorted(found, key=Diagnostic.sort_key)

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
    # "shopgen-lint" is in every suppression comment and in few texts: the others' lines are not looked up
    if "shopgen-lint" in (getattr(item, "body", None) or ""):
        texts.append((item.body, item.body_line))
    if "shopgen-lint" in (getattr(item, "description", None) or "") and hasattr(item, "sku"):
        texts.append((item.description, item.description_line))
    for text, first in texts:
        for m in SUPPRESS_RE.finditer(text):
            line = first + text.count("\n", 0, m.start())
            for code in re.split(r"[\s,]+", m.group(1).strip()):
                found.append(Suppression(code, Span(item.source.path, line)))
    return found


CATALOG_PATH = "catalog"  # where a catalog-wide finding is reported


def add_store_problems(result: LintResult, problems: list[Diagnostic], options: dict) -> None:
    """Put the problems found while loading (SG001 … SG005) where the editor looks: on the listing of their
    file, counted in its score, or with the store's own findings; `select`, `ignore`, severities and a
    listing's suppressions apply to them as to any rule."""
    chosen = {r.code for r in selected_rules(options)}
    severities = _severities(options)
    weights = weights_from(options)
    by_path = {}
    for lst in result.listings:
        by_path.setdefault(lst.path, lst)  # the default language's listing comes first
    changed = set()
    for d in problems:
        if d.code not in chosen:
            continue
        if d.code in severities:
            d = Diagnostic(severities[d.code], d.span, d.message, d.code, d.hint, d.related)
        lst = by_path.get(d.span.path)
        if lst is None:
            result.store_findings.append(d)
            continue
        sups = [s for s in lst.suppressions if d.code.startswith(s.code)]
        for s in sups:
            s.used = True
        if not sups:
            lst.findings.append(d)
            changed.add(id(lst))
    for lst in result.listings:
        if id(lst) in changed:
            lst.findings.sort(key=Diagnostic.sort_key)
            lst.rescore(weights)
    result.store_findings.sort(key=Diagnostic.sort_key)


def run_rules(
    site, at_build: bool = False, only_paths: set[str] | None = None, jobs: int | None = None, memo=None
) -> LintResult:
    """Lint every product and guide of the site (or those whose file is in `only_paths`), in each of the
    store's languages with that language's profile.

    Catalog-wide rules (duplicate titles, near-duplicate descriptions, products no guide leads to) always
    compare against the whole catalog, whichever listings are linted. Big catalogs are linted by one
    process per CPU core (`jobs` caps them), with the same findings as one process.

    `memo` (a memo.FindingsMemo, for the build-time rules) gives the findings of unchanged listings.

    In the other languages only translated listings are linted (an untranslated one is the default
    language's text, reported there, and a missing-translation finding); a finding the default language
    already reports at the same place (a field the translation does not give) is not repeated, though it
    counts in the listing's score in both languages.
    """
    sites = site.sites or [site]
    listings: list[Listing] = []
    chosen: list[Rule] = []
    reported: set[tuple[str, Span]] = set()
    gaps: list[Diagnostic] = []
    notes = [] if at_build else [n for one in sites if (n := market_note(one.config))]
    for one in sites:
        found, chosen, language_gaps = _lint_language(one, at_build, only_paths, jobs, one is not sites[0], memo)
        gaps += language_gaps
        if len(sites) == 1:
            listings += found
            break
        for lst in found:
            if one is sites[0]:
                reported.update((d.code, d.span) for d in lst.findings)
            else:
                lst.findings = [d for d in lst.findings if (d.code, d.span) not in reported]
            lst.language = one.language
        listings += found
    return LintResult(listings, chosen, notes, list(dict.fromkeys(gaps)))


def market_note(config) -> Diagnostic | None:
    """An info note saying which market the linter assumed for a language, when shopgen.yaml sets none."""
    market, source = market_of(config)
    if not source and market:
        return None
    lang = config.language
    if market is None:
        text = tr(
            "no market is set for {language} and none could be assumed: only rules for every market apply",
            language=lang,
        )
    elif source == "currency":
        text = tr(
            "no market is set for {language}: judged as {market}, from the currency {currency}",
            language=lang,
            market=market,
            currency=config.currency,
        )
    else:
        text = tr(
            "no market is set for {language}: judged as {market}, from the language", language=lang, market=market
        )
    hint = tr(
        "set 'market' in shopgen.yaml, or per language in lint.languages.<tag>.market (one of {markets})",
        markets=_MARKETS,
    )
    return Diagnostic(Severity.INFO, config.source.span("language"), text, "", hint)


_MARKETS = ", ".join(MARKETS)


def _lint_language(
    site, at_build: bool, only_paths, jobs, translated_only: bool, memo=None
) -> tuple[list[Listing], list[Rule], list[Diagnostic]]:
    options = site.config.lint_options
    ctx = make_context(site, memo.folder if memo is not None else None)
    run = _Run(ctx, selected_rules(options, at_build), _severities(options), options, at_build)
    work = [
        (kind, item)
        for kind, items in (("product", site.products), ("guide", site.guides))
        for item in items
        if (only_paths is None or item.source.path in only_paths) and not (translated_only and item.fallback)
    ]
    # A listing's own rules give what they gave last time for the same listing, settings and rules (`memo`);
    # the catalog-wide ones run every time, over every listing.
    own = [r for r in run.rules if not r.catalog_wide]
    wide = [r for r in run.rules if r.catalog_wide]
    if memo is not None:
        rules = json.dumps(
            [options, site.config.lint_profile, [(r.code, str(run.severities.get(r.code))) for r in own]],
            sort_keys=True,
            default=str,
        )
        keys = [memo.key(item, site.language, rules) for _kind, item in work]
        known = [memo.get(k) for k in keys]
    else:
        keys, known = [], [None] * len(work)
    todo = [w for w, f in zip(work, known, strict=True) if f is None]
    fresh = iter(_check_all(run, todo, jobs, own, wide))
    results = []
    for i, ((kind, item), found) in enumerate(zip(work, known, strict=True)):
        if found is None:
            findings, sups = next(fresh)
            if memo is not None:
                memo.put(keys[i], findings, [s.used for s in sups])
        else:
            findings, used = found
            sups = _suppressions(item)
            for s, u in zip(sups, used, strict=False):
                s.used = u
        if wide:
            more, wide_sups = run.check(kind, item, wide)
            findings = findings + more
            for s, t in zip(sups, wide_sups, strict=True):
                s.used = s.used or t.used
        results.append((findings + run.unused(sups), sups))
    weights = weights_from(options)
    results, gaps = _catalog_gaps(run.rules, work, results)
    listings = []
    for (kind, item), (findings, suppressions) in zip(work, results, strict=True):
        findings.sort(key=Diagnostic.sort_key)
        listing = Listing(kind, item, findings, suppressions)
        listing.rescore(weights)
        listings.append(listing)
    return listings, run.rules, gaps


GAP_SHARE = 0.9  # a rule about a missing field that fires on this share of the listings ...
GAP_MIN = 20  # ... of a catalog this big is one catalog finding, not a penalty on every listing


def _catalog_gaps(chosen: list[Rule], work: list, results: list) -> tuple[list, list[Diagnostic]]:
    """Fold a field the whole catalog lacks (no keywords, no reviews, no guides) into one finding with the
    count: it is a decision about the catalog, not a fault of each listing, and would drown the rest."""
    products = [i for i, (kind, _item) in enumerate(work) if kind == "product"]
    if len(products) < GAP_MIN:
        return results, []
    gaps = []
    for r in chosen:
        if not r.fields or "product" not in r.scopes:
            continue
        hit = [i for i in products if any(d.code == r.code for d in results[i][0])]
        if len(hit) < GAP_SHARE * len(products):
            continue
        first = next(d for d in results[hit[0]][0] if d.code == r.code)
        gaps.append(
            Diagnostic(
                Severity.INFO,
                Span(CATALOG_PATH),
                tr(
                    "{n} of {total} listings: {message}",
                    n=len(hit),
                    total=len(products),
                    message=first.message,
                ),
                r.code,
                tr("a choice for the whole catalog, not counted in each listing's score; {hint}", hint=first.hint)
                if first.hint
                else tr("a choice for the whole catalog, not counted in each listing's score"),
            )
        )
        hit_set = set(hit)
        results = [
            ([d for d in found if d.code != r.code], sups) if i in hit_set else (found, sups)
            for i, (found, sups) in enumerate(results)
        ]
    return results, gaps


@dataclass
class _Run:
    """What linting one listing needs: the context, the chosen rules and their severities."""

    ctx: object
    rules: list[Rule]
    severities: dict
    options: dict
    at_build: bool

    def check(self, kind: str, item, chosen: list[Rule]) -> tuple[list[Diagnostic], list[Suppression]]:
        """The findings of the `chosen` rules for one listing, less the suppressed ones, and its suppressions."""
        suppressions = _suppressions(item)
        by_code: dict[str, list[Suppression]] = {}
        for s in suppressions:
            by_code.setdefault(s.code, []).append(s)
        findings: list[Diagnostic] = []
        refused = getattr(item, "invalid_fields", None)
        markets = self.ctx.markets(item)
        for r in chosen:
            if kind not in r.scopes or not r.applies_to(markets):
                continue
            if refused and r.fields and refused.intersection(r.fields):
                continue
            for finding in r.check(item, self.ctx):
                sups = [s for code, ss in by_code.items() if r.code.startswith(code) for s in ss]
                if sups:
                    for s in sups:
                        s.used = True
                    continue
                findings.append(r.diagnostic(finding, self.severities.get(r.code)))
        return findings, suppressions

    def unused(self, suppressions: list[Suppression]) -> list[Diagnostic]:
        """An SG901 finding for each suppression no rule needed."""
        if (
            self.at_build
            or UNUSED_SUPPRESSION not in REGISTRY
            or _matches(UNUSED_SUPPRESSION, self.options.get("ignore") or [])
        ):
            return []
        return [
            Diagnostic(
                self.severities.get(UNUSED_SUPPRESSION, REGISTRY[UNUSED_SUPPRESSION].severity),
                s.span,
                tr("the suppression of {code} is not needed: the rule reports nothing here", code=s.code),
                UNUSED_SUPPRESSION,
                tr("remove it, so the rule protects this listing again"),
            )
            for s in suppressions
            if not s.used
        ]


#: Below this many listings, starting processes costs more than it saves.
MIN_PARALLEL_LISTINGS = 2000
_CHUNK = 250
_job: tuple[_Run, list, list[Rule]] | None = None


def _lint_chunk(bounds: tuple[int, int]):
    run, work, chosen = _job
    return [run.check(kind, item, chosen) for kind, item in work[bounds[0] : bounds[1]]]


def _build_index(rule_code: str):
    run, _work, _rules = _job
    key, make = REGISTRY[rule_code].costly_index
    return run.ctx.cached(key, lambda: make(run.ctx))


def _check_all(run: _Run, work: list, jobs: int | None, chosen: list[Rule], later: list[Rule]) -> list:
    """`run.check` of the `chosen` rules over `work`, in order; in forked processes when the catalog is big
    enough. The costly indexes the `later` rules need (near-duplicate descriptions) are built meanwhile, by
    one of the processes, for the rules to run afterwards here."""
    global _job
    workers = workers_for(len(work), jobs, MIN_PARALLEL_LISTINGS, _CHUNK)
    if workers < 2:
        return [run.check(kind, item, chosen) for kind, item in work]
    _job = (run, work, chosen)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        with multiprocessing.get_context("fork").Pool(workers, **pool_options()) as pool:
            indexes = [(r.costly_index[0], pool.apply_async(_build_index, (r.code,))) for r in later if r.costly_index]
            chunks = [(i, min(i + _CHUNK, len(work))) for i in range(0, len(work), _CHUNK)]
            found = [result for part in pool.map(_lint_chunk, chunks) for result in part]
            for key, pending in indexes:
                run.ctx.cached(key, pending.get)
    finally:
        _job = None
    return found


def check_listings(site, at_build: bool = False, memo=None) -> list[Diagnostic]:
    """The findings of the rules over the whole site in every language (what `shopgen build` prints);
    with a `memo`, unchanged listings' findings come from the last build."""
    findings = list(dict.fromkeys(run_rules(site, at_build=at_build, memo=memo).findings))
    if memo is not None:
        memo.save()
    return findings
