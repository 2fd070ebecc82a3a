"""The built demo store in a real browser: Playwright driving Debian's Chromium, phone and desktop.

Needs `pip install playwright` (the test extra), Debian's chromium at /usr/bin/chromium and
axe-core from `npm ci`; never a downloaded browser. Outside CI the tests are skipped when one is
missing; in CI (CI=true) a missing one fails them. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from urllib.parse import urlencode

import pytest

from conftest import ROOT, TODAY

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = os.path.join(ROOT, "node_modules", "axe-core", "axe.min.js")
SHOTS = os.path.join(ROOT, "test-artifacts", "screenshots")
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package"
    if not os.path.exists(CHROMIUM):
        return CHROMIUM
    if not os.path.exists(AXE):
        return "axe-core (npm ci)"
    return ""


def _serve(out: str):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=out)
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def server(demo_site):
    yield from _serve(demo_site[0])


@pytest.fixture(scope="module")
def zh_server(zh_site):
    yield from _serve(zh_site[0])


@pytest.fixture(scope="module")
def parts_server(tmp_path_factory):
    """The demo store with its search index in parts of 10 pages, which the search page merges."""
    from shopgen import build, search

    out = str(tmp_path_factory.mktemp("parts") / "public")
    saved, search.PAGES_PER_INDEX = search.PAGES_PER_INDEX, 10
    try:
        build(ROOT, out=out, today=TODAY)
    finally:
        search.PAGES_PER_INDEX = saved
    assert len(os.listdir(os.path.join(out, "pagefind"))) >= 3
    yield from _serve(out)


@pytest.fixture(scope="module")
def browser():
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests need {missing}")
        pytest.skip(f"browser tests need {missing}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param], device_scale_factor=1)
    pg = context.new_page()
    pg.viewport_name = request.param
    pg.problems = []
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(f"console: {m.text}"))
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    # a request the next navigation cancels (net::ERR_ABORTED) is not a broken resource
    pg.on(
        "requestfailed",
        lambda r: "ERR_ABORTED" not in (r.failure or "") and pg.problems.append(f"failed: {r.url} {r.failure}"),
    )
    pg.on(
        "response",
        lambda r: (
            r.status >= 400 and not r.url.endswith("/404.html") and pg.problems.append(f"HTTP {r.status}: {r.url}")
        ),
    )
    yield pg
    context.close()


def _urls(out: str) -> list[str]:
    pages = []
    for dirpath, _dirs, files in os.walk(out):
        for f in files:
            if f.endswith(".html"):
                rel = os.path.relpath(os.path.join(dirpath, f), out).replace(os.sep, "/")
                pages.append("/" + rel.removesuffix("index.html"))
    return sorted(pages)


def _check_page(page, url):
    page.goto(url, wait_until="load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{url}: horizontal scrolling ({width}px)"
    # load every image, lazy ones included, and check each decoded
    broken = page.evaluate("""async () => {
        const imgs = [...document.images];
        imgs.forEach(i => { i.loading = 'eager'; });
        await Promise.all(imgs.map(i => i.decode().catch(() => null)));
        return imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.currentSrc || i.src);
    }""")
    assert broken == [], f"{url}: images that do not load: {broken}"


def test_every_page_works_on_phone_and_desktop(page, server, demo_site):
    out, _ = demo_site
    urls = _urls(out)
    assert len(urls) >= 60
    for url in urls:
        _check_page(page, server + url)
    assert page.problems == []


def test_product_first_screen(page, server, demo_site):
    os.makedirs(SHOTS, exist_ok=True)
    for slug in (
        "led-desk-lamp-dimmable-with-usb-c-charging-port",
        "standing-desk-electric-140-70-cm-oak-top",
        "noise-cancelling-headphones-wireless-40-h-battery",
    ):
        page.goto(f"{server}/products/{slug}/", wait_until="load")
        height = page.viewport_size["height"]
        for selector in (".gallery img", ".buybox h1", ".buybox .price", ".buybox .availability", ".buybox .promise"):
            box = page.locator(selector).first.bounding_box()
            assert box and box["height"] > 0, f"{slug}: {selector} not shown"
            assert box["y"] + box["height"] <= height, (
                f"{slug}: {selector} below the first screen on {page.viewport_name} ({box['y'] + box['height']:.0f}px)"
            )
        page.screenshot(path=os.path.join(SHOTS, f"{page.viewport_name}-{slug}.png"))
    assert page.problems == []


def _product_urls(out: str) -> list[str]:
    return [u for u in _urls(out) if "/products/" in u]


@pytest.mark.parametrize("site, served", [("demo_site", "server"), ("zh_site", "zh_server")])
def test_buy_button_in_the_first_screen_of_every_product_page(browser, site, served, request):
    """One primary action, visible without scrolling on a phone (390x844), on every product page of both
    demo stores (#20)."""
    out, _ = request.getfixturevalue(site)
    base = request.getfixturevalue(served)
    context = browser.new_context(viewport=VIEWPORTS["phone"], device_scale_factor=1)
    pg = context.new_page()
    urls = _product_urls(out)
    assert len(urls) >= 7
    for url in urls:
        pg.goto(base + url, wait_until="load")
        buy = pg.locator(".offers a.buy:visible")
        assert buy.count() == 1, f"{url}: {buy.count()} visible buy buttons"
        box = buy.bounding_box()
        assert box["y"] + box["height"] <= VIEWPORTS["phone"]["height"], f"{url}: buy button below the first screen"
    context.close()


def _visible_buy(pg) -> str:
    return pg.locator(".offers a.buy:visible").get_attribute("href")


@pytest.mark.parametrize("javascript", [True, False])
def test_choosing_a_variant_changes_price_stock_and_buy_link(browser, server, javascript):
    """DESK-001's sizes differ in price and buy link: a click on one shows its offer, with JavaScript (in
    place, the address becomes ?sku=) and without (the #variant-SKU link and CSS :target)."""
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=javascript)
    pg = context.new_page()
    pg.goto(server + "/products/standing-desk-electric-140-70-cm-oak-top/", wait_until="load")
    assert _visible_buy(pg) == "https://checkout.shop.example.com/buy/DESK-001"
    seen = {}
    for sku in ("DESK-001-WHT", "DESK-001-OAK-L"):
        pg.locator(f".variant-choice a[data-sku='{sku}']").click()
        offer = pg.locator(".offers .offer:visible")
        assert offer.count() == 1
        seen[sku] = (_visible_buy(pg), offer.locator(".price .now").inner_text())
        if javascript:
            assert pg.url.endswith(f"?sku={sku}")
        else:
            assert pg.url.endswith(f"#variant-{sku}")
    assert seen == {
        "DESK-001-WHT": ("https://checkout.shop.example.com/buy/DESK-001-WHT", "$399.00"),
        "DESK-001-OAK-L": ("https://checkout.shop.example.com/buy/DESK-001-OAK-L", "$479.00"),
    }
    if javascript:  # the variant's address (JSON-LD, merchant feed) opens with that variant chosen
        pg.goto(server + "/products/standing-desk-electric-140-70-cm-oak-top/?sku=DESK-001-WHT", wait_until="load")
        assert _visible_buy(pg) == "https://checkout.shop.example.com/buy/DESK-001-WHT"
    context.close()


def test_navigation_home_category_product_guide(page, server):
    page.goto(server + "/", wait_until="load")
    page.locator("nav a", has_text="Home & Living").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/categories/home-and-living/")
    page.locator(".card a").first.click()
    page.wait_for_load_state()
    assert "/products/" in page.url
    page.goto(server + "/products/led-desk-lamp-dimmable-with-usb-c-charging-port/", wait_until="load")
    page.locator("section[aria-labelledby=h-guides] a").first.click()
    page.wait_for_load_state()
    assert "/guides/" in page.url and page.locator("h1").inner_text()
    page.locator("article.guide .card a").first.click()
    page.wait_for_load_state()
    assert "/products/" in page.url
    page.screenshot(path=os.path.join(SHOTS, f"{page.viewport_name}-navigation-end.png"), full_page=True)
    assert page.problems == []


def test_keyboard_focus_starts_with_skip_link(page, server):
    page.goto(server + "/", wait_until="load")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className + '|' + document.activeElement.getAttribute('href')")
    assert focused == "skip|#main"
    box = page.locator("a.skip").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0  # visible when focused


def _results(page, search: str) -> list[str]:
    """The result titles once the page shows the results for `search` (the address's query string)."""
    page.wait_for_function("(s) => document.getElementById('search-results').dataset.for === s", arg=search)
    return page.locator("#search-results .result-title").all_inner_texts()


def test_search_box_to_results_with_image_title_price_and_filters(page, parts_server):
    server = parts_server
    page.goto(server + "/products/monitor-arm-single-gas-spring-vesa-75-100/", wait_until="load")
    page.fill(".site-search input", "desk lamp")
    page.press(".site-search input", "Enter")
    page.wait_for_url("**/search/?q=desk+lamp")
    titles = _results(page, "?q=desk+lamp")
    lamps = {"LED Desk Lamp, Dimmable, with USB-C Charging Port", "LED Desk Lamp with Clamp, Swing Arm, Eye-Care"}
    assert lamps <= set(titles[:3]), titles
    first = page.locator("#search-results li").first
    assert first.locator("img").get_attribute("alt") and first.locator(".result-price").inner_text().startswith("$")
    # typing a new query updates the results and the address
    page.fill("#search-q", "gooseneck kettle")
    titles = _results(page, "?q=gooseneck+kettle")
    assert {t for t in titles[:2]} == {
        "Gooseneck Kettle, 0.9 L, Temperature Control",
        "Stovetop Gooseneck Kettle with Thermometer, 1 L",
    }, titles
    # filters: a brand alone lists its products; a price range narrows them; a category can leave none
    page.fill("#search-q", "")
    page.select_option("select[name=brand]", "Workwell")
    assert len(_results(page, "?brand=Workwell")) == 4
    counts = []
    for label in page.eval_on_selector_all("select[name=price] option", "os => os.map(o => o.value)")[1:]:
        page.select_option("select[name=price]", label)
        counts.append(len(_results(page, "?" + urlencode({"brand": "Workwell", "price": label}))))
    assert sum(counts) == 4 and sum(1 for n in counts if n) >= 2, counts  # each product in exactly one range
    # a long list comes 24 at a time
    page.select_option("select[name=brand]", "")
    page.select_option("select[name=price]", "")
    page.fill("#search-q", "stock")
    shown = _results(page, "?q=stock")
    total = int(page.locator("#search-status").inner_text().split()[0])
    assert total > 24 and len(shown) == 24 and page.locator("#search-more").is_visible()
    page.click("#search-more")
    page.wait_for_function("(n) => document.querySelectorAll('#search-results li').length === n", arg=total)
    assert not page.locator("#search-more").is_visible()
    page.fill("#search-q", "")
    page.select_option("select[name=brand]", "Workwell")
    page.select_option("select[name=category]", "Outdoor")
    assert _results(page, "?" + urlencode({"category": "Outdoor", "brand": "Workwell"})) == []
    assert page.locator("#search-status").inner_text().startswith("No ")
    assert page.problems == []


def test_a_filter_chosen_while_a_typed_query_waits_runs_one_search(page, parts_server):
    page.goto(parts_server + "/search/", wait_until="load")
    page.evaluate("""() => {
        window.statuses = [];
        new MutationObserver(() => window.statuses.push(document.getElementById('search-status').textContent))
            .observe(document.getElementById('search-status'), {childList: true, characterData: true, subtree: true});
    }""")
    page.fill("#search-q", "desk")  # typing waits 200 ms before it searches...
    page.select_option("select[name=brand]", "Workwell")  # ...a filter searches at once, with the typed query
    titles = _results(page, "?" + urlencode({"q": "desk", "brand": "Workwell"}))
    page.wait_for_timeout(500)  # the typed query's timer has run out by now
    loading = page.get_attribute("form#search", "data-loading")
    statuses = page.evaluate("window.statuses")
    assert titles and statuses.count(loading) == 1, statuses  # searched once, and the count stays on the page
    assert page.locator("#search-status").inner_text() == statuses[-1] != loading
    assert page.problems == []


def test_language_switcher_and_search_in_each_language(page, parts_server):
    server = parts_server
    page.goto(server + "/products/led-desk-lamp-dimmable-with-usb-c-charging-port/", wait_until="load")
    page.locator("nav.languages a[hreflang=zh-CN]").click()
    page.wait_for_load_state()
    assert page.url == server + "/zh-cn/products/led-desk-lamp-dimmable-with-usb-c-charging-port/"
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert page.locator("h1").inner_text() == "LED台灯 可调光 带USB-C充电口 无频闪护眼"
    assert page.locator(".buybox .price").first.inner_text().startswith("US$")  # the store's dollars, zh-CN style
    # the Chinese pages search the Chinese index: Chinese titles, Chinese addresses
    page.fill(".site-search input", "台灯")
    page.press(".site-search input", "Enter")
    page.wait_for_url("**/zh-cn/search/?q=*")
    titles = _results(page, "?" + urlencode({"q": "台灯"}))
    assert "LED台灯 可调光 带USB-C充电口 无频闪护眼" in titles[:3], titles
    links = page.eval_on_selector_all("#search-results a", "as => as.map(a => a.getAttribute('href'))")
    assert links and all(href.startswith("/zh-cn/") for href in links), links
    # and back in English: only English pages
    page.locator("nav.languages a[hreflang=en]").click()
    page.wait_for_load_state()
    assert page.url.startswith(server + "/search/")
    page.fill("#search-q", "desk lamp")
    _results(page, "?q=desk+lamp")
    links = page.eval_on_selector_all("#search-results a", "as => as.map(a => a.getAttribute('href'))")
    assert links and not any(href.startswith("/zh-cn/") for href in links), links
    assert page.problems == []


ZH_QUERIES = {
    # every keyword of the zh-store's products, and a few short queries a shopper types
    "/products/zh-desk-01/": ["电动升降桌", "站立办公桌", "升降电脑桌", "升降桌"],
    "/products/zh-kettle-01/": ["手冲咖啡壶", "细口壶", "控温电水壶", "咖啡壶"],
    "/products/zh-mug-01/": ["陶瓷马克杯", "咖啡杯", "情侣杯", "马克杯"],
    "/products/zh-lantern-01/": ["露营灯", "户外营地灯", "帐篷灯", "充电"],
    "/products/zh-pack-01/": ["登山包", "双肩背包", "徒步背包", "防水背包"],
    "/products/zh-head-01/": ["降噪耳机", "无线耳机", "头戴式耳机", "耳機", "降噪耳機"],
    "/products/zh-lamp-01/": ["led护眼台灯", "学生台灯", "无频闪台灯", "台灯", "护眼"],
}


def test_chinese_search_finds_the_products_and_measures_recall(page, zh_server):
    page.goto(zh_server + "/search/?q=降噪耳机", wait_until="load")
    titles = _results(page, "?" + urlencode({"q": "降噪耳机"}))
    assert titles and titles[0].startswith("主動降噪耳機"), titles  # a Simplified query finds a Traditional title
    page.fill("#search-q", "登山包")
    assert _results(page, "?" + urlencode({"q": "登山包"}))[0].startswith("登山包")
    urls = page.evaluate(
        """async (queries) => {
        const [first, ...others] = document.getElementById('search').dataset.indexes.split(' ');
        const pf = await import(first + 'pagefind.js');
        for (const base of others) await pf.mergeIndex(base);
        await pf.init();
        const found = {};
        for (const [url, terms] of queries) {
            for (const q of terms) {
                const r = await pf.search(q);
                const top = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
                found[q] = top.map((d) => d.url);
            }
        }
        return found;
    }""",
        list(ZH_QUERIES.items()),
    )
    hits = [(q, url in urls[q]) for url, terms in ZH_QUERIES.items() for q in terms]
    recall = sum(ok for _, ok in hits) / len(hits)
    os.makedirs(os.path.dirname(SHOTS), exist_ok=True)
    with open(os.path.join(os.path.dirname(SHOTS), "search-recall.json"), "w", encoding="utf-8") as fh:
        json.dump(
            {"recall_at_10": recall, "queries": len(hits), "missed": [q for q, ok in hits if not ok]},
            fh,
            ensure_ascii=False,
            indent=2,
        )
    assert recall >= 0.9, [q for q, ok in hits if not ok]
    assert page.problems == []


AXE_PAGES = [
    "/",
    "/search/?q=lamp",
    "/categories/home-and-living/lighting/",
    "/products/led-desk-lamp-dimmable-with-usb-c-charging-port/",
    "/guides/home-office-lighting/",
    "/guides/",
    "/about/",
    "/categories/",
    "/404.html",
]


def test_no_serious_accessibility_violations(page, server):
    found = {}
    for url in AXE_PAGES:
        page.goto(server + url, wait_until="load")
        page.add_script_tag(path=AXE)
        violations = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}));
        }""")
        bad = [v for v in violations if v["impact"] in ("serious", "critical")]
        if bad:
            found[url] = bad
    assert found == {}


@pytest.fixture(scope="module")
def hostile_links_server(tmp_path_factory):
    """A small store whose description, FAQ, guide and page hold every hostile link-target encoding."""
    import shutil

    from conftest import BASIC, write_files
    from shopgen import build
    from test_security import HOSTILE_TARGETS

    root = tmp_path_factory.mktemp("links") / "store"
    shutil.copytree(BASIC, root)
    links = " ".join(f"[L{i}]({t})" for i, t in enumerate(HOSTILE_TARGETS))
    write_files(
        str(root),
        {
            "catalog/links.yaml": f"sku: LINKS-1\nslug: links-1\ntitle: LED Desk Lamp with links\n"
            f"keywords: {{primary: led desk lamp}}\ndescription: {json.dumps('LED desk lamp. ' + links)}\n"
            f"price: 10\nimages:\n  - {{src: images/lamp.jpg, alt: Lamp}}\n",
            "content/guides/links-guide.md": "---\ntitle: Links guide\n---\n\nRead " + links + "\n",
        },
    )
    out = str(root / "public")
    build(str(root), out=out, today=TODAY)
    yield from _serve(out)


def _click_every(page, selector: str) -> list[str]:
    """Click each link matched by `selector`; return what ran (dialogs) or where the page went."""
    fired: list[str] = []
    page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
    start = page.url
    links = page.locator(selector)
    for i in range(links.count()):
        links.nth(i).click()
        page.wait_for_timeout(50)
        if page.url != start or page.evaluate("window.__fired || 0"):
            fired.append(f"navigated to {page.url}")
            page.goto(start, wait_until="load")
    return fired


def test_hostile_link_targets_do_nothing_when_clicked(page, hostile_links_server, browser):
    # The check itself catches a live script link (the markup shopgen wrote before the fix).
    page.set_content('<a id="x" href="java&#x09;script:alert(1)">x</a> <a href="&#106;avascript:alert(2)">y</a>')
    assert len(_click_every(page, "a")) == 2
    for path in ("/products/links-1/", "/guides/links-guide/"):
        page.goto(hostile_links_server + path, wait_until="load")
        links = page.locator("main a", has_text="L")
        texts = [t for t in links.all_inner_texts() if t[1:].isdigit()]
        assert len(texts) == 12, (path, texts)
        assert _click_every(page, "main a:text-matches('^L[0-9]+$')") == [], path
