"""Find and parse a store's files. Never raises for one bad file: its problems become diagnostics."""

from __future__ import annotations

import functools
import multiprocessing
import os
import sys
from dataclasses import dataclass

from .config import CONFIG_FILE
from .diagnostics import Diagnostic, Diagnostics, Severity, Span
from .errors import ShopgenError
from .files import NotRegularFile, read_bytes
from .fingerprint import text_digest
from .messages import tr
from .orphans import pool_options
from .parse_cache import ParseCache, stamp
from .sourcemap import SourceMap, load_yaml, split_front_matter
from .xmlchars import describe, strip_forbidden

CATALOG_DIR = "catalog"
GUIDES_DIR = os.path.join("content", "guides")
PAGES_DIR = os.path.join("content", "pages")


@dataclass
class RawDoc:
    """One parsed file: YAML data (front matter for Markdown) and, for Markdown, its body."""

    path: str  # relative to the store root, with forward slashes
    data: object
    smap: SourceMap
    body: str = ""
    body_line: int = 1


@dataclass
class RawStore:
    root: str
    config: RawDoc | None
    products: list[RawDoc]
    guides: list[RawDoc]
    pages: list[RawDoc]


def rel(root: str, path: str) -> str:
    if path.startswith(root + os.sep):  # the store's own walk: no need for relpath's normalising
        return path[len(root) + 1 :].replace(os.sep, "/")
    return os.path.relpath(path, root).replace(os.sep, "/")


@functools.lru_cache(maxsize=4096)
def _real_folder(path: str) -> str:
    return os.path.realpath(path)


def inside(root: str, path: str) -> bool:
    """True when `path`, with every symlink resolved, is within `root`.

    A file that is not a link resolves to its resolved folder plus its name, and a store has few folders:
    their resolved paths are cached for one load (`load_store` clears the cache)."""
    real_root = _real_folder(root)
    if os.path.islink(path):
        real = os.path.realpath(path)
    else:
        real = os.path.join(_real_folder(os.path.dirname(path)), os.path.basename(path))
    return real == real_root or real.startswith(real_root + os.sep)


def read_text(root: str, path: str, diags: Diagnostics) -> str | None:
    relpath = rel(root, path)
    if not inside(root, path):
        diags.error(
            Span(relpath),
            tr("this file is a link to a place outside the store folder"),
            tr("copy the file into the store instead of linking to it"),
        )
        return None
    try:
        data = read_bytes(path)
    except OSError as exc:
        diags.error(Span(relpath), tr("cannot read the file: {strerror}", strerror=exc.strerror), _unreadable_hint(exc))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.error(
            Span(relpath, line, col),
            tr("the file is not valid UTF-8 (byte 0x{byte:02x})", byte=data[exc.start]),
            tr("save the file as UTF-8 in your editor"),
        )
        return None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _unreadable_hint(exc: OSError) -> str:
    """What to do about a store file that could not be read."""
    if isinstance(exc, NotRegularFile):
        return tr("shopgen reads only regular files: remove it or rename it so it does not end in .yaml or .md")
    if isinstance(exc, PermissionError):
        return tr("let your user read it, e.g. chmod a+r on the file")
    return ""


def _files(root: str, sub: str, exts: tuple[str, ...], recursive: bool) -> list[str]:
    top = os.path.join(root, sub)
    if not os.path.isdir(top):
        return []
    found = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")) if recursive else []
        for name in filenames:
            if name.startswith((".", "_")) or not name.lower().endswith(exts):
                continue
            found.append(os.path.join(dirpath, name))
    return sorted(found, key=lambda p: rel(root, p))


# Documents parsed earlier in this process, by file: a process that builds again and again (`shopgen serve`)
# parses only the files whose text changed. Compared by the text itself, so no edit is ever missed.
_parsed: dict[str, tuple[str, RawDoc | None, list]] = {}
MAX_PARSED = 200_000


def _parse(path: str, relpath: str, text: str, parse) -> tuple[RawDoc | None, list]:
    """`parse(text)` -> (doc, problems), reusing the last result for this file when its text is the same."""
    key = f"{os.path.abspath(path)}\0{relpath}"
    found = _parsed.get(key)
    if found is not None and found[0] == text:
        return found[1], found[2]
    doc, problems = parse(text)
    if len(_parsed) >= MAX_PARSED:
        _parsed.clear()
    _parsed[key] = (text, doc, problems)
    return doc, problems


def _load_file(root: str, path: str, diags: Diagnostics, cache: ParseCache | None, parse) -> RawDoc | None:
    """One store file as a document: from `cache` when the file is unchanged, else read and `parse(relpath,
    text)` -> (doc or None, problems). The problems go to `diags` either way."""
    return _load_files(root, [(path, parse)], diags, cache)[0]


#: Below this many files to parse, forking a second process costs more than it saves.
MIN_PARALLEL_PARSE = 1000


def _load_files(root: str, files: list[tuple[str, object]], diags: Diagnostics, cache: ParseCache | None) -> list:
    """`_load_file` for each (path, parse) in `files`, in order; the files the cache does not have are
    read and parsed by one process per CPU core when there are many (a first build: YAML parsing is most
    of a cold build's loading time)."""
    results: list = [None] * len(files)
    todo = []
    for i, (path, parse) in enumerate(files):
        relpath = rel(root, path)
        st = stamp(path) if cache is not None else None
        hit = cache.get(relpath, st) if cache is not None else None
        if hit is not None:
            results[i] = (hit[0], hit[1], [])
        else:
            todo.append((i, path, relpath, st, parse))
    work = [(path, relpath, parse) for _i, path, relpath, _st, parse in todo]
    for (i, _path, relpath, st, _parse), (doc, problems, read_errors, read) in zip(
        todo, _read_and_parse_all(root, work, cache is not None), strict=True
    ):
        if read and cache is not None:
            cache.put(relpath, st, doc, problems)
        results[i] = (doc, problems, read_errors)
    docs = []
    for doc, problems, read_errors in results:
        diags.extend(read_errors)
        diags.extend(problems)
        docs.append(doc)
    return docs


def _read_and_parse(root: str, path: str, relpath: str, parse, cached: bool):
    """(doc, problems, errors reading the file, whether it was read) of one file."""
    found = Diagnostics()
    text = read_text(root, path, found)
    if text is None:
        return None, [], found.items, False
    if cached:  # the parse cache keeps what this process parsed
        doc, problems = parse(relpath, text)
    else:
        doc, problems = _parse(path, relpath, text, lambda t: parse(relpath, t))
    return doc, problems, found.items, True


_job: tuple[str, list, bool] | None = None


def _read_and_parse_part(bounds: tuple[int, int]) -> list:
    root, work, cached = _job
    return [_read_and_parse(root, *w, cached) for w in work[bounds[0] : bounds[1]]]


def _read_and_parse_all(root: str, work: list, cached: bool) -> list:
    global _job
    from .render_pool import workers_for

    workers = workers_for(len(work), None, MIN_PARALLEL_PARSE, MIN_PARALLEL_PARSE // 2) if cached else 1
    if workers < 2:
        return [_read_and_parse(root, *w, cached) for w in work]
    # This process parses the first part while the others parse the rest (their documents come back
    # pickled, which costs a tenth of parsing them).
    size = -(-len(work) // workers)
    parts = [(i, min(i + size, len(work))) for i in range(0, len(work), size)]
    _job = (root, work, cached)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        with multiprocessing.get_context("fork").Pool(len(parts) - 1, **pool_options()) as pool:
            pending = pool.map_async(_read_and_parse_part, parts[1:])
            first = _read_and_parse_part(parts[0])
            return first + [r for part in pending.get() for r in part]
    finally:
        _job = None


def _parse_yaml(relpath: str, text: str):
    data, smap, problems = load_yaml(text, relpath)
    smap.digest = text_digest(text)
    return (RawDoc(relpath, data, smap) if not problems else None), problems


def _parse_markdown(relpath: str, text: str):
    front, body, body_line = split_front_matter(text)
    if front is None:
        if text.lstrip("\ufeff").split("\n", 1)[0].rstrip() == "---":
            message = tr("the front matter opened on line 1 is never closed")
            hint = tr("add a line with just '---' after its last field, before the text")
        else:
            message = tr("the file has no front matter")
            hint = tr("start it with a '---' line, then 'title: ...', then another '---' line")
        return None, [Diagnostic(Severity.ERROR, Span(relpath, 1, 1), message, hint=hint)]
    data, smap, problems = load_yaml(front, relpath, line_offset=1)
    smap.digest = text_digest(text)
    doc = RawDoc(relpath, data, smap, *_clean_body(relpath, body, body_line, problems)) if not problems else None
    return doc, problems


def _clean_body(relpath: str, body: str, body_line: int, problems: list) -> tuple[str, int]:
    """A Markdown body without the characters XML 1.0 forbids (a warning at the first one in `problems`)."""
    cleaned, char = strip_forbidden(body)
    if char:
        at = body.index(char)
        line = body_line + body.count("\n", 0, at)
        problems.append(
            Diagnostic(
                Severity.WARNING,
                Span(relpath, line, at - body.rfind("\n", 0, at)),
                tr(
                    "the text contains the invisible character {char}, which XML forbids: it is left out",
                    char=describe(char),
                ),
                hint=tr("delete it in your editor; it often comes with a copy and paste"),
            )
        )
    return cleaned, body_line


def load_yaml_file(root: str, path: str, diags: Diagnostics, cache: ParseCache | None = None) -> RawDoc | None:
    return _load_file(root, path, diags, cache, _parse_yaml)


def load_markdown_file(root: str, path: str, diags: Diagnostics, cache: ParseCache | None = None) -> RawDoc | None:
    return _load_file(root, path, diags, cache, _parse_markdown)


def load_store(root: str, diags: Diagnostics, cache: ParseCache | None = None) -> RawStore:
    """Read every store file, or take it from `cache` when it has not changed since it was parsed (the
    caller saves the cache once the documents are validated). Raises ShopgenError only when `root` is not a
    store at all."""
    _real_folder.cache_clear()  # folders may have become links since the last load (`shopgen serve`)
    if not os.path.isdir(root):
        raise ShopgenError(tr("store folder not found: {root}", root=root))
    config_path = os.path.join(root, CONFIG_FILE)
    if os.path.lexists(config_path) and not os.path.isfile(config_path):
        raise ShopgenError(
            tr(
                "{path}: it is not a regular file (a pipe, socket, device or folder)",
                path=os.path.join(root, CONFIG_FILE),
            )
        )
    if not os.path.isfile(config_path):
        raise ShopgenError(
            tr(
                "{root} is not a shopgen store: it has no {CONFIG_FILE} (run shopgen in the store "
                "folder, or name it: shopgen build PATH)",
                root=root,
                CONFIG_FILE=CONFIG_FILE,
            )
        )
    config = load_yaml_file(root, config_path, diags, cache)
    products = [(p, _parse_yaml) for p in _files(root, CATALOG_DIR, (".yaml", ".yml"), True)]
    guides = [(p, _parse_markdown) for p in _files(root, GUIDES_DIR, (".md",), False)]
    pages = [(p, _parse_markdown) for p in _files(root, PAGES_DIR, (".md",), False)]
    docs = _load_files(root, [*products, *guides, *pages], diags, cache)
    n, m = len(products), len(products) + len(guides)
    products, guides, pages = [d for d in docs[:n] if d], [d for d in docs[n:m] if d], [d for d in docs[m:] if d]
    return RawStore(root, config, products, guides, pages)
