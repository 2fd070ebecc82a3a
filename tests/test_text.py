"""CJK-aware widths and keyword matching."""

from __future__ import annotations

import pytest

from shopgen.text import display_width, find_keyword, looks_like_filename, match_form


def test_display_width_counts_wide_characters_twice():
    assert display_width("LED lamp") == 8
    assert display_width("护眼台灯") == 8
    assert display_width("LED护眼台灯，") == 3 + 8 + 2  # full-width comma is wide
    assert display_width("ｌｅｄ") == 6


@pytest.mark.parametrize(
    "keyword, title, pos",
    [
        ("led desk lamp", "LED Desk Lamp, Dimmable", 0),
        ("led desk lamp", "Lumina LED desk-lamps with USB-C", 7),
        ("usb-c", "Lamp with USB C port", 10),
        ("护眼台灯", "明光 LED护眼台灯 无频闪", 6),
        ("led护眼台灯", "明光 LED 护眼 台灯", 3),
        ("降噪耳机", "主動降噪耳機 頭戴式", 2),  # Simplified keyword, Traditional title
        ("無線耳機", "无线耳机 蓝牙", 0),  # Traditional keyword, Simplified title
        ("台灯", "ＬＥＤ檯燈", 3),  # full-width Latin, Traditional 檯燈
    ],
)
def test_keyword_found(keyword, title, pos):
    assert find_keyword(keyword, title) == pos


@pytest.mark.parametrize(
    "keyword, title",
    [
        ("lamp", "Lamplight reading set"),  # Latin words match whole words only
        ("desk lamp", "Desk organiser with lamp"),
        ("台灯", "落地灯 客厅"),
        ("led desk lamp", ""),
    ],
)
def test_keyword_absent(keyword, title):
    assert find_keyword(keyword, title) is None


def test_match_form():
    assert match_form("ＬＥＤ 檯燈") == "led 台灯"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("IMG_2034.jpg", True),
        ("lamp-front.png", True),
        ("DSC01234", True),
        ("photo 3.webp", True),
        ("White lamp on a desk", False),
        ("白色台灯.jpg", True),
    ],
)
def test_looks_like_filename(text, expected):
    assert looks_like_filename(text) is expected


def test_screen_terms_keeps_every_term_some_text_contains():
    """Screening the joined copy may keep a term no single text has, never lose one a text has."""
    from shopgen.lint.context import builtin_terms
    from shopgen.text import find_terms, screen_terms

    terms = [*builtin_terms("absolute"), *builtin_terms("unverifiable"), "re:^Lamp", "wifi"]
    texts = ["Lamp with WiFi, the #1 choice", "全网 第一的台燈", "國 家 級 认证", "", "NO. 1 in sales", "best  ever!"]
    screened = screen_terms(terms, texts)
    found = {t for text in texts for t in find_terms(terms, text)}
    assert found <= screened
    assert {"#1", "全网第一", "国家级", "re:^Lamp", "best ever", "NO.1"} <= found
    assert "最佳" not in screened and "miracle" not in screened
