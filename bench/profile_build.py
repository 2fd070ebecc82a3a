#!/usr/bin/env python3
"""Profile one full build of a synthetic store with cProfile, phase by phase (not a test).

    python bench/profile_build.py [--products 1000] [--lang mixed] [--top 25] [--sort tottime] [--keep DIR]

Rendering runs in one process here (--jobs 1) so the profile sees it; the printed phase times are the
build report's, the tables the hottest functions of the whole build and of each phase's entry point.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile

from synthetic import store_arguments, synthetic_store

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    store_arguments(ap, 1000)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    args = ap.parse_args()
    sys.path.insert(0, os.path.join(HERE, "..", "src"))
    from shopgen.builder import build

    work = tempfile.mkdtemp(prefix="shopgen-profile-")
    store = args.keep or os.path.join(work, "store")
    synthetic_store(
        store, args.products, args.products // 10 if args.guides is None else args.guides, "--lang", args.lang
    )
    profiler = cProfile.Profile()
    profiler.enable()
    result = build(store, out=os.path.join(work, "public"), full=True, jobs=1)
    profiler.disable()
    print(f"machine: {os.cpu_count()} cores; {result.pages} pages; phases (s, under the profiler): {result.timings}")
    stats = pstats.Stats(profiler, stream=(buf := io.StringIO()))
    stats.sort_stats(args.sort).print_stats(args.top)
    print(buf.getvalue())
    for entry in ("load_site", "check_listings", "plan", "render_pages", "sitemap_files"):
        buf = io.StringIO()
        pstats.Stats(profiler, stream=buf).sort_stats("cumulative").print_stats(rf"\b{entry}\b")
        line = next((x for x in buf.getvalue().splitlines() if f"({entry})" in x), "")
        print(f"{entry:16s} {line.strip()}")


if __name__ == "__main__":
    main()
