"""Re-import: the export's changes come in, the editor's edits stay, products gone from the export are counted."""

from __future__ import annotations

import os

import yaml

from importers.helpers import catalog, new_store, read_product, run_import, write

HEADER = (
    "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant SKU,"
    "Variant Price,Variant Compare At Price,Variant Barcode,Image Src,Image Position,Image Alt Text\n"
)
LAMP = "lamp,Desk Lamp,<p>A <b>lamp</b>.</p>,Lumina,Lighting,,true,Title,Default Title,L-1,{price},,,{img},1,Lamp\n"
MUG = "mug,Coffee Mug,Mug.,Lumina,Kitchen,,true,Size,Small,MUG-S,12.00,,,https://cdn.example/mug.jpg,1,\n"
MUG_L = "mug,,,,,,,,Large,MUG-L,14.00,,,,,\n"


def _export(tmp_path, price="39.90", img="https://cdn.example/lamp.jpg", mug=True):
    text = HEADER + LAMP.format(price=price, img=img) + (MUG + MUG_L if mug else "")
    return write(tmp_path / "products.csv", text)


def _edit(store, rel, change):
    path = os.path.join(store, rel)
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    change(data)
    with open(path, "w", encoding="utf-8") as fh:
        yaml.safe_dump(data, fh, allow_unicode=True, sort_keys=False)


def test_editor_edits_survive_and_export_changes_come_through(tmp_path):
    store = new_store(tmp_path / "store")
    assert run_import("shopify", _export(tmp_path), "--into", store).exit_code == 0
    lamp = "catalog/lighting/lamp.yaml"

    def editor(data):
        data["keywords"] = {"primary": "led desk lamp"}
        data["images"][0]["alt"] = "White LED desk lamp on an oak desk"
        data["summary"] = "A lamp an editor described."
        data["title"] = "LED Desk Lamp, Dimmable"

    _edit(store, lamp, editor)
    changed = _export(tmp_path, price="34.90", img="https://cdn.example/lamp-v2.jpg")
    res = run_import("shopify", changed, "--into", store)
    assert res.exit_code == 0, res.output
    assert ": 0 new, 1 updated, 1 unchanged, 0 gone from the export." in res.output
    p = read_product(store, lamp)
    assert p["price"] == 34.90  # from the export
    assert p["images"] == [{"src": "https://cdn.example/lamp-v2.jpg", "alt": "White LED desk lamp on an oak desk"}]
    assert p["keywords"] == {"primary": "led desk lamp"}  # the editor's
    assert p["summary"] == "A lamp an editor described."
    assert p["title"] == "LED Desk Lamp, Dimmable"  # changed by the editor: kept
    assert "**lamp**" in p["description"] and "<" not in p["description"]
    before = catalog(store)
    again = run_import("shopify", changed, "--into", store)
    assert ": 0 new, 0 updated, 2 unchanged, 0 gone from the export." in again.output
    assert catalog(store) == before


def test_a_price_the_editor_changed_is_kept(tmp_path):
    store = new_store(tmp_path / "store")
    run_import("shopify", _export(tmp_path), "--into", store)
    _edit(store, "catalog/lighting/lamp.yaml", lambda d: d.update(price=29))
    run_import("shopify", _export(tmp_path, price="44.00"), "--into", store)
    assert read_product(store, "catalog/lighting/lamp.yaml")["price"] == 29


def test_variant_prices_update_and_gone_products_are_counted_then_pruned(tmp_path):
    store = new_store(tmp_path / "store")
    run_import("shopify", _export(tmp_path), "--into", store)
    mug = read_product(store, "catalog/kitchen/mug.yaml")
    assert [(v["sku"], v["price"]) for v in mug["variants"]] == [("MUG-S", 12), ("MUG-L", 14)]
    res = run_import("shopify", _export(tmp_path, mug=False), "--into", store)
    assert ": 0 new, 0 updated, 1 unchanged, 1 gone from the export (kept; --prune deletes them)." in res.output
    assert os.path.isfile(os.path.join(store, "catalog/kitchen/mug.yaml"))
    res = run_import("shopify", _export(tmp_path, mug=False), "--into", store, "--prune")
    assert "1 gone from the export (1 deleted)" in res.output
    assert not os.path.exists(os.path.join(store, "catalog/kitchen/mug.yaml"))


def test_an_editors_file_with_the_same_sku_is_taken_over_not_duplicated(tmp_path):
    store = new_store(tmp_path / "store")
    write(tmp_path / "store" / "lamp.yaml", "x")  # not in catalog/: ignored
    os.makedirs(os.path.join(store, "catalog"))
    write(tmp_path / "store" / "catalog" / "my-lamp.yaml", "sku: L-1\ntitle: My Own Lamp Title\nhighlights: [Bright]\n")
    res = run_import("shopify", _export(tmp_path), "--into", store)
    assert ": 1 new, 1 updated, 0 unchanged" in res.output
    p = read_product(store, "catalog/my-lamp.yaml")
    assert (p["title"], p["highlights"], p["price"]) == ("My Own Lamp Title", ["Bright"], 39.9)
    assert not os.path.exists(os.path.join(store, "catalog/lighting/lamp.yaml"))
