"""Check loaded documents against the catalog contract and build the model from the good ones."""

from __future__ import annotations

import difflib
import functools
import os
import posixpath
import re
from collections import Counter
from urllib.parse import urlsplit

from . import record_memo
from . import schema as S
from .config import localized_config, parse_config
from .diagnostics import CODE_DUPLICATE, CODE_IMAGE, CODE_SETTLED, CODE_UNKNOWN_SKU, Diagnostics, Span
from .identifiers import gtin_problem
from .load import RawDoc, RawStore, inside
from .localize import check_translations, document_language, localize_store
from .markup import image_refs, may_reference, sku_refs
from .messages import mark, tr
from .model import (
    AVAILABILITY,
    CONDITION,
    Channel,
    Faq,
    Guide,
    Image,
    Keywords,
    Page,
    Product,
    Review,
    Store,
    Variant,
)
from .slugs import MAX_SLUG, SLUG_RE, is_valid_slug, pinyin_slug, product_slug, slugify
from .text import has_cjk
from .urls import safe_url, web_address

_SLUG = dict(
    pattern=SLUG_RE.pattern[1:-1],
    pattern_hint=mark("a slug has lowercase letters, digits and single hyphens, like led-desk-lamp"),
)
KEYWORDS = S.mapping(primary=S.text(), secondary=S.listof(S.text()))
IMAGE = S.mapping(
    src=S.text(required=True),
    alt=S.text(),
    # a remote image's size, when the editor or the export knows it (a file's own size is measured)
    width=S.integer(min=1, max=100_000),
    height=S.integer(min=1, max=100_000),
)
LINT = S.mapping(ignore=S.listof(S.text()))

TRANSLATION_SPEC = S.mapping(  # a product's `i18n.<language>` (localize.py applies it)
    title=S.text(),
    slug=S.text(**_SLUG),
    summary=S.text(),
    description=S.text(),
    highlights=S.listof(S.text()),
    keywords=KEYWORDS,
    category=S.text(),
    attributes=S.attrs(),
    faq=S.listof(S.mapping(q=S.text(required=True), a=S.text(required=True))),
    images=S.listof(S.mapping(alt=S.text())),
    variants=S.listof(S.mapping(title=S.text(), attributes=S.attrs())),
)

SKU = S.text(
    required=True, pattern=r"[^\s/\\]{1,64}", pattern_hint=mark("a SKU is 1 to 64 characters without spaces or slashes")
)

VARIANT_SKU = S.text(pattern=SKU.pattern, pattern_hint=SKU.pattern_hint)  # derived when missing

PRODUCT_SPEC = S.mapping(
    sku=SKU,
    title=S.text(required=True),
    slug=S.text(),  # normalised when it is not in address form (see _written_slug)
    brand=S.text(),
    category=S.text(),
    keywords=KEYWORDS,
    summary=S.text(),
    description=S.text(),
    highlights=S.listof(S.text()),
    price=S.money(),
    currency=S.text(**S.CURRENCY),
    sale_price=S.money(),
    sale_ends=S.date(),
    availability=S.enum(*AVAILABILITY),
    condition=S.enum(*CONDITION),
    gtin=S.text(),
    mpn=S.text(),
    images=S.listof(IMAGE),
    attributes=S.attrs(),
    buy_url=S.text(),  # the store's own checkout (see _buy_url)
    variants=S.listof(
        S.mapping(
            sku=VARIANT_SKU,
            title=S.text(),
            attributes=S.attrs(),
            price=S.money(),
            sale_price=S.money(),
            availability=S.enum(*AVAILABILITY),
            image=S.text(),
            gtin=S.text(),
            mpn=S.text(),
            buy_url=S.text(),
            channels=S.Field("any"),  # this variant's own listing on a channel (see _channels)
        )
    ),
    rating=S.mapping(value=S.number(required=True, min=0, max=5), count=S.integer(required=True, min=1)),
    reviews=S.listof(
        S.mapping(
            author=S.text(required=True),
            rating=S.number(required=True, min=1, max=5),
            date=S.date(),
            body=S.text(),
            title=S.text(),
        )
    ),
    channels=S.Field("any"),
    faq=S.listof(S.mapping(q=S.text(required=True), a=S.text(required=True))),
    template=S.text(),
    updated=S.date(),
    featured=S.boolean(),
    google_product_category=S.text(
        pattern=r"[^\n]{1,750}", pattern_hint=mark("a category of Google's product taxonomy, by ID (536) or by path")
    ),
    return_policy_label=S.text(
        pattern=r"[^\n]{1,100}",
        pattern_hint=mark("the label of a return policy set up in Merchant Center, at most 100 characters"),
    ),
    extra=S.anything(),
    lint=LINT,
    i18n=S.per_language(TRANSLATION_SPEC),
)

GUIDE_SPEC = S.mapping(
    title=S.text(required=True),
    description=S.text(),
    keywords=KEYWORDS,
    products=S.listof(S.text()),
    date=S.date(),
    updated=S.date(),
    image=IMAGE,
    template=S.text(),
    lint=LINT,
)

PAGE_SPEC = S.mapping(title=S.text(required=True), description=S.text(), template=S.text(), updated=S.date())
CHANNEL_SPEC = S.mapping(price=S.money(required=True), currency=S.text(**S.CURRENCY), url=S.text(), label=S.text())


def resolve_image(store_root: str, doc_path: str, src: str, span: Span, diags: Diagnostics) -> str | None:
    """Store-relative path of an image named relative to its document, its address when it is a remote
    https:// image, or None (with an error)."""
    if "://" in src or src.startswith("//"):
        problem = remote_image_problem(src)
        if problem:
            diags.error(span, tr(problem[0], src=src), tr(problem[1]), code=CODE_IMAGE)
            return None
        return src
    if posixpath.isabs(src) or os.path.isabs(src) or "\\" in src:
        diags.error(
            span,
            tr("image {src!r} is an absolute path", src=src),
            tr("name the file relative to this YAML file, like images/lamp.jpg"),
            code=CODE_IMAGE,
        )
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(doc_path), src))
    if path.startswith("../") or path == "..":
        diags.error(
            span,
            tr("image {src!r} points outside the store folder", src=src),
            tr("keep images inside the store"),
            code=CODE_IMAGE,
        )
        return None
    full = os.path.join(store_root, *path.split("/"))
    within = inside(store_root, full)
    found = within and os.path.isfile(full)
    record_memo.image_looked_up(store_root, full, found)  # a kept record is re-checked with the same test
    if not within:
        diags.error(
            span,
            tr("image {src!r} is a link to a place outside the store folder", src=src),
            tr("copy the image into the store"),
            code=CODE_IMAGE,
        )
        return None
    if not found:
        diags.error(
            span,
            tr("image file not found: {src} (looked for {path})", src=src, path=path),
            tr("check the file name and its folder; paths are relative to this file"),
            code=CODE_IMAGE,
        )
        return None
    return path


def remote_image_problem(src: str) -> tuple[str, str] | None:
    """(message, hint) when a web address cannot be a remote image: only https:// addresses of a host."""
    if src.startswith("http://"):
        return mark("image {src!r} is an http:// address"), mark(
            "use its https:// address (browsers block plain http images on an https site)"
        )
    parts = urlsplit(src) if src.startswith("https://") else None
    if parts is None or not parts.hostname or not safe_url(src) or any(c.isspace() or c < " " for c in src):
        return mark("image {src!r} is not a usable web address"), mark(
            "name a file in the store, or an https:// address of the image on your shop's CDN"
        )
    return None


def _image(store_root, doc: RawDoc, raw: dict, key: tuple, diags) -> Image | None:
    path = resolve_image(store_root, doc.path, raw["src"], doc.smap.span(*key, "src"), diags)
    if path is None:
        return None
    return Image(
        src=path,
        alt=raw.get("alt", ""),
        key=key,
        width=raw.get("width", 0),
        height=raw.get("height", 0),
        fallback_alt=doc.data.get("title", "") if isinstance(doc.data.get("title"), str) else "",
    )


def _keywords(raw: dict | None) -> Keywords:
    raw = raw or {}
    return Keywords(raw.get("primary", ""), raw.get("secondary", []))


def _gtin(value: str) -> dict[str, str]:
    """The model's `gtin` (valid or "") and `gtin_invalid` (kept apart for the SG402 rule)."""
    if value and gtin_problem(value):
        return {"gtin": "", "gtin_invalid": value}
    return {"gtin": value, "gtin_invalid": ""}


def build_product(
    store_root: str, doc: RawDoc, currency: str, diags: Diagnostics, languages: list[str] | None = None
) -> Product | None:
    """The product of one catalog file, or None after reporting its errors. `languages` are the store's,
    the default first: its `i18n` translations must be into the others."""
    checker = S.Checker(doc.smap, diags)
    raw = checker.check(doc.data, PRODUCT_SPEC, ())
    if raw is None:
        return None
    # A product with errors is still built from its usable fields, so that one run reports all of its
    # problems (a missing image behind an unknown field) and its copy is judged; the build fails anyway.
    smap = doc.smap
    images = [
        im for i, r in enumerate(raw.get("images", [])) if (im := _image(store_root, doc, r, ("images", i), diags))
    ]
    if len(images) < len(raw.get("images", [])):  # a file missing or unusable: reported above
        checker.refused.add("images")
    variants = []
    derived_skus = _variant_skus(raw, smap, diags)
    for i, v in enumerate(raw.get("variants", [])):
        image = None
        if "image" in v:
            path = resolve_image(store_root, doc.path, v["image"], smap.span("variants", i, "image"), diags)
            alt = " ".join([raw["title"], *v.get("attributes", {}).values()])
            image = Image(path, alt, ("variants", i, "image")) if path else None
        variants.append(
            Variant(
                sku=v.get("sku") or derived_skus[i],
                attributes=v.get("attributes", {}),
                price=v.get("price", raw.get("price")),
                sale_price=v.get("sale_price", _inherited_sale(raw, v)),
                availability=v.get("availability", raw.get("availability", "in_stock")),
                image=image,
                **_gtin(v.get("gtin", "")),
                mpn=v.get("mpn", ""),
                title=v.get("title", ""),
                index=i,
                buy_url=_buy_url(v.get("buy_url", ""), smap.span("variants", i, "buy_url"), diags),
                channels=_channels(
                    v.get("channels"), ("variants", i), raw.get("currency", currency), smap, diags, checker
                ),
            )
        )
    channels = _channels(raw.get("channels"), (), raw.get("currency", currency), smap, diags, checker)
    if raw.get("sale_price") is not None and raw.get("price") is None and "price" not in checker.refused:
        diags.error(
            smap.span("sale_price"),
            tr("'sale_price' is set but 'price' is missing"),
            tr("give the regular price in 'price' and the reduced one in 'sale_price'"),
        )
    if raw.get("sale_ends") and raw.get("sale_price") is None:
        diags.warning(smap.span("sale_ends"), tr("'sale_ends' is set but there is no 'sale_price'; it is ignored"))
    written = _written_slug(raw, smap, diags)
    slug = written or product_slug(raw["title"], raw["sku"])
    rating = raw.get("rating", {})
    category = tuple(c.strip() for c in raw.get("category", "").split(">") if c.strip())
    product = Product(
        sku=raw["sku"],
        title=raw["title"],
        slug=slug,
        base_slug=slug,
        slug_written=written is not None,
        brand=raw.get("brand", ""),
        category=category,
        keywords=_keywords(raw.get("keywords")),
        summary=raw.get("summary", ""),
        description=raw.get("description", ""),
        highlights=raw.get("highlights", []),
        price=raw.get("price"),
        currency=raw.get("currency", currency),
        sale_price=raw.get("sale_price"),
        sale_ends=raw.get("sale_ends"),
        availability=raw.get("availability", ""),
        condition=raw.get("condition", "new"),
        **_gtin(raw.get("gtin", "")),
        mpn=raw.get("mpn", ""),
        images=images,
        attributes=raw.get("attributes", {}),
        variants=variants,
        rating_value=rating.get("value"),
        rating_count=rating.get("count"),
        reviews=[
            Review(r["author"], r["rating"], r.get("date"), r.get("body", ""), r.get("title", ""))
            for r in raw.get("reviews", [])
        ],
        channels=channels,
        buy_url=_buy_url(raw.get("buy_url", ""), smap.span("buy_url"), diags),
        invalid_fields=frozenset(checker.refused),
        faq=[Faq(f["q"], f["a"]) for f in raw.get("faq", [])],
        template=raw.get("template", ""),
        updated=raw.get("updated"),
        featured=raw.get("featured", False),
        extra=raw.get("extra"),
        google_product_category=raw.get("google_product_category", ""),
        return_policy_label=raw.get("return_policy_label", ""),
        lint_ignore=raw.get("lint", {}).get("ignore", []),
        source=smap,
        language=languages[0] if languages else "",
    )
    if raw.get("i18n") and languages:
        product.translations = check_translations(product, raw["i18n"], languages, diags)
    return product


def _written_slug(raw: dict, smap, diags: Diagnostics) -> str | None:
    """The product's own `slug:`, in address form: capitals, spaces, accents and Chinese are settled
    (with a warning saying what the address is); None when the product has none."""
    written = raw.get("slug")
    if not written or is_valid_slug(written):
        return written or None
    normal = pinyin_slug(written) if has_cjk(written) else slugify(written)
    if is_valid_slug(normal):
        diags.warning(
            smap.span("slug"),
            tr("slug {slug!r} is not in address form: the page's address uses {normal!r}", slug=written, normal=normal),
            tr("write slug: {normal}", normal=normal),
            code=CODE_SETTLED,
        )
        return normal
    diags.error(
        smap.span("slug"),
        tr("slug {slug!r} cannot be used in a web address", slug=written),
        tr(_SLUG["pattern_hint"]),
    )
    return None


def _variant_skus(raw: dict, smap, diags: Diagnostics) -> list[str]:
    """A SKU for every variant that has none: its product's SKU and its option values (LAMP-1-Black-XL),
    numbered when that is taken. Shop exports often leave variant SKUs empty; each gets a warning."""
    variants = raw.get("variants", [])
    taken = {raw["sku"].casefold()} | {v["sku"].casefold() for v in variants if v.get("sku")}
    out = []
    for i, v in enumerate(variants):
        if v.get("sku"):
            out.append(v["sku"])
            continue
        parts = [re.sub(r"[\s/\\]+", "-", str(value)).strip("-") for value in v.get("attributes", {}).values()]
        base = "-".join([raw["sku"], *(p for p in parts if p)] if any(parts) else [raw["sku"], str(i + 1)])[:64]
        sku, n = base, 2
        while sku.casefold() in taken:
            sku, n = f"{base[: 64 - len(str(n)) - 1]}-{n}", n + 1
        taken.add(sku.casefold())
        out.append(sku)
        diags.warning(
            smap.span("variants", i),
            tr("variant {n} has no SKU: it is sold as {sku!r}", n=i + 1, sku=sku),
            tr("write sku: {sku} (or the SKU your shop system uses) so orders and feeds keep it", sku=sku),
            code=CODE_SETTLED,
        )
    return out


def _channel_url_ok(url: str, span: Span, diags: Diagnostics) -> bool:
    """A channel's `url` is an absolute http(s) address a shopper can follow."""
    return _web_link(
        url,
        span,
        diags,
        mark("channel address {url!r} is not a web address"),
        mark("give the product's full address on that channel, starting with https://"),
    )


def _channels(value, key: tuple, currency: str, smap, diags: Diagnostics, checker) -> dict[str, Channel]:
    """The `channels:` mapping at `key` (a product's, or a variant's own): name -> Channel. A refused entry
    marks 'channels' as refused on `checker` (rules then leave channel prices alone)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        diags.error(
            smap.span(*key, "channels"),
            tr("'channels' must be a mapping of channel names to {price: ...}"),
            tr("for example:  tmall: {price: 39.90}"),
        )
        checker.refused.add("channels")
        return {}
    channel_checker = S.Checker(smap, diags)
    out = {}
    for name, ch in value.items():
        where = (*key, "channels", name)
        cleaned = channel_checker.check(ch, CHANNEL_SPEC, where)
        if cleaned and _channel_url_ok(cleaned.get("url", ""), smap.span(*where, "url"), diags):
            out[str(name)] = Channel(
                str(name),
                cleaned["price"],
                cleaned.get("currency", currency),
                cleaned.get("url", ""),
                cleaned.get("label", ""),
            )
    if channel_checker.refused:
        checker.refused.add("channels")
    return out


def _buy_url(url: str, span: Span, diags: Diagnostics) -> str:
    """A `buy_url` is an absolute http(s) address a shopper can follow; "" after an error."""
    ok = _web_link(
        url,
        span,
        diags,
        mark("buy address {url!r} is not a web address"),
        mark("give the full address of the product in your shop's checkout, starting with https://"),
    )
    return url if ok else ""


def _web_link(url: str, span: Span, diags: Diagnostics, message: str, hint: str) -> bool:
    """Empty or a web address (urls.web_address); else an error with `message` and `hint` (catalog texts)."""
    if not url or web_address(url):
        return True
    diags.error(span, tr(message, url=url), tr(hint))
    return False


def _inherited_sale(product: dict, variant: dict):
    """A variant without its own sale price is on sale with its product when it costs the same."""
    if "price" not in variant or variant["price"] == product.get("price"):
        return product.get("sale_price")
    return None


def _doc_slug(doc: RawDoc, diags: Diagnostics, languages: list[str] | None) -> tuple[str | None, str]:
    """(slug, language) of a guide or page from its file name: `slug.md` in the default language,
    `slug.<language>.md` in one of the others. The slug is None after an error."""
    slug, lang = document_language(doc.path, languages or [])
    if not is_valid_slug(slug):
        diags.error(
            Span(doc.path),
            tr("file name {slug!r} cannot be used in a web address", slug=slug),
            tr("rename the file with lowercase letters, digits and hyphens, like small-office-lighting.md"),
        )
        return None, ""
    if languages is None:  # shopgen.yaml has errors: its languages are unknown
        return slug, lang or ""
    if lang is not None and lang not in languages:
        diags.error(
            Span(doc.path),
            tr("the file name says it is in '{tag}', which is not one of the store's languages", tag=lang),
            tr(
                "add '{tag}' to 'languages' in shopgen.yaml (now: {languages}), or rename the file",
                tag=lang,
                languages=", ".join(languages),
            ),
        )
        return None, ""
    if lang == languages[0]:
        diags.error(
            Span(doc.path),
            tr("'{tag}' is the default language: its file is named without it", tag=lang),
            tr("rename the file to {name}.md", name=slug),
        )
        return None, ""
    return slug, lang or languages[0]


def build_guide(store_root: str, doc: RawDoc, diags: Diagnostics, languages: list[str] | None = None) -> Guide | None:
    raw = S.Checker(doc.smap, diags).check(doc.data, GUIDE_SPEC, ())
    slug, lang = _doc_slug(doc, diags, languages)
    if raw is None or slug is None:
        return None
    image = _image(store_root, doc, raw["image"], ("image",), diags) if "image" in raw else None
    return Guide(
        slug=slug,
        title=raw["title"],
        description=raw.get("description", ""),
        keywords=_keywords(raw.get("keywords")),
        products=raw.get("products", []),
        date=raw.get("date"),
        updated=raw.get("updated"),
        body=doc.body,
        body_line=doc.body_line,
        image=image,
        template=raw.get("template", ""),
        lint_ignore=raw.get("lint", {}).get("ignore", []),
        source=doc.smap,
        language=lang,
    )


def build_page(doc: RawDoc, diags: Diagnostics, languages: list[str] | None = None) -> Page | None:
    raw = S.Checker(doc.smap, diags).check(doc.data, PAGE_SPEC, ())
    slug, lang = _doc_slug(doc, diags, languages)
    if raw is None or slug is None:
        return None
    return Page(
        slug=slug,
        title=raw["title"],
        description=raw.get("description", ""),
        body=doc.body,
        body_line=doc.body_line,
        template=raw.get("template", ""),
        updated=raw.get("updated"),
        source=doc.smap,
        language=lang,
    )


def _check_unique(items, key, message: str, hint: str, diags: Diagnostics) -> None:
    """An error for each value already used; `message` and `hint` are catalog texts (`{value!r}`, `{first}`).
    `items` are (value, where) with `where()` giving the value's span: made only for values used twice."""
    items = list(items)
    counts = Counter(key(value) for value, _where in items)
    seen: dict[str, Span] = {}
    for value, where in items:
        k = key(value)
        if counts[k] < 2:
            continue
        if k in seen:
            diags.error(
                where(),
                tr(message, value=value, first=seen[k]),
                tr(hint),
                code=CODE_DUPLICATE,
                related=[seen[k]],
            )
        else:
            seen[k] = where()


def settle_slugs(products: list[Product], diags: Diagnostics) -> None:
    """Give products whose derived slugs collide (the same title in two colours, titles equal after the
    length cut) each its own readable address: the slug with the product's SKU. Deterministic whatever the
    file order; a slug an editor wrote keeps its address. One warning per group names every file."""
    groups: dict[str, list[Product]] = {}
    for p in products:
        p.slug = p.base_slug or p.slug
        groups.setdefault(p.slug, []).append(p)
    taken = set(groups)
    for slug, group in sorted(groups.items()):
        derived = sorted((p for p in group if not p.slug_written), key=lambda p: (p.sku.casefold(), p.path))
        if len(group) < 2 or not derived:
            continue
        for p in derived:
            p.slug = _unique(_slug_with_sku(p.base_slug, p.sku), taken)
        first, *others = sorted(group, key=lambda p: p.path)
        diags.warning(
            first.source.span("slug" if first.slug_written else "title"),
            tr(
                "{n} products would have the address {slug!r}: {moves}",
                n=len(group),
                slug=slug,
                moves="; ".join(f"{p.path} -> {p.slug!r}" for p in sorted(group, key=lambda p: p.path)),
            ),
            tr("give each its own 'slug:' (or a distinct title) to choose the addresses yourself"),
            code=CODE_SETTLED,
            related=[p.source.span("slug" if p.slug_written else "title") for p in others],
        )


def _slug_with_sku(slug: str, sku: str) -> str:
    tail = slugify(sku) or "product"
    head = slug[: MAX_SLUG - len(tail) - 1].rstrip("-")
    return f"{head}-{tail}" if head and head != tail else tail


def _unique(slug: str, taken: set[str]) -> str:
    """`slug`, or with -2, -3 ... when another product has it already; added to `taken`."""
    found, n = slug, 2
    while found in taken:
        suffix = f"-{n}"
        found, n = slug[: MAX_SLUG - len(suffix)].rstrip("-") + suffix, n + 1
    taken.add(found)
    return found


def _markdown_sources(products, guides, pages):
    """(owner, Markdown text, line of its first line) for every Markdown text of the store that may have
    images or product links (most texts have neither: their lines are not looked up)."""
    for p in products:
        if p.description and may_reference(p.description):
            yield p, p.description, p.description_line
        for i, f in enumerate(p.faq):
            if may_reference(f.a):
                yield p, f.a, p.source.span("faq", i, "a").line
    for doc in (*guides, *pages):
        if may_reference(doc.body):
            yield doc, doc.body, doc.body_line


def validate_store(raw: RawStore, diags: Diagnostics, base_url: str | None = None) -> Store | None:
    """Build the `Store` model from every record that could be read, errors or not (all problems are in
    `diags`: the caller fails when it has errors); None when shopgen.yaml itself is unusable."""
    config = None
    if raw.config is not None:
        config = parse_config(raw.config.data, raw.config.smap, diags, base_url)
    if config is not None:
        config = localized_config(config, config.default_language)  # lint.languages for the default
    currency = config.currency if config else "USD"
    # Without a valid config the languages are unknown: translations are checked once it is mended.
    languages = config.languages if config else None
    key = (raw.root, currency, tuple(languages or ()))
    products = [
        p
        for d in raw.products
        if (
            p := record_memo.memoized(
                d, ("product", *key), diags, lambda d=d: build_product(raw.root, d, currency, diags, languages)
            )
        )
    ]
    guides = [
        g
        for d in raw.guides
        if (
            g := record_memo.memoized(d, ("guide", *key), diags, lambda d=d: build_guide(raw.root, d, diags, languages))
        )
    ]
    pages = [
        p
        for d in raw.pages
        if (p := record_memo.memoized(d, ("page", *key), diags, lambda d=d: build_page(d, diags, languages)))
    ]
    record_memo.keep_only([*raw.products, *raw.guides, *raw.pages])

    skus = [(p.sku, functools.partial(p.source.span, "sku")) for p in products]
    skus += [
        (v.sku, functools.partial(p.source.span, "variants", v.index, "sku")) for p in products for v in p.variants
    ]
    _check_unique(
        skus,
        str.casefold,
        mark("duplicate SKU {value!r}: first defined at {first}"),
        mark("every product and variant needs its own SKU"),
        diags,
    )
    settle_slugs(products, diags)
    _check_unique(
        [
            (p.slug, functools.partial(p.source.span, "slug" if ("slug",) in p.source.spans else "title"))
            for p in products
        ],
        str,
        mark("duplicate product slug {value!r}: first defined at {first}"),
        mark("set a distinct 'slug:' on one of them"),
        diags,
    )
    known = {p.sku.casefold() for p in products} | {v.sku.casefold() for p in products for v in p.variants}
    # A product with errors of its own still exists: naming it elsewhere is not another error.
    known |= {str(d.data["sku"]).casefold() for d in raw.products if isinstance(d.data, dict) and d.data.get("sku")}
    for g in guides:
        for i, sku in enumerate(g.products):
            if sku.casefold() not in known:
                close = difflib.get_close_matches(sku, sorted({p.sku for p in products}), n=1, cutoff=0.6)
                diags.error(
                    g.source.span("products", i),
                    tr("guide names SKU {sku!r}, which no product has", sku=sku),
                    tr("did you mean '{name}'?", name=close[0])
                    if close
                    else tr("check the SKU in the product's YAML file"),
                    code=CODE_UNKNOWN_SKU,
                )
    default = languages[0] if languages else "en"
    store = Store(
        raw.root,
        config,
        products,
        [g for g in guides if g.language == default],
        [p for p in pages if p.language == default],
        language=default,
    )
    if config is not None:
        store.translations = {lang: localize_store(store, lang, guides, pages) for lang in languages[1:]}
    for lang_store in (store, *store.translations.values()):
        _check_markdown(raw.root, lang_store, known, diags)
    if config:
        for i, sku in enumerate(config.featured):
            if sku.casefold() not in known:
                diags.error(
                    config.source.span("featured", i),
                    tr("featured SKU {sku!r} is not in the catalog", sku=sku),
                    code=CODE_UNKNOWN_SKU,
                )
    if config is None:
        return None
    return store


def _check_markdown(root: str, store: Store, known: set[str], diags: Diagnostics) -> None:
    """The images and product links in the store's Markdown: each image file found (and kept for the image
    step), each SKU known. A fallback product shares its images with the default language's: done there."""
    products = [p for p in store.products if not p.fallback or p.language in p.translations]
    for item, text, line in _markdown_sources(products, store.guides, store.pages):
        for src, alt, ln in image_refs(text, line):
            if ("md", src) in {im.key for im in item.inline_images}:
                continue
            span = Span(item.path, ln)
            path = resolve_image(root, item.path, src, span, diags)
            if path:
                item.inline_images.append(Image(path, alt, ("md", src), at=span, fallback_alt=item.title))
        for sku, ln in sku_refs(text, line):
            if sku.casefold() not in known:
                diags.error(
                    Span(item.path, ln),
                    tr("product card or link names SKU {sku!r}, which no product has", sku=sku),
                    tr("check the SKU in the product's YAML file"),
                    code=CODE_UNKNOWN_SKU,
                )
