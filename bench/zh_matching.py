#!/usr/bin/env python3
"""Measure Chinese keyword matching on real product titles: shopgen's character matching vs jieba words.

    pip install jieba            # only for this measurement; shopgen does not depend on it
    python bench/zh_matching.py [../shared/data/zh-product-titles-ner/train.txt.bieos]

The data: 3,989 real Simplified-Chinese product titles with human-annotated product words (HC).
The task is the one shopgen's title rules perform: does a title contain a given product keyword?
- positives: each title with each product word annotated in it;
- negatives: each title with a product word annotated in another title but not in this one.
A method is scored on recall (positives found) and precision (of the pairs it says match, the share
the annotators marked). Negatives whose keyword appears literally inside the title are counted
apart: annotators mark only the main product word, so such a "false" match may still be right.
"""

from __future__ import annotations

import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "..", "shared", "data", "zh-product-titles-ner", "train.txt.bieos")


def read_titles(path: str) -> list[tuple[str, set[str]]]:
    titles, chars, tags = [], [], []

    def flush():
        if chars:
            words, cur = set(), ""
            for ch, tag in zip(chars, tags, strict=True):
                if tag in ("B-HC", "I-HC"):
                    cur += ch
                elif tag == "E-HC":
                    words.add(cur + ch)
                    cur = ""
                elif tag == "S-HC":
                    words.add(ch)
                else:
                    cur = ""
            titles.append(("".join(chars), words))
        chars.clear()
        tags.clear()

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 2 and parts[0]:
                chars.append(parts[0])
                tags.append(parts[1])
            else:
                flush()
    flush()
    return [(t, w) for t, w in titles if w]


def jieba_match(jieba, cache: dict, keyword: str, title: str) -> bool:
    """The keyword is a run of whole jieba words of the title."""
    if title not in cache:
        bounds, pos = {0}, 0
        for tok in jieba.lcut(title):
            pos += len(tok)
            bounds.add(pos)
        cache[title] = bounds
    bounds = cache[title]
    start = title.find(keyword)
    while start >= 0:
        if start in bounds and start + len(keyword) in bounds:
            return True
        start = title.find(keyword, start + 1)
    return False


def main() -> None:
    sys.path.insert(0, os.path.join(HERE, "..", "src"))
    import jieba

    from shopgen.text import find_keyword

    jieba.setLogLevel(60)
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    data = read_titles(path)
    rng = random.Random(42)
    vocab = sorted({w for _t, ws in data for w in ws})
    pos = [(w, t) for t, ws in data for w in sorted(ws)]
    neg = []
    for t, ws in data:
        for w in rng.sample(vocab, 3):
            if w not in ws:
                neg.append((w, t))
    literal_neg = sum(1 for w, t in neg if w in t)
    cache: dict = {}
    methods = {
        "shopgen characters": lambda w, t: find_keyword(w, t) is not None,
        "jieba words": lambda w, t: jieba_match(jieba, cache, w, t),
    }
    print(
        f"{len(data)} titles, {len(pos)} positive pairs, {len(neg)} negative pairs "
        f"({literal_neg} negatives contain the keyword literally)"
    )
    for name, fn in methods.items():
        t0 = time.perf_counter()
        tp = sum(fn(w, t) for w, t in pos)
        fp_pairs = [(w, t) for w, t in neg if fn(w, t)]
        took = time.perf_counter() - t0
        fp = len(fp_pairs)
        literal = sum(1 for w, t in fp_pairs if w in t)
        print(
            f"{name:<20} recall {tp / len(pos):.3f}  precision {tp / (tp + fp):.3f}  "
            f"(false matches {fp}, of which literal {literal})  {took:.2f}s"
        )
    misses = [(w, t) for w, t in pos if not jieba_match(jieba, cache, w, t)][:5]
    print("jieba misses, e.g.:", "; ".join(f"{w} in {t}" for w, t in misses))


if __name__ == "__main__":
    main()
