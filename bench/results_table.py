#!/usr/bin/env python3
"""Print the side-by-side results of ../shared/bench/run.sh as the Markdown table in the README.

    python bench/results_table.py bench/results/2026-11-22.json

One row per catalog and tool: median cold build (output and caches removed first) and peak memory, median
rebuild with nothing changed, and shopgen's ratios to Hugo and Eleventy on the same run.

run.sh clears shopgen's output folder between cold runs but not the image cache inside the store
(`.shopgen-cache/`), so only shopgen's first cold run of the image case is cold: that run is reported.
"""

from __future__ import annotations

import json
import sys


def _cell(measure: dict, key: str, fmt: str) -> str:
    value = measure.get(key)
    return fmt.format(value) if value is not None else measure.get("status", "-")


def table(results: dict) -> str:
    rows = [
        "| catalog | tool | cold build | peak RSS | rebuild, nothing changed | shopgen ÷ Hugo | shopgen ÷ Eleventy |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for case in results["cases"]:
        tools = case["tools"]
        if case.get("images") and tools.get("shopgen", {}).get("cold", {}).get("runs"):
            first = tools["shopgen"]["cold"]["runs"][0]
            tools["shopgen"]["cold"].update(
                median_wall_s=first.get("wall"), median_max_rss_mb=round(first.get("rss_kb", 0) / 1024, 1), first=True
            )
        cold = {t: e.get("cold", {}).get("median_wall_s") for t, e in tools.items()}
        rss = {t: e.get("cold", {}).get("median_max_rss_mb") for t, e in tools.items()}
        rebuild = {t: e.get("rebuild", {}).get("median_wall_s") for t, e in tools.items()}
        what = f"{case['products']:,} products" + (
            f" × {case['images_per_product']} photos" if case.get("images") else f" + {case['guides']:,} guides"
        )
        for name, entry in tools.items():
            ratios = ["", ""]
            if name == "shopgen" and cold.get("shopgen"):
                for i, peer in enumerate(("hugo", "eleventy")):
                    if cold.get(peer) and rebuild.get(peer):
                        ratios[i] = (
                            f"cold {cold['shopgen'] / cold[peer]:.2f}, RSS {rss['shopgen'] / rss[peer]:.2f}, "
                            f"rebuild {rebuild['shopgen'] / cold[peer]:.3f}"
                        )
            runs = entry.get("cold", {}).get("n")
            note = " (first run)" if entry.get("cold", {}).get("first") else f" (n={runs})" if runs and runs < 3 else ""
            rows.append(
                f"| {what} | {name} | {_cell(entry.get('cold', {}), 'median_wall_s', '{:.2f} s')}{note} "
                f"| {_cell(entry.get('cold', {}), 'median_max_rss_mb', '{:.0f} MB')} "
                f"| {_cell(entry.get('rebuild', {}), 'median_wall_s', '{:.2f} s')} | {ratios[0]} | {ratios[1]} |"
            )
    return "\n".join(rows)


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as fh:
        print(table(json.load(fh)))


if __name__ == "__main__":
    main()
