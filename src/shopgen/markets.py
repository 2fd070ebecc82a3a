"""Markets: where a store (or one of its languages) sells, which decides the advertising rules that apply.

`market:` in shopgen.yaml (and `lint.languages.<tag>.market`) names one of `MARKETS`; without it the
market is assumed from the language's region (zh-TW, en-GB), else the currency, else the language alone.
"""

from __future__ import annotations

from .messages import mark

#: The markets shopgen knows, with what they stand for (shown in the docs and in --help).
MARKETS = {
    "CN": mark("mainland China"),
    "HK": mark("Hong Kong"),
    "TW": mark("Taiwan"),
    "SG": mark("Singapore"),
    "US": mark("United States"),
    "CA": mark("Canada"),
    "GB": mark("United Kingdom"),
    "EU": mark("European Union"),
    "AU": mark("Australia"),
}

_CURRENCY = {
    "CNY": "CN",
    "RMB": "CN",
    "HKD": "HK",
    "TWD": "TW",
    "SGD": "SG",
    "USD": "US",
    "CAD": "CA",
    "GBP": "GB",
    "EUR": "EU",
    "AUD": "AU",
}
_EU = set("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())
_SCRIPT = {"hans": "CN", "hant": "TW"}  # zh-Hans, zh-Hant without a region
_LANGUAGE = {"zh": "CN"}

#: Marketplaces of `channels:` that sell into a market: a listing offered there is judged by its rules too.
CHANNEL_MARKETS = {
    "tmall": "CN",
    "taobao": "CN",
    "jd": "CN",
    "pinduoduo": "CN",
    "pdd": "CN",
    "douyin": "CN",
    "kuaishou": "CN",
    "xiaohongshu": "CN",
    "1688": "CN",
    "vip": "CN",
    "suning": "CN",
}


def _region(language: str) -> str | None:
    """The market of a language tag's region (zh-TW -> TW, de-AT -> EU) or script (zh-Hant -> TW)."""
    parts = language.replace("_", "-").split("-")[1:]
    for part in parts:
        if len(part) == 2 and part.isalpha():
            region = "GB" if part.upper() == "UK" else part.upper()
            if region in MARKETS:
                return region
            if region in _EU:
                return "EU"
    for part in parts:
        if part.lower() in _SCRIPT:
            return _SCRIPT[part.lower()]
    return None


def assumed_market(language: str, currency: str) -> tuple[str | None, str]:
    """(market, what it was assumed from: "language", "currency" or "") for a store without `market:`."""
    by_region = _region(language)
    if by_region:
        return by_region, "language"
    by_currency = _CURRENCY.get(currency.upper())
    if by_currency:
        return by_currency, "currency"
    by_language = _LANGUAGE.get(language.split("-")[0].lower())
    return (by_language, "language") if by_language else (None, "")


def channel_markets(channels) -> set[str]:
    """The markets a listing's `channels` sell into."""
    return {CHANNEL_MARKETS[c.lower()] for c in channels or () if c.lower() in CHANNEL_MARKETS}
