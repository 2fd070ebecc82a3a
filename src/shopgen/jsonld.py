"""schema.org JSON-LD following Google's product snippet and merchant listing documentation.

Builders take the model and return plain dicts; templates serialise them with the `jsonld` filter,
which makes the JSON safe inside `<script>`. Nothing is invented: a property is present only when
the catalog gives its value.
"""

from __future__ import annotations

from urllib.parse import quote

from .enrich import Site
from .markup import first_paragraph, strip_markdown
from .model import Category, Guide, Product, Returns, Shipping, Variant
from .money import price_value

SCHEMA = "https://schema.org/"
AVAILABILITY = {
    "in_stock": "InStock",
    "out_of_stock": "OutOfStock",
    "preorder": "PreOrder",
    "backorder": "BackOrder",
    "discontinued": "Discontinued",
}
CONDITION = {"new": "NewCondition", "refurbished": "RefurbishedCondition", "used": "UsedCondition"}
# Variant attributes Google understands in `variesBy`, and the Product property each fills.
VARIES_BY = {
    "color": "color",
    "colour": "color",
    "size": "size",
    "material": "material",
    "pattern": "pattern",
    "age_group": "suggestedAge",
    "gender": "suggestedGender",
    # the same attributes named in Chinese (Simplified and Traditional)
    "颜色": "color",
    "顏色": "color",
    "尺寸": "size",
    "尺码": "size",
    "尺碼": "size",
    "材质": "material",
    "材質": "material",
    "图案": "pattern",
    "圖案": "pattern",
}
RETURN_FEES = {"free": "FreeReturn", "customer": "ReturnFeesCustomerResponsibility", "fixed": "ReturnShippingFees"}
RETURN_METHOD = {"mail": "ReturnByMail", "store": "ReturnInStore", "kiosk": "ReturnAtKiosk"}


def product_description(p: Product) -> str:
    return p.summary or first_paragraph(strip_markdown(p.description)) or p.title


def return_policy(r: Returns, currency: str) -> dict:
    out: dict = {"@type": "MerchantReturnPolicy"}
    if r.countries:
        out["applicableCountry"] = r.countries[0] if len(r.countries) == 1 else list(r.countries)
    if r.days == 0:
        out["returnPolicyCategory"] = SCHEMA + "MerchantReturnNotPermitted"
        return out
    if r.days is None:
        out["returnPolicyCategory"] = SCHEMA + "MerchantReturnUnlimitedWindow"
    else:
        out["returnPolicyCategory"] = SCHEMA + "MerchantReturnFiniteReturnWindow"
        out["merchantReturnDays"] = r.days
    out["returnMethod"] = SCHEMA + RETURN_METHOD[r.method]
    out["returnFees"] = SCHEMA + RETURN_FEES[r.fees]
    if r.fees == "fixed" and r.fee_amount is not None:
        out["returnShippingFeesAmount"] = {
            "@type": "MonetaryAmount",
            "value": price_value(r.fee_amount, currency),
            "currency": currency,
        }
    return out


def shipping_details(s: Shipping) -> dict:
    def days(lo, hi):
        return {"@type": "QuantitativeValue", "minValue": lo, "maxValue": hi, "unitCode": "DAY"}

    return {
        "@type": "OfferShippingDetails",
        "shippingRate": {"@type": "MonetaryAmount", "value": price_value(s.cost, s.currency), "currency": s.currency},
        "shippingDestination": {"@type": "DefinedRegion", "addressCountry": s.country},
        "deliveryTime": {
            "@type": "ShippingDeliveryTime",
            "handlingTime": days(s.handling_min_days, s.handling_max_days),
            "transitTime": days(s.min_days, s.max_days),
        },
    }


def offer(site: Site, p: Product, url: str, price, sale_price, availability: str) -> dict | None:
    if price is None:
        return None
    cur = p.currency
    on_sale = p.sale_active and sale_price is not None and sale_price < price
    out: dict = {
        "@type": "Offer",
        "url": url,
        "priceCurrency": cur,
        "price": price_value(sale_price if on_sale else price, cur),
    }
    if on_sale:
        if p.sale_ends:
            out["priceValidUntil"] = p.sale_ends.isoformat()
        out["priceSpecification"] = {
            "@type": "UnitPriceSpecification",
            "priceType": SCHEMA + "StrikethroughPrice",
            "price": price_value(price, cur),
            "priceCurrency": cur,
        }
    # the store sells it (Google: the offer's url stays the product page, whatever `buy_url` is)
    out["seller"] = {"@type": "Organization", "name": site.config.name, "url": site.absolute(site.url("/"))}
    out["availability"] = SCHEMA + AVAILABILITY.get(availability or "in_stock", "InStock")
    out["itemCondition"] = SCHEMA + CONDITION[p.condition]
    cfg = site.config
    if cfg.shipping and cfg.shipping.currency == cur:
        out["shippingDetails"] = shipping_details(cfg.shipping)
    if cfg.returns:
        out["hasMerchantReturnPolicy"] = return_policy(cfg.returns, cur)
    return out


def _images(site: Site, p: Product) -> list[str]:
    return [site.absolute(im.large_url) for im in p.images if im.large_url]


def _rating_and_reviews(p: Product, out: dict) -> None:
    if p.rating_value is not None and p.rating_count:
        out["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(p.rating_value),
            "reviewCount": p.rating_count,
            "bestRating": "5",
            "worstRating": "1",
        }
    if p.reviews:
        reviews = []
        for r in p.reviews:
            rv: dict = {
                "@type": "Review",
                "author": {"@type": "Person", "name": r.author},
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": str(r.rating),
                    "bestRating": "5",
                    "worstRating": "1",
                },
            }
            if r.date:
                rv["datePublished"] = r.date.isoformat()
            if r.title:
                rv["name"] = r.title
            if r.body:
                rv["reviewBody"] = r.body
            reviews.append(rv)
        out["review"] = reviews


def variant_name(p: Product, v: Variant) -> str:
    return v.title or (p.title + (" – " + ", ".join(v.attributes.values()) if v.attributes else ""))


def _variant(site: Site, p: Product, v: Variant, page_url: str) -> dict:
    out: dict = {
        "@type": "Product",
        "@id": f"{page_url}#{quote(v.sku, safe='')}",
        "sku": v.sku,
        "name": variant_name(p, v),
    }
    image = v.image.large_url if v.image else (p.images[0].large_url if p.images else "")
    if image:
        out["image"] = site.absolute(image)
    extra = []
    for k, val in v.attributes.items():
        prop = VARIES_BY.get(k.lower())
        if prop:
            out[prop] = val
        else:
            extra.append({"@type": "PropertyValue", "name": k, "value": val})
    if extra:
        out["additionalProperty"] = extra
    if v.gtin:
        out["gtin"] = v.gtin
    if v.mpn:
        out["mpn"] = v.mpn
    o = offer(site, p, f"{page_url}?sku={quote(v.sku, safe='')}", v.price, v.sale_price, v.availability)
    if o:
        out["offers"] = o
    return out


def product_nodes(site: Site, p: Product) -> list[dict]:
    url = site.absolute(p.canonical or p.url)  # a fallback page describes its original
    base: dict = {"name": p.title, "description": product_description(p), "url": url}
    images = _images(site, p)
    if images:
        base["image"] = images
    if p.brand:
        base["brand"] = {"@type": "Brand", "name": p.brand}
    if p.category:
        base["category"] = " > ".join(p.category)
    if p.variants:
        node: dict = {"@type": "ProductGroup", "@id": url + "#product", **base, "sku": p.sku, "productGroupID": p.sku}
        keys = []
        for v in p.variants:
            for k in v.attributes:
                prop = VARIES_BY.get(k.lower())
                if prop and SCHEMA + prop not in keys:
                    keys.append(SCHEMA + prop)
        if keys:
            node["variesBy"] = keys if len(keys) > 1 else keys[0]
        _rating_and_reviews(p, node)
        node["hasVariant"] = [_variant(site, p, v, url) for v in p.variants]
    else:
        node = {"@type": "Product", "@id": url + "#product", **base, "sku": p.sku}
        if p.gtin:
            node["gtin"] = p.gtin
        if p.mpn:
            node["mpn"] = p.mpn
        props = [{"@type": "PropertyValue", "name": k, "value": v} for k, v in p.attributes.items()]
        if props:
            node["additionalProperty"] = props
        o = offer(site, p, url, p.price, p.sale_price, p.availability)
        if o:
            node["offers"] = o
        _rating_and_reviews(p, node)
    return [node, breadcrumbs(site, [(c.name, c.url) for c in site.breadcrumbs(p.category)] + [(p.title, p.url)])]


def breadcrumbs(site: Site, trail: list[tuple[str, str]]) -> dict:
    items = [(site.labels["home"], site.url("/"))] + trail
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i + 1, "name": name, "item": site.absolute(url)}
            for i, (name, url) in enumerate(items)
        ],
    }


def category_nodes(site: Site, cat: Category, products: list[Product], offset: int) -> list[dict]:
    return [
        breadcrumbs(site, [(c.name, c.url) for c in site.breadcrumbs(cat.names)]),
        {
            "@type": "ItemList",
            "name": cat.name,
            "numberOfItems": len(products),
            "itemListElement": [
                {"@type": "ListItem", "position": offset + i + 1, "url": site.absolute(p.url), "name": p.title}
                for i, p in enumerate(products)
            ],
        },
    ]


def organization(site: Site) -> dict:
    cfg = site.config
    org: dict = {
        "@type": "OnlineStore",
        "@id": site.absolute("/#organization"),
        "name": cfg.name,
        "url": site.absolute("/"),
    }
    if cfg.description:
        org["description"] = cfg.description
    if cfg.returns:
        org["hasMerchantReturnPolicy"] = return_policy(cfg.returns, cfg.currency)
    return org


def home_nodes(site: Site) -> list[dict]:
    cfg = site.config
    return [
        organization(site),
        {
            "@type": "WebSite",
            "@id": site.absolute(site.url("/") + "#website"),
            "name": cfg.name,
            "url": site.absolute(site.url("/")),
            "inLanguage": cfg.language,
            "publisher": {"@id": site.absolute("/#organization")},
        },
    ]


def guide_nodes(site: Site, g: Guide, products: list[Product]) -> list[dict]:
    cfg = site.config
    url = site.absolute(g.canonical or g.url)  # a fallback page describes its original, in its language
    art: dict = {
        "@type": "Article",
        "@id": url + "#article",
        "headline": g.title,
        "url": url,
        "inLanguage": cfg.default_language if g.fallback else cfg.language,
        "author": {"@type": "Organization", "name": cfg.name, "url": site.absolute("/")},
        "publisher": {"@type": "Organization", "name": cfg.name, "url": site.absolute("/")},
    }
    if g.description:
        art["description"] = g.description
    if g.image and g.image.large_url:
        art["image"] = [site.absolute(g.image.large_url)]
    elif products and products[0].images and products[0].images[0].large_url:
        art["image"] = [site.absolute(products[0].images[0].large_url)]
    if g.date:
        art["datePublished"] = g.date.isoformat()
    if g.updated or g.date:
        art["dateModified"] = (g.updated or g.date).isoformat()
    if products:
        # References by @id to the Product on each product page (no second, partial Product node here).
        art["mentions"] = [
            {"@id": site.absolute(p.url) + "#product", "name": p.title, "url": site.absolute(p.url)} for p in products
        ]
    return [art, breadcrumbs(site, [(site.labels["guides"], site.url("/guides/")), (g.title, g.url)])]
