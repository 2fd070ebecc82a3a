"""The image pipeline: variants, formats, orientation, metadata, markup, cache, bad images."""

from __future__ import annotations

import os
import re

import pytest
from PIL import Image

from htmlutil import jsonld, of_type, soup
from shopgen import BuildFailed
from shopgen.image_variants import ensure_variants
from shopgen.images import ImageSettings, inspect, plan, target_widths

LAMP_PAGE = "products/led-desk-lamp-with-usb-c-port-dimmable/index.html"


def photo(path, size=(2000, 1500), mode="RGB", exif_orientation=None, fmt=None):
    """A photo-like image: gradient plus shapes, so encoders have real work."""
    im = Image.new(mode, size, (30, 60, 90) if mode == "RGB" else (30, 60, 90, 0))
    for y in range(0, size[1], 8):
        im.paste((y % 255, 120, 200 - y % 200) + ((255,) if mode == "RGBA" else ()), (0, y, size[0] // 2, y + 4))
    kwargs = {}
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        exif[0x010F] = "CameraMaker"  # Make: metadata that must not be published
        kwargs["exif"] = exif
    os.makedirs(os.path.dirname(path), exist_ok=True)
    im.save(path, fmt or ("PNG" if path.endswith(".png") else "JPEG"), **kwargs)


def files_of(out):
    """The image files of the catalog (not the site's share card)."""
    return sorted(n for n in os.listdir(os.path.join(out, "images")) if not n.startswith("share-"))


def test_target_widths_never_upscale():
    assert target_widths(2000, (480, 960, 1600)) == [480, 960, 1600]
    assert target_widths(1200, (480, 960, 1600)) == [480, 960, 1200]
    assert target_widths(300, (480, 960, 1600)) == [300]
    assert target_widths(960, (480, 960, 1600)) == [480, 960]


def test_every_variant_exists_decodes_and_has_its_width_and_format(store):
    photo(os.path.join(store.root, "catalog/images/lamp.jpg"), (2000, 1500))
    store.build()
    names = [n for n in files_of(store.out) if n.startswith("lamp-")]
    expected = {(w, fmt) for w in (480, 960, 1600) for fmt in ("WEBP", "JPEG")}
    found = set()
    for name in names:
        with Image.open(os.path.join(store.out, "images", name)) as im:
            im.load()
            found.add((im.width, im.format))
            assert im.height == round(1500 * im.width / 2000)
            assert f"-{im.width}w-" in name
    assert found == expected


def test_transparent_png_falls_back_to_png(store):
    photo(os.path.join(store.root, "catalog/images/logo.png"), (800, 800), mode="RGBA")
    store.append("catalog/kettle.yaml", "")
    store.write(
        {
            "catalog/kettle.yaml": store.source("catalog/kettle.yaml").replace(
                "src: images/kettle.jpg", "src: images/logo.png"
            )
        }
    )
    store.build()
    formats = set()
    for name in files_of(store.out):
        if name.startswith("logo-"):
            with Image.open(os.path.join(store.out, "images", name)) as im:
                formats.add(im.format)
                assert im.mode in ("RGBA", "LA", "P") or "transparency" in im.info
    assert formats == {"WEBP", "PNG"}


def test_exif_orientation_applied_and_metadata_stripped(store):
    # stored landscape 1200x800 with "rotate 90°" orientation: shown as portrait 800x1200
    photo(os.path.join(store.root, "catalog/images/lamp.jpg"), (1200, 800), exif_orientation=6)
    store.build()
    doc = soup(os.path.join(store.out, LAMP_PAGE))
    img = doc.select_one(".gallery img")
    assert (img["width"], img["height"]) == ("800", "1200")
    for name in files_of(store.out):
        if name.startswith("lamp-"):
            with Image.open(os.path.join(store.out, "images", name)) as im:
                assert im.width < im.height
                assert not im.getexif() and "exif" not in im.info and "xmp" not in im.info


def test_markup_has_srcset_sizes_dimensions_alt_and_loading(store):
    photo(os.path.join(store.root, "catalog/images/lamp.jpg"), (2000, 2000))
    store.build()
    doc = soup(os.path.join(store.out, LAMP_PAGE))
    picture = doc.select_one(".gallery picture")
    source = picture.find("source")
    assert source["type"] == "image/webp"
    assert [c.split()[1] for c in source["srcset"].split(", ")] == ["480w", "960w", "1600w"]
    img = picture.find("img")
    assert img["alt"] == "White LED desk lamp on an oak desk"
    assert img["width"] == "1600" and img["height"] == "1600" and img["sizes"]
    assert img["src"].endswith(".jpg") and "-960w-" in img["src"]
    assert img["fetchpriority"] == "high" and "loading" not in img.attrs
    for other in doc.select("img")[1:]:
        assert other["loading"] == "lazy" and other["decoding"] == "async" and other.get("srcset")
    for el in doc.select("[srcset]"):
        for part in el["srcset"].split(", "):
            assert os.path.isfile(os.path.join(store.out, part.split()[0].lstrip("/")))


def test_social_and_structured_data_images_are_at_least_1200_wide(store):
    photo(os.path.join(store.root, "catalog/images/lamp.jpg"), (2000, 2000))
    store.build()
    doc = soup(os.path.join(store.out, LAMP_PAGE))
    og = doc.find("meta", property="og:image")["content"]
    assert "-1600w-" in og and og.startswith("https://test.example.com/images/")
    assert doc.find("meta", property="og:image:width")["content"] == "1600"
    assert doc.find("meta", attrs={"name": "twitter:image"})["content"] == og
    (p,) = of_type(jsonld(doc), "Product")
    assert p["image"] == [og]
    # a source smaller than 1200 px gives its largest variant
    kettle = soup(os.path.join(store.out, "products/gooseneck-kettle-with-temperature-control/index.html"))
    assert "-640w-" in kettle.find("meta", property="og:image")["content"]


def test_second_build_processes_no_image_and_a_change_processes_one(store):
    first = store.build()
    assert (first.images.processed, first.images.cached) == (2, 0)
    second = store.build()
    assert (second.images.processed, second.images.cached) == (0, 2)
    photo(os.path.join(store.root, "catalog/images/lamp.jpg"), (900, 900))
    third = store.build()
    assert (third.images.processed, third.images.cached) == (1, 1)
    # the cache lives outside the output and is safe to delete
    import shutil

    shutil.rmtree(os.path.join(store.root, ".shopgen-cache"))
    assert store.build().images.processed == 2


def test_settings_change_the_variants(store):
    store.append("shopgen.yaml", "images: {widths: [200, 400], quality: 60}\n")
    store.build()
    widths = {int(n.split("-")[-2].removesuffix("w")) for n in files_of(store.out)}
    assert widths == {200, 400}


def test_parallel_and_sequential_processing_give_the_same_files(tmp_path):
    for i in range(4):
        photo(str(tmp_path / "src" / f"p{i}.jpg"), (1000 + 100 * i, 800))
    jobs = []
    for i in range(4):
        info, _ = inspect(str(tmp_path), f"src/p{i}.jpg")
        jobs += plan(info, ImageSettings())
    a = ensure_variants(jobs, str(tmp_path / "a"), workers=1)
    b = ensure_variants(jobs, str(tmp_path / "b"), workers=2)
    assert a.processed == b.processed == 4
    for job in jobs:
        assert (tmp_path / "a" / job.name).read_bytes() == (tmp_path / "b" / job.name).read_bytes()
    assert not [n for n in os.listdir(tmp_path / "b") if n.startswith(".tmp-")]


def test_large_jpegs_are_decoded_at_reduced_scale(tmp_path, monkeypatch):
    photo(str(tmp_path / "big.jpg"), (4000, 3000))
    info, _ = inspect(str(tmp_path), "big.jpg")
    jobs = plan(info, ImageSettings(widths=(480, 960)))
    from PIL import JpegImagePlugin

    requested = []
    original = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        result = original(self, mode, size)
        requested.append((size, self.size))
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    ensure_variants(jobs, str(tmp_path / "c"), workers=1)
    ((size, decoded),) = requested
    assert size == (960, 720) and decoded == (1000, 750)  # JPEG decoded at 1/4 scale, not 4000x3000


def test_progress_only_when_asked(tmp_path, capsys):
    photo(str(tmp_path / "a.jpg"), (600, 600))
    info, _ = inspect(str(tmp_path), "a.jpg")
    ensure_variants(plan(info, ImageSettings()), str(tmp_path / "c"), progress=True)
    assert "Images: 1/1" in capsys.readouterr().err


def _build_fails(store):
    with pytest.raises(BuildFailed) as info:
        store.build()
    # the store-problem code ([SG001] ...) is tested in test_store_problems_carry_their_codes
    return [
        re.sub(r" \[SG00\d\]$", "", d.format().split("\n")[0])
        for d in info.value.diagnostics
        if d.severity.name == "ERROR"
    ]


def _write_bytes(path, data):
    with open(path, "wb") as fh:
        fh.write(data)


@pytest.mark.parametrize(
    "write, message",
    [
        (lambda p: None, "image file not found: images/lamp.jpg"),
        (lambda p: _write_bytes(p, b"\xff\xd8\xff\xe0 not really a jpeg"), "is damaged or truncated"),
        (lambda p: _write_bytes(p, b"plain text, not an image"), "is not an image Pillow can read"),
        (
            lambda p: Image.new("RGB", (300, 300)).save(p, "BMP"),
            "image catalog/images/lamp.jpg is BMP; use JPEG, PNG or WebP",
        ),
    ],
)
def test_bad_images_give_their_message_and_keep_the_previous_site(store, write, message):
    store.build()
    before = {n: os.path.getsize(os.path.join(store.out, "images", n)) for n in files_of(store.out)}
    path = os.path.join(store.root, "catalog/images/lamp.jpg")
    os.remove(path)
    write(path)
    errs = _build_fails(store)
    assert len(errs) == 1, errs
    assert errs[0].startswith("catalog/lamp.yaml:20:") and message in errs[0]
    assert {n: os.path.getsize(os.path.join(store.out, "images", n)) for n in files_of(store.out)} == before


def test_truncated_jpeg_is_an_error_at_its_line(store):
    path = os.path.join(store.root, "catalog/images/lamp.jpg")
    photo(path, (1500, 1500))
    with open(path, "rb") as fh:
        data = fh.read()
    with open(path, "wb") as fh:
        fh.write(data[: len(data) // 3])
    (err,) = _build_fails(store)
    assert err.startswith("catalog/lamp.yaml:20:") and "images/lamp.jpg" in err


def test_decompression_bomb_is_refused(store, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    errs = _build_fails(store)
    assert [e.split(":")[0] for e in errs] == ["catalog/kettle.yaml", "catalog/lamp.yaml"]
    assert all("has too many pixels to process safely" in e for e in errs)


def test_apparel_images_need_250_pixels(store):
    photo(os.path.join(store.root, "catalog/images/lamp.jpg"), (200, 200))
    store.write(
        {
            "catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace(
                "category: Home > Lighting > Desk Lamps", "category: Apparel > Shirts"
            )
        }
    )
    result = store.build()
    (w,) = [d for d in result.warnings if d.code == "SG306"]
    assert "need at least 250×250" in w.message


def test_markdown_images_are_published_responsively(store):
    photo(os.path.join(store.root, "content/guides/img/kettle-pour.jpg"), (1800, 1200))
    store.write(
        {
            "content/guides/coffee.md": store.source("content/guides/coffee.md").replace(
                "[[product KET-1]]",
                "![Gooseneck kettle pouring over a dripper](img/kettle-pour.jpg)\n\n[[product KET-1]]",
            )
        }
    )
    store.build()
    doc = soup(os.path.join(store.out, "guides/coffee/index.html"))
    img = doc.find("img", alt="Gooseneck kettle pouring over a dripper")
    assert img.parent.name == "picture" and img["width"] == "1600" and img["height"] == "1067"
    assert img["loading"] == "lazy"
    assert os.path.isfile(os.path.join(store.out, img["src"].lstrip("/")))


def test_missing_markdown_image_is_an_error_at_its_line(store):
    store.write(
        {
            "content/guides/coffee.md": store.source("content/guides/coffee.md").replace(
                "[[product KET-1]]", "![A kettle](img/missing.jpg)"
            )
        }
    )
    (err,) = _build_fails(store)
    assert err == (
        "content/guides/coffee.md:10: error: image file not found: img/missing.jpg "
        "(looked for content/guides/img/missing.jpg)"
    )


def test_unchanged_images_are_not_read_again(store, monkeypatch):
    import shopgen.images

    store.build()
    calls = []
    original = shopgen.images.inspect
    monkeypatch.setattr(shopgen.images, "inspect", lambda root, src, *a: calls.append(src) or original(root, src, *a))
    store.build()
    assert calls == []  # size and mtime unchanged: nothing read
    photo(os.path.join(store.root, "catalog/images/lamp.jpg"), (700, 700))
    result = store.build()
    assert calls == ["catalog/images/lamp.jpg"] and result.images.processed == 1
    # a damaged record is ignored, not trusted
    with open(os.path.join(store.root, ".shopgen-cache", "images", "sources.json"), "w") as fh:
        fh.write("{not json")
    assert store.build().images.processed == 0
