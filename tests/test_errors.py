"""Bad input: every problem reported at path:line, all in one run, nothing written, never a traceback."""

from __future__ import annotations

import os
import re

import pytest

from htmlutil import tree_bytes
from shopgen import BuildFailed, ShopgenError, render_pool


def errors_of(store, **kw) -> list[str]:
    with pytest.raises(BuildFailed) as info:
        store.build(**kw)
    # the store-problem code ([SG001] ...) is tested in test_store_problems_carry_their_codes
    return [
        re.sub(r" \[SG00\d\]$", "", d.format().split("\n")[0])
        for d in info.value.diagnostics
        if d.severity.name == "ERROR"
    ]


def hints_of(store) -> list[str]:
    with pytest.raises(BuildFailed) as info:
        store.build()
    return [d.hint for d in info.value.diagnostics]


def test_yaml_syntax_error(store):
    store.write({"catalog/bad.yaml": "sku: B-1\ntitle: [unclosed\nprice: 3\n"})
    (err,) = errors_of(store)
    assert err.startswith("catalog/bad.yaml:3:6: error: YAML syntax error")


def test_missing_required_field(store):
    store.write({"catalog/bad.yaml": "sku: B-1\nprice: 3\n"})
    assert errors_of(store) == ["catalog/bad.yaml:1:1: error: required field 'title' is missing from this file"]


def test_wrong_types(store):
    store.write(
        {
            "catalog/bad.yaml": """
        sku: B-1
        title: Some Lamp Title For Testing
        price: nineteen
        highlights: {a: 1}
        images: images/x.jpg
        rating: {value: 7, count: 3}
        sale_ends: 2026-13-45
        """
        }
    )
    assert errors_of(store) == [
        "catalog/bad.yaml:3:8: error: 'price' must be a number like 19.99, got 'nineteen'",
        "catalog/bad.yaml:4:13: error: 'highlights' must be a list, got a mapping",
        "catalog/bad.yaml:5:9: error: 'images' must be a list, got 'images/x.jpg'",
        "catalog/bad.yaml:6:17: error: 'rating.value' is 7, it must be at most 5",
        "catalog/bad.yaml:7:12: error: 'sale_ends' must be a date like 2026-12-31, got '2026-13-45'",
    ]


def test_misspelled_field_suggests_the_right_one(store):
    store.write(
        {"catalog/bad.yaml": "sku: B-1\ntitle: Some Lamp Title For Testing\nsumary: hi\navailability: instock\n"}
    )
    with pytest.raises(BuildFailed) as info:
        store.build()
    found = [(d.format().split("\n")[0], d.hint) for d in info.value.diagnostics if d.severity.name == "ERROR"]
    assert found == [
        ("catalog/bad.yaml:3:1: error: unknown field 'sumary' [SG001]", "did you mean 'summary'?"),
        (
            "catalog/bad.yaml:4:15: error: 'availability' is 'instock', which is not one of in_stock, out_of_stock, "
            "preorder, backorder, discontinued [SG001]",
            "did you mean 'in_stock'?",
        ),
    ]


def test_duplicate_sku_and_slug(store):
    store.write(
        {
            "catalog/a.yaml": "sku: LAMP-1\ntitle: Another LED Desk Lamp Product\nslug: same-slug\n",
            "catalog/b.yaml": "sku: OTHER\ntitle: Yet Another LED Desk Lamp\nslug: same-slug\n",
        }
    )
    errs = errors_of(store)
    assert "catalog/lamp.yaml:1:6: error: duplicate SKU 'LAMP-1': first defined at catalog/a.yaml:1:6" in errs
    assert "catalog/b.yaml:3:7: error: duplicate product slug 'same-slug': first defined at catalog/a.yaml:3:7" in errs


def test_variant_sku_clashing_with_a_product(store):
    store.write({"catalog/a.yaml": "sku: KET-1-blk\ntitle: Something Else Entirely Here\n"})
    assert errors_of(store) == [
        "catalog/kettle.yaml:13:11: error: duplicate SKU 'KET-1-BLK': first defined at catalog/a.yaml:1:6"
    ]


def test_unknown_sku_in_guide(store):
    store.write(
        {
            "content/guides/g.md": """
        ---
        title: Gooseneck Kettle Buying Guide Two
        products: [KET-1, KET-9]
        ---
        Text.

        [[product NOPE]]
        """
        }
    )
    assert errors_of(store) == [
        "content/guides/g.md:3:19: error: guide names SKU 'KET-9', which no product has",
        "content/guides/g.md:7: error: product card or link names SKU 'NOPE', which no product has",
    ]
    assert "did you mean 'KET-1'?" in hints_of(store)


def test_missing_image_file(store):
    store.write(
        {
            "catalog/bad.yaml": """
        sku: B-1
        title: Some Lamp Title For Testing
        images:
          - {src: images/nope.jpg, alt: A lamp}
        """
        }
    )
    assert errors_of(store) == [
        "catalog/bad.yaml:4:11: error: image file not found: images/nope.jpg (looked for catalog/images/nope.jpg)"
    ]


@pytest.mark.parametrize(
    "src, message",
    [
        ("../../outside.jpg", "image '../../outside.jpg' points outside the store folder"),
        ("/etc/passwd", "image '/etc/passwd' is an absolute path"),
        ("http://cdn.example.com/x.jpg", "image 'http://cdn.example.com/x.jpg' is an http:// address"),
    ],
)
def test_image_paths_cannot_leave_the_store(store, src, message):
    store.write({"catalog/bad.yaml": f"sku: B-1\ntitle: Some Lamp Title For Testing\nimages:\n  - src: {src}\n"})
    assert errors_of(store) == [f"catalog/bad.yaml:4:10: error: {message}"]


def test_symlink_out_of_the_store_is_refused(store, tmp_path):
    outside = tmp_path / "secret.jpg"
    from conftest import make_image

    make_image(str(outside))
    os.symlink(outside, os.path.join(store.root, "catalog/images/link.jpg"))
    store.write(
        {
            "catalog/bad.yaml": "sku: B-1\ntitle: Some Lamp Title For Testing\nimages:\n"
            "  - {src: images/link.jpg, alt: A lamp}\n"
        }
    )
    assert errors_of(store) == [
        "catalog/bad.yaml:4:11: error: image 'images/link.jpg' is a link to a place outside the store folder"
    ]


def test_file_that_is_not_an_image(store):
    store.write(
        {
            "catalog/images/fake.jpg": b"this is not a jpeg",
            "catalog/bad.yaml": "sku: B-1\ntitle: Some Lamp Title For Testing\nimages:\n"
            "  - {src: images/fake.jpg, alt: A lamp}\n",
        }
    )
    assert errors_of(store) == ["catalog/bad.yaml:4:5: error: catalog/images/fake.jpg is not an image Pillow can read"]


def test_truncated_image(store):
    with open(os.path.join(store.root, "catalog/images/lamp.jpg"), "rb") as fh:
        data = fh.read()
    store.write(
        {
            "catalog/images/cut.png": data[:0] + b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
            "catalog/bad.yaml": "sku: B-1\ntitle: Some Lamp Title For Testing\nimages:\n"
            "  - {src: images/cut.png, alt: A lamp}\n",
        }
    )
    (err,) = errors_of(store)
    assert err.startswith("catalog/bad.yaml:4:5: error: ")
    assert "cut.png" in err


def test_unknown_template(store):
    store.write({"catalog/bad.yaml": "sku: B-1\ntitle: Some Lamp Title For Testing\ntemplate: fancy.html\n"})
    assert errors_of(store) == ["catalog/bad.yaml:3:11: error: unknown template 'fancy.html'"]
    store.write({"catalog/bad.yaml": "sku: B-1\ntitle: Some Lamp Title For Testing\n"})
    store.append("shopgen.yaml", "theme: nosuch\n")
    assert errors_of(store) == [
        "shopgen.yaml:7:8: error: theme 'nosuch' not found: there is no themes/nosuch/ folder in the store"
    ]


def test_template_errors_point_at_the_template_line(store):
    store.write(
        {
            "themes/default/templates/page.html": '{% extends "base.html" %}\n{% block main %}\n'
            "{{ page.nosuch.deeper }}\n{% endblock %}\n"
        }
    )
    (err,) = errors_of(store)
    assert err.startswith("themes/default/templates/page.html:3: error: template error while rendering /about/")
    store.write({"themes/default/templates/page.html": "{% block main %}\n{% if %}\n"})
    (err,) = errors_of(store)
    assert err.startswith("themes/default/templates/page.html:2: error: template syntax error")


def test_duplicate_yaml_key_is_not_silently_dropped(store):
    store.write({"catalog/bad.yaml": "sku: B-1\ntitle: One Lamp Title For Testing\ntitle: Two\n"})
    assert errors_of(store) == ["catalog/bad.yaml:3:1: error: duplicate key 'title': it is already set on line 2"]


def test_invalid_utf8(store):
    store.write({"catalog/bad.yaml": b"sku: B-1\ntitle: caf\xe9 lamp\n"})
    assert errors_of(store) == ["catalog/bad.yaml:2:11: error: the file is not valid UTF-8 (byte 0xe9)"]


def test_alias_bomb_is_stopped(store):
    lines = ["sku: B-1", "title: Some Lamp Title For Testing", "extra:", "  a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefgh"):
        prev = "abcdefgh"[i]
        lines.append(f"  {name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    store.write({"catalog/bad.yaml": "\n".join(lines) + "\n"})
    (err,) = errors_of(store)
    assert err.startswith("catalog/bad.yaml:") and "expands to more than" in err


def test_guide_without_front_matter_and_bad_file_name(store):
    store.write({"content/guides/no-front.md": "Just text\n", "content/guides/Bad Name.md": "---\ntitle: x\n---\n"})
    assert errors_of(store) == [
        "content/guides/Bad Name.md: error: file name 'Bad Name' cannot be used in a web address",
        "content/guides/no-front.md:1:1: error: the file has no front matter",
    ]


def test_config_errors(store):
    store.write({"shopgen.yaml": "name: X\nbase_url: shop.example.com\ncurrency: usd\nreturns: {days: 30}\n"})
    assert errors_of(store) == [
        "shopgen.yaml:2:11: error: 'base_url' is 'shop.example.com': use the absolute address of the shop, like "
        "https://shop.example.com",
        "shopgen.yaml:3:11: error: 'currency' is 'usd': use a 3-letter ISO 4217 code such as USD, EUR or CNY",
    ]


def test_all_problems_of_a_run_are_reported_together(store):
    store.write(
        {
            "catalog/a.yaml": "sku: A\ntitle: [broken\n",
            "catalog/b.yaml": "sku: B\n",
            "catalog/c.yaml": "sku: C\ntitle: Title Of Product C Is Long Enough\nprice: free\n",
            "content/guides/g.md": "---\ntitle: Gooseneck Guide Number Two For Coffee\nproducts: [ZZZ]\n---\n",
        }
    )
    errs = errors_of(store)
    assert [e.split(":")[0] for e in errs] == [
        "catalog/a.yaml",
        "catalog/b.yaml",
        "catalog/c.yaml",
        "content/guides/g.md",
    ]


def test_failed_build_leaves_previous_output_untouched(store):
    store.build()
    before = tree_bytes(store.out)
    store.write({"catalog/bad.yaml": "sku: B-1\n"})
    with pytest.raises(BuildFailed):
        store.build()
    assert tree_bytes(store.out) == before
    assert sorted(n for n in os.listdir(store.root) if n.startswith(".public")) == [".public.lock"]


def test_strict_turns_warnings_into_errors_and_writes_nothing(store):
    store.write(
        {
            "catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace(
                "alt: White LED desk lamp on an oak desk", "alt: IMG_2034.jpg"
            )
        }
    )
    result = store.build()
    assert [d.code for d in result.warnings] == ["SG302"]
    os.rename(store.out, store.out + "-first")
    errs = errors_of(store, strict=True)
    assert errs == ["catalog/lamp.yaml:21:10: error: the alt text 'IMG_2034.jpg' is a file name [SG302]"]
    assert not os.path.exists(store.out)


def _filename_alt(store) -> None:
    text = store.source("catalog/lamp.yaml")
    store.write({"catalog/lamp.yaml": text.replace("alt: White LED desk lamp on an oak desk", "alt: IMG_2034.jpg")})


def test_listing_checks_run_while_pages_render_and_still_fail_the_build(store, monkeypatch):
    monkeypatch.setattr(render_pool, "MIN_PARALLEL_PAGES", 1)
    monkeypatch.setattr(render_pool, "CHUNK", 4)
    first = store.build(jobs=2)  # images to make: the checks run first
    assert "check" in first.timings and "check_while_rendering" not in first.timings
    _filename_alt(store)
    result = store.build(jobs=2, full=True)  # images made, pages on two processes: the checks run meanwhile
    assert "check_while_rendering" in result.timings and "check" not in result.timings
    assert [d.code for d in result.warnings] == ["SG302"]
    before = tree_bytes(store.out)
    assert errors_of(store, strict=True, jobs=2, full=True) == [
        "catalog/lamp.yaml:21:10: error: the alt text 'IMG_2034.jpg' is a file name [SG302]"
    ]
    assert tree_bytes(store.out) == before
    assert all(n in (".public.spare", ".public.lock") for n in os.listdir(store.root) if n.startswith(".public"))


def test_a_failing_build_keeps_the_spare_site_it_would_have_started_from(store, monkeypatch):
    monkeypatch.setattr(render_pool, "MIN_PARALLEL_PAGES", 1)
    monkeypatch.setattr(render_pool, "CHUNK", 2)
    store.build(jobs=2)
    title = "title: LED Desk Lamp with USB-C Port, Dimmable"
    store.write({"catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace(title, title + ", Oak")})
    assert len(store.build(jobs=2).rendered) > 4  # two processes render: the checks could have run meanwhile
    spare = os.path.join(store.root, ".public.spare")
    before = tree_bytes(spare)
    _filename_alt(store)
    errors_of(store, strict=True, jobs=2)
    assert tree_bytes(spare) == before  # the next build still starts from it


def test_a_build_with_listing_errors_fails_before_making_images(store, monkeypatch):
    monkeypatch.setattr(render_pool, "MIN_PARALLEL_PAGES", 1)
    monkeypatch.setattr(render_pool, "CHUNK", 4)
    _filename_alt(store)
    errors_of(store, strict=True, jobs=2)
    made = os.listdir(os.path.join(store.root, ".shopgen-cache", "images"))
    assert not [n for n in made if n.endswith((".webp", ".jpg", ".png"))], made


def test_output_folder_that_shopgen_did_not_make_is_refused(store, tmp_path):
    other = tmp_path / "docs"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    with pytest.raises(ShopgenError, match="not empty and was not made by shopgen"):
        store.build(out=str(other))
    assert (other / "notes.txt").read_text() == "mine"
    with pytest.raises(ShopgenError, match="contains the store itself"):
        store.build(out=os.path.dirname(store.root))
    with pytest.raises(ShopgenError, match="inside the store's catalog/ folder"):
        store.build(out=os.path.join(store.root, "catalog", "out"))


def test_not_a_store(tmp_path):
    from shopgen import build

    with pytest.raises(ShopgenError, match="is not a shopgen store: it has no shopgen.yaml"):
        build(str(tmp_path))


def test_deep_nesting_and_huge_files_are_refused(store, monkeypatch):
    store.write({"catalog/deep.yaml": "sku: D\ntitle: Deep Nesting Title For Test\nextra: " + "[" * 100 + "]" * 100})
    (err,) = errors_of(store)
    assert err.startswith("catalog/deep.yaml:3:") and "nested deeper than 64 levels" in err
    import shopgen.sourcemap

    monkeypatch.setattr(shopgen.sourcemap, "MAX_FILE_BYTES", 100)
    store.write({"catalog/deep.yaml": "sku: D\ntitle: Deep Nesting Title For Test\nextra: '" + "x" * 200 + "'\n"})
    assert "catalog/deep.yaml:1:1: error: the file is 252 bytes; the limit is 100" in errors_of(store)


def test_store_problems_carry_their_codes(store):
    """Every problem found while loading has a code that `shopgen lint --explain` explains."""
    store.write(
        {
            "catalog/a.yaml": "sku: A-1\ntitle: Mug\npriec: 3\nimages:\n  - {src: images/nope.jpg, alt: A mug}\n",
            "catalog/b.yaml": "sku: LAMP-1\ntitle: Stoneware Mug\n",
            "catalog/c.yaml": "sku: C-1\ntitle: Cotton T-Shirt\nvariants:\n  - {attributes: {color: Red}}\n",
            "content/guides/g.md": "---\ntitle: A guide to mugs and more\nproducts: [NOPE-1]\n---\nText.\n",
        }
    )
    with pytest.raises(BuildFailed) as info:
        store.build()
    found = {(d.span.path, d.span.line, d.code) for d in info.value.diagnostics if d.code.startswith("SG00")}
    assert found == {
        ("catalog/a.yaml", 3, "SG001"),
        ("catalog/a.yaml", 5, "SG003"),
        ("catalog/lamp.yaml", 1, "SG002"),
        ("catalog/c.yaml", 4, "SG005"),
        ("content/guides/g.md", 3, "SG004"),
    }
