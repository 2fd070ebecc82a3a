"""Jinja2 environment, template lookup with store overrides, theme strings and static assets.

Lookup order for a template or asset: the store's `themes/<theme>/`, then the store's
`themes/default/`, then the `default` theme shipped with shopgen.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from dataclasses import dataclass

import jinja2
import yaml
from markupsafe import Markup

from .errors import ShopgenError
from .files import is_regular
from .load import inside
from .messages import tr
from .parse_cache import user_cache_dir

BUILTIN_THEMES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "themes")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(data) -> str:
    """JSON that cannot end its `<script>` element or open an HTML comment, whatever the text holds."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    for ch, esc in _JSON_ESCAPES.items():
        text = text.replace(ch, esc)
    return text


def theme_dirs(store_root: str, theme: str) -> list[str]:
    dirs = []
    for name in dict.fromkeys([theme, "default"]):
        d = os.path.join(store_root, "themes", name)
        if os.path.isdir(d) and inside(store_root, d):
            dirs.append(d)
    builtin = os.path.join(BUILTIN_THEMES, "default")
    if os.path.realpath(builtin) not in {os.path.realpath(d) for d in dirs}:
        dirs.append(builtin)
    return dirs


def _refuse_special_files(store_root: str, dirs: list[str]) -> None:
    """Raise ShopgenError naming the first file of the store's theme folders that is not a regular file (a
    FIFO named `product.html` would block the build forever)."""
    for top in dirs:
        if not top.startswith(store_root + os.sep):
            continue  # shopgen's own theme
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if not is_regular(path):
                    raise ShopgenError(
                        tr(
                            "{path}: it is not a regular file (a pipe, socket, device or folder)",
                            path=os.path.relpath(path, store_root).replace(os.sep, "/"),
                        )
                    )


@dataclass
class Asset:
    name: str  # path inside static/, e.g. "style.css"
    source: str  # absolute path
    url: str  # published URL with a content hash


_bytecode: dict[str, jinja2.BytecodeCache | None] = {}


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept in this user's cache folder (`~/.cache/shopgen/templates`), each used only for
    the very source it was compiled from; None when the folder cannot be made. Compiling the theme's
    templates costs every build process about 0.2 s otherwise. (Not in the store's `.shopgen-cache/`: loading
    compiled code from a folder someone else may have committed would run their code.)"""
    folder = os.path.join(user_cache_dir(), "templates")
    if folder not in _bytecode:
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            _bytecode[folder] = jinja2.FileSystemBytecodeCache(folder)
        except OSError:
            _bytecode[folder] = None
    return _bytecode[folder]


class Theme:
    """Templates, strings and static assets of the store's theme, overrides applied."""

    def __init__(self, store_root: str, theme: str, language: str):
        self.dirs = theme_dirs(store_root, theme)
        _refuse_special_files(store_root, self.dirs)
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(os.path.join(d, "templates")) for d in self.dirs]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,
            cache_size=-1,
            bytecode_cache=bytecode_cache(),
        )
        self.strings = self._strings(language)
        self.assets = self._assets()
        self.env.filters["jsonld"] = lambda data: Markup(json_for_script(data))
        self.env.globals["t"] = self.t
        self.env.globals["asset"] = lambda name: self.assets[name].url

    def _strings(self, language: str) -> dict[str, str]:
        """UI strings: the theme's `i18n/<lang>.yaml`, falling back to the base language, then English."""
        candidates = ["en", language.split("-")[0], language]
        out: dict[str, str] = {}
        for lang in dict.fromkeys(candidates):
            for d in reversed(self.dirs):
                path = os.path.join(d, "i18n", f"{lang}.yaml")
                if os.path.isfile(path):
                    with open(path, encoding="utf-8") as fh:
                        out.update(yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {})
        return out

    def t(self, key: str, default: str | None = None, **kw) -> str:
        """The theme's UI string `key` in the store's language, formatted with `kw`."""
        text = self.strings.get(key, key if default is None else default)
        return text.format(**kw) if kw else text

    def _assets(self) -> dict[str, Asset]:
        found: dict[str, Asset] = {}
        for d in self.dirs:
            static = os.path.join(d, "static")
            for dirpath, dirnames, filenames in os.walk(static):
                dirnames.sort()
                for fn in sorted(filenames):
                    full = os.path.join(dirpath, fn)
                    name = os.path.relpath(full, static).replace(os.sep, "/")
                    if name in found:
                        continue  # overridden by an earlier theme dir
                    with open(full, "rb") as fh:
                        digest = hashlib.sha256(fh.read()).hexdigest()[:10]
                    stem, ext = posixpath.splitext(name)
                    found[name] = Asset(name, full, f"/assets/{stem}.{digest}{ext}")
        return found

    def has_template(self, name: str) -> bool:
        try:
            self.env.get_template(name)
        except jinja2.TemplateNotFound:
            return False
        return True

    def template_names(self) -> list[str]:
        return sorted(set(self.env.list_templates()))
