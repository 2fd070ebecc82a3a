"""Bad rows at source:line (the rest imports, exit 1), usage errors (exit 2), hostile input."""

from __future__ import annotations

import os

from importers.helpers import build_store, catalog, import_text, new_store, read_product, run_import, write
from shopgen.importers.rows import read_table

HEADER = (
    "Handle,Title,Body (HTML),Vendor,Type,Published,Option1 Name,Option1 Value,Variant SKU,Variant Price,Image Src\n"
)


def test_rows_keep_their_physical_line_across_multi_line_fields(tmp_path):
    path = write(tmp_path / "x.csv", 'a,b\n1,"two\nlines"\n\n3,"x\n\ny"\n4,z\n')
    table = read_table(path)
    assert [(r.line, r.values["a"]) for r in table.rows] == [(2, "1"), (5, "3"), (8, "4")]


def test_encodings_and_tabs_are_sniffed(tmp_path):
    path = str(tmp_path / "bom.csv")
    with open(path, "wb") as fh:
        fh.write("\ufeffname,price\nCrème,1.00\n".encode())
    assert read_table(path).rows[0].values == {"name": "Crème", "price": "1.00"}
    with open(path, "wb") as fh:
        fh.write("name,price\nCr\xe8me,1.00\n".encode("cp1252"))
    table = read_table(path)
    assert (table.encoding, table.rows[0].values["name"]) == ("cp1252", "Crème")
    tsv = write(tmp_path / "feed.txt", "id\ttitle\nA-1\tLamp, white\n")
    assert read_table(tsv).rows[0].values == {"id": "A-1", "title": "Lamp, white"}


def test_bad_rows_are_reported_at_source_line_and_the_rest_imports(tmp_path):
    source = write(
        tmp_path / "p.csv",
        HEADER
        + 'good,Good Lamp,"<p>multi\nline</p>",V,Lamps,true,Title,Default Title,G-1,10.00,\n'
        + 'comma,Comma Lamp,,V,Lamps,true,Title,Default Title,C-1,"12,99",\n'
        + "junk,Junk Lamp,,V,Lamps,true,Title,Default Title,J-1,ten,\n"
        + ",No Handle,,V,Lamps,true,Title,Default Title,N-1,1.00,\n"
        + "late,Late Lamp,,V,Lamps,true,Title,Default Title,T-1,5.5,\n",
    )
    store = new_store(tmp_path / "store")
    res = run_import("shopify", source, "--into", store)
    assert res.exit_code == 1
    assert f"{source}:4: error: Variant Price is '12,99', not an amount like 12.99" in res.output
    assert "hint: write amounts with a decimal point and no thousands separators, like 1299.00" in res.output
    assert f"{source}:5: error: Variant Price is 'ten', not an amount like 12.99" in res.output
    assert f"{source}:6: error: the row has no Handle" in res.output
    assert ": 2 new, 0 updated, 0 unchanged, 0 gone from the export; 3 rows failed." in res.output
    assert sorted(catalog(store)) == ["catalog/lamps/good.yaml", "catalog/lamps/late.yaml"]
    assert "Traceback" not in res.output


def test_usage_errors_exit_2(tmp_path):
    store = new_store(tmp_path / "store")
    source = write(tmp_path / "p.csv", HEADER)
    assert run_import("magento", source, "--into", store).exit_code == 2
    res = run_import("shopify", str(tmp_path / "missing.csv"), "--into", store)
    assert res.exit_code == 2 and "cannot read" in res.output
    res = run_import("shopify", source, "--into", str(tmp_path / "nostore"))
    assert res.exit_code == 2 and "is not a shopgen store" in res.output
    other = write(tmp_path / "other.csv", "Name,Price\nLamp,1\n")
    res = run_import("shopify", other, "--into", store)
    assert res.exit_code == 2 and "no Handle column" in res.output
    assert run_import("shopify", source, "--into", store, "--currency", "euro").exit_code == 2


def test_hostile_html_is_dropped_and_paths_stay_in_the_store(tmp_path):
    body = (
        '"<p>Safe <b>text</b></p><script>alert(1)</script><img src=x onerror=alert(2)>'
        '<a href=""javascript:alert(3)"">click</a><a href=""https://ok.example/"" onclick=""alert(4)"">ok</a>"'
    )
    source = write(
        tmp_path / "p.csv",
        HEADER
        + f"../../../etc/evil,Evil Lamp,{body},V,../../outside,true,Title,Default Title,E-1,10.00,\n"
        + "台灯,LED台灯 可调光,,V,家居 > 照明,true,Title,Default Title,TAI-1,99.00,\n",
    )
    store = new_store(tmp_path / "store")
    res = run_import("shopify", source, "--into", store)
    assert res.exit_code == 0, res.output
    files = catalog(store)
    assert sorted(files) == ["catalog/jia-ju/tai-1.yaml", "catalog/outside/etc-evil.yaml"]
    evil = read_product(store, "catalog/outside/etc-evil.yaml")
    description = evil["description"]  # Markdown: its exact spacing is markdownify's to choose
    assert "Safe **text**" in description and "click" in description and "[ok](https://ok.example/)" in description
    assert evil["slug"] == "etc-evil"
    for text in files.values():
        assert b"<script" not in text and b"alert" not in text and b"onerror" not in text and b"javascript" not in text
    assert "LED台灯 可调光" in files["catalog/jia-ju/tai-1.yaml"].decode("utf-8")  # CJK written as is
    assert not os.path.exists(os.path.join(str(tmp_path), "etc"))
    build_store(store, tmp_path)  # builds


def test_drafts_are_skipped_with_a_warning(tmp_path):
    header = HEADER.replace("Image Src", "Status")
    source = write(tmp_path / "p.csv", header + "d,Draft Lamp,,V,Lamps,true,Title,Default Title,D-1,1.00,draft\n")
    store = new_store(tmp_path / "store")
    res = run_import("shopify", source, "--into", store)
    assert res.exit_code == 0
    assert f"{source}:2: warning: product 'd' is not imported: it is draft in Shopify" in res.output
    assert "; 1 skipped (a draft)." in res.output and catalog(store) == {}


def test_empty_variant_skus_are_derived_with_a_warning_and_barcodes_checked(tmp_path):
    source = write(
        tmp_path / "p.csv",
        HEADER.replace("Image Src", "Variant Barcode")
        + "tee,Tee Shirt,,V,Shirts,true,Size,S,,10.00,4006381333931\n"
        + "tee,,,,,,,M,,10.00,12345\n",
    )
    store = new_store(tmp_path / "store")
    res = run_import("shopify", source, "--into", store)
    assert f"{source}:2: warning: the variant has no Variant SKU; its SKU is 'TEE-S'" in res.output
    assert f"{source}:3: warning: Variant Barcode '12345' is not a valid GTIN; kept in extra.barcodes" in res.output
    tee = read_product(store, "catalog/shirts/tee.yaml")
    assert [(v["sku"], v.get("gtin")) for v in tee["variants"]] == [("TEE-S", "4006381333931"), ("TEE-M", None)]
    assert tee["extra"]["barcodes"] == {"TEE-M": "12345"}


def test_mapped_csv(tmp_path):
    source = write(
        tmp_path / "any.csv",
        "Code,Name,Cost,Colour,Pics,Info\n"
        'A-1,Desk Lamp,"12,99",red,,\n'
        "A-2,Office Chair,49.50,blue,https://cdn.example/chair.jpg,<p>Comfy <em>chair</em></p>\n",
    )
    store = new_store(tmp_path / "store")
    maps = ["--map", "sku=Code", "--map", "title=Name", "--map", "price=Cost", "--map", "attributes.color=Colour"]
    res = run_import("csv", source, "--into", store, *maps, "--map", "images=Pics", "--map", "description=Info")
    assert res.exit_code == 1
    assert f"{source}:2: error: Cost is '12,99', not an amount like 12.99" in res.output
    chair = read_product(store, "catalog/imported/office-chair.yaml")
    assert chair["price"] == 49.5 and chair["attributes"] == {"color": "blue"}
    assert chair["images"] == [{"src": "https://cdn.example/chair.jpg"}]
    assert "*chair*" in chair["description"] and "<" not in chair["description"]
    res = run_import("csv", source, "--into", store, "--map", "sku=Nope")
    assert res.exit_code == 2 and "the CSV has no column 'Nope'" in res.output


WOO = (
    "ID,Type,SKU,Name,Published,Regular price,Sale price,Date sale price ends,In stock?,Categories,Images,Parent,"
    "Attribute 1 name,Attribute 1 value(s)\n"
    '10,variable,TEE,Tee,1,,,,1,Clothing > Tees,https://cdn.example/tee.jpg,,Size,"S, M"\n'
    "11,variation,TEE-S,Tee - S,1,20,15,2027-01-31,1,,,id:10,Size,S\n"
    '12,variation,TEE-M,Tee - M,1,"20,00",,,0,,,TEE,Size,M\n'
    "13,variation,TEE-L,Tee - L,1,20,,,1,,,id:99,Size,L\n"
    "14,simple,DRAFT,Draft Cap,-1,5,,,1,,,,,\n"
    '15,simple,CAP,Cap,1,8,,,backorder,"Hats, Sale",,,,\n'
)


def test_woocommerce_rows_and_their_problems(tmp_path):
    source, store, res = import_text(tmp_path, "woocommerce", "wc.csv", WOO)
    assert res.exit_code == 1
    assert f"{source}:4: error: Regular price is '20,00', not an amount like 12.99" in res.output
    assert f"{source}:5: error: the variation's Parent 'id:99' is not a product of this export" in res.output
    assert f"{source}:6: warning: product 'Draft Cap' is not imported: it is not published in WooCommerce" in res.output
    tee = read_product(store, "catalog/clothing/tee.yaml")
    assert tee["variants"] == [
        {"sku": "TEE-S", "attributes": {"Size": "S"}, "price": 20, "sale_price": 15, "availability": "in_stock"}
    ]
    assert (tee["price"], tee["sale_price"], str(tee["sale_ends"])) == (20, 15, "2027-01-31")
    cap = read_product(store, "catalog/hats/cap.yaml")
    assert (cap["availability"], cap["category"], cap["extra"]["categories"]) == ("backorder", "Hats", ["Sale"])


def test_messages_in_chinese(tmp_path):
    source = write(tmp_path / "p.csv", HEADER + 'a,Lamp Title,,V,Lamps,true,Title,Default Title,A-1,"1,5",\n')
    store = new_store(tmp_path / "store")
    res = run_import("--lang", "zh-CN", "shopify", source, "--into", store)
    assert res.exit_code == 1
    assert f"{source}:2: error: Variant Price 为 '1,5'，不是 12.99 这样的金额" in res.output
    assert "；1 行失败。" in res.output
