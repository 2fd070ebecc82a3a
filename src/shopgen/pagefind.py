"""Pagefind, the search engine: runs its binary over the built pages and makes its output deterministic.

Pagefind's extended binary (shipped by the `pagefind-bin-extended` package; it segments Chinese and Japanese
with a dictionary) reads the staged HTML pages and writes `pagefind/<part>/`, so the index always matches the
published pages. `canonicalize` makes that output byte-identical from run to run.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tempfile

from . import cbor
from .cbor import CBORError
from .errors import ShopgenError
from .messages import tr
from .search import INDEX_DIR
from .write import link_or_copy

#: Pagefind's ready-made interfaces, which the theme's search page does not use.
UNUSED_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
_PF_SIGNATURE = b"pagefind_dcd"


def executable() -> str:
    """Pagefind's binary: the extended build (Chinese and Japanese segmentation) when installed."""
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            found = __import__(module).get_executable()
        except (ImportError, FileNotFoundError):
            continue
        return str(found)
    raise ShopgenError(
        tr("site search needs Pagefind: pip install pagefind-bin-extended (or set 'search: false' in shopgen.yaml)")
    )


def engine_digest() -> str:
    """Changes when the Pagefind binary does, so a kept index is never one an older binary made."""
    path = executable()
    st = os.stat(path)
    return hashlib.blake2b(f"{path}|{st.st_size}|{st.st_mtime_ns}".encode(), digest_size=12).hexdigest()


def build_indexes(site_dir: str, parts: dict[int, list[str]], jobs: int | None = None) -> None:
    """Index each part's pages of `site_dir` into `site_dir/pagefind/<part>/`, several Pagefind processes at
    a time. Raises ShopgenError if Pagefind fails; the caller discards the staging folder then.

    Pagefind reads whole folders, so each part's pages are hard-linked into a scratch folder first, inside
    the staging folder so that a killed build leaves nothing behind that the next one does not sweep away.
    Pagefind takes each page's language from its `lang` attribute (one index per language).
    """
    scratch = tempfile.mkdtemp(prefix=".index-source-", dir=site_dir)
    try:
        todo = []
        for k, pages in sorted(parts.items()):
            source = os.path.join(scratch, str(k))
            for rel in pages:
                target = os.path.join(source, *rel.split("/"))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                link_or_copy(os.path.join(site_dir, *rel.split("/")), target)
            os.makedirs(source, exist_ok=True)
            todo.append((k, source, os.path.join(site_dir, INDEX_DIR, str(k))))
        width = max(1, min(len(todo), jobs or os.cpu_count() or 1))
        for i in range(0, len(todo), width):
            _run_pagefind(todo[i : i + width])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for _k, _source, output in todo:
        canonicalize(output)
        for name in UNUSED_FILES:
            with contextlib.suppress(FileNotFoundError):
                os.remove(os.path.join(output, name))


def _run_pagefind(batch: list[tuple[int, str, str]]) -> None:
    running = []
    try:
        for _k, source, output in batch:
            command = [executable(), "--site", source, "--output-path", output, "--silent"]
            running.append(subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
        for proc in running:
            out, _ = proc.communicate(timeout=3600)
            if proc.returncode != 0:
                problem = out.strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
                raise ShopgenError(tr("the search index could not be built: {problem}", problem=problem[0]))
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ShopgenError(tr("the search index could not be built: {problem}", problem=exc)) from None
    finally:
        for proc in running:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def canonicalize(index_dir: str) -> None:
    """Make Pagefind's output byte-identical from run to run.

    Pagefind writes the values of each filter, and the list of filters and sorts, in hash-map order, which
    changes with every run; the files are named by a hash of their content. This sorts those lists and
    renames the files the way Pagefind names them (the first hex digits of the SHA-1 of the CBOR, each byte
    written without a leading zero). Files of a shape it does not recognise are left as they are.
    """
    entry_path = os.path.join(index_dir, "pagefind-entry.json")
    try:
        with open(entry_path, encoding="utf-8") as fh:
            entry = json.load(fh)
        languages = entry["languages"]
        for lang, info in languages.items():
            info["hash"] = _canonical_meta(index_dir, lang, info["hash"])
    except (OSError, ValueError, KeyError, TypeError, IndexError, CBORError):
        return
    with open(entry_path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":"), sort_keys=True))


def _read_pf(path: str):
    with open(path, "rb") as fh:
        raw = gzip.decompress(fh.read())
    if not raw.startswith(_PF_SIGNATURE):
        raise CBORError("not a Pagefind file")
    return cbor.decode(raw[len(_PF_SIGNATURE) :])


def _write_pf(folder: str, lang: str, value, digits: int, suffix: str) -> str:
    """Write `value` as a Pagefind file named by its content; returns the name's hash part (`en_4f1a2b3`)."""
    data = cbor.encode(value)
    name = f"{lang}_" + "".join(f"{b:x}" for b in hashlib.sha1(data).digest())[:digits]
    path = os.path.join(folder, name.join(suffix.split("*")))
    with open(path, "wb") as fh:
        fh.write(gzip.compress(_PF_SIGNATURE + data, mtime=0))
    return name


def _canonical_meta(index_dir: str, lang: str, meta_hash: str) -> str:
    meta_path = os.path.join(index_dir, f"pagefind.{meta_hash}.pf_meta")
    meta = _read_pf(meta_path)
    filters, sorts = meta[3], meta[4]
    renamed = []
    for name, file_hash in filters:
        path = os.path.join(index_dir, "filter", f"{file_hash}.pf_filter")
        value = _read_pf(path)
        value[1] = sorted(([key, sorted(pages)] for key, pages in value[1]), key=lambda kv: kv[0])
        new = _write_pf(os.path.join(index_dir, "filter"), lang, value, len(file_hash) - len(lang) - 1, "*.pf_filter")
        if new != file_hash:
            os.remove(path)
        renamed.append([name, new])
    meta[3] = sorted(renamed, key=lambda kv: kv[0])
    meta[4] = sorted(sorts, key=lambda kv: kv[0])
    new = _write_pf(index_dir, lang, meta, len(meta_hash) - len(lang) - 1, "pagefind.*.pf_meta")
    if new != meta_hash:
        os.remove(meta_path)
    return new
