"""shopgen init, new, check and the build report: the editor's workflow around the build."""

from __future__ import annotations

import json
import os

import yaml
from click.testing import CliRunner

from conftest import TODAY
from shopgen import build
from shopgen.cli import main
from shopgen.lint.runner import lint_store


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_init_builds_and_lints_clean_at_once(tmp_path):
    folder = tmp_path / "shop"
    res = run("init", str(folder))
    assert res.exit_code == 0, res.output
    assert (folder / "catalog" / "images" / "desk-lamp.jpg").stat().st_size > 1000
    result = build(str(folder), today=TODAY)
    assert result.warnings == [] and result.pages_by_kind["product"] == 1
    lint = run("lint", str(folder))
    assert lint.exit_code == 0 and " 0 errors, 0 warnings" in lint.output
    assert run("init", str(folder)).exit_code == 1  # never over an existing store


def test_new_product_and_guide_write_every_field_and_never_overwrite(tmp_path):
    folder = tmp_path / "shop"
    run("init", str(folder))
    res = run("new", "product", "LED Floor Lamp, Linen Shade", "--category", "Home > Lighting", "--store", str(folder))
    assert res.exit_code == 0 and res.output.strip() == "created catalog/led-floor-lamp-linen-shade.yaml"
    text = (folder / "catalog" / "led-floor-lamp-linen-shade.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    from shopgen.validate import PRODUCT_SPEC

    contract = set(PRODUCT_SPEC.fields) - {"template", "updated", "featured", "extra", "lint"}
    assert contract <= set(data)
    assert data["sku"] == "LED-FLOOR-LAMP-LINEN-SHADE" and data["category"] == "Home > Lighting"
    assert text.count("\n# ") >= 20  # every field is explained
    zh = run("new", "product", "护眼台灯 无频闪", "--store", str(folder))
    assert zh.output.strip() == "created catalog/hu-yan-tai-deng-wu-pin-shan.yaml"
    guide = run("new", "guide", "How to Light a Small Desk", "--store", str(folder))
    assert guide.output.strip() == "created content/guides/how-to-light-a-small-desk.md"
    again = run("new", "guide", "How to Light a Small Desk", "--store", str(folder))
    assert again.exit_code == 1 and "never overwrites" in again.output
    # the new files are valid input: the store builds (with warnings for what is still to fill in)
    result = build(str(folder), today=TODAY)
    assert result.pages_by_kind["product"] == 3 and result.pages_by_kind["guide"] == 2
    _site, linted, _ = lint_store([str(folder)], today=TODAY)
    assert any(f.code == "SG401" for f in linted.findings)


def test_new_files_explain_the_fields_in_the_editors_language(tmp_path):
    folder = tmp_path / "shop"
    run("init", str(folder))
    res = run("new", "product", "护眼台灯 无频闪", "--store", str(folder), "--lang", "zh-CN")
    assert res.exit_code == 0 and res.output.strip() == "已创建 catalog/hu-yan-tai-deng-wu-pin-shan.yaml"
    text = (folder / "catalog" / "hu-yan-tai-deng-wu-pin-shan.yaml").read_text(encoding="utf-8")
    assert "# 必填，在整个商品库中唯一。" in text and "# 网址：/products/hu-yan-tai-deng-wu-pin-shan/" in text
    assert yaml.safe_load(text)["title"] == "护眼台灯 无频闪"
    run("new", "guide", "如何选择台灯", "--store", str(folder), "--lang", "zh-CN")
    guide = (folder / "content" / "guides" / "ru-he-xuan-ze-tai-deng.md").read_text(encoding="utf-8")
    assert "## 解决办法" in guide and "# 指南回应的搜索词" in guide
    assert build(str(folder), today=TODAY).pages_by_kind["product"] == 2


def test_check_validates_without_writing(store):
    res = run("check", store.root)
    assert res.exit_code == 0 and res.output.startswith("Store OK: 14 pages, 0 warnings.")
    assert not os.path.exists(store.out) and not os.path.exists(os.path.join(store.root, ".shopgen-cache"))
    store.write({"catalog/bad.yaml": "sku: B-1\ntitle: Some Lamp Title For Testing\nprice: ten\n"})
    res = run("check", store.root)
    assert res.exit_code == 1
    assert "catalog/bad.yaml:3:8: error: 'price' must be a number like 19.99, got 'ten'" in res.output


def test_check_finds_template_errors(store):
    store.write(
        {
            "themes/default/templates/page.html": '{% extends "base.html" %}\n{% block main %}\n'
            "{{ page.nosuch.deeper }}\n{% endblock %}\n"
        }
    )
    res = run("check", store.root)
    assert res.exit_code == 1 and "themes/default/templates/page.html:3: error: template error" in res.output


def test_build_report_json(store, tmp_path):
    report = tmp_path / "build.json"
    res = run("build", store.root, "--report", str(report))
    assert res.exit_code == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["pages"] == 14 and data["pages_by_kind"]["product"] == 2
    assert set(data["timings"]) == {"load", "plan", "check", "render", "images", "write", "search", "state"}
    assert data["images"] == {"sources": 2, "files": 8, "processed": 2, "cached": 0}
    assert data["warnings"] == []
    run("build", store.root, "--report", str(report))
    assert json.loads(report.read_text(encoding="utf-8"))["images"]["cached"] == 2


def test_progress_only_on_a_terminal(store, capsys):
    build(store.root, today=TODAY, progress=False)
    assert "Pages:" not in capsys.readouterr().err
    build(store.root, today=TODAY, progress=True, full=True)  # the first build left nothing to do
    assert "Pages: 14/14" in capsys.readouterr().err
    assert "Pages:" not in run("build", store.root).output  # CliRunner is not a terminal


def test_pre_commit_hooks_file():
    from conftest import ROOT

    with open(os.path.join(ROOT, ".pre-commit-hooks.yaml"), encoding="utf-8") as fh:
        hooks = {h["id"]: h for h in yaml.safe_load(fh)}
    assert hooks["shopgen-check"]["entry"] == "shopgen check"
    assert hooks["shopgen-lint"]["entry"] == "shopgen lint"


def test_new_guide_writes_a_translation_with_the_originals_products(tmp_path):
    import shutil

    from conftest import ROOT

    store = tmp_path / "store"
    shutil.copytree(os.path.join(ROOT, "tests", "stores", "bilingual"), store)
    res = run(
        "new",
        "guide",
        "Eye-Friendly Light for a Small Desk",
        "--slug",
        "desk-light",
        "--language",
        "EN",
        "--store",
        str(store),
    )
    assert res.exit_code == 0 and res.output.strip() == "created content/guides/desk-light.en.md", res.output
    text = (store / "content" / "guides" / "desk-light.en.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == "Eye-Friendly Light for a Small Desk" and front["products"] == ["LAMP-1"]
    build(str(store), out=str(tmp_path / "out"), today=TODAY)
    html = (tmp_path / "out" / "en" / "guides" / "desk-light" / "index.html").read_text(encoding="utf-8")
    assert "Eye-Friendly Light for a Small Desk" in html and "fallback-notice" not in html
    _site, result, _ = lint_store([str(store)], today=TODAY)
    assert not [d for d in result.findings if d.code == "SG802"]  # the guide is translated now
    again = run("new", "guide", "Other", "--slug", "desk-light", "--language", "en", "--store", str(store))
    assert again.exit_code == 1  # never overwrites
    wrong = run("new", "guide", "Lampe", "--slug", "desk-light", "--language", "fr", "--store", str(store))
    assert wrong.exit_code == 1 and "'fr' is not one of the store's languages (zh-CN, en)" in wrong.output
    bad = run("new", "guide", "Lamp", "--slug", "Desk Light", "--store", str(store))
    assert bad.exit_code == 1 and "cannot be used in a web address" in bad.output
