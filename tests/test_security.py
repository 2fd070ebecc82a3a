"""Hostile catalog text is escaped for every context: HTML text, attributes, URLs and JSON-LD."""

from __future__ import annotations

import json
import os

import pytest
from bs4 import BeautifulSoup

from htmlutil import html_files, jsonld, of_type, soup
from shopgen.urls import safe_url

PAYLOAD = (
    "Lamp </script><script>alert(1)</script> <!-- \"quoted\" 'single' <img src=x onerror=alert(2)> & more "
    "</style><style>body{display:none}</style> javascript:alert(5) \u2028 end"
)


VARIANT_SKU = "V<\"'&>1"


def _yaml(s: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's), safe for any text."""
    return json.dumps(s)


def test_hostile_text_is_escaped_everywhere(store):
    store.write(
        {
            "catalog/evil.yaml": f"""
            sku: EVIL-1
            slug: evil-1
            title: {_yaml("LED Desk Lamp " + PAYLOAD)}
            brand: {_yaml(PAYLOAD)}
            category: {_yaml("Home > " + PAYLOAD)}
            keywords: {{primary: led desk lamp}}
            summary: {_yaml(PAYLOAD)}
            description: {
                _yaml(
                    "Intro <script>alert(3)</script> [click](javascript:alert(4)) [ok](https://example.com/a?b=1&c=2)"
                )
            }
            highlights: [{_yaml(PAYLOAD)}]
            price: 10
            attributes: {{{_yaml("color" + PAYLOAD)}: {_yaml(PAYLOAD)}}}
            reviews:
              - {{author: {_yaml(PAYLOAD)}, rating: 5, body: {_yaml("</script><!--" + PAYLOAD)}}}
            faq:
              - {{q: {_yaml(PAYLOAD)}, a: {_yaml("<b onclick=x>bold</b>")}}}
            variants:
              - {{sku: {_yaml(VARIANT_SKU)}, attributes: {{color: {_yaml(PAYLOAD)}}}, price: 11}}
            images:
              - {{src: images/lamp.jpg, alt: {_yaml("Lamp alt " + PAYLOAD)}}}
            """,
        }
    )
    store.build()
    pages = html_files(store.out)
    for path in pages:
        doc = soup(path)
        scripts = doc.find_all("script")
        # the only scripts are our JSON-LD blocks, which still parse, and the theme's own search script
        theirs = [s for s in scripts if not (s.get("type") == "module" and s.get("src", "").startswith("/assets/"))]
        assert all(s.get("type") == "application/ld+json" for s in theirs), path
        assert not [st for st in doc.find_all("style")], path  # no injected CSS either
        jsonld(doc)
        for el in doc.find_all(True):
            assert not any(a.lower().startswith("on") for a in el.attrs), (path, el)
            for attr in ("href", "src"):
                assert not str(el.get(attr, "")).lower().startswith("javascript:"), (path, el)
        assert not doc.find("img", src="x")
        assert not doc.find("b", onclick=True)
    product = soup(os.path.join(store.out, "products/evil-1/index.html"))
    assert product.h1.get_text() == "LED Desk Lamp " + PAYLOAD
    assert product.select_one(".gallery img")["alt"] == "Lamp alt " + PAYLOAD
    assert product.find("meta", property="og:title")["content"].startswith("LED Desk Lamp " + PAYLOAD)
    assert "<b onclick=x>bold</b>" in product.find("details").get_text()
    link = product.select_one('.description a[href^="https"]')
    assert link["href"] == "https://example.com/a?b=1&c=2"
    assert product.select_one(".description a:not([href])").string == "click"
    # JSON-LD round-trips the exact text
    (p,) = of_type(jsonld(product), "ProductGroup")
    (v,) = p["hasVariant"]
    assert v["sku"] == VARIANT_SKU and v["color"] == PAYLOAD
    assert v["offers"]["url"].endswith("?sku=V%3C%22%27%26%3E1")
    assert product.find("tr", id=VARIANT_SKU)
    assert p["name"] == "LED Desk Lamp " + PAYLOAD and p["brand"]["name"] == PAYLOAD
    assert p["review"][0]["reviewBody"] == "</script><!--" + PAYLOAD
    raw = store.read("products/evil-1/index.html")
    ld_text = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in ld_text and ">" not in ld_text


def test_json_for_script_escapes_line_separators():
    from shopgen.themes import json_for_script

    assert json_for_script({"a": "x\u2028y</script>&"}) == '{"a":"x\\u2028y\\u003c/script\\u003e\\u0026"}'


# Link targets a browser decodes into a script or data URL. The first eight passed the old scheme filter
# (reported in the hostile-input issue); every one must render inert.
HOSTILE_TARGETS = [
    "java&#x09;script:alert(1)",
    "&#106;avascript:alert(2)",
    "&#x6A;avascript:alert(3)",
    "javascript&colon;alert(4)",
    "java&#x0A;script:alert(5)",
    "javascript&#58;alert(6)",
    "data&colon;text/html,<script>alert(7)</script>",
    "&#x76;bscript:msgbox(8)",
    "javascript:alert(9)",
    "JaVaScRiPt:alert(10)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=",
    "vbscript:msgbox(12)",
]
MORE_TARGETS = ["&#0000106;avascript:alert(13)", "&#x6A avascript:alert(14)", "&Tab;javascript:alert(15)"]


def test_safe_url():
    from shopgen.urls import safe_url

    for bad in [
        *HOSTILE_TARGETS,
        *MORE_TARGETS,
        "java\tscript:alert(1)",
        " javascript:x",
        "\x01javascript:x",
        "java\u200bscript:x",
        "\\javascript:x",
    ]:
        assert not safe_url(bad), bad
    for good in [
        "https://a.example/x",
        "http://a",
        "HTTPS://A.EXAMPLE/",
        "/products/x/",
        "#top",
        "mailto:a@b.c",
        "tel:+1",
        "page/2/",
        "../x",
        "x.html",
        "?q=a:b",
        "/search/?q=12:30",
        "https://a.example/?a=1&amp;b=2",
        "//cdn.example/x.jpg",
    ]:
        assert safe_url(good), good


def test_scheme_is_read_as_a_browser_reads_it():
    from shopgen.urls import as_browser_reads, scheme

    assert as_browser_reads("java&#x09;script:alert(1)") == "javascript:alert(1)"
    assert as_browser_reads(" \x00https://a.example/\n") == "https://a.example/"
    assert scheme("&#x6A;avascript:x") == "javascript"
    assert scheme("data&colon;text/html,x") == "data"
    assert scheme("/a:b") == ""


@pytest.mark.parametrize("target", HOSTILE_TARGETS + MORE_TARGETS)
def test_hostile_link_targets_render_inert(target):
    from shopgen.markup import MarkdownRenderer

    renderer = MarkdownRenderer()
    for text in (f"See [this]({target}) now.", f"See [this][r].\n\n[r]: {target}", f"An ![image]({target})."):
        html = renderer.render(text).html
        doc = BeautifulSoup(html, "html.parser")
        assert "this" in doc.get_text() or "image" in doc.get_text(), html
        for el in doc.find_all(True):
            for attr in ("href", "src"):
                assert attr not in el.attrs, html


def test_hostile_link_targets_in_every_text_are_inert_on_the_built_site(store):
    links = " ".join(f"[L{i}]({t})" for i, t in enumerate(HOSTILE_TARGETS))
    store.write(
        {
            "catalog/links.yaml": f"""
            sku: LINKS-1
            slug: links-1
            title: LED Desk Lamp with links
            keywords: {{primary: led desk lamp}}
            description: {_yaml("LED desk lamp. " + links)}
            faq:
              - {{q: Where?, a: {_yaml(links)}}}
            price: 10
            images:
              - {{src: images/lamp.jpg, alt: Lamp}}
            """,
            "content/guides/links-guide.md": "---\ntitle: Links guide\n---\n\nRead " + links + "\n",
            "content/pages/links-page.md": "---\ntitle: Links page\n---\n\nRead " + links + "\n",
        }
    )
    store.build()
    seen = 0
    for path in html_files(store.out):
        for el in soup(path).find_all(True):
            for attr in ("href", "src", "action", "formaction"):
                if attr in el.attrs:
                    assert safe_url(el[attr]), (path, el)
            seen += el.name == "a" and el.get_text().startswith("L") and el.get_text()[1:].isdigit()
    assert seen >= 3 * len(HOSTILE_TARGETS)
