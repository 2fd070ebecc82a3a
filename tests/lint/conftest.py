"""Helpers for rule tests: a listing written into the basic store, linted, its rule codes returned."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import yaml

EN_DESC = (
    "This LED desk lamp lights the page, not your eyes: 600 lumens of flicker-free light with DC dimming from 5 to "
    "100 percent.\n\nFive colour temperatures run from warm 2700 K for evening reading to neutral 5000 K for detail "
    "work, and the high colour rendering keeps printed colours true.\n\nThe arm folds flat for a small desk and the "
    "weighted base does not tip."
)
ZH_DESC = (
    "这款护眼台灯采用直流调光，亮度从5%到100%平滑调节，长时间阅读眼睛不累，拍视频也不会出现条纹。\n\n"
    "五档色温从2700K暖光到5000K中性光，睡前阅读和精细工作都合适；高显色让书本和图纸的颜色更真实。\n\n"
    "灯臂可以折叠，小书桌也放得下，加重底座调节时不会翻倒。底座上的USB-C接口可以给手机充电，桌面上少一个充电器，也少一根线。"
)

BASE = {
    "en": {
        "sku": "T-1",
        "title": "LED Desk Lamp with USB-C Charging, Dimmable",
        "brand": "Lumina",
        "category": "Home > Lighting",
        "keywords": {"primary": "led desk lamp"},
        "summary": "A dimmable LED desk lamp with a USB-C port that charges your phone while you work late.",
        "description": EN_DESC,
        "highlights": ["Flicker-free", "USB-C charging"],
        "price": 39.9,
        "availability": "in_stock",
        "buy_url": "https://checkout.example.com/buy/T-1",
        "gtin": "4006381333931",
        "images": [{"src": "images/lamp.jpg", "alt": "White LED desk lamp on an oak desk"}],
        "rating": {"value": 4.5, "count": 12},
    },
    "zh": {
        "sku": "T-1",
        "title": "明光 LED护眼台灯 无频闪调光 USB-C充电",
        "brand": "明光",
        "category": "家居 > 照明",
        "keywords": {"primary": "护眼台灯"},
        "summary": "无频闪LED护眼台灯，五档色温，底座USB-C接口可以在你工作时给手机充电，适合学生和上班族。",
        "description": ZH_DESC,
        "highlights": ["无频闪", "USB-C充电"],
        "price": 199,
        "availability": "in_stock",
        "buy_url": "https://checkout.example.com/buy/T-1",
        "gtin": "4006381333931",
        "images": [{"src": "images/lamp.jpg", "alt": "白色LED护眼台灯放在橡木书桌上"}],
        "rating": {"value": 4.5, "count": 12},
    },
}

GUIDE_BASE = {
    "en": {
        "front": {
            "title": "LED Desk Lamp Guide for a Home Office",
            "description": "How to choose an LED desk "
            "lamp that keeps your eyes fresh through a long day of work at home.",
            "keywords": {"primary": "led desk lamp"},
            "products": ["LAMP-1"],
            "date": "2026-10-01",
        },
        "body": "A good LED desk lamp keeps your eyes fresh.\n\n## Light the desk\n\nPut the light on the page.\n",
    },
    "zh": {
        "front": {
            "title": "护眼台灯怎么选：在家办公的四个要点",
            "description": "在家办公眼睛累？从光线、频闪和显色三个方面教你选对护眼台灯，让眼睛整天保持轻松。",
            "keywords": {"primary": "护眼台灯"},
            "products": ["LAMP-1"],
            "date": "2026-10-01",
        },
        "body": "选对护眼台灯，眼睛整天都轻松。\n\n## 照亮桌面\n\n把光打在书本上。\n",
    },
}


def merged(base: dict, changes: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


@pytest.fixture
def lint_codes(lint_findings):
    """lint_codes(lang, changes, files=..., config=...) -> rule codes reported for catalog/t.yaml."""

    def run(*args, **kwargs):
        return sorted({d.code for d in lint_findings(*args, **kwargs)})

    return run


@pytest.fixture
def lint_findings(store):
    """lint_findings(lang, changes, files=..., config=...) -> the findings (Diagnostics) for catalog/t.yaml."""
    from shopgen.lint.runner import lint_store

    def run(lang="en", changes=None, files=None, config="", path="catalog/t.yaml", guide=None):
        data = merged(BASE[lang], changes or {})
        store.write({"catalog/t.yaml": yaml.safe_dump(data, allow_unicode=True, sort_keys=False)})
        if guide is not None:
            g = GUIDE_BASE[lang]
            front = merged(g["front"], guide.get("front", {}))
            body = guide.get("body", g["body"])
            store.write(
                {
                    "content/guides/t.md": "---\n"
                    + yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
                    + "---\n"
                    + body
                }
            )
            path = "content/guides/t.md"
        store.write(files or {})
        if config:
            store.append("shopgen.yaml", config)
        _site, result, _ = lint_store([store.root], today=dt.date(2026, 11, 22))
        return [d for lst in result.listings if lst.path == path for d in lst.findings]

    return run
