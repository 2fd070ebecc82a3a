"""Characters XML 1.0 forbids: C0 controls other than tab, LF and CR, U+FFFE, U+FFFF and lone surrogates.

One of them in a store's name or a guide title makes `feeds/google.xml`, `feeds/guides.xml` or the sitemap
a file no XML parser reads (and HTML calls them parse errors too), so shopgen strips them from every text
it reads, with a warning at the text's place: they are invisible, and no editor types one on purpose.
(Stripping rather than refusing: the text is otherwise fine, the build still says where they were.)
"""

from __future__ import annotations

import re

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def strip_forbidden(text: str) -> tuple[str, str]:
    """(text without the forbidden characters, the first one found or "")."""
    found = FORBIDDEN.search(text)
    if found is None:
        return text, ""
    return FORBIDDEN.sub("", text), found.group()


def describe(char: str) -> str:
    """A forbidden character as people can read it: 'U+000B'."""
    return f"U+{ord(char):04X}"
