"""The command line: exit codes, the summary line, messages at path:line."""

from __future__ import annotations

import os
import subprocess
import sys

from click.testing import CliRunner

from shopgen import __version__
from shopgen.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_build_prints_a_summary(store):
    res = run("build", store.root, "--out", os.path.join(store.root, "out"))
    assert res.exit_code == 0, res.output
    last = res.output.strip().splitlines()[-1]
    assert last.startswith(
        "Built 14 pages (1 404, 1 categories, 5 category, 1 guide, 1 guides, 1 home, 1 page, 2 product, 1 search); "
        "8 image files from 2 images (2 processed, 0 cached), 0 warnings in "
    )
    assert os.path.isfile(os.path.join(store.root, "out", "index.html"))


def test_bad_input_exits_1_with_path_line_messages(store):
    store.write({"catalog/bad.yaml": "sku: B-1\ntitle: Some Lamp Title For Testing\nprice: ten\n"})
    res = run("build", store.root)
    assert res.exit_code == 1
    assert "catalog/bad.yaml:3:8: error: 'price' must be a number like 19.99, got 'ten'" in res.output
    # one pass: the copy is judged too (no keyword), and the refused price is not also "missing"
    assert "catalog/bad.yaml:2:8: warning: no primary keyword is set [SG100]" in res.output
    assert "[SG401]" not in res.output
    assert "catalog/bad.yaml:2:8: warning: the product has no image [SG304]" in res.output  # at build (#20)
    assert "Build failed: 1 error, 2 warnings. Nothing was written." in res.output
    assert "Traceback" not in res.output


def test_warnings_print_and_strict_fails(store):
    store.write(
        {
            "catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace(
                "title: LED Desk Lamp with USB-C Port, Dimmable", "title: LED Desk Lamp"
            )
        }
    )
    res = run("build", store.root)
    assert res.exit_code == 0
    assert (
        "catalog/lamp.yaml:2:8: warning: the title is 13 columns wide; the google profile expects at least 20 "
        "[SG104]" in res.output
    )
    assert "1 warning in" in res.output
    res = run("build", store.root, "--strict")
    assert res.exit_code == 1
    assert "catalog/lamp.yaml:2:8: error: the title is 13 columns wide" in res.output
    quiet = run("build", store.root, "--quiet")
    assert "SG104" not in quiet.output and quiet.exit_code == 0


def test_not_a_store_exits_1(tmp_path):
    res = run("build", str(tmp_path))
    assert res.exit_code == 1
    assert "is not a shopgen store: it has no shopgen.yaml" in res.output


def test_internal_errors_exit_2_without_traceback(store, monkeypatch):
    import importlib

    build_module = importlib.import_module("shopgen.builder")

    def boom(*a, **k):
        raise RuntimeError("bug")

    monkeypatch.setattr(build_module, "enrich_languages", boom)
    res = run("build", store.root)
    assert res.exit_code == 2
    assert "internal error" in res.output and "Traceback" not in res.output


def test_version_and_help():
    assert run("--version").output.strip() == f"shopgen, version {__version__}"
    for args in (["--help"], ["build", "--help"]):
        res = run(*args)
        assert res.exit_code == 0 and "Usage:" in res.output
    assert "--strict" in run("build", "--help").output


def test_console_script_and_module_entry_point(store):
    res = subprocess.run(
        [sys.executable, "-m", "shopgen", "build", store.root, "-q"], capture_output=True, text=True, check=False
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("Built 14 pages")


def test_an_up_to_date_build_does_not_import_the_builder(store):
    """The no-change rebuild is mostly Python start-up: it must not import Jinja2, Markdown, Pillow or the
    linter just to find that nothing changed (and it still shows the last build's warnings)."""
    store.write(
        {
            "catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace(
                "title: LED Desk Lamp with USB-C Port, Dimmable", "title: LED Desk Lamp"
            )
        }
    )
    probe = (
        "import sys\n"
        "from shopgen.cli import main\n"
        "try:\n"
        f"    main(['build', {store.root!r}], standalone_mode=False)\n"
        "finally:\n"
        "    heavy = sorted(m for m in ('shopgen.builder', 'jinja2', 'markdown', 'PIL', 'shopgen.lint', 'yaml') "
        "if m in sys.modules)\n"
        "    print('imported:', heavy)\n"
    )

    def probe_run():
        res = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
        assert res.returncode == 0, res.stderr
        return res

    first = probe_run()
    assert "imported: ['PIL', 'jinja2', 'markdown', 'shopgen.builder', 'shopgen.lint', 'yaml']" in first.stdout
    again = probe_run()
    assert "imported: []" in again.stdout
    assert "Up to date: no file changed" in again.stdout
    assert "catalog/lamp.yaml:2:8: warning: the title is 13 columns wide" in again.stderr
