"""Image alt text rules: alt text is how search engines and screen readers understand a photo."""

from __future__ import annotations

import posixpath

from ...diagnostics import Severity
from ...text import looks_like_filename, match_form
from ..rule import Finding, rule

BOTH = ("product", "guide")


def _images(item):
    """(image, span) for each image of a product or guide that carries its own alt text."""
    images = list(getattr(item, "images", []))
    if getattr(item, "image", None) is not None:
        images.append(item.image)
    for im in images:
        key = im.key + ("alt",)
        yield im, item.source.span(*key) if key in item.source.spans else item.source.span(*im.key)


@rule("SG301", "image-alt-missing", Severity.WARNING, scopes=BOTH, at_build=True)
def image_alt_missing(item, ctx):
    """An image has no alt text.

    ## Why
    Search engines read the alt text to understand an image, image search ranks by it, and screen
    readers speak it. An empty alt hides the product from both.

    ## Example
        images:
          - src: images/lamp-front.jpg
    Use instead:
        images:
          - src: images/lamp-front.jpg
            alt: White LED desk lamp on an oak desk, arm raised
    """
    for im, span in _images(item):
        if not im.alt.strip():
            name = posixpath.basename(im.src)
            yield Finding(
                span,
                f"image {name} has no alt text",
                "add alt: describing what the photo shows (product, colour, setting)",
            )


@rule("SG302", "image-alt-filename", Severity.WARNING, scopes=BOTH, at_build=True)
def image_alt_filename(item, ctx):
    """The alt text is a file name.

    ## Why
    "IMG_2034.jpg" or "lamp-front.png" tells a search engine nothing it did not already know.

    ## Example
        alt: IMG_2034.jpg
    Use instead:
        alt: Black desk lamp folded flat for travel
    """
    for im, span in _images(item):
        if im.alt.strip() and (looks_like_filename(im.alt) or im.alt.strip() == posixpath.basename(im.src)):
            yield Finding(span, f"the alt text {im.alt!r} is a file name", "describe what the photo shows instead")


@rule("SG303", "image-alt-generic", Severity.WARNING, scopes=BOTH, at_build=True)
def image_alt_generic(item, ctx):
    """The alt text is a generic word such as "image", "photo" or "图片".

    ## Why
    Generic alt text is as good as none: it does not say which product, colour or use is shown.

    ## Example
        alt: 主图
    Use instead:
        alt: 白色LED护眼台灯放在书桌上
    """
    for im, span in _images(item):
        alt = im.alt.strip()
        if alt and match_form(alt).strip(" .!。") in ctx.generic_alt:
            yield Finding(
                span,
                f"the alt text {alt!r} is generic",
                "describe what the photo shows: the product, its colour, where it is used",
            )
