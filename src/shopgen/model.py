"""The store model: plain dataclasses built by `validate`, completed by `enrich`, read by templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .sourcemap import SourceMap

AVAILABILITY = ("in_stock", "out_of_stock", "preorder", "backorder", "discontinued")
CONDITION = ("new", "refurbished", "used")


@dataclass
class Image:
    src: str  # store-relative path of the source file
    alt: str
    key: tuple  # key path in its source map, e.g. ("images", 0)
    width: int = 0
    height: int = 0
    url: str = ""  # site-relative URL of the published file, set by the image step


@dataclass
class Keywords:
    primary: str = ""
    secondary: list[str] = field(default_factory=list)


@dataclass
class Variant:
    sku: str
    attributes: dict[str, str]
    price: Decimal | None
    sale_price: Decimal | None
    availability: str
    image: Image | None
    gtin: str
    mpn: str
    title: str
    index: int
    gtin_invalid: str = ""  # the GTIN as written when it fails the GS1 check


@dataclass
class Review:
    author: str
    rating: Decimal
    date: dt.date | None
    body: str
    title: str


@dataclass
class Faq:
    q: str
    a: str


@dataclass(eq=False)
class Product:
    sku: str
    title: str
    slug: str
    brand: str
    category: tuple[str, ...]
    keywords: Keywords
    summary: str
    description: str
    highlights: list[str]
    price: Decimal | None
    currency: str
    sale_price: Decimal | None
    sale_ends: dt.date | None
    availability: str
    condition: str
    gtin: str  # only a valid GTIN; an invalid one is kept in gtin_invalid and left out of the output
    gtin_invalid: str
    mpn: str
    images: list[Image]
    attributes: dict[str, str]
    variants: list[Variant]
    rating_value: Decimal | None
    rating_count: int | None
    reviews: list[Review]
    channels: dict[str, Decimal]
    faq: list[Faq]
    template: str
    updated: dt.date | None
    featured: bool
    extra: object
    lint_ignore: list[str]
    source: SourceMap
    # set by enrich
    url: str = ""
    sale_active: bool = False
    category_urls: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def main_image(self) -> Image | None:
        return self.images[0] if self.images else None

    @property
    def offer_price(self) -> Decimal | None:
        """What the shopper pays today: the sale price while a sale runs."""
        return self.sale_price if self.sale_active else self.price


@dataclass(eq=False)
class Guide:
    slug: str
    title: str
    description: str
    keywords: Keywords
    products: list[str]
    date: dt.date | None
    updated: dt.date | None
    body: str
    body_line: int
    image: Image | None
    template: str
    lint_ignore: list[str]
    source: SourceMap
    url: str = ""

    @property
    def path(self) -> str:
        return self.source.path


@dataclass(eq=False)
class Page:
    slug: str
    title: str
    description: str
    body: str
    body_line: int
    template: str
    updated: dt.date | None
    source: SourceMap
    url: str = ""

    @property
    def path(self) -> str:
        return self.source.path


@dataclass
class Returns:
    days: int | None  # None: unlimited window; 0: no returns
    fees: str  # free | customer | fixed
    fee_amount: Decimal | None
    countries: list[str]
    method: str  # mail | store | kiosk


@dataclass
class Shipping:
    country: str
    cost: Decimal
    currency: str
    min_days: int
    max_days: int
    handling_min_days: int
    handling_max_days: int


@dataclass
class SiteConfig:
    name: str
    base_url: str  # no trailing slash
    language: str
    currency: str
    description: str
    theme: str
    lint_profile: str
    lint_min_score: int | None
    lint_options: dict
    returns: Returns | None
    shipping: Shipping | None
    per_page: int
    featured: list[str]
    source: SourceMap


@dataclass(eq=False)
class Category:
    """One node of the category tree built from products' `category` paths."""

    names: tuple[str, ...]
    slug_path: tuple[str, ...]
    url: str
    products: list[Product] = field(default_factory=list)  # directly or in sub-categories
    children: list[Category] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.names[-1]

    @property
    def depth(self) -> int:
        return len(self.names)


@dataclass
class Store:
    """Everything loaded and validated from one store folder."""

    root: str
    config: SiteConfig
    products: list[Product]
    guides: list[Guide]
    pages: list[Page]
