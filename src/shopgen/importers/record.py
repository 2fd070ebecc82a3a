"""What every importer produces: a product record with the place it came from, and the row errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..identifiers import gtin_problem
from ..messages import tr
from ..money import MAX_AMOUNT

AVAILABILITY = ("in_stock", "out_of_stock", "preorder", "backorder", "discontinued")
_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]+)?")


class RowError(Exception):
    """A row that cannot be imported: `message` says why, `hint` what to do."""

    def __init__(self, message: str, hint: str = "", field: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.field = field  # the field it is about, where a source knows each field's own line


@dataclass
class Record:
    """One product as the export describes it, in the catalog contract's field names.

    `key` identifies the product across imports of the same source (a Shopify handle, a WooCommerce SKU or
    ID, a Merchant Center item group); `line` is where it starts in the source."""

    key: str
    line: int
    data: dict
    warnings: list[tuple[int, str, str]] = field(default_factory=list)


def parse_price(text: str, column: str) -> Decimal | None:
    """An amount exactly as written ("12.99", "45"), None when empty; a RowError for anything else.

    A comma is never guessed at: "12,99" may be twelve and ninety-nine hundredths or 1299."""
    text = text.strip()
    if not text:
        return None
    if not _AMOUNT.fullmatch(text):
        raise RowError(
            tr("{column} is {value!r}, not an amount like 12.99", column=column, value=text),
            tr("write amounts with a decimal point and no thousands separators, like 1299.00"),
        )
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only decimals
        raise RowError(tr("{column} is {value!r}, not an amount like 12.99", column=column, value=text)) from exc
    # the build's own maximum: an import never writes an amount the build then refuses
    if amount > MAX_AMOUNT or len(text.replace(".", "").lstrip("0")) > 15:
        raise RowError(
            tr("{column} is {value!r}, more digits than a price has", column=column, value=text),
            tr("check the column: at most 15 digits, like 1299.00"),
        )
    return amount


def prices(regular: Decimal | None, sale: Decimal | None) -> dict:
    """`price` and `sale_price` from a regular and a reduced amount (a "sale" not below the price is none)."""
    out: dict = {}
    if regular is not None:
        out["price"] = regular
        if sale is not None and sale < regular:
            out["sale_price"] = sale
    elif sale is not None:
        out["price"] = sale
    return out


def valid_gtin(code: str) -> bool:
    """True when `code` is a GTIN-8/12/13/14 with a correct GS1 check digit."""
    return bool(code) and gtin_problem(code) is None


def split_list(text: str, sep: str = ",") -> list[str]:
    """The non-empty, stripped parts of a separated list."""
    return [part.strip() for part in text.split(sep) if part.strip()]


def truthy(text: str) -> bool | None:
    """A yes/no cell as True or False; None when empty or unclear."""
    value = text.strip().lower()
    if value in ("1", "true", "yes", "y", "active", "publish", "published", "visible"):
        return True
    if value in ("0", "false", "no", "n", "draft", "archived", "private", "hidden", "unpublished"):
        return False
    return None


def drop_empty(data: dict) -> dict:
    """`data` without empty strings, lists, mappings and None values."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}


@dataclass
class Parsed:
    """What an importer read: the records, and the problems by source line (errors skip their row)."""

    records: list[Record] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    warnings: list[tuple[int, str, str]] = field(default_factory=list)
    skipped: int = 0  # products left out on purpose (drafts), each with a warning
    failed: set[str] = field(default_factory=set)  # keys of products that could not be read: not "gone"

    def error(self, line: int, exc: RowError) -> None:
        self.errors.append((line, exc.message, exc.hint))

    def warn(self, line: int, message: str, hint: str = "") -> None:
        self.warnings.append((line, message, hint))


def derived_sku(*parts: str) -> str:
    """A readable, deterministic SKU from a handle and option values: `classic-varsity-top` + `Small` ->
    `CLASSIC-VARSITY-TOP-SMALL` (non-Latin text is hashed so that it stays stable)."""
    from ..slugs import slugify

    pieces = []
    for part in parts:
        slug = slugify(part, max_len=40)
        if not slug and part.strip():
            import hashlib

            slug = hashlib.sha256(part.encode("utf-8")).hexdigest()[:8]
        if slug:
            pieces.append(slug)
    return "-".join(pieces).upper() or "ITEM"
