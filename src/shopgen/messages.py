"""The language shopgen speaks to the editor: English by default, Simplified Chinese from a gettext catalog.

Every message an editor reads goes through `tr` (or `ntr` for counts): the English text is the catalog key
and `{name}` placeholders are filled after translation, so a translator can move them. The catalog is
`locale/zh_CN/LC_MESSAGES/shopgen.po` (compiled to `.mo` by `python scripts/messages.py`).

The language is chosen once per command: `--lang`, then `SHOPGEN_LANG`, then `message_language` in
`shopgen.yaml`, then the system locale (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`), then English.
Severity words (`error`, `warning`) and codes stay English in every language so CI problem matchers work.
"""

from __future__ import annotations

import gettext
import os

LANGUAGES = ("en", "zh-CN")
DOMAIN = "shopgen"
LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")
_LOCALES = {"en": None, "zh-CN": "zh_CN"}

_catalog: gettext.NullTranslations = gettext.NullTranslations()
_active = "en"


class UnknownLanguage(ValueError):
    pass


def normalize(tag: str) -> str | None:
    """`zh_CN.UTF-8`, `zh-Hans`, `zh-cn`, `zh` → `zh-CN`; `en_US` → `en`; anything else → None."""
    base = tag.split(".")[0].split("@")[0].replace("_", "-").lower()
    if base in ("zh", "zh-cn", "zh-hans", "zh-sg", "zh-hans-cn", "zh-my"):
        return "zh-CN"
    if base == "en" or base.startswith("en-") or base in ("c", "posix"):
        return "en"
    return None


def use(language: str) -> None:
    """Speak `language` from now on (one of LANGUAGES, or a tag `normalize` understands)."""
    global _catalog, _active
    lang = normalize(language)
    if lang is None:
        raise UnknownLanguage(language)
    locale = _LOCALES[lang]
    _catalog = gettext.translation(DOMAIN, LOCALE_DIR, languages=[locale]) if locale else gettext.NullTranslations()
    _active = lang


def active() -> str:
    return _active


def tr(message: str, /, **params) -> str:
    """`message` in the active language, with its `{placeholders}` filled from `params` (only when given)."""
    text = _catalog.gettext(message) if message else message  # gettext("") is the catalog's header
    return text.format(**params) if params else text


def ntr(singular: str, plural: str, n: int, /, **params) -> str:
    """The singular or plural form for `n` (available as `{n}`) in the active language."""
    return _catalog.ngettext(singular, plural, n).format(n=n, **params)


def ptr(context: str, message: str) -> str:
    """`message` translated in `context` (a rule's documentation: `SG103 summary`, `SG103 why`)."""
    return _catalog.pgettext(context, message)


def mark(message: str) -> str:
    """Marks a text for the catalog where it is defined; `tr` translates it where it is shown."""
    return message


def _store_setting(store: str) -> str | None:
    """`message_language` from the store's shopgen.yaml, if it can be read at all (errors come later)."""
    from .files import read_bytes  # files.py speaks through this module

    try:
        text = read_bytes(os.path.join(store, "shopgen.yaml")).decode("utf-8")
    except (OSError, ValueError):
        return None
    if "message_language" not in text:
        return None  # and YAML (a tenth of a no-change rebuild's time) is not even imported
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (ValueError, yaml.YAMLError):
        return None
    value = data.get("message_language") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _system_setting() -> str | None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        for tag in value.split(":"):
            if tag and normalize(tag):
                return normalize(tag)
    return None


def choose(option: str | None, store: str | None) -> str:
    """The language for this command. Raises UnknownLanguage for an explicit choice shopgen cannot speak."""
    for explicit in (option, os.environ.get("SHOPGEN_LANG") or None):
        if explicit:
            lang = normalize(explicit)
            if lang is None:
                raise UnknownLanguage(explicit)
            return lang
    setting = _store_setting(store) if store else None
    if setting and normalize(setting):
        return normalize(setting)
    return _system_setting() or "en"
