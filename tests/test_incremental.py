"""Rebuilds render only what changed, write nothing when nothing changed, and always equal a clean build."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys

import PIL.Image
import pytest
from click.testing import CliRunner

from conftest import ROOT, Store
from htmlutil import tree_bytes
from shopgen import render_pool
from shopgen.cli import main

DEMO_PAGES = 124  # the demo store's pages, in English and Simplified Chinese


@pytest.fixture(scope="session")
def image_cache(tmp_path_factory):
    """One image cache for every copy of the demo store: its photos are processed once."""
    return str(tmp_path_factory.mktemp("incremental-cache"))


@pytest.fixture
def demo(tmp_path, image_cache):
    """A copy of the repository's demo store (25 products, 5 guides), built once."""
    root = tmp_path / "demo"
    for part in ("catalog", "content"):
        shutil.copytree(os.path.join(ROOT, part), root / part)
    shutil.copy(os.path.join(ROOT, "shopgen.yaml"), root / "shopgen.yaml")
    s = Store(str(root))
    s.cache = image_cache
    s.build(cache_dir=image_cache)
    return s


def rebuild(s: Store, **kw):
    return s.build(cache_dir=s.cache, **kw)


def clean(s: Store, tmp_path, name="clean", **kw) -> dict[str, bytes]:
    """What a build from nothing writes, for comparison."""
    out = str(tmp_path / name)
    s.build(out=out, cache_dir=s.cache, full=True, **kw)
    return tree_bytes(out)


def stats(folder: str) -> dict[str, tuple[int, int]]:
    found = {}
    for dirpath, _dirs, names in os.walk(folder):
        for n in names:
            st = os.stat(os.path.join(dirpath, n))
            found[os.path.join(dirpath, n)] = (st.st_ino, st.st_mtime_ns)
    return found


def rendered(result) -> set[str]:
    return {f for f, _ in result.rendered}


def test_nothing_changed_nothing_written(demo):
    before = stats(demo.out)
    result = rebuild(demo)
    assert result.up_to_date and result.pages == DEMO_PAGES and result.kept == DEMO_PAGES
    assert stats(demo.out) == before


def test_touched_but_unchanged_files_render_nothing(demo):
    path = os.path.join(demo.root, "catalog/audio/head-001.yaml")
    os.utime(path, ns=(1, 1))
    before = stats(demo.out)
    result = rebuild(demo)
    assert not result.up_to_date and result.rendered == [] and result.kept == DEMO_PAGES
    assert stats(demo.out) == before  # the output folder was not even replaced
    assert rebuild(demo).up_to_date


def test_price_change_renders_exactly_its_dependents(demo, tmp_path):
    text = demo.source("catalog/audio/head-001.yaml").replace("sale_price: 129.00", "sale_price: 119.00")
    demo.write({"catalog/audio/head-001.yaml": text})
    result = rebuild(demo)
    files = rendered(result)
    page = "products/noise-cancelling-headphones-wireless-40-h-battery/index.html"
    assert page in files
    assert "categories/audio/index.html" in files and "categories/audio/headphones/index.html" in files
    assert "guides/focus-in-a-noisy-office/index.html" in files  # the guide names HEAD-001
    assert "products/double-wall-glass-coffee-mug-250-ml-set-of-2/index.html" not in files
    assert "guides/home-office-lighting/index.html" not in files
    assert dict(result.rendered)[page] == "changed: catalog/audio/head-001.yaml"
    assert "zh-cn/products/noise-cancelling-headphones-wireless-40-h-battery/index.html" in files  # its translation
    assert len(files) < 40 and result.kept == DEMO_PAGES - len(files)
    assert "119" in demo.read(page)
    assert tree_bytes(demo.out) == clean(demo, tmp_path)


def test_a_file_edited_while_a_build_runs_is_built_by_the_next(demo, tmp_path, monkeypatch):
    """The inputs are recorded as they were when the build began: an edit saved after the build read the
    file (serve builds while the editor types) is not mistaken for what the build used."""
    from shopgen import builder

    head = "catalog/audio/head-001.yaml"
    edited = demo.source(head).replace("sale_price: 129.00", "sale_price: 119.00")
    real = builder.check_listings

    def check_then_edit(*a, **kw):  # the store is loaded by now
        demo.write({head: edited})
        return real(*a, **kw)

    demo.write({head: demo.source(head).replace("sale_price: 129.00", "sale_price: 124.00")})
    monkeypatch.setattr(builder, "check_listings", check_then_edit)
    assert "124" in rendered_page(rebuild(demo), demo)
    monkeypatch.setattr(builder, "check_listings", real)
    result = rebuild(demo)
    assert not result.up_to_date and "119" in rendered_page(result, demo)
    assert rebuild(demo).up_to_date
    assert tree_bytes(demo.out) == clean(demo, tmp_path)


def rendered_page(result, demo) -> str:
    page = "products/noise-cancelling-headphones-wireless-40-h-battery/index.html"
    assert page in rendered(result)
    return demo.read(page)


@pytest.mark.parametrize(
    "change",
    [
        "guide text",
        "new product",
        "deleted product",
        "renamed category",
        "config",
        "theme override",
        "new page",
        "photo replaced",
        "first dated guide",
        "share image replaced",
    ],
)
def test_every_kind_of_change_equals_a_clean_build(demo, tmp_path, change):
    if change == "guide text":
        rel = "content/guides/focus-in-a-noisy-office.md"
        demo.write({rel: demo.source(rel).replace("drains focus", "quietly drains focus", 1)})
    elif change == "new product":
        text = demo.source("catalog/kitchen/mug-002.yaml")
        text = text.replace("sku: MUG-002", "sku: MUG-009").replace("slug: double-wall", "slug: triple-wall")
        demo.write({"catalog/kitchen/mug-009.yaml": text})
    elif change == "deleted product":
        os.remove(os.path.join(demo.root, "catalog/kitchen/mug-002.yaml"))
    elif change == "renamed category":
        rel = "catalog/kitchen/mug-002.yaml"
        demo.write({rel: demo.source(rel).replace("> Mugs", "> Cups")})
    elif change == "config":
        demo.write({"shopgen.yaml": demo.source("shopgen.yaml").replace("name: ", "name: New ", 1)})
    elif change == "theme override":
        card = os.path.join(ROOT, "themes/default/templates/partials/product-card.html")
        with open(card, encoding="utf-8") as fh:
            demo.write({"themes/default/templates/partials/product-card.html": fh.read().replace("card", "tile")})
    elif change == "new page":
        demo.write({"content/pages/press.md": "---\ntitle: Press\n---\nPress kit and contacts.\n"})
    elif change == "photo replaced":
        path = os.path.join(demo.root, "catalog/audio/images/head-001-front.jpg")
        from conftest import make_image

        with PIL.Image.open(path) as im:
            size = im.size
        make_image(path, size, color=(20, 90, 200))  # same file name, new picture: new variant names
    elif change == "first dated guide":
        for name in os.listdir(os.path.join(demo.root, "content/guides")):
            rel = f"content/guides/{name}"
            demo.write({rel: "\n".join(x for x in demo.source(rel).split("\n") if not x.startswith("date:"))})
        rebuild(demo)  # a store whose guides have no dates: no Atom feed, no link to one
        assert not os.path.exists(os.path.join(demo.out, "feeds/guides.xml"))
        rel = "content/guides/focus-in-a-noisy-office.md"
        demo.write({rel: demo.source(rel).replace("products: [", "date: 2026-11-01\nproducts: [", 1)})
    elif change == "share image replaced":  # the file alone changes: shopgen.yaml is as before
        demo.append("shopgen.yaml", "share_image: catalog/audio/images/head-001-fold.jpg\n")
        rebuild(demo)
        from conftest import make_image

        make_image(os.path.join(demo.root, "catalog/audio/images/head-001-fold.jpg"), (1600, 900), (20, 90, 200))
    result = rebuild(demo)
    assert not result.up_to_date and result.rendered
    assert tree_bytes(demo.out) == clean(demo, tmp_path)
    if change == "photo replaced":
        assert "products/noise-cancelling-headphones-wireless-40-h-battery/index.html" in rendered(result)
    if change in ("config", "theme override", "new page", "first dated guide", "share image replaced"):
        assert result.kept == 0  # what every page shows changed
    else:
        assert result.kept > 30


def test_a_sale_ending_overnight_renders_its_pages(demo, tmp_path):
    later = dt.date(2027, 7, 1)  # the day after HEAD-001's and MUG-002's sales end
    result = rebuild(demo, today=later)
    files = rendered(result)
    assert "products/noise-cancelling-headphones-wireless-40-h-battery/index.html" in files
    assert "products/double-wall-glass-coffee-mug-250-ml-set-of-2/index.html" in files
    assert result.kept > 20
    assert tree_bytes(demo.out) == clean(demo, tmp_path, today=later)


def test_a_page_deleted_from_the_output_is_made_again(demo):
    page = os.path.join(demo.out, "guides/home-office-lighting/index.html")
    os.remove(page)
    text = demo.source("catalog/audio/head-001.yaml").replace("sale_price: 129.00", "sale_price: 119.00")
    demo.write({"catalog/audio/head-001.yaml": text})
    result = rebuild(demo)
    assert dict(result.rendered)["guides/home-office-lighting/index.html"] == "missing from the output folder"
    assert os.path.isfile(page)


def test_an_output_folder_changed_by_hand_gets_a_full_build(demo, tmp_path):
    copy = str(tmp_path / "copy")
    shutil.copytree(demo.out, copy)
    shutil.rmtree(demo.out)
    shutil.copytree(copy, demo.out)  # same files, but not the folder shopgen wrote
    result = rebuild(demo)
    assert not result.up_to_date and result.kept == 0 and len(result.rendered) == DEMO_PAGES


def test_parallel_rendering_writes_the_same_site(demo, tmp_path, monkeypatch):
    monkeypatch.setattr(render_pool, "MIN_PARALLEL_PAGES", 1)
    monkeypatch.setattr(render_pool, "CHUNK", 4)
    assert render_pool.workers_for(61, 2) == 2
    one = clean(demo, tmp_path, "serial", jobs=1)
    two = clean(demo, tmp_path, "parallel", jobs=2)
    assert one == two


def test_template_errors_in_parallel_workers_are_reported(demo, monkeypatch):
    from shopgen.errors import BuildFailed

    monkeypatch.setattr(render_pool, "MIN_PARALLEL_PAGES", 1)
    monkeypatch.setattr(render_pool, "CHUNK", 4)
    demo.write(
        {"themes/default/templates/guide.html": '{% extends "base.html" %}{% block main %}{{ nope.x }}{% endblock %}'}
    )
    before = tree_bytes(demo.out)
    with pytest.raises(BuildFailed) as exc:
        rebuild(demo, jobs=2)
    found = [d for d in exc.value.diagnostics if "guide.html" in d.span.path]
    assert len(found) == 10 and "nope" in found[0].message  # 5 guides in 2 languages
    assert tree_bytes(demo.out) == before


def test_verbose_says_what_was_rendered_and_why(demo):
    text = demo.source("catalog/audio/head-001.yaml").replace("sale_price: 129.00", "sale_price: 119.00")
    demo.write({"catalog/audio/head-001.yaml": text})
    args = ["build", demo.root, "--cache-dir", demo.cache, "-v"]
    env = {"SOURCE_DATE_EPOCH": str(int(dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc).timestamp()))}
    first = CliRunner().invoke(main, args, env=env)
    assert first.exit_code == 0, first.output
    assert "kept" in first.output and "changed: catalog/audio/head-001.yaml" in first.output
    second = CliRunner().invoke(main, args, env=env)
    assert "Up to date" in second.output and "nothing written" in second.output


def test_build_report_lists_rendered_pages(demo, tmp_path):
    import json

    rel = "content/guides/focus-in-a-noisy-office.md"
    demo.write({rel: demo.source(rel).replace("drains focus", "quietly drains focus", 1)})
    report = tmp_path / "build.json"
    args = ["build", demo.root, "--cache-dir", demo.cache, "--report", str(report)]
    env = {"SOURCE_DATE_EPOCH": str(int(dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc).timestamp()))}
    assert CliRunner().invoke(main, args, env=env).exit_code == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert {"file": "guides/focus-in-a-noisy-office/index.html", "why": f"changed: {rel}"} in data["rendered"]
    assert data["kept"] == DEMO_PAGES - len(data["rendered"])


@pytest.mark.parametrize("damage", ["not json", "[1, 2]", '{"version": 1, "pages": 3}', ""])
def test_a_damaged_build_state_means_a_full_build(demo, tmp_path, damage):
    from shopgen.incremental import state_path
    from shopgen.uptodate import state_dir

    path = state_path(state_dir(demo.root, demo.cache), demo.out)
    assert os.path.isfile(path)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(damage)
    result = rebuild(demo)
    assert not result.up_to_date and result.kept == 0 and len(result.rendered) == DEMO_PAGES
    assert tree_bytes(demo.out) == clean(demo, tmp_path)
    assert rebuild(demo).up_to_date  # and the state is good again


def tree(folder: str) -> set[str]:
    """Every file and folder under `folder`."""
    found = set()
    for dirpath, dirs, names in os.walk(folder):
        found |= {os.path.relpath(os.path.join(dirpath, n), folder) for n in [*dirs, *names]}
    return found


def test_later_builds_start_from_the_spare_site_and_equal_a_clean_build(demo, tmp_path):
    spare = os.path.join(os.path.dirname(demo.out), ".public.spare")
    lamp = "catalog/lighting/lamp-001.yaml"
    demo.write({lamp: demo.source(lamp).replace("price: 39.90", "price: 41.00")})
    second = rebuild(demo)
    assert not second.from_spare and os.path.isdir(spare)  # the first site is kept as the spare
    with open(os.path.join(spare, ".gitignore"), encoding="utf-8") as fh:
        assert fh.read().endswith("*\n")  # never listed by version control
    # a product removed and one edited: the spare is brought up to date, nothing else is touched
    os.remove(os.path.join(demo.root, "catalog/textiles/throw-002.yaml"))
    demo.write({lamp: demo.source(lamp).replace("price: 41.00", "price: 42.00")})
    third = rebuild(demo)
    assert third.from_spare and "42.00" in demo.read(
        "products/led-desk-lamp-dimmable-with-usb-c-charging-port/index.html"
    )
    assert not any("cotton-throw" in f for f in tree(demo.out))
    assert tree_bytes(demo.out) == clean(demo, tmp_path)
    assert tree(demo.out) == tree(str(tmp_path / "clean"))  # no folder left behind by the removed product
    assert ".gitignore" not in os.listdir(demo.out)


def test_a_failed_build_from_the_spare_leaves_the_live_site_alone(demo, monkeypatch):
    """The spare's unchanged files are hard links to the live site's: a build writing into one in place would
    change the live site before the swap. Nothing may change until the commit."""
    from shopgen import write

    lamp = "catalog/lighting/lamp-001.yaml"
    for price in ("41.00", "42.00"):
        demo.write({lamp: demo.source(lamp).replace("price: 39.90", f"price: {price}").replace("41.00", price)})
        rebuild(demo)
    before = tree_bytes(demo.out)
    demo.write({lamp: demo.source(lamp).replace("price: 42.00", "price: 43.00")})
    demo.write({"content/pages/about.md": demo.source("content/pages/about.md") + "\nOne more line.\n"})

    def fail(self, keep_spare=False):
        raise RuntimeError("killed before the swap")

    pruned = []
    real_prune = sys.modules["shopgen.builder"]._prune_spare
    monkeypatch.setattr(sys.modules["shopgen.builder"], "_prune_spare", lambda *a: pruned.append(1) or real_prune(*a))
    monkeypatch.setattr(write.Staging, "commit", fail)
    with pytest.raises(RuntimeError):
        rebuild(demo)
    assert pruned  # the build did start from the spare
    assert tree_bytes(demo.out) == before
    monkeypatch.undo()
    result = rebuild(demo)  # the spare went with the failed build: this one starts from nothing
    assert not result.from_spare and "43.00" in demo.read(
        "products/led-desk-lamp-dimmable-with-usb-c-charging-port/index.html"
    )
