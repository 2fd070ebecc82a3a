"""Property-based hostile input: generated catalogs end in a valid site or path:line errors, never a crash.

Each generated store is the basic fixture store plus generated product files (wrong types, missing
and extra keys, huge strings, control characters, emoji, RTL and CJK text, odd dates and numbers,
paths that try to leave the store, images that are not images, invalid UTF-8, YAML alias bombs,
deep nesting). The build must return a result or raise BuildFailed whose every error names a
store file and a line; it must not raise anything else, hang, or write a half site.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASIC, TODAY
from shopgen import BuildFailed, ShopgenError, build

CASES = {"stores": 0, "built": 0, "rejected": 0}
CONTRACT = [
    "sku",
    "title",
    "slug",
    "brand",
    "category",
    "keywords",
    "summary",
    "description",
    "highlights",
    "price",
    "currency",
    "sale_price",
    "sale_ends",
    "availability",
    "condition",
    "gtin",
    "mpn",
    "images",
    "attributes",
    "variants",
    "rating",
    "reviews",
    "channels",
    "faq",
    "template",
    "updated",
    "lint",
]
ODD_TEXT = [
    "",
    " ",
    "\x00\x01\x1b[31m",
    "‮RTL override‬",
    "שלום עולם",
    "مرحبا",
    "护眼台灯 檯燈",
    "🔥💡 lamp 👍🏽",
    "a\u0301\u0301\u0301",
    "</script><script>alert(1)</script>",
    "<!--",
    "' \" & < >",
    "javascript:alert(1)",
    "${{7*7}}{{7*7}}",
    "\ud7ff\ue000\ufffd",
    "\u2028\u2029",
    "x" * 5000,
    "2026-13-45",
    "0o777",
    "1e309",
    "-0",
    "NaN",
    ".inf",
    "yes",
    "~",
    "null",
    "0012345670",
]
PATHS = [
    "images/lamp.jpg",
    "../../etc/passwd",
    "/etc/passwd",
    "images/missing.jpg",
    "images/fake.jpg",
    "images/link-out.jpg",
    "C:\\\\Windows\\\\x.jpg",
    "images/../../../x.jpg",
    "https://evil.example/x.jpg",
    "images/%2e%2e/x.jpg",
    "",
    "images/",
    ".",
]

text = st.one_of(
    st.text(max_size=80), st.sampled_from(ODD_TEXT), st.builds(lambda n: "界" * n, st.integers(1000, 300_000))
)
scalar = st.one_of(
    text,
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates().map(str),
)
value = st.recursive(
    scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12,
)
image = st.fixed_dictionaries({"src": st.sampled_from(PATHS)}, optional={"alt": text})
product = st.fixed_dictionaries(
    {},
    optional={
        **{k: value for k in CONTRACT},
        "sku": st.one_of(st.sampled_from(["A-1", "A-1", "LAMP-1", "a/b", "x" * 100]), text),
        "title": text,
        "price": st.one_of(st.decimals(allow_nan=True).map(str), scalar),
        "images": st.lists(image, max_size=3),
        "variants": st.lists(
            st.fixed_dictionaries({"sku": text}, optional={"price": scalar, "attributes": value}), max_size=3
        ),
        "extra_key_" + "x": value,
    },
)


def _yaml_texts():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefg", "bcdefgh", strict=True)
    )
    return st.one_of(
        st.binary(max_size=300),
        st.sampled_from(
            [
                bomb,
                "sku: [" * 500 + "]" * 500,
                "sku: A\ntitle: x\ntitle: y\n",
                "- just\n- a list\n",
                "sku: A\n  bad: indentation\n",
                "\ufeffsku: B\ntitle: BOM title here\n",
                "%YAML 9.9\n---\n",
                "sku: !!python/object:os.system echo\n",
                "sku: &x A\ntitle: *x\n<<: {price: 1}\n",
            ]
        ),
    )


def _store() -> str:
    root = tempfile.mkdtemp(prefix="shopgen-hostile-")
    store = os.path.join(root, "store")
    shutil.copytree(BASIC, store)
    with open(os.path.join(store, "catalog", "images", "fake.jpg"), "wb") as fh:
        fh.write(b"GIF89a this is not really an image")
    outside = os.path.join(root, "outside.jpg")
    shutil.copy(os.path.join(store, "catalog", "images", "lamp.jpg"), outside)
    os.symlink(outside, os.path.join(store, "catalog", "images", "link-out.jpg"))
    return store


CACHE = tempfile.mkdtemp(prefix="shopgen-hostile-cache-")
LOCATION = re.compile(r"^[^:\s][^:]*(:\d+(:\d+)?)?$")


def _check(files: dict[str, bytes]) -> None:
    store = _store()
    try:
        for rel, data in files.items():
            with open(os.path.join(store, rel), "wb") as fh:
                fh.write(data)
        out = os.path.join(store, "public")
        CASES["stores"] += 1
        try:
            result = build(store, out=out, today=TODAY, cache_dir=CACHE)
        except BuildFailed as exc:
            CASES["rejected"] += 1
            assert exc.diagnostics
            for d in exc.diagnostics:
                assert LOCATION.match(str(d.span)), d.format()
                assert not os.path.isabs(d.span.path) and ".." not in d.span.path.split("/"), d.format()
                assert d.message and "Traceback" not in d.message
            assert not os.path.exists(out)  # nothing half-written
            return
        except ShopgenError:
            CASES["rejected"] += 1
            assert not os.path.exists(out)
            return
        CASES["built"] += 1
        assert result.pages >= 1 and os.path.isfile(os.path.join(out, "index.html"))
        for dirpath, _dirs, _names in os.walk(out):  # nothing escaped the output folder
            assert os.path.realpath(dirpath).startswith(os.path.realpath(out))
    finally:
        shutil.rmtree(os.path.dirname(store), ignore_errors=True)


SETTINGS = settings(
    max_examples=int(os.environ.get("SHOPGEN_HOSTILE_EXAMPLES", 120)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)


@SETTINGS
@given(st.lists(product, min_size=1, max_size=3))
def test_generated_catalogs(products):
    files = {}
    for i, p in enumerate(products):
        files[f"catalog/gen{i}.yaml"] = yaml.safe_dump(p, allow_unicode=True).encode("utf-8", "surrogatepass")
    _check(files)


@SETTINGS
@given(_yaml_texts(), st.sampled_from(["catalog/raw.yaml", "content/guides/raw.md", "shopgen.yaml"]))
def test_malformed_files(data, rel):
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    if rel.endswith(".md"):
        raw = b"---\n" + raw + b"\n---\nBody\n"
    _check({rel: raw})


@SETTINGS
@given(
    st.fixed_dictionaries(
        {k: text for k in ("title", "brand", "category", "summary", "description", "alt")},
        optional={"highlights": st.lists(text, max_size=3), "mpn": text},
    )
)
def test_valid_products_with_odd_text(fields):
    """A well-formed product whose texts are hostile or odd: it builds, and stays text."""
    data = {
        "sku": "ODD-1",
        "slug": "odd-1",
        "title": fields["title"],
        "brand": fields["brand"],
        "category": fields["category"],
        "summary": fields["summary"],
        "description": fields["description"],
        "price": 10,
        "images": [{"src": "images/lamp.jpg", "alt": fields["alt"]}],
        **{k: fields[k] for k in ("highlights", "mpn") if k in fields},
    }
    _check({"catalog/odd.yaml": yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass")})
