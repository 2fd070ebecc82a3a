"""Messages in English and Simplified Chinese: the catalog is complete, the language is chosen as documented,
and every command speaks it (build, check, lint text/JSON/HTML, --explain, serve's overlay title)."""

from __future__ import annotations

import importlib.util
import json
import os
import re

import pytest
from click.testing import CliRunner

from conftest import ROOT
from shopgen import messages
from shopgen.cli import main
from shopgen.lint import REGISTRY
from shopgen.lint.docs import DOCS, explain, rules_markdown

CJK = re.compile(r"[\u4e00-\u9fff]")


def _catalog_tool():
    spec = importlib.util.spec_from_file_location("catalog_tool", os.path.join(ROOT, "scripts", "messages.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env)


def test_catalog_has_every_message_translated_and_compiled():
    """Every text in the code, the report template and the rule docs has a Chinese translation with the same
    placeholders, none is fuzzy or obsolete, and the shipped .mo is compiled from the .po."""
    pytest.importorskip("babel")
    assert _catalog_tool().problems("zh_CN") == []


def test_catalog_check_finds_a_missing_translation(tmp_path, monkeypatch):
    pytest.importorskip("babel")
    tool = _catalog_tool()
    folder = tmp_path / "zh_CN" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(os.path.join(tool.LOCALE_DIR, "zh_CN", "LC_MESSAGES", "shopgen.po"), encoding="utf-8") as fh:
        po = fh.read()
    damaged = po.replace("msgstr \"未知字段 '{key}'\"", 'msgstr ""').replace(
        'msgstr "标题不含核心关键词「{kw}」"', 'msgstr "标题不含核心关键词"'
    )
    assert damaged != po
    (folder / "shopgen.po").write_text(damaged, encoding="utf-8")
    monkeypatch.setattr(tool, "LOCALE_DIR", str(tmp_path))
    found = tool.problems("zh_CN")
    assert any("untranslated \"unknown field '{key}'\"" in p for p in found)
    assert any("placeholders of \"the title does not contain the primary keyword '{kw}'\"" in p for p in found)


def test_catalog_check_compares_the_compiled_catalogue_by_content(tmp_path, monkeypatch):
    """A .mo written by another Babel version (another Generated-By) is current; one whose text differs is stale."""
    pytest.importorskip("babel")
    tool = _catalog_tool()
    source = os.path.join(tool.LOCALE_DIR, "zh_CN", "LC_MESSAGES")
    folder = tmp_path / "zh_CN" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(os.path.join(source, "shopgen.po"), encoding="utf-8") as fh:
        po = fh.read()
    (folder / "shopgen.po").write_text(po, encoding="utf-8")
    monkeypatch.setattr(tool, "LOCALE_DIR", str(tmp_path))
    catalog = tool._read(str(folder / "shopgen.po"), "zh_CN")
    mo = tool._mo_bytes(catalog)
    monkeypatch.setattr("babel.messages.catalog.VERSION", "99.0.0")
    other_version = tool._mo_bytes(catalog)
    monkeypatch.undo()
    monkeypatch.setattr(tool, "LOCALE_DIR", str(tmp_path))
    assert b"Generated-By: Babel 99.0.0" in other_version and other_version != mo
    (folder / "shopgen.mo").write_bytes(other_version)
    assert tool.problems("zh_CN") == []
    translated = "未知字段 '{key}'".encode()
    assert translated in mo
    (folder / "shopgen.mo").write_bytes(mo.replace(translated, "未知栏位 '{key}'".encode()))
    assert any("is stale" in p for p in tool.problems("zh_CN"))
    (folder / "shopgen.mo").write_bytes(mo[: len(mo) // 2])
    assert any("is stale" in p for p in tool.problems("zh_CN"))


def test_tr_translates_then_fills_placeholders():
    messages.use("zh-CN")
    assert messages.tr("unknown field '{key}'", key="sumary") == "未知字段 'sumary'"
    assert messages.ntr("{n} page", "{n} pages", 3) == "3 个页面"
    assert messages.tr("a text never translated {x}", x=1) == "a text never translated 1"
    assert messages.tr("") == ""
    messages.use("en")
    assert messages.ntr("{n} page", "{n} pages", 1) == "1 page"
    assert messages.ntr("{n} page", "{n} pages", 2) == "2 pages"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("zh-CN", "zh-CN"), ("zh_CN.UTF-8", "zh-CN"), ("zh-Hans", "zh-CN"), ("zh", "zh-CN"), ("en_US.UTF-8", "en")]
    + [("C.UTF-8", "en"), ("fr_FR", None), ("zh-TW", None)],
)
def test_normalize(tag, expected):
    assert messages.normalize(tag) == expected


def test_language_choice_order(tmp_path, monkeypatch):
    store = tmp_path / "s"
    store.mkdir()
    (store / "shopgen.yaml").write_text("name: S\nmessage_language: zh-CN\n", encoding="utf-8")
    for name in ("SHOPGEN_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert messages.choose(None, str(tmp_path)) == "en"  # nothing set anywhere
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert messages.choose(None, str(tmp_path)) == "zh-CN"  # the system locale
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert messages.choose(None, str(store)) == "zh-CN"  # the store's setting beats the locale
    monkeypatch.setenv("SHOPGEN_LANG", "en")
    assert messages.choose(None, str(store)) == "en"  # the editor's own setting beats the store's
    assert messages.choose("zh-CN", str(store)) == "zh-CN"  # --lang beats everything
    with pytest.raises(messages.UnknownLanguage):
        messages.choose("fr", str(store))


def test_build_errors_in_chinese_keep_place_severity_and_code(store):
    store.append("catalog/kettle.yaml", "sumary: typo\n")
    for args in (["--lang", "zh-CN", "build", store.root], ["build", store.root, "--lang", "zh-CN"]):
        res = run(*args)
        assert res.exit_code == 1
        assert re.search(r"catalog/kettle\.yaml:\d+:1: error: 未知字段 'sumary'", res.output), res.output
        assert "提示：是不是要写 'summary'？" in res.output
        assert "构建失败：1 个错误" in res.output and "没有写入任何文件" in res.output
    english = run("build", store.root)
    assert "unknown field 'sumary'" in english.output and "Build failed: 1 error" in english.output


def test_store_setting_and_environment_choose_the_language(store):
    store.append("shopgen.yaml", "message_language: zh-CN\n")
    res = run("check", store.root)
    assert res.exit_code == 0 and res.output.startswith("店铺检查通过："), res.output
    res = run("check", store.root, env={"SHOPGEN_LANG": "en"})
    assert res.output.startswith("Store OK:"), res.output


def test_unknown_languages_are_refused(store):
    res = run("--lang", "fr", "build", store.root)
    assert res.exit_code == 2 and "use en or zh-CN" in res.output
    store.append("shopgen.yaml", "message_language: fr\n")
    res = run("build", store.root)
    assert res.exit_code == 1 and "'message_language'" in res.output and "en, zh-CN" in res.output


def test_up_to_date_build_replays_warnings_in_the_new_language(store):
    path = os.path.join(store.root, "catalog", "lamp.yaml")
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    long_title = "title: LED Desk Lamp with USB-C Port, Dimmable, Warm and Cool Light, Clamp and Base"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(re.sub(r"(?m)^title: .*$", long_title, text))
    first = run("build", store.root)
    assert first.exit_code == 0 and "columns wide" in first.output, first.output
    again = run("--lang", "zh-CN", "build", store.root)
    assert "标题宽" in again.output and "columns wide" not in again.output


def test_lint_text_json_and_html_in_chinese(store, tmp_path):
    report = tmp_path / "report.html"
    res = run("--lang", "zh-CN", "lint", store.root, "--report", str(report))
    assert "个条目" in res.output and "商品库得分" in res.output
    assert re.search(r"\d+:\d+: (warning|info|error): ", res.output)  # severity words stay English for parsers
    html = report.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html and "商品检查报告" in html and "为什么重要" in html
    data = json.loads(run("--lang", "zh-CN", "lint", store.root, "--format", "json").output)
    found = [f for lst in data["listings"] for f in lst["findings"]]
    assert found and all(CJK.search(f["message"]) for f in found)
    assert {f["severity"] for f in found} <= {"error", "warning", "info"}


def test_every_rule_is_explained_in_both_languages():
    for code, rule in REGISTRY.items():
        messages.use("zh-CN")
        assert CJK.search(rule.summary) and CJK.search(rule.why), code
        assert rule.summary != rule.summary_en and rule.why != rule.why_en, code
        text = explain(rule)
        assert "## 为什么" in text and rule.why in text
        messages.use("en")
    res = run("--lang", "zh-CN", "lint", "--explain", "SG701")
    assert res.exit_code == 0 and "广告法" in res.output and "## 示例" in res.output


@pytest.mark.parametrize("lang", sorted(DOCS))
def test_rules_docs_match_the_code(lang):
    messages.use(lang)
    with open(os.path.join(ROOT, DOCS[lang]), encoding="utf-8") as fh:
        assert fh.read() == rules_markdown(), f"regenerate: python -m shopgen.lint.docs {lang} > {DOCS[lang]}"


def test_serve_overlay_title_follows_the_language(store):
    from shopgen.serve import DevServer

    messages.use("zh-CN")
    dev = DevServer(store.root, 0, log=lambda text: None)
    assert dev.status()["title"].startswith("最近的修改无法构建")
