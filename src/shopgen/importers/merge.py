"""Re-import: the export's new values where the editor left the last import's alone, the editor's elsewhere.

A product file keeps, under `extra.import.fields`, a short hash of every value the last import took from
the export, by path (`price`, `images/0/alt`, `variants/<sku>/price`, JSON Pointer escaping). For each path:

- the file still holds what the last import wrote (same hash): the editor left it, the export's new value
  replaces it (or it goes, when the export no longer has it);
- the file holds something else, or nothing: the editor changed or removed it, and that stays;
- the last import never wrote it: the editor's own field, kept; a field new in the export is added.

Images are matched by position (so a new CDN address keeps the alt text an editor improved), variants by SKU;
other values (attributes, highlights, i18n, ...) are compared whole.
"""

from __future__ import annotations

import hashlib
import json

from .yaml_out import canon

IMPORT_KEY = "import"


def digest(value) -> str:
    """A short, stable hash of a value (of its canonical form: a price written 39.90 or 39.9 is the same)."""
    text = json.dumps(canon(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _escape(key) -> str:
    return str(key).replace("~", "~0").replace("/", "~1")


def _unescape(key: str) -> str:
    return key.replace("~1", "/").replace("~0", "~")


def flatten(product: dict) -> dict[str, object]:
    """The values of a product by path; `extra.import` (the record itself) is left out."""
    flat: dict[str, object] = {}
    for key, value in product.items():
        if key == "images" and isinstance(value, list) and all(isinstance(im, dict) for im in value):
            for i, im in enumerate(value):
                for k, v in im.items():
                    flat[f"images/{i}/{_escape(k)}"] = v
        elif key == "variants" and isinstance(value, list) and _keyed_by_sku(value):
            for v in value:
                for k, x in v.items():
                    if k != "sku":
                        flat[f"variants/{_escape(v['sku'])}/{_escape(k)}"] = x
                flat[f"variants/{_escape(v['sku'])}"] = None  # the variant itself, even with no other field
        elif key == "extra" and isinstance(value, dict):
            for k, v in value.items():
                if k != IMPORT_KEY:
                    flat[f"extra/{_escape(k)}"] = v
        else:
            flat[_escape(key)] = value
    return flat


def _keyed_by_sku(variants: list) -> bool:
    skus = [v.get("sku") for v in variants if isinstance(v, dict)]
    return len(skus) == len(variants) and all(isinstance(s, str) and s for s in skus) and len(set(skus)) == len(skus)


def unflatten(flat: dict[str, object], variant_order: list[str]) -> dict:
    """The product of `flatten`'s paths; variants in `variant_order` first (the export's), then the others."""
    product: dict = {}
    images: dict[int, dict] = {}
    variants: dict[str, dict] = {}
    extra: dict = {}
    for path, value in flat.items():
        parts = path.split("/")
        if parts[0] == "images" and len(parts) == 3:
            images.setdefault(int(parts[1]), {})[_unescape(parts[2])] = value
        elif parts[0] == "variants" and len(parts) in (2, 3):
            sku = _unescape(parts[1])
            entry = variants.setdefault(sku, {"sku": sku})
            if len(parts) == 3:
                entry[_unescape(parts[2])] = value
        elif parts[0] == "extra" and len(parts) == 2:
            extra[_unescape(parts[1])] = value
        else:
            product[_unescape(path)] = value
    if images:
        product["images"] = [images[i] for i in sorted(images) if "src" in images[i]]
    if variants:
        order = [s for s in variant_order if s in variants] + [s for s in variants if s not in variant_order]
        product["variants"] = [variants[s] for s in order]
    if extra:
        product["extra"] = extra
    return product


def merge(current: dict | None, new: dict, record: dict) -> tuple[dict, dict[str, str]]:
    """The product to write and the hashes to remember, from the file's `current` product (None: a new
    file), the export's `new` one and the last import's hashes `record` (path -> hash)."""
    fresh = flatten(new)
    hashes = {path: digest(value) for path, value in fresh.items()}
    if current is None:
        return dict(new), hashes
    have = flatten(current)
    result: dict[str, object] = {}
    for path in list(have) + [p for p in fresh if p not in have]:
        if path in record:
            untouched = path in have and digest(have[path]) == record[path]
            if untouched:
                if path in fresh:
                    result[path] = fresh[path]
            elif path in have:
                result[path] = have[path]
        elif path in have:
            result[path] = have[path]
        else:
            result[path] = fresh[path]
    order = [v["sku"] for v in new.get("variants", [])]
    merged = unflatten(result, order)
    return merged, hashes
