"""Structured data parsed back out of built pages and checked against Google's documented properties."""

from __future__ import annotations

import os

from htmlutil import html_files, jsonld, of_type, soup

# Google: product snippets need name plus one of review/aggregateRating/offers; merchant listings
# need name, image, offers.price and offers.priceCurrency; these are the recommended ones shopgen fills.
OFFER_REQUIRED = {"@type", "price", "priceCurrency"}
OFFER_RECOMMENDED = {"availability", "itemCondition", "url", "shippingDetails", "hasMerchantReturnPolicy"}


def product_page(out, slug):
    return jsonld(soup(os.path.join(out, "products", slug, "index.html")))


def check_offer(offer, currency="USD"):
    assert OFFER_REQUIRED <= offer.keys() and OFFER_RECOMMENDED <= offer.keys(), offer.keys()
    assert offer["priceCurrency"] == currency
    assert float(offer["price"]) > 0
    assert offer["availability"].startswith("https://schema.org/")
    ship = offer["shippingDetails"]
    assert ship["@type"] == "OfferShippingDetails"
    assert ship["shippingRate"]["currency"] == currency
    assert ship["shippingDestination"]["addressCountry"]
    times = ship["deliveryTime"]
    for key in ("handlingTime", "transitTime"):
        assert times[key]["unitCode"] == "DAY" and times[key]["minValue"] <= times[key]["maxValue"]
    policy = offer["hasMerchantReturnPolicy"]
    if policy["returnPolicyCategory"].endswith("MerchantReturnFiniteReturnWindow"):
        assert policy["merchantReturnDays"] > 0 and policy["applicableCountry"]


def test_simple_product(store):
    store.build()
    nodes = product_page(store.out, "led-desk-lamp-with-usb-c-port-dimmable")
    (p,) = of_type(nodes, "Product")
    assert p["name"] == "LED Desk Lamp with USB-C Port, Dimmable"
    assert p["sku"] == "LAMP-1" and p["gtin"] == "4006381333931" and p["mpn"] == "LM-1"
    assert p["brand"] == {"@type": "Brand", "name": "Lumina"}
    assert p["description"] == "A dimmable LED desk lamp with a USB-C port that charges your phone at your desk."
    assert p["image"][0].startswith("https://test.example.com/images/lamp-")
    offer = p["offers"]
    check_offer(offer)
    assert offer["price"] == "29.90"
    assert offer["priceValidUntil"] == "2027-01-31"  # only because sale_ends is set
    assert offer["priceSpecification"] == {
        "@type": "UnitPriceSpecification",
        "priceType": "https://schema.org/StrikethroughPrice",
        "price": "39.90",
        "priceCurrency": "USD",
    }
    assert offer["itemCondition"] == "https://schema.org/NewCondition"
    assert offer["shippingDetails"]["shippingRate"]["value"] == "4.99"
    assert offer["hasMerchantReturnPolicy"] == {
        "@type": "MerchantReturnPolicy",
        "applicableCountry": "US",
        "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow",
        "merchantReturnDays": 30,
        "returnMethod": "https://schema.org/ReturnByMail",
        "returnFees": "https://schema.org/FreeReturn",
    }
    assert p["aggregateRating"]["ratingValue"] == "4.5" and p["aggregateRating"]["reviewCount"] == 10
    (review,) = p["review"]
    assert review["author"] == {"@type": "Person", "name": "Dana"}
    assert review["reviewRating"]["ratingValue"] == "5" and review["datePublished"] == "2026-10-01"
    crumbs = of_type(nodes, "BreadcrumbList")[0]["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3, 4, 5]
    assert crumbs[-1]["item"] == "https://test.example.com/products/led-desk-lamp-with-usb-c-port-dimmable/"
    # retired by Google: never emitted
    assert not of_type(nodes, "FAQPage") and not of_type(nodes, "HowTo")


def test_product_group_with_variants(store):
    store.build()
    nodes = product_page(store.out, "gooseneck-kettle-with-temperature-control")
    assert not of_type(nodes, "Product")
    (g,) = of_type(nodes, "ProductGroup")
    assert g["productGroupID"] == "KET-1"
    assert g["variesBy"] == ["https://schema.org/color", "https://schema.org/size"]
    skus = [v["sku"] for v in g["hasVariant"]]
    assert skus == ["KET-1-BLK", "KET-1-STL"]
    steel = g["hasVariant"][1]
    assert steel["@type"] == "Product" and steel["color"] == "Steel" and steel["size"] == "1 L"
    assert steel["name"] == "Gooseneck Kettle with Temperature Control – Steel, 1 L"
    assert steel["image"].startswith("https://test.example.com/images/kettle-")
    check_offer(steel["offers"])
    assert steel["offers"]["price"] == "74.00"
    assert steel["offers"]["availability"] == "https://schema.org/OutOfStock"
    assert steel["offers"]["url"].endswith("?sku=KET-1-STL")
    assert len({v["offers"]["url"] for v in g["hasVariant"]}) == 2


def test_no_invented_data(store):
    store.write(
        {
            "catalog/kettle.yaml": """
        sku: KET-1
        title: Gooseneck Kettle with Temperature Control
        keywords: {primary: gooseneck kettle}
        price: 69
        """
        }
    )
    store.build()
    (p,) = of_type(product_page(store.out, "gooseneck-kettle-with-temperature-control"), "Product")
    for key in ("gtin", "mpn", "brand", "aggregateRating", "review", "image"):
        assert key not in p
    assert "priceValidUntil" not in p["offers"] and "priceSpecification" not in p["offers"]
    assert p["offers"]["availability"] == "https://schema.org/InStock"


def test_invalid_gtin_is_a_warning_and_left_out(store):
    store.write(
        {
            "catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace(
                'gtin: "4006381333931"', 'gtin: "4006381333932"'
            )
        }
    )
    result = store.build()
    (w,) = [d for d in result.warnings if d.code == "SG402"]
    assert w.format().startswith(
        "catalog/lamp.yaml:17:7: warning: GTIN '4006381333932' is not valid: the check digit is 2, GS1 expects 1"
    )
    (p,) = of_type(product_page(store.out, "led-desk-lamp-with-usb-c-port-dimmable"), "Product")
    assert "gtin" not in p


def test_shipping_in_another_currency_is_left_out(store):
    store.append("catalog/kettle.yaml", "currency: EUR\n")
    result = store.build()
    assert any(d.code == "SG407" for d in result.warnings)
    g = of_type(product_page(store.out, "gooseneck-kettle-with-temperature-control"), "ProductGroup")[0]
    offer = g["hasVariant"][0]["offers"]
    assert offer["priceCurrency"] == "EUR" and "shippingDetails" not in offer


def test_return_policy_variants(store):
    from shopgen.jsonld import return_policy
    from shopgen.model import Returns

    none = return_policy(Returns(0, "free", None, ["US"], "mail"), "USD")
    assert none["returnPolicyCategory"].endswith("MerchantReturnNotPermitted") and "merchantReturnDays" not in none
    unlimited = return_policy(Returns(None, "customer", None, ["US", "CA"], "store"), "USD")
    assert unlimited["returnPolicyCategory"].endswith("MerchantReturnUnlimitedWindow")
    assert unlimited["applicableCountry"] == ["US", "CA"]
    assert unlimited["returnFees"].endswith("ReturnFeesCustomerResponsibility")
    fixed = return_policy(Returns(14, "fixed", __import__("decimal").Decimal("5"), ["GB"], "mail"), "GBP")
    assert fixed["returnShippingFeesAmount"] == {"@type": "MonetaryAmount", "value": "5.00", "currency": "GBP"}


def test_home_category_and_guide_structured_data(store):
    store.build()
    home = jsonld(soup(os.path.join(store.out, "index.html")))
    (org,) = of_type(home, "OnlineStore")
    assert org["name"] == "Test Shop" and org["url"] == "https://test.example.com/"
    assert org["hasMerchantReturnPolicy"]["merchantReturnDays"] == 30
    (site,) = of_type(home, "WebSite")
    assert site["inLanguage"] == "en"
    guide = jsonld(soup(os.path.join(store.out, "guides/coffee/index.html")))
    (art,) = of_type(guide, "Article")
    assert art["headline"] == "Gooseneck Kettle Guide for Pour-Over Coffee"
    assert art["datePublished"] == "2026-10-01" and art["image"]
    assert [m["url"] for m in art["mentions"]] == [
        "https://test.example.com/products/gooseneck-kettle-with-temperature-control/",
        "https://test.example.com/products/led-desk-lamp-with-usb-c-port-dimmable/",
    ]


def test_every_demo_product_page_has_complete_structured_data(demo_site):
    out, _ = demo_site
    pages = [p for p in html_files(out) if "/products/" in p]
    assert len(pages) >= 24
    groups = 0
    for path in pages:
        nodes = jsonld(soup(path))
        products = of_type(nodes, "Product") + of_type(nodes, "ProductGroup")
        assert len(products) == 1, path
        p = products[0]
        assert p["name"] and p["image"] and p["description"] and p["brand"]["name"]
        if p["@type"] == "ProductGroup":
            groups += 1
            assert p["productGroupID"] and p["variesBy"] and p["hasVariant"]
            for v in p["hasVariant"]:
                assert v["sku"] and v["image"]
                check_offer(v["offers"])
        else:
            assert p["sku"] and p["gtin"]
            check_offer(p["offers"])
        assert of_type(nodes, "BreadcrumbList")
    assert groups >= 3
