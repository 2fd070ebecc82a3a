from __future__ import annotations

from decimal import Decimal

from shopgen.money import format_price, parse_amount, price_value


def test_parse_amount():
    assert parse_amount(39.9) == Decimal("39.9")
    assert parse_amount("1,299.00") == Decimal("1299.00")
    assert parse_amount(True) is None and parse_amount("abc") is None and parse_amount("nan") is None


def test_price_value_and_format():
    assert price_value(Decimal("39.9"), "USD") == "39.90"
    assert price_value(Decimal("1200.4"), "JPY") == "1200"
    assert format_price(Decimal("1299"), "USD") == "$1,299.00"
    assert format_price(Decimal("1200.4"), "JPY") == "¥1,200"  # rounded to the currency's unit first


def test_prices_are_written_the_way_the_store_language_writes_them():
    assert format_price(Decimal("159"), "CNY", "zh-CN") == "¥159.00"
    assert format_price(Decimal("159"), "CNY", "en") == "CN¥159.00"  # in English, ¥ alone is the yen
    assert format_price(Decimal("20"), "USD", "zh-CN") == "US$20.00"
    assert format_price(Decimal("1299"), "TWD", "zh-TW") == "$1,299.00"
    assert format_price(Decimal("1299.5"), "EUR", "de") == "1.299,50\xa0€"
    assert format_price(Decimal("1234567"), "INR", "en-IN") == "₹12,34,567.00"
    assert format_price(Decimal("20"), "CHF", "xx-unknown") == "CHF20.00"  # an unknown language: English
