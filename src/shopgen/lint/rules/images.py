"""Image alt text rules: alt text is how search engines and screen readers understand a photo."""

from __future__ import annotations

import posixpath

from ...diagnostics import Severity
from ...messages import ntr, tr
from ...text import looks_like_filename, match_form, words
from ..rule import Finding, rule

BOTH = ("product", "guide")


def _images(item, alt_span: bool = True):
    """(image, span) for each image of a product or guide that carries its own alt text.

    The span is the alt text's (or the image entry's when there is no alt, or with `alt_span=False`).
    Variant images, whose alt text is made from the title, are yielded only with `alt_span=False`.
    """
    images = list(getattr(item, "images", []))
    if getattr(item, "image", None) is not None:
        images.append(item.image)
    if not alt_span:
        images += [v.image for v in getattr(item, "variants", []) if v.image]
    images += getattr(item, "inline_images", [])
    for im in images:
        if im.at is not None:
            yield im, im.at
            continue
        key = im.key + ("alt",)
        yield im, item.source.span(*key) if alt_span and key in item.source.spans else item.source.span(*im.key)


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
                tr("image {name} has no alt text", name=name),
                tr("add alt: describing what the photo shows (product, colour, setting)"),
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
            yield Finding(
                span, tr("the alt text {alt!r} is a file name", alt=im.alt), tr("describe what the photo shows instead")
            )


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
                tr("the alt text {alt!r} is generic", alt=alt),
                tr("describe what the photo shows: the product, its colour, where it is used"),
            )


@rule("SG304", "images-missing", Severity.WARNING, at_build=True, fields=("images",))
def images_missing(item, ctx):
    """The product has no image.

    ## Why
    Shopping ads and merchant listings require an image, and shoppers do not buy what they cannot see.

    ## Example
        images:
          - {src: images/lamp-front.jpg, alt: White LED desk lamp on an oak desk}
    """
    if not item.images:
        yield Finding(
            item.source.span("title"),
            tr("the product has no image"),
            tr("add 'images:' with at least one photo and its alt text"),
        )


@rule("SG305", "image-alt-duplicate", Severity.WARNING, scopes=BOTH)
def image_alt_duplicate(item, ctx):
    """Two different images of the listing have the same alt text.

    ## Why
    Each photo shows something different (front, side, in use); the same alt on all of them tells
    search engines and screen-reader users nothing about the others.

    ## Example
        - {src: images/front.jpg, alt: LED desk lamp}
        - {src: images/side.jpg, alt: LED desk lamp}
    Use instead:
        - {src: images/side.jpg, alt: Side view of the LED desk lamp showing the USB-C port}
    """
    seen = {}
    for im, span in _images(item):
        key = match_form(im.alt.strip())
        if key and key in seen and seen[key] != im.src:
            yield Finding(
                span,
                tr("the alt text {alt!r} is also used for {file}", alt=im.alt, file=posixpath.basename(seen[key])),
                tr("say what this photo shows that the other does not"),
            )
        seen.setdefault(key, im.src)


@rule("SG306", "image-too-small", Severity.WARNING, scopes=BOTH, at_build=True)
def image_too_small(item, ctx):
    """An image is smaller than shopping channels accept.

    ## Why
    Google Merchant Center rejects product images under 100×100 pixels (250×250 for apparel: a
    category naming apparel, clothing, shoes, 服装, 服饰, 鞋 ...), and a small photo looks blurred on any phone.

    ## Example
        an 80×60 thumbnail as the main image
    Use instead: the original photo, at least 800 px wide; shopgen makes the smaller sizes.
    """
    for im, span in _images(item, alt_span=False):
        if im.width and min(im.width, im.height) < im.min_side:
            yield Finding(
                span,
                tr(
                    "image {src} is {width}×{height}px; shopping ads need at least {min_side}×{min_side}",
                    src=im.src,
                    width=im.width,
                    height=im.height,
                    min_side=im.min_side,
                ),
                tr("use a larger photo"),
            )


@rule("SG307", "image-alt-unrelated", Severity.INFO, scopes=BOTH)
def image_alt_unrelated(item, ctx):
    """The alt text shares no word with the title or keywords.

    ## Why
    Alt text should describe the photo of this product; if it has nothing in common with the title or
    keywords it is probably copied from another listing or describes the scene, not the product.

    ## Example
        title: Gooseneck Kettle 0.9 L
        alt: Morning on the balcony
    Use instead:
        alt: Black gooseneck kettle pouring water over a coffee dripper
    """
    vocab = set(words(" ".join([item.title, item.keywords.primary, *item.keywords.secondary])))
    vocab -= {"a", "an", "the", "and", "with", "for", "of", "in", "on"}
    for im, span in _images(item):
        if im.alt.strip() and not set(words(im.alt)) & vocab:
            yield Finding(
                span,
                tr("the alt text {alt!r} shares no word with the title or keywords", alt=im.alt),
                tr("describe the product in the photo, using the words shoppers search for"),
            )


@rule("SG308", "images-too-few", Severity.INFO)
def images_too_few(item, ctx):
    """The product has fewer images than the profile expects.

    ## Why
    Shoppers want to see the product from several sides and in use; Taobao expects five main images,
    Amazon at least three. The number comes from the lint profile (`min_images`).

    ## Example
        one front photo only
    Use instead: front, side, detail, in use, size comparison.
    """
    n = len(item.images)
    if 0 < n < ctx.profile.min_images:
        yield Finding(
            item.source.span("images"),
            ntr(
                "the product has {n} image; the {name} profile expects {min_images}",
                "the product has {n} images; the {name} profile expects {min_images}",
                n,
                name=ctx.profile.name,
                min_images=ctx.profile.min_images,
            ),
            tr("add photos from other angles, details and the product in use"),
        )


@rule("SG309", "remote-image-unmeasured", Severity.INFO, scopes=BOTH, fields=("images",))
def remote_image_unmeasured(item, ctx):
    """A remote image (an https:// address) has no width and height.

    ## Why
    shopgen never fetches a remote image, so it cannot check that it is large enough for shopping
    channels, and the page cannot reserve its space while it loads (the layout shifts). Shop exports
    often know the size: give it.

    ## Example
        images:
          - src: https://cdn.example.com/lamp.jpg
    Use instead:
        images:
          - src: https://cdn.example.com/lamp.jpg
            width: 1600
            height: 1200
    """
    for im, span in _images(item, alt_span=False):
        if im.remote and not (im.width and im.height):
            yield Finding(
                span,
                tr("image {src} is a web address: its size cannot be checked", src=im.src),
                tr("add width: and height: in pixels, as the shop system or CDN reports them"),
            )
