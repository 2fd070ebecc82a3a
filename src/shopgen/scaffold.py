"""`shopgen init` and `shopgen new`: a store, a product or a guide to start from."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil

import jinja2
import yaml

from .config import CONFIG_FILE
from .errors import ShopgenError
from .messages import tr
from .slugs import is_valid_slug, segment_slug, slugify
from .sourcemap import split_front_matter
from .text import has_cjk

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scaffold")


def init_store(folder: str) -> list[str]:
    """Create a new store in `folder` (which must be empty or absent); returns the files written."""
    if os.path.exists(folder) and (not os.path.isdir(folder) or os.listdir(folder)):
        raise ShopgenError(tr("{folder} already exists and is not empty; choose a new folder", folder=folder))
    shutil.copytree(os.path.join(HERE, "store"), folder, dirs_exist_ok=True)
    with open(os.path.join(folder, ".gitignore"), "w", encoding="utf-8") as fh:
        fh.write("/public/\n/.public.lock\n/.shopgen-cache/\n")
    written = []
    for dirpath, _dirs, files in os.walk(folder):
        written += [os.path.relpath(os.path.join(dirpath, f), folder).replace(os.sep, "/") for f in files]
    return sorted(written)


def title_slug(title: str) -> str:
    """A file name for a new listing: the Latin slug, or pinyin for a Chinese title."""
    slug = segment_slug(title) if has_cjk(title) else slugify(title)
    if not slug:
        raise ShopgenError(
            tr("cannot make a file name from the title {title!r}; use letters or Chinese characters", title=title)
        )
    return slug[:60].rstrip("-")


def _render(name: str, **values) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.join(HERE, "new")),
        autoescape=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["yaml"] = lambda s: json.dumps(s, ensure_ascii=False)
    env.globals["_"] = tr  # the comments in the editor's language
    return env.get_template(name).render(**values)


def _store_name(store: str) -> str:
    path = os.path.join(store, CONFIG_FILE)
    if not os.path.isfile(path):
        raise ShopgenError(
            tr(
                "{store} is not a shopgen store: it has no {CONFIG_FILE} (see shopgen init)",
                store=store,
                CONFIG_FILE=CONFIG_FILE,
            )
        )
    with open(path, encoding="utf-8") as fh:
        m = re.search(r"^name:\s*(.+?)\s*$", fh.read(), re.M)
    return m.group(1).strip("'\"") if m else "the store"


def _languages(store: str) -> tuple[str, list[str]]:
    """(the default language, the others) as shopgen.yaml lists them (none when it cannot be read:
    `shopgen check` reports what is wrong with it)."""
    try:
        with open(os.path.join(store, CONFIG_FILE), encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError):
        return "", []
    if not isinstance(data, dict):
        return "", []
    listed = [str(x) for x in data["languages"]] if isinstance(data.get("languages"), list) else []
    default = str(data.get("language") or (listed[0] if listed else ""))
    return default, [tag for tag in listed if tag.casefold() != default.casefold()]


def _write_new(store: str, rel: str, text: str) -> str:
    path = os.path.join(store, *rel.split("/"))
    if os.path.exists(path):
        raise ShopgenError(
            tr("{rel} already exists; shopgen new never overwrites a file (choose another title)", rel=rel)
        )
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "x", encoding="utf-8") as fh:
        fh.write(text)
    return rel


def _skus_in_use(store: str) -> dict[str, str]:
    """Every SKU of the store's products and variants (casefolded) -> where it is defined (path:line)."""
    from .diagnostics import Diagnostics
    from .load import load_store

    found: dict[str, str] = {}
    for doc in load_store(store, Diagnostics()).products:
        data = doc.data if isinstance(doc.data, dict) else {}
        entries = [(data.get("sku"), ("sku",))]
        variants = data.get("variants")
        for i, v in enumerate(variants if isinstance(variants, list) else []):
            if isinstance(v, dict):
                entries.append((v.get("sku"), ("variants", i, "sku")))
        for value, key in entries:
            if isinstance(value, (str, int)) and str(value).casefold() not in found:
                span = doc.smap.span(*key)
                found[str(value).casefold()] = f"{span.path}:{span.line}"
    return found


def new_product(store: str, title: str, category: str = "", sku: str = "") -> str:
    """Write `catalog/<slug>.yaml` with every contract field, commented; returns its store-relative path."""
    slug = title_slug(title)
    used = _skus_in_use(store)
    if sku and sku.casefold() in used:
        raise ShopgenError(
            tr("SKU {sku!r} is already used by {where}: choose another --sku", sku=sku, where=used[sku.casefold()])
        )
    if not sku:
        base = slug.upper()[:32].rstrip("-")
        sku, n = base, 2
        while sku.casefold() in used:
            sku, n = f"{base}-{n}", n + 1
    rel = f"catalog/{slug}.yaml"
    return _write_new(
        store,
        rel,
        _render(
            "product.yaml",
            store_name=_store_name(store),
            title=title,
            slug=slug,
            sku=sku,
            category=category,
            path=rel,
            languages=_languages(store)[1],
        ),
    )


def new_guide(store: str, title: str, today: dt.date | None = None, language: str = "", slug: str = "") -> str:
    """Write `content/guides/<slug>.md` with its front matter fields, commented; with `language` (one of the
    store's other languages) `<slug>.<language>.md`, the translation of the guide `slug`, whose products it
    starts with."""
    name_store = _store_name(store)
    slug = slug or title_slug(title)
    if not is_valid_slug(slug):
        raise ShopgenError(
            tr("{slug!r} cannot be used in a web address: use lowercase letters, digits and hyphens", slug=slug)
        )
    default, others = _languages(store)
    suffix, products = "", []
    if language and language.casefold() != default.casefold():
        tag = next((t for t in others if t.casefold() == language.casefold()), None)
        if tag is None:
            raise ShopgenError(
                tr(
                    "'{tag}' is not one of the store's languages ({languages}); add it to 'languages' in {CONFIG_FILE}",
                    tag=language,
                    languages=", ".join([default, *others]) if default else "-",
                    CONFIG_FILE=CONFIG_FILE,
                )
            )
        suffix = "." + tag
        products = _guide_products(os.path.join(store, "content", "guides", f"{slug}.md"))
    rel = f"content/guides/{slug}{suffix}.md"
    today_text = (today or dt.date.today()).isoformat()
    text = _render("guide.md", store_name=name_store, title=title, today=today_text, products=products)
    return _write_new(store, rel, text)


def _guide_products(path: str) -> list[str]:
    """The `products` of the guide at `path` (the original of a translation); none if it cannot be read."""
    try:
        with open(path, encoding="utf-8") as fh:
            front, _body, _line = split_front_matter(fh.read())
        data = yaml.safe_load(front or "")
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return []
    products = data.get("products") if isinstance(data, dict) else None
    return [str(p) for p in products] if isinstance(products, list) else []
