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


def display_width(text: str) -> int:
    """Columns the text takes on screen: wide and fullwidth characters count two."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


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


@functools.lru_cache(maxsize=8192)
def keyword_pattern(keyword: str) -> re.Pattern | None:
    """A regex over `match_form` text that finds `keyword` as `find_keyword` describes; None if empty.

    A keyword starting with "re:" is a regular expression, matched as written.
    """
    if keyword.startswith("re:"):
        return re.compile(keyword[3:], re.I)
    kw_pieces = [u for piece in _pieces(match_form(keyword)) for u in _UNIT_RE.findall(piece)]
    if not kw_pieces:
        return None
    sep = _SEP_RE.pattern
    body = ""
    for i, piece in enumerate(kw_pieces):
        if i:
            # Chinese is written without spaces: a separator next to a CJK character is optional.
            cjk_joint = has_cjk(kw_pieces[i - 1][-1]) or has_cjk(piece[0])
            body += f"(?:{sep})?" if cjk_joint else sep
        body += re.escape(piece)
        if i == len(kw_pieces) - 1 and piece[-1:].isascii() and piece[-1:].isalpha():
            body += "(?:e?s)?"
    lead = "" if has_cjk(kw_pieces[0][:1]) or not kw_pieces[0][:1].isalnum() else r"(?<![0-9a-z])"
    trail = "" if has_cjk(kw_pieces[-1][-1:]) or not kw_pieces[-1][-1:].isalnum() else r"(?![0-9a-z])"
    return re.compile(lead + body + trail)


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


def find_terms(terms, text: str) -> list[str]:
    """The terms (keywords or "re:" patterns) that occur in `text`, in the order given."""
    norm = match_form(text)
    return [t for t in terms if (p := keyword_pattern(t)) is not None and p.search(norm)]


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


def paragraph_width(text: str) -> int:
    return display_width(" ".join(text.split()))
