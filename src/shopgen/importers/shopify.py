"""Shopify's product CSV: rows grouped by Handle into products, their variants and their images.

The first row of a handle carries the product (Title, Body (HTML), Vendor, Type, Tags, Published, SEO
fields, option names); every row with an option value, price or SKU is a variant; rows with only an Image Src
add images. See docs/import.md for what each column becomes.
"""

from __future__ import annotations

from ..messages import tr
from ..slugs import slugify
from .html_to_markdown import to_markdown
from .record import (
    Parsed,
    Record,
    RowError,
    derived_sku,
    drop_empty,
    parse_price,
    prices,
    split_list,
    truthy,
    valid_gtin,
)
from .rows import Row, Table

REQUIRED = ("Handle",)
CONDITIONS = ("new", "refurbished", "used")


def _availability(row: Row) -> str:
    """Tracked stock at or below zero is out of stock (backorder when the policy lets customers buy on)."""
    if row.get("Variant Inventory Tracker").lower() != "shopify":
        return "in_stock"
    qty = row.get("Variant Inventory Qty") or "0"
    try:
        left = int(float(qty))
    except ValueError as exc:
        raise RowError(tr("Variant Inventory Qty is {value!r}, not a whole number", value=qty)) from exc
    if left > 0:
        return "in_stock"
    return "backorder" if row.get("Variant Inventory Policy").lower() == "continue" else "out_of_stock"


def _is_variant(row: Row) -> bool:
    return any(row.get(c) for c in ("Option1 Value", "Variant SKU", "Variant Price", "Variant Barcode"))


def _category(first: Row) -> str:
    for column in ("Product Category", "Type"):
        if first.get(column):
            return " > ".join(split_list(first.get(column), ">"))
    tags = split_list(first.get("Tags"))
    return tags[0] if tags else ""


def _skipped(first: Row) -> str:
    """Why a product is left out (a draft or unpublished one would go live), or ''."""
    status = first.get("Status").lower()
    if status in ("draft", "archived"):
        return status
    if truthy(first.get("Published")) is False:
        return "unpublished"
    return ""


def _variant(row: Row, handle: str, names: list[str], parsed: Parsed) -> dict:
    attributes = {}
    for i, name in enumerate(names, start=1):
        value = row.get(f"Option{i} Value")
        if name and value:
            attributes[name] = value
    price = parse_price(row.get("Variant Price"), "Variant Price")
    compare = parse_price(row.get("Variant Compare At Price"), "Variant Compare At Price")
    if price is None:
        raise RowError(tr("the variant has no Variant Price"), tr("give every variant a price"))
    sku = row.get("Variant SKU")
    out = {"sku": sku, "attributes": attributes, **prices(compare or price, price), "availability": _availability(row)}
    barcode = row.get("Variant Barcode").lstrip("'")
    if barcode and valid_gtin(barcode):
        out["gtin"] = barcode
    elif barcode:
        parsed.warn(
            row.line,
            tr("Variant Barcode {value!r} is not a valid GTIN; kept in extra.barcodes", value=barcode),
            tr("only GTINs (UPC, EAN, JAN, ISBN) with a correct check digit go into gtin"),
        )
        out["barcode"] = barcode
    if row.get("Variant Image"):
        out["image"] = row.get("Variant Image")
    return out


def _images(rows: list[Row]) -> list[dict]:
    found: dict[str, tuple[int, int, dict]] = {}
    for n, row in enumerate(rows):
        src = row.get("Image Src")
        if not src or src in found:
            continue
        try:
            position = int(row.get("Image Position") or 10**6)
        except ValueError:
            position = 10**6
        found[src] = (position, n, drop_empty({"src": src, "alt": row.get("Image Alt Text")}))
    return [im for _, _, im in sorted(found.values(), key=lambda t: t[:2])]


def _product(handle: str, rows: list[Row], parsed: Parsed) -> Record | None:
    first = rows[0]
    title = first.get("Title")
    if not title:
        raise RowError(
            tr("the first row of handle {handle!r} has no Title", handle=handle),
            tr("the row that starts a product needs its Title; the other rows of the handle follow it"),
        )
    why = _skipped(first)
    if why:
        parsed.skipped += 1
        parsed.warn(
            first.line,
            tr("product {handle!r} is not imported: it is {status} in Shopify", handle=handle, status=why),
            tr("publish it in Shopify and export again to import it"),
        )
        return None
    names = [first.get(f"Option{i} Name") for i in (1, 2, 3)]
    variants = []
    for row in rows:
        if not _is_variant(row):
            continue
        try:
            variants.append((row.line, _variant(row, handle, names, parsed)))
        except RowError as exc:
            parsed.error(row.line, exc)
    if not variants:
        if any(_is_variant(r) for r in rows):
            parsed.failed.add(handle)
            return None  # its variants were reported
        raise RowError(tr("product {handle!r} has no variant row with a price", handle=handle))
    data: dict = {
        "title": title,
        "slug": slugify(handle),
        "brand": first.get("Vendor"),
        "category": _category(first),
        "summary": first.get("SEO Description"),
        "description": to_markdown(first.values.get("Body (HTML)", "")),
        "google_product_category": first.get("Google Shopping / Google Product Category"),
        "mpn": first.get("Google Shopping / MPN"),
    }
    condition = first.get("Google Shopping / Condition").lower()
    if condition in CONDITIONS:
        data["condition"] = condition
    single = len(variants) == 1 and not variants[0][1]["attributes"].keys() - {"Title"}
    main = variants[0][1]
    data["price"] = main["price"]
    sales = {v.get("sale_price") for _, v in variants}
    if len(sales) == 1 and main.get("sale_price") is not None:
        data["sale_price"] = main["sale_price"]  # else each variant says its own (a variant inherits the product's)
    if single:
        sku = main["sku"] or handle
        if not main["sku"]:
            parsed.warn(
                first.line, tr("product {handle!r} has no Variant SKU; its SKU is {sku!r}", handle=handle, sku=sku)
            )
        data.update(sku=sku, availability=main["availability"], gtin=main.get("gtin", ""))
        barcodes = {sku: main["barcode"]} if "barcode" in main else {}
    else:
        data["sku"] = handle
        stock = [v["availability"] for _, v in variants]
        data["availability"] = "in_stock" if "in_stock" in stock else stock[0]
        barcodes = {}
        seen: set[str] = set()
        out = []
        for line, v in variants:
            if not v["sku"]:
                v["sku"] = derived_sku(handle, *(v["attributes"].values() or [str(line)]))
                parsed.warn(line, tr("the variant has no Variant SKU; its SKU is {sku!r}", sku=v["sku"]))
            if v["sku"] in seen or v["sku"] == handle:
                problem = tr("SKU {sku!r} appears twice in product {handle!r}", sku=v["sku"], handle=handle)
                parsed.error(line, RowError(problem, tr("give each variant its own SKU or option values")))
                continue
            seen.add(v["sku"])
            if "barcode" in v:
                barcodes[v["sku"]] = v.pop("barcode")
            out.append(drop_empty(v))
        data["variants"] = out
    data["images"] = _images(rows)
    extra = {"tags": split_list(first.get("Tags")), "seo_title": first.get("SEO Title"), "barcodes": barcodes}
    data["extra"] = drop_empty(extra)
    return Record(handle, first.line, drop_empty(data))


def read(table: Table, parsed: Parsed) -> None:
    """Products of a Shopify export into `parsed`, problems by line."""
    if "Handle" not in table.columns:
        raise RowError(
            tr("this is not a Shopify product export: it has no Handle column"),
            tr("export the products from Shopify (Products > Export), or use the csv format with --map"),
        )
    groups: dict[str, list[Row]] = {}
    for row in table.rows:
        handle = row.get("Handle")
        if not handle:
            parsed.error(row.line, RowError(tr("the row has no Handle"), tr("every row names its product's Handle")))
            continue
        groups.setdefault(handle, []).append(row)
    for handle, rows in groups.items():
        try:
            record = _product(handle, rows, parsed)
        except RowError as exc:
            parsed.error(rows[0].line, exc)
            parsed.failed.add(handle)
            continue
        if record:
            parsed.records.append(record)
