"""On-site search without a server: a Pagefind index over the built pages, with facets for the search page.

The theme marks what is indexed (`data-pagefind-body` on the product and guide text, the image alt texts and
keywords through `data-pagefind-index-attrs`) and the filters and result data (`data-pagefind-filter`,
`-meta`, `-sort`). After the pages are written into the staging folder, Pagefind's extended binary (shipped
by the `pagefind-bin-extended` package; it segments Chinese with a dictionary) reads them and writes
`pagefind/<part>/`, so the index always matches the published HTML. Big sites are indexed in parts of about
`PAGES_PER_INDEX` pages, assigned by a hash of the page's path: a rebuild re-indexes only the parts whose pages
changed, and the search page merges the parts (Pagefind's `mergeIndex`). `canonicalize` makes that output
byte-identical from run to run.
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
from dataclasses import dataclass
from decimal import Decimal

from . import cbor
from .cbor import CBORError
from .enrich import Site
from .errors import ShopgenError
from .messages import tr
from .model import Product
from .write import link_or_copy

INDEX_DIR = "pagefind"
#: Searchable pages per index part: a product edit re-indexes one part, and each Pagefind process stays
#: small (about 200 KB per page). The search page merges the parts in the browser.
PAGES_PER_INDEX = 1000
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
#: Upper bounds of the price ranges shoppers filter by, in the store's currency unit.
PRICE_STEPS = (10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
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


def index_count(pages: int) -> int:
    """How many separate indexes `pages` searchable pages are split into (the search page merges them)."""
    return max(1, -(-pages // PAGES_PER_INDEX))


def searchable(site: Site) -> list[str]:
    """The pages the theme marks for indexing (site-relative files): guides, and products on sale."""
    urls = [p.url for p in site.products if p.availability != "discontinued"] + [g.url for g in site.guides]
    return sorted(url.strip("/") + "/index.html" for url in urls)


def searchable_pages(site_dir: str) -> list[str]:
    """The same pages found in a built site (for `shopgen merge`, which has no store): product and guide
    pages that carry the theme's `data-pagefind-body` mark."""
    found = []
    for top in ("products", "guides"):
        folder = os.path.join(site_dir, top)
        if os.path.isdir(folder):
            for name in sorted(os.listdir(folder)):
                path = os.path.join(folder, name, "index.html")
                if os.path.isfile(path):
                    with open(path, "rb") as fh:
                        if b"data-pagefind-body" in fh.read():
                            found.append(f"{top}/{name}/index.html")
    return found


def part_of(rel: str, parts: int) -> int:
    """Which index a page belongs to: a stable hash of its path, so an edit re-indexes one part only."""
    h = hashlib.blake2b(rel.encode("utf-8", "surrogateescape"), digest_size=8).digest()
    return int.from_bytes(h, "big") % parts


def split(pages: list[str]) -> dict[int, list[str]]:
    """`pages` grouped into their index parts; a part no page falls in is left out (Pagefind needs pages)."""
    count = index_count(len(pages))
    parts: dict[int, list[str]] = {}
    for rel in sorted(pages):
        parts.setdefault(part_of(rel, count), []).append(rel)
    return dict(sorted(parts.items()))


def index_urls(site: Site) -> list[str]:
    """The search page's list of index parts to load."""
    return [f"/{INDEX_DIR}/{k}/" for k in split(searchable(site))]


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


@dataclass(frozen=True)
class PriceRange:
    low: Decimal | None  # None: from 0
    high: Decimal | None  # None: and above

    @property
    def key(self) -> str:
        return f"{self.low or 0}-{self.high or ''}"


def price_range(amount: Decimal | None) -> PriceRange | None:
    """The filter range a price falls in: [low, high), from a fixed ladder (10, 25, 50, 100 …)."""
    if amount is None:
        return None
    low = None
    for step in PRICE_STEPS:
        if amount < step:
            return PriceRange(low, Decimal(step))
        low = Decimal(step)
    return PriceRange(low, None)


def department(p: Product) -> str:
    """The top-level category a product is filtered by."""
    return p.category[0] if p.category else ""


@dataclass
class Facets:
    """What the search page offers to filter by, in display order, with product counts."""

    categories: list[tuple[str, int]]
    brands: list[tuple[str, int]]
    prices: list[tuple[PriceRange, int]]


def facets(site: Site) -> Facets:
    cats: dict[str, int] = {}
    brands: dict[str, int] = {}
    prices: dict[PriceRange, int] = {}
    for p in site.products:
        if p.availability == "discontinued":
            continue
        if department(p):
            cats[department(p)] = cats.get(department(p), 0) + 1
        if p.brand:
            brands[p.brand] = brands.get(p.brand, 0) + 1
        band = price_range(p.offer_price)
        if band is not None:
            prices[band] = prices.get(band, 0) + 1
    return Facets(
        categories=sorted(cats.items()),
        brands=sorted(brands.items(), key=lambda kv: kv[0].casefold()),
        prices=sorted(prices.items(), key=lambda kv: kv[0].low or 0),
    )
