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


def test_pinyin_readings_are_kept_for_the_next_process(tmp_path, monkeypatch):
    """pypinyin's import costs a fifth of a second per build: a name slugged before is not looked up again,
    and pypinyin is not even imported; a cache made with another pypinyin is not used."""
    import json
    import subprocess
    import sys

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    probe = (
        "import sys\n"
        "from shopgen import slugs\n"
        "print(slugs.segment_slug('家居'), slugs.segment_slug('Coffee'))\n"
        "slugs.keep_pinyin()\n"
        "print('pypinyin' in sys.modules)\n"
    )

    def run():
        res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        return res.stdout.split()

    assert run() == ["jia-ju", "coffee", "True"]
    memo = tmp_path / "shopgen" / "pinyin.json"
    assert json.loads(memo.read_text(encoding="utf-8"))["readings"] == {"家居": "jia ju"}
    assert run() == ["jia-ju", "coffee", "False"]
    data = json.loads(memo.read_text(encoding="utf-8"))
    # what the file says is used (and still made into a clean slug) ...
    memo.write_text(json.dumps({**data, "readings": {"家居": "Home / ../Goods"}}), encoding="utf-8")
    assert run() == ["home-goods", "coffee", "False"]
    # ... unless another pypinyin made it
    memo.write_text(json.dumps({**data, "pypinyin": "elsewhere", "readings": {"家居": "x"}}), encoding="utf-8")
    assert run() == ["jia-ju", "coffee", "True"]
