"""Site search: the Pagefind index holds the fields on-site search must cover, the facets match the catalog,
and `search: false` leaves no trace. The browser tests (test_browser.py) type queries into the real page."""

from __future__ import annotations

import gzip
import json
import os
from decimal import Decimal

import pytest

from htmlutil import tree_bytes
from shopgen import search
from shopgen.search import INDEX_DIR, PriceRange, price_range


def fragments(out: str) -> dict[str, dict]:
    """Every indexed page of a built site, by URL, as Pagefind stored it (content, meta, filters)."""
    found = {}
    for part in sorted(os.listdir(os.path.join(out, INDEX_DIR))):
        folder = os.path.join(out, INDEX_DIR, part, "fragment")
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), "rb") as fh:
                raw = gzip.decompress(fh.read())
            assert raw.startswith(b"pagefind_dcd")
            data = json.loads(raw[len(b"pagefind_dcd") :])
            data["text"] = data["content"].replace("\u200b", "")  # Pagefind marks word breaks with ZWSP
            data["part"] = part
            assert data["url"] not in found
            found[data["url"]] = data
    return found


def replace(store, rel: str, old: str, new: str) -> None:
    """Change one text in a store file (the text must be there)."""
    text = store.source(rel)
    assert old in text, old
    store.write({rel: text.replace(old, new)})


LAMP = "/products/led-desk-lamp-with-usb-c-port-dimmable/"
KETTLE = "/products/gooseneck-kettle-with-temperature-control/"


def test_index_covers_the_search_fields(store):
    replace(store, "catalog/lamp.yaml", "{color: White}", "{color: White, material: Anodised aluminium}")
    replace(
        store,
        "catalog/lamp.yaml",
        "{primary: led desk lamp}",
        "{primary: led desk lamp, secondary: [bedside reading light]}",
    )
    store.build()
    pages = fragments(store.out)
    # products and guides are indexed; listing, home, search and info pages are not
    assert set(pages) == {LAMP, KETTLE, "/guides/coffee/"}
    lamp = pages[LAMP]
    for expected in (
        "LED Desk Lamp with USB-C Port, Dimmable",  # title
        "A dimmable LED desk lamp with a USB-C port",  # summary (highlights and description follow)
        "weighted base does not tip",  # description
        "bedside reading light",  # keywords
        "Anodised aluminium",  # attributes
        "White LED desk lamp on an oak desk",  # image alt text
        "Home > Lighting > Desk Lamps",  # category path
    ):
        assert expected in lamp["text"], expected
    assert lamp["meta"]["title"] == "LED Desk Lamp with USB-C Port, Dimmable"
    assert lamp["meta"]["price"] == "$29.90"  # the sale price in force, as the page shows it
    assert lamp["meta"]["image"].startswith("/images/lamp-") and lamp["meta"]["image_alt"]
    assert lamp["filters"] == {"category": ["Home"], "brand": ["Lumina"], "price": ["$25.00–$50.00"]}
    assert pages[KETTLE]["filters"]["price"] == ["$50.00–$100.00"]
    assert "price" not in pages["/guides/coffee/"]["meta"]


def test_search_page_offers_the_catalogs_facets(store):
    store.build()
    with open(os.path.join(store.out, "search", "index.html"), encoding="utf-8") as fh:
        html = fh.read()
    assert '<meta name="robots" content="noindex">' in html
    assert '<option value="Home">Home (1)</option>' in html and '<option value="Kitchen">Kitchen (1)</option>' in html
    assert '<option value="Brewhaus">Brewhaus (1)</option>' in html
    assert '<option value="$25.00–$50.00">$25.00–$50.00 (1)</option>' in html
    with open(os.path.join(store.out, "index.html"), encoding="utf-8") as fh:
        assert 'action="/search/"' in fh.read()  # the search box on every page
    with open(os.path.join(store.out, "sitemap.xml"), encoding="utf-8") as fh:
        assert "/search/" not in fh.read()


def test_filter_values_keep_commas_and_markup_escaped(store):
    replace(store, "catalog/kettle.yaml", "brand: Brewhaus", 'brand: "Brew, Haus & <Co>"')
    store.build()
    assert fragments(store.out)[KETTLE]["filters"]["brand"] == ["Brew, Haus & <Co>"]
    with open(os.path.join(store.out, KETTLE.strip("/"), "index.html"), encoding="utf-8") as fh:
        assert 'data-brand="Brew, Haus &amp; &lt;Co&gt;"' in fh.read()


def test_discontinued_products_are_left_out(store):
    replace(store, "catalog/kettle.yaml", "availability: in_stock", "availability: discontinued")
    store.build()
    assert KETTLE not in fragments(store.out)


def test_search_can_be_turned_off(store):
    store.append("shopgen.yaml", "search: false\n")
    result = store.build()
    assert "search" not in result.pages_by_kind
    assert not os.path.exists(os.path.join(store.out, INDEX_DIR))
    with open(os.path.join(store.out, LAMP.strip("/"), "index.html"), encoding="utf-8") as fh:
        html = fh.read()
    assert "pagefind" not in html and 'action="/search/"' not in html


def test_an_unchanged_rebuild_keeps_the_index_and_a_changed_one_matches_a_clean_build(store, tmp_path):
    store.build()
    entry = os.path.join(store.out, INDEX_DIR, "0", "pagefind-entry.json")
    before = os.stat(entry).st_ino
    store.build()  # nothing changed: nothing is written
    assert os.stat(entry).st_ino == before
    replace(store, "catalog/lamp.yaml", "price: 39.90", "price: 44.90")
    store.build()
    clean = tmp_path / "clean"
    store.build(out=str(clean), full=True)
    assert fragments(store.out) == fragments(str(clean))
    for dirpath, _dirs, names in os.walk(clean / INDEX_DIR):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), clean)
            with open(os.path.join(dirpath, name), "rb") as a, open(os.path.join(store.out, rel), "rb") as b:
                assert a.read() == b.read(), rel


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("9.99", PriceRange(None, Decimal(10))),
        ("10", PriceRange(Decimal(10), Decimal(25))),
        ("399", PriceRange(Decimal(250), Decimal(500))),
        ("12000", PriceRange(Decimal(10000), None)),
    ],
)
def test_price_ranges(amount, expected):
    assert price_range(Decimal(amount)) == expected
    assert price_range(None) is None


def test_no_search_option_overrides_the_config_for_one_build(store):
    store.build()
    assert os.path.isdir(os.path.join(store.out, INDEX_DIR))
    result = store.build(search=False)
    assert result.rendered and "search" not in result.pages_by_kind  # every page loses its search box
    assert not os.path.exists(os.path.join(store.out, INDEX_DIR))
    assert store.build().pages_by_kind["search"] == 1


def test_a_big_index_comes_in_parts_and_an_edit_rebuilds_only_its_part(store, monkeypatch, tmp_path):
    monkeypatch.setattr(search, "PAGES_PER_INDEX", 1)  # one part per page (a part no page hashes to is left out)
    mug = store.source("catalog/lamp.yaml").replace("sku: LAMP-1", "sku: MUG-1").replace('gtin: "4006381333931"\n', "")
    mug = mug.replace("title: LED Desk Lamp with USB-C Port, Dimmable", "title: Ceramic Mug 350 ml, Sage")
    store.write({"catalog/mug.yaml": mug.replace("Home > Lighting > Desk Lamps", "Tableware > Mugs")})
    store.build()
    pages = fragments(store.out)
    parts = sorted(os.listdir(os.path.join(store.out, INDEX_DIR)))
    assert len(parts) >= 2 and sorted({p["part"] for p in pages.values()}) == parts
    assert sorted(search.searchable_pages(store.out)) == sorted(u.strip("/") + "/index.html" for u in pages)
    with open(os.path.join(store.out, "search", "index.html"), encoding="utf-8") as fh:
        assert 'data-indexes="{}"'.format(" ".join(f"/pagefind/{p}/" for p in parts)) in fh.read()

    def entries():
        return {p: os.stat(os.path.join(store.out, INDEX_DIR, p, "pagefind-entry.json")).st_ino for p in parts}

    before = entries()
    replace(store, "catalog/mug.yaml", "price: 39.90", "price: 44.90")
    result = store.build()
    after = entries()
    # only the parts of the pages that show the mug are made again
    rendered = {"/" + f.removesuffix("index.html") for f, _why in result.rendered}
    touched = {pages[u]["part"] for u in rendered if u in pages}
    assert pages["/products/ceramic-mug-350-ml-sage/"]["part"] in touched
    assert {p for p in parts if after[p] != before[p]} == touched
    assert set(parts) - touched, (parts, rendered)  # and at least one part was kept as it was
    clean = tmp_path / "clean"
    store.build(out=str(clean), full=True)
    assert tree_bytes(os.path.join(store.out, INDEX_DIR)) == tree_bytes(str(clean / INDEX_DIR))
