"""Google Merchant Center feeds: RSS 2.0 and Atom XML, TSV; item groups; entities refused; the round trip of
shopgen's own feed."""

from __future__ import annotations

import glob
import os

from htmlutil import jsonld, soup
from importers.helpers import CONFIG, build_store, catalog, import_text, new_store, read_product, run_import, write

RSS = """\
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">
<channel>
<title>Shop</title>
<item>
  <g:id>TEE-S</g:id>
  <g:item_group_id>TEE</g:item_group_id>
  <g:title>Cotton Tee – Small</g:title>
  <g:description>Soft &amp; light.</g:description>
  <g:image_link>https://cdn.example/tee-s.jpg</g:image_link>
  <g:price>15.00 USD</g:price>
  <g:availability>in stock</g:availability>
  <g:size>S</g:size>
  <g:brand>Tees</g:brand>
  <g:product_type>Apparel &gt; Shirts</g:product_type>
</item>
<item>
  <g:id>TEE-M</g:id>
  <g:item_group_id>TEE</g:item_group_id>
  <g:title>Cotton Tee – Medium</g:title>
  <g:image_link>https://cdn.example/tee-m.jpg</g:image_link>
  <g:price>15.00 USD</g:price>
  <g:sale_price>12.00 USD</g:sale_price>
  <g:availability>out_of_stock</g:availability>
  <g:size>M</g:size>
  <g:gtin>4006381333931</g:gtin>
</item>
<item>
  <g:id>MUG-1</g:id>
  <g:title>Stoneware Mug</g:title>
  <g:price>9,50 USD</g:price>
</item>
</channel>
</rss>
"""

ATOM = """\
<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0">
  <title>Shop</title>
  <entry>
    <g:id>LAMP-1</g:id>
    <title>Desk Lamp</title>
    <g:price>39.90 EUR</g:price>
    <g:availability>preorder</g:availability>
    <g:image_link>https://cdn.example/lamp.jpg</g:image_link>
    <g:additional_image_link>https://cdn.example/lamp-2.jpg</g:additional_image_link>
  </entry>
</feed>
"""


def test_rss_feed_groups_variants_and_reports_bad_items(tmp_path):
    source, store, res = import_text(tmp_path, "merchant-feed", "feed.xml", RSS)
    assert res.exit_code == 1
    assert f"{source}:31: error: price is '9,50', not an amount like 12.99" in res.output
    tee = read_product(store, "catalog/apparel/cotton-tee.yaml")
    assert (tee["sku"], tee["title"], tee["brand"], tee["category"]) == (
        "TEE",
        "Cotton Tee",
        "Tees",
        "Apparel > Shirts",
    )
    assert tee["description"] == "Soft & light."
    assert [(v["sku"], v["attributes"], v["availability"]) for v in tee["variants"]] == [
        ("TEE-S", {"size": "S"}, "in_stock"),
        ("TEE-M", {"size": "M"}, "out_of_stock"),
    ]
    assert tee["variants"][1]["sale_price"] == 12 and tee["variants"][1]["gtin"] == "4006381333931"
    assert "currency" not in tee  # the store's


GROUPED_TITLES = """\
<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">
<channel>
<item>
  <g:id>WATCH-BLK</g:id>
  <g:item_group_id>W1</g:item_group_id>
  <title>Acme Men's Black Steel Analog Watch with Black Dial</title>
  <link>http://www.example.com/w?color=Black</link>
  <g:image_link>http://img.example.com/watch-black.png</g:image_link>
  <g:price>105.29 USD</g:price>
  <g:availability>in stock</g:availability>
  <g:color>Black</g:color>
  <g:size>44mm</g:size>
</item>
<item>
  <g:id>WATCH-WHT</g:id>
  <g:item_group_id>W1</g:item_group_id>
  <title>Acme Men's White Steel Analog Watch with Copper Dial</title>
  <g:image_link>http://img.example.com/watch-white.png</g:image_link>
  <g:price>105.29 USD</g:price>
  <g:availability>in stock</g:availability>
  <g:color>White</g:color>
  <g:size>44mm</g:size>
</item>
</channel>
</rss>
"""


def test_variant_titles_that_differ_early_and_http_images(tmp_path):
    """Shaped like Google's own example feed: the variants' titles differ after two words, and the images are
    on plain http://. The product keeps a real title, and the images are imported as https:// (a warning)."""
    source, store, res = import_text(tmp_path, "merchant-feed", "feed.xml", GROUPED_TITLES)
    assert res.exit_code == 0, res.output
    (path,) = catalog(store)
    watch = read_product(store, path)
    assert watch["title"] == "Acme Men's Steel Analog Watch with Dial"
    assert [im["src"] for im in watch["images"]] == [
        "https://img.example.com/watch-black.png",
        "https://img.example.com/watch-white.png",
    ]
    assert f"{source}:4: warning: 4 image addresses of 'W1' are http://: imported as https://" in res.output
    assert build_store(store, tmp_path).pages_by_kind["product"] == 1


def test_atom_feed_and_tsv(tmp_path):
    store = new_store(tmp_path / "store")
    res = run_import("merchant-feed", write(tmp_path / "feed.atom", ATOM), "--into", store)
    assert res.exit_code == 0, res.output
    lamp = read_product(store, "catalog/imported/desk-lamp.yaml")
    assert (lamp["price"], lamp["currency"], lamp["availability"]) == (39.9, "EUR", "preorder")
    assert [im["src"] for im in lamp["images"]] == ["https://cdn.example/lamp.jpg", "https://cdn.example/lamp-2.jpg"]
    tsv = write(
        tmp_path / "feed.tsv",
        "id\ttitle\tprice\tavailability\tgtin\tproduct_type\n"
        "CUP-1\tEspresso Cup\t4.50 USD\tin stock\t4006381333931\tKitchen > Cups\n"
        "CUP-2\tBroken Cup\tfree\tin stock\t\t\n",
    )
    res = run_import("merchant-feed", tsv, "--into", store)
    assert res.exit_code == 1 and f"{tsv}:3: error: price is 'free', not a price like 15.00 USD" in res.output
    cup = read_product(store, "catalog/kitchen/espresso-cup.yaml")
    assert (cup["price"], cup["gtin"], cup["category"]) == (4.5, "4006381333931", "Kitchen > Cups")


def test_entities_are_refused(tmp_path):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
        '<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>&b;</g:id></item></channel></rss>\n'
    )
    source, store, res = import_text(tmp_path, "merchant-feed", "bomb.xml", bomb)
    assert res.exit_code == 1
    assert f"{source}:2: error: the feed declares XML entities, which shopgen does not read" in res.output
    assert catalog(store) == {}
    external = '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<rss>&x;</rss>\n'
    res = run_import("merchant-feed", write(tmp_path / "ext.xml", external), "--into", store)
    assert res.exit_code == 1 and "declares XML entities" in res.output


def _offers(out: str) -> dict[str, tuple]:
    """Per SKU: the offer's price, currency, availability, strikethrough price and the GTIN, from JSON-LD."""
    found = {}
    for page in glob.glob(os.path.join(out, "products", "*", "index.html")):
        for node in jsonld(soup(page)):
            for product in [node, *node.get("hasVariant", [])]:
                offer = product.get("offers")
                if "sku" not in product or not isinstance(offer, dict):
                    continue
                regular = (offer.get("priceSpecification") or {}).get("price")
                found[product["sku"]] = (
                    offer["price"],
                    offer["priceCurrency"],
                    offer["availability"],
                    regular,
                    product.get("gtin"),
                )
    return found


def test_round_trip_of_shopgens_own_feed(demo_site, tmp_path):
    out, _result = demo_site
    store = new_store(tmp_path / "store", CONFIG.replace("Test Shop", "Round Trip"))
    res = run_import("merchant-feed", os.path.join(out, "feeds", "google.xml"), "--into", store)
    assert res.exit_code == 0, res.output
    build_store(store, tmp_path)
    original, imported = _offers(out), _offers(str(tmp_path / "out"))
    assert len(imported) >= 30  # every product and variant of the feed
    assert {sku: original[sku] for sku in imported} == imported


def test_item_links_become_buy_urls(tmp_path):
    """A feed item's `link` (its page on the shop) is where it is bought: the product's when the group shares
    one, each variant's otherwise; an address that is not http(s) is left out (#20)."""
    feed = (
        RSS.replace("<g:id>TEE-S</g:id>", "<g:id>TEE-S</g:id><g:link>https://shop.example/tee?v=s</g:link>")
        .replace("<g:id>TEE-M</g:id>", "<g:id>TEE-M</g:id><g:link>https://shop.example/tee?v=m</g:link>")
        .replace("<g:price>9,50 USD</g:price>", "<g:price>9.50 USD</g:price><g:link>javascript:alert(1)</g:link>")
    )
    source, store, res = import_text(tmp_path, "merchant-feed", "feed.xml", feed)
    assert res.exit_code == 0, res.output
    tee = read_product(store, "catalog/apparel/cotton-tee.yaml")
    assert [v.get("buy_url") for v in tee["variants"]] == [
        "https://shop.example/tee?v=s",
        "https://shop.example/tee?v=m",
    ]
    assert "buy_url" not in read_product(store, "catalog/imported/stoneware-mug.yaml")
    lamp = ATOM.replace("<g:id>LAMP-1</g:id>", "<g:id>LAMP-1</g:id><g:link>https://shop.example/lamp</g:link>")
    (tmp_path / "2").mkdir()
    _source, store, res = import_text(tmp_path / "2", "merchant-feed", "feed.atom", lamp)
    assert res.exit_code == 0, res.output
    assert read_product(store, "catalog/imported/desk-lamp.yaml")["buy_url"] == "https://shop.example/lamp"
