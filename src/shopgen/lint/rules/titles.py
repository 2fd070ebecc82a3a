"""Title rules: the core search keyword, near the start, at a length the channel shows."""

from __future__ import annotations

from ...diagnostics import Severity
from ...text import display_width, find_keyword, width_before
from ..rule import Finding, rule

BOTH = ("product", "guide")


def _title_span(item):
    return item.source.span("title")


@rule("SG100", "primary-keyword-missing", Severity.WARNING, scopes=BOTH, at_build=True)
def primary_keyword_missing(item, ctx):
    """The listing names no primary keyword.

    ## Why
    The primary keyword is the search a shopper types to find this listing; without it
    shopgen cannot check that the title and description answer that search.

    ## Example
        keywords:
          primary: led desk lamp
          secondary: [dimmable desk lamp, usb desk lamp]
    """
    if not item.keywords.primary:
        yield Finding(
            item.source.span("keywords") if ("keywords",) in item.source.spans else _title_span(item),
            "no primary keyword is set",
            "add keywords: {primary: <what shoppers search for>}",
        )


@rule("SG101", "title-missing-keyword", Severity.WARNING, scopes=BOTH, at_build=True)
def title_missing_keyword(item, ctx):
    """The title does not contain the primary keyword.

    ## Why
    Search engines and marketplaces match the title first. Matching ignores case, spacing and
    punctuation, full-width forms, and Simplified/Traditional Chinese differences.

    ## Example
        title: Aluminium Reading Light with USB-C      # keyword "led desk lamp" missing
    Use instead:
        title: LED Desk Lamp, Dimmable, with USB-C Port
    """
    kw = item.keywords.primary
    if kw and find_keyword(kw, item.title) is None:
        yield Finding(
            _title_span(item),
            f"the title does not contain the primary keyword '{kw}'",
            f"put '{kw}' in the title, near its start",
        )


@rule("SG102", "keyword-not-near-start", Severity.WARNING, scopes=BOTH, at_build=True)
def keyword_not_near_start(item, ctx):
    """The primary keyword appears late in the title.

    ## Why
    Search results cut long titles and shoppers scan the first words; a keyword past the cut is
    invisible. The profile's `keyword_window` says how many columns count as "near the start".

    ## Example
        title: Modern Minimalist Home Office Study Bedroom Adjustable LED Desk Lamp
    Use instead:
        title: LED Desk Lamp for Home Office, Adjustable, Minimalist
    """
    kw = item.keywords.primary
    pos = find_keyword(kw, item.title) if kw else None
    if pos is not None:
        start = width_before(item.title, pos)
        window = ctx.profile.keyword_window
        if start > window:
            yield Finding(
                _title_span(item),
                f"the keyword '{kw}' starts at column {start}; the {ctx.profile.name} "
                f"profile wants it within the first {window}",
                f"move '{kw}' to the front of the title",
            )


@rule("SG103", "title-too-long", Severity.WARNING, scopes=BOTH, at_build=True)
def title_too_long(item, ctx):
    """The title is wider than the profile shows.

    ## Why
    Google shows about 60 columns of a title; Taobao allows 30 Chinese characters (60 bytes).
    Words past the limit are cut off. A Chinese character counts as two columns.

    ## Example
        title: Ultra Comfortable Premium Merino Wool Crew Socks for Men and Women, 3 Pack
    Use instead:
        title: Merino Wool Crew Socks, 3-Pack
    """
    width = display_width(item.title)
    p = ctx.profile
    if len(item.title) > p.title_hard_max:
        yield Finding(
            _title_span(item),
            f"the title has {len(item.title)} characters; the {p.name} profile accepts at most {p.title_hard_max}",
            "shorten it; move details into the highlights or description",
        )
    elif width > p.title_max:
        yield Finding(
            _title_span(item),
            f"the title is {width} columns wide; the {p.name} profile shows {p.title_max}",
            "shorten it, or move details such as sizes and colours later or into the description",
        )


@rule("SG104", "title-too-short", Severity.WARNING, scopes=BOTH, at_build=True)
def title_too_short(item, ctx):
    """The title is too short to carry the keyword and a value signal.

    ## Why
    A title that only names the product ("Desk Lamp") wastes the space that tells a shopper why
    to click: the brand, the key feature, the size.

    ## Example
        title: Desk Lamp
    Use instead:
        title: LED Desk Lamp, Dimmable, 5 Colour Modes
    """
    width = display_width(item.title)
    p = ctx.profile
    if width < p.title_min:
        yield Finding(
            _title_span(item),
            f"the title is {width} columns wide; the {p.name} profile expects at least {p.title_min}",
            "add the brand, the key feature or the size",
        )
