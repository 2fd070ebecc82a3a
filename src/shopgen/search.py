"""On-site search without a server: a Pagefind index over the built pages, with facets for the search page.

The theme marks what is indexed (`data-pagefind-body` on the product and guide text, the image alt texts and
keywords through `data-pagefind-index-attrs`) and the filters and result data (`data-pagefind-filter`,
`-meta`, `-sort`). After the pages are written into the staging folder, Pagefind's extended binary (shipped
by the `pagefind-bin-extended` package; it segments Chinese with a dictionary) reads them and writes
`pagefind/`, so the index always matches the published HTML. `canonicalize` makes that output
byte-identical from run to run.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from decimal import Decimal

from . import cbor
from .cbor import CBORError
from .enrich import Site
from .errors import ShopgenError
from .messages import tr
from .model import Product

INDEX_DIR = "pagefind"
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


def build_index(site_dir: str) -> None:
    """Index the HTML pages in `site_dir` into `site_dir/pagefind/`. Raises ShopgenError if Pagefind fails.

    Pagefind takes each page's language from its `lang` attribute and keeps one index per language.
    """
    command = [executable(), "--site", site_dir, "--output-subdir", INDEX_DIR, "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ShopgenError(tr("the search index could not be built: {problem}", problem=exc)) from None
    if done.returncode != 0:
        problem = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        raise ShopgenError(tr("the search index could not be built: {problem}", problem=problem[0]))
    canonicalize(os.path.join(site_dir, INDEX_DIR))


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
