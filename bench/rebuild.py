#!/usr/bin/env python3
"""Time shopgen's rebuilds on a synthetic store (not a test; numbers go in the README).

    python bench/rebuild.py [--products 10000] [--guides N] [--lang mixed] [--keep DIR]

Runs `shopgen build` as a user would (a new process each time, Python start-up included):
1. cold: no output folder, no build state;
2. no change: the same command again (nothing may be rendered or written);
3. one product edited (its price): only its dependants are rendered; the build report says which;
4. another product edited: the same, now starting from the spare site the last build replaced (what an
   editor's second and later edits cost);
5. one template edited (the product card): every page that shows it is rendered again;
and checks after step 5 that the output equals a clean build's byte for byte. `--no-search` builds without
the search index.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from synthetic import store_arguments, synthetic_store

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def build(store: str, out: str, *extra: str) -> tuple[float, dict]:
    report = os.path.join(os.path.dirname(out), "report.json")
    cmd = [sys.executable, "-m", "shopgen", "build", store, "--out", out, "-q", "--report", report, *extra]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    with open(report, encoding="utf-8") as fh:
        return wall, json.load(fh)


def same_tree(a: str, b: str) -> bool:
    cmp = filecmp.dircmp(a, b)
    stack = [cmp]
    while stack:
        c = stack.pop()
        if c.left_only or c.right_only or c.funny_files:
            return False
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        if mismatch or errors:
            return False
        stack.extend(c.subdirs.values())
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    store_arguments(ap, 10_000, "generate into this folder once and edit a copy of it")
    ap.add_argument("--no-search", action="store_true", help="build without the search index")
    args = ap.parse_args()
    guides = args.guides if args.guides is not None else args.products // 10
    work = tempfile.mkdtemp(prefix="shopgen-rebuild-bench-")
    store = os.path.join(work, "store")
    if args.keep:  # a generated store kept between runs; the edits below go to a fresh copy of it
        synthetic_store(args.keep, args.products, guides, "--lang", args.lang)
        shutil.copytree(args.keep, store, ignore=shutil.ignore_patterns(".shopgen-cache", "themes"))
    else:
        synthetic_store(store, args.products, guides, "--lang", args.lang)
    out = os.path.join(work, "public")
    env_note = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"

    extra = ["--no-search"] if args.no_search else []
    cold, r = build(store, out, "--full", *extra)
    rows = [("cold", cold, r)]
    rows.append(("no change", *build(store, out, *extra)))
    products = sorted(
        os.path.join(d, f) for d, _, fs in os.walk(os.path.join(store, "catalog")) for f in fs if f.endswith(".yaml")
    )
    for name, product in (("one product edited", products[0]), ("another product edited", products[-1])):
        with open(product, encoding="utf-8") as fh:
            text = fh.read()
        with open(product, "w", encoding="utf-8") as fh:
            fh.write(re.sub(r"(?m)^price: (.*)$", lambda m: f"price: {float(m.group(1)) + 1:.2f}", text, count=1))
        rows.append((name, *build(store, out, *extra)))
    card = os.path.join(store, "themes", "default", "templates", "partials", "product-card.html")
    os.makedirs(os.path.dirname(card), exist_ok=True)
    with open(os.path.join(ROOT, "themes", "default", "templates", "partials", "product-card.html")) as fh:
        original = fh.read()
    with open(card, "w", encoding="utf-8") as fh:
        fh.write(original.replace('class="card"', 'class="card tile"'))
    rows.append(("card template edited", *build(store, out, *extra)))
    clean = os.path.join(work, "clean")
    build(store, clean, "--full", *extra)
    identical = same_tree(out, clean)

    print(f"machine: {env_note}; store: {args.products} products + {guides} guides ({args.lang})")
    print(f"{'build':24s} {'wall s':>8s} {'rendered':>9s} {'kept':>7s}  phases (s)")
    for name, wall, rep in rows:
        rendered = len(rep.get("rendered", []))
        print(f"{name:24s} {wall:8.2f} {rendered:9d} {rep.get('kept', 0):7d}  {rep.get('timings')}")
    print(f"after the edits, output identical to a clean build: {identical}")
    if not identical:
        sys.exit(1)


if __name__ == "__main__":
    main()
