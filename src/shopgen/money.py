"""Prices as Decimals, rounded to each currency's minor unit, formatted for people and for JSON-LD."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

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
SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "CNY": "¥",
    "JPY": "¥",
    "TWD": "NT$",
    "HKD": "HK$",
    "AUD": "A$",
    "CAD": "CA$",
    "KRW": "₩",
    "INR": "₹",
    "SGD": "S$",
}


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


def format_price(amount: Decimal, currency: str) -> str:
    """Human form with symbol and thousands separators: '$1,299.00', '¥399.00', 'CHF 20.00'."""
    q = quantize(amount, currency)
    digits = minor_digits(currency)
    text = f"{q:,.{digits}f}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{text}" if symbol else f"{currency} {text}"
