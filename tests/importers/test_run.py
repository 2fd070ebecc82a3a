"""The import run itself: progress reports, the export's currency, the YAML it writes."""

from __future__ import annotations

from importers.helpers import catalog, new_store, read_product, run_import, write
from shopgen.importers.run import Options, run

CSV = 'sku,title,price,description\nA-1,Desk Lamp,39.90,"<p>two</p>\n<p>台灯</p>"\nA-2,Mug,12,\n'


def test_progress_is_reported_per_product(tmp_path):
    store = new_store(tmp_path / "store")
    calls = []
    outcome = run(
        "csv", write(tmp_path / "p.csv", CSV), store, Options(), lambda done, total: calls.append((done, total))
    )
    assert calls == [(1, 2), (2, 2)] and outcome.new == 2


def test_currency_option_and_written_yaml(tmp_path):
    store = new_store(tmp_path / "store")
    res = run_import("csv", write(tmp_path / "p.csv", CSV), "--into", store, "--currency", "EUR")
    assert res.exit_code == 0, res.output
    lamp = catalog(store)["catalog/imported/desk-lamp.yaml"].decode("utf-8")
    assert lamp.startswith(
        "sku: A-1\ntitle: Desk Lamp\ndescription: |-\n  two\n\n  台灯\nprice: 39.90\ncurrency: EUR\n"
    )
    assert read_product(store, "catalog/imported/mug.yaml")["price"] == 12
    assert run_import("csv", str(tmp_path / "p.csv"), "--into", store, "--currency", "EUX").exit_code == 2


def test_a_sku_used_by_two_products_of_the_export_is_a_row_error(tmp_path):
    store = new_store(tmp_path / "store")
    feed = "id\titem_group_id\ttitle\tprice\nA-1\tG-1\tDesk Lamp – Black\t1.00 USD\nA-1\t\tDesk Lamp\t2.00 USD\n"
    source = write(tmp_path / "feed.tsv", feed)
    res = run_import("merchant-feed", source, "--into", store)
    assert res.exit_code == 1
    assert f"{source}:3: error: SKU 'A-1' appears twice in the export\n    hint: first at line 2" in res.output
    assert list(catalog(store)) == ["catalog/imported/desk-lamp-black.yaml"]
