from __future__ import annotations

from shopgen.slugs import is_valid_slug, product_slug, segment_slug, slugify


def test_slugify_latin():
    assert slugify("LED Desk Lamp, Dimmable & USB-C") == "led-desk-lamp-dimmable-and-usb-c"
    assert slugify("Crème Brûlée Torch") == "creme-brulee-torch"
    assert slugify("Kid's Backpack") == "kids-backpack"
    assert len(slugify("word " * 40)) <= 80


def test_product_slug_from_title_or_sku():
    assert product_slug("Gooseneck Kettle 0.9 L", "K-1") == "gooseneck-kettle-0-9-l"
    # Chinese titles take the stable SKU, not a transliteration that changes with every rewording
    assert product_slug("LED护眼台灯 无频闪", "ZH-LAMP-01") == "zh-lamp-01"
    assert product_slug("!!!", "X_1") == "x-1"


def test_category_segments_in_pinyin():
    assert segment_slug("家居") == "jia-ju"
    assert segment_slug("檯燈") == "tai-deng"
    assert segment_slug("Coffee & Tea") == "coffee-and-tea"


def test_is_valid_slug():
    assert is_valid_slug("led-desk-lamp")
    for bad in ("../etc", "Led", "a--b", "-a", "a b", ""):
        assert not is_valid_slug(bad)
