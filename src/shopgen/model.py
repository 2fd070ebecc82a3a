"""The store model: plain dataclasses built by `validate`, completed by `enrich`, read by templates."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from .diagnostics import Span
from .sourcemap import SourceMap

AVAILABILITY = ("in_stock", "out_of_stock", "preorder", "backorder", "discontinued")
CONDITION = ("new", "refurbished", "used")


@dataclass(frozen=True)
class ImageVariant:
    """One published file of an image: a width in a format."""

    format: str  # "webp" | "jpeg" | "png"
    width: int
    height: int
    url: str  # site-relative, content-hashed


@dataclass
class Image:
    src: str  # store-relative path of the source file, or the https:// address of a remote image
    alt: str
    key: tuple  # key path in its source map, e.g. ("images", 0)
    width: int = 0  # of the source, after EXIF orientation
    height: int = 0
    variants: list[ImageVariant] = field(default_factory=list)  # set by the image step, smallest first
    at: Span | None = None  # where it is named, when that is not a key path (a Markdown image)
    min_side: int = 100  # the smallest width and height shopping channels accept for it
    fallback_alt: str = ""  # shown when `alt` is empty: the product's title and the variant's attributes

    @property
    def shown_alt(self) -> str:
        """The alt text the page shows: the editor's, else a description made from the product (SG301
        still asks the editor for a real one)."""
        return self.alt.strip() or self.fallback_alt

    @property
    def remote(self) -> bool:
        """Named by its web address (a shop's CDN): published as is, never fetched, no variants made."""
        return self.src.startswith("https://")

    def srcset(self, fmt: str) -> str:
        """Every width of `fmt`; empty for a remote image of unknown width."""
        return ", ".join(f"{v.url} {v.width}w" for v in self.variants if v.format == fmt and v.width)

    # The properties below are read many times per page; the image step sets `variants` once, before
    # anything reads them, so they are computed once.
    @functools.cached_property
    def formats(self) -> list[str]:
        return list(dict.fromkeys(v.format for v in self.variants))

    @property
    def fallback_format(self) -> str:
        return self.formats[-1] if self.formats else ""

    def _fallbacks(self) -> list[ImageVariant]:
        return [v for v in self.variants if v.format == self.fallback_format]

    @functools.cached_property
    def fallback(self) -> ImageVariant | None:
        """The file for browsers without srcset support: the fallback format at about 960 px."""
        options = self._fallbacks()
        fitting = [v for v in options if v.width <= 1000]
        return (fitting or options or [None])[-1]

    @functools.cached_property
    def large(self) -> ImageVariant | None:
        """For Open Graph, Twitter and structured data: the smallest fallback-format file at least 1200 px
        wide, else the largest there is."""
        options = self._fallbacks()
        wide = [v for v in options if v.width >= 1200]
        return wide[0] if wide else (options[-1] if options else None)

    @property
    def url(self) -> str:
        return self.fallback.url if self.fallback else ""

    @property
    def large_url(self) -> str:
        return self.large.url if self.large else ""

    @property
    def display_width(self) -> int:
        return self.variants[-1].width if self.variants else self.width

    @property
    def display_height(self) -> int:
        return self.variants[-1].height if self.variants else self.height


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
    buy_url: str = ""  # where to buy this variant: the store's checkout or cart link; else the product's
    channels: dict[str, Channel] = field(default_factory=dict)  # this variant's own listing on a channel


@dataclass(frozen=True)
class Channel:
    """Where else the product is sold: a marketplace, another country's shop."""

    name: str
    price: Decimal
    currency: str  # the channel's own currency (a marketplace in another country), else the product's
    url: str = ""
    label: str = ""


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
    channels: dict[str, Channel]
    faq: list[Faq]
    template: str
    updated: dt.date | None
    featured: bool
    extra: object
    lint_ignore: list[str]
    source: SourceMap
    inline_images: list[Image] = field(default_factory=list)  # ![alt](src) in the description
    google_product_category: str = ""  # Google's taxonomy, by ID or path (the feeds)
    return_policy_label: str = ""  # a Merchant Center return policy other than the store's default (the feeds)
    translations: dict[str, dict] = field(default_factory=dict)  # validated `i18n:` by language tag
    language: str = ""  # the language this copy of the product is in (localize.py)
    fallback: bool = False  # no translation into `language`: the page shows the default language's text
    category_key: tuple[str, ...] = ()  # the category path in the default language: the same on every language
    slug_written: bool = True  # False: derived from the title or SKU, so validation may settle a collision
    base_slug: str = ""  # the slug before a collision was settled (validation starts from it on every build)
    invalid_fields: frozenset[str] = frozenset()  # fields refused with an error: the build fails, rules skip them
    buy_url: str = ""  # the store's own checkout: a payment link, a cart permalink, the product on the shop system
    # set by enrich
    url: str = ""
    canonical: str = ""  # the page search engines should index instead of this one (a fallback's original)
    sale_active: bool = False
    category_urls: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def description_line(self) -> int:
        """The file line of the description's first text line (the line after `description: |`)."""
        return self.source.span("description").line + 1

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
    inline_images: list[Image] = field(default_factory=list)  # ![alt](src) in the body
    language: str = ""  # the language of its file: `slug.en.md` is in en, `slug.md` in the default language
    fallback: bool = False  # shown in a language it has no file for, in the default language's text
    canonical: str = ""  # set by enrich for a fallback: the original's address

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
    inline_images: list[Image] = field(default_factory=list)  # ![alt](src) in the body
    language: str = ""
    fallback: bool = False
    canonical: str = ""

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
    images: object  # images.ImageSettings
    source: SourceMap
    search: bool = True  # a search box on every page and a Pagefind index (search.py)
    languages: list[str] = field(default_factory=list)  # every language, the default (`language`) first
    prefix_default_language: bool = False  # publish the default language under /<tag>/ too, not at the root
    lint_languages: dict[str, dict] = field(default_factory=dict)  # per language: profile, min_score
    translations: dict[str, dict] = field(default_factory=dict)  # per other language: name, description
    purchase: str = "online"  # "none": a catalog on purpose, products need no purchase path (SG417)
    channel_rel: tuple[str, ...] = ("sponsored", "nofollow")  # `rel` of links to marketplaces and affiliates
    tagline: str = ""  # the home page title's second part (else the description)
    share_image: str = ""  # store-relative path of the image shared for pages without one of their own
    share_font: str = ""  # store-relative path of a font for the generated share card
    market: str | None = None  # `market:` (markets.py); lint.languages.<tag>.market overrides it per language

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def __post_init__(self):
        if not self.languages:
            self.languages = [self.language]


@dataclass(eq=False)
class Category:
    """One node of the category tree built from products' `category` paths."""

    names: tuple[str, ...]
    slug_path: tuple[str, ...]
    url: str
    key: tuple[str, ...] = ()  # the names in the default language, which pair a category across languages
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
    language: str = ""  # empty: the config's default language
    translations: dict[str, Store] = field(default_factory=dict)  # the store in each other language
