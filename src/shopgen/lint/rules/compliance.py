"""Advertising compliance: absolute claims (China's Advertising Law art. 9), unverifiable claims, brand voice."""

from __future__ import annotations

from ...diagnostics import Severity, Span
from ...messages import tr
from ...text import find_terms, keyword_pattern, match_form
from .. import terms as T
from ..claims import is_claim, name_spans
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


def _where(text: str, term: str, span: Span, multiline: bool, start: int | None = None) -> Span:
    """The line of a multi-line text where `term` first occurs (or where the text's position `start` is)."""
    if not multiline:
        return span
    if start is not None:
        return Span(span.path, span.line + text.count("\n", 0, start))
    pattern = keyword_pattern(term)
    for i, line in enumerate(text.split("\n")):
        if pattern is not None and pattern.search(match_form(line)):
            return Span(span.path, span.line + i)
    return span


def _claims(item, ctx, terms):
    """(the claim as written, where) for each claim of `terms` in the listing's copy, each word once per
    piece of copy; ordinals, model and shade numbers and names are not claims (claims.py)."""
    pieces = [(text, where, multiline) for text, where, multiline in texts(item) if text]
    # Most listings contain none of the terms: one look at all of the copy at once rules out the
    # terms it lacks (a match in one piece is a match in the joined copy, the pieces being joined by a
    # separator the patterns treat like the start or end of a text), and the pieces are searched only
    # for the few left.
    wanted = T.screen(terms, [text for text, _w, _m in pieces])
    if not wanted:
        return
    names = ctx.names_of(item)
    for text, where, multiline in pieces:
        hits = T.find(wanted, text)
        if not hits:
            continue
        spans = name_spans(text, names)
        seen = set()
        for hit in hits:
            key = match_form(hit.word)
            if key in seen or not is_claim(text, hit, spans):
                continue
            seen.add(key)
            yield hit.word, _where(text, hit.term, _span(item, where), multiline, hit.start)


@rule("SG701", "absolute-claim", Severity.ERROR, scopes=BOTH, markets=("CN",))
def absolute_claim(item, ctx):
    """The copy uses an absolute or superlative claim banned by China's Advertising Law.

    ## Why
    Article 9 of the Advertising Law of the PRC forbids terms such as 国家级, 最高级 and 最佳 in
    advertising; market regulators fine listings that use 最, 第一, 顶级, 极品, 万能 and similar words,
    and marketplaces remove them. It applies to listings sold in mainland China (`market: CN`, or a
    channel such as tmall or jd). Ordinals (第一季, 第一次), model and shade numbers ("Shade #1") and the
    brand are not claims. The list is a data file; extend it with `lint.terms.absolute`.

    ## Example
        title: 全网第一 最好用的护眼台灯
    Use instead:
        title: 护眼台灯 无频闪调光 Ra95高显色
    """
    for word, span in _claims(item, ctx, ctx.terms["absolute"]):
        yield _provable(span, tr("'{term}' is an absolute claim that advertising law forbids", term=word))


@rule("SG702", "unverifiable-claim", Severity.WARNING, scopes=BOTH)
def unverifiable_claim(item, ctx):
    """The copy makes a claim that cannot be verified ("#1", "best ever", "100% guaranteed", "miracle").

    ## Why
    Consumer-protection and advertising rules (FTC, ASA, EU UCPD; China's Advertising Law art. 28,
    Taiwan's Fair Trade Act art. 21) require claims to be substantiated; platforms reject listings with
    them, and shoppers discount them. A number that names a model or a shade ("Shade #1", "Lipstick #1
    Ruby") is not a claim. The list is a data file; extend it with `lint.terms.unverifiable`.

    ## Example
        summary: The #1 desk lamp, 100% guaranteed to end eye strain.
    Use instead:
        summary: A flicker-free desk lamp (DC dimming) with CRI 95 light for long reading sessions.
    """
    for word, span in _claims(item, ctx, ctx.terms["unverifiable"]):
        yield Finding(
            span,
            tr("'{term}' is a claim that cannot be verified", term=word),
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


@rule("SG704", "superlative-claim", Severity.WARNING, scopes=BOTH, markets=("TW", "HK"))
def superlative_claim(item, ctx):
    """The copy uses a superlative (最佳, 第一, 頂級 …) that the seller must be able to prove.

    ## Why
    Taiwan and Hong Kong do not ban these words as mainland China's Advertising Law does (SG701), but
    a superlative is a statement of fact: Taiwan's Fair Trade Act art. 21 forbids false or misleading
    representations in advertising, and the Fair Trade Commission treats 最, 第一 or 唯一 as misleading
    unless the seller can prove them; Hong Kong's Trade Descriptions Ordinance (Cap. 362) makes a false
    trade description an offence. Keep them only with the proof at hand. The words are those of
    `lint.terms.absolute`, matched as written (Traditional or Simplified).

    ## Example
        title: 全網第一 最好用的護眼檯燈
    Use instead:
        title: 護眼檯燈 無頻閃調光 Ra95高顯色
    """
    for word, span in _claims(item, ctx, ctx.terms["absolute"]):
        yield _provable(span, tr("'{term}' is a superlative claim: keep it only if you can prove it", term=word))


def _provable(span: Span, message: str) -> Finding:
    """A claim's finding, with the hint to replace it by a provable fact."""
    return Finding(
        span, message, tr("replace it with a specific, provable fact (a measurement, a certificate, a test)")
    )
