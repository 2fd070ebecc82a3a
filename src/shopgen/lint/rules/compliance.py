"""Advertising compliance: absolute claims (China's Advertising Law art. 9), unverifiable claims, brand voice."""

from __future__ import annotations

from ...diagnostics import Severity, Span
from ...messages import tr
from ...text import find_terms, keyword_pattern, match_form, screen_terms
from ..rule import Finding, rule

BOTH = ("product", "guide")


def texts(item):
    """(text, where it starts, is_multiline) for every piece of shopper-facing copy of a listing; `where`
    is a source-map key (a tuple) or a line number: `_span` makes the Span only for a finding."""
    if hasattr(item, "sku"):
        yield item.title, ("title",), False
        yield item.summary, ("summary",), False
        for i, h in enumerate(item.highlights):
            yield h, ("highlights", i), False
        yield item.description, item.description_line, True
        for i, f in enumerate(item.faq):
            yield f.q, ("faq", i, "q"), False
            yield f.a, ("faq", i, "a"), False
    else:
        yield item.title, ("title",), False
        yield item.description, ("description",), False
        yield item.body, item.body_line, True


def _span(item, where) -> Span:
    return Span(item.source.path, where) if isinstance(where, int) else item.source.span(*where)


def _where(text: str, term: str, span: Span, multiline: bool) -> Span:
    """The line of a multi-line text where `term` first occurs."""
    if not multiline:
        return span
    pattern = keyword_pattern(term)
    for i, line in enumerate(text.split("\n")):
        if pattern is not None and pattern.search(match_form(line)):
            return Span(span.path, span.line + i)
    return span


def _claims(item, terms):
    pieces = [(text, where, multiline) for text, where, multiline in texts(item) if text]
    # Most listings contain none of the terms: one look at all of the copy at once rules out the
    # terms it lacks (a match in one piece is a match in the joined copy, the pieces being joined by a
    # separator the patterns treat like the start or end of a text), and the pieces are searched only
    # for the few left.
    present = screen_terms(terms, [text for text, _w, _m in pieces])
    if not present:
        return
    wanted = [t for t in terms if t in present]
    for text, where, multiline in pieces:
        for term in find_terms(wanted, text):
            yield term, _where(text, term, _span(item, where), multiline)


@rule("SG701", "absolute-claim", Severity.ERROR, scopes=BOTH)
def absolute_claim(item, ctx):
    """The copy uses an absolute or superlative claim banned by China's Advertising Law.

    ## Why
    Article 9 of the Advertising Law of the PRC forbids terms such as 国家级, 最高级 and 最佳 in
    advertising; market regulators fine listings that use 最, 第一, 顶级, 极品, 万能 and similar words,
    and marketplaces remove them. The list is a data file; extend it with `lint.terms.absolute`.

    ## Example
        title: 全网第一 最好用的护眼台灯
    Use instead:
        title: 护眼台灯 无频闪调光 Ra95高显色
    """
    for term, span in _claims(item, ctx.terms["absolute"]):
        yield Finding(
            span,
            tr("'{term}' is an absolute claim that advertising law forbids", term=term),
            tr("replace it with a specific, provable fact (a measurement, a certificate, a test)"),
        )


@rule("SG702", "unverifiable-claim", Severity.WARNING, scopes=BOTH)
def unverifiable_claim(item, ctx):
    """The copy makes a claim that cannot be verified ("#1", "best ever", "100% guaranteed", "miracle").

    ## Why
    Consumer-protection and advertising rules (FTC, ASA, EU UCPD) require claims to be substantiated;
    platforms reject listings with them, and shoppers discount them. The list is a data file; extend
    it with `lint.terms.unverifiable`.

    ## Example
        summary: The #1 desk lamp, 100% guaranteed to end eye strain.
    Use instead:
        summary: A flicker-free desk lamp (DC dimming) with CRI 95 light for long reading sessions.
    """
    for term, span in _claims(item, ctx.terms["unverifiable"]):
        yield Finding(
            span,
            tr("'{term}' is a claim that cannot be verified", term=term.removeprefix("re:")),
            tr("say what can be shown instead: a measurement, a test result, a certificate"),
        )


@rule("SG703", "brand-voice", Severity.WARNING, scopes=BOTH)
def brand_voice(item, ctx):
    """The copy uses a spelling the store's style guide replaces.

    ## Why
    Consistent names for the brand and its products ("Wi-Fi" not "wifi", "USB-C" not "type c") make
    the catalog look professional and keep search terms consistent. Set the substitutions in
    shopgen.yaml: `lint: {substitutions: {wifi: Wi-Fi, type c: USB-C}}`.

    ## Example
        title: Lamp with wifi and type c port
    Use instead:
        title: Lamp with Wi-Fi and USB-C port
    """
    if not ctx.substitutions:
        return
    for text, where, multiline in texts(item):
        if not text:
            continue
        for wrong in find_terms(list(ctx.substitutions), text):
            right = ctx.substitutions[wrong]
            if right in text and match_form(right) == match_form(wrong):
                continue  # already spelled the preferred way
            yield Finding(
                _where(text, wrong, _span(item, where), multiline),
                tr("write '{right}' instead of '{wrong}'", right=right, wrong=wrong),
                tr("the store's style guide (lint.substitutions) prefers this spelling"),
            )
