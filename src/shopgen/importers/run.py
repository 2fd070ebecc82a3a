"""`shopgen import`: read an export, merge each product with its file, write what changed, say what it did."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from ..config import CONFIG_FILE
from ..diagnostics import Diagnostics, Span
from ..load import CATALOG_DIR
from ..messages import tr
from ..slugs import product_slug, segment_slug, slugify
from . import FORMATS
from .merge import IMPORT_KEY, merge
from .record import Parsed, Record, RowError
from .rows import SourceError, read_file
from .store_index import Existing, StoreIndex, import_record, scan
from .yaml_out import canon, dump, write_atomic


class UsageError(Exception):
    """A problem with the command itself (unknown format, unreadable file, no store): exit 2."""


@dataclass
class Options:
    currency: str = ""  # the export's currency; default: the store's
    mapping: dict[str, str] = field(default_factory=dict)  # csv format: contract field -> column
    prune: bool = False


@dataclass
class Outcome:
    diagnostics: Diagnostics
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    gone: int = 0
    pruned: int = 0
    skipped: int = 0
    failed_rows: int = 0
    written: list[str] = field(default_factory=list)


def store_currency(store: str) -> str:
    """The store's `currency` (USD when shopgen.yaml does not say); a UsageError when there is no store."""
    path = os.path.join(store, CONFIG_FILE)
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError as exc:
        raise UsageError(
            tr("{store} is not a shopgen store: it has no {file}", store=store, file=CONFIG_FILE)
            + "\n    "
            + tr("hint: {hint}", hint=tr("make one with `shopgen init {store}`, then import into it", store=store))
        ) from exc
    except (OSError, ValueError, yaml.YAMLError) as exc:
        raise UsageError(tr("cannot read {file}: {problem}", file=path, problem=exc)) from exc
    value = data.get("currency") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else "USD"


def parse(fmt: str, source: str, options: Options) -> Parsed:
    """The records of `source` in format `fmt`; UsageError when it cannot be read as that format at all."""
    if fmt not in FORMATS:
        raise UsageError(tr("unknown format {fmt!r}; use one of: {formats}", fmt=fmt, formats=", ".join(FORMATS)))
    try:
        data = read_file(source)
        parsed = Parsed()
        if fmt == "merchant-feed":
            from . import merchant_feed

            merchant_feed.read(source, data, parsed)
        else:
            from .rows import read_table

            table = read_table(source, data)
            for line, problem in table.problems:
                parsed.error(line, RowError(tr("the CSV cannot be read from here on: {problem}", problem=problem)))
            if fmt == "shopify":
                from . import shopify

                shopify.read(table, parsed)
            elif fmt == "woocommerce":
                from . import woocommerce

                woocommerce.read(table, parsed)
            else:
                from . import mapped_csv

                mapped_csv.read(table, parsed, options.mapping)
    except (SourceError, RowError) as exc:
        hint = getattr(exc, "hint", "")
        raise UsageError(str(exc) + ("\n    " + tr("hint: {hint}", hint=hint) if hint else "")) from exc
    return parsed


def _settle_slugs(records: list[Record]) -> None:
    """Products whose derived slugs would collide get one with their SKU, whatever their order."""
    derived = {id(r): r.data.get("slug") or product_slug(r.data["title"], r.data["sku"]) for r in records}
    counts = Counter(derived.values())
    for r in records:
        slug = derived[id(r)]
        if counts[slug] > 1:
            r.data["slug"] = f"{slug}-{slugify(r.data['sku'])}"[:80].strip("-")


def _https_images(record: Record, parsed: Parsed) -> None:
    """Image addresses on plain http:// become https:// (every shop CDN serves both; a browser blocks or
    upgrades a plain-http image on an https page anyway), with one warning for the product."""
    images = [im for im in record.data.get("images", []) if isinstance(im, dict)]
    changed = 0
    for im in images:
        if str(im.get("src", "")).startswith("http://"):
            im["src"], changed = "https://" + im["src"][7:], changed + 1
    for v in record.data.get("variants", []):
        if str(v.get("image", "")).startswith("http://"):
            v["image"], changed = "https://" + v["image"][7:], changed + 1
    if changed:
        parsed.warn(
            record.line,
            tr("{n} image addresses of {key!r} are http://: imported as https://", n=changed, key=record.key),
            tr("check that the images load over https (shopgen never fetches them)"),
        )


def _new_path(record: Record, index: StoreIndex, taken: set[str]) -> str:
    """`catalog/<first category level>/<slug>.yaml`; only slugs go into the path, so nothing climbs out."""
    category = str(record.data.get("category", "")).split(">")[0].strip()
    folder = segment_slug(category) if category else "imported"
    stem = record.data.get("slug") or product_slug(record.data["title"], record.data["sku"])
    path = f"{CATALOG_DIR}/{folder}/{stem}.yaml"
    n = 2
    while path in index.paths or path in taken:
        path = f"{CATALOG_DIR}/{folder}/{stem}-{n}.yaml"
        n += 1
    return path


def _find(record: Record, key: tuple[str, str, str], index: StoreIndex) -> Existing | None | RowError:
    found = index.by_import.get(key)
    if found:
        return found
    same_sku = index.by_sku.get(record.data["sku"])
    if same_sku is None:
        return None
    if import_record(same_sku.data):  # another import's product
        return RowError(
            tr("SKU {sku!r} is already used by {path}", sku=record.data["sku"], path=same_sku.path),
            tr("that file came from another export; give one of them another SKU or remove it"),
        )
    return same_sku  # an editor's file with this SKU: the import takes it over, keeping its fields


def _sku_clash(record: Record, skus: dict[str, int]) -> RowError | None:
    """A RowError when the product or a variant has an SKU an earlier product of the export has; else the
    record's SKUs are noted in `skus` (SKU -> line)."""
    own = [record.data["sku"], *(v["sku"] for v in record.data.get("variants", []))]
    for sku in own:
        if sku in skus:
            return RowError(
                tr("SKU {sku!r} appears twice in the export", sku=sku),
                tr("first at line {line}", line=skus[sku]),
            )
    skus.update(dict.fromkeys(own, record.line))
    return None


def run(
    fmt: str,
    source: str,
    store: str,
    options: Options,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Import `source` into `store`. Row problems are in the outcome's diagnostics, at `source:line`;
    `progress(done, total)` is called for each product."""
    default_currency = store_currency(store)
    parsed = parse(fmt, source, options)
    diags = Diagnostics()
    where = source
    origin = os.path.basename(source)
    currency = options.currency or default_currency
    outcome = Outcome(diags, skipped=parsed.skipped)
    index = scan(store)
    _settle_slugs(parsed.records)
    seen: dict[str, int] = {}
    skus: dict[str, int] = {}
    taken: set[str] = set()
    for done, record in enumerate(parsed.records, start=1):
        if progress:
            progress(done, len(parsed.records))
        if record.key in seen:
            problem = tr("product {key!r} appears twice in the export", key=record.key)
            parsed.error(record.line, RowError(problem, tr("first at line {line}", line=seen[record.key])))
            continue
        seen[record.key] = record.line
        _https_images(record, parsed)
        clash = _sku_clash(record, skus)
        if clash:
            parsed.error(record.line, clash)
            parsed.failed.add(record.key)
            continue
        if record.data.get("currency") == default_currency:
            del record.data["currency"]
        elif currency != default_currency and "currency" not in record.data:
            record.data["currency"] = currency
        key = (fmt, origin, record.key)
        found = _find(record, key, index)
        if isinstance(found, RowError):
            parsed.error(record.line, found)
            continue
        current = found.data if found else None
        last = import_record(current) if current else {}
        fields = last.get("fields") if isinstance(last.get("fields"), dict) else {}
        merged, hashes = merge(current, record.data, fields)
        extra = dict(merged.get("extra") or {})
        extra[IMPORT_KEY] = {"format": fmt, "source": origin, "id": record.key, "fields": dict(sorted(hashes.items()))}
        merged["extra"] = extra
        if found and canon(merged) == canon(current):
            outcome.unchanged += 1
            continue
        rel = found.path if found else _new_path(record, index, taken)
        taken.add(rel)
        write_atomic(os.path.join(store, *rel.split("/")), dump(merged))
        outcome.written.append(rel)
        if found:
            outcome.updated += 1
        else:
            outcome.new += 1
    for key, existing in sorted(index.by_import.items()):
        if key[0] == fmt and key[1] == origin and key[2] not in seen and key[2] not in parsed.failed:
            outcome.gone += 1
            if options.prune:
                os.unlink(os.path.join(store, *existing.path.split("/")))
                outcome.pruned += 1
    for line, message, hint in parsed.errors:
        diags.error(Span(where, line), message, hint)
    for line, message, hint in parsed.warnings:
        diags.warning(Span(where, line), message, hint)
    outcome.failed_rows = len(parsed.errors)
    return outcome
