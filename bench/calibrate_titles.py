#!/usr/bin/env python3
"""Calibrate the listing score's title sub-score against title-quality labels (issue #19 item 5).

    python bench/calibrate_titles.py [--labels bench/calibration/title_labels.tsv] [--data ../shared/data]

The labels (1-5, criteria in docs/score-calibration.md) name titles by position only: `zh-ner` is the
n-th title (1-based) of ../shared/data/zh-product-titles-ner/train.txt.bieos, an export file name is
that export's n-th data row (1-based). This script rebuilds each title from ../shared/data, writes
one temporary store per language (one product per title; the keyword, brand and every other field
of a good listing fixed, so only the title varies), runs shopgen's linter on it and prints how well
the title sub-score and the overall listing score rank the titles (Spearman's rho with a bootstrap
95% interval), the mean and median sub-score per label, and how often each SG1xx rule fires on
titles labelled 4-5 (false-alarm candidates) and 1-2.

Deterministic: fixed seeds, sorted output, the lint day fixed. Pure Python (no numpy/scipy).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "shared", "data")
LABELS = os.path.join(HERE, "calibration", "title_labels.tsv")
NER_FILE = os.path.join("zh-product-titles-ner", "train.txt.bieos")
# The export files and the column that holds the product title.
EXPORTS = {
    "shopify/apparel.csv": "Title",
    "shopify/jewelery.csv": "Title",
    "woocommerce/sample_products.csv": "Name",
}
SAMPLE_SEED = 19  # issue #19
SAMPLE_SIZE = 300
BOOTSTRAP_SEED = 5
BOOTSTRAP_ROUNDS = 2000


@dataclass(frozen=True)
class Title:
    """One title to judge: where it comes from, its text, and the listing fields that go with it."""

    source: str  # "zh-ner" or an export file name
    index: int  # 1-based: the n-th NER title or the export's n-th data row
    text: str
    keyword: str  # the primary keyword (HC entity, or the word noted in the labels file)
    brand: str  # HP entity / the export's vendor, or ""
    product_words: int = 0  # NER titles: how many HC spans the annotators marked (0 for the exports)


# --- the data -----------------------------------------------------------------------------------


def read_ner(path: str) -> list[Title]:
    """Every title of the BIEOS file, in order: the characters joined (spaces kept), the first HC
    entity as keyword and the first HP entity as brand ("" when there is none)."""
    titles: list[Title] = []
    chars: list[tuple[str, str]] = []

    def flush() -> None:
        if chars:
            text = "".join(c for c, _ in chars)
            spans = sum(tag in ("B-HC", "S-HC") for _, tag in chars)
            keyword, brand = _entity(chars, "HC"), _entity(chars, "HP")
            titles.append(Title("zh-ner", len(titles) + 1, text, keyword, brand, spans))
            chars.clear()

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                flush()
                continue
            char, _, tag = line.rpartition("\t")
            chars.append((char, tag))
    flush()
    return titles


def _entity(chars: list[tuple[str, str]], kind: str) -> str:
    """The first entity of `kind` (HC or HP) in BIEOS-tagged characters, or ""."""
    cur = ""
    for char, tag in chars:
        if tag == f"S-{kind}":
            return char
        if tag in (f"B-{kind}", f"I-{kind}"):
            cur += char
        elif tag == f"E-{kind}":
            return cur + char
        else:
            cur = ""
    return ""


def ner_sample(titles: Sequence[Title], size: int = SAMPLE_SIZE, seed: int = SAMPLE_SEED) -> list[Title]:
    """The labelled sample: `size` titles drawn without replacement with a fixed seed, in file order."""
    picked = random.Random(seed).sample(range(len(titles)), size)
    return [titles[i] for i in sorted(picked)]


def read_export(data: str, name: str) -> dict[int, tuple[str, str]]:
    """{data row (1-based): (title, vendor)} for the rows of an export that carry a product title.
    WooCommerce variation rows ("Hoodie - Red, No") are variants, not product titles: left out."""
    rows: dict[int, tuple[str, str]] = {}
    with open(os.path.join(data, "exports", name), encoding="utf-8-sig", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=1):
            title = (row.get(EXPORTS[name]) or "").strip()
            if title and row.get("Type", "").strip() != "variation":
                rows[n] = (title, (row.get("Vendor") or "").strip())
    return rows


@dataclass(frozen=True)
class Label:
    """One row of the labels file."""

    source: str
    index: int
    label: int  # 1 (unusable) .. 5 (excellent), docs/score-calibration.md
    keyword: str  # English titles only: the product word a shopper searches for


def read_labels(path: str) -> list[Label]:
    """The labels file: tab-separated `source index label keyword`, with a header line."""
    with open(path, encoding="utf-8", newline="") as fh:
        return [
            Label(row["source"], int(row["index"]), int(row["label"]), (row.get("keyword") or "").strip())
            for row in csv.DictReader(fh, delimiter="\t")
        ]


def labelled_titles(labels: Sequence[Label], data: str) -> list[tuple[Title, int]]:
    """(title, label) for every label, the title rebuilt from the shared data."""
    ner = {t.index: t for t in read_ner(os.path.join(data, NER_FILE))}
    exports = {name: read_export(data, name) for name in {lb.source for lb in labels} if name != "zh-ner"}
    out = []
    for lb in labels:
        if lb.source == "zh-ner":
            title = ner[lb.index]
        else:
            text, vendor = exports[lb.source][lb.index]
            title = Title(lb.source, lb.index, text, lb.keyword, vendor)
        out.append((title, lb.label))
    return out


# --- the temporary stores -------------------------------------------------------------------------

LANGUAGES = {
    # language: (profile, currency, the fixed text of a good listing around the keyword)
    "zh-CN": ("taobao", "CNY"),
    "en": ("google", "USD"),
}
ZH = {
    "summary": "{kw}，做工扎实，尺寸、材质和使用方法都写在详情里；下单后四十八小时内发货，支持七天无理由退换。",
    "intro": "这款{kw}适合日常使用，我们把常见问题都写在这里，方便你在下单前比较尺寸、材质和用途。",
    "more": [
        "收到商品后请先检查外包装和配件是否齐全。如果尺寸或颜色与页面不符，请在七天内联系客服，"
        "我们会安排换货或退款，来回运费由店铺承担。",
        "日常清洁用柔软的湿布擦拭即可，避免长时间暴晒和接触强酸强碱。长期不用时放回原包装，"
        "存放在通风干燥的地方，可以保持更长的使用寿命。",
    ],
    "highlights": ["尺寸和材质见详情", "四十八小时内发货", "七天无理由退换"],
    "alts": ["{kw}正面", "{kw}侧面", "{kw}细节特写", "{kw}使用场景", "{kw}包装和配件"],
    "reviews": [("小林", "做工不错，和描述一致，发货很快。"), ("王女士", "包装完好，用了一周没有问题。")],
}
EN = {
    "summary": "{kw} with the size, material and care notes on this page; ships within two days, free 30-day returns.",
    "intro": "This {kw} is made for everyday use. The details below cover size, material and care, so you can "
    "compare before you order.",
    "more": [
        "When it arrives, check that the package is complete. If the size or colour is not what you expected, "
        "contact us within 30 days and we will exchange it or refund you; return shipping is on us.",
        "Clean it with a soft damp cloth and keep it out of strong sunlight. Store it in its box in a dry place "
        "when you are not using it, and it will last for years.",
    ],
    "highlights": ["Size and material on this page", "Ships within two days", "Free 30-day returns"],
    "alts": ["{kw}, front view", "{kw}, side view", "{kw}, detail", "{kw} in use", "{kw} with its packaging"],
    "reviews": [("Dana K.", "Well made and as described. Arrived quickly."), ("Ravi P.", "Good value, no issues.")],
}


def gtin13(n: int) -> str:
    """A valid EAN-13 for product number `n` (a made-up 200 prefix, for in-store numbers)."""
    body = f"200{n:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def product(n: int, title: Title, language: str) -> dict:
    """The listing of title number `n`: every field of a good listing, fixed, around the title."""
    from shopgen.text import has_cjk

    t = ZH if language == "zh-CN" else EN
    kw = title.keyword
    subject = kw or (title.text[:8] if has_cjk(title.text) else " ".join(title.text.split()[:3]))
    doc: dict = {"sku": f"T{n:04d}", "slug": f"t-{n:04d}", "title": title.text}
    if title.brand:
        doc["brand"] = title.brand
    doc["category"] = "测试 > 标定" if language == "zh-CN" else "Test > Calibration"
    if kw:
        doc["keywords"] = {"primary": kw}
    doc["summary"] = t["summary"].format(kw=subject)
    doc["description"] = "\n\n".join([t["intro"].format(kw=subject), *t["more"]]) + "\n"
    doc["highlights"] = list(t["highlights"])
    doc.update(price=99.0, availability="in_stock", condition="new", gtin=gtin13(n), mpn=f"T{n:04d}")
    doc["images"] = [{"src": f"images/p{i + 1}.jpg", "alt": alt.format(kw=subject)} for i, alt in enumerate(t["alts"])]
    doc["rating"] = {"value": 4.7, "count": 120}
    doc["reviews"] = [{"author": who, "rating": 5, "date": "2026-10-01", "body": body} for who, body in t["reviews"]]
    return doc


def write_store(folder: str, titles: Sequence[Title], language: str, lint_options: dict) -> None:
    """A store of one product per title in `folder`, linted with the language's profile."""
    import yaml
    from PIL import Image

    profile, currency = LANGUAGES[language]
    config = {
        "name": "Calibration",
        "base_url": "https://calibration.example.com",
        "language": language,
        "currency": currency,
        "description": "A store written by bench/calibrate_titles.py.",
        "lint": {"profile": profile, **lint_options},
        "returns": {"days": 30, "fees": "free", "countries": ["US"], "method": "mail"},
        "shipping": {"country": "US", "cost": 0, "min_days": 1, "max_days": 5},
    }
    images = os.path.join(folder, "catalog", "images")
    os.makedirs(images)
    with open(os.path.join(folder, "shopgen.yaml"), "w", encoding="utf-8") as fh:
        yaml.safe_dump(config, fh, allow_unicode=True, sort_keys=False)
    for i in range(5):
        Image.new("RGB", (1000, 1000), (200, 180 + 10 * i, 160)).save(os.path.join(images, f"p{i + 1}.jpg"))
    for n, title in enumerate(titles, start=1):
        with open(os.path.join(folder, "catalog", f"t{n:04d}.yaml"), "w", encoding="utf-8") as fh:
            yaml.safe_dump(product(n, title, language), fh, allow_unicode=True, sort_keys=False, width=1000)


@dataclass(frozen=True)
class Judged:
    """What shopgen's linter says of one labelled title."""

    title: Title
    label: int
    title_score: int  # the title sub-score
    overall: int  # the listing's overall score
    codes: tuple[str, ...]  # the codes of its findings, sorted


def judge(pairs: Sequence[tuple[Title, int]], lint_options: dict) -> list[Judged]:
    """Lint every labelled title in a temporary store of its language; in the order of `pairs`."""
    import datetime as dt

    from shopgen.lint.runner import lint_store

    out: dict[tuple[str, int], Judged] = {}
    for language in LANGUAGES:
        chosen = [(t, lb) for t, lb in pairs if (t.source == "zh-ner") == (language == "zh-CN")]
        if not chosen:
            continue
        with tempfile.TemporaryDirectory(prefix="shopgen-calib-") as folder:
            write_store(folder, [t for t, _ in chosen], language, lint_options)
            _site, result, _diags = lint_store([folder], today=dt.date(2026, 12, 1), cache=False)
            by_sku = {lst.item.sku: lst for lst in result.listings if lst.kind == "product"}
            for n, (title, label) in enumerate(chosen, start=1):
                lst = by_sku[f"T{n:04d}"]
                codes = tuple(sorted(d.code for d in lst.findings))
                out[(title.source, title.index)] = Judged(title, label, lst.subscores["title"], lst.score, codes)
    return [out[(t.source, t.index)] for t, _ in pairs]


# --- statistics (pure Python) -----------------------------------------------------------------------


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing the mean of their positions."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson's r; nan when either side is constant."""
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / (sxx * syy) ** 0.5 if sxx and syy else float("nan")


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman's rho: Pearson's r of the (tie-averaged) ranks."""
    return pearson(ranks(x), ranks(y))


def bootstrap_ci(
    x: Sequence[float], y: Sequence[float], rounds: int = BOOTSTRAP_ROUNDS, seed: int = BOOTSTRAP_SEED
) -> tuple[float, float]:
    """A percentile bootstrap 95% interval of Spearman's rho, resampling the pairs with a fixed seed."""
    rng = random.Random(seed)
    n = len(x)
    found = []
    for _ in range(rounds):
        pick = [rng.randrange(n) for _ in range(n)]
        rho = spearman([x[i] for i in pick], [y[i] for i in pick])
        if rho == rho:  # a resample where one side is constant has no rho
            found.append(rho)
    found.sort()
    return found[int(0.025 * len(found))], found[min(len(found) - 1, int(0.975 * len(found)))]


def weighted_kappa(a: Sequence[int], b: Sequence[int], categories: Sequence[int] = (1, 2, 3, 4, 5)) -> float:
    """Cohen's kappa with quadratic weights: agreement of two ratings on an ordinal scale beyond chance."""
    k = len(categories)
    pos = {c: i for i, c in enumerate(categories)}
    n = len(a)
    observed = [[0.0] * k for _ in range(k)]
    for u, v in zip(a, b, strict=True):
        observed[pos[u]][pos[v]] += 1 / n
    row = [sum(r) for r in observed]
    col = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    weight = [[(i - j) ** 2 / (k - 1) ** 2 for j in range(k)] for i in range(k)]
    num = sum(weight[i][j] * observed[i][j] for i in range(k) for j in range(k))
    den = sum(weight[i][j] * row[i] * col[j] for i in range(k) for j in range(k))
    return 1 - num / den if den else float("nan")


# --- the report --------------------------------------------------------------------------------------

TITLE_RULES = ("SG100", "SG101", "SG102", "SG103", "SG104", "SG105", "SG106", "SG107", "SG108", "SG109", "SG110")


def _rho_line(name: str, judged: Sequence[Judged], score) -> str:
    x = [score(j) for j in judged]
    y = [j.label for j in judged]
    rho = spearman(x, y)
    low, high = bootstrap_ci(x, y)
    return f"  {name:<34} n={len(judged):>3}  rho={rho:+.3f}  95% CI [{low:+.3f}, {high:+.3f}]"


def report(judged: Sequence[Judged], relabels: dict[tuple[str, int], int], show: int) -> list[str]:
    """The calibration figures as lines of text."""
    zh = [j for j in judged if j.title.source == "zh-ner"]
    groups = [
        ("all titles", judged),
        ("zh-ner (taobao profile)", zh),
        ("zh-ner with an HC keyword", [j for j in zh if j.title.keyword]),
        ("English exports (google profile)", [j for j in judged if j.title.source != "zh-ner"]),
    ]
    out = [f"n = {len(judged)} labelled titles ({len(zh)} zh-ner, {len(judged) - len(zh)} English exports)"]
    out.append("labels: " + ", ".join(f"{k}: {sum(j.label == k for j in judged)}" for k in range(1, 6)))
    out += ["", f"Spearman's rho, title sub-score vs label (bootstrap {BOOTSTRAP_ROUNDS}, seed {BOOTSTRAP_SEED}):"]
    out += [_rho_line(name, g, lambda j: j.title_score) for name, g in groups if len(g) > 2]
    out += ["", "Spearman's rho, overall listing score vs label:"]
    out += [_rho_line(name, g, lambda j: j.overall) for name, g in groups if len(g) > 2]

    zh_labels = [j.label for j in zh]
    stacked = spearman([-j.title.product_words for j in zh], zh_labels)
    branded = spearman([bool(j.title.brand) for j in zh], zh_labels)
    out += [
        "",
        "Independent check of the labels with the NER annotation (zh-ner): Spearman's rho of the label with",
        f"  minus the number of product-word (HC) spans  {stacked:+.3f}",
        f"  a brand (HP) span present                    {branded:+.3f}",
    ]
    out += ["", "label  n    title: mean  median  min  max   overall: mean  median"]
    for k in range(1, 6):
        g = [j for j in judged if j.label == k]
        if g:
            t = [j.title_score for j in g]
            o = [j.overall for j in g]
            out.append(
                f"  {k}  {len(g):>4}        {statistics.mean(t):>5.1f}  {statistics.median(t):>6.1f}  {min(t):>3}  "
                f"{max(t):>3}           {statistics.mean(o):>5.1f}  {statistics.median(o):>6.1f}"
            )

    good = [j for j in judged if j.label >= 4]
    bad = [j for j in judged if j.label <= 2]
    out += ["", f"SG1xx rules: share of titles they fire on, labelled 4-5 (n={len(good)}) vs 1-2 (n={len(bad)})"]
    out.append("  rule    4-5 (false alarm?)   1-2     fired")
    for code in TITLE_RULES:
        fired_good = sum(code in j.codes for j in good)
        fired_bad = sum(code in j.codes for j in bad)
        fired = sum(code in j.codes for j in judged)
        if fired:
            out.append(
                f"  {code}   {fired_good:>3} ({fired_good / max(1, len(good)):>4.0%})"
                f"         {fired_bad:>3} ({fired_bad / max(1, len(bad)):>4.0%})   {fired:>3}"
            )

    if relabels:
        first = {(j.title.source, j.title.index): j.label for j in judged}
        keys = sorted(k for k in relabels if k in first)
        a, b = [first[k] for k in keys], [relabels[k] for k in keys]
        same = sum(u == v for u, v in zip(a, b, strict=True))
        out += [
            "",
            f"self-agreement (blind second labelling of {len(keys)} titles): exact {same}/{len(keys)}, "
            f"Spearman {spearman(a, b):+.3f}, quadratic-weighted kappa {weighted_kappa(a, b):+.3f}",
        ]

    if show:
        out += _disagreements(judged, show)
    return out


def _disagreements(judged: Sequence[Judged], show: int) -> list[str]:
    """The titles whose rank by label and rank by title sub-score differ most, each way."""
    by_label = ranks([j.label for j in judged])
    by_score = ranks([j.title_score for j in judged])
    n = len(judged)
    gaps = sorted(((by_label[i] - by_score[i]) / n, j.title.source, j.title.index, i) for i, j in enumerate(judged))

    def line(i: int) -> str:
        j = judged[i]
        rules = ",".join(c for c in dict.fromkeys(j.codes) if c.startswith("SG1")) or "-"
        return (
            f"  {j.title.source}:{j.title.index}  label {j.label}  title {j.title_score:>3}  [{rules}]  {j.title.text}"
        )

    out = ["", "Scored lower than labelled (label high, sub-score low):"]
    out += [line(i) for gap, *_, i in gaps[::-1][:show] if gap > 0]
    out += ["", "Scored higher than labelled (label low, sub-score high):"]
    out += [line(i) for gap, *_, i in gaps[:show] if gap < 0]
    return out


# --- what if: rule changes proposed in docs/score-calibration.md, simulated on the findings -----------

_DIMENSION_STAR = re.compile(r"(?<=[0-9a-z])\*(?=[0-9])", re.IGNORECASE)


def _sg108_only_dimensions(j: Judged) -> bool:
    """SG108 fired only for '*' inside a dimension or pack size (8*18cm, 40g*5, 6g*6袋)."""
    from shopgen.lint.rules.titles import _SPECIAL_RE

    return "SG108" in j.codes and not _SPECIAL_RE.search(_DIMENSION_STAR.sub("x", j.title.text))


def _sg102_only_brand(j: Judged, window: int) -> bool:
    """SG102 fired only because the brand comes first: the keyword starts within `window` columns
    once the brand (where it precedes the keyword) is not counted."""
    from shopgen.text import display_width, find_keyword, width_before

    t, kw, brand = j.title.text, j.title.keyword, j.title.brand
    pos = find_keyword(kw, t) if kw and "SG102" in j.codes else None
    at = find_keyword(brand, t) if brand and pos is not None else None
    if pos is None or at is None or at >= pos:
        return False
    return width_before(t, pos) - display_width(t[at : at + len(brand)]) <= window


def what_if(judged: Sequence[Judged]) -> list[str]:
    """Spearman's rho of the title sub-score with each proposed change, one at a time and together.

    Weights and the profile threshold can be tried on the real linter too (--weight, --profile-set);
    the SG108 and SG102 changes need rule code, so they are simulated here by dropping the findings
    the changed rule would no longer raise (each finding costs 10, a warning's weight)."""
    from shopgen.text import display_width

    def score(j: Judged, changes: set[str]) -> int:
        penalty = 0
        for code in j.codes:
            if not code.startswith("SG1"):
                continue
            if "sg108" in changes and code == "SG108" and _sg108_only_dimensions(j):
                continue
            if "sg102" in changes and code == "SG102" and _sg102_only_brand(j, 20):
                continue
            zh_width_ok = j.title.source == "zh-ner" and display_width(j.title.text) >= 16
            if "sg104" in changes and code == "SG104" and zh_width_ok:
                continue
            penalty += 20 if code in ("SG106", "SG107") and "weights" in changes else 10
        return max(0, 100 - penalty)

    proposals = [
        ("as linted (baseline)", set()),
        ("SG108: '*' in a dimension is not special", {"sg108"}),
        ("SG102: count columns after a leading brand", {"sg102"}),
        ("SG104: taobao title_min 24 -> 16 columns", {"sg104"}),
        ("SG106, SG107 weigh 20 instead of 10", {"weights"}),
        ("all four", {"sg108", "sg102", "sg104", "weights"}),
    ]
    zh = [j for j in judged if j.title.source == "zh-ner"]
    out = ["", "What if (simulated on these findings): rho all / zh-ner / English"]
    for name, changes in proposals:
        figures = [spearman([score(j, changes) for j in g], [j.label for j in g]) for g in (judged, zh)]
        en = [j for j in judged if j.title.source != "zh-ner"]
        figures.append(spearman([score(j, changes) for j in en], [j.label for j in en]))
        out.append(f"  {name:<44} " + "  ".join(f"{f:+.3f}" for f in figures))
    return out


RELABEL_SEED = 50
RELABEL_SIZE = 50


def relabel_sheet(labels: Sequence[Label], data: str) -> list[str]:
    """The titles of the blind second labelling: 50 labelled titles drawn with a fixed seed, shuffled,
    without their first label (`source index title`; the labeller writes `source index label`)."""
    pairs = labelled_titles(labels, data)
    rng = random.Random(RELABEL_SEED)
    picked = rng.sample(pairs, RELABEL_SIZE)
    rng.shuffle(picked)
    return [f"{t.source}\t{t.index}\t{t.text}" for t, _ in picked]


def read_relabels(path: str) -> dict[tuple[str, int], int]:
    """The blind second labelling (`source index label`), if the file is there."""
    if not os.path.isfile(path):
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {(r["source"], int(r["index"])): int(r["label"]) for r in csv.DictReader(fh, delimiter="\t")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", default=LABELS)
    ap.add_argument("--relabels", default=os.path.join(HERE, "calibration", "title_relabels.tsv"))
    ap.add_argument("--data", default=DATA, help="the shared data folder (default: ../shared/data)")
    ap.add_argument("--show", type=int, default=10, help="how many disagreements to print each way (0: none)")
    ap.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="CODE=N",
        help="try a rule weight (lint.weights), e.g. --weight SG108=2; repeatable",
    )
    ap.add_argument(
        "--profile-set",
        action="append",
        default=[],
        metavar="PROFILE.FIELD=N",
        help="try a profile threshold (lint.profiles), e.g. --profile-set taobao.title_min=16; repeatable",
    )
    ap.add_argument("--relabel-sheet", action="store_true", help="print the titles of the blind second labelling")
    args = ap.parse_args(argv)
    if args.relabel_sheet:
        print("\n".join(relabel_sheet(read_labels(args.labels), args.data)))
        return 0
    # SG210 (near-duplicate descriptions) would compare the generated descriptions, which share one template.
    options: dict = {"ignore": ["SG210"]}
    if args.weight:
        options["weights"] = {k: float(v) for k, v in (w.split("=", 1) for w in args.weight)}
    for setting in args.profile_set:
        key, value = setting.split("=", 1)
        name, field = key.split(".", 1)
        options.setdefault("profiles", {}).setdefault(name, {})[field] = float(value)
    judged = judge(labelled_titles(read_labels(args.labels), args.data), options)
    print("\n".join(report(judged, read_relabels(args.relabels), args.show) + what_if(judged)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
