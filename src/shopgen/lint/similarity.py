"""Near-duplicate descriptions across a catalog, for Latin and Chinese text alike.

Texts become sets of 4-token shingles (a token is a Latin word or one Chinese character), each
shingle hashed from its tokens' CRC-32s (the same numbers on every run). A bottom-k sketch (the 32
smallest hashes among the shingles that are not boilerplate shared by many texts) finds the candidate
pairs cheaply; candidates are then compared exactly (Jaccard similarity of the sets).
"""

from __future__ import annotations

import zlib
from bisect import bisect_right
from collections import Counter, defaultdict
from itertools import chain, islice

from ..markup import strip_markdown
from ..text import words

SHINGLE = 4
SKETCH = 32
MIN_SHARED = 12  # sketch values (of 32) two texts must share to be compared exactly
THRESHOLD = 0.8  # Jaccard similarity from which two descriptions are near-duplicates
MAX_POSTING = 200  # a sketch value shared by more texts than this is boilerplate, not evidence


class _TokenIds(dict):
    """Word -> its CRC-32, computed on first sight (`__missing__` keeps the lookups in C)."""

    def __missing__(self, word: str) -> int:
        n = self[word] = zlib.crc32(word.encode("utf-8"))
        return n


_TOKEN_IDS = _TokenIds()


def shingles(text: str) -> frozenset[int]:
    """The hashed shingles (runs of SHINGLE tokens) of a text."""
    t = list(map(_TOKEN_IDS.__getitem__, words(strip_markdown(text))))
    # A tuple of ints hashes the same in every process (strings do not), so sketches are reproducible;
    # zip stops at the shortest list, so only whole shingles are made.
    return frozenset(map(hash, zip(*(t[i:] for i in range(SHINGLE)), strict=False)))


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def near_duplicates(products, threshold: float = THRESHOLD) -> dict[str, list[tuple[object, float]]]:
    """SKU -> [(other product, similarity)] for every pair of descriptions at least `threshold` alike."""
    items = [p for p in products if p.description]
    sets = {i: s for i, p in enumerate(items) if len(s := shingles(p.description)) >= 10}
    # Shingles most texts share (template sentences) say nothing about which two are copies:
    # sketch each text by its rarest shingles instead.
    df = Counter(chain.from_iterable(sets.values()))
    limit = max(MAX_POSTING, len(sets) // 50)
    common = {h for h, n in df.items() if n > limit}
    postings: dict[int, list[int]] = defaultdict(list)
    sketches: dict[int, list[int]] = {}
    for i, s in sets.items():
        sketches[i] = sorted(s - common)[:SKETCH]
        for h in sketches[i]:
            postings[h].append(i)
    out: dict[str, list[tuple[object, float]]] = defaultdict(list)
    for a, sketch in sketches.items():
        # how many sketch values each later text shares with this one, counted in C (posting lists are in
        # ascending order, so each pair is counted once, from its first text)
        later = (islice(postings[h], bisect_right(postings[h], a), None) for h in sketch)
        shared = Counter(chain.from_iterable(later))
        for b in sorted(b for b, n in shared.items() if n >= MIN_SHARED):
            sim = jaccard(sets[a], sets[b])
            if sim >= threshold:
                out[items[a].sku].append((items[b], sim))
                out[items[b].sku].append((items[a], sim))
    return out
