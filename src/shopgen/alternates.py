"""Which pages are one page in different languages: the `hreflang` alternates of every page (in its head
and in the sitemap) and the links of the language switcher.

Pages pair up by a key the planner gives them (a product by SKU, a guide by slug, a category by its names in
the default language …). Only indexable pages are alternates of each other: a page shown in a language it
has no translation for (a fallback) names its original as canonical, so search engines never see it as a
translation; the switcher still links to it, as a shopper may prefer the rest of the page in their language.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fingerprint import digest

X_DEFAULT = "x-default"


@dataclass(frozen=True)
class LanguageLink:
    tag: str
    name: str  # in its own language: "English", "简体中文"
    url: str
    current: bool


class Alternates:
    """The language versions of every planned page, looked up by page address."""

    def __init__(self, pages, languages: list[str], names: dict[str, str], homes: dict[str, str], base_url: str):
        self.languages = languages
        self.names = names
        self.homes = homes  # each language's home page
        self.base_url = base_url
        groups: dict[tuple, dict[str, object]] = {}
        for page in pages if len(languages) > 1 else ():  # a one-language page has no other versions
            if page.key and page.lang:
                groups.setdefault(page.key, {}).setdefault(page.lang, page)
        self._group = {page.url: group for group in groups.values() for page in group.values()}
        # With the default language under a prefix, the root is a language chooser: the x-default of the homes.
        chooser = next((p for p in pages if p.kind == "languages"), None)
        self._chooser_url = chooser.url if chooser else ""

    def _indexable(self, page) -> bool:
        return not page.robots and not page.fallback

    def hreflang(self, url: str) -> list[tuple[str, str]]:
        """(hreflang, absolute address) of each indexable language version of the page at `url`, itself
        included, plus x-default; empty when the page has no other indexable version."""
        if url and url == self._chooser_url:
            return self.hreflang(self.homes.get(self.languages[0], ""))
        group = self._group.get(url)
        if not group:
            return []
        members = [(lang, group[lang]) for lang in self.languages if lang in group and self._indexable(group[lang])]
        if len(members) < 2 or not any(page.url == url for _, page in members):
            return []
        out = [(lang, self.base_url + page.url) for lang, page in members]
        default = group.get(self.languages[0])
        if self._chooser_url and next(iter(group.values())).kind == "home":
            out.append((X_DEFAULT, self.base_url + self._chooser_url))
        elif default is not None and self._indexable(default):
            out.append((X_DEFAULT, self.base_url + default.url))
        return out

    def links(self, url: str) -> list[LanguageLink]:
        """The language switcher of the page at `url`: its version in each language, else that language's
        home page."""
        if len(self.languages) < 2:
            return []
        group = self._group.get(url, {})
        current = next((lang for lang, page in group.items() if page.url == url), None)
        return [
            LanguageLink(
                lang,
                self.names.get(lang, lang),
                group[lang].url if lang in group else self.homes[lang],
                lang == current,
            )
            for lang in self.languages
        ]

    def digest(self, url: str) -> str:
        """What the page shows of its other versions, for incremental builds."""
        group = self._group.get(url)
        if not group:
            return ""
        return digest(f"{lang}|{p.url}|{self._indexable(p)}" for lang, p in sorted(group.items()))
