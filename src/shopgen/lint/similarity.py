"""Near-duplicate descriptions across a catalog, for Latin and Chinese text alike.

Texts become sets of 4-token shingles (a token is a Latin word or one Chinese character), each
shingle hashed with CRC-32. A bottom-k sketch (the 32 smallest hashes) of every text finds the
candidate pairs cheaply; candidates are then compared exactly (Jaccard similarity of the sets).
"""

from __future__ import annotations

import zlib
from collections import defaultdict

from ..markup import strip_markdown
from ..text import words

SHINGLE = 4
SKETCH = 32
MIN_SHARED = 8  # sketch values two texts must share to be compared exactly
THRESHOLD = 0.8  # Jaccard similarity from which two descriptions are near-duplicates
MAX_POSTING = 2000  # a sketch value shared by more texts than this is boilerplate, not evidence


def shingles(text: str) -> frozenset[int]:
    tokens = words(strip_markdown(text))
    return frozenset(
        zlib.crc32(" ".join(tokens[i : i + SHINGLE]).encode("utf-8")) for i in range(len(tokens) - SHINGLE + 1)
    )


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def near_duplicates(products, threshold: float = THRESHOLD) -> dict[str, list[tuple[object, float]]]:
    """SKU -> [(other product, similarity)] for every pair of descriptions at least `threshold` alike."""
    sets = {}
    postings: dict[int, list[int]] = defaultdict(list)
    items = [p for p in products if p.description]
    for i, p in enumerate(items):
        s = shingles(p.description)
        if len(s) < 10:
            continue
        sets[i] = s
        for h in sorted(s)[:SKETCH]:
            postings[h].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in postings.values():
        if len(ids) > MAX_POSTING:
            continue
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                shared[ids[x], ids[y]] += 1
    out: dict[str, list[tuple[object, float]]] = defaultdict(list)
    for (a, b), n in sorted(shared.items()):
        if n < MIN_SHARED:
            continue
        sim = jaccard(sets[a], sets[b])
        if sim >= threshold:
            out[items[a].sku].append((items[b], sim))
            out[items[b].sku].append((items[a], sim))
    return out
