"""Google Merchant Center product data: the XML feed (RSS 2.0 `<item>` or Atom `<entry>`, `g:` namespace)
and the tab-separated form. Items sharing an `item_group_id` become one product with variants."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from ..messages import tr
from ..urls import web_address
from .html_to_markdown import to_markdown
from .record import AVAILABILITY, Parsed, Record, RowError, drop_empty, parse_price, prices, valid_gtin
from .rows import read_table
from .safe_xml import XmlError, parse

G = "{http://base.google.com/ns/1.0}"
ATOM = "{http://www.w3.org/2005/Atom}"
VARIANT_ATTRIBUTES = ("color", "size", "material", "pattern", "gender", "age_group")
MULTI = ("additional_image_link",)
_PRICE = re.compile(r"\s*([0-9][0-9.,]*)\s*([A-Za-z]{3})?\s*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SEPARATORS = " -–—,:|/"


class Item(dict):
    """One offer's attributes by name (lists for the repeatable ones), and its line."""

    line: int = 0
    lines: dict[str, int]  # the line of each field, in XML


def _xml_items(data: bytes) -> list[Item]:
    root = parse(data)
    if root.tag == ATOM + "feed" or root.tag == "feed":
        entries = [e for e in root.children if e.tag in (ATOM + "entry", "entry")]
    else:
        channel = next((c for c in root.children if c.tag == "channel"), root)
        entries = [e for e in channel.children if e.tag == "item"]
    items = []
    for entry in entries:
        item = Item()
        item.line = entry.line
        item.lines = {}
        for child in entry.children:
            name = child.tag[len(G) :] if child.tag.startswith(G) else child.tag.rsplit("}", 1)[-1]
            item.lines.setdefault(name, child.line)
            if name in MULTI:
                item.setdefault(name, []).append(child.text)
            elif name == "link" and not child.text:
                continue
            else:
                item.setdefault(name, child.text)  # g:title wins over an RSS title only if it comes first
            if child.tag.startswith(G):
                item[name] = child.text if name not in MULTI else item[name]
        items.append(item)
    return items


def _tsv_items(path: str, data: bytes) -> list[Item]:
    table = read_table(path, data)
    items = []
    for row in table.rows:
        item = Item()
        item.line = row.line
        item.lines = {}
        for column, value in row.values.items():
            name = column.strip().lower().removeprefix("g:").replace(" ", "_")
            if name in MULTI:
                item[name] = [v.strip() for v in value.split(",") if v.strip()]
            else:
                item[name] = value.strip()
        items.append(item)
    return items


def _price(item: Item, name: str) -> tuple[Decimal | None, str]:
    text = item.get(name, "")
    if not text:
        return None, ""
    m = _PRICE.fullmatch(text)
    if not m:
        raise RowError(tr("{column} is {value!r}, not a price like 15.00 USD", column=name, value=text), field=name)
    try:
        return parse_price(m.group(1), name), (m.group(2) or "").upper()
    except RowError as exc:
        exc.field = name
        raise


def _offer(item: Item) -> dict:
    """The price, sale and stock of one item."""
    regular, currency = _price(item, "price")
    sale, sale_currency = _price(item, "sale_price")
    if regular is None:
        raise RowError(tr("the item has no price"), tr("every item of a Merchant Center feed has a price"))
    if sale_currency and currency and sale_currency != currency:
        raise RowError(tr("the sale price is in {a} and the price in {b}", a=sale_currency, b=currency))
    out: dict = {**prices(regular, sale), "currency": currency}
    if "sale_price" in out:
        dates = _DATE.findall(item.get("sale_price_effective_date", ""))
        try:
            out["sale_ends"] = dt.date.fromisoformat(dates[1]) if len(dates) == 2 else None
        except ValueError:
            out["sale_ends"] = None  # not a real date: the sale has no known end
    availability = item.get("availability", "").strip().lower().replace(" ", "_")
    if availability:
        if availability not in AVAILABILITY:
            raise RowError(
                tr("availability is {value!r}", value=availability),
                tr("use in_stock, out_of_stock, preorder or backorder"),
                field="availability",
            )
        out["availability"] = availability
    gtin = item.get("gtin", "")
    if gtin and valid_gtin(gtin):
        out["gtin"] = gtin
    out["mpn"] = item.get("mpn", "")
    return out


def _images(items: list[Item]) -> list[dict]:
    srcs: dict[str, None] = {}
    for item in items:
        for src in [item.get("image_link", ""), *item.get("additional_image_link", [])]:
            if src:
                srcs.setdefault(src)
    return [{"src": s} for s in srcs]


def _common_title(titles: list[str]) -> str:
    prefix = titles[0]
    for t in titles[1:]:
        while not t.startswith(prefix):
            prefix = prefix[:-1]
    prefix = prefix.rstrip(_SEPARATORS)
    return prefix if len(prefix) >= 3 else titles[0]


def _product_fields(item: Item) -> dict:
    category = " > ".join(p.strip() for p in item.get("product_type", "").split(">") if p.strip())
    condition = item.get("condition", "").lower()
    return {
        "description": to_markdown(item.get("description", "")),
        "brand": item.get("brand", ""),
        "category": category,
        "condition": condition if condition in ("new", "refurbished", "used") else "",
        "google_product_category": item.get("google_product_category", ""),
    }


def _group_title(items: list[Item]) -> str:
    """The product's title from its variants': their common beginning ("T-Shirt - Red", "T-Shirt - Blue"),
    or, when that is less than half of a title (Google's own example: "Diesel Men's Black … Watch with Black
    Dial"), the first variant's title without its own colour, size … values."""
    titles = [i.get("title", "") for i in items]
    common = _common_title(titles)
    if len(common) * 2 >= len(titles[0]):
        return common
    values = {str(items[0][a]).casefold() for a in VARIANT_ATTRIBUTES if items[0].get(a)}
    words = [w for w in titles[0].split() if w.casefold().strip(_SEPARATORS) not in values]
    return " ".join(words) or titles[0]


def _group(key: str, items: list[tuple[Item, dict]], parsed: Parsed) -> Record:
    first, offer = items[0]
    title = _group_title([i for i, _ in items])
    common = _common_title([i.get("title", "") for i, _ in items])
    variants = []
    for item, o in items:
        attributes = {a: item[a] for a in VARIANT_ATTRIBUTES if item.get(a)}
        if not attributes:
            rest = item.get("title", "")[len(common) :].strip(_SEPARATORS)
            attributes = {"variant": rest or item["id"]}
        image = item.get("image_link", "")
        variant = {"sku": item["id"], "attributes": attributes, **o, "image": image, "buy_url": _link(item)}
        variant.pop("currency", None)
        variant.pop("sale_ends", None)
        variants.append(drop_empty(variant))
    data = {"sku": key, "title": title, **_product_fields(first), "currency": offer["currency"]}
    data["price"] = offer["price"]
    sales = {o.get("sale_price") for _, o in items}
    if len(sales) == 1 and offer.get("sale_price") is not None:
        data["sale_price"] = offer["sale_price"]
        if offer.get("sale_ends"):
            data["sale_ends"] = offer["sale_ends"]
    stock = [o.get("availability", "in_stock") for _, o in items]
    data["availability"] = "in_stock" if "in_stock" in stock else stock[0]
    data["images"] = _images([i for i, _ in items])
    links = {v.get("buy_url", "") for v in variants}
    if len(links) == 1:  # one page for the whole group: the product's
        data["buy_url"] = links.pop()
        for v in variants:
            v.pop("buy_url", None)
    data["variants"] = variants
    return Record(key, first.line, drop_empty(data))


def _link(item: Item) -> str:
    """The item's `link` (its page on the shop, where it is bought) when it is a usable web address."""
    link = (item.get("link") or "").strip()
    return link if web_address(link) else ""


def read(path: str, data: bytes, parsed: Parsed) -> None:
    """Products of a Merchant Center feed into `parsed`: XML when it starts with `<`, else TSV."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"<":
        try:
            items = _xml_items(data)
        except XmlError as exc:
            parsed.error(exc.line, RowError(str(exc)))
            return
    else:
        items = _tsv_items(path, data)
    groups: dict[str, list[tuple[Item, dict]]] = {}
    for item in items:
        if not item.get("id"):
            parsed.error(item.line, RowError(tr("the item has no id"), tr("every item needs its id (the SKU)")))
            continue
        if not item.get("title"):
            parsed.error(item.line, RowError(tr("item {id!r} has no title", id=item["id"])))
            parsed.failed.add(item.get("item_group_id") or item["id"])
            continue
        try:
            offer = _offer(item)
        except RowError as exc:
            parsed.error(item.lines.get(exc.field, item.line), exc)
            parsed.failed.add(item.get("item_group_id") or item["id"])
            continue
        group = item.get("item_group_id", "")
        if group:
            groups.setdefault(group, []).append((item, offer))
            continue
        fields = {"sku": item["id"], "title": item["title"], **_product_fields(item), **offer}
        fields["images"] = _images([item])
        fields["buy_url"] = _link(item)
        attributes = {a: item[a] for a in VARIANT_ATTRIBUTES if item.get(a)}
        fields["attributes"] = attributes
        parsed.records.append(Record(item["id"], item.line, drop_empty(fields)))
    for key, members in groups.items():
        parsed.records.append(_group(key, members, parsed))
    parsed.records.sort(key=lambda r: r.line)
