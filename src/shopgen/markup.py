"""Markdown from the catalog and content, rendered safely.

Raw HTML in Markdown is shown as text (never executed), link and image addresses are limited to
http(s), mailto, tel and site-relative ones, and `sku:` links point at product pages:

    See the [desk lamp](sku:LAMP-001) for late work.
    [[product LAMP-001]]          <- on its own line in a guide: a product card
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .urls import safe_url

CARD_RE = re.compile(r"^[ \t]*\[\[\s*product\s+([^\]\s]+)\s*\]\][ \t]*$", re.M)
CARD_TOKEN = "SHOPGENCARD{}X"
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)


@dataclass
class Rendered:
    html: str
    cards: list[tuple[str, int]] = field(default_factory=list)  # (sku, line in the source file)
    images: list = field(default_factory=list)  # model Images placed as IMAGE_TOKEN n, in order


IMAGE_TOKEN = "SHOPGENIMG{}X"
_MD_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")


def image_refs(text: str, first_line: int) -> list[tuple[str, str, int]]:
    """(src, alt, line) of every Markdown image `![alt](src)` whose src is a file, not a web address."""
    out = []
    if "![" not in text:  # most texts have no image: skip the scans
        return out
    text = _without_code(text)
    for m in _MD_IMAGE_RE.finditer(COMMENT_RE.sub(lambda c: "\n" * c.group(0).count("\n"), text)):
        src = m.group(2)
        if not re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.I):
            out.append((src, m.group(1), first_line + text.count("\n", 0, m.start())))
    return out


class _LinkFixer(Treeprocessor):
    def __init__(self, md, resolve_sku):
        super().__init__(md)
        self.resolve_sku = resolve_sku
        self.local_images: dict = {}  # src as written -> model Image, for the document being rendered
        self.placed: list = []

    def _replace_images(self, root):
        """Swap each local <img> for a token (the theme's picture markup replaces the token later), and each
        image whose address is not safe for its alt text."""
        parents = {child: parent for parent in root.iter() for child in parent}
        for el in list(root.iter("img")):
            src = el.get("src", "")
            image = self.local_images.get(src)
            if image is not None:
                _replace_with_text(parents[el], el, IMAGE_TOKEN.format(len(self.placed)))
                self.placed.append(image)
            elif not src.lower().startswith("sku:") and not safe_url(src):
                _replace_with_text(parents[el], el, el.get("alt", ""))

    def run(self, root):
        self._replace_images(root)
        for el in root.iter():
            for attr in ("href", "src"):
                url = el.get(attr)
                if url is None:
                    continue
                if url.lower().startswith("sku:"):
                    el.set(attr, self.resolve_sku(url[4:].strip()) or "#")
                elif not safe_url(url):
                    # An <a> without href is inert: its text stays, nothing to click.
                    del el.attrib[attr]
            if el.tag == "a" and el.get("href", "").startswith(("http://", "https://")):
                el.set("rel", "noopener")
        return None


def _replace_with_text(parent, el, text: str) -> None:
    """Put `text` where the element `el` of `parent` was (ElementTree keeps text in .text and .tail)."""
    text += el.tail or ""
    index = list(parent).index(el)
    if index:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(el)


class _SafeExtension(Extension):
    def __init__(self, resolve_sku):
        super().__init__()
        self.resolve_sku = resolve_sku
        self.fixer = None

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API name)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        self.fixer = _LinkFixer(md, self.resolve_sku)
        md.treeprocessors.register(self.fixer, "shopgen_links", 1)


# Most product copy is paragraphs, `###` headings, flat lists, spec tables and *emphasis*: that subset is
# turned into the very HTML Python-Markdown makes of it without running the engine (property-based tests compare
# the two on random texts); anything else, or anything unsure, goes to the engine. No entity, tag, link, code,
# escape or underscore; no indented, quoted or setext line; no line break made by trailing spaces.
_SIMPLE_CHARS_RE = re.compile(r"[^\\`_\[\]!<>~\x00-\x09\x0b-\x1f\x7f]*")
_ENTITY_RE = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);")
_HEADING_RE = re.compile(r"(#{1,6}) ([^#\s](?:.*[^#\s])?)")
_ITEM_RES = {"ul": re.compile(r"[-*+] (\S.*)"), "ol": re.compile(r"(\d+)\. (\S.*)")}
_ROW_RE = re.compile(r"\|(?: [^|]*\|)+")
_RULE_CELL_RE = re.compile(r" -+ ")
# A line that starts another kind of block, a rule (`- - -`, `***`) or something this subset leaves alone.
_OTHER_BLOCK_RE = re.compile(r"\s|[-+=:#>|]|\d+[.)](?:\s|$)|[-*\s]*$|.*\s$")
_STRONG_RE = re.compile(r"\*\*([^*\s](?:[^*\n]*[^*\s])?)\*\*")
_EM_RE = re.compile(r"\*([^*\s](?:[^*\n]*[^*\s])?)\*")


def _inline(text: str) -> str | None:
    """`text` with `**strong**` and `*em*` marked up, or None when it holds any other use of `*` or `|`."""
    if "|" in text:
        return None
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "*" not in text:
        return text
    if "***" in text:
        return None
    text = _STRONG_RE.sub(r"<strong>\1</strong>", text)
    if "**" in text:  # `*a**b*` is one <em> to Python-Markdown, two to a plain pattern: leave it to the engine
        return None
    text = _EM_RE.sub(r"<em>\1</em>", text)
    return None if "*" in text else text


def _list(lines: list[str]) -> tuple[str, str] | None:
    """(tag, HTML) of a block that is one flat list, or None."""
    for tag, item_re in _ITEM_RES.items():
        items = [item_re.fullmatch(line) for line in lines]
        if not any(items):
            continue
        if not all(items):
            return None  # list lines after text are text, and other mixes are the engine's
        texts = [_inline(m.group(m.lastindex)) for m in items]
        if any(t is None or _OTHER_BLOCK_RE.match(m.group(m.lastindex)) for t, m in zip(texts, items, strict=True)):
            return None
        start = items[0].group(1) if tag == "ol" else "1"  # as written: "01" stays "01"
        opening = f'<ol start="{start}">' if start != "1" else f"<{tag}>"
        return tag, opening + "\n" + "\n".join(f"<li>{t}</li>" for t in texts) + f"\n</{tag}>"
    return None


def _table(lines: list[str]) -> str | None:
    """The HTML of a block that is one table whose rows all have the header's cells, or None."""
    if len(lines) < 3 or not all(_ROW_RE.fullmatch(line) for line in lines):
        return None
    rows = [line[1:-1].split("|") for line in lines]
    if any(len(row) != len(rows[0]) for row in rows) or not all(_RULE_CELL_RE.fullmatch(c) for c in rows[1]):
        return None
    cells = [[_inline(c.strip()) for c in row] for row in rows]
    if any(c is None for row in cells for c in row):
        return None

    def row(tag: str, texts: list[str]) -> str:
        return "<tr>\n" + "".join(f"<{tag}>{t}</{tag}>\n" for t in texts) + "</tr>\n"

    body = "".join(row("td", texts) for texts in cells[2:])
    return f"<table>\n<thead>\n{row('th', cells[0])}</thead>\n<tbody>\n{body}</tbody>\n</table>"


def _block(lines: list[str], after: str) -> tuple[str, list[str]] | None:
    """(kind, HTML elements) of one block (lines between blank lines), `after` the kind of the block before it;
    None to leave the text to the engine."""
    if lines[0].startswith("|"):
        table = _table(lines)
        return None if table is None else ("table", [table])
    if _ITEM_RES["ul"].match(lines[0]) or _ITEM_RES["ol"].match(lines[0]):
        found = _list(lines)
        if found is None or found[0] == after:
            return None  # a list of the same kind after a blank line makes the one before it loose
        return found[0], [found[1]]
    out: list[str] = []
    para: list[str] = []
    for line in [*lines, None]:
        heading = _HEADING_RE.fullmatch(line) if line is not None else None
        if line is not None and heading is None:
            if _OTHER_BLOCK_RE.match(line):
                return None
            para.append(line)
            continue
        if para:
            text = _inline("\n".join(para))
            if text is None:
                return None
            out.append(f"<p>{text}</p>")
            para = []
        if heading is not None:
            text = _inline(heading.group(2))
            if text is None:
                return None
            level = len(heading.group(1))
            out.append(f"<h{level}>{text}</h{level}>")
    return "text", out


def simple_markdown(text: str) -> str | None:
    """The HTML Markdown makes of `text` when it is paragraphs, headings, flat lists, simple tables and
    emphasis (most product copy), without running the Markdown engine; None when the text needs the engine."""
    if not _SIMPLE_CHARS_RE.fullmatch(text) or ("&" in text and _ENTITY_RE.search(text)):
        return None
    html: list[str] = []
    kind = ""
    for block in re.split(r"\n\n+", text.strip("\n")):
        if not block:
            continue
        found = _block(block.split("\n"), kind)
        if found is None:
            return None
        kind, elements = found
        html += elements
    return "\n".join(html) if html else None


# The characters (or text) without which an inline pattern cannot match. Python-Markdown tries every pattern on every
# piece of text; offering a document only the patterns its characters allow gives the same HTML in about
# half the time.
_INLINE_TRIGGERS = {
    "backtick": ("`",),
    "escape": ("\\",),
    "reference": ("[",),
    "link": ("[",),
    "image_link": ("[",),
    "image_reference": ("[",),
    "short_reference": ("[",),
    "short_image_ref": ("[",),
    "autolink": ("<",),
    "automail": ("<",),
    "linebreak": ("  \n",),
    "entity": ("&",),
    "em_strong": ("*", "_"),
    "em_strong2": ("_",),
    "not_strong": ("*", "_"),
}


class MarkdownRenderer:
    """One reusable Markdown converter (building one per document is the slow part)."""

    def __init__(self, resolve_sku=lambda sku: None):
        self._safe = _SafeExtension(resolve_sku)
        self._md = markdown.Markdown(
            extensions=["tables", "sane_lists", "fenced_code", self._safe], output_format="html"
        )
        self._inline = self._md.treeprocessors["inline"]
        self._all_patterns = [(name, self._md.inlinePatterns[name]) for name in self._pattern_names()]
        self._pattern_lists: dict[frozenset, list] = {}

    def _pattern_names(self) -> list[str]:
        reg = self._md.inlinePatterns
        return [item.name for item in sorted(reg._priority, key=lambda item: item.priority, reverse=True)]

    def _patterns_for(self, text: str) -> list:
        """The inline patterns that could match somewhere in `text`, in their usual order."""
        present = frozenset(name for name, marks in _INLINE_TRIGGERS.items() if any(m in text for m in marks))
        found = self._pattern_lists.get(present)
        if found is None:
            found = [p for name, p in self._all_patterns if name not in _INLINE_TRIGGERS or name in present]
            self._pattern_lists[present] = found
        return found

    def render(self, text: str, first_line: int = 1, cards: bool = False, images: dict | None = None) -> Rendered:
        """Markdown to HTML. With `cards`, `[[product SKU]]` lines become placeholders to fill in; `images`
        maps the file images' src (as written) to model Images, which become placeholders too."""
        found: list[tuple[str, int]] = []
        # Editors' notes and lint suppressions: dropped, keeping the line count for card line numbers.
        text = COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        if cards:

            def sub(m):
                found.append((m.group(1), first_line + text.count("\n", 0, m.start())))
                return "\n" + CARD_TOKEN.format(len(found) - 1) + "\n"

            text = CARD_RE.sub(sub, text)
        if not images:
            html = simple_markdown(text)
            if html is not None:
                return Rendered(html, found, [])
        self._md.reset()
        self._inline.inlinePatterns = self._patterns_for(text)
        self._safe.fixer.local_images = images or {}
        self._safe.fixer.placed = []
        html = self._md.convert(text)
        return Rendered(html, found, list(self._safe.fixer.placed))


_SKU_LINK_RE = re.compile(r"\]\(\s*sku:([^)\s]+)\s*\)", re.I)


_CODE_RE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


def _without_code(text: str) -> str:
    """The text with code spans and fenced blocks blanked out (same length and lines): examples, not links."""
    return _CODE_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _may_link_sku(text: str) -> bool:
    # "u:" first: casefolding a whole description costs more than two scans for what any case of "sku:" holds
    return ("u:" in text or "U:" in text) and "sku:" in text.casefold()


def may_reference(text: str) -> bool:
    """Whether Markdown `text` may hold an image, a product card or a `sku:` link (most texts hold none)."""
    return "![" in text or "[[" in text or _may_link_sku(text)


def sku_refs(text: str, first_line: int) -> list[tuple[str, int]]:
    """(SKU, line) of every product card and `sku:` link in Markdown, for checking before rendering."""
    if "[[" not in text and not _may_link_sku(text):  # most texts have neither: skip the scans
        return []
    text = _without_code(text)
    found = [(m.group(1), first_line + text.count("\n", 0, m.start())) for m in CARD_RE.finditer(text)]
    found += [(m.group(1), first_line + text.count("\n", 0, m.start())) for m in _SKU_LINK_RE.finditer(text)]
    return sorted(found, key=lambda x: x[1])


def card_headings(html: str) -> list[str]:
    """The heading level for each card placeholder: one below the section it sits in (h2 before any h2)."""
    levels = []
    for i in itertools.count():
        pos = html.find(f"<p>{CARD_TOKEN.format(i)}</p>")
        if pos < 0:
            return levels
        last = max((html.rfind(f"<h{n}", 0, pos), n) for n in range(2, 6))
        levels.append(f"h{min(last[1] + 1, 6)}" if last[0] >= 0 else "h2")


def fill_images(html: str, pictures: list[str]) -> str:
    for i, markup in enumerate(pictures):
        html = html.replace(IMAGE_TOKEN.format(i), markup)
    return html


def fill_cards(html: str, cards: list[str]) -> str:
    """Replace each card placeholder paragraph with its rendered card markup."""
    for i, card in enumerate(cards):
        html = html.replace(f"<p>{CARD_TOKEN.format(i)}</p>", card)
    return html


def first_paragraph(markdown_text: str) -> str:
    """The first paragraph of Markdown as plain text (for keyword checks and meta descriptions)."""
    for block in re.split(r"\n\s*\n", markdown_text.strip()):
        b = block.strip()
        if b and not b.startswith(("#", "|", "```", "[[", "-", "*", ">")):
            return " ".join(b.split())
    return ""


_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MARKS_RE = re.compile(r"[*_`#>|]+")


@functools.lru_cache(maxsize=1 << 15)
def strip_markdown(text: str) -> str:
    """Markdown as plain text on one line. Cached: the feeds, the JSON-LD and several lint rules ask for the
    same descriptions."""
    text = _IMAGE_RE.sub(r"\1", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _MARKS_RE.sub(" ", text)
    return " ".join(text.split())
