"""Title rules: the core search keyword, near the start, at a length the channel shows."""

from __future__ import annotations

import re
from collections import Counter

from ...diagnostics import Severity
from ...messages import tr
from ...text import display_width, find_keyword, has_cjk, match_form, width_before
from .. import terms as T
from ..rule import Finding, rule

BOTH = ("product", "guide")


def _title_span(item):
    return item.source.span("title")


@rule("SG100", "primary-keyword-missing", Severity.WARNING, scopes=BOTH, at_build=True, fields=("keywords",))
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
            tr("no primary keyword is set"),
            tr("add keywords: {primary: <what shoppers search for>}"),
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
            tr("the title does not contain the primary keyword '{kw}'", kw=kw),
            tr("put '{kw}' in the title, near its start", kw=kw),
        )


@rule("SG102", "keyword-not-near-start", Severity.WARNING, scopes=BOTH, at_build=True)
def keyword_not_near_start(item, ctx):
    """The primary keyword appears late in the title.

    ## Why
    Search results cut long titles and shoppers scan the first words; a keyword past the cut is
    invisible. The profile's `keyword_window` says how many columns count as "near the start", after the
    brand when the title opens with it (brand first is how good marketplace titles are written).

    ## Example
        title: Modern Minimalist Home Office Study Bedroom Adjustable LED Desk Lamp
    Use instead:
        title: LED Desk Lamp for Home Office, Adjustable, Minimalist
    """
    kw = item.keywords.primary
    pos = find_keyword(kw, item.title) if kw else None
    if pos is not None:
        start = width_before(item.title, pos)
        window = ctx.profile.keyword_window + _leading_brand_width(item)
        if start > window:
            yield Finding(
                _title_span(item),
                tr(
                    "the keyword '{kw}' starts at column {start}; the {name} profile wants it within the "
                    "first {window}",
                    kw=kw,
                    start=start,
                    name=ctx.profile.name,
                    window=window,
                ),
                tr("move '{kw}' to the front of the title", kw=kw),
            )


def _leading_brand_width(item) -> int:
    """The columns the product's brand takes when the title opens with it (and the space after it)."""
    brand = (getattr(item, "brand", "") or "").strip()
    title = item.title.lstrip()
    if brand and title.casefold().startswith(brand.casefold()):
        return width_before(title, len(brand)) + (1 if title[len(brand) : len(brand) + 1].isspace() else 0)
    return 0


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
            tr(
                "the title has {length} characters; the {name} profile accepts at most {title_hard_max}",
                length=len(item.title),
                name=p.name,
                title_hard_max=p.title_hard_max,
            ),
            tr("shorten it; move details into the highlights or description"),
        )
    elif width > p.title_max:
        yield Finding(
            _title_span(item),
            tr(
                "the title is {width} columns wide; the {name} profile shows {title_max}",
                width=width,
                name=p.name,
                title_max=p.title_max,
            ),
            tr("shorten it, or move details such as sizes and colours later or into the description"),
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
            tr(
                "the title is {width} columns wide; the {name} profile expects at least {title_min}",
                width=width,
                name=p.name,
                title_min=p.title_min,
            ),
            tr("add the brand, the key feature or the size"),
        )


_CAPS_RE = re.compile(r"\b[A-Z]{5,}\b")


@rule("SG105", "title-all-caps", Severity.WARNING)
def title_all_caps(item, ctx):
    """The title has words in ALL CAPS.

    ## Why
    Capitals read as shouting; Google Merchant Center disapproves titles with excessive capitals and
    marketplaces reject them. Short acronyms (LED, USB, 4K) are fine, and so are the product's `brand`
    and the store's names (`lint.names`) written as the brand writes them (GUCCI).

    ## Example
        title: LED Desk Lamp, SUPER BRIGHT, Dimmable
    Use instead:
        title: LED Desk Lamp, Extra Bright, Dimmable
    """
    words = _CAPS_RE.findall(item.title)
    if words:
        named = {w for name in ctx.names_of(item) for w in re.findall(r"\w+", name.casefold())}
        words = [w for w in words if w.casefold() not in named]
    if words:
        yield Finding(
            _title_span(item),
            tr("the title has words in capitals: {words}", words=", ".join(words)),
            tr("write them in normal case; keep capitals for acronyms such as LED or USB"),
        )


@rule("SG106", "title-promotional", Severity.WARNING)
def title_promotional(item, ctx):
    """The title contains promotional text ("free shipping", "sale", "包邮", "爆款", "限时" ...).

    ## Why
    A title names the product. Google Merchant Center disapproves promotional text in titles and
    Taobao demotes it; the price, the sale badge and the shipping promise already say it on the page.
    Terms match as written: a one-character term such as 折 (of 5折) only as a word of its own, so
    折叠 and 摺疊 (folding) are not discounts. The terms are a data file; add your own under
    `lint.terms.promotional` in shopgen.yaml.

    ## Example
        title: 爆款 LED护眼台灯 包邮 限时特价
    Use instead:
        title: LED护眼台灯 无频闪调光 USB-C充电
    """
    found = dict.fromkeys(hit.word for hit in T.find(ctx.terms["promotional"], item.title))
    if found:
        shown = ", ".join(repr(w) for w in found)
        yield Finding(
            _title_span(item),
            tr("the title contains promotional text: {shown}", shown=shown),
            tr("remove it from the title; sales and shipping are shown next to the price"),
        )


_STOP = {"and", "the", "for", "with", "of", "in", "on", "a", "an", "to", "or", "by", "x"}


@rule("SG107", "title-repeated-word", Severity.WARNING, scopes=BOTH)
def title_repeated_word(item, ctx):
    """The same word appears more than once in the title (keyword stuffing).

    ## Why
    Repeating a keyword does not rank a listing higher; search engines and marketplaces treat it as
    stuffing and it wastes the characters a shopper reads. For Chinese, a repeated two-character word
    counts the same way. A repetition inside the brand or one of the store's names (`lint.names`:
    樂扣樂扣) is the name, not stuffing; the name itself said twice is.

    ## Example
        title: Desk Lamp LED Desk Lamp for Desk
    Use instead:
        title: LED Desk Lamp for Home Office
    """
    norm = written = match_form(item.title)
    names = Counter()
    for name in sorted({match_form(n).strip() for n in ctx.names_of(item)} - {""}, key=len, reverse=True):
        if name in norm:
            names[name] = norm.count(name)
            norm = norm.replace(name, "|")
    latin = [w for w in re.findall(r"[0-9a-z]+", norm) if len(w) > 2 and w not in _STOP and not w.isdigit()]
    counts = Counter(latin) + names
    cjk = re.sub(r"[^\u4e00-\u9fff]+", "|", norm)
    grams = Counter(seg[i : i + 2] for seg in cjk.split("|") for i in range(len(seg) - 1))
    repeated = sorted(w for w, n in counts.items() if n > 1) + sorted(g for g, n in grams.items() if n > 1)
    if repeated:
        yield Finding(
            _title_span(item),
            tr(
                "the title repeats {words}",
                words=", ".join(repr(_as_written(item.title, written, w)) for w in repeated),
            ),
            tr("say each word once; put other search terms in the description or keywords"),
        )


def _as_written(title: str, norm: str, word: str) -> str:
    """`word` (of the title's `match_form`) as the title writes it: 保鮮 for 保鲜, Desk for desk."""
    at = norm.find(word)
    return title[at : at + len(word)] if at >= 0 and len(norm) == len(title) else word


# Characters marketplaces reject in titles (Amazon's list) plus decorative symbols and emoji.
_SPECIAL_RE = re.compile(r"[!$?_{}^¬¦~*<>|\\™®©★☆♥❤●◆■▲►✓✔→←【】\U0001F000-\U0001FAFF\u2600-\u27BF]")


# A `*` between a quantity and a number is a multiplication sign in a pack size (450g*6袋, 2*3m), not decoration.
_PACK_SIZE_RE = re.compile(r"(?<=[0-9A-Za-z\u4e00-\u9fff])\*(?=[0-9])")


@rule("SG108", "title-special-characters", Severity.WARNING)
def title_special_characters(item, ctx):
    """The title contains characters marketplaces reject (!, ?, $, *, ™, ★, 【】, emoji ...).

    ## Why
    Amazon suppresses titles with characters such as ! $ ? _ { } ^ ¬ ¦; Google disapproves
    gimmicky symbols and emoji. They also break on some feeds and devices.

    ## Example
        title: ★ LED Desk Lamp!!! ™
    Use instead:
        title: LED Desk Lamp, Dimmable
    """
    chars = sorted(set(_SPECIAL_RE.findall(_PACK_SIZE_RE.sub("", item.title))))
    if chars:
        yield Finding(
            _title_span(item),
            tr("the title contains {chars}", chars=" ".join(chars)),
            tr("remove these characters; use commas or hyphens to separate parts"),
        )


@rule("SG109", "title-duplicate", Severity.WARNING, scopes=BOTH, catalog_wide=True)
def title_duplicate(item, ctx):
    """Another listing has the same title.

    ## Why
    Two pages with one title compete for the same search and confuse shoppers; search engines may
    show only one. Make each title say what differs (size, colour, model).

    ## Example
        catalog/a.yaml  title: Ceramic Coffee Mug
        catalog/b.yaml  title: Ceramic Coffee Mug
    Use instead:
        title: Ceramic Coffee Mug 350 ml, Sage
    """

    def index():
        found = {}
        for other in [*ctx.site.products, *ctx.site.guides]:
            found.setdefault(match_form(" ".join(other.title.split())), []).append(other)
        return found

    same = [o for o in ctx.cached("titles", index)[match_form(" ".join(item.title.split()))] if o is not item]
    if same:
        yield Finding(
            _title_span(item),
            tr("{path} has the same title", path=same[0].source.path)
            if len(same) == 1
            else tr("{path} has the same title (and {more} more)", path=same[0].source.path, more=len(same) - 1),
            tr("add what makes this one different: size, colour, model or use"),
        )


@rule("SG110", "slug-follows-title", Severity.INFO, fields=("slug",))
def slug_follows_title(item, ctx):
    """The product's web address is made from its title, so editing the title moves the page.

    ## Why
    A page that changes address loses its search ranking and breaks every link and ad pointing at it.
    Set `slug` once and keep it when the title is reworded. (Products with Chinese titles take their
    address from the SKU, which is stable already; `shopgen new product` writes a slug for you.)

    ## Example
        title: LED Desk Lamp, Dimmable          # address /products/led-desk-lamp-dimmable/
    Use instead:
        title: LED Desk Lamp, Dimmable
        slug: led-desk-lamp-dimmable            # stays when the title changes
    """
    if ("slug",) not in item.source.spans and not has_cjk(item.title):
        yield Finding(
            _title_span(item),
            tr(
                "the address /products/{slug}/ is made from the title and will change when the title does",
                slug=item.slug,
            ),
            tr("add 'slug: {slug}' to keep it", slug=item.slug),
        )
