"""WooCommerce's product CSV export: simple, variable (with variation rows), grouped and external products.

Variation rows name their parent in the Parent column (`id:741` or the parent's SKU). See docs/import.md
for what each column becomes.
"""

from __future__ import annotations

import datetime as dt
import re

from ..messages import tr
from ..urls import web_address
from .html_to_markdown import to_markdown, to_text
from .record import Parsed, Record, RowError, derived_sku, drop_empty, parse_price, prices, split_list, truthy
from .rows import Row, Table

_ATTRIBUTE = re.compile(r"Attribute (\d+) name")
_CATEGORY_SPLIT = re.compile(r"(?<!\\),")


def _types(row: Row) -> set[str]:
    return {t.strip().lower() for t in row.get("Type").split(",") if t.strip()}


def _availability(row: Row) -> str:
    stock = row.get("In stock?").lower()
    if stock == "backorder":
        return "backorder"
    if stock in ("1", "instock", "yes", "true"):
        return "in_stock"
    if stock in ("0", "outofstock", "no", "false"):
        return "backorder" if truthy(row.get("Backorders allowed?")) else "out_of_stock"
    qty = row.get("Stock")
    if qty.lstrip("-").isdigit() and int(qty) <= 0:
        return "out_of_stock"
    return "in_stock"


def _attributes(row: Row, columns: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for column in columns:
        m = _ATTRIBUTE.fullmatch(column)
        if not m:
            continue
        name = row.get(column)
        values = split_list(row.get(f"Attribute {m.group(1)} value(s)"))
        if name and values:
            out[name] = values
    return out


def _date(row: Row, column: str, parsed: Parsed) -> dt.date | None:
    text = row.get(column)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        parsed.warn(
            row.line, tr("{column} is {value!r}, not a date like 2026-12-31; left out", column=column, value=text)
        )
        return None


def _prices(row: Row, parsed: Parsed) -> dict:
    out = prices(
        parse_price(row.get("Regular price"), "Regular price"), parse_price(row.get("Sale price"), "Sale price")
    )
    if "sale_price" in out:
        ends = _date(row, "Date sale price ends", parsed)
        if ends:
            out["sale_ends"] = ends
    return out


def _images(row: Row) -> list[dict]:
    return [{"src": src} for src in dict.fromkeys(split_list(row.get("Images")))]


def _key(row: Row) -> str:
    return row.get("SKU") or f"id:{row.get('ID')}"


def _product(row: Row, columns: list[str], parsed: Parsed) -> Record:
    types = _types(row)
    name = row.get("Name")
    if not name:
        raise RowError(tr("the product has no Name"), tr("every product needs a name"))
    sku = row.get("SKU")
    if not sku:
        sku = derived_sku(name, row.get("ID"))
        parsed.warn(row.line, tr("the product has no SKU; its SKU is {sku!r}", sku=sku))
    categories = [
        " > ".join(split_list(c.replace("\\,", ","), ">")) for c in _CATEGORY_SPLIT.split(row.get("Categories"))
    ]
    categories = [c for c in categories if c]
    data: dict = {
        "sku": sku,
        "title": name,
        "category": categories[0] if categories else "",
        "summary": to_text(row.values.get("Short description", "")),
        "description": to_markdown(row.values.get("Description", "")),
        "availability": _availability(row),
        "images": _images(row),
        **_prices(row, parsed),
    }
    if "variable" not in types:
        data["attributes"] = {k: ", ".join(v) for k, v in _attributes(row, columns).items()}
    external = row.get("External URL") if "external" in types else ""
    extra = {
        "categories": categories[1:],
        "tags": split_list(row.get("Tags")),
        "grouped_products": split_list(row.get("Grouped products")) if "grouped" in types else [],
        "external_url": external if external and not web_address(external) else "",
        "button_text": row.get("Button text") if "external" in types else "",
        "sale_starts": row.get("Date sale price starts")[:10] if "sale_price" in data else "",
    }
    if web_address(external):
        data["buy_url"] = external  # an external product is bought where its button points
    data["extra"] = drop_empty(extra)
    return Record(_key(row), row.line, data)


def _variant(row: Row, parent: Record, columns: list[str], parsed: Parsed) -> dict:
    attributes = {k: v[0] for k, v in _attributes(row, columns).items() if len(v) == 1}
    sku = row.get("SKU")
    if not sku:
        sku = derived_sku(parent.data["sku"], *(attributes.values() or [row.get("ID") or str(row.line)]))
        parsed.warn(row.line, tr("the variation has no SKU; its SKU is {sku!r}", sku=sku))
    out = {"sku": sku, "attributes": attributes, **_prices(row, parsed), "availability": _availability(row)}
    images = _images(row)
    if images:
        out["image"] = images[0]["src"]
    return drop_empty(out)


def _skip(row: Row, parsed: Parsed) -> bool:
    if truthy(row.get("Published") or "1") is False or row.get("Published") == "-1":
        parsed.skipped += 1
        parsed.warn(
            row.line,
            tr("product {name!r} is not imported: it is not published in WooCommerce", name=row.get("Name")),
            tr("publish it in WooCommerce and export again to import it"),
        )
        return True
    return False


def read(table: Table, parsed: Parsed) -> None:
    """Products of a WooCommerce export into `parsed`; variation rows become their parent's variants."""
    if "Type" not in table.columns or "Name" not in table.columns:
        raise RowError(
            tr("this is not a WooCommerce product export: it has no Type or Name column"),
            tr("export the products from WooCommerce (Products > Export), or use the csv format with --map"),
        )
    parents: dict[str, Record] = {}
    records: list[Record] = []
    variations: list[Row] = []
    for row in table.rows:
        if "variation" in _types(row):
            variations.append(row)
            continue
        if row.get("Published") in ("0", "-1") and _skip(row, parsed):
            parsed.failed.add(_key(row))
            continue
        try:
            record = _product(row, table.columns, parsed)
        except RowError as exc:
            parsed.error(row.line, exc)
            parsed.failed.add(_key(row))
            continue
        records.append(record)
        if row.get("ID"):
            parents[f"id:{row.get('ID')}"] = record
        parents[record.data["sku"]] = record
    for row in variations:
        parent = parents.get(row.get("Parent"))
        if parent is None:
            parsed.error(
                row.line,
                RowError(
                    tr("the variation's Parent {parent!r} is not a product of this export", parent=row.get("Parent")),
                    tr("export the variable product together with its variations"),
                ),
            )
            continue
        try:
            variant = _variant(row, parent, table.columns, parsed)
        except RowError as exc:
            parsed.error(row.line, exc)
            continue
        variants = parent.data.setdefault("variants", [])
        if any(v["sku"] == variant["sku"] for v in variants) or variant["sku"] == parent.data["sku"]:
            parsed.error(row.line, RowError(tr("SKU {sku!r} appears twice in the export", sku=variant["sku"])))
            continue
        variants.append(variant)
    for record in records:
        ends = {v.pop("sale_ends", None) for v in record.data.get("variants", [])}  # no variant field: see below
        _settle_group_price(record, ends.pop() if len(ends) == 1 else None)
        record.data = drop_empty(record.data)
        parsed.records.append(record)


def _settle_group_price(record: Record, sale_ends) -> None:
    """A variable product without its own price takes its first variation's (and a sale, with its end, that
    all of them share; the contract has no sale end per variant)."""
    variants = record.data.get("variants", [])
    if not variants or "price" in record.data:
        return
    first = variants[0]
    if "price" in first:
        record.data["price"] = first["price"]
        sales = {v.get("sale_price") for v in variants}
        if len(sales) == 1 and first.get("sale_price") is not None:
            record.data["sale_price"] = first["sale_price"]
            if sale_ends:
                record.data["sale_ends"] = sale_ends
