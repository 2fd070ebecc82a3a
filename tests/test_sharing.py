"""Every page shares well and speaks the store's language (#20 items 2-4): og:image with size and alt on every
page, never an empty meta; alt text never empty on the page; countries, dates and numbers through CLDR; the
home page's title."""

from __future__ import annotations

import os
import shutil

import pytest
from PIL import Image

from htmlutil import html_files, soup
from shopgen import BuildFailed

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
LAMP = "products/led-desk-lamp-with-usb-c-port-dimmable/index.html"


@pytest.mark.parametrize("which", ["demo_site", "zh_site"])
def test_every_page_has_og_image_with_size_and_alt_and_no_empty_meta(which, request):
    out, _ = request.getfixturevalue(which)
    pages = html_files(out)
    assert len(pages) >= 30
    for path in pages:
        doc = soup(path)
        empty = [str(m) for m in doc.find_all("meta") if m.has_attr("content") and not m["content"].strip()]
        assert empty == [], path
        og = {m["property"]: m["content"] for m in doc.find_all("meta", property=True)}
        assert og.get("og:image", "").startswith("https://"), path
        assert og.get("og:image:width") and og.get("og:image:height") and og.get("og:image:alt"), path
        image = os.path.join(out, og["og:image"].split("/", 3)[3])
        with Image.open(image) as im:
            assert im.size == (int(og["og:image:width"]), int(og["og:image:height"])), path
        assert all(img.get("alt", "").strip() for img in doc.find_all("img")), path


def test_the_site_card_is_1200_by_630_and_names_the_store(demo_site):
    out, _ = demo_site
    doc = soup(os.path.join(out, "about", "index.html"))
    og = {m["property"]: m["content"] for m in doc.find_all("meta", property=True)}
    assert og["og:image"].endswith(".png") and "/images/share-" in og["og:image"]
    assert og["og:image:alt"] == "Lumina Home: Lamps, coffee gear and desks for small homes"
    assert (og["og:image:width"], og["og:image:height"]) == ("1200", "630")


def test_a_name_the_card_cannot_draw_falls_back_to_a_photo_with_a_warning(store):
    store.write({"shopgen.yaml": store.source("shopgen.yaml").replace("name: Test Shop", "name: 明光家居")})
    result = store.build()
    (warning,) = [d for d in result.diagnostics if "share card" in d.message]
    assert warning.span.path == "shopgen.yaml" and warning.span.line == 1
    og = soup(os.path.join(store.out, "search", "index.html")).find("meta", property="og:image")["content"]
    assert "/images/" in og and "/images/share-" not in og  # a product photo, never a card of tofu boxes
    assert not [f for f in os.listdir(os.path.join(store.out, "images")) if f.startswith("share-")]


def test_share_font_draws_the_card(store):
    if not os.path.isfile(DEJAVU):
        pytest.skip("no DejaVu font")
    shutil.copy(DEJAVU, os.path.join(store.root, "card.ttf"))
    store.write({"shopgen.yaml": store.source("shopgen.yaml").replace("name: Test Shop", "name: Café Müller")})
    store.append("shopgen.yaml", "share_font: card.ttf\n")
    result = store.build()
    assert not [d for d in result.diagnostics if "share card" in d.message]
    og = soup(os.path.join(store.out, "search", "index.html")).find("meta", property="og:image")["content"]
    assert og.endswith(".png") and "/images/share-" in og


def test_share_image_is_cut_to_1200_by_630(store):
    store.append("shopgen.yaml", "share_image: catalog/images/lamp.jpg\n")
    store.build()
    doc = soup(os.path.join(store.out, "search", "index.html"))
    og = doc.find("meta", property="og:image")["content"]
    with Image.open(os.path.join(store.out, og.split("/", 3)[3])) as im:
        assert im.size == (1200, 630) and og.endswith(".jpg")


def test_a_missing_share_image_is_an_error(store):
    store.append("shopgen.yaml", "share_image: nope.jpg\n")
    with pytest.raises(BuildFailed) as info:
        store.build()
    assert any(str(d.span).startswith("shopgen.yaml:") and "nope.jpg" in d.message for d in info.value.diagnostics)


def test_an_empty_alt_gets_a_descriptive_fallback_and_sg301_still_asks(store):
    text = store.source("catalog/lamp.yaml").replace("alt: White LED desk lamp on an oak desk", 'alt: ""')
    store.write({"catalog/lamp.yaml": text})
    result = store.build()
    assert any(d.code == "SG301" for d in result.diagnostics)  # the editor is still told to write one
    doc = soup(os.path.join(store.out, LAMP))
    title = "LED Desk Lamp with USB-C Port, Dimmable"
    assert doc.select_one(".gallery img")["alt"] == title
    assert doc.find("meta", property="og:image:alt")["content"] == title
    assert doc.find("meta", attrs={"name": "twitter:image:alt"})["content"] == title


@pytest.mark.parametrize(
    "language, country, expected",
    [
        ("de", "DE", "Kostenloser Versand nach Deutschland in 2–6 Tagen"),
        ("fr", "FR", "Livraison offerte (France) en 2–6 jours"),
        ("zh-CN", "US", "免费配送至美国，2–6天送达"),
        ("en", "US", "Free shipping to United States in 2–6 days"),
    ],
)
def test_shipping_promise_names_the_country_in_the_store_language(store, language, country, expected):
    config = store.source("shopgen.yaml").replace("language: en", f"language: {language}")
    config = config.replace("shipping: {country: US, cost: 4.99,", f"shipping: {{country: {country}, cost: 0,")
    store.write({"shopgen.yaml": config.replace("countries: [US]", f"countries: [{country}]")})
    store.build()
    assert soup(os.path.join(store.out, "index.html")).select_one(".promise-bar").get_text().startswith(expected)


def test_dates_and_numbers_in_the_store_language(store):
    store.write({"shopgen.yaml": store.source("shopgen.yaml").replace("language: en", "language: de")})
    store.build()
    doc = soup(os.path.join(store.out, LAMP))
    assert doc.select_one(".offer-default .ends").get_text() == "Angebot endet am 31.01.2027"
    assert doc.select_one(".review time").get_text() == "01.10.2026"
    assert doc.select_one(".buybox .rating").get_text(" ", strip=True) == "★ 4,5 von 5 (10 Bewertungen)"
    assert doc.select_one(".offer-default a.buy").get_text(" ", strip=True).startswith("Kaufen")


def test_chinese_demo_pages_name_the_country_in_chinese(demo_site, zh_site):
    assert "免费配送至美国" in soup(os.path.join(demo_site[0], "zh-cn", "index.html")).select_one(".promise-bar").text
    assert "免费配送至中国" in soup(os.path.join(zh_site[0], "index.html")).select_one(".promise-bar").text


def test_home_title_is_the_store_name_and_its_tagline_within_the_title_width(store, demo_site, zh_site):
    from shopgen.text import display_width

    titles = [soup(os.path.join(out, "index.html")).title.string for out in (demo_site[0], zh_site[0])]
    assert titles == [
        "Lumina Home | Lamps, coffee gear and desks for small homes",
        "明光家居 | 护眼照明与手冲咖啡，为小户型精选",
    ]
    store.append(
        "shopgen.yaml", "description: " + "Lamps and kettles for small homes and long days at work. " * 3 + "\n"
    )
    store.build()
    title = soup(os.path.join(store.out, "index.html")).title.string
    assert title.startswith("Test Shop | Lamps and kettles") and title.endswith("…") and display_width(title) <= 60
