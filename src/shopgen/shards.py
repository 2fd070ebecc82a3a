"""Sharded builds: `shopgen build --shard K/N` renders a fixed 1/N of the site, `shopgen merge` joins the parts.

Every shard loads and checks the whole store (pages link to each other), then renders only the pages and
image files whose output path falls in its part; shard 1 also writes what is shared: the sitemap,
robots.txt and the theme's assets. The search index covers the whole site, so `merge` builds it.
The merged folder is byte for byte what a single build writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re

from .errors import ShopgenError
from .messages import tr
from .outlock import merge_owner, output_lock, recorded_owner
from .pagefind import build_indexes
from .search import INDEX_DIR, searchable_pages, split
from .write import MARKER, Staging

SHARD_FILE = ".shopgen-shard.json"


def parse_shard(text: str) -> tuple[int, int]:
    """'2/4' -> (2, 4); a clear error for anything else."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise ShopgenError(tr("--shard must look like K/N with 1 <= K <= N (e.g. 2/4), not '{text}'", text=text))
    return int(m.group(1)), int(m.group(2))


def in_shard(rel: str, shard: tuple[int, int]) -> bool:
    """Whether output file `rel` belongs to shard (k, n): a stable hash, so parts stay the same size."""
    k, n = shard
    h = int.from_bytes(hashlib.blake2b(rel.encode("utf-8", "surrogateescape"), digest_size=8).digest(), "big")
    return h % n == k - 1


def write_shard_manifest(staging: Staging, shard: tuple[int, int], site_digest: str, search: bool) -> None:
    data = {"shard": shard[0], "of": shard[1], "site": site_digest, "search": search}
    staging.write_text(SHARD_FILE, json.dumps(data, sort_keys=True) + "\n")


def _read_manifest(folder: str) -> dict:
    path = os.path.join(folder, SHARD_FILE)
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        return {
            "shard": int(data["shard"]),
            "of": int(data["of"]),
            "site": str(data["site"]),
            "search": bool(data.get("search")),
        }
    except FileNotFoundError:
        raise ShopgenError(
            tr(
                "{folder} is not a shard: it has no {SHARD_FILE} (build it with --shard K/N)",
                folder=folder,
                SHARD_FILE=SHARD_FILE,
            )
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ShopgenError(tr("{path} is damaged ({exc}); build that shard again", path=path, exc=exc)) from None


def merge_shards(out: str, folders: list[str]) -> int:
    """Join the shard output `folders` into `out` (replaced atomically, holding its lock). Returns the number
    of files."""
    with output_lock(out):
        return _merge(out, folders)


def _merge(out: str, folders: list[str]) -> int:
    if not folders:
        raise ShopgenError(tr("name the shard folders to merge"))
    manifests = [_read_manifest(f) for f in folders]
    counts = {m["of"] for m in manifests}
    if len(counts) != 1:
        raise ShopgenError(
            tr("the folders come from builds with different shard counts: {folders}", folders=", ".join(folders))
        )
    n = counts.pop()
    have = sorted(m["shard"] for m in manifests)
    if have != list(range(1, n + 1)):
        missing = sorted(set(range(1, n + 1)) - set(have))
        doubled = sorted({k for k in have if have.count(k) > 1})
        what = []
        if missing:
            what.append(tr("missing shard {shards}", shards=", ".join(f"{k}/{n}" for k in missing)))
        if doubled:
            what.append(tr("shard given twice: {shards}", shards=", ".join(f"{k}/{n}" for k in doubled)))
        raise ShopgenError(tr("cannot merge: {problems}", problems="; ".join(what)))
    if len({m["site"] for m in manifests}) != 1:
        raise ShopgenError(tr("the shards were built from different versions of the store; build them all again"))
    out = os.path.abspath(out)
    made = os.path.isfile(os.path.join(out, MARKER)) and recorded_owner(out) == merge_owner(out)
    if os.path.isdir(out) and os.listdir(out) and not made:
        raise ShopgenError(
            tr("the output folder {out} is not empty and was not made by shopgen; choose another", out=out)
        )
    staging = Staging(out, owner=merge_owner(out))
    seen: dict[str, str] = {}
    try:
        for folder in folders:
            top = os.path.abspath(folder)
            for dirpath, dirnames, filenames in os.walk(top):
                dirnames.sort()
                for name in sorted(filenames):
                    rel = os.path.relpath(os.path.join(dirpath, name), top).replace(os.sep, "/")
                    if rel in (MARKER, SHARD_FILE):
                        continue
                    if rel in seen:
                        raise ShopgenError(
                            tr(
                                "{rel} is in both {first} and {folder}; build the shards again",
                                rel=rel,
                                first=seen[rel],
                                folder=folder,
                            )
                        )
                    seen[rel] = folder
                    staging.link(os.path.join(dirpath, name), rel)
        if manifests[0]["search"]:
            build_indexes(staging.dir, split(searchable_pages(staging.dir)))
            staging.files += sum(len(names) for _, _, names in os.walk(os.path.join(staging.dir, INDEX_DIR)))
        staging.commit()
    except BaseException:
        staging.discard()
        raise
    return staging.files
