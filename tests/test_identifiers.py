from __future__ import annotations

import pytest

from shopgen.identifiers import gtin_problem


@pytest.mark.parametrize("code", ["4006381333931", "012345678905", "96385074", "10012345678902"])
def test_valid_gtins(code):
    assert gtin_problem(code) is None


@pytest.mark.parametrize(
    "code, problem",
    [
        ("4006381333932", "the check digit is 2, GS1 expects 1"),
        ("12345", "a GTIN has 8, 12, 13 or 14 digits, this one has 5"),
        ("40063813339A1", "a GTIN has only digits"),
        ("0000000000000", "a GTIN of only zeros is a placeholder"),
    ],
)
def test_invalid_gtins(code, problem):
    assert gtin_problem(code) == problem
