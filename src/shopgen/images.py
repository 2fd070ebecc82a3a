"""Catalog and content images: inspect each source with Pillow and plan its published variants.

Every image is published in several widths (never wider than the source) as WebP plus a JPEG
fallback (PNG when the source has transparency), under names that hash the source bytes and the
settings, so an unchanged image keeps its URLs and its cached files. The files themselves are made
by `image_variants.py`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import warnings
from dataclasses import dataclass
from urllib.parse import urlsplit

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from .diagnostics import CODE_IMAGE, Diagnostics
from .files import read_bytes
from .messages import tr
from .model import ImageVariant
from .slugs import slugify

#: Bump when the processing changes what a variant file contains, so caches are not reused.
PIPELINE_VERSION = "3"
#: Entries of the inspection cache from before images were decoded in full are inspected again.
INSPECT_VERSION = PIPELINE_VERSION + "-decoded"
INPUT_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
EXTENSIONS = {"webp": ".webp", "jpeg": ".jpg", "png": ".png"}
MIN_SIDE = 100  # Google Merchant Center rejects smaller product images
MIN_SIDE_APPAREL = 250  # ... and smaller apparel images
DEFAULT_WIDTHS = (480, 960, 1600)
#: Pixels one image may have (`images.max_megapixels`): decoding takes 3-4 bytes a pixel, and resizing
#: twice that again, so 50 megapixels need about 0.5 GB. Phone photos have 12 to 50.
DEFAULT_MAX_MEGAPIXELS = 50


@dataclass(frozen=True)
class ImageSettings:
    widths: tuple[int, ...] = DEFAULT_WIDTHS
    webp_quality: int = 80
    jpeg_quality: int = 82
    max_megapixels: float = DEFAULT_MAX_MEGAPIXELS

    @property
    def max_pixels(self) -> int:
        return int(self.max_megapixels * 1_000_000)

    def key(self) -> str:
        return f"v{PIPELINE_VERSION}:{self.widths}:{self.webp_quality}:{self.jpeg_quality}"


@dataclass(frozen=True)
class SourceInfo:
    src: str  # store-relative path
    path: str  # absolute path
    digest: str  # sha256 of the bytes
    format: str
    width: int  # after EXIF orientation
    height: int
    alpha: bool


@dataclass(frozen=True)
class VariantJob:
    """One file to make: the source, the size, the format, where it goes in the cache."""

    source: str  # absolute path of the source
    width: int
    height: int
    format: str
    quality: int
    name: str  # file name, also its name in the cache


class TooManyPixels(str):
    """The message of an image beyond the pixel budget (its hint differs from a damaged file's)."""


def pixel_problem(src: str, width: int, height: int, max_pixels: int) -> str:
    """Why an image of this size is refused ("" when it is within the budget)."""
    if width * height <= max_pixels:
        return ""
    return TooManyPixels(
        tr(
            "image {src} is {width}×{height} pixels ({mp:.1f} megapixels), more than images.max_megapixels "
            "({limit:g}) allows",
            src=src,
            width=width,
            height=height,
            mp=width * height / 1e6,
            limit=max_pixels / 1e6,
        )
    )


def inspect(
    root: str, src: str, max_pixels: int = DEFAULT_MAX_MEGAPIXELS * 1_000_000, max_width: int = 0
) -> tuple[SourceInfo | None, str]:
    """Read an image's size, orientation and transparency, and decode it as the build will (a JPEG at the
    scale of its widest variant, `max_width`; 0: full size), so a damaged file fails here and not in the
    build; (None, reason) when it is not usable. Nothing is decoded beyond `max_pixels`."""
    full = os.path.join(root, *src.split("/"))
    try:
        data = read_bytes(full)
    except OSError as exc:
        return None, tr("cannot read image {src}: {problem}", src=src, problem=exc.strerror)
    digest = hashlib.sha256(data).hexdigest()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            # From memory, so a file Pillow gives up on is never left open.
            with PILImage.open(io.BytesIO(data)) as im:
                im.verify()  # must come first: structure and checksums where the format has them
            with PILImage.open(io.BytesIO(data)) as im:
                fmt = im.format
                width, height = im.size
                orientation = im.getexif().get(0x0112, 1)
                alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
                too_big = pixel_problem(src, width, height, max_pixels)
                if too_big:
                    return None, too_big
                if fmt == "JPEG" and max_width:
                    im.draft("RGB", (max_width, max(1, height * max_width // max(width, 1))))
                im.load()  # every byte decoded: a truncated or corrupt file fails here
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        return None, tr(
            "image {src} has too many pixels to process safely (limit {limit:,})",
            src=src,
            limit=PILImage.MAX_IMAGE_PIXELS,
        )
    except UnidentifiedImageError:
        return None, tr("{src} is not an image Pillow can read", src=src)
    except (OSError, SyntaxError, ValueError) as exc:
        return None, tr("image {src} is damaged or truncated ({problem})", src=src, problem=exc)
    if fmt not in INPUT_FORMATS:
        return None, tr("image {src} is {fmt}; use JPEG, PNG or WebP", src=src, fmt=fmt)
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    return SourceInfo(src, full, digest, fmt, width, height, alpha), ""


def target_widths(source_width: int, widths: tuple[int, ...]) -> list[int]:
    """The widths to publish: each configured width below the source's, plus the source width when the
    source is narrower than the largest configured width (never upscaled)."""
    out = sorted({w for w in widths if w < source_width})
    top = min(source_width, max(widths))
    if top not in out:
        out.append(top)
    return out


def plan(info: SourceInfo, settings: ImageSettings) -> list[VariantJob]:
    stem = slugify(posixpath.splitext(posixpath.basename(info.src))[0], max_len=40) or "image"
    fallback = "png" if info.alpha else "jpeg"
    jobs = []
    for width in target_widths(info.width, settings.widths):
        height = max(1, round(info.height * width / info.width))
        for fmt in ("webp", fallback):
            quality = settings.webp_quality if fmt == "webp" else settings.jpeg_quality
            h = hashlib.sha256(f"{info.digest}:{settings.key()}:{width}:{fmt}".encode()).hexdigest()[:10]
            jobs.append(VariantJob(info.path, width, height, fmt, quality, f"{stem}-{width}w-{h}{EXTENSIONS[fmt]}"))
    return jobs


def _is_apparel(owner) -> bool:
    words = ("apparel", "clothing", "shoes", "fashion", "服装", "服饰", "鞋", "衣")
    return any(w in name.lower() for name in getattr(owner, "category", ()) for w in words)


def remote_format(url: str) -> str:
    """The format a remote image's address names (the fallback's type; nothing is fetched to check)."""
    ext = posixpath.splitext(urlsplit(url).path)[1].lower()
    return {".png": "png", ".webp": "webp", ".gif": "gif", ".avif": "avif"}.get(ext, "jpeg")


def local_images(site):
    """(owner, image) for every image file of the store (remote images are published by address)."""
    return ((owner, im) for owner, im in all_images(site) if not im.remote)


def all_images(site):
    """(owner, image) for every image the site publishes, in every language (an image object shared by
    two languages comes once)."""
    seen: set[int] = set()
    for one in site.sites or [site]:
        for owner, im in _images_of(one):
            if id(im) not in seen:
                seen.add(id(im))
                yield owner, im


def _images_of(site):
    for p in site.products:
        for im in p.images:
            yield p, im
        for v in p.variants:
            if v.image:
                yield p, v.image
        for im in p.inline_images:
            yield p, im
    for doc in (*site.guides, *site.pages):
        if getattr(doc, "image", None):
            yield doc, doc.image
        for im in doc.inline_images:
            yield doc, im


class InspectionCache:
    """What `inspect` found for each source, reused while the file's size and mtime are unchanged
    (so a warm build reads no image bytes). A JSON file in the cache folder; safe to delete."""

    def __init__(self, path: str | None):
        self.path = path
        self.entries: dict[str, dict] = {}
        self.used: dict[str, dict] = {}
        if path and os.path.isfile(path):
            try:
                with open(path, encoding="utf-8") as fh:
                    data = json.load(fh)
                if data.get("version") == INSPECT_VERSION:
                    self.entries = data.get("sources", {})
            except (OSError, ValueError, AttributeError):
                self.entries = {}

    @staticmethod
    def _stamp(full: str) -> list[int] | None:
        try:
            st = os.stat(full)
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns]

    def inspect(self, root: str, src: str, settings: ImageSettings) -> tuple[SourceInfo | None, str]:
        full = os.path.join(root, *src.split("/"))
        stamp = self._stamp(full)
        entry = self.entries.get(src)
        if stamp and entry and entry.get("stamp") == stamp:
            info = SourceInfo(
                src, full, entry["digest"], entry["format"], entry["width"], entry["height"], entry["alpha"]
            )
            too_big = pixel_problem(src, info.width, info.height, settings.max_pixels)
            if too_big:
                return None, too_big
        else:
            info, problem = inspect(root, src, settings.max_pixels, max(settings.widths))
            if info is None:
                return None, problem
        if stamp:
            self.used[src] = {
                "stamp": stamp,
                "digest": info.digest,
                "format": info.format,
                "width": info.width,
                "height": info.height,
                "alpha": info.alpha,
            }
        return info, ""

    def save(self) -> None:
        if not self.path or self.used == self.entries:
            return
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        tmp = f"{self.path}.tmp-{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(json.dumps({"version": INSPECT_VERSION, "sources": self.used}, sort_keys=True))
        os.replace(tmp, self.path)


def prepare_images(
    root: str,
    site,
    settings: ImageSettings,
    diags: Diagnostics,
    cache_dir: str | None = None,
    write_cache: bool = True,
) -> list[VariantJob]:
    """Inspect every image, give each its planned variants, report bad ones; the jobs to run.

    With `cache_dir`, what was learnt about unchanged files is reused (and saved unless `write_cache` is off).
    """
    infos: dict[str, SourceInfo] = {}
    bad: dict[str, str] = {}
    plans: dict[str, list[VariantJob]] = {}
    cache = InspectionCache(os.path.join(cache_dir, "sources.json") if cache_dir else None)
    for owner, image in all_images(site):
        if image.remote:
            image.variants = [ImageVariant(remote_format(image.src), image.width, image.height, image.src)]
            continue
        if image.src not in infos and image.src not in bad:
            info, problem = cache.inspect(root, image.src, settings)
            if info is None:
                bad[image.src] = problem
            else:
                infos[image.src] = info
                plans[image.src] = plan(info, settings)
        span = image.at or owner.source.span(*image.key)
        if image.src in bad:
            hint = (
                tr("make it smaller (4000 pixels wide is plenty), or raise images.max_megapixels in shopgen.yaml")
                if isinstance(bad[image.src], TooManyPixels)
                else tr("replace the file with a JPEG, PNG or WebP photo")
            )
            diags.error(span, bad[image.src], hint, code=CODE_IMAGE)
            continue
        info = infos[image.src]
        image.width, image.height = info.width, info.height
        image.variants = [ImageVariant(j.format, j.width, j.height, "/images/" + j.name) for j in plans[image.src]]
        image.min_side = MIN_SIDE_APPAREL if _is_apparel(owner) else MIN_SIDE
    if not bad and write_cache:
        cache.save()
    jobs = {j.name: j for js in plans.values() for j in js}
    return sorted(jobs.values(), key=lambda j: j.name)
