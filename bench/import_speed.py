#!/usr/bin/env python3
"""Time `shopgen import shopify` of a synthetic 10,000-row Shopify export (not a test; numbers go in the README).

    python bench/import_speed.py [--rows 10000] [--keep DIR]

The export is seeded and shaped like a real one (tests use ../shared/data/exports/shopify): products with
4 variant rows (Size), an HTML body, two image rows, compare-at prices, barcodes, and a third of the variant
SKUs left empty. It times, each in a new process: the first import into an empty store, a second import of the
same export (nothing to write) and an import after every price changed.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

COLUMNS = [
    "Handle", "Title", "Body (HTML)", "Vendor", "Type", "Tags", "Published", "Option1 Name", "Option1 Value",
    "Variant SKU", "Variant Inventory Tracker", "Variant Inventory Qty", "Variant Inventory Policy", "Variant Price",
    "Variant Compare At Price", "Variant Barcode", "Image Src", "Image Position", "Image Alt Text", "SEO Title",
    "SEO Description", "Variant Image",
]  # fmt: skip
SIZES = ("S", "M", "L", "XL")
WORDS = "soft cotton linen wool oak lamp desk travel mug kettle backpack merino classic light warm".split()


def _gtin(rng: random.Random) -> str:
    body = "".join(rng.choice("0123456789") for _ in range(12))
    total = sum(int(ch) * (3 if i % 2 == 0 else 1) for i, ch in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def write_export(path: str, rows: int, bump: int = 0, seed: int = 7) -> int:
    """A Shopify product CSV with `rows` data rows; `bump` cents are added to every price. Returns products."""
    rng = random.Random(seed)
    written = products = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, COLUMNS)
        out.writeheader()
        while written < rows:
            products += 1
            handle = f"product-{products:05d}"
            title = " ".join(rng.choice(WORDS).title() for _ in range(4)) + f" {products}"
            body = (
                f"<p>The <b>{title}</b> for every day.</p><ul><li>{rng.choice(WORDS)}</li><li>30-day returns</li></ul>"
            )
            images = [f"https://cdn.example.com/{handle}-{n}.jpg" for n in (1, 2)]
            for i, size in enumerate(SIZES):
                if written >= rows:
                    break
                price = rng.randint(500, 20000) + bump
                row = {
                    "Handle": handle,
                    "Option1 Value": size,
                    "Variant SKU": "" if rng.random() < 0.33 else f"SKU-{products:05d}-{size}",
                    "Variant Inventory Tracker": "shopify",
                    "Variant Inventory Qty": str(rng.randint(0, 20)),
                    "Variant Inventory Policy": rng.choice(("deny", "continue")),
                    "Variant Price": f"{price // 100}.{price % 100:02d}",
                    "Variant Compare At Price": f"{price // 100 + 10}.00" if rng.random() < 0.3 else "",
                    "Variant Barcode": _gtin(rng),
                    "Variant Image": images[i % 2],
                }
                if i == 0:
                    row.update(
                        {
                            "Title": title, "Body (HTML)": body, "Vendor": "Acme", "Type": rng.choice(WORDS).title(),
                            "Tags": ", ".join(rng.sample(WORDS, 3)), "Published": "true", "Option1 Name": "Size",
                            "SEO Title": title, "SEO Description": f"{title}, made to last.",
                        }
                    )  # fmt: skip
                if i < 2:
                    row.update({"Image Src": images[i], "Image Position": str(i + 1), "Image Alt Text": title})
                out.writerow(row)
                written += 1
    return products


def _timed(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "shopgen", *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"shopgen import failed ({done.returncode}):\n{done.stderr[-2000:]}")
    print("   ", done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip().splitlines()[-1])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", help="Keep the store and the export in this folder.")
    args = parser.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="shopgen-import-bench-")
    store = os.path.join(work, "store")
    shutil.rmtree(store, ignore_errors=True)
    os.makedirs(store)
    with open(os.path.join(store, "shopgen.yaml"), "w", encoding="utf-8") as fh:
        fh.write("name: Bench\nbase_url: https://shop.example.com\ncurrency: USD\n")
    export = os.path.join(work, "products.csv")
    products = write_export(export, args.rows)
    print(f"{args.rows} rows, {products} products, {os.cpu_count()} CPUs")
    first = _timed(["import", "shopify", export, "--into", store])
    print(f"first import:  {first:.2f} s")
    again = _timed(["import", "shopify", export, "--into", store])
    print(f"same export again: {again:.2f} s")
    write_export(export, args.rows, bump=100)
    changed = _timed(["import", "shopify", export, "--into", store])
    print(f"every price changed: {changed:.2f} s")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
