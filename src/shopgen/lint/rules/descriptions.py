"""Summary (meta description) and description rules: true, specific, keyword-led, readable on a phone."""

from __future__ import annotations

import re

from ...diagnostics import Severity, Span
from ...fingerprint import code_digest, digest
from ...markup import first_paragraph, strip_markdown
from ...messages import tr
from ...text import count_keyword, display_width, find_keyword, words
from ..memo import kept
from ..rule import Finding, rule
from ..similarity import near_duplicates

BOTH = ("product", "guide")


def summary_of(item) -> tuple[str, str]:
    """(meta description text, its field name): `summary` of a product, `description` of a guide."""
    return (item.summary, "summary") if hasattr(item, "sku") else (item.description, "description")


def body_of(item) -> tuple[str, int]:
    """(Markdown body, line of its first line): a product's description or a guide's body."""
    if hasattr(item, "sku"):
        return item.description, item.description_line
    return item.body, item.body_line


def _field_span(item, key: str) -> Span:
    return item.source.span(key) if (key,) in item.source.spans else item.source.span("title")


@rule("SG201", "summary-missing", Severity.WARNING, scopes=BOTH, fields=("summary",))
def summary_missing(item, ctx):
    """The listing has no summary (meta description).

    ## Why
    Search engines show the meta description under the title; without one they pick a random
    sentence. For products it is `summary`, for guides `description`.

    ## Example
        summary: Flicker-free LED desk lamp with 5 colour modes and a USB-C port that charges your phone.
    """
    text, key = summary_of(item)
    if not text.strip():
        yield Finding(
            _field_span(item, key),
            tr("'{key}' is missing: search results will show a random sentence", key=key),
            tr("add '{key}:' with one or two sentences that sell the product", key=key),
        )


@rule("SG202", "summary-too-short", Severity.WARNING, scopes=BOTH)
def summary_too_short(item, ctx):
    """The summary is too short to persuade a searcher to click.

    ## Why
    A meta description of a few words wastes the two lines a search result gives you.

    ## Example
        summary: A desk lamp.
    Use instead:
        summary: Flicker-free LED desk lamp with 5 colour modes and a USB-C port that charges your phone.
    """
    text, key = summary_of(item)
    width = display_width(text.strip())
    if 0 < width < ctx.profile.summary_min:
        yield Finding(
            _field_span(item, key),
            tr(
                "'{key}' is {width} columns wide; aim for {summary_min}–{summary_max}",
                key=key,
                width=width,
                summary_min=ctx.profile.summary_min,
                summary_max=ctx.profile.summary_max,
            ),
            tr("add the main benefit and what makes it different"),
        )


@rule("SG203", "summary-too-long", Severity.WARNING, scopes=BOTH)
def summary_too_long(item, ctx):
    """The summary is longer than search results show.

    ## Why
    Google cuts meta descriptions at about 160 columns (a Chinese character counts two); the end of a
    longer one is lost.

    ## Example
        summary: (three sentences of specifications)
    Use instead: one or two sentences; move the specifications into the description.
    """
    text, key = summary_of(item)
    width = display_width(" ".join(text.split()))
    if width > ctx.profile.summary_max:
        yield Finding(
            _field_span(item, key),
            tr(
                "'{key}' is {width} columns wide; search results show about {summary_max}",
                key=key,
                width=width,
                summary_max=ctx.profile.summary_max,
            ),
            tr("shorten it to one or two sentences"),
        )


@rule("SG204", "summary-missing-keyword", Severity.WARNING, scopes=BOTH)
def summary_missing_keyword(item, ctx):
    """The summary does not contain the primary keyword.

    ## Why
    Search engines bold the words of the query in the description; a description that contains the
    keyword confirms to the searcher that the page answers the search.

    ## Example
        keywords: {primary: led desk lamp}
        summary: A bright light for your home office.
    Use instead:
        summary: A flicker-free LED desk lamp for your home office, with a USB-C charging port.
    """
    kw = item.keywords.primary
    text, key = summary_of(item)
    if kw and text.strip() and find_keyword(kw, text) is None:
        yield Finding(
            _field_span(item, key),
            tr("'{key}' does not contain the primary keyword '{kw}'", key=key, kw=kw),
            tr("work '{kw}' into the first sentence", kw=kw),
        )


@rule("SG205", "intro-missing-keyword", Severity.WARNING, scopes=BOTH)
def intro_missing_keyword(item, ctx):
    """The first paragraph of the description does not contain the primary keyword.

    ## Why
    The opening paragraph is what shoppers read and what search engines weigh most in the body: it
    should name the search it answers, then the pain point it solves.

    ## Example
        keywords: {primary: gooseneck kettle}
        description: |
          Great coffee starts with water.
    Use instead:
        description: |
          A gooseneck kettle pours slowly and precisely, which is what pour-over coffee needs.
    """
    kw = item.keywords.primary
    body, line = body_of(item)
    intro = first_paragraph(body)
    if kw and intro and find_keyword(kw, strip_markdown(intro)) is None:
        yield Finding(
            Span(item.source.path, line + _line_in(body, intro)),
            tr("the first paragraph does not contain the primary keyword '{kw}'", kw=kw),
            tr("name '{kw}' in the opening sentence", kw=kw),
        )


def _line_in(body: str, para: str) -> int:
    first_words = para.split()[0] if para.split() else ""
    pos = body.find(first_words)
    return body.count("\n", 0, pos) if pos >= 0 else 0


@rule("SG206", "keyword-stuffing", Severity.WARNING, scopes=BOTH)
def keyword_stuffing(item, ctx):
    """The primary keyword is repeated so often that the text reads as stuffed.

    ## Why
    Above a few percent of the words, repetition no longer helps ranking and search engines treat it
    as spam; shoppers notice too. Density counts the keyword's words (for Chinese, its characters)
    against all words of the summary and description.

    ## Example
        The LED desk lamp is the LED desk lamp for people who need an LED desk lamp.
    Use instead: name the keyword once or twice; use synonyms and specifics elsewhere.
    """
    kw = item.keywords.primary
    body, _ = body_of(item)
    summary, _key = summary_of(item)
    text = summary + "\n" + strip_markdown(body)
    hits = count_keyword(kw, text) if kw else 0
    if hits < 4:  # (counting the words costs more than counting the keyword)
        return
    total = len(words(text))
    if total >= 40:
        density = hits * len(words(kw)) / total
        if density > ctx.profile.density_max:
            yield Finding(
                _field_span(item, "description" if hasattr(item, "sku") else "title"),
                tr(
                    "the keyword '{kw}' makes up {density:.1%} of the text ({hits} times in {total} words); "
                    "keep it under {density_max:.1%}",
                    kw=kw,
                    density=density,
                    hits=hits,
                    total=total,
                    density_max=ctx.profile.density_max,
                ),
                tr("replace some repetitions with specifics or related terms"),
            )


@rule("SG207", "paragraph-too-long", Severity.WARNING, scopes=BOTH)
def paragraph_too_long(item, ctx):
    """A paragraph is too long to read comfortably on a phone.

    ## Why
    On a phone a long paragraph is a wall of text; shoppers skim and leave. Keep paragraphs to a few
    sentences (about 80 English words or 240 Chinese characters).

    ## Example
        (one paragraph of 200 words)
    Use instead: split it at each new idea, or make a bulleted list of features.
    """
    body, line = body_of(item)
    offset = 0
    for block in re.split(r"(\n\s*\n)", body):
        # a character is at most two columns wide: most paragraphs are short enough without measuring
        if (
            2 * len(block) > ctx.profile.paragraph_max
            and block.strip()
            and not block.lstrip().startswith(("|", "```", "-", "*", "#", ">"))
        ):
            width = display_width(" ".join(strip_markdown(block).split()))
            if width > ctx.profile.paragraph_max:
                lead = len(block) - len(block.lstrip("\n"))
                yield Finding(
                    Span(item.source.path, line + offset + lead),
                    tr(
                        "this paragraph is {width} columns wide; on a phone keep paragraphs under {paragraph_max}",
                        width=width,
                        paragraph_max=ctx.profile.paragraph_max,
                    ),
                    tr("split it into shorter paragraphs or a bulleted list"),
                )
        offset += block.count("\n")


@rule("SG208", "highlights-missing", Severity.WARNING, fields=("highlights",))
def highlights_missing(item, ctx):
    """The product has no highlights (key selling points).

    ## Why
    The first screen of a product page shows the highlights next to the price: three short,
    specific selling points are what a shopper reads before deciding to scroll.

    ## Example
        highlights: [Flicker-free dimming, USB-C port charges a phone, Folds flat]
    """
    if not item.highlights:
        yield Finding(
            item.source.span("title"),
            tr("the product has no highlights"),
            tr("add 'highlights:' with three short selling points"),
        )


@rule("SG209", "description-too-short", Severity.WARNING)
def description_too_short(item, ctx):
    """The description is too short to answer a shopper's questions.

    ## Why
    A description of a sentence or two leaves out what a shopper compares: size, materials, what is in
    the box, how it is used. Thin pages also rank poorly.

    ## Example
        description: A nice lamp.
    Use instead: a few short paragraphs on the problem it solves, the key features and the specifications.
    """
    width = display_width(" ".join(strip_markdown(item.description).split()))
    if width == 0:
        yield Finding(
            item.source.span("title"),
            tr("the product has no description"),
            tr("add 'description:' on the problem it solves, the key features and the specifications"),
        )
    elif width < ctx.profile.description_min:
        yield Finding(
            _field_span(item, "description"),
            tr(
                "the description is {width} columns wide; aim for at least {description_min}",
                width=width,
                description_min=ctx.profile.description_min,
            ),
            tr("describe the problem it solves, the key features and the specifications"),
        )


_last_index: tuple[str, dict] = ("", {})


def near_duplicate_index(ctx) -> dict[str, list[tuple[str, float]]]:
    """SKU -> [(SKU of a product with a nearly equal description, similarity)] (plain data: a worker
    process builds it while others lint). Kept while no SKU or description changes: in this process
    (`shopgen serve` lints each edited listing) and in the store's cache folder (the next `shopgen lint`)."""
    global _last_index
    products = ctx.site.products
    key = digest([code_digest(), *(part for p in products for part in (p.sku, p.description))])
    if _last_index[0] != key:

        def make():
            found = near_duplicates(products)
            return {sku: [(o.sku, sim) for o, sim in pairs] for sku, pairs in sorted(found.items())}

        _last_index = (key, kept(ctx.cache_folder, "near-duplicates.json", key, make))
    return _last_index[1]


@rule(
    "SG210",
    "description-near-duplicate",
    Severity.WARNING,
    catalog_wide=True,
    costly_index=("near-duplicates", near_duplicate_index),
)
def description_near_duplicate(item, ctx):
    """The description is nearly the same as another listing's.

    ## Why
    Search engines fold near-duplicate pages together and show one; shoppers cannot tell the products
    apart. Similarity is measured on overlapping runs of four words (a Chinese character counts as a
    word), so it works for Chinese too.

    ## Example
        two lamps whose descriptions differ only in the colour name
    Use instead: say what is specific to each: size, use, material, who it is for.
    """
    pairs = ctx.cached("near-duplicates", lambda: near_duplicate_index(ctx))
    for sku, similarity in pairs.get(item.sku, []):
        other = ctx.site.product_by_sku[sku.casefold()]
        yield Finding(
            _field_span(item, "description"),
            tr(
                "the description is {similarity:.0%} the same as {sku} ({path})",
                similarity=similarity,
                sku=other.sku,
                path=other.source.path,
            ),
            tr("rewrite it around what is specific to this product"),
        )
