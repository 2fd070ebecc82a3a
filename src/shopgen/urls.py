"""Which addresses from the input may reach a page: read as a browser reads them, then allowed by scheme.

A link target in an HTML attribute is first decoded (character references: `&#106;`, `&colon;`, `&#x09;`),
then the URL parser drops leading and trailing spaces and control characters and every tab and newline inside.
`java&#x09;script:` is `javascript:` to a browser, so it must be to this check too.
"""

from __future__ import annotations

import html
import re

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_C0_AND_SPACE = "".join(chr(i) for i in range(0x21))
_TAB_OR_NEWLINE_RE = re.compile(r"[\t\n\r]")
_CONTROL_RE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+")
_BEFORE_PATH_RE = re.compile(r"[^/?#]*")


def as_browser_reads(url: str) -> str:
    """The address a browser follows for `url` written as an HTML attribute value (WHATWG HTML and URL)."""
    return _TAB_OR_NEWLINE_RE.sub("", html.unescape(url).strip(_C0_AND_SPACE))


def scheme(url: str) -> str:
    """The scheme of `url` as a browser reads it, lower case; "" for a relative address."""
    head = _BEFORE_PATH_RE.match(_CONTROL_RE.sub("", as_browser_reads(url))).group(0)
    return head.split(":", 1)[0].lower() if ":" in head else ""


def safe_url(url: str) -> bool:
    """Whether `url` may be a link or image address: http(s), mailto, tel or relative.

    Stricter than a browser on purpose: a colon before the first `/`, `?` or `#` makes the text before it a
    scheme even where a browser would call it a path, and every control or invisible character is ignored."""
    found = scheme(url)
    return found == "" or found in SAFE_SCHEMES


def web_address(url: str) -> bool:
    """Whether `url` is an absolute http(s) address of a host that a shopper can follow (a buy or channel link)."""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return url.startswith(("https://", "http://")) and safe_url(url) and bool(host)
