"""Prices as Decimals, rounded to each currency's minor unit, formatted for people (per locale) and for JSON-LD."""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency

# ISO 4217 currencies without a minor unit (or whose minor unit is not used in prices).
ZERO_DECIMAL = {
    "BIF",
    "CLP",
    "DJF",
    "GNF",
    "ISK",
    "JPY",
    "KMF",
    "KRW",
    "PYG",
    "RWF",
    "UGX",
    "UYI",
    "VND",
    "VUV",
    "XAF",
    "XOF",
    "XPF",
    "TWD",
    "HUF",
}
THREE_DECIMAL = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"}


def parse_amount(value) -> Decimal | None:
    """A price from YAML (number or numeric string) as a Decimal, or None if it is not one."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        value = repr(value)
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        return None
    if not amount.is_finite():
        return None
    return amount


def minor_digits(currency: str) -> int:
    if currency in ZERO_DECIMAL:
        return 0
    if currency in THREE_DECIMAL:
        return 3
    return 2


def quantize(amount: Decimal, currency: str) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-minor_digits(currency)), rounding=ROUND_HALF_UP)


def price_value(amount: Decimal, currency: str) -> str:
    """Machine form: '39.90', '1200' (JPY). Used in JSON-LD and feeds."""
    return str(quantize(amount, currency))


@functools.lru_cache(maxsize=1 << 16)
def format_price(amount: Decimal, currency: str, language: str = "en") -> str:
    """A price as the store's language writes it, from the Unicode CLDR data (Babel): '$1,299.00' in en,
    '¥399.00' and 'US$20.00' in zh-CN, '1.299,00 €' in de. Cached: the same prices fill many pages."""
    return format_currency(quantize(amount, currency), currency, locale=_locale(language))


def cldr_locale(language: str) -> Locale:
    """The CLDR locale of a store language (see `_locale`), for names, dates and numbers."""
    return _locale(language)


@functools.lru_cache(maxsize=64)
def _locale(language: str) -> Locale:
    """The CLDR locale of a BCP 47 tag (zh-CN, zh-TW, en); its language alone, or English, when unknown."""
    for tag in (language.replace("-", "_"), language.split("-")[0]):
        try:
            return Locale.parse(tag)
        except (ValueError, TypeError, UnknownLocaleError):
            continue
    return Locale.parse("en")
