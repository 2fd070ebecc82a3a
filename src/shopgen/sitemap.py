"""sitemap.xml (with image entries; an index past 50,000 URLs, as the protocol requires) and robots.txt."""

from __future__ import annotations

from dataclasses import dataclass, field

from .enrich import Site
from .render import OutputPage
from .themes import Theme

MAX_URLS = 50_000
MAX_IMAGES = 1_000  # per URL, Google's image sitemap limit


@dataclass
class Entry:
    loc: str
    lastmod: str = ""
    images: list[str] = field(default_factory=list)
    alternates: list[tuple[str, str]] = field(default_factory=list)  # (hreflang, absolute address)


def _entry(site: Site, page: OutputPage, alternates) -> Entry:
    dates, images = [], []
    if page.kind == "product":
        p = page.record
        dates = [p.updated]
        images = [im.large_url for im in p.images] + [v.image.large_url for v in p.variants if v.image]
    elif page.kind == "guide":
        g = page.record
        dates = [g.updated or g.date]
        images = [g.image.large_url] if g.image else []
    elif page.kind == "page":
        dates = [page.record.updated]
    elif page.kind == "category":
        dates = [p.updated for p in page.items]
    elif page.kind == "home":
        dates = [p.updated for p in site.products] + [g.updated or g.date for g in site.guides]
    elif page.kind == "guides":
        dates = [g.updated or g.date for g in site.guides]
    known = [d for d in dates if d]
    # lastmod only from dates the store gives: never the build time, which would change every build.
    lastmod = max(known).isoformat() if known else ""
    urls = list(dict.fromkeys(site.absolute(u) for u in images if u))[:MAX_IMAGES]
    return Entry(site.absolute(page.url), lastmod, urls, alternates.hreflang(page.url) if alternates else [])


def sitemap_files(site: Site, theme: Theme, pages: list[OutputPage], alternates=None) -> list[tuple[str, str]]:
    """(file, text) for the sitemap file(s) and robots.txt. Every language's pages are in one sitemap, each
    with its `hreflang` alternates (`alternates.Alternates`); a fallback page, whose canonical address is
    its original's, is not listed."""
    entries = [_entry(site, p, alternates) for p in pages if p.kind != "404" and not p.robots and not p.fallback]
    hreflang = any(e.alternates for e in entries)
    env = theme.env
    out: list[tuple[str, str]] = []
    if len(entries) <= MAX_URLS:
        out.append(("sitemap.xml", env.get_template("sitemap.xml").render(entries=entries, hreflang=hreflang)))
    else:
        parts = []
        for i in range(0, len(entries), MAX_URLS):
            chunk = entries[i : i + MAX_URLS]
            name = f"sitemap-{i // MAX_URLS + 1}.xml"
            out.append((name, env.get_template("sitemap.xml").render(entries=chunk, hreflang=hreflang)))
            lastmods = [e.lastmod for e in chunk if e.lastmod]
            parts.append(Entry(site.absolute("/" + name), max(lastmods) if lastmods else ""))
        out.append(("sitemap.xml", env.get_template("sitemap-index.xml").render(sitemaps=parts)))
    out.append(("robots.txt", env.get_template("robots.txt").render(sitemap=site.absolute("/sitemap.xml"))))
    return out
