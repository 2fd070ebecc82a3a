"""A small XML reader for product feeds on Python's expat, with every entity declaration refused.

No DTD entities means no "billion laughs" expansion and no external entity reads (what defusedxml guards
against); each element keeps the line it starts on, for `source:line` messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

from ..messages import tr


class XmlError(Exception):
    """The feed is not well-formed XML, or declares entities; `line` is where expat stopped."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


@dataclass
class Element:
    tag: str  # "{namespace}name" for namespaced elements, else the name
    line: int
    text: str = ""
    children: list[Element] = field(default_factory=list)


def _refuse(*_args) -> None:
    raise ValueError("entities")


def parse(data: bytes) -> Element:
    """The document element of `data`; XmlError for malformed XML or any entity declaration."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    stack: list[Element] = []
    root: list[Element] = []
    texts: list[list[str]] = []

    def start(name: str, _attrs) -> None:
        tag = "{" + name if "}" in name else name
        element = Element(tag, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(element)
        else:
            root.append(element)
        stack.append(element)
        texts.append([])

    def end(_name: str) -> None:
        stack.pop().text = "".join(texts.pop()).strip()

    def chars(data: str) -> None:
        if texts:
            texts[-1].append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except ValueError as exc:
        raise XmlError(
            tr("the feed declares XML entities, which shopgen does not read"), parser.CurrentLineNumber
        ) from exc
    except expat.ExpatError as exc:
        raise XmlError(
            tr("the feed is not well-formed XML: {problem}", problem=expat.errors.messages.get(exc.code, exc)),
            exc.lineno,
        ) from exc
    if not root:
        raise XmlError(tr("the feed is empty"), 1)
    return root[0]
