"""Near-duplicate descriptions across a catalog, for Latin and Chinese text alike.

Texts become sets of 4-token shingles (a token is a Latin word or one Chinese character), each
shingle hashed with CRC-32. A bottom-k sketch (the 32 smallest hashes among the shingles that
are not boilerplate shared by many texts) finds the candidate pairs cheaply; candidates are then
compared exactly (Jaccard similarity of the sets).
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict

from ..markup import strip_markdown
from ..text import words

SHINGLE = 4
SKETCH = 32
MIN_SHARED = 12  # sketch values (of 32) two texts must share to be compared exactly
THRESHOLD = 0.8  # Jaccard similarity from which two descriptions are near-duplicates
MAX_POSTING = 200  # a sketch value shared by more texts than this is boilerplate, not evidence


def shingles(text: str) -> frozenset[int]:
    tokens = words(strip_markdown(text))
    return frozenset(
        zlib.crc32(" ".join(tokens[i : i + SHINGLE]).encode("utf-8")) for i in range(len(tokens) - SHINGLE + 1)
    )


def jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def near_duplicates(products, threshold: float = THRESHOLD) -> dict[str, list[tuple[object, float]]]:
    """SKU -> [(other product, similarity)] for every pair of descriptions at least `threshold` alike."""
    items = [p for p in products if p.description]
    sets = {i: s for i, p in enumerate(items) if len(s := shingles(p.description)) >= 10}
    # Shingles most texts share (template sentences) say nothing about which two are copies:
    # sketch each text by its rarest shingles instead.
    df = Counter(h for s in sets.values() for h in s)
    limit = max(MAX_POSTING, len(sets) // 50)
    postings: dict[int, list[int]] = defaultdict(list)
    for i, s in sets.items():
        for h in sorted(h for h in s if df[h] <= limit)[:SKETCH]:
            postings[h].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in postings.values():
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
