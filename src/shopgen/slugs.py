"""Clean, stable URL slugs from titles in any script.

Latin text is transliterated by stripping accents ("Crème" -> "creme"). A product title with
Chinese in it takes its slug from the SKU, which never changes when an editor rewords the title;
category names in Chinese become pinyin ("家居 > 台灯" -> "jia-ju/tai-deng"), readable and stable.

Importing pypinyin costs a fifth of a second (it builds its dictionaries), on every build of a store with
Chinese category names: the transliterations are kept in the user's cache folder (`pinyin.json`, valid for
the installed pypinyin only), and pypinyin is imported only for a name not seen before.
"""

from __future__ import annotations

import importlib.util
import json
import os
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


class _PinyinMemo:
    """pypinyin's readings of the texts this user's builds have slugged, by text."""

    def __init__(self):
        self.readings: dict[str, str] | None = None  # loaded on first use
        self.path = self.key = ""
        self.added = False

    def reading(self, text: str) -> str:
        if self.readings is None:
            self._load()
        found = self.readings.get(text)
        if found is None:
            from pypinyin import Style, lazy_pinyin

            found = self.readings[text] = " ".join(lazy_pinyin(text, style=Style.NORMAL, errors="default"))
            self.added = True
        return found

    def _load(self) -> None:
        from .parse_cache import user_cache_dir

        self.readings = {}
        spec = importlib.util.find_spec("pypinyin")  # finds the package without importing it
        try:
            st = os.stat(spec.origin)
        except (OSError, TypeError, AttributeError):
            return  # not installed: the import reports it
        self.path = os.path.join(user_cache_dir(), "pinyin.json")
        self.key = f"{spec.origin}:{st.st_size}:{st.st_mtime_ns}"  # another pypinyin may read otherwise
        try:
            with open(self.path, encoding="utf-8") as fh:
                data = json.load(fh)
            if data.get("pypinyin") == self.key and isinstance(data.get("readings"), dict):
                self.readings = {k: v for k, v in data["readings"].items() if isinstance(v, str)}
        except (OSError, ValueError, AttributeError):
            pass

    def save(self) -> None:
        """Keep the readings added since the last save (a cache that cannot be written is not kept)."""
        if not self.added or not self.path:
            return
        self.added = False
        tmp = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump({"pypinyin": self.key, "readings": self.readings}, fh, ensure_ascii=False, sort_keys=True)
            os.replace(tmp, self.path)
        except OSError:
            pass


_PINYIN = _PinyinMemo()


def pinyin_slug(text: str) -> str:
    """Slug of Chinese (or mixed) text through pinyin without tones."""
    return slugify(_PINYIN.reading(text))


def keep_pinyin() -> None:
    """Save the pinyin readings made since the last call, for the next build (see the module's docstring)."""
    _PINYIN.save()


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
