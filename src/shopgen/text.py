"""Text measures and matching that treat Chinese as first class.

- `display_width`: East Asian wide/fullwidth characters count two columns, as search results and
  marketplaces measure titles.
- `match_form`: NFKC (full-width letters and punctuation to their plain forms), case-folded,
  Traditional Chinese folded to Simplified (OpenCC `t2s`), so 檯燈, 台灯 and ＬＥＤ台灯 all match.
- `find_keyword`: finds a keyword without relying on spaces between Chinese words, and on word
  boundaries for Latin text.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_CJK_RE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff\u3040-\u30ff\uac00-\ud7af]")
_SEP_RE = re.compile(r"[\s\-_/·・,，、.。:：;；|｜+()（）\[\]【】「」『』《》<>\"'“”‘’!！?？~～]+")


def has_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text))


# Wide and fullwidth characters (Unicode East Asian Width W/F): CJK, kana, Hangul, fullwidth forms, emoji.
_WIDE_RE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U0001f300-\U0001f64f\U0001f900-\U0001f9ff"
    "\U00020000-\U0003fffd]"
)
_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff\ufe20-\ufe2f]")


def display_width(text: str) -> int:
    """Columns the text takes on screen: wide and fullwidth characters count two, combining marks none."""
    if text.isascii():
        return len(text)
    return len(text) + len(_WIDE_RE.findall(text)) - len(_COMBINING_RE.findall(text))


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def script_variants(text: str) -> list[str]:
    """`text` in the other Chinese script(s), where that differs: what a shopper typing Simplified for a
    Traditional listing (or the reverse) searches for. Empty for text without Chinese."""
    if not has_cjk(text):
        return []
    return [v for v in dict.fromkeys((_t2s().convert(text), _s2t().convert(text))) if v != text]


@functools.lru_cache(maxsize=65536)
def match_form(text: str) -> str:
    """The comparable form of a text: NFKC, case-folded, Simplified Chinese."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if has_cjk(text):
        text = _t2s().convert(text)
    return text


_UNIT_RE = re.compile(_CJK_RE.pattern + "|[^" + _CJK_RE.pattern[1:-1] + "]+")


def _pieces(text: str) -> list[str]:
    return [p for p in _SEP_RE.split(text) if p]


def units(text: str) -> list[str]:
    """The units a keyword is matched by: runs of non-Chinese text and single Chinese characters, without
    separators (every match of the keyword contains each of them)."""
    return [u for piece in _pieces(text) for u in _UNIT_RE.findall(piece)]


@functools.lru_cache(maxsize=65536)
def plain_form(text: str) -> str:
    """The text as written, made comparable without changing its script: NFKC and case-folded (a
    Traditional character stays Traditional)."""
    return unicodedata.normalize("NFKC", text).casefold()


@functools.lru_cache(maxsize=8192)
def keyword_pattern(keyword: str) -> re.Pattern | None:
    """A regex over `match_form` text that finds `keyword` as `find_keyword` describes; None if empty.

    A keyword starting with "re:" is a regular expression, matched as written.
    """
    return build_pattern(keyword, match_form)


def build_pattern(keyword: str, form) -> re.Pattern | None:
    """`keyword_pattern` over text in `form` (`match_form` or `plain_form`)."""
    if keyword.startswith("re:"):
        return re.compile(keyword[3:], re.I)
    kw_pieces = units(form(keyword))
    if not kw_pieces:
        return None
    sep = r"[\W_]+"  # any run of spaces and punctuation, of either width
    body = ""
    for i, piece in enumerate(kw_pieces):
        if i:
            # Chinese is written without spaces: a separator next to a CJK character is optional.
            cjk_joint = has_cjk(kw_pieces[i - 1][-1]) or has_cjk(piece[0])
            body += r"[\W_]*" if cjk_joint else sep
        body += re.escape(piece)
        if i == len(kw_pieces) - 1 and piece[-1:].isascii() and piece[-1:].isalpha():
            body += "(?:e?s)?"
    return re.compile(_edge(kw_pieces[0][:1], before=True) + body + _edge(kw_pieces[-1][-1:], before=False))


def _edge(ch: str, before: bool) -> str:
    """Where a keyword may start or end: a letter not next to a letter, a digit not next to a digit ("dvd"
    is a word of "6dvd"); a Chinese character or a symbol anywhere."""
    if has_cjk(ch) or not ch.isalnum():
        return ""
    cls = "[0-9]" if ch.isdigit() else "[a-z]"
    return f"(?<!{cls})" if before else f"(?!{cls})"


def find_keyword(keyword: str, text: str) -> int | None:
    """Position (in characters of `text`) where `keyword` starts, or None when it is absent.

    Separators (spaces, hyphens, punctuation of either width) are not significant, so
    "led desk lamp" matches "LED Desk-Lamp" and "无线 耳机" matches "無線耳機". Latin words must match
    whole words, allowing a plural "s"/"es" on the last one.
    """
    pattern = keyword_pattern(keyword)
    if pattern is None:
        return None
    norm = match_form(text)
    m = pattern.search(norm)
    if m is None:
        return None
    if len(norm) == len(text):
        return m.start()
    return len(match_form(text[: _orig_index(text, m.start())]))


def count_keyword(keyword: str, text: str) -> int:
    """How many times `keyword` occurs in `text` (same matching as `find_keyword`)."""
    pattern = keyword_pattern(keyword)
    return len(pattern.findall(match_form(text))) if pattern else 0


@functools.lru_cache(maxsize=64)
def _compiled_terms(terms: tuple[str, ...]) -> list[tuple[str, str, re.Pattern]]:
    """(term, literal every match contains, pattern): the literal is a cheap substring pre-check."""
    out = []
    for t in terms:
        p = keyword_pattern(t)
        if p is not None:
            anchor = "" if t.startswith("re:") else max(units(match_form(t)), key=len)
            out.append((t, anchor.strip(), p))
    return out


def find_terms(terms, text: str) -> list[str]:
    """The terms (keywords or "re:" patterns) that occur in `text`, in the order given."""
    if not text:
        return []
    norm = match_form(text)
    return [t for t, anchor, p in _compiled_terms(tuple(terms)) if anchor in norm and p.search(norm)]


def _orig_index(text: str, norm_pos: int) -> int:
    acc = 0
    for i, ch in enumerate(text):
        if acc >= norm_pos:
            return i
        acc += len(match_form(ch))
    return len(text)


def width_before(text: str, pos: int) -> int:
    """Display width of `text[:pos]`, i.e. how far into the title a keyword starts."""
    return display_width(text[:pos])


_FILENAME_RE = re.compile(r"^[\w\-. ]+\.(jpe?g|png|webp|gif|avif|bmp|tiff?|heic)$", re.I)
_CAMERA_RE = re.compile(r"^(img|dsc|dscn|pxl|photo|image|screenshot)[_\- ]?\d+", re.I)


def looks_like_filename(text: str) -> bool:
    t = text.strip()
    return bool(_FILENAME_RE.match(t) or _CAMERA_RE.match(t))


def words(text: str) -> list[str]:
    """Latin words and single CJK characters, for counting and similarity."""
    return re.findall(r"[0-9a-z]+|" + _CJK_RE.pattern, match_form(text))


def screen_terms(terms, texts) -> set[str]:
    """The terms that may occur in one of `texts`: those found in all of them joined, and every "re:"
    pattern (one may anchor to a text's start or end). A term in none of these is in no text, so
    `find_terms` need only look for these, text by text."""
    joined = "\n\n".join(match_form(t) for t in texts if t)
    return {
        t
        for t, anchor, p in _compiled_terms(tuple(terms))
        if t.startswith("re:") or (anchor in joined and p.search(joined))
    }
