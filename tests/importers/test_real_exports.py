"""The real public exports in ../shared/data/exports: import, build, import again (nothing changes)."""

from __future__ import annotations

import os

import pytest
import yaml

from importers.helpers import build_store, catalog, export, new_store, read_product, run_import
from shopgen.sourcemap import load_yaml

EXPORTS = [
    ("shopify", "shopify/apparel.csv", 20),
    ("shopify", "shopify/jewelery.csv", 20),
    ("woocommerce", "woocommerce/sample_products.csv", 15),
]


@pytest.mark.parametrize("fmt,rel,products", EXPORTS)
def test_export_imports_builds_and_reimports_unchanged(tmp_path, fmt, rel, products):
    source = export(rel)
    store = new_store(tmp_path / "store")
    res = run_import(fmt, source, "--into", store)
    assert res.exit_code == 0, res.output
    assert f": {products} new, 0 updated, 0 unchanged, 0 gone from the export." in res.output
    files = catalog(store)
    assert len(files) == products
    for rel_path, data in files.items():
        text = data.decode("utf-8")
        loaded, _smap, problems = load_yaml(text, rel_path)
        assert problems == [] and loaded == yaml.safe_load(text), rel_path  # shopgen's loader reads what was meant
    result = build_store(store, tmp_path)
    assert result.pages > products
    again = run_import(fmt, source, "--into", store)
    assert again.exit_code == 0, again.output
    assert f": 0 new, 0 updated, {products} unchanged, 0 gone from the export." in again.output
    assert catalog(store) == files  # byte for byte


def test_shopify_variants_prices_and_images(tmp_path):
    store = new_store(tmp_path / "store")
    assert run_import("shopify", export("shopify/jewelery.csv"), "--into", store).exit_code == 0
    p = read_product(store, "catalog/bracelet/leather-anchor.yaml")
    assert p["sku"] == "leather-anchor" and p["title"] == "Anchor Bracelet Mens" and p["brand"] == "Company 123"
    assert [v["sku"] for v in p["variants"]] == ["LEATHER-ANCHOR-GOLD", "LEATHER-ANCHOR-SILVER"]
    gold, silver = p["variants"]
    assert gold["attributes"] == {"Color": "Gold"}
    assert (gold["price"], gold["sale_price"]) == (85, 69.99)  # compare-at price is the price, the price the sale
    assert (silver["price"], silver["sale_price"]) == (85, 55)
    assert [im["src"] for im in p["images"]] == [  # the handle's three image rows, by Image Position
        "https://burst.shopifycdn.com/photos/anchor-bracelet-mens_925x.jpg",
        "https://burst.shopifycdn.com/photos/anchor-bracelet-for-men_925x.jpg",
        "https://burst.shopifycdn.com/photos/leather-anchor-bracelet-for-men_925x.jpg",
    ]
    assert gold["image"] == p["images"][0]["src"]
    assert p["extra"]["tags"] == ["Anchor", "Gold", "Leather", "Silver"]
    single = read_product(store, "catalog/bracelet/bangle-bracelet.yaml")
    assert (single["price"], single["sale_price"], single["sku"]) == (43.99, 39.99, "bangle-bracelet")
    assert "variants" not in single  # "Title: Default Title" is no variant


def test_woocommerce_variable_product_and_its_variations(tmp_path):
    store = new_store(tmp_path / "store")
    res = run_import("woocommerce", export("woocommerce/sample_products.csv"), "--into", store)
    assert res.exit_code == 0, res.output
    hoodie = read_product(store, "catalog/clothing/hoodie.yaml")
    assert hoodie["category"] == "Clothing > Hoodies"
    variants = {v["sku"]: v for v in hoodie["variants"]}
    assert variants["cc-hoodie-red"]["attributes"] == {"Color": "Red", "Logo": "No"}
    assert variants["cc-hoodie-red"]["sale_price"] == 42 and "sale_price" not in variants["cc-hoodie-blue"]
    assert len(hoodie["images"]) == 4 and all(im["src"].startswith("https://") for im in hoodie["images"])
    tee = read_product(store, "catalog/clothing/t-shirt.yaml")
    assert {v["attributes"]["Color"] for v in tee["variants"]} == {"Blue", "Green", "Red"}
    assert all("Size" not in v["attributes"] for v in tee["variants"])  # "any size": no value
    donation = read_product(store, "catalog/donation/classicpress-donation.yaml")
    # an external product is bought where its button points (#20)
    assert donation["buy_url"] == "https://www.classicpress.net/donate/" and "external_url" not in donation["extra"]
    group = read_product(store, "catalog/clothing/logo-collection.yaml")
    assert group["extra"]["grouped_products"] == ["cc-hoodie-with-logo", "cc-beanie-logo", "cc-tshirt-logo"]
    assert os.path.isfile(os.path.join(store, "catalog", "clothing", "hoodie-with-pocket-and-logo.yaml"))
