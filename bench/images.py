#!/usr/bin/env python3
"""Time the image pipeline: N photo-like images (~2000 px), cold and warm (cache), with peak memory.

    python bench/images.py [--products 200] [--per-product 2] [--keep DIR]

The store comes from ../shared/bench/gen_store.py (seeded photo-like JPEGs of 2000x2000 and
1600x1200, 200-800 KB each, the same set the side-by-side benchmark gives Hugo and Eleventy).
Each build runs `shopgen build` in a child process, timed from outside; the peak memory is the
child's maximum resident set size. Not a test: the figures go in the README.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

from synthetic import synthetic_store


def run_build(store: str, out: str, cache: str) -> tuple[float, float, str]:
    """(seconds, peak RSS of the build in MiB, the summary line)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "shopgen", "build", store, "--out", out, "--cache-dir", cache, "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.perf_counter() - t0
    if proc.returncode not in (0,):
        sys.exit(f"build failed:\n{proc.stderr[-3000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return took, max(peak, before) / 1024, proc.stdout.strip().splitlines()[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--products", type=int, default=200)
    ap.add_argument("--per-product", type=int, default=2)
    ap.add_argument("--keep", help="generate the store into this folder (reused when it exists)")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="shopgen-img-bench-")
    store = synthetic_store(
        args.keep or os.path.join(work, "store"),
        args.products,
        0,
        "--images",
        str(args.products * args.per_product),
        "--images-per-product",
        str(args.per_product),
    )
    out, cache = os.path.join(work, "public"), os.path.join(work, "cache")
    shutil.rmtree(cache, ignore_errors=True)
    cold, cold_rss, cold_line = run_build(store, out, cache)
    warm, warm_rss, warm_line = run_build(store, out, cache)
    n = sum(1 for d, _s, fs in os.walk(os.path.join(store, "catalog")) for f in fs if f.endswith(".jpg"))
    files = len(os.listdir(os.path.join(out, "images")))
    size = sum(os.path.getsize(os.path.join(out, "images", f)) for f in os.listdir(os.path.join(out, "images")))
    print(f"machine: {os.cpu_count()} cores; {n} source images, {files} variant files ({size / 2**20:.0f} MiB)")
    print(f"cold: {cold:6.2f} s  {n / cold:6.1f} images/s  peak RSS {cold_rss:5.0f} MiB   | {cold_line}")
    print(f"warm: {warm:6.2f} s  {n / warm:6.1f} images/s  peak RSS {warm_rss:5.0f} MiB   | {warm_line}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
