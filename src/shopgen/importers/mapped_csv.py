"""Any CSV, with a column map: `--map title=Name --map price="Sale price" --map attributes.color=Colour`.

A field without `--map` is read from a column of the same name (case-insensitive), if there is one. Each
row is one product; see docs/import.md for the fields and how their values are read.
"""

from __future__ import annotations

import datetime as dt

from ..messages import tr
from .html_to_markdown import to_markdown, to_text
from .record import AVAILABILITY, Parsed, Record, RowError, drop_empty, parse_price, prices, split_list, valid_gtin
from .rows import Row, Table

FIELDS = (
    "sku", "title", "slug", "brand", "category", "summary", "description", "highlights", "price", "sale_price",
    "sale_ends", "currency", "availability", "condition", "gtin", "mpn", "images", "image_alt",
)  # fmt: skip
_AVAILABILITY_WORDS = {"in stock": "in_stock", "instock": "in_stock", "out of stock": "out_of_stock"}
_AVAILABILITY_WORDS.update({"outofstock": "out_of_stock", "pre-order": "preorder", "available": "in_stock"})


def columns_for(table: Table, mapping: dict[str, str]) -> dict[str, str]:
    """Field -> column: the map's, then columns named like a field; a RowError for a map naming no column."""
    by_lower = {c.lower(): c for c in table.columns}
    out: dict[str, str] = {}
    for name, column in mapping.items():
        if name not in FIELDS and not name.startswith("attributes."):
            raise RowError(
                tr("--map {name}=... names no field shopgen imports", name=name),
                tr("map one of: {fields}, or attributes.<name>", fields=", ".join(FIELDS)),
            )
        found = column if column in table.columns else by_lower.get(column.lower())
        if found is None:
            raise RowError(
                tr("--map {name}={column!r}: the CSV has no column {column!r}", name=name, column=column),
                tr("its columns are: {columns}", columns=", ".join(table.columns)),
            )
        out[name] = found
    for name in FIELDS:
        if name not in out and name in by_lower:
            out[name] = by_lower[name]
    for name in ("sku", "title"):
        if name not in out:
            raise RowError(
                tr("no column gives the {field}", field=name), tr("name it with --map {field}=COLUMN", field=name)
            )
    return out


def _availability(text: str) -> str:
    value = text.strip().lower()
    value = _AVAILABILITY_WORDS.get(value, value.replace(" ", "_"))
    if value and value not in AVAILABILITY:
        raise RowError(
            tr("availability is {value!r}", value=text), tr("use in_stock, out_of_stock, preorder or backorder")
        )
    return value


def _product(row: Row, cols: dict[str, str]) -> dict:
    def cell(name: str) -> str:
        return row.get(cols[name]) if name in cols else ""

    if not cell("sku"):
        raise RowError(tr("the row has no SKU"), tr("every product needs its SKU"))
    if not cell("title"):
        raise RowError(tr("the row has no title"), tr("every product needs a title"))
    data: dict = {k: cell(k) for k in ("sku", "title", "brand", "mpn", "currency")}
    data["category"] = " > ".join(split_list(cell("category"), ">"))
    data["slug"] = cell("slug")
    data["summary"] = to_text(cell("summary"))
    data["description"] = to_markdown(row.values.get(cols.get("description", ""), ""))
    data["highlights"] = split_list(cell("highlights"), "|")
    data.update(
        prices(
            parse_price(cell("price"), cols.get("price", "")),
            parse_price(cell("sale_price"), cols.get("sale_price", "")),
        )
    )
    if cell("sale_ends") and "sale_price" in data:
        try:
            data["sale_ends"] = dt.date.fromisoformat(cell("sale_ends")[:10])
        except ValueError as exc:
            raise RowError(
                tr(
                    "{column} is {value!r}, not a date like 2026-12-31",
                    column=cols["sale_ends"],
                    value=cell("sale_ends"),
                )
            ) from exc
    data["availability"] = _availability(cell("availability"))
    condition = cell("condition").lower()
    data["condition"] = condition if condition in ("new", "refurbished", "used") else ""
    gtin = cell("gtin")
    if gtin and not valid_gtin(gtin):
        raise RowError(
            tr("{column} is {value!r}, not a GTIN with a valid check digit", column=cols["gtin"], value=gtin)
        )
    data["gtin"] = gtin
    images = [{"src": src} for src in dict.fromkeys(split_list(cell("images")))]
    if images and cell("image_alt"):
        images[0]["alt"] = cell("image_alt")
    data["images"] = images
    data["attributes"] = drop_empty(
        {n.split(".", 1)[1]: row.get(c) for n, c in cols.items() if n.startswith("attributes.")}
    )
    return drop_empty(data)


def read(table: Table, parsed: Parsed, mapping: dict[str, str]) -> None:
    """One product per row of `table` into `parsed`, its fields from the columns `mapping` names."""
    cols = columns_for(table, mapping)
    for row in table.rows:
        try:
            data = _product(row, cols)
        except RowError as exc:
            parsed.error(row.line, exc)
            if row.get(cols["sku"]):
                parsed.failed.add(row.get(cols["sku"]))
            continue
        parsed.records.append(Record(data["sku"], row.line, data))
