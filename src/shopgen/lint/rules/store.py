"""Store problems found while the store is loaded, before any listing rule runs.

`shopgen build` fails on the errors among them; `shopgen lint` reports them as findings at their
`path:line` (on the listing of that file, or as store problems) and still judges every listing it
could read. The loader reports them; these entries give each its code and documentation.
"""

from __future__ import annotations

from ...diagnostics import Severity
from ..rule import rule

STORE = ("product", "guide")


@rule("SG001", "contract-violation", Severity.ERROR, scopes=STORE)
def contract_violation(item, ctx):
    """A file breaks the catalog contract: a wrong value, an unknown or missing field, an unreadable file.

    ## Why
    shopgen never guesses: a price written as "12,99", a misspelt field or a file saved in another
    encoding would publish wrong data. The build refuses the store until it is fixed; the linter reports
    it and judges the rest.

    ## Example
        priec: 39.90
    Use instead:
        price: 39.90
    """
    return iter(())


@rule("SG002", "duplicate-identifier", Severity.ERROR, scopes=STORE)
def duplicate_identifier(item, ctx):
    """Two products or variants share a SKU, or two slugs an editor wrote are the same.

    ## Why
    A SKU names one thing you sell: orders, feeds and structured data key on it. Two pages at one address
    overwrite each other. (Derived slugs that collide are settled by shopgen: see SG005.)

    ## Example
        catalog/mug-red.yaml:   sku: MUG-1
        catalog/mug-blue.yaml:  sku: MUG-1
    Use instead: MUG-1-RED and MUG-1-BLUE.
    """
    return iter(())


@rule("SG003", "image-unusable", Severity.ERROR, scopes=STORE)
def image_unusable(item, ctx):
    """An image file is missing, outside the store, damaged, not an image, or not a usable web address.

    ## Why
    Every page needs its photos: a missing or broken file would leave a hole on the page and in the
    merchant feed, and Google rejects offers without an image.

    ## Example
        images: [{src: images/lamp-frnt.jpg}]   # the file is lamp-front.jpg
    Use instead:
        images: [{src: images/lamp-front.jpg, alt: White LED desk lamp on an oak desk}]
    """
    return iter(())


@rule("SG004", "unknown-sku", Severity.ERROR, scopes=STORE)
def unknown_sku(item, ctx):
    """A guide, a product card, a `sku:` link or the featured list names a SKU no product has.

    ## Why
    A guide that leads to a product that is not there breaks the path from a shopper's problem to the
    product that solves it.

    ## Example
        products: [LAMP-01]      # the SKU is LAMP-001
    Use instead:
        products: [LAMP-001]
    """
    return iter(())


@rule("SG005", "settled-by-shopgen", Severity.WARNING, scopes=STORE)
def settled_by_shopgen(item, ctx):
    """shopgen settled a value itself: colliding derived addresses, a slug not in address form, a variant without SKU.

    ## Why
    Real exports have products with the same title in two colours, URL keys with capitals and variants
    without SKUs. shopgen settles them the same way on every build, and says what it chose, so that the
    editor can write the value and own it.

    ## Example
        two products titled "Cotton T-Shirt" get /products/cotton-t-shirt-tee-red/ and .../cotton-t-shirt-tee-blue/
    Use instead: give each its own `slug:`.
    """
    return iter(())
