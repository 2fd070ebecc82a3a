"""Multi-language rules: every listing translated into each of the store's languages."""

from __future__ import annotations

from ...diagnostics import Severity, Span
from ...localize import missing_fields
from ...messages import tr
from ..rule import Finding, rule


def _other_languages(item, ctx) -> list[str]:
    """The store's other languages, when `item` is in the default one (translations are checked from there)."""
    languages = ctx.config.languages
    return languages[1:] if item.language == languages[0] else []


@rule("SG801", "translation-missing", Severity.WARNING)
def translation_missing(item, ctx):
    """The product has no translation, or an incomplete one, into one of the store's languages.

    ## Why
    A shopper who reads the store in another language sees the untranslated text in the default language
    instead — better than an empty page, but they may not understand it, and search engines do not list it
    as a page in their language (its canonical page is the original).

    ## Example
        i18n:
          en:
            title: LED Desk Lamp with USB-C Port
            summary: ...
            description: |
              ...
    """
    for lang in _other_languages(item, ctx):
        missing = missing_fields(item, lang)
        if not missing:
            continue
        if lang not in item.translations:
            yield Finding(
                item.source.span("sku"),
                tr("no {language} translation: the {language} page shows this text untranslated", language=lang),
                tr("add 'i18n: {{{language}: {{title: ..., summary: ..., description: ...}}}}'", language=lang),
            )
        elif "title" in missing:
            yield Finding(
                item.source.key_span("i18n", lang),
                tr(
                    "the {language} translation has no title: the {language} page counts as untranslated",
                    language=lang,
                ),
                tr("add 'title:' under 'i18n.{language}'", language=lang),
            )
        else:
            yield Finding(
                item.source.key_span("i18n", lang),
                tr(
                    "the {language} translation lacks {fields}: the {language} page shows them untranslated",
                    language=lang,
                    fields=", ".join(missing),
                ),
                tr("add them under 'i18n.{language}'", language=lang),
            )


@rule("SG802", "guide-translation-missing", Severity.WARNING, scopes=("guide",), catalog_wide=True)
def guide_translation_missing(item, ctx):
    """The guide has no file in one of the store's languages.

    ## Why
    Readers in that language get the guide in the default language, and search engines do not list it for
    them: the guide earns no traffic in that language.

    ## Example
        content/guides/home-office-lighting.md      (the default language)
        content/guides/home-office-lighting.en.md   (its English translation)
    """
    if item.language != ctx.config.languages[0]:
        return
    for site in ctx.site.sites[1:]:
        if item.slug in _untranslated_guides(site, ctx):
            folder = item.path.rsplit("/", 1)[0]
            yield Finding(
                Span(item.path, 1),
                tr("no {language} translation of this guide", language=site.language),
                tr("write it in {path}", path=f"{folder}/{item.slug}.{site.language}.md"),
            )


def _untranslated_guides(site, ctx) -> set[str]:
    """The slugs of the guides `site` shows in the default language, once per lint run."""
    return ctx.cached(f"untranslated-guides:{site.language}", lambda: {g.slug for g in site.guides if g.fallback})
