"""What rules may consult besides the listing itself: the profile, term lists, and catalog-wide indexes."""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass, field

import yaml

from ..markets import assumed_market, channel_markets
from ..text import match_form
from .profiles import Profile, get_profile

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
TERM_LISTS = ("absolute", "unverifiable", "promotional", "generic_alt")


@functools.cache
def builtin_terms(name: str) -> tuple[str, ...]:
    with open(os.path.join(DATA, f"{name}.yaml"), encoding="utf-8") as fh:
        return tuple(str(x) for x in yaml.safe_load(fh) or [])


@dataclass
class LintContext:
    profile: Profile
    config: object  # SiteConfig
    today: dt.date
    site: object  # enrich.Site: the whole catalog, also when only some listings are linted
    terms: dict[str, tuple[str, ...]]
    generic_alt: frozenset[str]
    substitutions: dict[str, str]
    cache_folder: str | None = None  # where costly catalog-wide indexes are kept between runs (None: nowhere)
    market: str | None = None  # where this language of the store sells (markets.py); None: not known
    market_from: str = ""  # "" when shopgen.yaml sets it, else what it was assumed from: "language", "currency"
    names: tuple[str, ...] = ()  # lint.names: brand and series names, written as the store writes them
    _cache: dict = field(default_factory=dict)

    def markets(self, item) -> set[str]:
        """The markets a listing sells into: the store's (this language's) and those of its channels."""
        found = channel_markets(getattr(item, "channels", None))
        return found | {self.market} if self.market else found

    def names_of(self, item) -> list[str]:
        """The names a listing's copy may contain that are not words of it: its brand, the store's names."""
        brand = getattr(item, "brand", "") or ""
        return [brand, *self.names] if brand.strip() else list(self.names)

    def cached(self, key: str, make):
        """A catalog-wide index, built once per run on first use."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]


def make_context(site, cache_folder: str | None = None) -> LintContext:
    config = site.config
    opts = config.lint_options
    overrides = (opts.get("profiles") or {}).get(config.lint_profile)
    extra = opts.get("terms") or {}
    terms = {}
    for name in TERM_LISTS:
        added = extra.get(name) or [] if isinstance(extra, dict) else []
        terms[name] = builtin_terms(name) + tuple(str(t) for t in added)
    subs = opts.get("substitutions") or {}
    market, market_from = market_of(config)
    names = opts.get("names") or []
    return LintContext(
        profile=get_profile(config.lint_profile, overrides if isinstance(overrides, dict) else None),
        config=config,
        today=site.today,
        site=site,
        terms=terms,
        generic_alt=frozenset(match_form(t) for t in terms["generic_alt"]),
        substitutions={str(k): str(v) for k, v in subs.items()} if isinstance(subs, dict) else {},
        cache_folder=cache_folder,
        market=market,
        market_from=market_from,
        names=tuple(str(n) for n in names) if isinstance(names, list) else (),
    )


def market_of(config) -> tuple[str | None, str]:
    """(market, "" if shopgen.yaml sets it else what it was assumed from) for the config's language:
    `lint.languages.<tag>.market`, then `market`, then assumed from the language and currency."""
    own = (config.lint_languages.get(config.language) or {}).get("market") or getattr(config, "market", None)
    if own:
        return own, ""
    return assumed_market(config.language, config.currency)
