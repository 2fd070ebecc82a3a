"""Hostile stores from a seed, and the checks every output of shopgen must pass whatever the store holds.

Shared by `tests/test_fuzz.py` (the fast profile, hypothesis picks the seeds) and `bench/fuzz.py` (the long
profile, each case a subprocess of the real CLI with a time limit). A case is the basic store plus a few
mutations drawn from a `random.Random(seed)`: field types, Unicode edge cases, YAML attacks, filesystem
oddities (FIFOs, symlink loops, links out of the store, folders named like files), broken images, and
injection payloads in every text field, link targets written with character references included.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import re
import shutil
import xml.etree.ElementTree as ET

import yaml
from bs4 import BeautifulSoup
from PIL import Image

from shopgen.urls import safe_url

HERE = os.path.dirname(os.path.abspath(__file__))
BASIC = os.path.join(HERE, "stores", "basic")

#: Scripts, event handlers, unsafe link targets, markup breakers, with the encodings a browser decodes.
PAYLOADS = [
    "<script>alert(1)</script>",
    "</script><script>alert(2)</script>",
    '"><img src=x onerror=alert(3)>',
    "' onmouseover='alert(4)",
    "<svg onload=alert(5)>",
    "<!--",
    "]]><x>",
    "javascript:alert(6)",
    "[click](javascript:alert(7))",
    "[click](java&#x09;script:alert(8))",
    "[click](&#106;avascript:alert(9))",
    "[click](&#x6A;avascript:alert(10))",
    "[click](javascript&colon;alert(11))",
    "[click](java&#x0A;script:alert(12))",
    "[click](javascript&#58;alert(13))",
    "[click](data&colon;text/html,<script>alert(14)</script>)",
    "[click](&#x76;bscript:msgbox(15))",
    "[click](  JaVaScRiPt:alert(16))",
    "[click](java\tscript:alert(17))",
    "![img](javascript:alert(18))",
    '[x](https://ok.example "t" onclick="alert(19)")',
    '<a href="javascript:alert(20)">raw</a>',
    '<iframe src="javascript:alert(21)"></iframe>',
    "<<x>> & &amp; &#0; &#xD800; &bogus;",
    "{{ 7*7 }} {% raw %} ${7*7}",
    "\u2028\u2029</script>",
]
#: Texts XML 1.0 or Unicode handling trip over.
ODD = [
    "a\vb",
    "\x00\x01\x1b[31m",
    "\x0c\x7f\x85",
    "\ufffe\uffff",
    "\ud800 lone",
    "‮RTL‬",
    "护眼台灯",
    "🔥👍🏽",
    "a\u0301\u0301",
    "\u200b\u200d\ufeff",
    "x" * 20000,
    "",
    " ",
]
NUMBERS = [
    "1e26",
    "1e308",
    ".nan",
    ".inf",
    "-.inf",
    "-1",
    '"12,99"',
    '"1,2"',
    '"1,299.00"',
    '"1,299"',
    "0x1F",
    "1_000",
    "99999999999999999999999999999999",
    '"Infinity"',
    '"1e-999999"',
    "0.000000001",
    "[1]",
    "{a: 1}",
    "~",
    "true",
]
YAML_ATTACKS = [
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefg", "bcdefgh", strict=True)),
    "sku: [" * 300 + "]" * 300,
    "sku: !!python/object/apply:os.system [echo hi]\n",
    "sku: A\nsku: B\ntitle: dup\n",
    "%YAML 9.9\n---\nsku: A\n",
    "sku: &x A\ntitle: *x\n<<: {price: 1}\n",
    "- a\n- list\n",
    "sku: A\ntitle: T\nprice: 1\n  bad: indent\n",
    "\ufeffsku: BOM-1\ntitle: With a byte order mark\nprice: 3\n",
    "sku: A\ntitle: !!binary aGVsbG8=\n",
    "sku: A\ntitle: 2026-02-30\n",
]
TEXT_FIELDS = ["title", "brand", "category", "summary", "description", "mpn", "gtin"]


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar holding `text` exactly (control characters escaped)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF, 0x85, 0x2028, 0x2029):
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _text(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.5:
        return rng.choice(PAYLOADS)
    if pick < 0.8:
        return rng.choice(ODD)
    return rng.choice(PAYLOADS) + rng.choice(ODD) + rng.choice(PAYLOADS)


def _write(root: str, rel: str, data: str | bytes) -> None:
    path = os.path.join(root, *rel.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.lexists(path) and not os.path.isfile(path):
        return
    with open(path, "wb") as fh:
        fh.write(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)


def _set_line(root: str, rel: str, key: str, value: str) -> None:
    """Replace the top-level `key:` line of a YAML file (or add it)."""
    path = os.path.join(root, *rel.split("/"))
    if not os.path.isfile(path):
        return
    with open(path, encoding="utf-8", errors="surrogateescape") as fh:
        lines = fh.read().split("\n")
    new = f"{key}: {value}"
    for i, line in enumerate(lines):
        if line.startswith(key + ":"):
            end = i + 1
            while end < len(lines) and lines[end].startswith((" ", "-")):  # the old value's block
                end += 1
            lines[i:end] = [new]
            break
    else:
        lines.insert(len(lines) - 1, new)
    with open(path, "w", encoding="utf-8", errors="surrogatepass") as fh:
        fh.write("\n".join(lines))


def _image_bytes(rng: random.Random) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (rng.choice([120, 640, 1500]), 400), (200, 100, 50)).save(buf, "JPEG")
    good = buf.getvalue()
    kind = rng.choice(["truncated", "corrupt", "empty", "text", "huge", "gif", "garbage-tail"])
    if kind == "truncated":
        return good[: rng.randint(10, len(good) - 1)]
    if kind == "corrupt":
        return good[:400] + bytes(rng.randrange(256) for _ in range(len(good) - 800)) + good[-400:]
    if kind == "empty":
        return b""
    if kind == "text":
        return b"GIF89a this is not an image"
    if kind == "huge":
        big = io.BytesIO()
        Image.new("1", (12000, 6000)).save(big, "PNG")  # 72 megapixels, a few KB on disk
        return big.getvalue()
    if kind == "gif":
        g = io.BytesIO()
        Image.new("P", (200, 200)).save(g, "GIF")
        return g.getvalue()
    return good + bytes(rng.randrange(256) for _ in range(200))


#: The changes that leave a buildable store most of the time: hostile text where text belongs.
TEXT_ONLY = ["text", "guide", "page", "name"]


def _mutate(rng: random.Random, root: str, kinds: list[str] | None = None) -> str:
    """Apply one random hostile change (of `kinds`, default any) to the store at `root`; returns its name."""
    kind = rng.choice(
        kinds
        or [
            "text",
            "text",
            "text",
            "number",
            "number",
            "config",
            "config",
            "guide",
            "guide",
            "page",
            "yaml",
            "fs",
            "fs",
            "image",
            "image",
            "link",
            "variant",
        ]
    )
    product = rng.choice(["catalog/lamp.yaml", "catalog/kettle.yaml"])
    if kind == "text":
        _set_line(root, product, rng.choice(TEXT_FIELDS), _quoted(_text(rng)))
    elif kind == "name":
        _set_line(root, "shopgen.yaml", rng.choice(["name", "description"]), _quoted(_text(rng) or "x"))
    elif kind == "number":
        _set_line(root, product, rng.choice(["price", "sale_price", "rating"]), rng.choice(NUMBERS))
    elif kind == "variant":
        attributes = f"{{{_quoted(_text(rng))}: {_quoted(_text(rng))}}}"
        variant = f"{{sku: KET-V, price: {rng.choice(NUMBERS)}, attributes: {attributes}}}"
        _set_line(root, "catalog/kettle.yaml", "variants", f"[{variant}]")
    elif kind == "link":
        _set_line(root, product, "channels", f"{{tmall: {{price: {rng.choice(NUMBERS)}, url: {_quoted(_text(rng))}}}}}")
    elif kind == "config":
        what = rng.choice(["name", "description", "lint", "shipping", "images", "unknown", "base_url"])
        if what in ("name", "description"):
            _set_line(root, "shopgen.yaml", what, _quoted(_text(rng)))
        elif what == "lint":
            key = rng.choice(["profiles", "weights", "severity", "terms", "substitutions", "select", "min_score"])
            val = rng.choice(
                ["[1]", "lots", "{warning: x}", "{SG101: fatal}", "{google: {title_max: -1}}", "{a: [b]}", "~", "1e26"]
            )
            _set_line(root, "shopgen.yaml", "lint", f"{{{key}: {val}}}")
        elif what == "shipping":
            _set_line(
                root,
                "shopgen.yaml",
                "shipping",
                f"{{country: US, cost: {rng.choice(NUMBERS)}, min_days: 2, max_days: 6}}",
            )
        elif what == "images":
            _set_line(
                root,
                "shopgen.yaml",
                "images",
                rng.choice(["{max_megapixels: 0}", "{max_megapixels: lots}", "{widths: [1e9]}", "{max_megapixels: 1}"]),
            )
        elif what == "base_url":
            _set_line(
                root,
                "shopgen.yaml",
                "base_url",
                _quoted(rng.choice(["javascript:alert(1)", "https://x.example/\v", "//evil"])),
            )
        else:
            _set_line(root, "shopgen.yaml", "colour", "red")
    elif kind in ("guide", "page"):
        folder = "content/guides" if kind == "guide" else "content/pages"
        body = "\n\n".join(_text(rng) for _ in range(3))
        if rng.random() < 0.8:
            body = body.replace("\ud800", "")  # a lone surrogate makes the file invalid UTF-8: refused
        front = f"title: {_quoted(_text(rng))}\ndescription: {_quoted(_text(rng))}\n"
        if kind == "guide":
            front += "date: 2026-01-02\n"
        _write(root, f"{folder}/fuzz-{rng.randrange(1000)}.md", f"---\n{front}---\n{body}\n")
    elif kind == "yaml":
        rel = rng.choice(["catalog/raw.yaml", "content/guides/raw.md", "shopgen.yaml"])
        data = rng.choice(YAML_ATTACKS)
        if rng.random() < 0.2:
            data = bytes(rng.randrange(256) for _ in range(200)).decode("latin-1")
        if rel.endswith(".md"):
            data = "---\n" + data + "\n---\nBody\n"
        _write(root, rel, data)
    elif kind == "fs":
        odd = rng.choice(["fifo", "loop", "dirloop", "outside", "dangling", "folder", "socketlike"])
        where = rng.choice(["catalog", "content/guides", "content/pages", "catalog/images"])
        name = os.path.join(root, where, f"odd-{rng.randrange(1000)}" + rng.choice([".yaml", ".md", ".jpg"]))
        if os.path.lexists(name):
            return kind
        if odd in ("fifo", "socketlike"):
            os.mkfifo(name)
        elif odd == "loop":
            os.symlink(os.path.basename(name) + ".b", name)
            os.symlink(os.path.basename(name), name + ".b")
        elif odd == "dirloop":
            os.symlink(".", name)
        elif odd == "outside":
            os.symlink("/etc/hostname", name)
        elif odd == "dangling":
            os.symlink("nowhere", name)
        else:
            os.mkdir(name)
        if name.endswith(".jpg") and rng.random() < 0.7:
            _set_line(root, product, "images", f"[{{src: images/{os.path.basename(name)}, alt: odd}}]")
    elif kind == "image":
        target = rng.choice(["catalog/images/lamp.jpg", "catalog/images/kettle.jpg"])
        if os.path.isfile(os.path.join(root, target)):
            _write(root, target, _image_bytes(rng))
    return kind


def make_store(seed: int, folder: str, mutations: int | None = None) -> list[str]:
    """Write the hostile store of `seed` into `folder` (a new folder); the names of the changes made."""
    rng = random.Random(seed)
    shutil.copytree(BASIC, folder, symlinks=True)
    kinds = TEXT_ONLY if rng.random() < 0.4 else None  # so that many cases build and their output is checked
    return [_mutate(rng, folder, kinds) for _ in range(mutations or rng.randint(1, 4))]


# -- what every output must be ----------------------------------------------------------------------

URL_ATTRS = {"href", "src", "action", "formaction", "poster", "cite", "data", "background", "xlink:href", "srcset"}
#: A finding's place: a store-relative path (never absolute), with a line and column where the file has them.
GITHUB = re.compile(r"^::error file=[^/,][^,]*(,line=\d+)?(,col=\d+)?[,:]")
LOCATION = re.compile(r"^(?:error|warning): |^[^:\s/][^:]*(:\d+(:\d+)?)?: (?:error|warning|info): ")


def _unsafe_urls(value: str, srcset: bool) -> list[str]:
    urls = [part.strip().split(" ")[0] for part in value.split(",")] if srcset else [value]
    return [u for u in urls if u and not safe_url(u)]


def page_problems(rel: str, html: str) -> list[str]:
    """Executable markup in one HTML document (or fragment): event handlers, scripts other than JSON-LD and
    the theme's own module, link and image targets whose scheme (as `shopgen.urls.safe_url` reads it) is
    unsafe, and `<iframe>`, `<object>`, `<embed>`, `<base>`, `<meta http-equiv=refresh>`."""
    problems = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                problems.append(f"{rel}: <{tag.name} {name}=...> event handler")
            elif name.lower() in URL_ATTRS and _unsafe_urls(text, name.lower() == "srcset"):
                problems.append(f"{rel}: <{tag.name} {name}={text[:60]!r}> unsafe address")
        if tag.name == "script":
            kind = tag.get("type", "")
            theme_own = kind == "module" and str(tag.get("src", "")).startswith("/assets/")
            if kind != "application/ld+json" and not theme_own:
                problems.append(f"{rel}: <script type={kind!r}> that is not JSON-LD or the theme's own")
        if tag.name in ("iframe", "object", "embed", "base") or (
            tag.name == "meta" and str(tag.get("http-equiv", "")).lower() == "refresh"
        ):
            problems.append(f"{rel}: <{tag.name}> element")
    return problems


def _fragment(path: str) -> dict:
    with open(path, "rb") as fh:
        data = gzip.decompress(fh.read())
    return json.loads(data[data.index(b"{") :])


def output_problems(out: str) -> dict[str, list[str]]:
    """Every problem of a built site, by kind: "executable" (markup), "xml" (not well-formed), "torn"
    (a page the sitemap lists is missing, or no home page)."""
    found: dict[str, list[str]] = {"executable": [], "xml": [], "torn": []}
    if not os.path.isfile(os.path.join(out, "index.html")):
        found["torn"].append("index.html is missing")
    for dirpath, _dirs, names in os.walk(out):
        for name in names:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, out)
            if name.endswith(".html"):
                with open(path, encoding="utf-8") as fh:
                    found["executable"] += page_problems(rel, fh.read())
            elif name.endswith(".xml"):
                try:
                    root = ET.parse(path).getroot()
                except ET.ParseError as exc:
                    found["xml"].append(f"{rel}: {exc}")
                    continue
                for el in root.iter():
                    if el.tag.endswith("}loc") and el.text and name.startswith("sitemap"):
                        local = re.sub(r"^https?://[^/]+", "", el.text.strip())
                        page = (
                            os.path.join(out, *local.strip("/").split("/"), "index.html")
                            if local.endswith("/")
                            else os.path.join(out, *local.strip("/").split("/"))
                        )
                        if local and not os.path.exists(page):
                            found["torn"].append(f"{rel} lists {local}, which is not in the output")
                    if el.tag.endswith("}link") or el.tag == "link":
                        href = el.get("href") or el.text or ""
                        if href and not safe_url(href.strip()):
                            found["executable"].append(f"{rel}: link {href[:60]!r}")
            elif name.endswith(".pf_fragment"):
                frag = _fragment(path)
                meta = frag.get("meta", {})
                for key in ("image", "url"):
                    if not safe_url(str(meta.get(key, "") or frag.get("url", ""))):
                        found["executable"].append(f"{rel}: search result {key} is unsafe")
                # the texts (content, title, price) are inserted as text by the theme's search.js, never as HTML
    return found


def output_lines_problems(text: str) -> list[str]:
    """Problems in what a command printed: a traceback, an internal error, an error line without a place."""
    problems = []
    if "Traceback (most recent call last)" in text:
        problems.append("traceback")
    if "internal error" in text:
        problems.append("internal error")
    for line in text.splitlines():
        if ": error: " in line and not LOCATION.match(line):
            problems.append(f"error without a place: {line[:120]}")
        if line.startswith("::error") and not GITHUB.match(line):  # `shopgen lint --format github`
            problems.append(f"error without a place: {line[:120]}")
    return problems


def dump(obj) -> str:
    """YAML text, for the few mutations that write whole documents."""
    return yaml.safe_dump(obj, allow_unicode=True)
