"""Product data rules: one price, one promise, one stock status, and identifiers that match the barcode."""

from __future__ import annotations

from ...diagnostics import Severity
from ...identifiers import gtin_problem
from ...messages import tr
from ...money import format_price
from ..rule import Finding, rule


def _span(item, *keys):
    return item.source.span(*keys) if tuple(keys) in item.source.spans else item.source.span("sku")


@rule("SG401", "price-missing", Severity.WARNING, at_build=True, fields=("price",))
def price_missing(item, ctx):
    """The product has no price.

    ## Why
    Without a price the page shows no offer, and search engines cannot list the product as for sale
    (merchant listings require `offers.price`).

    ## Example
        price: 39.90
    """
    if item.price is None and not any(v.price is not None for v in item.variants):
        yield Finding(
            item.source.span("sku"),
            tr("the product has no price: the page shows no offer and search engines cannot list it as for sale"),
            tr("add 'price:'"),
        )


@rule("SG402", "gtin-invalid", Severity.WARNING, at_build=True)
def gtin_invalid(item, ctx):
    """The GTIN fails the GS1 check digit.

    ## Why
    A wrong GTIN is worse than none: Google matches products by GTIN and disapproves offers whose
    GTIN is invalid. shopgen leaves an invalid GTIN out of the structured data.

    ## Example
        gtin: "4006381333932"
    Use instead:
        gtin: "4006381333931"      # copied from the barcode
    """
    checks = [(item.gtin_invalid, ("gtin",))]
    checks += [(v.gtin_invalid, ("variants", v.index, "gtin")) for v in item.variants]
    for value, key in checks:
        if value:
            yield Finding(
                _span(item, *key),
                tr(
                    "GTIN {value!r} is not valid: {problem}; it is left out of the structured data",
                    value=value,
                    problem=gtin_problem(value),
                ),
                tr("copy the GTIN from the barcode or the manufacturer, or remove it"),
            )


@rule("SG403", "price-not-positive", Severity.ERROR, fields=("price",))
def price_not_positive(item, ctx):
    """A price is zero.

    ## Why
    A zero price is almost always a missing value from an export; shopping channels reject it and a
    shopper who sees it loses trust.

    ## Example
        price: 0
    Use instead:
        price: 39.90
    """
    prices = [(item.price, ("price",))] + [(v.price, ("variants", v.index, "price")) for v in item.variants]
    for value, key in prices:
        if value is not None and value <= 0:
            yield Finding(_span(item, *key), tr("the price is 0"), tr("enter the real price"))


@rule("SG404", "gtin-missing", Severity.WARNING, fields=("gtin",))
def gtin_missing(item, ctx):
    """A new, branded product has no GTIN.

    ## Why
    Google requires the manufacturer's GTIN for new products that have one, and uses it to show your
    offer next to the same product elsewhere. Products without a GTIN (own brand, handmade) should
    still have an `mpn`.

    ## Example
        brand: Lumina
        gtin: "4006381333931"
    """
    has_gtin = item.gtin or item.gtin_invalid or any(v.gtin or v.gtin_invalid for v in item.variants)
    if item.condition == "new" and item.brand and not has_gtin and not item.mpn:
        yield Finding(
            item.source.span("sku"),
            tr("the product has a brand but no GTIN or MPN"),
            tr("add 'gtin:' from the barcode, or 'mpn:' (the manufacturer's part number)"),
        )


@rule("SG405", "brand-missing", Severity.WARNING, fields=("brand",))
def brand_missing(item, ctx):
    """The product has no brand.

    ## Why
    Brand is a recommended property for product rich results and required by shopping channels for
    most products; shoppers filter by it.

    ## Example
        brand: Lumina
    """
    if not item.brand:
        yield Finding(
            item.source.span("title"), tr("the product has no brand"), tr("add 'brand:' (your own if you make it)")
        )


@rule("SG406", "sale-ended", Severity.WARNING, at_build=True)
def sale_ended(item, ctx):
    """The sale's end date has passed.

    ## Why
    An ended sale still in the catalog is a contradiction waiting to happen: shopgen shows the regular
    price, but other channels reading the same data may not.

    ## Example
        sale_price: 29.90
        sale_ends: 2025-01-31
    Use instead: remove both, or set a new end date.
    """
    if item.sale_price is not None and item.sale_ends is not None and item.sale_ends < ctx.today:
        yield Finding(
            _span(item, "sale_ends"),
            tr("the sale ended on {date}; the regular price is shown", date=item.sale_ends.isoformat()),
            tr("remove 'sale_price' and 'sale_ends', or set a new end date"),
        )


@rule("SG407", "shipping-currency-mismatch", Severity.WARNING, at_build=True)
def shipping_currency_mismatch(item, ctx):
    """The product's currency differs from the shipping cost's.

    ## Why
    Google needs shipping rates in the offer's currency; shopgen will not convert money, so the
    shipping details are left out of this product's structured data.

    ## Example
        currency: EUR          # while shopgen.yaml ships in USD
    """
    ship = ctx.config.shipping
    if ship and ship.currency != item.currency:
        yield Finding(
            _span(item, "currency"),
            tr(
                "prices are in {currency} but shipping costs are in {currency2}; the shipping details "
                "are left out of this product's structured data",
                currency=item.currency,
                currency2=ship.currency,
            ),
            tr("sell in the shipping currency, or set shipping.currency"),
        )


@rule("SG408", "sale-without-end", Severity.WARNING)
def sale_without_end(item, ctx):
    """A sale has no end date.

    ## Why
    A "sale" that never ends is a permanent price with a fake reference price, which consumer law in
    many countries forbids; Google uses `priceValidUntil` only when the end is known.

    ## Example
        sale_price: 29.90
    Use instead:
        sale_price: 29.90
        sale_ends: 2027-01-31
    """
    if item.sale_price is not None and item.sale_ends is None:
        yield Finding(
            _span(item, "sale_price"), tr("the sale has no end date"), tr("add 'sale_ends:' with the last day")
        )


@rule("SG409", "sale-not-lower", Severity.ERROR)
def sale_not_lower(item, ctx):
    """The sale price is not lower than the regular price.

    ## Why
    A sale price equal to or above the regular price is a data error; the page would show a
    "reduction" that is none. shopgen ignores such a sale.

    ## Example
        price: 29.90
        sale_price: 39.90
    """
    if item.sale_price is not None and item.price is not None and item.sale_price >= item.price:
        cur = item.currency
        yield Finding(
            _span(item, "sale_price"),
            tr(
                "the sale price {sale_price} is not below the price {price}",
                sale_price=format_price(item.sale_price, cur, ctx.site.config.language),
                price=format_price(item.price, cur, ctx.site.config.language),
            ),
            tr("check which of the two is the regular price"),
        )


@rule("SG410", "availability-missing", Severity.WARNING, fields=("availability",))
def availability_missing(item, ctx):
    """The product does not say whether it is in stock.

    ## Why
    Availability is required for shopping listings and shown on the first screen; a missing value is
    published as "in stock", which may not be true.

    ## Example
        availability: in_stock     # in_stock | out_of_stock | preorder | backorder | discontinued
    """
    if not item.availability:
        yield Finding(
            item.source.span("sku"),
            tr("the product has no 'availability'"),
            tr("add 'availability:' (in_stock, out_of_stock, preorder, backorder or discontinued)"),
        )


@rule("SG411", "channel-price-mismatch", Severity.WARNING)
def channel_price_mismatch(item, ctx):
    """A channel lists the product at a different price than the store.

    ## Why
    One price on every channel: a shopper who finds the product cheaper on a marketplace than in your
    own shop (or the reverse) stops trusting both. Google also checks that feed and page prices agree.

    Channels in another currency (a marketplace in another country) are compared with the other
    channels in that currency, never converted.

    ## Example
        price: 39.90
        channels: {tmall: {price: 35.00}}
    Use instead:
        channels: {tmall: {price: 39.90, url: "https://…"}, amazon_de: {price: 36.90, currency: EUR}}
    """
    lang = ctx.site.config.language
    yield from _channel_prices(item.channels, item.offer_price, item.currency, (), item, lang)
    for v in item.variants:
        price = v.sale_price if item.sale_active and v.sale_price is not None else v.price
        yield from _channel_prices(v.channels, price, item.currency, ("variants", v.index), item, lang)


def _channel_prices(channels: dict, own_price, currency: str, key: tuple, item, lang: str):
    """Prices are compared within a currency: the store's own with the store's price (the product's or the
    variant's), a marketplace in another country with the other channels in its currency (the first by name
    sets the price there)."""
    reference: dict[str, tuple[str, object]] = {}
    if own_price is not None:
        reference[currency] = ("", own_price)
    for name, ch in sorted(channels.items()):
        ref = reference.setdefault(ch.currency, (name, ch.price))
        if ch.price != ref[1]:
            yield Finding(
                _span(item, *key, "channels", name, "price"),
                tr(
                    "channel '{name}' sells at {price}, the store at {store_price}",
                    name=name,
                    price=format_price(ch.price, ch.currency, lang),
                    store_price=format_price(ref[1], ch.currency, lang),
                )
                if not ref[0]
                else tr(
                    "channel '{name}' sells at {price}, channel '{other}' at {other_price}",
                    name=name,
                    price=format_price(ch.price, ch.currency, lang),
                    other=ref[0],
                    other_price=format_price(ref[1], ch.currency, lang),
                ),
                tr("make the prices the same, or explain the difference with a sale on both"),
            )


@rule("SG412", "variant-missing-attributes", Severity.WARNING)
def variant_missing_attributes(item, ctx):
    """A variant does not say how it differs.

    ## Why
    A variant without attributes (colour, size ...) cannot be chosen by a shopper or told apart by
    search engines (`variesBy`).

    ## Example
        variants:
          - {sku: LAMP-BLK}
    Use instead:
          - {sku: LAMP-BLK, attributes: {color: Black}}
    """
    for v in item.variants:
        if not v.attributes:
            yield Finding(
                _span(item, "variants", v.index, "sku"),
                tr("variant {sku} has no attributes", sku=v.sku),
                tr("add 'attributes:' such as {color: Black}"),
            )


@rule("SG413", "variant-attributes-duplicate", Severity.WARNING)
def variant_attributes_duplicate(item, ctx):
    """Two variants have the same attributes.

    ## Why
    If two variants have the same colour and size, a shopper cannot choose between them and search
    engines see the same product twice. (Two variants with the same SKU are an error of the catalog
    itself and stop the build.)

    ## Example
        - {sku: MUG-1, attributes: {color: Sage}}
        - {sku: MUG-2, attributes: {color: Sage}}
    """
    seen = {}
    for v in item.variants:
        key = tuple(sorted((k.casefold(), val.casefold()) for k, val in v.attributes.items()))
        if key and key in seen:
            yield Finding(
                _span(item, "variants", v.index, "attributes"),
                tr("variants {first} and {sku} have the same attributes", first=seen[key], sku=v.sku),
                tr("give each variant the attribute that tells it apart"),
            )
        seen.setdefault(key, v.sku)


@rule("SG414", "reviews-missing", Severity.INFO, fields=("rating", "reviews"))
def reviews_missing(item, ctx):
    """The product has no rating and no reviews.

    ## Why
    Star ratings in search results draw clicks and reviews answer shoppers' doubts. This is
    information, not a fault: new products start without them.

    ## Example
        rating: {value: 4.6, count: 132}
    """
    if item.rating_value is None and not item.reviews:
        yield Finding(
            item.source.span("sku"),
            tr("the product has no rating or reviews"),
            tr("add 'rating:' and 'reviews:' when you have them"),
        )


@rule("SG415", "feed-title-cut", Severity.WARNING, at_build=True)
def feed_title_cut(item, ctx):
    """The title (or a variant's name) is longer than the 150 characters a Merchant Center feed allows.

    ## Why
    Google's product feed cuts `title` at 150 characters; shopgen's feed (`feeds/google.xml`) shortens it
    at a word and adds '…', so shopping ads would show a title the editor never wrote. Marketplaces cut
    even earlier.

    ## Example
        title: LED Desk Lamp with USB-C Charging Port, Dimmable, Eye-Caring, for Home Office, Study,
          Reading, Bedroom, Dorm, Crafts and Late-Night Work, Flicker-Free, Touch Control, White, 2 Pack
    Use instead:
        title: LED Desk Lamp with USB-C Charging Port, Dimmable, White, 2 Pack
    """
    from ...feeds import TITLE_LIMIT, feed_title

    def length(text: str) -> int:
        return len(" ".join(text.split()))

    hint = "shorten it: keep the core keyword and the value signal, move details into the description"
    if length(item.title) > TITLE_LIMIT:
        n = length(item.title)
        yield Finding(
            _span(item, "title"),
            tr("the title is {n} characters; product feeds cut it at {TITLE_LIMIT}", n=n, TITLE_LIMIT=TITLE_LIMIT),
            hint,
        )
    for v in item.variants:
        name = feed_title(item, v)
        if length(name) > TITLE_LIMIT and (v.title or length(item.title) <= TITLE_LIMIT):
            where = ("variants", v.index, "title") if v.title else ("variants", v.index)
            yield Finding(
                _span(item, *where),
                tr(
                    "variant {sku} is named '{name}…', {length} characters; product feeds cut it at {TITLE_LIMIT}",
                    sku=v.sku,
                    name=name[:40],
                    length=length(name),
                    TITLE_LIMIT=TITLE_LIMIT,
                ),
                tr("give the variant a shorter 'title:'") if not v.title else hint,
            )


@rule("SG416", "feed-description-cut", Severity.WARNING, at_build=True)
def feed_description_cut(item, ctx):
    """The description is longer than the 5,000 characters a Merchant Center feed allows.

    ## Why
    Google's product feed cuts `description` at 5,000 characters (of plain text, after Markdown is
    removed); shopgen's feed shortens it at a word, so the end of the text never reaches shopping ads.
    Long specifications belong in attributes, long stories in a guide.

    ## Example
        description: |
          (a 6,000-character text)
    Use instead: the key selling points first, 1,000–2,000 characters, and a guide for the rest.
    """
    from ...feeds import DESCRIPTION_LIMIT, feed_description

    if len(item.description) <= DESCRIPTION_LIMIT and len(item.summary) <= DESCRIPTION_LIMIT:
        return  # removing Markdown never makes a text longer
    n = len(" ".join(feed_description(item).split()))
    if n > DESCRIPTION_LIMIT:
        yield Finding(
            _span(item, "description"),
            tr(
                "the description is {n:,} characters as plain text; product feeds cut it at {DESCRIPTION_LIMIT:,}",
                n=n,
                DESCRIPTION_LIMIT=DESCRIPTION_LIMIT,
            ),
            tr("shorten it, or move specifications into 'attributes:' and the long story into a guide"),
        )


@rule("SG417", "purchase-path-missing", Severity.WARNING, fields=("buy_url", "channels"))
def purchase_path_missing(item, ctx):
    """The product has no way to buy it: no `buy_url`, no variant with one, no channel with a `url`.

    ## Why
    A page that ranks and persuades but has no buy button is a catalog entry: the shopper leaves to
    search for the product elsewhere. Google's merchant listings are for pages where the product can be
    bought. A store that is a catalog on purpose writes `purchase: none` in shopgen.yaml.

    ## Example
        sku: LAMP-1
        price: 39.90
    Use instead:
        sku: LAMP-1
        price: 39.90
        buy_url: https://shop.example.com/cart/add?sku=LAMP-1
        channels: {amazon: {price: 39.90, url: "https://www.amazon.com/dp/B0EXAMPLE"}}
    """
    if ctx.site.config.purchase == "none" or item.buy_url or any(v.buy_url for v in item.variants):
        return
    if any(ch.url for ch in item.channels.values()) or any(ch.url for v in item.variants for ch in v.channels.values()):
        return
    yield Finding(
        _span(item, "title"),
        tr("the product has no purchase path: no buy button, no channel to buy it on"),
        tr("add 'buy_url:' with your shop's checkout or cart link, or a channel with its 'url:'"),
    )
