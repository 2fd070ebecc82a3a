"""The build-time listing checks (title keyword, title width, alt text), shared with the linter."""

from __future__ import annotations

import pytest


def codes(result):
    return sorted((d.code, str(d.span)) for d in result.warnings)


def lamp(store, **fields):
    text = store.source("catalog/lamp.yaml")
    for key, value in fields.items():
        lines = [ln for ln in text.split("\n") if ln.startswith(f"{key}:")]
        text = text.replace(lines[0], f"{key}: {value}")
    store.write({"catalog/lamp.yaml": text})


def test_clean_store_has_no_warnings(store):
    assert store.build().warnings == []


@pytest.mark.parametrize(
    "title, code",
    [
        ("Aluminium Reading Light with USB-C Port", "SG101"),
        ("Modern Minimalist Home Office Study Bedroom LED Desk Lamp", "SG102"),
        ("LED Desk Lamp with USB-C Charging Port, Dimmable, Foldable, White", "SG103"),
        ("LED Desk Lamp", "SG104"),
    ],
)
def test_title_rules_english(store, title, code):
    lamp(store, title=title)
    assert codes(store.build()) == [(code, "catalog/lamp.yaml:2:8")]


@pytest.mark.parametrize(
    "title, keyword, code",
    [
        ("明光 无频闪调光台灯 USB充电 学生宿舍", "护眼台灯", "SG101"),
        ("明光 学生宿舍 卧室 书房 床头 无频闪 LED护眼台灯", "护眼台灯", "SG102"),
        ("明光LED护眼台灯无频闪调光USB-C充电学生宿舍书桌卧室床头护眼阅读灯", "护眼台灯", "SG103"),
        ("护眼台灯", "护眼台灯", "SG104"),
    ],
)
def test_title_rules_chinese(store, title, keyword, code):
    lamp(store, title=title, keywords=f"{{primary: {keyword}}}")
    assert codes(store.build()) == [(code, "catalog/lamp.yaml:2:8")]


def test_chinese_title_passing(store):
    lamp(store, title="LED護眼檯燈 無頻閃調光 USB-C充電", keywords="{primary: 护眼台灯}")
    assert codes(store.build()) == []


def test_missing_primary_keyword(store):
    lamp(store, keywords="{secondary: [lamp]}")
    assert codes(store.build()) == [("SG100", "catalog/lamp.yaml:5:11")]


@pytest.mark.parametrize(
    "alt, code",
    [
        ('""', "SG301"),
        ("IMG_2034.jpg", "SG302"),
        ("lamp.jpg", "SG302"),
        ("image", "SG303"),
        ("主图", "SG303"),
        ("圖片", "SG303"),
    ],
)
def test_alt_text_rules(store, alt, code):
    text = store.source("catalog/lamp.yaml").replace("alt: White LED desk lamp on an oak desk", f"alt: {alt}")
    store.write({"catalog/lamp.yaml": text})
    assert codes(store.build()) == [(code, "catalog/lamp.yaml:21:10")]


def test_missing_alt_key(store):
    text = store.source("catalog/lamp.yaml").replace("    alt: White LED desk lamp on an oak desk\n", "")
    store.write({"catalog/lamp.yaml": text})
    assert codes(store.build()) == [("SG301", "catalog/lamp.yaml:20:5")]


def test_guide_title_checked_too(store):
    text = store.source("content/guides/coffee.md").replace(
        "title: Gooseneck Kettle Guide for Pour-Over Coffee", "title: How to Brew Better Pour-Over Coffee"
    )
    store.write({"content/guides/coffee.md": text})
    assert codes(store.build()) == [("SG101", "content/guides/coffee.md:2:8")]


def test_profile_and_ignore_from_config(store):
    lamp(store, title="LED Desk Lamp")
    store.append("shopgen.yaml", "lint: {profile: google, ignore: [SG104]}\n")
    assert codes(store.build()) == []


def test_listing_can_silence_a_rule(store):
    lamp(store, title="LED Desk Lamp")
    store.append("catalog/lamp.yaml", "lint: {ignore: [SG104]}\n")
    assert codes(store.build()) == []


def test_small_image_warns(store):
    from conftest import make_image

    make_image(f"{store.root}/catalog/images/lamp.jpg", size=(80, 60))
    assert codes(store.build()) == [("SG306", "catalog/lamp.yaml:20:5")]
