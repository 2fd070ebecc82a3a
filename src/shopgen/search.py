"""On-site search: which pages are searchable, how the index is split into parts, and the facets the search
page filters by. The theme marks what is indexed (`data-pagefind-body` on the product and guide text, image
alt texts and keywords through `data-pagefind-index-attrs`) and the filters and result data
(`data-pagefind-filter`, `-meta`, `-sort`); `pagefind.py` turns the built pages into the index.

Big sites are indexed in parts of about `PAGES_PER_INDEX` pages, assigned by a hash of the page's path: a
rebuild re-indexes only the parts whose pages changed, and the search page merges the parts (Pagefind's
`mergeIndex`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from decimal import Decimal

from .enrich import Site
from .model import Product

INDEX_DIR = "pagefind"
#: Searchable pages per index part: a product edit re-indexes one part, and each Pagefind process stays
#: small (about 200 KB per page). The search page merges the parts in the browser.
PAGES_PER_INDEX = 1000
#: Upper bounds of the price ranges shoppers filter by, in the store's currency unit.
PRICE_STEPS = (10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)


def index_count(pages: int) -> int:
    """How many separate indexes `pages` searchable pages are split into (the search page merges them)."""
    return max(1, -(-pages // PAGES_PER_INDEX))


def searchable(site: Site) -> list[str]:
    """The pages the theme marks for indexing (site-relative files), in every language: guides, and
    products on sale. Pagefind keeps one index per language (by the pages' `lang`) in each part."""
    urls = [
        url
        for one in site.sites or [site]
        for url in [p.url for p in one.products if p.availability != "discontinued"] + [g.url for g in one.guides]
    ]
    return sorted(url.strip("/") + "/index.html" for url in urls)


def searchable_pages(site_dir: str) -> list[str]:
    """The same pages found in a built site (for `shopgen merge`, which has no store): product and guide
    pages that carry the theme's `data-pagefind-body` mark."""
    found = []
    languages = sorted(d for d in os.listdir(site_dir) if os.path.isdir(os.path.join(site_dir, d, "products")))
    for top in ("products", "guides", *(f"{d}/{t}" for d in languages for t in ("products", "guides"))):
        folder = os.path.join(site_dir, *top.split("/"))
        if os.path.isdir(folder):
            for name in sorted(os.listdir(folder)):
                path = os.path.join(folder, name, "index.html")
                if os.path.isfile(path):
                    with open(path, "rb") as fh:
                        if b"data-pagefind-body" in fh.read():
                            found.append(f"{top}/{name}/index.html")
    return found


def part_of(rel: str, parts: int) -> int:
    """Which index a page belongs to: a stable hash of its path, so an edit re-indexes one part only."""
    h = hashlib.blake2b(rel.encode("utf-8", "surrogateescape"), digest_size=8).digest()
    return int.from_bytes(h, "big") % parts


def split(pages: list[str]) -> dict[int, list[str]]:
    """`pages` grouped into their index parts; a part no page falls in is left out (Pagefind needs pages)."""
    count = index_count(len(pages))
    parts: dict[int, list[str]] = {}
    for rel in sorted(pages):
        parts.setdefault(part_of(rel, count), []).append(rel)
    return dict(sorted(parts.items()))


def index_urls(site: Site) -> list[str]:
    """The search page's list of index parts to load."""
    return [f"/{INDEX_DIR}/{k}/" for k in split(searchable(site))]


@dataclass(frozen=True)
class PriceRange:
    low: Decimal | None  # None: from 0
    high: Decimal | None  # None: and above

    @property
    def key(self) -> str:
        return f"{self.low or 0}-{self.high or ''}"


def price_range(amount: Decimal | None) -> PriceRange | None:
    """The filter range a price falls in: [low, high), from a fixed ladder (10, 25, 50, 100 …)."""
    if amount is None:
        return None
    low = None
    for step in PRICE_STEPS:
        if amount < step:
            return PriceRange(low, Decimal(step))
        low = Decimal(step)
    return PriceRange(low, None)


def department(p: Product) -> str:
    """The top-level category a product is filtered by."""
    return p.category[0] if p.category else ""


@dataclass
class Facets:
    """What the search page offers to filter by, in display order, with product counts."""

    categories: list[tuple[str, int]]
    brands: list[tuple[str, int]]
    prices: list[tuple[PriceRange, int]]


def facets(site: Site) -> Facets:
    cats: dict[str, int] = {}
    brands: dict[str, int] = {}
    prices: dict[PriceRange, int] = {}
    for p in site.products:
        if p.availability == "discontinued":
            continue
        if department(p):
            cats[department(p)] = cats.get(department(p), 0) + 1
        if p.brand:
            brands[p.brand] = brands.get(p.brand, 0) + 1
        band = price_range(p.offer_price)
        if band is not None:
            prices[band] = prices.get(band, 0) + 1
    return Facets(
        categories=sorted(cats.items()),
        brands=sorted(brands.items(), key=lambda kv: kv[0].casefold()),
        prices=sorted(prices.items(), key=lambda kv: kv[0].low or 0),
    )
