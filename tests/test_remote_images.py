"""Remote images (an https:// address on a shop's CDN): published as they are, never fetched."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import pytest

from htmlutil import jsonld, of_type, soup
from shopgen import BuildFailed

CDN = "https://cdn.shop.example/files/lamp-front.jpg?v=1700000000"
CDN_SIDE = "https://cdn.shop.example/files/lamp-side.png"


def _remote_product(store, images: str) -> None:
    text = store.source("catalog/lamp.yaml").split("images:")[0]
    rest = store.source("catalog/lamp.yaml").split("attributes:", 1)[1]
    store.write({"catalog/lamp.yaml": text + "images:\n" + images + "attributes:" + rest})


def test_remote_images_are_published_as_they_are(store):
    _remote_product(
        store,
        f"  - {{src: '{CDN}', alt: White LED desk lamp, width: 1600, height: 1200}}\n"
        f"  - {{src: '{CDN_SIDE}', alt: The lamp from the side}}\n",
    )
    result = store.build()
    page = soup(os.path.join(store.out, "products/led-desk-lamp-with-usb-c-port-dimmable/index.html"))
    main, side = [im for im in page.select("main img") if im["src"].startswith("https://")][:2]
    assert main["src"] == CDN and main["width"] == "1600" and main["height"] == "1200"
    assert main.get("srcset") == f"{CDN} 1600w" and main["alt"] == "White LED desk lamp"
    assert side["src"] == CDN_SIDE and "width" not in side.attrs and "srcset" not in side.attrs
    assert page.find("meta", property="og:image")["content"] == CDN
    assert page.find("meta", property="og:image:width")["content"] == "1600"
    (product,) = of_type(jsonld(page), "Product")
    assert product["image"] == [CDN, CDN_SIDE]
    feed = ET.parse(os.path.join(store.out, "feeds/google.xml")).getroot()
    g = "{http://base.google.com/ns/1.0}"
    item = [i for i in feed.iter("item") if i.findtext(f"{g}id") == "LAMP-1"][0]
    assert item.findtext(f"{g}image_link") == CDN
    assert [e.text for e in item.findall(f"{g}additional_image_link")] == [CDN_SIDE]
    sitemap = store.read("sitemap.xml")
    assert CDN.replace("&", "&amp;") in sitemap
    # nothing was made of them: no image variant names the remote files
    assert not [f for f in os.listdir(os.path.join(store.out, "images")) if f.startswith("lamp-front")]
    assert result.images.processed + result.images.cached >= 0  # the local kettle photo is still processed
    # a remote image without a size leaves the page valid: no width="0"
    assert 'width="0"' not in store.read("products/led-desk-lamp-with-usb-c-port-dimmable/index.html")


def test_a_variant_image_may_be_remote(store):
    store.append(
        "catalog/lamp.yaml",
        f"""
        variants:
          - {{sku: LAMP-1-BLK, attributes: {{color: Black}}, image: '{CDN_SIDE}'}}
          - {{sku: LAMP-1-WHT, attributes: {{color: White}}}}
        """,
    )
    store.build()
    page = soup(os.path.join(store.out, "products/led-desk-lamp-with-usb-c-port-dimmable/index.html"))
    (group,) = of_type(jsonld(page), "ProductGroup")
    black = [v for v in group["hasVariant"] if v["sku"] == "LAMP-1-BLK"][0]
    assert black["image"] == CDN_SIDE


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("http://cdn.shop.example/a.jpg", "is an http:// address"),
        ("https:///a.jpg", "is not a usable web address"),
        ("https://cdn.shop.example/a b.jpg", "is not a usable web address"),
        ("ftp://cdn.shop.example/a.jpg", "is not a usable web address"),
        ("//cdn.shop.example/a.jpg", "is not a usable web address"),
    ],
)
def test_unusable_web_addresses_are_errors_at_their_line(store, src, message):
    _remote_product(store, f"  - {{src: {json.dumps(src)}, alt: A lamp}}\n")
    with pytest.raises(BuildFailed) as info:
        store.build()
    (err,) = [d for d in info.value.diagnostics if d.severity.name == "ERROR"]
    assert err.span.path == "catalog/lamp.yaml" and err.span.line == 20
    assert message in err.message and err.hint


def test_lint_notes_a_remote_image_it_cannot_measure(store):
    import datetime as dt

    from shopgen.lint.runner import lint_store

    def codes(image: str) -> list[str]:
        _remote_product(store, f"  - {image}\n")
        _site, result, _ = lint_store([store.root], today=dt.date(2026, 11, 22))
        return sorted({d.code for lst in result.listings if lst.path == "catalog/lamp.yaml" for d in lst.findings})

    alt = "alt: White LED desk lamp on an oak desk"
    assert "SG309" in codes(f"{{src: '{CDN}', {alt}}}")
    assert "SG309" not in codes(f"{{src: '{CDN}', {alt}, width: 1600, height: 1200}}")
    assert "SG306" in codes(f"{{src: '{CDN}', {alt}, width: 80, height: 60}}")
