"""Term lists (claims, promotional words) matched on the text as the editor wrote it.

The text is compared in its `plain_form` (NFKC, case-folded) and keeps its script: a Simplified term
is also looked for in its Traditional spellings (OpenCC, word by word: 顶级 -> 頂級, 折叠 -> 摺疊), so a
Traditional character that Simplified conversion would fold into a term (摺 -> 折) never matches it.
A term with a single Chinese character (折 of "5折") matches only a whole word of the text, as the
segmenter (jieba, loaded on first need) cuts it: 折 in 5折 is the discount, in 折叠 it is not.
Each hit carries the words as written in the listing, for the message.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from ..text import _CJK_RE, _s2t, _t2s, build_pattern, has_cjk, match_form, plain_form, units

_CJK_ONE = re.compile(_CJK_RE.pattern)


@dataclass(frozen=True)
class Hit:
    """One occurrence of a term in a text."""

    term: str  # the list entry
    word: str  # the text as written there
    start: int  # in the text
    end: int


@dataclass(frozen=True)
class _Entry:
    term: str
    anchor: str  # a literal every match contains (a cheap pre-check); "" for a regular expression
    pattern: re.Pattern
    whole_word: bool  # one Chinese character: it must be a word of its own


@functools.lru_cache(maxsize=4)
def _converters():
    import opencc

    return [_t2s(), _s2t(), opencc.OpenCC("s2tw"), opencc.OpenCC("s2hk")]


def spellings(term: str) -> list[str]:
    """The term in its Simplified and Traditional spellings (itself first)."""
    if not has_cjk(term):
        return [term]
    return list(dict.fromkeys([term, *(c.convert(term) for c in _converters())]))


@functools.lru_cache(maxsize=64)
def compiled(terms: tuple[str, ...]) -> tuple[_Entry, ...]:
    out = []
    for term in terms:
        for spelled in spellings(term):
            pattern = build_pattern(spelled, plain_form)
            if pattern is None:
                continue
            body = spelled[3:] if spelled.startswith("re:") else spelled
            one = len(_CJK_ONE.findall(body)) == 1
            anchor = "" if spelled.startswith("re:") else max(units(plain_form(spelled)), key=len)
            out.append(_Entry(term, anchor, pattern, one))
    return tuple(out)


def screen(terms, texts) -> tuple[str, ...]:
    """The terms that may occur in one of `texts` (those found in all of them joined, and every regular
    expression, which may anchor to a text's start or end): `find` need only look for these."""
    joined = "\n\n".join(plain_form(t) for t in texts if t)
    found = {
        e.term for e in compiled(tuple(terms)) if not e.anchor or (e.anchor in joined and e.pattern.search(joined))
    }
    return tuple(t for t in terms if t in found)


def find(terms, text: str) -> list[Hit]:
    """The occurrences of `terms` in `text`, by position; where two overlap, the longer one only
    (全网第一 once, not also 第一)."""
    if not text:
        return []
    plain = plain_form(text)
    hits = []
    for e in compiled(tuple(terms)):
        if e.anchor and e.anchor not in plain:
            continue
        for m in e.pattern.finditer(plain):
            if m.end() > m.start() and (not e.whole_word or _whole_word(plain, m.start(), m.end())):
                hits.append((m.start(), m.end(), e.term))
    if not hits:
        return []
    to_text = _offsets(text, plain)
    kept: list[Hit] = []
    last_end = -1
    for start, end, term in sorted(hits, key=lambda h: (h[0], -h[1])):
        if end <= last_end:
            continue  # inside an earlier, longer hit
        last_end = end
        a, b = to_text[start], to_text[end]
        kept.append(Hit(term, text[a:b].strip(), a, b))
    return kept


def _offsets(text: str, plain: str) -> list[int]:
    """For each position of `plain` (and its end), the position of `text` it comes from."""
    if len(plain) == len(text):
        return list(range(len(text) + 1))
    out = []
    for i, ch in enumerate(text):
        out += [i] * len(plain_form(ch))
    out += [len(text)] * (len(plain) + 1 - len(out))
    return out[: len(plain) + 1]


def _whole_word(plain: str, start: int, end: int) -> bool:
    """Whether the match's Chinese edges fall between words of the text as jieba cuts it."""
    simple = match_form(plain)
    if len(simple) != len(plain):  # conversion changed the length: cut the text as written
        simple = plain
    bounds = _word_bounds(simple)
    starts_cjk, ends_cjk = has_cjk(plain[start]), has_cjk(plain[end - 1])
    return (not starts_cjk or start in bounds) and (not ends_cjk or end in bounds)


@functools.lru_cache(maxsize=4096)
def _word_bounds(text: str) -> frozenset[int]:
    bounds, pos = {0}, 0
    for word in _segmenter().cut(text, HMM=False):
        pos += len(word)
        bounds.add(pos)
    return frozenset(bounds)


@functools.lru_cache(maxsize=1)
def _segmenter():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()
