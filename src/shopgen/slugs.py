"""Clean, stable URL slugs from titles in any script.

Latin text is transliterated by stripping accents ("Crème" -> "creme"). A product title with
Chinese in it takes its slug from the SKU, which never changes when an editor rewords the title;
category names in Chinese become pinyin ("家居 > 台灯" -> "jia-ju/tai-deng"), readable and stable.
"""

from __future__ import annotations

import re
import unicodedata

from .text import has_cjk

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 80
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_len: int = MAX_SLUG) -> str:
    """ASCII slug of Latin text; '' when nothing ASCII-alphanumeric is left."""
    text = unicodedata.normalize("NFKD", text.replace("&", " and ").replace("+", " plus "))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("'", "").replace("’", "")
    slug = _NON_ALNUM.sub("-", text.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0] or slug[:max_len]
    return slug


def pinyin_slug(text: str) -> str:
    """Slug of Chinese (or mixed) text through pinyin without tones."""
    from pypinyin import Style, lazy_pinyin

    return slugify(" ".join(lazy_pinyin(text, style=Style.NORMAL, errors="default")))


def product_slug(title: str, sku: str) -> str:
    """The default slug of a product: from a Latin title, else from the SKU."""
    if not has_cjk(title):
        slug = slugify(title)
        if len(slug) >= 3:
            return slug
    return slugify(sku) or "product"


def segment_slug(name: str) -> str:
    """Slug of one category name."""
    slug = pinyin_slug(name) if has_cjk(name) else slugify(name)
    return slug or "category"


def is_valid_slug(slug: str) -> bool:
    return bool(SLUG_RE.match(slug)) and len(slug) <= MAX_SLUG
