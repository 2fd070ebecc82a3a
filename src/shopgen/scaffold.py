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
from .slugs import segment_slug, slugify
from .text import has_cjk

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scaffold")


def init_store(folder: str) -> list[str]:
    """Create a new store in `folder` (which must be empty or absent); returns the files written."""
    if os.path.exists(folder) and (not os.path.isdir(folder) or os.listdir(folder)):
        raise ShopgenError(tr("{folder} already exists and is not empty; choose a new folder", folder=folder))
    shutil.copytree(os.path.join(HERE, "store"), folder, dirs_exist_ok=True)
    with open(os.path.join(folder, ".gitignore"), "w", encoding="utf-8") as fh:
        fh.write("/public/\n/.shopgen-cache/\n")
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


def _other_languages(store: str) -> list[str]:
    """The store's languages besides the default, as shopgen.yaml lists them (none when it cannot be read:
    `shopgen check` reports what is wrong with it)."""
    try:
        with open(os.path.join(store, CONFIG_FILE), encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError):
        return []
    if not isinstance(data, dict) or not isinstance(data.get("languages"), list):
        return []
    listed = [str(x) for x in data["languages"]]
    default = str(data.get("language") or (listed[0] if listed else ""))
    return [tag for tag in listed if tag.casefold() != default.casefold()]


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


def new_product(store: str, title: str, category: str = "", sku: str = "") -> str:
    """Write `catalog/<slug>.yaml` with every contract field, commented; returns its store-relative path."""
    slug = title_slug(title)
    sku = sku or slug.upper()[:32].rstrip("-")
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
            languages=_other_languages(store),
        ),
    )


def new_guide(store: str, title: str, today: dt.date | None = None) -> str:
    """Write `content/guides/<slug>.md` with its front matter fields, commented."""
    rel = f"content/guides/{title_slug(title)}.md"
    return _write_new(
        store,
        rel,
        _render("guide.md", store_name=_store_name(store), title=title, today=(today or dt.date.today()).isoformat()),
    )
