"""The rule modules, one per subject; importing this package registers every rule."""

from . import compliance, descriptions, guides, images, meta, product_data, titles, translations  # noqa: F401
