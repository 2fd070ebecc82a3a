"""Every rule fires on a bad listing and stays quiet on a good one, in English and Chinese where text is involved."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from shopgen.lint import REGISTRY

from .conftest import EN_DESC, ZH_DESC


def small_jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 100, 50)).save(buf, "JPEG")
    return buf.getvalue()


def other_product(lang, **changes):
    import yaml

    from .conftest import BASE, merged

    data = merged(BASE[lang], {"sku": "U-1", "title": "Something Else Entirely, Model 2", **changes})
    return {"catalog/u.yaml": yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}


BILINGUAL = "languages: [en, zh-CN]\n"
CN = "market: CN\n"
ZH_TRANSLATION = {
    "zh-CN": {
        "title": "明光 LED护眼台灯 无频闪调光 USB-C充电",
        "summary": "无频闪LED护眼台灯，五档色温，底座USB-C接口可以在你工作时给手机充电，适合学生和上班族。",
        "description": ZH_DESC,
        "highlights": ["无频闪", "USB-C充电"],
        "images": [{"alt": "白色LED护眼台灯放在橡木书桌上"}],
    }
}
ZH_GUIDE = "---\ntitle: 护眼台灯怎么选：在家办公的四个要点\nproducts: [LAMP-1]\n---\n选对护眼台灯，眼睛整天都轻松。\n"

LONG_EN = " ".join(["The lamp has a weighted base and a long arm that reaches across the desk."] * 12)
LONG_ZH = "这盏灯有加重底座和很长的灯臂，可以照亮整张书桌。" * 14

TMALL = "https://detail.tmall.com/item.htm?id=1"

# (code, lang, lint_codes kwargs, fires)
CASES = [
    # store problems found while loading, reported on the listing of their file
    ("SG001", "en", {"changes": {"priec": 3}}, True),
    ("SG001", "en", {"changes": {"price": "12,99"}}, True),
    ("SG002", "en", {"files": {"catalog/a.yaml": "sku: T-1\ntitle: Another Product With The Same SKU\n"}}, True),
    ("SG003", "en", {"changes": {"images": [{"src": "images/nope.jpg", "alt": "LED desk lamp"}]}}, True),
    ("SG004", "en", {"guide": {"front": {"products": ["NOPE-1"]}}}, True),
    ("SG005", "en", {"changes": {"slug": "LED Desk Lamp"}}, True),
    ("SG005", "zh", {"changes": {"slug": "护眼台灯"}}, True),
    ("SG100", "en", {"changes": {"keywords": {"secondary": ["lamp"]}}}, True),
    ("SG100", "zh", {"changes": {"keywords": {"secondary": ["台灯"]}}}, True),
    ("SG101", "en", {"changes": {"title": "Aluminium Reading Light with USB-C Port"}}, True),
    ("SG101", "zh", {"changes": {"title": "明光 无频闪调光阅读灯 USB-C充电 学生"}}, True),
    ("SG102", "en", {"changes": {"title": "Modern Minimalist Home Office Study LED Desk Lamp"}}, True),
    ("SG102", "zh", {"changes": {"title": "学生宿舍 卧室 书房 床头 明光 LED护眼台灯"}}, True),
    # the brand first is how good titles are written: the window starts after it
    ("SG102", "zh", {"changes": {"title": "明光 学生宿舍卧室 LED护眼台灯"}}, False),
    ("SG102", "en", {"changes": {"title": "Lumina Studio Series Architect LED Desk Lamp, Dimmable"}}, False),
    ("SG102", "en", {"changes": {"title": "Studio Series Architect Lumina Edition LED Desk Lamp, Dimmable"}}, True),
    # a `*` in a pack size is a multiplication sign, not decoration
    ("SG108", "zh", {"changes": {"title": "明光 LED护眼台灯 5W*2只装 无频闪"}}, False),
    ("SG108", "zh", {"changes": {"title": "明光 LED护眼台灯 ★新品★ 无频闪"}}, True),
    ("SG103", "en", {"changes": {"title": "LED Desk Lamp with USB-C Charging Port, Dimmable, Foldable, White"}}, True),
    ("SG103", "zh", {"changes": {"title": "明光LED护眼台灯无频闪调光USB-C充电学生宿舍书桌卧室床头护眼阅读灯"}}, True),
    ("SG104", "en", {"changes": {"title": "LED Desk Lamp"}}, True),
    ("SG104", "zh", {"changes": {"title": "护眼台灯"}}, True),
    ("SG105", "en", {"changes": {"title": "LED Desk Lamp, SUPER BRIGHT, Dimmable"}}, True),
    ("SG105", "zh", {"changes": {"title": "明光 LED护眼台灯 SUPER BRIGHT 无频闪"}}, True),
    ("SG106", "en", {"changes": {"title": "LED Desk Lamp, Dimmable, Free Shipping"}}, True),
    ("SG106", "zh", {"changes": {"title": "爆款 LED护眼台灯 包邮 限时特价"}}, True),
    ("SG106", "en", {"changes": {"title": "LED Desk Lamp, Dimmable, 20% OFF Today"}}, True),
    ("SG107", "en", {"changes": {"title": "LED Desk Lamp, Desk Lamp for Desk"}}, True),
    ("SG107", "zh", {"changes": {"title": "护眼台灯 LED护眼台灯 学生台灯"}}, True),
    ("SG108", "en", {"changes": {"title": "★ LED Desk Lamp!!! Dimmable™"}}, True),
    ("SG108", "zh", {"changes": {"title": "【新品】LED护眼台灯 无频闪调光"}}, True),
    (
        "SG109",
        "en",
        {"files": other_product("en", title="LED Desk Lamp with USB-C Charging, Dimmable", slug="other")},
        True,
    ),
    ("SG109", "zh", {"files": other_product("zh", title="明光 LED護眼檯燈 無頻閃調光 USB-C充電", slug="other")}, True),
    ("SG110", "en", {}, True),
    ("SG110", "en", {"changes": {"slug": "t-1"}}, False),
    ("SG110", "zh", {}, False),
    ("SG201", "en", {"changes": {"summary": None}}, True),
    ("SG201", "zh", {"changes": {"summary": None}}, True),
    ("SG202", "en", {"changes": {"summary": "An LED desk lamp."}}, True),
    ("SG202", "zh", {"changes": {"summary": "护眼台灯。"}}, True),
    ("SG203", "en", {"changes": {"summary": "An LED desk lamp. " + "It is bright and it dims smoothly. " * 6}}, True),
    ("SG203", "zh", {"changes": {"summary": "护眼台灯，" + "亮度高，调光平滑，" * 12}}, True),
    (
        "SG204",
        "en",
        {"changes": {"summary": "A bright light for your home office that charges your phone while you work late."}},
        True,
    ),
    (
        "SG204",
        "zh",
        {"changes": {"summary": "明亮的书桌灯，五档色温，底座USB-C接口可以在你工作时给手机充电，适合学生。"}},
        True,
    ),
    ("SG205", "en", {"changes": {"description": "Late work needs good light.\n\n" + EN_DESC}}, True),
    ("SG205", "zh", {"changes": {"description": "晚上工作需要好的光线。\n\n" + ZH_DESC}}, True),
    ("SG206", "en", {"changes": {"description": EN_DESC + "\n\n" + "Buy this LED desk lamp. " * 8}}, True),
    ("SG206", "zh", {"changes": {"description": ZH_DESC + "\n\n" + "买这款护眼台灯。" * 8}}, True),
    ("SG207", "en", {"changes": {"description": "An LED desk lamp. " + LONG_EN}}, True),
    ("SG207", "zh", {"changes": {"description": "护眼台灯。" + LONG_ZH}}, True),
    ("SG208", "en", {"changes": {"highlights": None}}, True),
    ("SG208", "zh", {"changes": {"highlights": None}}, True),
    ("SG209", "en", {"changes": {"description": "An LED desk lamp that dims."}}, True),
    ("SG209", "zh", {"changes": {"description": "可调光的护眼台灯。"}}, True),
    ("SG210", "en", {"files": other_product("en", description=EN_DESC + " It comes in white.")}, True),
    ("SG210", "zh", {"files": other_product("zh", description=ZH_DESC + "有白色可选。")}, True),
    ("SG301", "en", {"changes": {"images": [{"src": "images/lamp.jpg", "alt": ""}]}}, True),
    ("SG301", "zh", {"changes": {"images": [{"src": "images/lamp.jpg"}]}}, True),
    ("SG302", "en", {"changes": {"images": [{"src": "images/lamp.jpg", "alt": "IMG_2034.jpg"}]}}, True),
    ("SG302", "zh", {"changes": {"images": [{"src": "images/lamp.jpg", "alt": "台灯主图.jpg"}]}}, True),
    ("SG303", "en", {"changes": {"images": [{"src": "images/lamp.jpg", "alt": "Product photo"}]}}, True),
    ("SG303", "zh", {"changes": {"images": [{"src": "images/lamp.jpg", "alt": "主圖"}]}}, True),
    ("SG304", "en", {"changes": {"images": None}}, True),
    (
        "SG305",
        "en",
        {
            "changes": {
                "images": [
                    {"src": "images/lamp.jpg", "alt": "LED desk lamp"},
                    {"src": "images/kettle.jpg", "alt": "LED desk lamp"},
                ]
            }
        },
        True,
    ),
    (
        "SG305",
        "zh",
        {
            "changes": {
                "images": [
                    {"src": "images/lamp.jpg", "alt": "护眼台灯"},
                    {"src": "images/kettle.jpg", "alt": "護眼檯燈"},
                ]
            }
        },
        True,
    ),
    (
        "SG306",
        "en",
        {
            "changes": {"images": [{"src": "images/small.jpg", "alt": "LED desk lamp"}]},
            "files": {"catalog/images/small.jpg": small_jpeg()},
        },
        True,
    ),
    ("SG307", "en", {"changes": {"images": [{"src": "images/lamp.jpg", "alt": "Morning on the balcony"}]}}, True),
    ("SG307", "zh", {"changes": {"images": [{"src": "images/lamp.jpg", "alt": "窗外的早晨"}]}}, True),
    ("SG308", "en", {"config": "lint: {profile: taobao}\n"}, True),
    ("SG309", "en", {"changes": {"images": [{"src": "https://cdn.example.com/l.jpg", "alt": "LED desk lamp"}]}}, True),
    ("SG309", "zh", {"changes": {"images": [{"src": "https://cdn.example.com/lamp.jpg", "alt": "护眼台灯"}]}}, True),
    (
        "SG309",
        "en",
        {
            "changes": {
                "images": [
                    {"src": "https://cdn.example.com/lamp.jpg", "alt": "LED desk lamp", "width": 1600, "height": 1200}
                ]
            }
        },
        False,
    ),
    ("SG401", "en", {"changes": {"price": None}}, True),
    ("SG402", "en", {"changes": {"gtin": "4006381333932"}}, True),
    ("SG403", "en", {"changes": {"price": 0}}, True),
    ("SG404", "en", {"changes": {"gtin": None}}, True),
    ("SG405", "en", {"changes": {"brand": None}}, True),
    ("SG406", "en", {"changes": {"sale_price": 29.9, "sale_ends": "2026-01-31"}}, True),
    ("SG407", "en", {"changes": {"currency": "EUR"}}, True),
    ("SG408", "en", {"changes": {"sale_price": 29.9}}, True),
    ("SG409", "en", {"changes": {"sale_price": 49.9, "sale_ends": "2027-01-31"}}, True),
    ("SG410", "en", {"changes": {"availability": None}}, True),
    ("SG411", "en", {"changes": {"channels": {"tmall": {"price": 35.0}}}}, True),
    # a channel in another currency is compared with the channels in that currency only
    ("SG411", "en", {"changes": {"channels": {"de": {"price": 36.9, "currency": "EUR"}}}}, False),
    (
        "SG411",
        "en",
        {"changes": {"channels": {"de": {"price": 36.9, "currency": "EUR"}, "fr": {"price": 34.9, "currency": "EUR"}}}},
        True,
    ),
    (
        "SG411",
        "en",
        {"changes": {"channels": {"de": {"price": 36.9, "currency": "EUR"}, "fr": {"price": 36.9, "currency": "EUR"}}}},
        False,
    ),
    ("SG412", "en", {"changes": {"variants": [{"sku": "T-1-A"}]}}, True),
    ("SG417", "en", {"changes": {"buy_url": None}}, True),
    ("SG417", "zh", {"changes": {"buy_url": None, "channels": {"tmall": {"price": 199}}}}, True),
    ("SG417", "en", {"changes": {"buy_url": None}, "config": "purchase: none\n"}, False),
    ("SG417", "zh", {"changes": {"buy_url": None, "channels": {"tmall": {"price": 199, "url": TMALL}}}}, False),
    ("SG417", "en", {"changes": {"buy_url": None, "variants": [{"sku": "T-1-A", "buy_url": TMALL}]}}, False),
    (
        "SG413",
        "en",
        {
            "changes": {
                "variants": [
                    {"sku": "T-1-A", "attributes": {"color": "Red"}},
                    {"sku": "T-1-B", "attributes": {"color": "red"}},
                ]
            }
        },
        True,
    ),
    ("SG414", "en", {"changes": {"rating": None}}, True),
    ("SG415", "en", {"changes": {"title": "LED Desk Lamp with USB-C Charging, Dimmable " + "and Bright " * 12}}, True),
    (
        "SG415",
        "zh",
        {"changes": {"title": "明光 LED护眼台灯 无频闪调光 USB-C充电 " + "学生宿舍书桌卧室床头阅读" * 12}},
        True,
    ),
    (
        "SG415",
        "en",
        {"changes": {"variants": [{"sku": "T-1-W", "title": "LED Desk Lamp, White " + "x" * 140, "price": 39.9}]}},
        True,
    ),
    ("SG416", "en", {"changes": {"description": EN_DESC + "\n\n" + LONG_EN * 6}}, True),
    ("SG416", "zh", {"changes": {"description": ZH_DESC + "\n\n" + LONG_ZH * 15}}, True),
    ("SG601", "en", {"guide": {"front": {"products": None}, "body": "Good light matters.\n"}}, True),
    ("SG601", "zh", {"guide": {"front": {"products": None}, "body": "好的光线很重要。\n"}}, True),
    ("SG602", "en", {"changes": {"availability": "out_of_stock"}, "guide": {"front": {"products": ["T-1"]}}}, True),
    (
        "SG602",
        "en",
        {"changes": {"availability": "discontinued"}, "guide": {"body": "An LED desk lamp, [this one](sku:T-1).\n"}},
        True,
    ),
    ("SG603", "en", {"guide": {"body": "An LED desk lamp helps. " + LONG_EN * 3}}, True),
    ("SG603", "zh", {"guide": {"body": "护眼台灯很重要。" + LONG_ZH * 3}}, True),
    ("SG604", "en", {}, True),
    # China's Advertising Law judges listings sold in mainland China (market CN, or a channel there)
    ("SG701", "en", {"changes": {"title": "NO.1 LED Desk Lamp, Dimmable"}, "config": CN}, True),
    ("SG701", "zh", {"changes": {"title": "全网第一 LED护眼台灯 无频闪调光"}, "config": CN}, True),
    ("SG701", "zh", {"changes": {"highlights": ["頂級做工"]}, "config": CN}, True),
    ("SG701", "zh", {"changes": {"title": "明光 最好用的LED护眼台灯"}, "config": CN}, True),
    ("SG701", "zh", {"changes": {"title": "全网第一 LED护眼台灯", "channels": {"tmall": {"price": 39.9}}}}, True),
    ("SG704", "zh", {"changes": {"title": "全網第一 LED護眼檯燈 無頻閃調光"}, "config": "market: TW\n"}, True),
    ("SG704", "en", {"changes": {"title": "NO.1 LED Desk Lamp, Dimmable"}, "config": "market: TW\n"}, True),
    ("SG704", "zh", {"changes": {"highlights": ["頂級做工"]}, "config": "market: HK\n"}, True),
    ("SG704", "zh", {"changes": {"title": "全網第一 LED護眼檯燈 無頻閃調光"}, "config": CN}, False),
    ("SG702", "en", {"changes": {"summary": "The #1 LED desk lamp, 100% guaranteed to end eye strain for you."}}, True),
    ("SG702", "zh", {"changes": {"highlights": ["零风险试用"]}}, True),
    (
        "SG703",
        "en",
        {"changes": {"title": "LED Desk Lamp with wifi, Dimmable"}, "config": "lint: {substitutions: {wifi: Wi-Fi}}\n"},
        True,
    ),
    ("SG703", "zh", {"changes": {"highlights": ["蓝芽连接"]}, "config": "lint: {substitutions: {蓝芽: 蓝牙}}\n"}, True),
    ("SG901", "en", {"changes": {"lint": {"ignore": ["SG105"]}}}, True),
    ("SG801", "en", {"config": BILINGUAL}, True),  # no translation at all
    ("SG801", "en", {"config": BILINGUAL, "changes": {"i18n": {"zh-CN": {"title": "明光 LED护眼台灯"}}}}, True),
    (
        "SG801",
        "zh",
        {"config": BILINGUAL, "changes": {"i18n": {"zh-CN": {**ZH_TRANSLATION["zh-CN"], "images": []}}}},
        True,
    ),
    ("SG801", "en", {"config": BILINGUAL, "changes": {"i18n": {"zh-CN": {"summary": "护眼台灯。"}}}}, True),  # no title
    ("SG801", "en", {"config": BILINGUAL, "changes": {"i18n": ZH_TRANSLATION}}, False),
    ("SG802", "en", {"config": BILINGUAL, "guide": {}}, True),
    ("SG802", "en", {"config": BILINGUAL, "guide": {}, "files": {"content/guides/t.zh-CN.md": ZH_GUIDE}}, False),
    # -- passing cases: the good listing, and near misses that must stay quiet ---------------------------
    *[
        (code, lang, {}, False)
        for code in sorted(REGISTRY)
        if code not in ("SG604", "SG110")
        for lang in ("en", "zh")
        if not code.startswith("SG6")
    ],
    ("SG601", "en", {"guide": {}}, False),
    ("SG601", "zh", {"guide": {}}, False),
    ("SG602", "en", {"guide": {"front": {"products": ["T-1"]}}}, False),
    ("SG603", "en", {"guide": {"body": "An LED desk lamp helps.\n\n## Light\n\n" + LONG_EN * 3}}, False),
    ("SG603", "zh", {"guide": {"body": "护眼台灯很重要。\n\n## 光线\n\n" + LONG_ZH * 3}}, False),
    ("SG604", "en", {"guide": {"front": {"products": ["T-1"]}}}, False),
    ("SG101", "zh", {"changes": {"title": "明光 LED護眼檯燈 無頻閃調光 USB-C充電"}}, False),  # Traditional title
    ("SG106", "en", {"changes": {"title": "LED Desk Lamp for a Salesroom, Dimmable"}}, False),  # "sale" inside a word
    ("SG107", "en", {"changes": {"title": "LED Desk Lamp for the Desk of a Child"}}, True),
    ("SG107", "en", {"changes": {"title": "LED Desk Lamp, 2 x 2 W, for the Home and the Office"}}, False),
    ("SG701", "zh", {"changes": {"highlights": ["第一次使用前充满电"]}, "config": CN}, False),  # ordinal 第一
    (
        "SG901",
        "en",
        {"changes": {"title": "LED Desk Lamp, SUPER BRIGHT, Dimmable", "lint": {"ignore": ["SG105"]}}},
        False,
    ),
]


@pytest.mark.parametrize(
    "code, lang, kwargs, fires",
    CASES,
    ids=[f"{c}-{lang}-{'fires' if f else 'quiet'}-{i}" for i, (c, lang, _k, f) in enumerate(CASES)],
)
def test_rule(lint_codes, code, lang, kwargs, fires):
    codes = lint_codes(lang, **kwargs)
    assert (code in codes) is fires, codes


TEXT_RULES = {"SG1", "SG2", "SG30", "SG7"}  # prefixes of rules that read shopper-facing text


def test_every_rule_has_a_failing_and_a_passing_case():
    for code in REGISTRY:
        langs_fail = {lang for c, lang, _k, f in CASES if c == code and f}
        langs_pass = {lang for c, lang, _k, f in CASES if c == code and not f}
        assert langs_fail and langs_pass, code
        # SG110 cannot fire on a Chinese title: its address comes from the SKU, which is stable.
        if any(code.startswith(p) for p in TEXT_RULES) and code not in ("SG110", "SG304", "SG306", "SG308"):
            assert {"en", "zh"} <= langs_fail, f"{code} needs a Chinese failing case"


def test_every_rule_is_documented():
    names = set()
    for code, r in REGISTRY.items():
        assert code.startswith("SG") and len(code) == 5
        assert r.name not in names and r.name == r.name.lower()
        names.add(r.name)
        assert r.summary and r.why and r.example, code
