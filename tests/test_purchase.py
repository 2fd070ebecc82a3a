"""The purchase path (#20): `buy_url` on products and variants, the buy box, channel links, and the JSON-LD
offers and merchant feed agreeing with the page."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from htmlutil import html_files, jsonld, soup
from shopgen import BuildFailed

G = "{http://base.google.com/ns/1.0}"
LAMP = "products/led-desk-lamp-with-usb-c-port-dimmable/index.html"
VARIANTS = """\
variants:
  - {sku: LAMP-1-W, attributes: {color: White}, buy_url: "https://checkout.example.com/buy/LAMP-1-W"}
  - {sku: LAMP-1-B, attributes: {color: Black}, price: 42.00, availability: backorder}
channels:
  amazon: {price: 29.90, url: "https://www.amazon.com/dp/B0TEST", label: Amazon}
  tmall: {price: 199, currency: CNY}
"""


def _errors(store) -> list[str]:
    with pytest.raises(BuildFailed) as info:
        store.build()
    return [d.format().split("\n")[0] for d in info.value.diagnostics if d.severity.name == "ERROR"]


@pytest.mark.parametrize(
    "value",
    ["javascript:alert(1)", "/cart/add?sku=LAMP-1", "ftp://files.example.com/x", "https://", "mailto:shop@example.com"],
)
def test_buy_url_must_be_an_absolute_web_address(store, value):
    text = store.source("catalog/lamp.yaml").replace("https://checkout.example.com/buy/LAMP-1", value)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("buy_url:"))
    store.write({"catalog/lamp.yaml": text})
    (err,) = _errors(store)
    assert err.startswith(f"catalog/lamp.yaml:{line}:") and "buy address" in err, err


def test_a_variant_buy_url_is_checked_at_its_line(store):
    store.append("catalog/lamp.yaml", "variants:\n  - {sku: LAMP-1-W, buy_url: 'data:text/html,x'}\n")
    (err,) = _errors(store)
    line = len(store.source("catalog/lamp.yaml").splitlines())
    assert err.startswith(f"catalog/lamp.yaml:{line}:") and "buy address" in err, err


def _offer_links(doc) -> dict[str, str]:
    """The buy link of each offer of the buy box, by SKU ("" for the product's own)."""
    return {o.get("data-sku", ""): o.find("a", class_="buy")["href"] for o in doc.select(".offers .offer")}


def test_buy_box_variants_and_channels(store):
    store.append("catalog/lamp.yaml", VARIANTS)
    store.build()
    doc = soup(os.path.join(store.out, LAMP))
    assert _offer_links(doc) == {
        "": "https://checkout.example.com/buy/LAMP-1",
        "LAMP-1-W": "https://checkout.example.com/buy/LAMP-1-W",
        "LAMP-1-B": "https://checkout.example.com/buy/LAMP-1",  # the product's, when the variant has none
    }
    black = doc.find(id="variant-LAMP-1-B")
    assert "$42.00" in black.find(class_="price").get_text() and "Backorder" in black.get_text()
    # each variant is addressable without JavaScript: its link's fragment is its offer's id
    assert [a["href"] for a in doc.select(".variant-choice a")] == ["#variant-LAMP-1-W", "#variant-LAMP-1-B"]
    buy = doc.select_one(".offer-default a.buy")
    assert buy.get_text(" ", strip=True) == "Buy (on checkout.example.com)"  # says it leaves the site
    (amazon,) = doc.select(".channels a")
    assert amazon["rel"] == ["sponsored", "nofollow"] and amazon["href"] == "https://www.amazon.com/dp/B0TEST"
    assert "on www.amazon.com" in amazon.find(class_="sr").get_text()
    channels = doc.select_one(".channels").get_text(" ", strip=True)
    assert "Amazon" in channels and "$29.90" in channels and "CN¥199.00" in channels
    assert doc.find("script", src=re.compile(r"/assets/buy\.[0-9a-f]+\.js$"))


def test_a_variant_has_its_own_channel_listings(store):
    """A variant sold on a marketplace under its own listing shows it in its offer; its URL is checked like any
    link, its price is compared with the variant's, and it is a way to buy (SG417 stays quiet)."""
    import datetime as dt

    from shopgen.lint.runner import lint_store

    store.append(
        "catalog/lamp.yaml",
        """
        variants:
          - {sku: LAMP-1-W, attributes: {color: White}}
          - sku: LAMP-1-B
            attributes: {color: Black}
            price: 42.00
            channels:
              amazon: {price: 42.00, url: "https://www.amazon.com/dp/B0BLACK", label: Amazon}
              ebay: {price: 39.00, url: "https://www.ebay.com/itm/1"}
        """,
    )
    text = store.source("catalog/lamp.yaml").replace('buy_url: "https://checkout.example.com/buy/LAMP-1"\n', "")
    text = re.sub(r"(?m)^buy_url: .*\n", "", text)
    store.write({"catalog/lamp.yaml": text})
    store.build()
    page = soup(os.path.join(store.out, LAMP))
    black = page.select_one('[id="variant-LAMP-1-B"]')
    assert [a["href"] for a in black.select(".channels a")] == [
        "https://www.amazon.com/dp/B0BLACK",
        "https://www.ebay.com/itm/1",
    ]
    assert not page.select_one('[id="variant-LAMP-1-W"] .channels')
    _site, result, _ = lint_store([store.root], today=dt.date(2026, 11, 22))
    (lamp,) = [lst for lst in result.listings if lst.path == "catalog/lamp.yaml"]
    codes = [(d.code, d.span.line) for d in lamp.findings]
    ebay_line = next(i for i, ln in enumerate(text.splitlines(), 1) if "ebay" in ln)
    assert ("SG411", ebay_line) in codes and "SG417" not in {c for c, _ in codes}
    store.write({"catalog/lamp.yaml": text.replace("https://www.ebay.com/itm/1", "javascript:alert(1)")})
    (err,) = _errors(store)
    assert err.startswith(f"catalog/lamp.yaml:{ebay_line}:") and "channel address" in err, err


def test_channel_rel_is_configurable(store):
    store.append("catalog/lamp.yaml", VARIANTS)
    store.append("shopgen.yaml", "links: {channel_rel: [nofollow, noopener]}\n")
    store.build()
    (amazon,) = soup(os.path.join(store.out, LAMP)).select(".channels a")
    assert amazon["rel"] == ["nofollow", "noopener"]


def test_channel_rel_values_are_checked(store):
    store.append("shopgen.yaml", "links: {channel_rel: [sponsered]}\n")
    (err,) = _errors(store)
    assert err.startswith("shopgen.yaml:") and "sponsered" in err


def test_a_product_without_buy_url_has_no_buy_button(store):
    store.write({"catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace("buy_url:", "# buy_url:")})
    store.build()
    doc = soup(os.path.join(store.out, LAMP))
    assert doc.select(".offers a.buy") == [] and doc.select_one(".offer-default .price")


def _feed_links(out: str) -> set[str]:
    links = set()
    for dirpath, _dirs, files in os.walk(out):
        if "google.xml" in files:
            for item in ET.parse(os.path.join(dirpath, "google.xml")).getroot().iter("item"):
                links.add(item.find(G + "link").text)
    return links


@pytest.mark.parametrize("which", ["demo_site", "zh_site"])
def test_offers_feed_and_page_agree(which, request):
    """JSON-LD Offer.url is the product page (never the checkout), the seller is the store, every variant an
    offer names can be chosen on the page, and the merchant feed links exactly where the offers do."""
    out, _ = request.getfixturevalue(which)
    offers = set()
    for path in html_files(out):
        doc = soup(path)
        if "kind-product" not in doc.body.get("class", []):
            continue
        assert doc.select(".offers a.buy"), f"{path}: no buy button"
        canonical = doc.find("link", rel="canonical")["href"]
        for node in jsonld(doc):
            for sub in [node, *node.get("hasVariant", [])] if node.get("@type") in ("Product", "ProductGroup") else []:
                offer = sub.get("offers")
                if not offer:
                    continue
                url = urlsplit(offer["url"])
                assert url._replace(query="").geturl() == canonical
                assert offer["seller"]["name"] == doc.find("meta", property="og:site_name")["content"]
                if url.query:
                    assert doc.find(id="variant-" + url.query.removeprefix("sku=")), (path, url.query)
                if canonical == doc.find("meta", property="og:url")["content"]:  # not a fallback page
                    offers.add(offer["url"])
    feed = _feed_links(out)
    assert len(feed) >= 7 and feed <= offers, sorted(feed - offers)[:5]
