"""Words in context: which hits of a claim list are claims, and which are an ordinal, a model or shade
number, or part of a name.

- 第一 followed by a counter is an ordinal: 第一季 (season 1), 第一集, 第一卷, 第一版, 第一次.
- "#1", "No.1", "number one", "TOP1" glued to a code (收缩比3#1) are part of it. They are a claim after
  "the", "our", "voted", a possessive ("America's"), Chinese text (全网NO.1), at the start of a text, or
  before "best", "seller", "brand", "in" …; after a label ("Shade #1", "Vol. 1", 色号) or between other
  words ("Lipstick #1 Ruby", "Lamp No.1") they name a model or a shade.
- A hit inside the listing's brand or one of the store's names (`lint.names`) is that name.
"""

from __future__ import annotations

import re

from ..text import match_form, plain_form
from .terms import Hit

#: Counters after 第一 that make it an ordinal (season, episode, volume, edition, time, step …), Simplified;
#: the text is compared in Simplified, so 第一集 and 第一輯 both count.
ORDINAL_COUNTERS = set("季集卷版部辑册期章回话弹代次步个件条位层年月周天晚夜节页批线课届轮场局排行款")
NUMBER_ONE = re.compile(r"(?:#|no\W*|number\W*|top\W*)(?:1|one)", re.I)
_LABELS = {
    "shade",
    "color",
    "colour",
    "tone",
    "model",
    "style",
    "type",
    "size",
    "no",
    "vol",
    "volume",
    "part",
    "series",
    "edition",
    "episode",
    "season",
    "book",
    "chapter",
    "track",
    "disc",
    "pattern",
    "version",
    "formula",
    "grade",
    "item",
    "art",
    "number",
    "nr",
    "mark",
    "mk",
}
_ZH_LABELS = ("色号", "型号", "编号", "款", "号", "色", "第")
_CLAIM_BEFORE = {"the", "our", "a", "an", "voted", "rated", "ranked", "is", "was", "as", "become", "became"}
_CLAIM_AFTER = {
    "best",
    "bestseller",
    "bestselling",
    "seller",
    "sellers",
    "selling",
    "sold",
    "brand",
    "choice",
    "rated",
    "ranked",
    "pick",
    "recommended",
    "in",
    "on",
    "for",
    "among",
    "worldwide",
    "most",
    "trusted",
    "favorite",
    "favourite",
    "product",
    "sales",
}
_WORD_BEFORE = re.compile(r"([a-z][a-z'’]*)[\W_]*$")
_WORD_AFTER = re.compile(r"^[\W_]*([a-z][a-z'’-]*)")


def is_claim(text: str, hit: Hit, names: list[tuple[int, int]] = ()) -> bool:
    """Whether `hit` in `text` is a claim, not an ordinal, a model or shade number, or a name."""
    if any(a <= hit.start and hit.end <= b for a, b in names):
        return False
    word = match_form(hit.word)
    if word.endswith("第一"):
        after = match_form(text[hit.end : hit.end + 1])
        return after not in ORDINAL_COUNTERS or not after
    if NUMBER_ONE.fullmatch(plain_form(hit.word).replace(" ", "")) or NUMBER_ONE.fullmatch(word):
        return _number_one_is_claim(text[: hit.start], text[hit.end :])
    return True


def _number_one_is_claim(before: str, after: str) -> bool:
    if before[-1:].isascii() and before[-1:].isalnum():
        return False  # glued to a code: 3#1, A#1
    before_plain, after_plain = plain_form(before).rstrip(), plain_form(after).lstrip()
    prev = _WORD_BEFORE.search(before_plain)
    nxt = _WORD_AFTER.match(after_plain)
    zh_before = match_form(before_plain[-3:])
    if (prev and prev.group(1) in _LABELS) or any(zh_before.endswith(lab) for lab in _ZH_LABELS):
        return False
    if nxt and nxt.group(1) in _CLAIM_AFTER:
        return True
    if prev and (prev.group(1) in _CLAIM_BEFORE or prev.group(1).endswith(("'s", "’s"))):
        return True
    last = before_plain[-1:]
    if not before_plain.strip() or (last and not last.isascii() and last.isalpha()):
        return True  # the start of the text, or right after Chinese: 全网NO.1
    first = after_plain[:1]
    return bool(first and not first.isascii() and first.isalpha())  # NO.1护眼台灯


def name_spans(text: str, names: list[str]) -> list[tuple[int, int]]:
    """Where the names (brand, series) occur in `text`, compared case-insensitively as written."""
    if not names or not text:
        return []
    low = text.casefold()
    spans = []
    for name in names:
        key = name.casefold().strip()
        if not key or len(low) != len(text):
            continue
        start = low.find(key)
        while start >= 0:
            spans.append((start, start + len(key)))
            start = low.find(key, start + 1)
    return spans
