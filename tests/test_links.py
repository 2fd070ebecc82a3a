"""Walk every built page of the demo stores: no broken internal link, image or stylesheet."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest

from htmlutil import html_files, soup


def target(out: str, url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = os.path.join(out, parts.path.lstrip("/"))
    return os.path.join(path, "index.html") if parts.path.endswith("/") else path


@pytest.mark.parametrize("fixture", ["demo_site", "zh_site"])
def test_no_broken_internal_links_or_images(fixture, request):
    out, _ = request.getfixturevalue(fixture)
    checked = 0
    broken = []
    for page in html_files(out):
        doc = soup(page)
        refs = [a.get("href") for a in doc.find_all("a")] + [i.get("src") for i in doc.find_all("img")]
        refs += [link.get("href") for link in doc.find_all("link", rel="stylesheet")]
        for ref in refs:
            assert ref, f"{page}: empty link"
            path = target(out, ref)
            if path is None:
                continue
            checked += 1
            if not os.path.isfile(path):
                broken.append(f"{os.path.relpath(page, out)} -> {ref}")
    assert broken == []
    assert checked > 500


@pytest.mark.parametrize("fixture", ["demo_site", "zh_site"])
def test_canonical_sitemap_and_pages_agree(fixture, request):
    out, _ = request.getfixturevalue(fixture)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [u.find(ns + "loc").text for u in ET.parse(os.path.join(out, "sitemap.xml")).getroot()]
    assert len(locs) == len(set(locs))
    canonicals = set()
    for page in html_files(out):
        if soup(page).find("meta", attrs={"name": "robots", "content": "noindex"}):
            continue  # the 404 and search pages stay out of the sitemap
        canonical = soup(page).find("link", rel="canonical")["href"]
        assert canonical not in canonicals
        canonicals.add(canonical)
    assert set(locs) == canonicals
    for loc in locs:
        assert os.path.isfile(target(out, urlsplit(loc).path))
