"""Derive what pages need from the validated store: URLs, the category tree, sales in force,
which guides lead to which products, related products. Pure: the same store gives the same site."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .diagnostics import Diagnostics
from .localize import language_prefix
from .messages import tr
from .model import Category, Guide, Page, Product, Store
from .slugs import keep_pinyin, segment_slug

RESERVED_PAGE_SLUGS = {
    "products",
    "categories",
    "guides",
    "assets",
    "images",
    "feeds",
    "search",
    "404",
    "sitemap",
    "robots",
    "index",
}
RELATED_LIMIT = 4


@dataclass
class Site:
    store: Store
    today: dt.date
    products: list[Product]
    product_by_sku: dict[str, Product]
    categories: list[Category]  # top level, sorted by name
    category_by_names: dict[tuple[str, ...], Category]
    guides: list[Guide]  # newest first
    pages: list[Page]
    guides_by_sku: dict[str, list[Guide]] = field(default_factory=dict)
    related: dict[str, list[Product]] = field(default_factory=dict)
    #: Words the structured data needs in the store's language; the theme's strings fill them in.
    labels: dict[str, str] = field(default_factory=lambda: {"home": "Home", "guides": "Guides"})
    language: str = ""  # the language of this site's pages (BCP 47)
    prefix: str = ""  # the path its pages live under: "" (the root) or "/en"
    #: The site in each of the store's languages, the default first (just this one for a one-language store).
    sites: list[Site] = field(default_factory=list)

    @property
    def config(self):
        return self.store.config

    @property
    def default(self) -> Site:
        """The site in the store's default language."""
        return self.sites[0] if self.sites else self

    def url(self, path: str) -> str:
        """A site-relative address inside this language: `/guides/` -> `/en/guides/`."""
        return self.prefix + path

    def absolute(self, url: str) -> str:
        """`url` on the live site; a remote image's address stays as it is."""
        return url if url.startswith("https://") else self.config.base_url + url

    def all_categories(self) -> list[Category]:
        out: list[Category] = []

        def walk(cats):
            for c in cats:
                out.append(c)
                walk(c.children)

        walk(self.categories)
        return out

    def breadcrumbs(self, names: tuple[str, ...]) -> list[Category]:
        return [self.category_by_names[names[: i + 1]] for i in range(len(names))]

    def featured(self) -> list[Product]:
        chosen = [
            self.product_by_sku[s.casefold()] for s in self.config.featured if s.casefold() in self.product_by_sku
        ]
        chosen += [p for p in self.products if p.featured and p not in chosen]
        if not chosen:
            chosen = [p for p in self.products if p.availability != "discontinued"][:8]
        return chosen


def _build_categories(products: list[Product], diags: Diagnostics, prefix: str = ""):
    by_names: dict[tuple[str, ...], Category] = {}
    roots: list[Category] = []
    used: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = {}  # parent slug path -> slug -> names
    first_of: dict[tuple[str, ...], Product] = {}  # each category path -> the first product in it
    for p in products:
        for i in range(len(p.category)):
            first_of.setdefault(p.category[: i + 1], p)
    keys: dict[tuple[str, ...], tuple[str, ...]] = {}  # default-language names -> these names
    # Sorting by name first makes slug collision suffixes independent of file order.
    for names in sorted(first_of, key=lambda n: (len(n), n)):
        parent = by_names.get(names[:-1]) if len(names) > 1 else None
        parent_slugs = parent.slug_path if parent else ()
        slug = segment_slug(names[-1])
        siblings = used.setdefault(parent_slugs, {})
        first = first_of[names]
        if slug in siblings:
            base, n = slug, 2
            while f"{base}-{n}" in siblings:
                n += 1
            slug = f"{base}-{n}"
            message = tr(
                "categories '{first}' and '{second}' have the same web address; the second one uses '{slug}'",
                first=" > ".join(siblings[base]),
                second=" > ".join(names),
                slug=slug,
            )
            diags.warning(
                first.source.span("category"), message, tr("if they are the same category, spell them the same way")
            )
        siblings[slug] = names
        slug_path = parent_slugs + (slug,)
        key = (first.category_key or first.category)[: len(names)]
        if key in keys and first.category_key:
            message = tr(
                "'{second}' and '{first}' both translate the category '{original}'",
                first=" > ".join(keys[key]),
                second=" > ".join(names),
                original=" > ".join(key),
            )
            hint = tr("translate a category the same way in every product, or the two show as different categories")
            diags.warning(first.source.span("category"), message, hint)
        keys.setdefault(key, names)
        url = f"{prefix}/categories/" + "/".join(slug_path) + "/"
        cat = Category(names=names, slug_path=slug_path, url=url, key=key)
        by_names[names] = cat
        (parent.children if parent else roots).append(cat)
    keep_pinyin()
    for p in products:
        for i in range(len(p.category)):
            by_names[p.category[: i + 1]].products.append(p)
        p.category_urls = [by_names[p.category[: i + 1]].url for i in range(len(p.category))]
    return roots, by_names


def _related(product: Product, site_cats: dict, limit: int) -> list[Product]:
    """Products from the same most specific category first, then from broader ones."""
    out: list[Product] = []
    for depth in range(len(product.category), 0, -1):
        for other in site_cats[product.category[:depth]].products:
            if other is not product and other not in out and other.availability != "discontinued":
                out.append(other)
                if len(out) >= limit:
                    return out
    return out


def enrich_languages(store: Store, today: dt.date, diags: Diagnostics) -> Site:
    """The site in the store's default language, with the site in every language in `.sites`.

    The default language is published at the root (or under its own prefix with
    `prefix_default_language`), each other language under `/<tag>/`. A page shown in a language it has no
    translation for names its original as the canonical page.
    """
    cfg = store.config
    default = enrich(store, today, diags, language_prefix(cfg.language) if cfg.prefix_default_language else "")
    sites = [default]
    for lang, translated in store.translations.items():
        sites.append(enrich(translated, today, diags, language_prefix(lang)))
    for site in sites:
        site.sites = sites
    guides = {g.slug: g for g in default.guides}
    pages = {pg.slug: pg for pg in default.pages}
    for site in sites[1:]:
        for p in site.products:
            if p.fallback:
                p.canonical = default.product_by_sku[p.sku.casefold()].url
        for doc in (*site.guides, *site.pages):
            if doc.fallback:
                doc.canonical = (guides if isinstance(doc, Guide) else pages)[doc.slug].url
    return default


def enrich(store: Store, today: dt.date, diags: Diagnostics, prefix: str = "") -> Site:
    """Complete the model of one language for rendering, its pages under `prefix`. Adds warnings to `diags`."""
    products = store.products
    for p in products:
        p.url = f"{prefix}/products/{p.slug}/"
        p.sale_active = bool(
            p.sale_price is not None
            and p.price is not None
            and p.sale_price < p.price
            and (p.sale_ends is None or p.sale_ends >= today)
        )
    roots, by_names = _build_categories(products, diags, prefix)
    guides = sorted(store.guides, key=lambda g: (-(g.date or dt.date.min).toordinal(), g.slug))
    for g in guides:
        g.url = f"{prefix}/guides/{g.slug}/"
    reserved = RESERVED_PAGE_SLUGS | {language_prefix(tag).strip("/") for tag in store.config.languages}
    pages = []
    for pg in store.pages:
        if pg.slug in reserved:
            diags.error(
                pg.source.span(),
                tr("a page cannot be named '{slug}': that address is used by the store", slug=pg.slug),
                tr("rename the file"),
            )
            continue
        pg.url = f"{prefix}/{pg.slug}/"
        pages.append(pg)
    by_sku = {p.sku.casefold(): p for p in products}
    for p in products:
        for v in p.variants:
            by_sku.setdefault(v.sku.casefold(), p)
    site = Site(
        store=store,
        today=today,
        products=products,
        product_by_sku=by_sku,
        categories=roots,
        category_by_names=by_names,
        guides=guides,
        pages=pages,
        language=store.language or store.config.language,
        prefix=prefix,
    )
    for g in guides:
        for sku in g.products:
            p = by_sku.get(sku.casefold())
            if p is None:  # an unknown SKU is an error already; the store is enriched only to be judged
                continue
            lst = site.guides_by_sku.setdefault(p.sku, [])
            if g not in lst:
                lst.append(g)
    for p in products:
        site.related[p.sku] = _related(p, by_names, RELATED_LIMIT)
    return site
