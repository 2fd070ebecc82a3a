"""Prices as Decimals, rounded to each currency's minor unit, formatted for people (per locale) and for JSON-LD."""

from __future__ import annotations

import functools
import re
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


#: The largest amount (and number) shopgen accepts: a trillion in the currency's unit. Its digits and the
#: minor unit fit Decimal's 28 digits many times over, and it is far above any price Google's feed takes.
MAX_AMOUNT = Decimal(10) ** 12

#: A comma that can only be a thousands separator: groups of three digits and a decimal point ("1,299.00").
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+\.\d+")


def read_amount(value) -> tuple[Decimal | None, str]:
    """A number from YAML (a number or a numeric text) as a Decimal: (amount, "") or (None, why) where why is
    "number" (not a number), "finite" (NaN, infinity), "comma" (a comma that may be a decimal comma) or
    "range" (beyond MAX_AMOUNT either way). Never guesses: "12,99" is refused, not read as 1299."""
    if isinstance(value, bool) or value is None:
        return None, "number"
    text = repr(value) if isinstance(value, float) else str(value).strip()
    if "," in text:
        if not _GROUPED.fullmatch(text):
            return None, "comma"
        text = text.replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None, "number"
    if not amount.is_finite():
        return None, "finite"
    if abs(amount) > MAX_AMOUNT:
        return None, "range"
    return amount, ""


def parse_amount(value) -> Decimal | None:
    """`read_amount` without the reason: the amount, or None."""
    return read_amount(value)[0]


def comma_readings(text: str) -> list[str]:
    """The amounts a text with one comma may mean: '12,99' -> ['12.99']; '1,299' -> ['1.299', '1299'] (a
    decimal comma or a thousands separator); [] when it is not that simple."""
    head, sep, tail = text.strip().partition(",")
    if not (sep and head and tail.isdigit() and "," not in tail and "." not in head):
        return []
    return [f"{head}.{tail}", f"{head}{tail}"] if len(tail) == 3 else [f"{head}.{tail}"]


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
