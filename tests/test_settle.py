"""What a real catalog gets wrong that shopgen settles itself, with a warning naming every file involved:
colliding derived slugs, slugs not in address form, variants without SKUs, channels in other currencies."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest

from htmlutil import jsonld, of_type, soup
from shopgen import BuildFailed
from shopgen.builder import load_site
from shopgen.diagnostics import Diagnostics
from shopgen.model import Channel


def product(sku: str, title: str, extra: str = "") -> str:
    return f"sku: {sku}\ntitle: {title}\nprice: 19.90\navailability: in_stock\n{extra}"


LONG = "Organic Cotton Crew Neck T-Shirt for Men and Women, Pre-Shrunk, Tagless Label, Heavyweight 220 gsm"


def _product_pages(store) -> dict[str, str]:
    """SKU -> the folder name of its product page."""
    found = {}
    for slug in os.listdir(os.path.join(store.out, "products")):
        (node,) = [
            n
            for n in jsonld(soup(os.path.join(store.out, "products", slug, "index.html")))
            if n.get("@type") in ("Product", "ProductGroup")
        ]
        found[node.get("sku") or node.get("productGroupID")] = slug
    return found


def collision_store(store, order=("a", "b", "c")):
    a, b, c = order
    store.write(
        {
            f"catalog/tees/{a}.yaml": product("TEE-RED", "Cotton T-Shirt"),
            f"catalog/tees/{b}.yaml": product("TEE-BLUE", "Cotton T-Shirt"),
            f"catalog/tees/{c}.yaml": product("TEE-GREEN", "Cotton T-Shirt"),
            "catalog/long/one.yaml": product("LONG-1", LONG + ", Navy"),
            "catalog/long/two.yaml": product("LONG-2", LONG + ", Olive"),
            "catalog/mugs/written.yaml": product("MUG-1", "Stoneware Mug", "slug: stoneware-mug\n"),
            "catalog/mugs/derived.yaml": product("MUG-2", "Stoneware Mug"),
        }
    )
    return store


def test_colliding_derived_slugs_are_settled_with_one_warning_per_group(store):
    result = collision_store(store).build()
    pages = _product_pages(store)
    assert pages["TEE-BLUE"] == "cotton-t-shirt-tee-blue"
    assert pages["TEE-RED"] == "cotton-t-shirt-tee-red"
    assert pages["TEE-GREEN"] == "cotton-t-shirt-tee-green"
    assert pages["MUG-1"] == "stoneware-mug"  # the slug an editor wrote keeps its address
    assert pages["MUG-2"] == "stoneware-mug-mug-2"
    assert pages["LONG-1"] != pages["LONG-2"] and all(len(pages[k]) <= 80 for k in ("LONG-1", "LONG-2"))
    assert pages["LONG-1"].endswith("-long-1") and pages["LONG-2"].endswith("-long-2")
    groups = [w for w in result.warnings if "products would have the address" in w.message]
    assert len(groups) == 3
    tees = [w for w in groups if "'cotton-t-shirt'" in w.message][0]
    assert tees.span.path == "catalog/tees/a.yaml" and len(tees.related) == 2
    for path in ("catalog/tees/a.yaml", "catalog/tees/b.yaml", "catalog/tees/c.yaml"):
        assert path in tees.message
    assert tees.hint


def test_settled_slugs_do_not_depend_on_file_order(store, tmp_path):
    collision_store(store, order=("a", "b", "c")).build()
    first = _product_pages(store)
    for name in ("a", "b", "c"):
        os.remove(os.path.join(store.root, "catalog", "tees", f"{name}.yaml"))
    collision_store(store, order=("c", "a", "b")).build()
    assert _product_pages(store) == first


def test_two_slugs_an_editor_wrote_alike_stay_an_error(store):
    store.write(
        {
            "catalog/x.yaml": product("X-1", "Stoneware Mug", "slug: stoneware-mug\n"),
            "catalog/y.yaml": product("Y-1", "Another Mug", "slug: stoneware-mug\n"),
        }
    )
    with pytest.raises(BuildFailed) as info:
        store.build()
    (err,) = [d for d in info.value.diagnostics if d.severity.name == "ERROR"]
    assert err.span.path == "catalog/y.yaml" and "duplicate product slug 'stoneware-mug'" in err.message
    assert "first defined at catalog/x.yaml:5" in err.message


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("LED Desk Lamp Pro", "led-desk-lamp-pro"),
        ("Crème-Brûlée Set", "creme-brulee-set"),
        ("护眼台灯", "hu-yan-tai-deng"),
    ],
)
def test_a_slug_not_in_address_form_is_normalised_with_a_warning(store, written, normal):
    store.write({"catalog/x.yaml": product("X-1", "Stoneware Mug", f"slug: {written}\n")})
    result = store.build()
    assert _product_pages(store)["X-1"] == normal
    (w,) = [w for w in result.warnings if "address form" in w.message]
    assert (w.span.path, w.span.line) == ("catalog/x.yaml", 5) and normal in w.hint


def test_a_slug_with_nothing_usable_is_an_error(store):
    store.write({"catalog/x.yaml": product("X-1", "Stoneware Mug", "slug: '---'\n")})
    with pytest.raises(BuildFailed) as info:
        store.build()
    assert any("cannot be used in a web address" in d.message for d in info.value.diagnostics)


def test_variants_without_sku_get_one_from_their_product_and_options(store):
    store.write(
        {
            "catalog/tee.yaml": product(
                "TEE-1",
                "Cotton T-Shirt",
                "variants:\n"
                "  - {attributes: {color: Black, size: XL}}\n"
                "  - {attributes: {color: Light Blue, size: M}}\n"
                "  - {sku: TEE-1-Black-S, attributes: {color: Black, size: S}}\n"
                "  - {attributes: {color: Black, size: S}}\n",
            )
        }
    )
    result = store.build()
    (group,) = of_type(jsonld(soup(os.path.join(store.out, "products/cotton-t-shirt/index.html"))), "ProductGroup")
    assert [v["sku"] for v in group["hasVariant"]] == [
        "TEE-1-Black-XL",
        "TEE-1-Light-Blue-M",
        "TEE-1-Black-S",
        "TEE-1-Black-S-2",
    ]
    notes = [w for w in result.warnings if "has no SKU" in w.message]
    assert [(w.span.path, w.span.line) for w in notes] == [
        ("catalog/tee.yaml", 6),
        ("catalog/tee.yaml", 7),
        ("catalog/tee.yaml", 9),
    ]


def test_channels_take_price_currency_url_and_label(store):
    channels = (
        "channels:\n"
        "  tmall: {price: 19.90}\n"
        "  amazon_de: {price: 16.90, currency: EUR, url: 'https://www.amazon.de/dp/B000000001', label: Amazon.de}\n"
    )
    store.write({"catalog/x.yaml": product("X-1", "Stoneware Mug", channels)})
    diags = Diagnostics()
    site, _jobs = load_site(store.root, diags, write_cache=False)
    (mug,) = [p for p in site.products if p.sku == "X-1"]
    assert mug.channels == {
        "tmall": Channel("tmall", Decimal("19.90"), "USD"),
        "amazon_de": Channel("amazon_de", Decimal("16.90"), "EUR", "https://www.amazon.de/dp/B000000001", "Amazon.de"),
    }


@pytest.mark.parametrize(
    ("value", "message", "hint"),
    [
        (
            "currency: EUO",
            "'channels.amazon_de.currency' is 'EUO', which is not an ISO 4217 currency",
            "did you mean 'EUR'?",
        ),
        ("currency: RMB", "which is not an ISO 4217 currency", "did you mean 'CNY'?"),
        ("url: 'javascript:alert(1)'", "channel address 'javascript:alert(1)' is not a web address", "https://"),
        ("url: /dp/B0001", "is not a web address", "https://"),
    ],
)
def test_bad_channel_values_are_errors_at_their_line(store, value, message, hint):
    store.write(
        {"catalog/x.yaml": product("X-1", "Stoneware Mug", f"channels:\n  amazon_de: {{price: 36.90, {value}}}\n")}
    )
    with pytest.raises(BuildFailed) as info:
        store.build()
    (err,) = [d for d in info.value.diagnostics if d.severity.name == "ERROR"]
    assert (err.span.path, err.span.line) == ("catalog/x.yaml", 6)
    assert message in err.message and hint in err.hint


def test_a_currency_that_is_not_iso_4217_is_an_error_with_a_suggestion(store):
    store.write({"catalog/x.yaml": product("X-1", "Stoneware Mug", "currency: GPB\n")})
    with pytest.raises(BuildFailed) as info:
        store.build()
    (err,) = [d for d in info.value.diagnostics if d.severity.name == "ERROR"]
    assert "not an ISO 4217 currency" in err.message and err.hint == "did you mean 'GBP'?"
