"""Product identifiers: GS1 GTIN check digits."""

from __future__ import annotations

from .messages import tr

GTIN_LENGTHS = (8, 12, 13, 14)


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit for all digits of a GTIN but the last."""
    total = sum(int(ch) * (3 if i % 2 == 0 else 1) for i, ch in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def gtin_problem(code: str) -> str | None:
    """Why `code` is not a valid GTIN-8/12/13/14, or None when it is."""
    if not code.isdigit() or not code.isascii():
        return tr("a GTIN has only digits")
    if len(code) not in GTIN_LENGTHS:
        return tr("a GTIN has 8, 12, 13 or 14 digits, this one has {n}", n=len(code))
    if set(code) == {"0"}:
        return tr("a GTIN of only zeros is a placeholder")
    expected = gtin_check_digit(code[:-1])
    if int(code[-1]) != expected:
        return tr("the check digit is {digit}, GS1 expects {expected}", digit=code[-1], expected=expected)
    return None
