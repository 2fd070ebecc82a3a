"""Plan every output page of the site and render it with the theme's templates."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from . import jsonld, search
from .diagnostics import Diagnostics, Span
from .enrich import Site
from .fingerprint import Fingerprints, code_digest, digest, files_digest
from .localize import country_name, format_day, format_number, og_locale
from .markup import (
    MarkdownRenderer,
    card_headings,
    fill_cards,
    fill_images,
    first_paragraph,
    sku_refs,
    strip_markdown,
)
from .messages import tr
from .model import Category, Guide, Page, Product
from .money import format_price, price_value
from .share import ShareImage, site_share_image
from .text import display_width, script_variants
from .themes import Theme

META_DESCRIPTION_WIDTH = 160
TITLE_WIDTH = 60  # the columns of a title search results show (the title_max of every lint profile)
MACROS = {
    "partials/image.html": ("picture",),
    "partials/price.html": ("price", "availability", "price_range_label"),
}


@dataclass
class OutputPage:
    """One file to render: where it goes, with which template, from which source.

    The template context is built only when the page is rendered (`make`); `deps` names everything
    the page shows besides the site-wide parts, so an unchanged page can be kept from the last build.
    """

    url: str  # site-relative, "/products/x/" or "/404.html"
    template: str
    kind: str
    source: Span
    make: Callable[[], dict]
    deps: list[str] = field(default_factory=list)
    record: object = None  # the product, guide or page shown
    items: list = field(default_factory=list)  # the products listed on a category page
    robots: str = ""
    lang: str = ""  # the language of the page (its site's)
    key: tuple = ()  # the same key on the page's versions in other languages (alternates.py)
    fallback: bool = False  # shown in a language it has no translation into

    @property
    def context(self) -> dict:
        return self.make()

    @property
    def file(self) -> str:
        return self.url.lstrip("/") + "index.html" if self.url.endswith("/") else self.url.lstrip("/")


def clip(text: str, width: int = META_DESCRIPTION_WIDTH, measure=display_width) -> str:
    """Shorten text to a display width (or, with `measure=len`, a number of characters) at a word (or CJK
    character) boundary, adding '…'."""
    text = " ".join(text.split())
    if measure(text) <= width:
        return text
    out, w = "", 0
    for ch in text:
        w += measure(ch)
        if w > width - 1:
            break
        out += ch
    if " " in out[-20:] and not out[-1:].isspace():
        out = out.rsplit(" ", 1)[0]
    return out.rstrip(" ,.;:，。；：") + "…"


def home_title(name: str, tagline: str, width: int = TITLE_WIDTH) -> str:
    """The home page's title: the store's name and its tagline (or description), shortened at a word to the
    title width search results show; the name alone when no word of the tagline fits."""
    if not tagline.strip():
        return name
    room = width - display_width(name) - 3
    if room < 8:
        return name
    tail = clip(tagline, room)
    return f"{name} | {tail}"


class Renderer:
    def __init__(self, site: Site, theme: Theme, diags: Diagnostics, fp: Fingerprints | None = None):
        self.site = site
        self.theme = theme
        self.diags = diags
        self.md = MarkdownRenderer(self._sku_url)
        self.fp = fp or Fingerprints()
        self._categories_digest: str | None = None
        self._cards: dict[tuple[int, str], Markup] = {}
        self.alternates = None  # alternates.Alternates over every language's pages, set before rendering
        site.labels = {key: theme.t(key) for key in site.labels}
        # what a page without an image of its own shares: the store's image or card (else a product photo,
        # chosen when a page is made: the images' files are not known yet)
        self.share = site_share_image(site.store.root, site.config, diags)
        t = theme.env
        lang = site.config.language
        t.filters["price"] = lambda amount, currency: format_price(amount, currency, lang)
        t.filters["amount"] = price_value
        t.filters["abs"] = site.absolute
        t.globals["site"] = site
        t.globals["config"] = site.config
        t.globals["shipping_promise"] = self.shipping_promise()
        t.globals["returns_promise"] = self.returns_promise()
        t.globals["nav_categories"] = site.categories
        t.globals["nav_pages"] = site.pages
        # the guides' Atom feed, linked from every page's head when there is one (see feeds.py)
        t.globals["guides_feed"] = (
            site.url("/feeds/guides.xml") if any(g.updated or g.date for g in site.guides) else ""
        )
        t.globals["search"] = site.config.search
        t.globals["price_range"] = search.price_range
        t.globals["department"] = search.department
        t.globals["script_variants"] = script_variants
        t.filters["og_locale"] = og_locale
        t.filters["day"] = lambda day: format_day(day, lang)
        t.filters["number"] = lambda value: format_number(value, lang)
        t.filters["host"] = lambda url: urlsplit(url).hostname or ""
        t.globals["site_host"] = urlsplit(site.config.base_url).hostname or ""
        t.globals["channel_rel"] = " ".join(site.config.channel_rel)
        t.globals["card"] = self.card
        self._macro_globals()

    def _macro_globals(self) -> None:
        """The theme's shared macros (picture, price, availability) as globals: importing them in a card
        that is included hundreds of times per page costs more than rendering the card."""
        for partial, names in MACROS.items():
            try:
                module = self.theme.env.get_template(partial).module
            except jinja2.TemplateNotFound:
                continue
            except jinja2.TemplateError as exc:
                self.template_error(exc, Span(partial))
                continue
            for name in names:
                if hasattr(module, name):
                    self.theme.env.globals[name] = getattr(module, name)

    def site_digest(self) -> str:
        """What every page shows: shopgen's code, the theme, the config, the navigation, the promises."""
        site = self.site
        cfg = site.config
        parts = [code_digest(), files_digest(self.theme.dirs), cfg.source.digest, cfg.base_url, cfg.language]
        parts.append(f"search={cfg.search}")  # `build --no-search` changes every page without changing the config
        parts += [f"{c.url}|{c.name}" for c in site.categories]
        parts += [f"{pg.url}|{pg.title}" for pg in site.pages]
        parts += [f"{k}={v}" for k, v in sorted(site.labels.items())]
        parts.append(self.theme.env.globals["guides_feed"])
        parts.append(f"share={self.share.large_url}|{self.share.shown_alt}" if self.share else "share=")
        return digest(parts)

    def share_files(self) -> list[tuple[str, bytes]]:
        """The generated share image, when the store has one (published with the sitemap and feeds)."""
        return [(self.share.file, self.share.data)] if isinstance(self.share, ShareImage) else []

    # -- small helpers --------------------------------------------------------------------------

    def _sku_url(self, sku: str) -> str | None:
        p = self.site.product_by_sku.get(sku.casefold())
        return p.url if p else None

    def shipping_promise(self) -> str:
        s = self.site.config.shipping
        if s is None:
            return ""
        lang = self.site.config.language
        days = f"{s.min_days}–{s.max_days}" if s.min_days != s.max_days else str(s.max_days)
        country = country_name(s.country, lang)  # "美国", "Deutschland": CLDR's name in the page's language
        if s.cost == 0:
            return self.theme.t("shipping_promise_free", country=country, days=days)
        return self.theme.t("shipping_promise", cost=format_price(s.cost, s.currency, lang), country=country, days=days)

    def returns_promise(self) -> str:
        r = self.site.config.returns
        if r is None:
            return ""
        if r.days == 0:
            return self.theme.t("returns_none")
        fee = self.theme.t("returns_fee_" + r.fees)
        if r.days is None:
            return self.theme.t("returns_unlimited", fee=fee)
        return self.theme.t("returns_promise", days=r.days, fee=fee)

    def markdown(self, text: str, first_line: int, owner, cards: bool = False):
        """Render Markdown; its file images become the theme's responsive picture markup.

        The SKUs named in cards and sku: links, and the image paths, were checked by validation.
        """
        images = {im.key[1]: im for im in owner.inline_images}
        rendered = self.md.render(text, first_line, cards, images)
        if rendered.images:
            macro = self.theme.env.get_template("partials/image.html").module.picture
            pictures = [str(macro(im, "(min-width: 48rem) 44rem, 100vw")) for im in rendered.images]
            rendered.html = fill_images(rendered.html, pictures)
        return rendered

    def base(
        self, title: str, description: str, url: str, kind: str, image=None, nodes=None, robots="", record=None
    ) -> dict:
        """What base.html needs: title, meta description, canonical address, Open Graph, JSON-LD and the
        page's language versions. `record` is the product, guide or page shown."""
        fallback = record is not None and record.fallback
        alternates = self.alternates
        if image is None or not image.large_url:
            image = self.share or self._first_image(self.site.featured())
        return {
            "page_title": title,
            "description": clip(description),
            "canonical": self.site.absolute(record.canonical if fallback else url),
            "url": url,
            "kind": kind,
            "og_image": image,
            "jsonld_nodes": nodes or [],
            "robots": robots,
            "lang": self.site.config.language,
            "hreflang": alternates.hreflang(url) if alternates else [],
            "language_links": alternates.links(url) if alternates else [],
            # the text of a fallback page is in the default language, not in the page's
            "content_lang": self.site.config.default_language if fallback else "",
            "content_lang_name": alternates.names.get(self.site.config.default_language, "") if alternates else "",
        }

    # -- planning -------------------------------------------------------------------------------

    def plan(self) -> Iterator[OutputPage]:
        """Every page of the site, in a fixed order; contexts are built when a page is rendered."""
        site = self.site
        cfg = site.config
        fp = self.fp
        featured = site.featured()
        home_guides = site.guides[:6]
        home = site.url("/")
        yield self._site_page(
            "home",
            home,
            lambda: {
                **self.base(
                    home_title(cfg.name, cfg.tagline or cfg.description),
                    cfg.description or cfg.name,
                    home,
                    "home",
                    self._first_image(featured),
                    jsonld.home_nodes(site),
                ),
                "featured": featured,
                "categories": site.categories,
                "guides": home_guides,
            },
            [self.categories_digest(), *fp.records(featured), *fp.records(home_guides)],
        )
        for p in site.products:
            yield self.product_page(p)
        yield from self.category_pages()
        guides_url = site.url("/guides/")
        yield self._site_page(
            "guides",
            guides_url,
            lambda: {
                **self.base(
                    self.theme.t("guides") + " | " + cfg.name,
                    self.theme.t("guides_description", name=cfg.name),
                    guides_url,
                    "guides",
                    nodes=[jsonld.breadcrumbs(site, [(self.theme.t("guides"), guides_url)])],
                ),
                "guides": site.guides,
            },
            fp.records(site.guides),
        )
        for g in site.guides:
            yield self.guide_page(g)
        for pg in site.pages:
            yield self.static_page(pg)
        if cfg.search:
            yield self.search_page()
        not_found = site.url("/404.html")
        yield self._site_page(
            "404",
            not_found,
            lambda: {
                **self.base(
                    self.theme.t("not_found") + " | " + cfg.name,
                    self.theme.t("not_found_text"),
                    not_found,
                    "404",
                    robots="noindex",
                ),
                "featured": featured[:4],
            },
            fp.records(featured[:4]),
            robots="noindex",
        )
        if site.prefix and site is site.default:
            yield self.languages_page()

    def _site_page(self, kind: str, url: str, make, deps: list[str], robots: str = "") -> OutputPage:
        """A page of this site's language that every language has once (home, indexes, search, 404): its
        template is `<kind>.html`, its versions pair up by kind."""
        return OutputPage(
            url,
            f"{kind}.html",
            kind,
            self.site.config.source.span(),
            make,
            deps,
            robots=robots,
            lang=self.site.language,
            key=(kind,),
        )

    def languages_page(self) -> OutputPage:
        """The root of a store whose every language has its own prefix: links to each language's home."""
        cfg = self.site.config
        return OutputPage(
            "/",
            "languages.html",
            "languages",
            cfg.source.span(),
            lambda: {
                **self.base(cfg.name, cfg.description or cfg.name, "/", "languages"),
                "homes": [(s.language, s.url("/"), s.config.name) for s in self.site.sites],
            },
            [digest(f"{s.language}|{s.url('/')}|{s.config.name}" for s in self.site.sites)],
            lang=self.site.language,  # rendered by the default language's renderer; paired with nothing
        )

    def search_page(self) -> OutputPage:
        """/search/: the search form with the catalog's facets; results come from the Pagefind index."""
        cfg = self.site.config
        found = search.facets(self.site)
        indexes = search.index_urls(self.site)
        url = self.site.url("/search/")

        def make() -> dict:
            label = self.theme.env.globals["price_range_label"]  # the theme's words, as on the product pages
            return {
                **self.base(
                    self.theme.t("search") + " | " + cfg.name,
                    self.theme.t("search_description", name=cfg.name),
                    url,
                    "search",
                    robots="noindex",
                ),
                "facets": found,
                "price_options": [(str(label(r, cfg.currency)).strip(), n) for r, n in found.prices],
                "search_indexes": indexes,
            }

        return self._site_page(
            "search",
            url,
            make,
            [
                digest(
                    [repr(found.categories), repr(found.brands), repr([(r.key, n) for r, n in found.prices]), *indexes]
                )
            ],
            robots="noindex",
        )

    def categories_digest(self) -> str:
        """The category tree with its counts, as the home and category index pages show it."""
        if self._categories_digest is None:
            self._categories_digest = digest(
                f"{c.url}|{' > '.join(c.names)}|{len(c.products)}" for c in self.site.all_categories()
            )
        return self._categories_digest

    def _first_image(self, products: list[Product]):
        for p in products:
            if p.main_image and p.main_image.url:
                return p.main_image
        return None

    def _linked_urls(self, *texts: str) -> list[str]:
        """The addresses of the products that `sku:` links and cards in Markdown point at."""
        return [self._sku_url(sku) or "#" for text in texts for sku, _ in sku_refs(text, 1)]

    def product_page(self, p: Product) -> OutputPage:
        site = self.site
        guides = site.guides_by_sku.get(p.sku, [])
        related = site.related.get(p.sku, [])

        def make() -> dict:
            desc = self.markdown(p.description, p.description_line, p)
            faq = [(q.q, self.markdown(q.a, p.source.span("faq").line, p).html) for q in p.faq]
            meta = jsonld.product_description(p)
            return {
                **self.base(
                    f"{p.title} | {site.config.name}",
                    meta,
                    p.url,
                    "product",
                    p.main_image,
                    jsonld.product_nodes(site, p),
                    record=p,
                ),
                "product": p,
                "description_html": desc.html,
                "faq": faq,
                "crumbs": site.breadcrumbs(p.category),
                "guides": guides,
                "related": related,
                "variant_names": {v.sku: jsonld.variant_name(p, v) for v in p.variants},
            }

        fp = self.fp
        deps = [fp.record(p), *fp.records(related), *fp.records(guides)]
        deps += self._linked_urls(p.description, *(q.a for q in p.faq))
        return self._page(("product", p.sku), p.url, p.template or "product.html", "product", p, make, deps)

    def _page(self, key: tuple, url: str, template: str, kind: str, record, make, deps: list[str]) -> OutputPage:
        """The page of one product, guide or page: a fallback when it is not translated into its language."""
        return OutputPage(
            url,
            template,
            kind,
            record.source.span(),
            make,
            deps,
            record=record,
            lang=self.site.language,
            key=key,
            fallback=record.fallback,
        )

    def category_pages(self) -> Iterator[OutputPage]:
        site = self.site
        per = site.config.per_page
        url = site.url("/categories/")
        yield self._site_page(
            "categories",
            url,
            lambda: {
                **self.base(
                    self.theme.t("all_categories") + " | " + site.config.name,
                    self.theme.t("categories_description", name=site.config.name),
                    url,
                    "categories",
                    nodes=[jsonld.breadcrumbs(site, [(self.theme.t("all_categories"), url)])],
                ),
                "categories": site.categories,
            },
            [self.categories_digest()],
        )
        for cat in site.all_categories():
            pages = max(1, math.ceil(len(cat.products) / per))
            for n in range(1, pages + 1):
                items = cat.products[(n - 1) * per : n * per]
                yield self.category_page(cat, items, n, pages)

    def category_url(self, cat: Category, n: int) -> str:
        return cat.url if n == 1 else f"{cat.url}page/{n}/"

    def category_page(self, cat: Category, items: list[Product], n: int, pages: int) -> OutputPage:
        site = self.site
        path = " > ".join(cat.names)
        title = cat.name if n == 1 else self.theme.t("page_n", name=cat.name, n=n)

        def make() -> dict:
            desc = self.theme.t(
                "category_description",
                count=len(cat.products),
                name=path,
                examples=", ".join(p.title for p in items[:3]),
            )
            return {
                **self.base(
                    f"{title} | {site.config.name}",
                    desc,
                    self.category_url(cat, n),
                    "category",
                    self._first_image(items),
                    jsonld.category_nodes(site, cat, items, (n - 1) * site.config.per_page),
                ),
                "category": cat,
                "products": items,
                "crumbs": site.breadcrumbs(cat.names),
                "page_number": n,
                "page_count": pages,
                "prev_url": self.category_url(cat, n - 1) if n > 1 else "",
                "next_url": self.category_url(cat, n + 1) if n < pages else "",
            }

        deps = [f"{path}|{cat.url}|{len(cat.products)}|{n}/{pages}", *self.fp.records(items)]
        deps += [f"{c.url}|{c.name}|{len(c.products)}" for c in cat.children]
        source = items[0].source.span("category")
        url = self.category_url(cat, n)
        key = ("category", cat.key, n)  # its versions in other languages: the same category, the same page
        return OutputPage(
            url, "category.html", "category", source, make, deps, items=items, lang=site.language, key=key
        )

    def card(self, p: Product, heading: str = "h3") -> Markup:
        """The product's card (`partials/product-card.html`), rendered once per product and heading level
        per process: a product shows on its category pages, home, guides and related lists (a fifth of the
        rendering time went to cards). Like Hugo's partialCached, the card sees the product, the heading and
        the site-wide globals, never the page it is placed on."""
        key = (id(p), heading)
        found = self._cards.get(key)
        if found is None:
            html = self.theme.env.get_template("partials/product-card.html").render(product=p, heading=heading)
            found = self._cards[key] = Markup(html)
        return found

    def guide_page(self, g: Guide) -> OutputPage:
        site = self.site
        named = [site.product_by_sku[s.casefold()] for s in g.products]

        def make() -> dict:
            body = self.markdown(g.body, g.body_line, g, cards=True)
            inline = [site.product_by_sku[s.casefold()] for s, _ in body.cards if s.casefold() in site.product_by_sku]
            cards = [self.card(p, h) for p, h in zip(inline, card_headings(body.html), strict=True)]
            html = fill_cards(body.html, cards)
            products = list(dict.fromkeys(named + inline))
            rest = [p for p in products if p not in inline]  # named in front matter, not placed in the text
            return {
                **self.base(
                    f"{g.title} | {site.config.name}",
                    g.description or first_paragraph(strip_markdown(g.body)),
                    g.url,
                    "guide",
                    g.image or self._first_image(products),
                    jsonld.guide_nodes(site, g, products),
                    record=g,
                ),
                "guide": g,
                "body_html": html,
                "products": products,
                "more_products": rest,
            }

        shown = [site.product_by_sku.get(sku.casefold()) for sku, _ in sku_refs(g.body, 1)]
        deps = [self.fp.record(g), *self.fp.records(named), *(self.fp.record(p) if p else "#" for p in shown)]
        return self._page(("guide", g.slug), g.url, g.template or "guide.html", "guide", g, make, deps)

    def static_page(self, pg: Page) -> OutputPage:
        def make() -> dict:
            body = self.markdown(pg.body, pg.body_line, pg)
            return {
                **self.base(
                    f"{pg.title} | {self.site.config.name}",
                    pg.description or first_paragraph(strip_markdown(pg.body)) or pg.title,
                    pg.url,
                    "page",
                    nodes=[jsonld.breadcrumbs(self.site, [(pg.title, pg.url)])],
                    record=pg,
                ),
                "page": pg,
                "body_html": body.html,
            }

        deps = [self.fp.record(pg), *self._linked_urls(pg.body)]
        return self._page(("page", pg.slug), pg.url, pg.template or "page.html", "page", pg, make, deps)

    # -- rendering ------------------------------------------------------------------------------

    def render(self, page: OutputPage) -> str | None:
        """The page's HTML, or None after reporting a template error at template:line."""
        try:
            return self.theme.env.get_template(page.template).render(page.context)
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError) as exc:
            self.template_error(exc, page.source, page)
        return None

    def template_error(self, exc: Exception, source: Span, page: OutputPage | None = None) -> None:
        """Report a template problem at template:line, naming the page or file it was rendering for."""
        if isinstance(exc, jinja2.TemplateSyntaxError):
            self.diags.error(
                Span(self._template_path(exc.filename or exc.name), exc.lineno or 0),
                tr("template syntax error: {message}", message=exc.message),
                related=[source],
            )
        elif isinstance(exc, jinja2.TemplateNotFound):
            self.diags.error(
                source,
                tr("template not found: {name}", name=exc.name),
                tr("available templates: {names}", names=", ".join(self.theme.template_names())),
            )
        else:
            frame = _template_frame(exc)
            where = Span(self._template_path(frame[0]), frame[1]) if frame else Span(page.template if page else "")
            what = page.url if page else source.path
            self.diags.error(
                where, tr("template error while rendering {what}: {exc}", what=what, exc=exc), related=[source]
            )

    def _template_path(self, filename: str | None) -> str:
        if not filename:
            return "<template>"
        root = self.site.store.root
        full = os.path.abspath(filename)
        if full.startswith(os.path.abspath(root) + os.sep):
            return os.path.relpath(full, root).replace(os.sep, "/")
        return "shopgen:themes/" + full.split(os.sep + "themes" + os.sep, 1)[-1].replace(os.sep, "/")


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The last traceback frame that is inside a template: (file, line)."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt")):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
