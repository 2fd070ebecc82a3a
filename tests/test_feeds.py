"""The Merchant Center feed, its CSV twin and the guides' Atom feed: valid, complete, and the same data as the pages."""

from __future__ import annotations

import csv
import io
import os
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from htmlutil import jsonld, of_type, soup

G = "{http://base.google.com/ns/1.0}"
ATOM = "{http://www.w3.org/2005/Atom}"
# Required for every item by Google's product data specification (identifiers: gtin or mpn, else
# identifier_exists=no).
REQUIRED = ["id", "title", "description", "link", "image_link", "availability", "price", "condition"]
AVAILABILITY = {
    "https://schema.org/InStock": "in_stock",
    "https://schema.org/OutOfStock": "out_of_stock",
    "https://schema.org/PreOrder": "preorder",
    "https://schema.org/BackOrder": "backorder",
}


FEEDS = ["feeds", "zh-cn/feeds"]  # the demo store's feed in each of its languages


def items(out: str, folder: str = "feeds") -> list[dict[str, object]]:
    root = ET.parse(os.path.join(out, *folder.split("/"), "google.xml")).getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel.findtext("title") and channel.findtext("link") and channel.findtext("description")
    found = []
    for item in channel.findall("item"):
        row: dict[str, object] = {}
        for el in item:
            name = el.tag.replace(G, "")
            if name == "shipping":
                row[name] = {sub.tag.replace(G, ""): sub.text for sub in el}
            elif name == "additional_image_link":
                row.setdefault(name, []).append(el.text)
            else:
                row[name] = el.text
        found.append(row)
    return found


def amount(text: str) -> Decimal:
    value, _currency = text.split(" ")
    return Decimal(value)


@pytest.mark.parametrize("folder", FEEDS)
def test_every_item_has_the_required_fields(demo_site, folder):
    out, _ = demo_site
    rows = items(out, folder)
    assert len(rows) >= 25
    for row in rows:
        missing = [f for f in REQUIRED if not row.get(f)]
        assert not missing, (row["id"], missing)
        assert row.get("gtin") or row.get("mpn") or row.get("identifier_exists") == "no"
        assert row["availability"] in ("in_stock", "out_of_stock", "preorder", "backorder")
        assert row["condition"] in ("new", "refurbished", "used")
        assert len(row["title"]) <= 150 and len(row["description"]) <= 5000
        assert row["link"].startswith("https://") and row["image_link"].startswith("https://")
        assert row["shipping"]["country"] and row["shipping"]["price"].endswith((" USD", " EUR", " CNY"))
    groups = [r for r in rows if r.get("item_group_id")]
    assert groups, "the demo store has products with variants"
    lamps = [r for r in rows if r["id"].startswith("LAMP-")]
    assert lamps and all(r["google_product_category"] == "Home & Garden > Lighting > Lamps" for r in lamps)


@pytest.mark.parametrize("folder", FEEDS)
def test_feed_rows_match_the_pages_json_ld(demo_site, folder):
    out, _ = demo_site
    for row in items(out, folder):
        page = row["link"].split("?")[0].replace("https://shop.example.com/", "")
        nodes = jsonld(soup(os.path.join(out, page, "index.html")))
        (product,) = of_type(nodes, "Product") or of_type(nodes, "ProductGroup")
        if row.get("item_group_id"):
            (node,) = [v for v in product["hasVariant"] if v["sku"] == row["id"]]
        else:
            node = product
            assert node["sku"] == row["id"]
            assert node["name"] == row["title"]  # the feed is in the page's language
        offer = node["offers"]
        assert offer["url"] == row["link"]
        assert AVAILABILITY[offer["availability"]] == row["availability"]
        shown = amount(row.get("sale_price") or row["price"])
        assert Decimal(str(offer["price"])) == shown and offer["priceCurrency"] == row["price"].split(" ")[1]
        if row.get("sale_price"):
            assert Decimal(str(offer["priceSpecification"]["price"])) == amount(row["price"])
            assert row["sale_price_effective_date"].endswith(offer["priceValidUntil"] + "T23:59Z")
        else:
            assert "priceSpecification" not in offer
        for key in ("gtin", "mpn"):
            assert node.get(key) == row.get(key)
        image = node["image"][0] if isinstance(node["image"], list) else node["image"]
        assert image == row["image_link"]


def test_csv_has_the_same_rows(demo_site):
    out, _ = demo_site
    with open(os.path.join(out, "feeds", "google.csv"), encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    rows = items(out)
    assert [r["id"] for r in table] == [r["id"] for r in rows]
    for t, r in zip(table, rows, strict=True):
        assert (t["title"], t["price"], t["sale_price"], t["availability"]) == (
            r["title"],
            r["price"],
            r.get("sale_price", ""),
            r["availability"],
        )
        assert t["shipping"] == f"{r['shipping']['country']}:::{r['shipping']['price']}"


def test_guides_atom_feed(demo_site):
    out, _ = demo_site
    root = ET.parse(os.path.join(out, "feeds", "guides.xml")).getroot()
    assert root.tag == ATOM + "feed"
    assert root.findtext(ATOM + "id") == "https://shop.example.com/guides/"
    assert root.findtext(ATOM + "updated").endswith("T00:00:00Z")
    entries = root.findall(ATOM + "entry")
    assert len(entries) == 5
    for e in entries:
        assert e.findtext(ATOM + "id").startswith("https://shop.example.com/guides/")
        assert e.findtext(ATOM + "title") and e.findtext(ATOM + "updated")
        assert e.find(ATOM + "link").get("href") == e.findtext(ATOM + "id")


def test_long_fields_are_cut_with_a_finding(store):
    title = "LED Desk Lamp with USB-C Port, Dimmable, " + "Bright and Gentle " * 10
    text = store.source("catalog/lamp.yaml").replace(
        "title: LED Desk Lamp with USB-C Port, Dimmable", f"title: {title}"
    )
    store.write({"catalog/lamp.yaml": text})
    result = store.build()
    (row,) = [r for r in items(store.out) if r["id"] == "LAMP-1"]
    assert len(row["title"]) <= 150 and row["title"].endswith("…")
    assert row["title"][:-1].rstrip() in " ".join(title.split())
    assert any(d.code == "SG415" for d in result.warnings)


def test_discontinued_products_and_hostile_text(store):
    text = store.source("catalog/kettle.yaml")
    store.write(
        {
            "catalog/kettle.yaml": text.replace("availability: in_stock", "availability: discontinued"),
            "catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace(
                "brand: Lumina", "brand: 'Lumina</g:brand><script>alert(1)</script> & \"Co\"'"
            ),
        }
    )
    store.build()
    rows = items(store.out)  # parses: everything from the catalog is escaped for XML
    assert [r["id"] for r in rows] == ["LAMP-1"]
    assert rows[0]["brand"] == 'Lumina</g:brand><script>alert(1)</script> & "Co"'
    with open(os.path.join(store.out, "feeds", "google.csv"), encoding="utf-8") as fh:
        assert list(csv.reader(io.StringIO(fh.read())))[1][0] == "LAMP-1"
