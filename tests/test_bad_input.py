"""Issue #22's reproducers: data that crashed or hung shopgen is now an error at its path:line (exit 1).

Each test runs the real command line (CliRunner) on the basic store with one hostile change.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from conftest import make_image
from shopgen import files, outlock
from shopgen.cli import main
from shopgen.money import MAX_AMOUNT, parse_amount, read_amount
from shopgen.xmlchars import strip_forbidden

PLACE = re.compile(r"^[\w./-]+:\d+(:\d+)?: error: ", re.M)


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def refused(store, command: str = "build") -> str:
    """The output of `command` on the store, which must refuse it as bad input without crashing. `lint`
    reports a store file's problem as a finding (exit 1) and stops only on an unusable shopgen.yaml (exit 2);
    its findings are given back as `path:line:col: error: message` lines, like the other commands print."""
    if command != "lint":
        res = run(command, store.root)
        assert "internal error" not in res.output and "Traceback" not in res.output, res.output
        assert res.exit_code == 1, res.output
        return res.output
    res = run(command, store.root, "--format", "json")
    assert "internal error" not in res.output and "Traceback" not in res.output, res.output
    if res.exit_code == 2:  # shopgen.yaml cannot be used: printed at its lines
        return res.output
    assert res.exit_code == 1, res.output
    data = json.loads(res.output)
    found = [f for lst in data["listings"] for f in lst["findings"]] + data["store_findings"]
    return "".join(
        f"{f['path']}"
        + (f":{f['line']}" if f["line"] else "")
        + (f":{f['column']}" if f["column"] else "")
        + f": error: {f['message']}\n"
        + (f"    hint: {f['hint']}\n" if f["hint"] else "")
        for f in found
        if f["severity"] == "error"
    )


def replace(store, rel: str, old: str, new: str) -> None:
    text = store.source(rel)
    assert old in text
    store.write({rel: text.replace(old, new)})


# -- 1. no internal errors from data ---------------------------------------------------------------


def test_issue_22_symlink_loop_in_the_catalog_is_an_error_at_its_path(store):
    os.symlink("loop-b.yaml", os.path.join(store.root, "catalog", "loop-a.yaml"))
    os.symlink("loop-a.yaml", os.path.join(store.root, "catalog", "loop-b.yaml"))
    os.symlink(".", os.path.join(store.root, "catalog", "self"))  # a folder loop, not a store file: ignored
    for command in ("build", "check", "lint"):
        out = refused(store, command)
        assert "catalog/loop-a.yaml: error: cannot read the file: Too many levels of symbolic links" in out


@pytest.mark.parametrize(
    "config, message",
    [
        ("lint: {profiles: [1]}", "shopgen.yaml:7:18: error: 'lint.profiles' must be a mapping of fields, got a list"),
        ("lint: {weights: [1]}", "shopgen.yaml:7:17: error: 'lint.weights' must be a mapping of names to values"),
        ("lint: {weights: lots}", "shopgen.yaml:7:17: error: 'lint.weights' must be a mapping of names to values"),
        ("lint: {weights: {warning: x}}", "shopgen.yaml:7:27: error: 'lint.weights.warning' must be a number"),
        ("lint: {weights: {warnings: 3}}", "shopgen.yaml:7:18: error: 'lint.weights' names 'warnings'"),
        ("lint: {severity: {SG101: fatal}}", "shopgen.yaml:7:26: error: 'lint.severity.SG101' is 'fatal'"),
        ("lint: {severity: {sg101: error}}", "shopgen.yaml:7:19: error: 'lint.severity' names 'sg101'"),
        ("lint: {substitutions: {wifi: [Wi-Fi]}}", "shopgen.yaml:7:30: error: 'lint.substitutions.wifi' must be"),
        ("lint: {substitutions: [wifi]}", "shopgen.yaml:7:23: error: 'lint.substitutions' must be"),
        ("lint: {terms: {absolute: 3}}", "shopgen.yaml:7:26: error: 'lint.terms.absolute' must be a list"),
        ("lint: {terms: {hype: [x]}}", "shopgen.yaml:7:16: error: unknown field 'hype' in 'lint.terms'"),
        ("lint: {profiles: {google: {title_max: lots}}}", "'lint.profiles.google.title_max' must be a whole number"),
        ("lint: {profiles: {gogle: {}}}", "unknown field 'gogle' in 'lint.profiles'"),
    ],
)
def test_issue_22_every_lint_setting_is_checked(store, config, message):
    store.append("shopgen.yaml", config + "\n")
    for command in ("build", "lint"):
        assert message in refused(store, command)


def test_good_lint_settings_still_apply(store):
    store.append(
        "shopgen.yaml",
        "lint: {weights: {warning: 0, info: 0, SG103: 1.5}, severity: {SG104: info}, "
        "profiles: {google: {title_max: 70, density_max: 0.05}}, substitutions: {wifi: Wi-Fi}, "
        "terms: {absolute: [flawless]}}\n",
    )
    res = run("lint", store.root)
    assert res.exit_code == 0, res.output


@pytest.mark.parametrize(
    "field, value, message, hint",
    [
        ("price: 39.90", "1e26", "'price' is '1e26', more than shopgen accepts (at most 1,000,000,000,000)", "typo"),
        ("price: 39.90", "1.0e+26", "'price' is 1e+26, more than shopgen accepts", "typo"),
        ("sale_price: 29.90", "1e26", "'sale_price' is '1e26', more than shopgen accepts", "typo"),
        ("price: 39.90", ".nan", "'price' is nan, which is not a number", "write a number like 19.99"),
        ("price: 39.90", "-.inf", "'price' is -inf, which is not a number", "write a number like 19.99"),
        ("price: 39.90", '"Infinity"', "'price' is 'Infinity', which is not a number", "19.99"),
        ("price: 39.90", '"12,99"', "'price' is '12,99': its comma could be a decimal comma", "write 12.99"),
        ("price: 39.90", '"1,2"', "'price' is '1,2': its comma could be a decimal comma", "write 1.2"),
        ("price: 39.90", '"1,299"', "its comma could be a decimal comma", "write 1.299 if the comma is a decimal"),
        ("price: 39.90", '"1,2,3.00"', "its comma could be a decimal comma", "use a dot for the decimals"),
    ],
)
def test_issue_22_money_is_bounded_and_never_guessed(store, field, value, message, hint):
    replace(store, "catalog/lamp.yaml", field, field.split(":")[0] + ": " + value)
    for command in ("build", "check", "lint"):
        out = refused(store, command)
        assert f"catalog/lamp.yaml:{12 if field.startswith('price') else 13}:" in out and message in out, out
        assert hint in out


@pytest.mark.parametrize(
    "rel, old, new, message",
    [
        (
            "catalog/lamp.yaml",
            "faq:",
            "channels: {tmall: {price: 1e308}}\nfaq:",
            "catalog/lamp.yaml:26:27: error: 'channels.tmall.price' is '1e308', more than shopgen accepts",
        ),
        (
            "catalog/kettle.yaml",
            "price: 74,",
            "price: '74,5',",
            "catalog/kettle.yaml:14:68: error: 'variants[1].price' is '74,5': its comma could be a decimal comma",
        ),
        ("shopgen.yaml", "cost: 4.99", "cost: .inf", "shopgen.yaml:6:"),
        ("shopgen.yaml", "fees: free", "fees: fixed, fee_amount: 1e13", "shopgen.yaml:5:"),
    ],
)
def test_issue_22_channel_variant_and_shipping_amounts_use_the_same_check(store, rel, old, new, message):
    replace(store, rel, old, new)
    for command in ("build", "lint"):
        assert message in refused(store, command)


def test_a_thousands_separator_before_decimals_is_read(store):
    replace(store, "catalog/lamp.yaml", "price: 39.90", 'price: "1,299.00"')
    store.build()
    assert '"price":"1299.00"' in store.read("products/led-desk-lamp-with-usb-c-port-dimmable/index.html")


def test_read_amount_reasons():
    assert read_amount("1,299.00") == (parse_amount("1299.00"), "")
    assert read_amount(MAX_AMOUNT) == (MAX_AMOUNT, "") and read_amount(MAX_AMOUNT + 1) == (None, "range")
    assert read_amount(float("nan"))[1] == read_amount("sNaN")[1] == "finite"
    assert read_amount("12,99")[1] == read_amount("1,299")[1] == read_amount("1,29.00")[1] == "comma"
    assert read_amount(True)[1] == read_amount("twelve")[1] == "number"


# -- 2. no hangs: only regular files are read ------------------------------------------------------


@pytest.mark.parametrize("rel", ["catalog/pipe.yaml", "content/guides/pipe.md", "content/pages/pipe.md"])
def test_issue_22_a_fifo_named_like_a_store_file_is_refused_unopened(store, rel):
    os.mkfifo(os.path.join(store.root, rel))  # opening it for reading would block until a writer comes
    for command in ("build", "check", "lint"):
        out = refused(store, command)
        assert f"{rel}: error: cannot read the file: it is not a regular file" in out


def test_issue_22_a_fifo_as_shopgen_yaml_or_theme_file_is_refused(store):
    os.makedirs(os.path.join(store.root, "themes/default/templates"))
    os.mkfifo(os.path.join(store.root, "themes/default/templates/product.html"))
    assert "themes/default/templates/product.html: it is not a regular file" in refused(store)
    os.remove(os.path.join(store.root, "shopgen.yaml"))
    os.mkfifo(os.path.join(store.root, "shopgen.yaml"))
    assert "shopgen.yaml: it is not a regular file" in refused(store, "build")


def test_issue_22_an_unreadable_file_is_an_error_at_its_path(store, monkeypatch):
    real_open = os.open
    locked = os.path.join(store.root, "catalog", "lamp.yaml")

    def no_permission(path, *args, **kw):  # tests may run as root, who may read anything
        if path == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args, **kw)

    monkeypatch.setattr(files.os, "open", no_permission)
    out = refused(store)
    assert "catalog/lamp.yaml: error: cannot read the file: Permission denied" in out and "chmod" in out


def test_read_bytes_refuses_what_is_not_a_regular_file(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    for path in (tmp_path / "fifo", tmp_path, "/dev/zero"):
        with pytest.raises(files.NotRegularFile):
            files.read_bytes(str(path))
    (tmp_path / "f").write_bytes(b"ok")
    assert files.read_bytes(str(tmp_path / "f")) == b"ok" and files.is_regular(str(tmp_path / "f"))


# -- 3. check and lint decode every image as build does --------------------------------------------


@pytest.mark.parametrize("damage", ["truncate", "corrupt"])
def test_issue_22_check_and_lint_refuse_an_image_build_cannot_decode(store, damage):
    path = os.path.join(store.root, "catalog/images/lamp.jpg")
    make_image(path, (1500, 1500))
    with open(path, "rb") as fh:
        data = fh.read()
    if damage == "truncate":
        data = data[: len(data) // 2]
    else:  # the header is intact, so Pillow's verify() passes it
        data = data[:600] + bytes(b ^ 0xFF for b in data[600 : len(data) // 2])
    with open(path, "wb") as fh:
        fh.write(data)
    for command in ("check", "lint", "build"):
        out = refused(store, command)
        assert "catalog/lamp.yaml:20:5: error: image catalog/images/lamp.jpg is damaged or truncated" in out


# -- 7. image memory: a pixel budget per image -------------------------------------------------------


def test_issue_22_an_image_over_the_pixel_budget_is_refused_at_its_line(store):
    store.append("shopgen.yaml", "images: {max_megapixels: 1}\n")
    make_image(os.path.join(store.root, "catalog/images/lamp.jpg"), (1200, 900))
    out = refused(store, "check")
    assert (
        "catalog/lamp.yaml:20:5: error: image catalog/images/lamp.jpg is 1200×900 pixels (1.1 megapixels), "
        "more than images.max_megapixels (1) allows"
    ) in out
    assert "catalog/kettle.yaml" not in out  # 640×480 is within the budget
    replace(store, "shopgen.yaml", "max_megapixels: 1}", "max_megapixels: 2}")
    assert run("check", store.root).exit_code == 0


# -- 4. XML: characters XML 1.0 forbids are left out, with a warning at their place -------------------


def test_issue_22_control_characters_never_reach_an_xml_output(store):
    replace(store, "shopgen.yaml", "name: Test Shop", 'name: "Test\\vShop"')
    title = 'title: "Gooseneck\\v\\x01 Kettle Guide'
    replace(store, "content/guides/coffee.md", "title: Gooseneck Kettle Guide", title)
    replace(store, "content/guides/coffee.md", "for Pour-Over Coffee\n", 'for Pour-Over Coffee"\n')
    replace(store, "catalog/lamp.yaml", "attributes: {color: White}", 'attributes: {"co\\x0clor": "Wh\\x1fite"}')
    store.append("content/guides/coffee.md", "\nA line with a \x0b vertical tab.\n")
    result = store.build()
    warnings = sorted(
        d.format().split("\n")[0].removesuffix(" [SG001]") for d in result.warnings if "XML forbids" in d.message
    )
    assert warnings == [
        "catalog/lamp.yaml:22:14: warning: 'attributes.color' contains the invisible character U+000C, which XML "
        "forbids: it is left out",
        "catalog/lamp.yaml:22:27: warning: 'attributes.color' contains the invisible character U+001F, which XML "
        "forbids: it is left out",
        "content/guides/coffee.md:11:15: warning: the text contains the invisible character U+000B, which XML "
        "forbids: it is left out",
        "content/guides/coffee.md:2:8: warning: 'title' contains the invisible character U+000B, which XML forbids: "
        "it is left out",
        "shopgen.yaml:1:7: warning: 'name' contains the invisible character U+000B, which XML forbids: it is left out",
    ]
    for rel in ("feeds/google.xml", "feeds/guides.xml", "sitemap.xml"):
        ET.fromstring(store.read(rel).encode("utf-8"))  # a real XML parser: raises on a forbidden character
    assert "<name>TestShop</name>" in store.read("feeds/guides.xml")
    assert "Gooseneck Kettle Guide" in store.read("feeds/guides.xml")


def test_strip_forbidden():
    assert strip_forbidden("a\vb\x00c\tok\n\r\ufffe\uffff\ud800") == ("abc\tok\n\r", "\v")
    assert strip_forbidden("clean ✓ 护眼 🔥") == ("clean ✓ 护眼 🔥", "")


# -- 6. one build per output at a time, and only into a folder this store's build made -------------------


def test_issue_22_a_second_build_into_the_same_output_waits_then_gives_up(store, monkeypatch):
    monkeypatch.setattr(outlock, "LOCK_WAIT", 0.2)
    with outlock.output_lock(store.out):  # as another build holds it
        res = CliRunner().invoke(main, ["build", store.root])
        assert res.exit_code == 1 and "internal error" not in res.output
        assert f"error: another build is writing {store.out}; try again when it has finished" in res.output
        assert not os.path.exists(store.out)
        assert run("check", store.root).exit_code == 0  # a dry run writes nothing and takes no lock
    assert run("build", store.root).exit_code == 0  # the lock is free again
    assert run("build", store.root, "--full").exit_code == 0  # and a rebuild into its own output works


def test_issue_22_a_forged_marker_does_not_make_a_folder_shopgens(store, tmp_path):
    victim = tmp_path / "documents"
    victim.mkdir()
    (victim / "thesis.txt").write_text("mine")
    (victim / ".shopgen-output").write_text("This folder is written by shopgen build and replaced on every build.\n")
    res = run("build", store.root, "--out", str(victim))
    assert res.exit_code == 1 and "is not empty and was not made by shopgen" in res.output
    assert (victim / "thesis.txt").read_text() == "mine"
    # a folder another store built is not this store's either
    other = tmp_path / "other"
    shutil.copytree(store.root, other)
    assert run("build", str(other), "--out", str(tmp_path / "site")).exit_code == 0
    res = run("build", store.root, "--out", str(tmp_path / "site"))
    assert res.exit_code == 1 and "was made by another store or by shopgen merge" in res.output
    assert run("build", str(other), "--out", str(tmp_path / "site")).exit_code == 0  # its own store: fine


def test_a_site_from_an_older_shopgen_is_still_rebuilt(store):
    """An output with a marker but no owner record (shopgen before this change) is accepted when this store's
    build state knows that marker, and refused when it does not."""
    assert run("build", store.root).exit_code == 0
    os.remove(outlock.lock_path(store.out))
    assert run("build", store.root, "--full").exit_code == 0
    assert outlock.recorded_owner(store.out) == outlock.store_owner(store.root)
    os.remove(outlock.lock_path(store.out))
    shutil.rmtree(os.path.join(store.root, ".shopgen-cache"))
    assert "was not made by shopgen" in run("build", store.root).output


def test_issue_22_image_workers_are_bounded_by_memory(store, monkeypatch):
    from shopgen import image_variants

    gb = 1024**3
    assert image_variants.memory_workers(8, 9000 * 9000, 2 * gb) == 1  # 972 MB each: one at a time
    assert image_variants.memory_workers(8, 4000 * 3000, 2 * gb) == 8  # 144 MB each
    assert image_variants.memory_workers(8, 6000 * 4000, 2 * gb) == 4
    assert image_variants.memory_workers(8, 50_000_000, 0) == 8  # memory unknown: as many as asked
    # the build asks with the size of its largest image and the memory available now
    seen = []
    real = image_variants.memory_workers
    monkeypatch.setattr(image_variants, "available_memory", lambda: 10 * 1024**2)
    monkeypatch.setattr(image_variants, "memory_workers", lambda *a: seen.append(a) or real(*a))
    monkeypatch.setattr(image_variants.os, "cpu_count", lambda: 2)  # whatever the machine has
    result = store.build()
    assert result.images.processed == 2 and seen == [(2, 640 * 480, 10 * 1024**2)]
    assert real(*seen[0]) == 1


def test_a_forked_worker_does_not_hold_the_output_lock(tmp_path):
    """A worker process that outlives its build (forked while the lock is held) must not keep the output locked."""
    out = str(tmp_path / "public")
    ready_r, ready_w = os.pipe()
    done_r, done_w = os.pipe()
    with outlock.output_lock(out):
        pid = os.fork()
        if pid == 0:  # the worker: started, and still running after its parent released the lock
            os.write(ready_w, b"1")
            os.read(done_r, 1)
            os._exit(0)
        os.read(ready_r, 1)
    try:
        with outlock.output_lock(out, wait=0):  # raises "another build is writing" if the worker held it
            pass
    finally:
        os.write(done_w, b"1")
        os.waitpid(pid, 0)
        for fd in (ready_r, ready_w, done_r, done_w):
            os.close(fd)
