from __future__ import annotations

import datetime as dt

from shopgen.sourcemap import load_yaml, split_front_matter


def test_spans_and_raw_text():
    data, smap, diags = load_yaml("sku: A\ngtin: 0012345670\nimages:\n  - src: a.jpg\n    alt: x\n", "c.yaml")
    assert diags == []
    assert data["gtin"] == "0012345670" or smap.raw_text("gtin") == "0012345670"
    assert str(smap.span("images", 0, "alt")) == "c.yaml:5:10"
    assert str(smap.key_span("images")) == "c.yaml:3:1"
    assert str(smap.span("nope", "deeper")) == "c.yaml:1:1"


def test_leading_zero_numbers_keep_their_text():
    data, smap, _ = load_yaml("gtin: 00123456\n", "c.yaml")
    assert data["gtin"] == 42798  # YAML 1.1 reads this as octal...
    assert smap.raw_text("gtin") == "00123456"  # ...so text fields use the source text


def test_invalid_date_is_kept_as_text():
    data, _, diags = load_yaml("a: 2026-13-45\nb: 2026-01-02\n", "c.yaml")
    assert diags == [] and data == {"a": "2026-13-45", "b": dt.date(2026, 1, 2)}


def test_front_matter_offsets():
    front, body, line = split_front_matter("---\ntitle: X\nproducts: [A]\n---\nBody\n")
    assert front == "title: X\nproducts: [A]\n" and body == "Body\n" and line == 5
    data, smap, _ = load_yaml(front, "g.md", line_offset=1)
    assert str(smap.span("products", 0)) == "g.md:3:12"
    assert split_front_matter("no front matter") == (None, "no front matter", 1)


def test_merge_keys_are_refused():
    _, _, diags = load_yaml("a: &x {b: 1}\nc:\n  <<: *x\n", "c.yaml")
    assert "merge keys" in diags[0].message
