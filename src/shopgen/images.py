"""Check catalog images with Pillow and publish them under content-hashed names."""

from __future__ import annotations

import hashlib
import os
import posixpath
import warnings
from dataclasses import dataclass

from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from .diagnostics import Diagnostics
from .slugs import slugify

FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
MIN_SIDE = 100  # Google Merchant Center rejects smaller product images


@dataclass(frozen=True)
class ImageFile:
    src: str  # store-relative source path
    url: str  # site-relative published URL
    width: int
    height: int
    format: str


def inspect(root: str, src: str) -> tuple[ImageFile | None, str]:
    """Read an image's size and format; (None, reason) when it is not a usable image."""
    full = os.path.join(root, *src.split("/"))
    try:
        with open(full, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return None, f"cannot read image {src}: {exc.strerror}"
    digest = hashlib.sha256(data).hexdigest()[:12]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(full) as im:
                fmt = im.format
                width, height = im.size
                im.verify()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        return None, f"image {src} has too many pixels to process safely (limit {PILImage.MAX_IMAGE_PIXELS:,})"
    except UnidentifiedImageError:
        return None, f"{src} is not an image Pillow can read"
    except (OSError, SyntaxError, ValueError) as exc:
        return None, f"image {src} is damaged or truncated ({exc})"
    if fmt not in FORMATS:
        return None, f"image {src} is {fmt}; use JPEG, PNG, WebP or GIF"
    stem = slugify(posixpath.splitext(posixpath.basename(src))[0]) or "image"
    url = f"/images/{stem}-{digest}{FORMATS[fmt]}"
    return ImageFile(src, url, width, height, fmt), ""


def prepare_images(root: str, site, diags: Diagnostics) -> dict[str, ImageFile]:
    """Inspect every image the site uses, fill in each Image's size and URL, report bad ones."""
    files: dict[str, ImageFile] = {}
    bad: dict[str, str] = {}
    for owner, image in _all_images(site):
        if image.src not in files and image.src not in bad:
            info, problem = inspect(root, image.src)
            if info is None:
                bad[image.src] = problem
            else:
                files[image.src] = info
        span = owner.source.span(*image.key)
        if image.src in bad:
            diags.error(span, bad[image.src], "replace the file with a JPEG, PNG or WebP photo")
            continue
        info = files[image.src]
        image.width, image.height, image.url = info.width, info.height, info.url
    return files


def _all_images(site):
    for p in site.products:
        for im in p.images:
            yield p, im
        for v in p.variants:
            if v.image:
                yield p, v.image
    for g in site.guides:
        if g.image:
            yield g, g.image
