"""The built demo store in a real browser: Playwright driving Debian's Chromium, phone and desktop.

Needs `pip install playwright` (the test extra), Debian's chromium at /usr/bin/chromium and
axe-core from `npm ci`; never a downloaded browser. Outside CI the tests are skipped when one is
missing; in CI (CI=true) a missing one fails them. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading

import pytest

from conftest import ROOT

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


@pytest.fixture(scope="module")
def server(demo_site):
    out, _ = demo_site
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=out)
    handler.log_message = lambda *a: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


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


AXE_PAGES = [
    "/",
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
