"""HTML product descriptions as clean Markdown: sanitised by nh3 first, then converted by markdownify.

nh3 (the Rust `ammonia` sanitiser) keeps an allow-list of elements and attributes and only http(s), mailto
and tel links; `<script>`, `<style>`, event handlers, `javascript:` links and images are dropped with their
content before markdownify (BeautifulSoup-based) turns what is left into Markdown.
"""

from __future__ import annotations

import re

import nh3
from markdownify import markdownify

TAGS = {
    "a", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}}
SCHEMES = {"http", "https", "mailto", "tel"}
_BLANK_LINES = re.compile(r"\n{3,}")
_TRAILING = re.compile(r"[ \t]+\n")
_HTML_HINT = re.compile(r"<[a-zA-Z!/]|&[#a-zA-Z0-9]+;")


def sanitize(html: str) -> str:
    """`html` with only the allowed elements, attributes and link schemes left."""
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES, link_rel=None, strip_comments=True)


def to_markdown(html: str) -> str:
    """Markdown of an HTML (or plain text) description, unsafe markup removed, blank lines collapsed."""
    if not html.strip():
        return ""
    if not _HTML_HINT.search(html):
        text = html  # plain text: only Markdown's own characters need escaping
        html = "<p>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</p>"
    md = markdownify(sanitize(html), heading_style="ATX", bullets="-", strip=["span", "div", "u"])
    md = _TRAILING.sub("\n", md.replace("\r\n", "\n").replace("\xa0", " "))
    return _BLANK_LINES.sub("\n\n", md).strip()


def to_text(html: str) -> str:
    """The plain text of an HTML (or plain) snippet, on one line: for summaries."""
    if not _HTML_HINT.search(html):
        return " ".join(html.split())
    from bs4 import BeautifulSoup

    return " ".join(BeautifulSoup(sanitize(html), "html.parser").get_text(" ").split())
