"""A store in each of its languages (`languages:` in shopgen.yaml).

A product carries its translations in `i18n: {en: {title, summary, description, ...}}`; a guide or page has
one file per language (`slug.md` in the default language, `slug.en.md` in English). Each language gets its
own copy of the store: the translated text where there is one, the default language's text where there is
not (a *fallback*, which the linter reports and the pages mark as such) — never an empty page.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from dataclasses import replace

from babel.core import Locale, UnknownLocaleError, get_global
from babel.dates import format_date
from babel.numbers import format_decimal

from .config import localized_config
from .diagnostics import Diagnostics
from .messages import tr
from .model import Faq, Guide, Keywords, Page, Product, Store
from .money import cldr_locale
from .sourcemap import LocalizedSourceMap

#: The fields a translation should give when the product has them (the missing-translation lint rule).
TRANSLATED_FIELDS = ("title", "summary", "description", "highlights", "faq", "images")


def language_prefix(tag: str) -> str:
    """The path prefix a language is published under: `/en`, `/zh-cn`."""
    return "/" + tag.lower()


@functools.lru_cache(maxsize=64)
def og_locale(tag: str) -> str:
    """The Open Graph form of a language tag, language_TERRITORY: en -> en_US, zh-CN -> zh_CN, zh-Hant -> zh_TW."""
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return tag.replace("-", "_")
    territory = locale.territory
    if not territory:
        likely = get_global("likely_subtags").get(str(locale), "")
        territory = likely.rsplit("_", 1)[-1] if likely.count("_") >= 1 else ""
    return f"{locale.language}_{territory}" if territory else locale.language


def country_name(code: str, language: str) -> str:
    """A country's name in `language` from CLDR: US -> United States, 美国, Vereinigte Staaten; the code when
    CLDR has no name for it."""
    return cldr_locale(language).territories.get(code, code)


def format_day(day: dt.date, language: str) -> str:
    """A date as `language` writes it (CLDR's medium form): Jun 30, 2027; 2027年6月30日; 30.06.2027."""
    return format_date(day, format="medium", locale=cldr_locale(language))


def format_number(value, language: str) -> str:
    """A number as `language` writes it: 4.6 in en and zh, 4,6 in de and fr."""
    return format_decimal(value, locale=cldr_locale(language))


def _category(text: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in text.split(">") if c.strip())


def check_translations(p: Product, raw: dict, languages: list[str], diags: Diagnostics) -> dict[str, dict]:
    """The product's validated `i18n` entries by the store's spelling of each language tag."""
    known = {tag.casefold(): tag for tag in languages}
    default = languages[0]
    out: dict[str, dict] = {}
    for tag, t in raw.items():
        span = p.source.key_span("i18n", tag)
        if tag.casefold() == default.casefold():
            diags.error(
                span,
                tr("'i18n.{tag}' translates the product into its default language", tag=tag),
                tr("write the {tag} text in the product's main fields and remove 'i18n.{tag}'", tag=tag),
            )
            continue
        if tag.casefold() not in known:
            diags.error(
                span,
                tr("'i18n.{tag}' is a translation into a language the store does not publish", tag=tag),
                tr(
                    "add it to 'languages' in shopgen.yaml (now: {languages}) or remove it",
                    languages=", ".join(languages),
                ),
            )
            continue
        if "category" in t and p.category and len(_category(t["category"])) != len(p.category):
            diags.error(
                p.source.span("i18n", tag, "category"),
                tr(
                    "the translated category has {n} levels but 'category' has {m}",
                    n=len(_category(t["category"])),
                    m=len(p.category),
                ),
                tr(
                    "translate each level of '{category}', keeping the ' > ' between them",
                    category=" > ".join(p.category),
                ),
            )
            continue
        for key, limit in (("images", len(p.images)), ("faq", len(p.faq)), ("variants", len(p.variants))):
            if len(t.get(key, ())) > limit:
                diags.error(
                    p.source.span("i18n", tag, key, limit),
                    tr(
                        "'i18n.{tag}.{key}' has more entries than '{key}' ({limit})",
                        tag=tag,
                        key=key,
                        limit=limit,
                    ),
                    tr("a translation gives the text of each entry of '{key}', in the same order", key=key),
                )
        out[known[tag.casefold()]] = t
    return out


def missing_fields(p: Product, lang: str) -> list[str]:
    """The text fields `p` has that its `lang` translation does not give (all of them without a translation)."""
    t = p.translations.get(lang)
    present = [f for f in TRANSLATED_FIELDS if _has(p, f)]
    if t is None:
        return present
    out = []
    for f in present:
        if f == "images":
            alts = t.get("images", [])
            if any(im.alt and (i >= len(alts) or not alts[i].get("alt")) for i, im in enumerate(p.images)):
                out.append(f)
        elif f == "faq":
            if len(t.get("faq", [])) < len(p.faq):
                out.append(f)
        elif not t.get(f):
            out.append(f)
    return out


def _has(p: Product, name: str) -> bool:
    if name == "images":
        return any(im.alt for im in p.images)
    return bool(getattr(p, name))


def localize_product(p: Product, lang: str) -> Product:
    """`p` in `lang`: its translation applied over the default language's fields."""
    t = p.translations.get(lang)
    if t is None:
        # Shares the default's images: the same files, the same alt text.
        return replace(p, language=lang, fallback=True, category_key=p.category)
    # Without a translated title the page is not a translation (whatever else is given): its canonical
    # page is the default language's, as for a product with no translation at all.
    fallback = not t.get("title")
    images = list(p.images)
    for i, im in enumerate(t.get("images", [])[: len(images)]):
        if im.get("alt"):
            images[i] = replace(images[i], alt=im["alt"], variants=[])
    title = t.get("title", p.title)
    for i, im in enumerate(images):
        if not im.alt.strip() and im.fallback_alt != title:  # the page's alt in the page's language
            images[i] = replace(im, fallback_alt=title, variants=[])
    variants = []
    given = t.get("variants", [])
    for i, v in enumerate(p.variants):
        tv = given[i] if i < len(given) else {}
        if tv or "title" in t:
            attrs = tv.get("attributes", v.attributes)
            image = replace(v.image, alt=" ".join([title, *attrs.values()]), variants=[]) if v.image else None
            v = replace(v, title=tv.get("title", v.title), attributes=attrs, image=image)
        variants.append(v)
    faq = list(p.faq)
    for i, f in enumerate(t.get("faq", [])[: len(faq)]):
        faq[i] = Faq(f["q"], f["a"])
    keywords = t.get("keywords")
    return replace(
        p,
        title=title,
        slug=t.get("slug", p.slug),
        summary=t.get("summary", p.summary),
        description=t.get("description", p.description),
        highlights=t.get("highlights", p.highlights),
        keywords=Keywords(keywords.get("primary", ""), keywords.get("secondary", [])) if keywords else p.keywords,
        category=_category(t["category"]) if "category" in t else p.category,
        attributes=t.get("attributes", p.attributes),
        faq=faq,
        images=images,
        variants=variants,
        source=LocalizedSourceMap(p.source, ("i18n", lang)),
        language=lang,
        fallback=fallback,
        category_key=p.category,
        inline_images=[],
    )


def split_language(stem: str, languages: list[str]) -> tuple[str, str | None]:
    """`small-office.en` -> ("small-office", "en"); a stem without a language suffix -> (stem, None).

    An unknown suffix comes back as it is written, for the caller to report."""
    if "." not in stem:
        return stem, None
    slug, tag = stem.rsplit(".", 1)
    known = {t.casefold(): t for t in languages}
    return slug, known.get(tag.casefold(), tag)


def document_language(path: str, languages: list[str]) -> tuple[str, str | None]:
    """(slug, language tag) of a guide or page file; the tag is None for the default language."""
    stem = posixpath.splitext(posixpath.basename(path))[0]
    return split_language(stem, languages)


def localize_documents(docs: list, lang: str, default: str) -> list:
    """The guides (or pages) of `lang`: its own files, then a fallback copy of each default-language file
    it has no translation of."""
    own = [d for d in docs if d.language == lang]
    have = {d.slug for d in own}
    fallbacks = [
        replace(d, language=lang, fallback=True, inline_images=[])
        for d in docs
        if d.language == default and d.slug not in have
    ]
    return own + fallbacks


def localize_store(store: Store, lang: str, guides: list[Guide], pages: list[Page]) -> Store:
    """The store in `lang` (not the default language): every product, and the guides and pages of that
    language with fallbacks. `guides` and `pages` are those of every language."""
    default = store.config.default_language
    return Store(
        store.root,
        localized_config(store.config, lang),
        [localize_product(p, lang) for p in store.products],
        localize_documents(guides, lang, default),
        localize_documents(pages, lang, default),
        language=lang,
    )
