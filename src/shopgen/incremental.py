"""What the last build of an output folder was made from, so the next build redoes only what changed.

The state lives in the cache folder (never in the published site), one JSON file per output folder:
- `inputs`: size and modification time of every file the build read (store files, theme, image sources,
  shopgen's own code). When none changed and the options are the same, the build is already up to date:
  nothing is loaded, rendered or written, and the last build's summary and warnings are shown again.
- `pages`: each page's fingerprint (see fingerprint.py). A page whose fingerprint is unchanged is taken
  over from the last output (a hard link, no bytes copied); only the others are rendered.
- `records`: the digest of each record (a product, guide or page in one language) with its source file, to say
  why a page was rendered again.
The output folder's marker file ties a state to the exact folder it describes: a folder replaced or
touched by anything else gets a full build.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field

from .diagnostics import Diagnostic, Severity, Span
from .write import MARKER

STATE_VERSION = 3  # 2: records by digest; 3: the spare site
_PACKAGE = os.path.dirname(os.path.abspath(__file__))
_STORE_FOLDERS = ("catalog", "content", "themes")


@dataclass
class BuildState:
    options: dict
    inputs: dict[str, list[int]]  # path -> [size, mtime_ns]
    marker: list[int]  # [inode, mtime_ns] of the output folder's marker file
    site: str  # the site-wide digest
    pages: dict[str, str]  # output file -> fingerprint
    records: dict[str, str]  # record digest -> its source path
    sources: list[str] = field(default_factory=list)  # image files: the store's and the cached variants
    files: dict[str, str] = field(default_factory=dict)  # other output files -> content digest ("" if hashed name)
    summary: dict = field(default_factory=dict)  # what `shopgen build` printed, to show again
    #: the site kept beside the output (write.spare_path): its marker, and its files as `pages` and `files`
    spare: dict = field(default_factory=dict)
    version: int = STATE_VERSION


def state_path(state_dir: str, out: str) -> str:
    key = hashlib.blake2b(os.path.abspath(out).encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
    return os.path.join(state_dir, f"{key}.json")


def load_state(state_dir: str, out: str) -> BuildState | None:
    """The state of the last build into `out`, or None when there is none usable."""
    try:
        with open(state_path(state_dir, out), encoding="utf-8") as fh:
            data = json.load(fh)
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            return None
        state = BuildState(**data)
        shapes = [(state.options, dict), (state.inputs, dict), (state.pages, dict), (state.records, dict)]
        shapes += [(state.files, dict), (state.summary, dict), (state.sources, list), (state.marker, list)]
        shapes += [(state.spare, dict)]
        if not all(isinstance(value, kind) for value, kind in shapes):
            return None
    except (OSError, ValueError, TypeError):
        return None  # no state, or a damaged one: build everything
    if state.marker != marker_id(out):
        return None
    return state


def save_state(state_dir: str, out: str, state: BuildState) -> None:
    """Keep the state for the next build; one that cannot be written only makes that build a full one."""
    path = state_path(state_dir, out)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(state_dir, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as fh:
            # vars(), not asdict(): the fields are plain JSON values already, and deep-copying them is slow
            # dumps, not dump: only the one-shot encoder is the C one (several times faster on 10,000 pages)
            fh.write(json.dumps(vars(state), ensure_ascii=False, separators=(",", ":")))
        os.replace(tmp, path)
    except OSError:
        try:
            os.remove(path)  # never leave a state that describes an older build
        except OSError:
            pass


def marker_id(out: str) -> list[int]:
    try:
        st = os.stat(os.path.join(out, MARKER))
    except OSError:
        return []
    return [st.st_ino, st.st_mtime_ns]


def stamp(path: str) -> list[int]:
    """[size, mtime_ns] of a file, [-1, -1] when it is missing."""
    try:
        st = os.stat(path)
    except OSError:
        return [-1, -1]
    return [st.st_size, st.st_mtime_ns]


def stamps(paths: list[str]) -> dict[str, list[int]]:
    return {path: stamp(path) for path in paths}


def walk_inputs(root: str) -> dict[str, list[int]]:
    """Size and mtime of the store's files (shopgen.yaml, catalog/, content/, themes/) and of shopgen's code
    and built-in theme, and the number of entries of each folder (a file added or removed changes it).
    With the stamps of the image files a build used, they are the inputs whose change calls for a build."""
    found = {}
    found[os.path.join(root, "shopgen.yaml")] = stamp(os.path.join(root, "shopgen.yaml"))

    def walk(top: str) -> None:
        stack = [top]
        while stack:
            folder = stack.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            found[folder] = [len(entries), 0]
            for entry in entries:
                if entry.name in ("__pycache__", ".git"):
                    continue
                try:  # a symlink loop raises here: it is no input (loading reports it at its path)
                    if entry.is_dir():
                        stack.append(entry.path)
                        continue
                    st = entry.stat()
                except OSError:
                    found[entry.path] = [-1, -1]
                    continue
                found[entry.path] = [st.st_size, st.st_mtime_ns]

    for sub in _STORE_FOLDERS:
        walk(os.path.join(root, sub))
    walk(_PACKAGE)  # shopgen's code and its built-in theme
    return found


def diagnostics_to_json(items: list[Diagnostic]) -> list[dict]:
    return [
        {
            "severity": int(d.severity),
            "span": [d.span.path, d.span.line, d.span.col],
            "message": d.message,
            "code": d.code,
            "hint": d.hint,
            "related": [[s.path, s.line, s.col] for s in d.related],
        }
        for d in items
    ]


def diagnostics_from_json(items: list[dict]) -> list[Diagnostic]:
    return [
        Diagnostic(
            Severity(d["severity"]),
            Span(*d["span"]),
            d["message"],
            d["code"],
            d["hint"],
            tuple(Span(*s) for s in d["related"]),
        )
        for d in items
    ]
