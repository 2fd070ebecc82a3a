"""YAML and front-matter loading that remembers where every value came from.

`load_yaml` returns plain Python data plus a `SourceMap` from key paths such as
`("images", 0, "alt")` to the 1-based line and column of the value, and the raw source text of
each scalar (so `gtin: 0012345670` keeps its leading zeros). Duplicate keys, alias bombs and
over-deep nesting are reported instead of silently dropping data or exhausting memory.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import yaml

from .diagnostics import Diagnostic, Severity, Span
from .messages import tr

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Input limits: a store file larger than this, or expanding to more values, is rejected.
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64

Path = tuple
_STR = "tag:yaml.org,2002:str"
# The safe loader's scalar constructors by tag, called directly: going through construct_object for each
# of a store's half a million values costs more than parsing them.
_CONSTRUCTORS = Loader.yaml_constructors
_undefined = _CONSTRUCTORS[None]


# A position is kept as one int, line << _COL_BITS | column: a store holds about a hundred positions per
# product, and (line, column) tuples made them a third of a loaded store's memory.
_COL_BITS = 24


def _pos(mark) -> int:
    return (mark.line + 1) << _COL_BITS | (mark.column + 1)


def _line_col(pos: int) -> tuple[int, int]:
    return pos >> _COL_BITS, pos & ((1 << _COL_BITS) - 1)


# Key paths are shared by every document that has them (("images", 0, "alt") is in thousands of products):
# one tuple each instead of one per document.
_PATHS: dict[Path, Path] = {}


def _shared(path: Path) -> Path:
    return _PATHS.setdefault(path, path) if len(_PATHS) < 100_000 else path


@dataclass
class SourceMap:
    """Where each value of one loaded document sits in its file."""

    path: str
    line_offset: int = 0
    spans: dict[Path, int] = field(default_factory=dict)  # key path -> position of its value (see _pos)
    key_spans: dict[Path, int] = field(default_factory=dict)  # key path -> position of its key
    raw: dict[Path, str] = field(default_factory=dict)
    digest: str = ""  # of the whole file's text, for incremental builds

    def span(self, *keys) -> Span:
        """The span of the value at `keys`, falling back to its nearest known parent."""
        k = tuple(keys)
        while True:
            if k in self.spans:
                line, col = _line_col(self.spans[k])
                return Span(self.path, line + self.line_offset, col)
            if not k:
                return Span(self.path, 1 + self.line_offset, 1)
            k = k[:-1]

    def key_span(self, *keys) -> Span:
        k = tuple(keys)
        if k in self.key_spans:
            line, col = _line_col(self.key_spans[k])
            return Span(self.path, line + self.line_offset, col)
        return self.span(*keys)

    def raw_text(self, *keys) -> str | None:
        return self.raw.get(tuple(keys))


class _Keys:
    """The key paths a `LocalizedSourceMap` knows: its translation's and its base document's."""

    def __init__(self, base: SourceMap, prefix: Path):
        self.base, self.prefix = base, prefix

    def __contains__(self, keys) -> bool:
        return self.prefix + tuple(keys) in self.base.spans or tuple(keys) in self.base.spans


class LocalizedSourceMap:
    """A document's source map seen through one of its translations: the span of `title` is the span of
    `i18n.en.title` when the translation has one, else the original's. Rules and errors about a translated
    product so point at the line an editor has to change."""

    def __init__(self, base: SourceMap, prefix: Path):
        self.base = base
        self.prefix = tuple(prefix)
        self.path = base.path
        self.digest = base.digest
        self.line_offset = base.line_offset
        self.spans = _Keys(base, self.prefix)

    def _keys(self, keys: tuple) -> tuple:
        return self.prefix + keys if keys and self.prefix + keys in self.base.spans else keys

    def span(self, *keys) -> Span:
        return self.base.span(*self._keys(tuple(keys)))

    def key_span(self, *keys) -> Span:
        return self.base.key_span(*self._keys(tuple(keys)))

    def raw_text(self, *keys) -> str | None:
        return self.base.raw_text(*self._keys(tuple(keys)))


class _LimitError(Exception):
    def __init__(self, mark, message: str):
        self.mark = mark
        self.message = message


class _Walker:
    """Turns a composed YAML node tree into Python data, recording spans as it goes."""

    def __init__(self, loader, smap: SourceMap, diags: list[Diagnostic]):
        self.loader = loader
        self.smap = smap
        self.diags = diags
        self.count = 0

    def walk(self, node, path: Path, depth: int):
        self.count += 1
        if self.count > MAX_NODES:
            raise _LimitError(
                node.start_mark,
                tr(
                    "the document expands to more than {MAX_NODES:,} values (YAML aliases used to repeat data?)",
                    MAX_NODES=MAX_NODES,
                ),
            )
        if depth > MAX_DEPTH:
            raise _LimitError(
                node.start_mark, tr("values are nested deeper than {MAX_DEPTH} levels", MAX_DEPTH=MAX_DEPTH)
            )
        self.smap.spans[path] = _pos(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            out: dict = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _LimitError(
                        key_node.start_mark, tr("YAML merge keys ('<<') are not supported; write the fields out")
                    )
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _LimitError(key_node.start_mark, tr("a key must be a plain name, not a list or mapping"))
                key = key_node.value
                kpath = _shared(path + (key,))
                if key in out:
                    first = _line_col(self.smap.key_spans[kpath])
                    self.diags.append(
                        Diagnostic(
                            Severity.ERROR,
                            Span(
                                self.smap.path,
                                key_node.start_mark.line + 1 + self.smap.line_offset,
                                key_node.start_mark.column + 1,
                            ),
                            tr(
                                "duplicate key '{key}': it is already set on line {line}",
                                key=key,
                                line=first[0] + self.smap.line_offset,
                            ),
                            hint=tr("keep one of them; YAML would silently drop the first value"),
                        )
                    )
                    continue
                self.smap.key_spans[kpath] = _pos(key_node.start_mark)
                out[kpath[-1]] = self.walk(value_node, kpath, depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, _shared(path + (i,)), depth + 1) for i, item in enumerate(node.value)]
        self.smap.raw[path] = node.value
        if node.tag == _STR:
            return node.value  # most values: no constructor call needed
        try:
            return _CONSTRUCTORS.get(node.tag, _undefined)(self.loader, node)
        except (ValueError, OverflowError, yaml.YAMLError):
            # e.g. "2026-13-45" looks like a date but is none: keep the text, the schema check reports it.
            return node.value


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[-1] if text else type(exc).__name__


def load_yaml(text: str, path: str, line_offset: int = 0) -> tuple[object, SourceMap, list[Diagnostic]]:
    """Parse one YAML document. Returns (data or None on failure, its source map, diagnostics)."""
    smap = SourceMap(path, line_offset)
    diags: list[Diagnostic] = []
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        diags.append(
            Diagnostic(
                Severity.ERROR,
                Span(path, 1 + line_offset, 1),
                tr(
                    "the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
                    size=size,
                    MAX_FILE_BYTES=MAX_FILE_BYTES,
                ),
                hint=tr("split it up: one product per file, long texts shortened"),
            )
        )
        return None, smap, diags
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, smap, diags
        data = _Walker(loader, smap, diags).walk(node, (), 0)
    except _LimitError as exc:
        diags.append(Diagnostic(Severity.ERROR, _mark_span(path, exc.mark, line_offset), exc.message))
        return None, smap, diags
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        ctx = f" ({exc.context})" if exc.context and exc.problem else ""
        diags.append(
            Diagnostic(
                Severity.ERROR,
                _mark_span(path, mark, line_offset),
                tr("YAML syntax error: {problem}{ctx}", problem=problem, ctx=ctx),
                hint=tr("check indentation and quote values that contain ': ' or start with a special character"),
            )
        )
        return None, smap, diags
    except yaml.reader.ReaderError as exc:
        diags.append(_character_problem(text, exc.position, path, line_offset))
        return None, smap, diags
    except yaml.YAMLError as exc:
        diags.append(
            Diagnostic(Severity.ERROR, Span(path, 1 + line_offset, 1), tr("YAML error: {problem}", problem=_short(exc)))
        )
        return None, smap, diags
    except RecursionError:
        diags.append(
            Diagnostic(Severity.ERROR, Span(path, 1 + line_offset, 1), tr("values are nested too deeply to read"))
        )
        return None, smap, diags
    finally:
        loader.dispose()
    return data, smap, diags


_CONTROL_NAMES = {"\x00": "NUL", "\x0b": "vertical tab", "\x0c": "form feed", "\x1b": "escape"}


def _character_problem(text: str, position: int, path: str, line_offset: int) -> Diagnostic:
    """A character YAML does not allow (NUL and other control characters, often pasted from a spreadsheet
    or a PDF), at its line and column."""
    position = min(max(position, 0), max(len(text) - 1, 0))
    line = text.count("\n", 0, position) + 1 + line_offset
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    char = text[position] if text else ""
    name = (unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "")) if char else ""
    return Diagnostic(
        Severity.ERROR,
        Span(path, line, col),
        tr(
            "the file contains the control character U+{code:04X}{name}, which YAML does not allow",
            code=ord(char) if char else 0,
            name=" (" + name + ")" if name else "",
        ),
        hint=tr("delete it: it often comes from copying text out of a spreadsheet or a PDF"),
    )


def _mark_span(path: str, mark, line_offset: int) -> Span:
    if mark is None:
        return Span(path, 1 + line_offset, 1)
    return Span(path, mark.line + 1 + line_offset, mark.column + 1)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split `---\\nYAML\\n---\\nbody`. Returns (yaml text or None, body, line where the body starts)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]) + "\n", "\n".join(lines[i + 1 :]), i + 2
    return None, text, 1
