"""Scenario guide rules: pain point -> solution -> products, and every product reachable from a guide."""

from __future__ import annotations

import re

from ...diagnostics import Severity, Span
from ...markup import sku_refs
from ...messages import mark, tr
from ...text import display_width
from ..rule import Finding, rule

LONG_GUIDE = 1500  # display width from which a guide needs subheadings


_STATES = {"out_of_stock": mark("out of stock"), "discontinued": mark("discontinued")}


@rule("SG601", "guide-without-products", Severity.WARNING, scopes=("guide",))
def guide_without_products(item, ctx):
    """The guide leads to no product.

    ## Why
    A scenario guide exists to take a reader from a problem to the product that solves it; without a
    product it earns traffic but no sales, and the products get no links from it.

    ## Example
        products: [LAMP-001, STAND-001]
    """
    if not item.products and not sku_refs(item.body, item.body_line):
        yield Finding(
            item.source.span("title"),
            tr("the guide names no product"),
            tr("add 'products: [SKU, ...]' or a [[product SKU]] card where the solution is described"),
        )


@rule("SG602", "guide-links-unavailable", Severity.WARNING, scopes=("guide",), catalog_wide=True)
def guide_links_unavailable(item, ctx):
    """The guide recommends a product that is out of stock or discontinued.

    ## Why
    A reader convinced by the guide lands on a product they cannot buy. Recommend an available
    alternative, or update the guide when the product is back.

    ## Example
        products: [LAMP-003]     # availability: discontinued
    """
    refs = [(sku, item.source.span("products", i)) for i, sku in enumerate(item.products)]
    refs += [(sku, Span(item.source.path, line)) for sku, line in sku_refs(item.body, item.body_line)]
    seen = set()
    for sku, span in refs:
        p = ctx.site.product_by_sku.get(sku.casefold())
        if p is None or p.sku in seen:
            continue
        seen.add(p.sku)
        if p.availability in ("out_of_stock", "discontinued"):
            state = tr(_STATES[p.availability])
            yield Finding(
                span,
                tr("the guide recommends {sku}, which is {state}", sku=p.sku, state=state),
                tr("recommend an available product, or mention when it is back"),
            )


@rule("SG603", "guide-without-subheadings", Severity.WARNING, scopes=("guide",))
def guide_without_subheadings(item, ctx):
    """A long guide has no subheadings.

    ## Why
    Readers scan: subheadings (`## Step 1 ...`) let them jump to their problem, and search engines use
    them to understand the page's structure.

    ## Example
        a 600-word guide with no '## ' line
    """
    width = display_width(" ".join(item.body.split()))
    if width > LONG_GUIDE and not re.search(r"^#{2,4} ", item.body, re.M):
        yield Finding(
            item.source.span("title"),
            tr("the guide is {width} columns long and has no subheadings", width=width),
            tr("break it into sections with '## ' headings"),
        )


@rule("SG604", "product-without-guide", Severity.INFO, catalog_wide=True, fields=("guides",))
def product_without_guide(item, ctx):
    """No guide leads to this product.

    ## Why
    Scenario guides bring long-tail search traffic and lead readers to products. A product no guide
    names is reachable only through categories and search.

    ## Example
        content/guides/home-office-lighting.md:  products: [LAMP-001]
    """
    if item.sku not in ctx.site.guides_by_sku:
        yield Finding(
            item.source.span("sku"),
            tr("no guide leads to this product"),
            tr("name it in a guide that solves the problem it solves"),
        )
