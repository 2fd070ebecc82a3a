"""Feeds from the same model as the pages: a Google Merchant Center product feed (RSS 2.0 with the `g:`
namespace, and the same rows as CSV) and an Atom feed of the guides.

Prices, availability and addresses come from the functions the JSON-LD uses, so a marketplace or shopping ad
never shows a different price or stock status than the product page. One row per variant (with
`item_group_id`), or one per product without variants; discontinued products and products without a price
are left out, as Google asks.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from urllib.parse import quote

from .enrich import Site
from .fingerprint import digest
from .jsonld import product_description, variant_name
from .markup import first_paragraph, strip_markdown
from .model import Product, Variant
from .money import price_value
from .part_cache import PartCache
from .render import clip
from .themes import Theme

#: Google's limits for these fields, in characters.
TITLE_LIMIT = 150
DESCRIPTION_LIMIT = 5000
ADDITIONAL_IMAGES = 10
FEED_AVAILABILITY = {
    "in_stock": "in_stock",
    "out_of_stock": "out_of_stock",
    "preorder": "preorder",
    "backorder": "backorder",
}
CSV_COLUMNS = [
    "id",
    "item_group_id",
    "title",
    "description",
    "link",
    "image_link",
    "additional_image_link",
    "availability",
    "price",
    "sale_price",
    "sale_price_effective_date",
    "brand",
    "gtin",
    "mpn",
    "identifier_exists",
    "condition",
    "google_product_category",
    "product_type",
    "return_policy_label",
    "shipping",
    "min_handling_time",
    "max_handling_time",
]


@dataclass
class FeedRow:
    """One item of the product feed, every value already in Google's text format."""

    id: str
    title: str
    description: str
    link: str
    image_link: str
    availability: str
    price: str
    condition: str
    item_group_id: str = ""
    additional_image_link: list[str] = field(default_factory=list)
    sale_price: str = ""
    sale_price_effective_date: str = ""
    brand: str = ""
    gtin: str = ""
    mpn: str = ""
    google_product_category: str = ""
    product_type: str = ""
    return_policy_label: str = ""
    shipping: dict[str, str] = field(default_factory=dict)
    sku: str = ""  # the product's own SKU (the page the row comes from)


def feed_title(p: Product, v: Variant | None = None) -> str:
    return variant_name(p, v) if v is not None else p.title


def feed_description(p: Product) -> str:
    return strip_markdown(p.description) or product_description(p)


def money(amount, currency: str) -> str:
    return f"{price_value(amount, currency)} {currency}"


def _effective_dates(site: Site, p: Product) -> str:
    """The sale's interval, ISO 8601: from the build day to the end of `sale_ends` (the store gives no start)."""
    if not p.sale_ends:
        return ""
    start = min(site.today, p.sale_ends)
    return f"{start.isoformat()}T00:00Z/{p.sale_ends.isoformat()}T23:59Z"


def _row(site: Site, p: Product, v: Variant | None, description: str) -> FeedRow | None:
    price = v.price if v is not None else p.price
    if price is None:
        return None
    sale = v.sale_price if v is not None else p.sale_price
    on_sale = p.sale_active and sale is not None and sale < price
    url = site.absolute(p.url)
    image = (v.image if v is not None and v.image else None) or (p.images[0] if p.images else None)
    others = [im for im in p.images if im is not image][:ADDITIONAL_IMAGES]
    s = site.config.shipping
    row = FeedRow(
        id=v.sku if v is not None else p.sku,
        item_group_id=p.sku if v is not None else "",
        title=clip(feed_title(p, v), TITLE_LIMIT, len),
        description=description,
        link=f"{url}?sku={quote(v.sku, safe='')}" if v is not None else url,
        image_link=site.absolute(image.large_url) if image and image.large_url else "",
        additional_image_link=[site.absolute(im.large_url) for im in others if im.large_url],
        availability=FEED_AVAILABILITY.get(
            (v.availability if v is not None else p.availability) or "in_stock", "in_stock"
        ),
        price=money(price, p.currency),
        sale_price=money(sale, p.currency) if on_sale else "",
        sale_price_effective_date=_effective_dates(site, p) if on_sale else "",
        brand=p.brand,
        gtin=v.gtin if v is not None else p.gtin,  # as in the JSON-LD: a variant has its own identifiers
        mpn=v.mpn if v is not None else p.mpn,
        condition=p.condition,
        google_product_category=p.google_product_category,
        product_type=" > ".join(p.category),
        return_policy_label=p.return_policy_label,
        sku=p.sku,
    )
    if s and s.currency == p.currency:
        row.shipping = {
            "country": s.country,
            "price": money(s.cost, s.currency),
            "min_handling_time": str(s.handling_min_days),
            "max_handling_time": str(s.handling_max_days),
            "min_transit_time": str(s.min_days),
            "max_transit_time": str(s.max_days),
        }
    return row


def feed_products(site: Site) -> list[Product]:
    """The products in the site's feed, in catalog order. A product not translated into the site's language
    is left out: Merchant Center rejects items whose text is not in the feed's language."""
    return [p for p in site.products if p.availability != "discontinued" and not p.fallback]


def product_rows(site: Site, products: list[Product] | None = None) -> list[FeedRow]:
    """The feed rows of `products` (default: every product in the feed), in order."""
    rows = []
    for p in feed_products(site) if products is None else products:
        description = clip(feed_description(p), DESCRIPTION_LIMIT, len)  # once for all of its variants
        for v in p.variants or [None]:
            row = _row(site, p, v, description)
            if row is not None:
                rows.append(row)
    return rows


def to_csv(rows: list[FeedRow], header: bool = True) -> bytes:
    """The rows as a CSV file Merchant Center accepts (comma separated, UTF-8, one header row)."""
    raw = io.BytesIO()
    buf = io.TextIOWrapper(raw, encoding="utf-8", newline="", write_through=True)
    w = csv.writer(buf, lineterminator="\n")
    if header:
        w.writerow(CSV_COLUMNS)
    for r in rows:
        s = r.shipping
        shipping = f"{s['country']}:::{s['price']}" if s else ""
        values = {
            **{c: getattr(r, c, "") for c in CSV_COLUMNS if hasattr(r, c)},
            "additional_image_link": ",".join(r.additional_image_link),
            "identifier_exists": "" if (r.gtin or r.mpn) else "no",
            "shipping": shipping,
            "min_handling_time": s.get("min_handling_time", "") if s else "",
            "max_handling_time": s.get("max_handling_time", "") if s else "",
        }
        w.writerow([_csv_safe(str(values.get(c, ""))) for c in CSV_COLUMNS])
    data = raw.getvalue()
    buf.detach()
    return data


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is a formula to the spreadsheet programs editors open the export with.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


#: Products per cached piece of a feed: one edit renders this many products' items again.
PIECE = 250


def _items(site: Site, template, cache: PartCache | None, record, salt: str) -> tuple[list[bytes], list[bytes]]:
    """The feed's items as XML and CSV pieces of PIECE products each, in catalog order: rendered a piece at
    a time (a catalog's feed is tens of MB; one string of it would cost several times that in memory), and
    taken from `cache` when no product of the piece changed (`record(product)` digests each)."""
    products = feed_products(site)
    xml, table = [], []
    for i in range(0, len(products), PIECE):
        piece = products[i : i + PIECE]
        key = digest([salt, site.language, *(record(p) for p in piece)]) if cache is not None else ""
        found = (cache.get(key + ".xml"), cache.get(key + ".csv")) if cache is not None else (None, None)
        if found[0] is None or found[1] is None:
            rows = product_rows(site, piece)
            found = (template.render(part="items", rows=rows).encode("utf-8"), to_csv(rows, header=False))
            if cache is not None:
                cache.put(key + ".xml", found[0])
                cache.put(key + ".csv", found[1])
        xml.append(found[0])
        table.append(found[1])
    return xml, table


def feed_files(
    site: Site, theme: Theme, cache: PartCache | None = None, record=None, salt: str = ""
) -> list[tuple[str, str | bytes]]:
    """(file, text) for feeds/google.xml, feeds/google.csv and, when guides have dates, feeds/guides.xml,
    under the site's language prefix (`en/feeds/google.xml`): a Merchant Center feed is in one language.

    With a `cache`, `record(product)` (the build's record digests) and `salt` (a digest of everything else
    the items show: shopgen, the theme, the config, the build day), unchanged pieces are not rendered again.
    """
    env = theme.env
    template = env.get_template("feeds/google.xml")
    xml, table = _items(site, template, cache, record, salt)
    folder = site.url("/feeds/").lstrip("/")
    head, tail = template.render(part="head").encode("utf-8"), template.render(part="tail").encode("utf-8")
    out = [
        (folder + "google.xml", b"".join([head, *xml, tail])),
        (folder + "google.csv", to_csv([]) + b"".join(table)),
    ]
    guides = [(g, d) for g in site.guides if (d := g.updated or g.date) and not g.fallback]
    if guides:
        entries = [(g, d, g.description or first_paragraph(strip_markdown(g.body))) for g, d in guides]
        updated = max(d for _, d in guides)
        out.append(
            (folder + "guides.xml", env.get_template("feeds/guides.xml").render(entries=entries, updated=updated))
        )
    return out
