"""`shopgen.yaml`: its schema and the typed `SiteConfig` built from it."""

from __future__ import annotations

import re
from dataclasses import replace

from . import schema as S
from .diagnostics import Diagnostics
from .images import DEFAULT_MAX_MEGAPIXELS, DEFAULT_WIDTHS, ImageSettings
from .markets import MARKETS
from .messages import LANGUAGES, mark, tr
from .model import Returns, Shipping, SiteConfig
from .sourcemap import SourceMap

CONFIG_FILE = "shopgen.yaml"
PROFILES = ("google", "taobao", "amazon")
_LANG = dict(
    pattern=r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", pattern_hint=mark("use a BCP 47 language tag such as en, zh-CN or zh-TW")
)

SEVERITIES = ("error", "warning", "info")
#: The term lists a store may add to (`lint.terms`): lint/context.py reads them.
TERM_LISTS = ("absolute", "unverifiable", "promotional", "generic_alt")
_RULE = dict(pattern=r"[A-Z]{1,8}[0-9]{0,4}", pattern_hint=mark("name a rule code or prefix such as SG103 or SG1"))
_LIMIT = S.integer(min=0, max=100_000)
#: `lint.profiles.<profile>`: the limits of lint/profiles.py's Profile a store may change.
PROFILE_LIMITS = S.mapping(
    title_min=_LIMIT,
    title_max=_LIMIT,
    title_hard_max=_LIMIT,
    keyword_window=_LIMIT,
    min_images=_LIMIT,
    summary_min=_LIMIT,
    summary_max=_LIMIT,
    paragraph_max=_LIMIT,
    description_min=_LIMIT,
    density_max=S.number(min=0, max=1),
)
REL_VALUES = ("sponsored", "nofollow", "ugc", "noopener", "noreferrer", "external")

CONFIG_SPEC = S.mapping(
    name=S.text(required=True),
    base_url=S.text(
        required=True,
        pattern=r"https?://[^\s/]+(/[^\s]*)?",
        pattern_hint=mark("use the absolute address of the shop, like https://shop.example.com"),
    ),
    language=S.text(**_LANG),
    languages=S.listof(S.text(**_LANG)),
    prefix_default_language=S.boolean(),
    i18n=S.per_language(S.mapping(name=S.text(), description=S.text(), tagline=S.text())),
    message_language=S.enum(*LANGUAGES),
    currency=S.text(**S.CURRENCY),
    market=S.enum(*MARKETS),  # where the store sells: the advertising rules the linter applies (markets.py)
    description=S.text(),
    tagline=S.text(),  # the home page's title after the store name (else the description)
    purchase=S.enum("online", "none"),  # none: a catalog on purpose (no SG417)
    links=S.mapping(channel_rel=S.listof(S.enum(*REL_VALUES))),
    share_image=S.text(),  # a store file shared for pages without an image of their own
    share_font=S.text(),  # a font file (TTF/OTF) for the generated share card
    theme=S.text(pattern=r"[A-Za-z0-9][A-Za-z0-9_-]*", pattern_hint=mark("a theme is a folder name under themes/")),
    per_page=S.integer(min=1, max=1000),
    search=S.boolean(),
    images=S.mapping(
        widths=S.listof(S.integer(min=16, max=8000)),
        quality=S.integer(min=1, max=100),
        jpeg_quality=S.integer(min=1, max=100),
        # up to Pillow's decompression-bomb limit (89.5 megapixels), which refuses larger images anyway
        max_megapixels=S.number(min=1, max=89),
    ),
    featured=S.listof(S.text()),
    lint=S.mapping(
        profile=S.enum(*PROFILES),
        min_score=S.integer(min=0, max=100),
        select=S.listof(S.text()),
        ignore=S.listof(S.text()),
        severity=S.keyed(S.enum(*SEVERITIES), **_RULE),
        profiles=S.mapping(**{name: PROFILE_LIMITS for name in PROFILES}),
        terms=S.mapping(**{name: S.listof(S.text()) for name in TERM_LISTS}),
        substitutions=S.attrs(),
        weights=S.keyed(
            S.number(min=0, max=100),
            pattern=rf"(?:{'|'.join(SEVERITIES)})|{_RULE['pattern']}",
            pattern_hint=mark("name a severity (error, warning, info) or a rule code such as SG103"),
        ),
        names=S.listof(S.text()),  # brand and series names: not capitals nor repetition nor claims
        fail_on=S.enum("error", "warning", "info", "never"),
        languages=S.per_language(
            S.mapping(profile=S.enum(*PROFILES), min_score=S.integer(min=0, max=100), market=S.enum(*MARKETS))
        ),
    ),
    returns=S.mapping(
        days=S.integer(min=0, max=3650),
        fees=S.enum("free", "customer", "fixed"),
        fee_amount=S.money(),
        countries=S.listof(S.text(**S.COUNTRY)),
        method=S.enum("mail", "store", "kiosk"),
        unlimited=S.boolean(),
    ),
    shipping=S.mapping(
        country=S.text(required=True, **S.COUNTRY),
        cost=S.money(required=True),
        currency=S.text(**S.CURRENCY),
        min_days=S.integer(required=True, min=0, max=365),
        max_days=S.integer(required=True, min=0, max=365),
        handling_min_days=S.integer(min=0, max=365),
        handling_max_days=S.integer(min=0, max=365),
    ),
)


def parse_config(data, smap: SourceMap, diags: Diagnostics, base_url: str | None = None) -> SiteConfig | None:
    """Validate the loaded `shopgen.yaml`; None when it has errors (all of them are in `diags`)."""
    before = len(diags.errors)
    if data is None:
        data = {}
    cfg = S.Checker(smap, diags).check(data, CONFIG_SPEC, ())
    if cfg is None or len(diags.errors) > before:
        return None
    currency = cfg.get("currency", "USD")
    returns = shipping = None
    if "returns" in cfg:
        r = cfg["returns"]
        unlimited = r.get("unlimited", False)
        if not unlimited and "days" not in r:
            diags.error(smap.span("returns"), tr("'returns' needs 'days' (0 for no returns) or 'unlimited: true'"))
        # Returns apply where the store ships unless the store says otherwise.
        ship_country = (cfg.get("shipping") or {}).get("country")
        countries = r.get("countries") or ([ship_country] if ship_country else [])
        if not countries:
            diags.error(
                smap.span("returns"),
                tr("'returns.countries' is missing"),
                tr("Google needs the countries a return policy applies to, e.g. countries: [US]"),
            )
        if r.get("fees") == "fixed" and "fee_amount" not in r:
            diags.error(smap.span("returns", "fees"), tr("'returns.fees' is fixed but 'returns.fee_amount' is missing"))
        returns = Returns(
            days=None if unlimited else r.get("days"),
            fees=r.get("fees", "free"),
            fee_amount=r.get("fee_amount"),
            countries=countries,
            method=r.get("method", "mail"),
        )
    if "shipping" in cfg:
        s = cfg["shipping"]
        if s["min_days"] > s["max_days"]:
            diags.error(
                smap.span("shipping", "min_days"),
                tr(
                    "'shipping.min_days' ({min_days}) is more than 'max_days' ({max_days})",
                    min_days=s["min_days"],
                    max_days=s["max_days"],
                ),
            )
        hmin, hmax = s.get("handling_min_days", 0), s.get("handling_max_days", 1)
        if hmin > hmax:
            diags.error(
                smap.span("shipping", "handling_min_days"),
                tr(
                    "'shipping.handling_min_days' ({hmin}) is more than 'handling_max_days' ({hmax})",
                    hmin=hmin,
                    hmax=hmax,
                ),
            )
        shipping = Shipping(
            s["country"], s["cost"], s.get("currency", currency), s["min_days"], s["max_days"], hmin, hmax
        )
    if len(diags.errors) > before:
        return None
    lint = cfg.get("lint", {})
    url = (base_url or cfg["base_url"]).rstrip("/")
    if base_url and not re.fullmatch(r"https?://[^\s/]+(/[^\s]*)?", base_url):
        diags.error(smap.span(), tr("--base-url {base_url!r} is not an absolute http(s) address", base_url=base_url))
        return None
    language, languages = _languages(cfg, smap, diags)
    by_language = _per_language(lint.get("languages"), ("lint", "languages"), languages, smap, diags)
    translations = _per_language(cfg.get("i18n"), ("i18n",), languages[1:], smap, diags)
    if len(diags.errors) > before:
        return None
    img = cfg.get("images", {})
    settings = ImageSettings(
        widths=tuple(sorted(set(img.get("widths") or DEFAULT_WIDTHS))),
        webp_quality=img.get("quality", 80),
        jpeg_quality=img.get("jpeg_quality", 82),
        max_megapixels=float(img.get("max_megapixels", DEFAULT_MAX_MEGAPIXELS)),
    )
    return SiteConfig(
        name=cfg["name"],
        base_url=url,
        language=language,
        languages=languages,
        prefix_default_language=cfg.get("prefix_default_language", False),
        lint_languages=by_language,
        translations=translations,
        currency=currency,
        market=cfg.get("market"),
        description=cfg.get("description", ""),
        theme=cfg.get("theme", "default"),
        lint_profile=lint.get("profile", "google"),
        lint_min_score=lint.get("min_score"),
        lint_options=lint,
        returns=returns,
        shipping=shipping,
        per_page=cfg.get("per_page", 48),
        featured=cfg.get("featured", []),
        images=settings,
        source=smap,
        search=cfg.get("search", True),
        purchase=cfg.get("purchase", "online"),
        channel_rel=tuple((cfg.get("links") or {}).get("channel_rel", ("sponsored", "nofollow"))),
        tagline=cfg.get("tagline", ""),
        share_image=cfg.get("share_image", ""),
        share_font=cfg.get("share_font", ""),
    )


def _languages(cfg: dict, smap: SourceMap, diags: Diagnostics) -> tuple[str, list[str]]:
    """(default language, every language of the store, the default first).

    `language` is the default; without it the first of `languages` is. Tags are compared without case.
    """
    listed = cfg.get("languages") or []
    default = cfg.get("language") or (listed[0] if listed else "en")
    seen: dict[str, int] = {}
    for i, tag in enumerate(listed):
        if tag.casefold() in seen:
            diags.error(
                smap.span("languages", i),
                tr("language '{tag}' is listed twice in 'languages'", tag=tag),
                tr("list each language once"),
            )
        seen.setdefault(tag.casefold(), i)
    if listed and default.casefold() not in seen:
        diags.error(
            smap.span("language"),
            tr("the default language '{language}' is not in 'languages'", language=default),
            tr("add it to 'languages', e.g. languages: [{language}, {other}]", language=default, other=listed[0]),
        )
    others = [listed[i] for i in sorted(seen.values()) if listed[i].casefold() != default.casefold()]
    return default, [default, *others]


def _per_language(raw, where: tuple, languages: list[str], smap: SourceMap, diags: Diagnostics) -> dict[str, dict]:
    """A mapping by language tag (`lint.languages`, `i18n`) with every tag one of `languages`, spelt as there."""
    known = {tag.casefold(): tag for tag in languages}
    out = {}
    for tag, options in (raw or {}).items():
        if tag.casefold() not in known:
            diags.error(
                smap.key_span(*where, tag),
                tr(
                    "'{field}' names '{tag}', which is not one of {languages}",
                    field=".".join(where),
                    tag=tag,
                    languages=", ".join(languages) or "-",
                ),
                tr("add it to 'languages' or remove it here"),
            )
            continue
        out[known[tag.casefold()]] = options
    return out


def localized_config(config: SiteConfig, lang: str) -> SiteConfig:
    """The store's settings as the pages of `lang` use them: its name, description, lint profile and
    minimum score where shopgen.yaml gives them for that language."""
    t = config.translations.get(lang, {})
    lint = config.lint_languages.get(lang, {})
    return replace(
        config,
        language=lang,
        name=t.get("name", config.name),
        description=t.get("description", config.description),
        tagline=t.get("tagline", config.tagline),
        lint_profile=lint.get("profile", config.lint_profile),
        lint_min_score=lint.get("min_score", config.lint_min_score),
    )
