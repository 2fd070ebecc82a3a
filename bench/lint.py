#!/usr/bin/env python3
"""Lint a synthetic catalog and report listings per second (not a test; numbers go in the README).

    python bench/lint.py [--products 10000] [--guides 1000] [--lang mixed] [--keep DIR]

Generates the store with ../shared/bench/gen_store.py (seeded, so every run lints the same
catalog), then times the phases of `shopgen lint`: loading and validation, then the rules.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time

from synthetic import store_arguments, synthetic_store

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    store_arguments(ap, 10_000)
    args = ap.parse_args()
    sys.path.insert(0, os.path.join(HERE, "..", "src"))
    from shopgen.builder import load_site
    from shopgen.diagnostics import Diagnostics
    from shopgen.lint import run_rules

    guides = args.guides if args.guides is not None else args.products // 10
    store = args.keep or os.path.join(tempfile.mkdtemp(prefix="shopgen-lint-bench-"), "store")
    synthetic_store(store, args.products, guides, "--lang", args.lang)
    t0 = time.perf_counter()
    site, _images = load_site(store, Diagnostics(), today=dt.date(2026, 11, 22))
    t1 = time.perf_counter()
    result = run_rules(site)
    t2 = time.perf_counter()
    n = len(result.listings)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(
        f"catalog: {len(site.products)} products + {len(site.guides)} guides ({args.lang}), "
        f"{len(result.findings)} findings, catalog score {result.catalog_score}"
    )
    print(f"load + validate + enrich + images: {t1 - t0:6.2f} s")
    print(f"rules ({len(result.rules)}):              {t2 - t1:6.2f} s")
    print(
        f"total:                            {t2 - t0:6.2f} s  ->  {n / (t2 - t0):,.0f} listings/s "
        f"(rules alone {n / (t2 - t1):,.0f} listings/s)"
    )


if __name__ == "__main__":
    main()
