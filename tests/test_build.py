"""End-to-end builds: every page kind, head tags, sitemap, robots, determinism, the demo stores."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

import pytest

from htmlutil import html_files, jsonld, of_type, soup, tree_bytes
from shopgen import build

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
IMG = "{http://www.google.com/schemas/sitemap-image/1.1}"


def test_every_page_kind_is_built(store):
    result = store.build()
    assert result.pages_by_kind == {
        "home": 1,
        "product": 2,
        "category": 5,
        "categories": 1,
        "guide": 1,
        "guides": 1,
        "page": 1,
        "404": 1,
        "search": 1,
    }
    for rel in [
        "index.html",
        "products/led-desk-lamp-with-usb-c-port-dimmable/index.html",
        "categories/home/lighting/desk-lamps/index.html",
        "categories/index.html",
        "guides/coffee/index.html",
        "guides/index.html",
        "about/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
    ]:
        assert os.path.isfile(os.path.join(store.out, rel)), rel


def test_every_page_has_unique_title_description_canonical_og_and_lang(store):
    store.build()
    titles = {}
    for path in html_files(store.out):
        doc = soup(path)
        rel = os.path.relpath(path, store.out)
        assert doc.html["lang"] == "en"
        title = doc.title.string
        assert title and title not in titles, f"{rel} repeats the title of {titles.get(title)}"
        titles[title] = rel
        assert doc.find("meta", attrs={"name": "description"})["content"]
        canonical = doc.find("link", rel="canonical")["href"]
        assert canonical.startswith("https://test.example.com/")
        for prop in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
            assert doc.find("meta", property=prop), (rel, prop)
        assert doc.find("meta", property="og:url")["content"] == canonical
        assert doc.find("meta", attrs={"name": "twitter:card"})
        assert doc.find("meta", attrs={"name": "viewport"})
        if rel != "404.html":
            assert canonical == "https://test.example.com/" + rel.removesuffix("index.html")


def test_product_page_first_screen_content(store):
    store.build()
    doc = soup(os.path.join(store.out, "products/led-desk-lamp-with-usb-c-port-dimmable/index.html"))
    assert doc.h1.string == "LED Desk Lamp with USB-C Port, Dimmable"
    buy = doc.select_one(".buybox")
    assert buy.select_one(".price .now").string == "$29.90"
    assert buy.select_one(".price del").get_text(" ", strip=True).endswith("$39.90")
    assert "Jan 31, 2027" in buy.select_one(".price .ends").string  # as the store's language writes it
    assert buy.select_one(".availability").string == "In stock"
    assert [li.string for li in buy.select(".highlights li")] == ["Flicker-free", "Folds flat"]
    promise = buy.select_one(".promise").get_text(" ", strip=True)
    assert "$4.99 shipping to United States in 2–6 days" in promise and "30-day returns" in promise  # CLDR name
    main = doc.select_one(".gallery img")
    assert main["alt"] == "White LED desk lamp on an oak desk"
    assert main["fetchpriority"] == "high" and "loading" not in main.attrs
    assert main["width"] == "640" and main["height"] == "480"
    # below the first screen: description, specs, FAQ, reviews, breadcrumbs, guides, related
    assert "flicker-free lamp" in doc.select_one(".description").get_text()
    assert doc.select_one("table.specs").get_text().count("White") == 1
    assert doc.find("summary").string == "Does it flicker?"
    assert "Great light." in doc.select_one(".review").get_text()
    assert [a.string for a in doc.select(".breadcrumbs a")] == ["Home", "Home", "Lighting", "Desk Lamps"]
    assert doc.select_one('a[href="/guides/coffee/"]')


def test_variants_are_listed_with_their_own_price_and_availability(store):
    store.build()
    doc = soup(os.path.join(store.out, "products/gooseneck-kettle-with-temperature-control/index.html"))
    rows = doc.select("table.variants tbody tr")
    assert [r["id"] for r in rows] == ["KET-1-BLK", "KET-1-STL"]
    assert "$74.00" in rows[1].get_text() and "Out of stock" in rows[1].get_text()
    assert "$69.00" in rows[0].get_text() and "In stock" in rows[0].get_text()


def test_other_images_are_lazy_and_sized(store):
    store.build()
    doc = soup(os.path.join(store.out, "index.html"))
    for img in doc.find_all("img"):
        assert img["loading"] == "lazy" and img["alt"] and img["width"] and img["height"]


def test_category_page_lists_products_with_breadcrumbs_and_itemlist(store):
    store.build()
    doc = soup(os.path.join(store.out, "categories/home/lighting/index.html"))
    assert doc.h1.get_text(strip=True) == "Lighting"
    assert [a.string for a in doc.select(".breadcrumbs a")] == ["Home", "Home"]
    assert doc.select_one(".card .card-title").string == "LED Desk Lamp with USB-C Port, Dimmable"
    nodes = jsonld(doc)
    items = of_type(nodes, "ItemList")[0]["itemListElement"]
    assert items == [
        {
            "@type": "ListItem",
            "position": 1,
            "name": "LED Desk Lamp with USB-C Port, Dimmable",
            "url": "https://test.example.com/products/led-desk-lamp-with-usb-c-port-dimmable/",
        }
    ]
    crumbs = of_type(nodes, "BreadcrumbList")[0]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "Home", "Lighting"]


def test_category_pages_are_paginated(store):
    files = {
        f"catalog/lamp{i}.yaml": f"""
        sku: L{i}
        title: LED Desk Lamp Model {i:02d}, Dimmable
        category: Lamps
        keywords: {{primary: led desk lamp}}
        price: 10
        """
        for i in range(5)
    }
    store.write(files).append("shopgen.yaml", "per_page: 2\n")
    store.build()
    assert os.path.isfile(os.path.join(store.out, "categories/lamps/page/3/index.html"))
    assert not os.path.exists(os.path.join(store.out, "categories/lamps/page/4"))
    doc = soup(os.path.join(store.out, "categories/lamps/page/2/index.html"))
    assert doc.find("link", rel="prev")["href"] == "https://test.example.com/categories/lamps/"
    assert doc.find("link", rel="next")["href"] == "https://test.example.com/categories/lamps/page/3/"
    assert of_type(jsonld(doc), "ItemList")[0]["itemListElement"][0]["position"] == 3


def test_guide_page_has_a_card_for_every_named_product(store):
    store.build()
    doc = soup(os.path.join(store.out, "guides/coffee/index.html"))
    cards = [a["href"] for a in doc.select(".card > a")]
    assert sorted(cards) == [
        "/products/gooseneck-kettle-with-temperature-control/",
        "/products/led-desk-lamp-with-usb-c-port-dimmable/",
    ]
    # the inline card sits inside the article, the other named product after it
    assert doc.select_one("article.guide .card a")["href"] == "/products/gooseneck-kettle-with-temperature-control/"
    assert doc.select_one('article.guide p a[href="/products/led-desk-lamp-with-usb-c-port-dimmable/"]')


def test_static_page_and_404(store):
    store.build()
    assert soup(os.path.join(store.out, "about/index.html")).h1.string == "About Test Shop"
    doc = soup(os.path.join(store.out, "404.html"))
    assert doc.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_sitemap_lists_every_indexable_page_with_images_and_lastmod(store):
    store.build()
    tree = ET.parse(os.path.join(store.out, "sitemap.xml"))
    urls = {u.find(SM + "loc").text: u for u in tree.getroot()}
    pages = {
        "https://test.example.com/" + os.path.relpath(p, store.out).removesuffix("index.html")
        for p in html_files(store.out)
        if not p.endswith("404.html") and not p.endswith("search/index.html")  # both noindex
    }
    assert set(urls) == pages
    guide = urls["https://test.example.com/guides/coffee/"]
    assert guide.find(SM + "lastmod").text == "2026-10-01"
    lamp = urls["https://test.example.com/products/led-desk-lamp-with-usb-c-port-dimmable/"]
    image = lamp.find(f"{IMG}image/{IMG}loc").text
    assert re.fullmatch(r"https://test\.example\.com/images/lamp-640w-[0-9a-f]{10}\.jpg", image)
    assert os.path.isfile(os.path.join(store.out, image.split(".com/", 1)[1]))


def test_sitemap_index_past_the_url_limit(store, monkeypatch):
    import shopgen.sitemap

    monkeypatch.setattr(shopgen.sitemap, "MAX_URLS", 4)
    store.build()
    root = ET.parse(os.path.join(store.out, "sitemap.xml")).getroot()
    assert root.tag == SM + "sitemapindex"
    parts = [s.find(SM + "loc").text for s in root]
    assert parts == [f"https://test.example.com/sitemap-{i}.xml" for i in (1, 2, 3)]
    total = sum(len(ET.parse(os.path.join(store.out, f"sitemap-{i}.xml")).getroot()) for i in (1, 2, 3))
    assert total == 12


def test_robots_names_the_sitemap(store):
    store.build()
    assert "Sitemap: https://test.example.com/sitemap.xml" in store.read("robots.txt")


def test_base_url_option_overrides_config(store):
    store.build(base_url="https://staging.example.org/")
    doc = soup(os.path.join(store.out, "index.html"))
    assert doc.find("link", rel="canonical")["href"] == "https://staging.example.org/"


def test_expired_sale_shows_regular_price_and_warns(store):
    result = store.build(today=__import__("datetime").date(2027, 2, 1))
    doc = soup(os.path.join(store.out, "products/led-desk-lamp-with-usb-c-port-dimmable/index.html"))
    assert doc.select_one(".buybox .price .now").string == "$39.90"
    assert not doc.select_one(".buybox del")
    assert any(d.code == "SG406" and d.span.path == "catalog/lamp.yaml" for d in result.warnings)


def test_two_builds_are_byte_identical(store, tmp_path):
    store.build(out=str(tmp_path / "a"))
    store.build(out=str(tmp_path / "b"))
    a, b = tree_bytes(tmp_path / "a"), tree_bytes(tmp_path / "b")
    assert a.keys() == b.keys()
    assert [k for k in a if a[k] != b[k]] == []


def test_store_overrides_a_template(store):
    store.write(
        {
            "themes/default/templates/page.html": """
        {% extends "base.html" %}
        {% block main %}<h1 class="custom">{{ page.title }}</h1>{% endblock %}
        """
        }
    )
    store.build()
    assert soup(os.path.join(store.out, "about/index.html")).select_one("h1.custom")
    # other templates still come from the built-in theme
    assert soup(os.path.join(store.out, "index.html")).select_one(".grid")


def test_a_card_is_rendered_for_its_product_and_heading_everywhere(store):
    store.build()
    lamp = "LED Desk Lamp with USB-C Port, Dimmable"
    home = soup(os.path.join(store.out, "index.html"))
    category = soup(os.path.join(store.out, "categories/home/lighting/index.html"))
    # one card per product and heading level: the category's h2 card and the home page's h3 card differ
    assert [h.name for h in category.select(".card .card-title")] == ["h2"]
    assert lamp in [h.string for h in home.select(".card h3.card-title")]
    assert not home.select(".card h2.card-title")
    # a store's own card is used by every list of products
    store.write(
        {
            "themes/default/templates/partials/product-card.html": """
        <div class="card mine"><{{ heading }}>{{ product.title }}</{{ heading }}></div>
        """
        }
    )
    store.build()
    for rel, heading in [
        ("index.html", "h3"),
        ("categories/home/lighting/index.html", "h2"),
        ("guides/coffee/index.html", "h3"),
        ("404.html", "h2"),
    ]:
        doc = soup(os.path.join(store.out, rel))
        assert doc.select(f".card.mine > {heading}") and not doc.select(".card:not(.mine)"), rel


def test_named_theme_falls_back_to_default(store):
    store.write(
        {
            "themes/shiny/templates/home.html": """
        {% extends "base.html" %}
        {% block main %}<h1 id="shiny">{{ config.name }}</h1>{% endblock %}
        """,
            "themes/shiny/static/style.css": "body { color: red; }\n",
        }
    )
    store.append("shopgen.yaml", "theme: shiny\n")
    store.build()
    doc = soup(os.path.join(store.out, "index.html"))
    assert doc.select_one("#shiny")
    css = doc.find("link", rel="stylesheet")["href"]
    assert store.read(css.lstrip("/")) == "body { color: red; }\n"
    assert soup(os.path.join(store.out, "about/index.html")).h1.string == "About Test Shop"


# -- the demo stores -------------------------------------------------------------------------------


def test_demo_store_builds_with_zero_warnings(demo_site):
    _out, result = demo_site
    assert [d.format() for d in result.diagnostics] == []
    assert result.pages_by_kind["product"] >= 24 and result.pages_by_kind["guide"] >= 5


def test_demo_store_meets_the_catalog_brief(demo_site):
    out, _ = demo_site
    from conftest import ROOT
    from shopgen.diagnostics import Diagnostics
    from shopgen.load import load_store
    from shopgen.validate import validate_store

    store = validate_store(load_store(ROOT, Diagnostics()), Diagnostics())
    products = store.products
    assert len(products) >= 24
    assert len({p.category[0] for p in products}) >= 5
    assert sum(bool(p.variants) for p in products) >= 3
    assert sum(bool(p.reviews) for p in products) >= 3
    assert sum(p.sale_price is not None for p in products) >= 3
    assert sum(bool(p.faq) for p in products) >= 3
    assert sum(bool(p.channels) for p in products) >= 1
    assert len(store.guides) >= 5 and {p.slug for p in store.pages} >= {"about", "shipping", "returns"}


def test_zh_demo_store(zh_site):
    out, result = zh_site
    assert [d.format() for d in result.diagnostics] == []
    assert result.pages_by_kind["product"] >= 6
    doc = soup(os.path.join(out, "products/zh-lamp-01/index.html"))
    assert doc.html["lang"] == "zh-CN"
    assert doc.select_one(".buybox .availability").string == "现货"
    assert doc.select_one(".buybox .price .now").string == "¥159.00"
    # Chinese category names give clean pinyin URLs
    assert os.path.isfile(os.path.join(out, "categories/jia-ju/zhao-ming/tai-deng/index.html"))
    crumbs = of_type(jsonld(doc), "BreadcrumbList")[0]["itemListElement"]
    assert [c["name"] for c in crumbs][:3] == ["首页", "家居", "照明"]


def test_build_into_default_public_folder(tmp_path):
    import shutil

    from conftest import BASIC

    root = tmp_path / "s"
    shutil.copytree(BASIC, root)
    result = build(str(root), today=__import__("datetime").date(2026, 11, 22))
    assert result.out == str(root / "public")
    assert (root / "public" / "index.html").is_file()


@pytest.mark.parametrize("rel", ["products/zh-head-01/index.html"])
def test_traditional_title_matches_simplified_keyword(zh_site, rel):
    out, result = zh_site
    assert os.path.isfile(os.path.join(out, rel))
    assert not [d for d in result.diagnostics if d.span.path.endswith("zh-head-01.yaml")]


def test_builds_of_copies_in_other_folders_at_other_times_are_identical(store, tmp_path):
    import shutil
    import time

    store.build(out=str(tmp_path / "a"), cache_dir=str(tmp_path / "cache-a"))
    copy = tmp_path / "elsewhere" / "another-name"
    shutil.copytree(store.root, copy, ignore=shutil.ignore_patterns("public", ".shopgen-cache"))
    time.sleep(1.1)  # a different second on the clock
    build(
        str(copy),
        out=str(tmp_path / "b"),
        cache_dir=str(tmp_path / "cache-b"),
        today=__import__("datetime").date(2026, 11, 22),
    )
    a, b = tree_bytes(tmp_path / "a"), tree_bytes(tmp_path / "b")
    assert a.keys() == b.keys() and [k for k in a if a[k] != b[k]] == []
