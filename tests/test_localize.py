"""Multi-language stores: translations checked at path:line, each language published under its prefix,
reciprocal hreflang alternates on every page and in the sitemap, fallback to the default language."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, TODAY
from shopgen import build
from shopgen.errors import BuildFailed
from shopgen.lint.runner import evaluate_gate, lint_store
from shopgen.localize import og_locale, split_language

BILINGUAL = os.path.join(ROOT, "tests", "stores", "bilingual")


@pytest.fixture
def bilingual(tmp_path):
    root = tmp_path / "store"
    shutil.copytree(BILINGUAL, root, ignore=shutil.ignore_patterns(".shopgen-cache", "public"))
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("bi") / "store"
    shutil.copytree(BILINGUAL, root, ignore=shutil.ignore_patterns(".shopgen-cache", "public"))
    out = root / "public"
    result = build(str(root), out=str(out), today=TODAY)
    return out, result


def html_pages(out) -> dict[str, BeautifulSoup]:
    """Every HTML page by its site-relative address."""
    pages = {}
    for dirpath, _dirs, names in os.walk(out):
        for name in names:
            if name.endswith(".html"):
                rel = os.path.relpath(os.path.join(dirpath, name), out).replace(os.sep, "/")
                url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
                with open(os.path.join(dirpath, name), encoding="utf-8") as fh:
                    pages[url] = BeautifulSoup(fh.read(), "html.parser")
    return pages


def alternates(soup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}


BASE = "https://test.example.com"


def test_each_language_is_published_under_its_prefix(built):
    out, result = built
    assert (out / "index.html").is_file() and (out / "en" / "index.html").is_file()
    assert (out / "products" / "led-desk-lamp" / "index.html").is_file()
    assert (out / "en" / "products" / "led-desk-lamp-usb-c" / "index.html").is_file()  # its own English slug
    assert (out / "en" / "guides" / "pour-over" / "index.html").is_file()
    assert (out / "en" / "about" / "index.html").is_file()
    assert (out / "en" / "categories" / "home" / "lighting" / "desk-lamps" / "index.html").is_file()
    assert result.pages_by_kind["product"] == 6 and result.pages_by_kind["home"] == 2


def test_lang_og_locale_and_prices_follow_the_page_language(built):
    out, _ = built
    pages = html_pages(out)
    zh, en = pages["/products/led-desk-lamp/"], pages["/en/products/led-desk-lamp-usb-c/"]
    assert zh.html["lang"] == "zh-CN" and en.html["lang"] == "en"
    assert zh.find("meta", property="og:locale")["content"] == "zh_CN"
    assert en.find("meta", property="og:locale")["content"] == "en_US"
    assert en.find("meta", property="og:locale:alternate")["content"] == "zh_CN"
    assert en.h1.get_text(strip=True) == "LED Desk Lamp with USB-C Port, Flicker-Free and Dimmable"
    # one price, formatted for each locale (Babel/CLDR)
    assert "¥199.00" in zh.get_text() and "CN¥199.00" in en.get_text()
    assert en.find("html")["lang"] == "en" and "Lumina Home" in en.title.get_text()
    assert pages["/en/"].find("p", class_="lead").get_text() == (
        "Lighting and coffee gear chosen for small homes and long working days."
    )


def test_hreflang_is_reciprocal_on_every_page(built):
    out, _ = built
    pages = html_pages(out)
    checked = 0
    for url, soup in pages.items():
        alts = alternates(soup)
        canonical = soup.find("link", rel="canonical")["href"]
        if not alts:
            continue
        assert alts[soup.html["lang"]] == canonical == BASE + url, url  # lists itself, as its canonical
        assert alts["x-default"] == alts["zh-CN"], url  # the default language is at the root
        for lang, href in alts.items():
            other = pages[href.removeprefix(BASE)]
            assert alternates(other) == alts, (url, href)  # the same set from every member
            assert other.html["lang"] == lang or lang == "x-default"
            checked += 1
    assert checked >= 40


def test_every_translated_page_has_its_alternate(built):
    out, _ = built
    pages = html_pages(out)
    for url in [
        "/",
        "/products/led-desk-lamp/",
        "/products/gooseneck-kettle/",
        "/guides/pour-over/",
        "/about/",
        "/categories/",
        "/categories/jia-ju/deng-ju/tai-deng/",
        "/guides/",
    ]:
        assert set(alternates(pages[url])) == {"zh-CN", "en", "x-default"}, url
    assert alternates(pages["/search/"]) == {}  # noindex pages are nobody's alternates
    assert alternates(pages["/404.html"]) == {}


def test_a_missing_translation_falls_back_to_the_default_language(built):
    out, _ = built
    pages = html_pages(out)
    fallback = pages["/en/products/hand-grinder/"]
    assert fallback.h1.get_text(strip=True) == "手摇磨豆机 咖啡豆研磨 不锈钢锥刀"  # never an empty page
    assert fallback.find("link", rel="canonical")["href"] == BASE + "/products/hand-grinder/"
    assert fallback.main["lang"] == "zh-CN" and fallback.html["lang"] == "en"
    assert "has not been translated yet" in fallback.find(class_="fallback-notice").get_text()
    assert alternates(fallback) == {} and alternates(pages["/products/hand-grinder/"]) == {}
    # the switcher still takes a shopper to it
    links = {a["hreflang"]: a["href"] for a in pages["/products/hand-grinder/"].select("nav.languages a")}
    assert links == {"zh-CN": "/products/hand-grinder/", "en": "/en/products/hand-grinder/"}
    guide = pages["/en/guides/desk-light/"]
    assert "护眼台灯怎么选" in guide.h1.get_text() and guide.main["lang"] == "zh-CN"
    assert guide.find("link", rel="canonical")["href"] == BASE + "/guides/desk-light/"
    # a field the translation leaves out is the default language's; the page is still a translation
    kettle = pages["/en/products/gooseneck-kettle/"]
    assert kettle.h1.get_text(strip=True).startswith("Gooseneck Pour-Over Kettle")
    assert "可以干烧吗" in kettle.get_text() and "fallback-notice" not in str(kettle)
    assert kettle.find("link", rel="canonical")["href"] == BASE + "/en/products/gooseneck-kettle/"


def test_the_language_switcher_links_each_version(built):
    out, _ = built
    pages = html_pages(out)
    nav = pages["/en/products/led-desk-lamp-usb-c/"].select("nav.languages a")
    assert [(a["hreflang"], a["href"], a.get_text()) for a in nav] == [
        ("zh-CN", "/products/led-desk-lamp/", "简体中文"),
        ("en", "/en/products/led-desk-lamp-usb-c/", "English"),
    ]
    assert nav[1]["aria-current"] == "true" and not nav[0].has_attr("aria-current")


def test_the_sitemap_lists_every_language_with_its_alternates(built):
    out, _ = built
    pages = html_pages(out)
    xml = (out / "sitemap.xml").read_text(encoding="utf-8")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ElementTree.fromstring(xml.encode("utf-8"))
    entries = {u.find("s:loc", ns).text: u for u in tree.findall("s:url", ns)}
    assert BASE + "/en/products/led-desk-lamp-usb-c/" in entries
    assert BASE + "/en/products/hand-grinder/" not in entries  # a fallback: its canonical is elsewhere
    for loc, u in entries.items():
        in_sitemap = {x.get("hreflang"): x.get("href") for x in u.findall("x:link", ns)}
        assert in_sitemap == alternates(pages[loc.removeprefix(BASE)]), loc
    assert len(re.findall("<xhtml:link", xml)) >= 40


def test_feeds_are_per_language_and_leave_out_untranslated_products(built):
    out, _ = built
    en = (out / "en" / "feeds" / "google.xml").read_text(encoding="utf-8")
    zh = (out / "feeds" / "google.xml").read_text(encoding="utf-8")
    assert "<g:title>LED Desk Lamp with USB-C Port, Flicker-Free and Dimmable</g:title>" in en
    assert "/en/products/led-desk-lamp-usb-c/" in en and "GRINDER-1" not in en
    assert "GRINDER-1" in zh and "/en/" not in zh
    atom = (out / "en" / "feeds" / "guides.xml").read_text(encoding="utf-8")
    assert "Making a Good Pour-Over Coffee at Home" in atom and "desk-light" not in atom


def test_the_default_language_can_have_a_prefix_too(bilingual):
    (bilingual / "shopgen.yaml").write_text(
        (bilingual / "shopgen.yaml").read_text(encoding="utf-8") + "prefix_default_language: true\n", encoding="utf-8"
    )
    out = bilingual / "public"
    build(str(bilingual), out=str(out), today=TODAY)
    pages = html_pages(out)
    assert "/zh-cn/products/led-desk-lamp/" in pages and "/products/led-desk-lamp/" not in pages
    root = pages["/"]
    assert [a["href"] for a in root.select(".language-choice a")] == ["/zh-cn/", "/en/"]
    assert alternates(root) == {"zh-CN": BASE + "/zh-cn/", "en": BASE + "/en/", "x-default": BASE + "/"}
    assert alternates(pages["/en/"])["x-default"] == BASE + "/"  # the chooser is the homes' x-default
    lamp = alternates(pages["/zh-cn/products/led-desk-lamp/"])
    assert lamp["x-default"] == BASE + "/zh-cn/products/led-desk-lamp/"


def test_lint_runs_per_language_with_its_profile(bilingual):
    _site, result, _ = lint_store([str(bilingual)], today=TODAY)
    by = {(lst.path, lst.language): lst for lst in result.listings}
    assert ("catalog/lamp.yaml", "zh-CN") in by and ("catalog/lamp.yaml", "en") in by
    assert ("catalog/grinder.yaml", "en") not in by  # untranslated: reported by SG801 in the default language
    grinder = by[("catalog/grinder.yaml", "zh-CN")]
    assert any(d.code == "SG801" and "no en translation" in d.message for d in grinder.findings)
    kettle = by[("catalog/kettle.yaml", "zh-CN")]
    assert any(d.code == "SG801" and "highlights, faq, images" in d.message for d in kettle.findings)
    assert any(d.code == "SG802" for d in by[("content/guides/desk-light.md", "zh-CN")].findings)
    # zh-CN is linted with the taobao profile (5 images), en with google (1)
    assert any(d.code == "SG308" and "taobao" in d.message for d in by[("catalog/lamp.yaml", "zh-CN")].findings)
    en_lamp = by[("catalog/lamp.yaml", "en")]
    assert all(d.code != "SG308" for d in en_lamp.findings)
    # findings point into the translation
    text = (bilingual / "catalog" / "lamp.yaml").read_text(encoding="utf-8").splitlines()
    for d in en_lamp.findings:
        assert d.span.line > text.index("i18n:"), d
    # a per-language minimum score gates only that language
    en_low = [lst for lst in result.listings if lst.language == "en" and lst.score < 100]
    gate = evaluate_gate(result, None, "never", {"en": 100})
    assert en_low and gate.failed and gate.reason.startswith(f"{len(en_low)} listing")
    assert not evaluate_gate(result, None, "never", {"en": 0}).failed


def test_translation_errors_are_reported_at_their_line(bilingual):
    (bilingual / "catalog" / "lamp.yaml").write_text(
        (bilingual / "catalog" / "lamp.yaml").read_text(encoding="utf-8")
        + "  fr:\n    title: Lampe de bureau\n  zh-CN:\n    title: 台灯\n",
        encoding="utf-8",
    )
    (bilingual / "catalog" / "grinder.yaml").write_text(
        (bilingual / "catalog" / "grinder.yaml").read_text(encoding="utf-8")
        + "i18n:\n  en:\n    title: Hand Grinder\n    category: Coffee\n    images: [{alt: a}, {alt: b}]\n",
        encoding="utf-8",
    )
    (bilingual / "content" / "guides" / "pour-over.de.md").write_text("---\ntitle: Kaffee\n---\nText\n", "utf-8")
    (bilingual / "content" / "pages" / "about.zh-CN.md").write_text("---\ntitle: 关于\n---\n文字\n", "utf-8")
    with pytest.raises(BuildFailed) as exc:
        build(str(bilingual), out=str(bilingual / "public"), today=TODAY)
    found = {(d.span.path, d.span.line): d.message for d in exc.value.diagnostics}
    lamp = (bilingual / "catalog" / "lamp.yaml").read_text(encoding="utf-8").splitlines()
    assert "does not publish" in found[("catalog/lamp.yaml", lamp.index("  fr:") + 1)]
    assert "default language" in found[("catalog/lamp.yaml", lamp.index("  zh-CN:") + 1)]
    grinder = (bilingual / "catalog" / "grinder.yaml").read_text(encoding="utf-8").splitlines()
    assert "1 levels but 'category' has 2" in found[("catalog/grinder.yaml", grinder.index("    category: Coffee") + 1)]
    assert "not one of the store's languages" in found[("content/guides/pour-over.de.md", 0)]
    assert "default language" in found[("content/pages/about.zh-CN.md", 0)]
    assert not (bilingual / "public").exists()  # nothing half-written


def test_config_languages_are_checked(bilingual):
    cfg = bilingual / "shopgen.yaml"
    text = cfg.read_text(encoding="utf-8")
    text = text.replace("languages: [zh-CN, en]", "languages: [en, en]")
    text = text.replace("    en: {profile: google}", "    fr: {profile: google}")
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(BuildFailed) as exc:
        build(str(bilingual), out=str(bilingual / "public"), today=TODAY)
    messages = " | ".join(d.message for d in exc.value.diagnostics)
    assert "listed twice" in messages and "'zh-CN' is not in 'languages'" in messages
    assert "'lint.languages' names 'fr'" in messages


def test_split_language_and_og_locale():
    assert split_language("pour-over.en", ["zh-CN", "en"]) == ("pour-over", "en")
    assert split_language("pour-over.ZH-cn", ["zh-CN", "en"]) == ("pour-over", "zh-CN")
    assert split_language("pour-over", ["zh-CN", "en"]) == ("pour-over", None)
    assert split_language("pour-over.fr", ["zh-CN", "en"]) == ("pour-over", "fr")
    assert [og_locale(t) for t in ("en", "zh-CN", "zh-Hant", "pt-BR")] == ["en_US", "zh_CN", "zh_TW", "pt_BR"]


def test_one_language_stores_are_unchanged(store):
    store.build()
    html = store.read("products/led-desk-lamp-with-usb-c-port-dimmable/index.html")
    assert "hreflang" not in html and 'class="languages"' not in html
    assert "xhtml" not in store.read("sitemap.xml")


def test_a_translation_edit_rebuilds_what_shows_it_and_matches_a_clean_build(bilingual, tmp_path):
    out = bilingual / "public"
    build(str(bilingual), out=str(out), today=TODAY)
    lamp = bilingual / "catalog" / "lamp.yaml"
    lamp.write_text(lamp.read_text(encoding="utf-8").replace("Flicker-Free and Dimmable", "Flicker-Free"), "utf-8")
    again = build(str(bilingual), out=str(out), today=TODAY)
    rendered = {f for f, _why in again.rendered}
    assert "en/products/led-desk-lamp-usb-c/index.html" in rendered
    assert "en/guides/pour-over/index.html" not in rendered  # does not show the lamp
    clean = tmp_path / "clean"
    build(str(bilingual), out=str(clean), today=TODAY, full=True, cache_dir=str(tmp_path / "cache"))
    for dirpath, _dirs, names in os.walk(clean):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), clean)
            assert (out / rel).read_bytes() == (clean / rel).read_bytes(), rel


def test_the_demo_store_is_bilingual_with_reciprocal_alternates(demo_site):
    out, _ = demo_site
    pages = html_pages(Path(out))
    base = "https://shop.example.com"
    indexable = [u for u, s in pages.items() if not s.find("meta", attrs={"name": "robots"}) and u != "/404.html"]
    assert len(indexable) >= 110
    for url in indexable:
        alts = alternates(pages[url])
        assert set(alts) == {"en", "zh-CN", "x-default"}, url  # every page is translated
        assert alts[pages[url].html["lang"]] == base + url
        for href in alts.values():
            assert alternates(pages[href.removeprefix(base)]) == alts, (url, href)
    zh = pages["/zh-cn/products/led-desk-lamp-dimmable-with-usb-c-charging-port/"]
    assert zh.h1.get_text(strip=True) == "LED台灯 可调光 带USB-C充电口 无频闪护眼"
    assert "US$" in zh.select_one(".buybox .price").get_text()


def test_reports_name_each_listings_language(bilingual, tmp_path):
    from shopgen.lint.html_report import render_report
    from shopgen.lint.report import json_report, text_report

    site, result, _ = lint_store([str(bilingual)], today=TODAY)
    gate = evaluate_gate(result, None, "never").as_dict()
    assert "catalog/lamp.yaml  (LAMP-1, en, score" in text_report(result, gate, False)
    listings = json.loads(json_report(result, gate))["listings"]
    assert {(x["path"], x["language"]) for x in listings} >= {
        ("catalog/lamp.yaml", "en"),
        ("catalog/lamp.yaml", "zh-CN"),
    }
    html = render_report(result, gate, site, str(tmp_path / "r.html"), "2026-11-22")
    assert '<td lang="en">LED Desk Lamp with USB-C Port, Flicker-Free and Dimmable <code>en</code></td>' in html


def test_a_category_translated_two_ways_is_a_warning(bilingual):
    kettle = bilingual / "catalog" / "kettle.yaml"
    kettle.write_text(
        kettle.read_text(encoding="utf-8").replace(
            "    title: Gooseneck", "    category: Kitchen > Coffee Gear\n    title: Gooseneck"
        ),
        encoding="utf-8",
    )
    grinder = bilingual / "catalog" / "grinder.yaml"
    grinder.write_text(
        grinder.read_text(encoding="utf-8") + "i18n:\n  en:\n    title: Hand Coffee Grinder\n"
        "    category: Kitchen > Coffee Equipment\n",
        encoding="utf-8",
    )
    result = build(str(bilingual), out=str(bilingual / "public"), today=TODAY)
    (warning,) = [d for d in result.diagnostics if "both translate" in d.message]
    assert warning.message == (
        "'Kitchen > Coffee Gear' and 'Kitchen > Coffee Equipment' both translate the category '厨房 > 咖啡器具'"
    )
    assert warning.span.path in ("catalog/kettle.yaml", "catalog/grinder.yaml") and warning.span.line > 1
