"""The rule modules, one per subject; importing this package registers every rule."""

from . import (  # noqa: F401
    compliance,
    descriptions,
    guides,
    images,
    meta,
    product_data,
    store,
    titles,
    translations,
)
