"""The image a page without one of its own shares (Open Graph, Twitter): the store's `share_image`, else a
1200x630 card with the store's name drawn by Pillow.

The card is drawn only with a font that has every glyph of its text: the store's `share_font` or Pillow's
built-in Latin font. A name it cannot draw (Chinese without a CJK font) is never drawn as tofu boxes: the
caller falls back to a product photo, with a warning.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .diagnostics import Diagnostics
from .messages import tr
from .model import ImageVariant, SiteConfig
from .validate import resolve_image

WIDTH, HEIGHT = 1200, 630
BACKGROUND = (11, 92, 173)  # the theme's accent colour
INK = (255, 255, 255)
_MISSING = "\U0010fffd"  # a private-use character no font draws: its glyph is the font's "missing" box


@dataclass(frozen=True)
class ShareImage:
    """A published image with what base.html reads from a catalog image: `large` (url, width, height),
    `large_url` and `shown_alt`; `data` is the file."""

    large: ImageVariant
    shown_alt: str
    data: bytes

    @property
    def large_url(self) -> str:
        return self.large.url

    @property
    def file(self) -> str:
        return self.large.url.lstrip("/")


def site_share_image(root: str, config: SiteConfig, diags: Diagnostics) -> ShareImage | None:
    """The store's share image for the pages of `config`'s language; None (with a warning) when the card
    cannot be drawn, so the caller shares a product photo instead."""
    tagline = config.tagline or config.description
    alt = f"{config.name}: {tagline}" if tagline else config.name
    span = config.source.span("share_image")
    if config.share_image:
        path = resolve_image(root, "shopgen.yaml", config.share_image, span, diags)
        if path is None:
            return None
        try:
            return _photo(os.path.join(root, *path.split("/")), alt)
        except OSError:
            diags.error(span, tr("share image {src!r} is not an image Pillow can read", src=config.share_image))
            return None
    font_path = ""
    if config.share_font:
        font_path = _font_file(root, config, diags)
        if font_path is None:
            return None
    if not _drawable(font_path, config.name):
        diags.warning(
            config.source.span("share_font" if config.share_font else "name"),
            tr(
                "the share card cannot draw {name!r} with its font: pages without an image share a product photo",
                name=config.name,
            ),
            tr("name a font that has these characters in 'share_font:' (e.g. Noto Sans CJK), or a 'share_image:'"),
        )
        return None
    shown = tagline if tagline and _drawable(font_path, tagline) else ""
    return _card(font_path, config.name, shown, alt if shown else config.name)


def _font_file(root: str, config: SiteConfig, diags: Diagnostics) -> str | None:
    full = os.path.join(root, *config.share_font.split("/"))
    span = config.source.span("share_font")
    if os.path.isabs(config.share_font) or ".." in config.share_font.split("/") or not os.path.isfile(full):
        diags.error(span, tr("share font {src!r} is not a file in the store", src=config.share_font))
        return None
    try:
        ImageFont.truetype(full, 20)
    except OSError:
        diags.error(span, tr("share font {src!r} is not a TrueType or OpenType font", src=config.share_font))
        return None
    return full


@functools.lru_cache(maxsize=16)
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def _drawable(font_path: str, text: str) -> bool:
    """Whether the font has a glyph of its own for every visible character of `text`."""
    font = _font(font_path, 48)
    missing = _glyph(font, _MISSING)
    return all(c.isspace() or _glyph(font, c) != missing for c in sorted(set(text)))


def _glyph(font, char: str) -> bytes:
    im = Image.new("L", (96, 96))
    ImageDraw.Draw(im).text((16, 8), char, font=font, fill=255)
    return im.tobytes()


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines of `width` pixels: at spaces, or anywhere in text without them."""
    words = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    out: list[str] = []
    for word in words:
        if out and draw.textlength(out[-1] + joiner + word, font=font) <= width:
            out[-1] += joiner + word
        elif len(out) < lines:
            out.append(word)
        else:
            out[-1] = out[-1].rstrip(" ,.;:，。；：") + "…"
            break
    return out


def _card(font_path: str, name: str, tagline: str, alt: str) -> ShareImage:
    im = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(im)
    y = 170
    for size, text, lines in ((96, name, 2), (44, tagline, 3)):
        font = _font(font_path, size)
        for line in _wrap(draw, text, font, WIDTH - 160, lines) if text else []:
            draw.text((80, y), line, font=font, fill=INK)
            y += int(size * 1.25)
        y += 30
    return _published(im, "png", alt)


def _photo(path: str, alt: str) -> ShareImage:
    with Image.open(path) as src:
        im = ImageOps.fit(ImageOps.exif_transpose(src).convert("RGB"), (WIDTH, HEIGHT))
    return _published(im, "jpeg", alt)


def _published(im: Image.Image, fmt: str, alt: str) -> ShareImage:
    buf = io.BytesIO()
    im.save(buf, "PNG", optimize=True) if fmt == "png" else im.save(buf, "JPEG", quality=85, optimize=True)
    data = buf.getvalue()
    digest = hashlib.sha256(data).hexdigest()[:10]
    ext = "png" if fmt == "png" else "jpg"
    return ShareImage(ImageVariant(fmt, WIDTH, HEIGHT, f"/images/share-{digest}.{ext}"), alt, data)
