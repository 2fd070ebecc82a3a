"""Catalog YAML as the importer writes it: the contract's key order, block style, UTF-8 with CJK unescaped,
prices exactly as the export wrote them, written atomically."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import yaml

from ..validate import PRODUCT_SPEC

PRODUCT_ORDER = tuple(PRODUCT_SPEC.fields)
VARIANT_ORDER = tuple(PRODUCT_SPEC.fields["variants"].item.fields)
IMAGE_ORDER = ("src", "alt", "width", "height")
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Writer(_Dumper):  # type: ignore[misc, valid-type]
    """PyYAML's safe dumper that writes Decimals as numbers and multi-line texts as literal blocks."""

    def ignore_aliases(self, data) -> bool:
        return True  # an editor reads every value where it belongs, never `*id001`


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    if Decimal(repr(float(text))) == value:  # reads back as the same number
        tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
        return dumper.represent_scalar(tag, text)
    return dumper.represent_str(text)  # more digits than a float keeps: a quoted amount, still exact


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


_Writer.add_representer(Decimal, _decimal)
_Writer.add_representer(str, _str)


def ordered(data: dict, order: tuple[str, ...]) -> dict:
    """`data` with the keys of `order` first, in that order, then the others sorted."""
    known = [k for k in order if k in data]
    rest = sorted(k for k in data if k not in order)
    return {k: data[k] for k in known + rest}


def arrange(product: dict) -> dict:
    """A product in the contract's order, with its images and variants in theirs."""
    out = ordered(product, PRODUCT_ORDER)
    if isinstance(out.get("images"), list):
        out["images"] = [ordered(im, IMAGE_ORDER) if isinstance(im, dict) else im for im in out["images"]]
    if isinstance(out.get("variants"), list):
        out["variants"] = [ordered(v, VARIANT_ORDER) if isinstance(v, dict) else v for v in out["variants"]]
    return out


def dump(product: dict) -> str:
    """The YAML text of one product file."""
    return yaml.dump(
        arrange(product), Dumper=_Writer, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )


def write_atomic(path: str, text: str) -> None:
    """Write `text` to `path` so that a reader sees the old file or the new one, never a part."""
    from ..image_variants import _atomic_write  # the one atomic file write of shopgen

    os.makedirs(os.path.dirname(path), exist_ok=True)
    _atomic_write(path, text.encode("utf-8"))


def canon(value):
    """A value as plain JSON-able data that compares equal however it was typed: Decimal, float and int alike,
    dates as ISO text. Used to hash and compare what the export gave with what a file holds."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (Decimal, float, int)):
        d = (
            value
            if isinstance(value, Decimal)
            else Decimal(repr(value))
            if isinstance(value, float)
            else Decimal(value)
        )
        return "#" + format(d.normalize(), "f") if d.is_finite() else "#" + str(d)
    if isinstance(value, (dt.date, dt.datetime)):
        return "@" + value.isoformat()
    if isinstance(value, dict):
        return {str(k): canon(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [canon(v) for v in value]
    return value
