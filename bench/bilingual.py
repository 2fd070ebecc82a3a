#!/usr/bin/env python3
"""Time a cold build of a bilingual synthetic store (not a test; numbers go in the README).

    python bench/bilingual.py [--products 10000] [--guides N] [--keep DIR]

Generates the seeded English store (../shared/bench/gen_store.py), then makes it bilingual the way an editor
would: `languages: [en, zh-CN]` in shopgen.yaml, an `i18n.zh-CN` block in every product (title, summary,
description, highlights; the text is the English text marked as a translation, which costs the build what a
real translation costs) and a `<slug>.zh-CN.md` file for every other guide (the rest fall back to English).
Then times one cold `shopgen build --no-search` in a new process (caches deleted first) with its peak RSS.
"""

from __future__ import annotations

import argparse
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


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def make_bilingual(store: str) -> None:
    """Add the Chinese translations described above to the English store in `store` (once)."""
    cfg = os.path.join(store, "shopgen.yaml")
    with open(cfg, encoding="utf-8") as fh:
        text = fh.read()
    if "languages:" in text:
        return
    with open(cfg, "w", encoding="utf-8") as fh:
        fh.write(re.sub(r"(?m)^language: .*$", "language: en\nlanguages: [en, zh-CN]", text, count=1))
    for dirpath, _dirs, files in os.walk(os.path.join(store, "catalog")):
        for name in files:
            if not name.endswith(".yaml"):
                continue
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8") as fh:
                doc = fh.read()
            title = re.search(r"(?m)^title: (.*)$", doc)
            summary = re.search(r"(?m)^summary: (.*)$", doc)
            if not title:
                continue
            block = ["i18n:", "  zh-CN:", f"    title: {_quoted('中文 ' + title.group(1).strip(chr(34)))}"]
            if summary:
                block.append(f"    summary: {_quoted('中文版 ' + summary.group(1).strip(chr(34)))}")
            block.append("    description: |")
            block += ["      这是中文说明。", "", "      适合小空间使用，做工扎实，细节可靠。"]
            with open(path, "a", encoding="utf-8") as fh:
                fh.write("\n" + "\n".join(block) + "\n")
    guides = os.path.join(store, "content", "guides")
    for i, name in enumerate(sorted(os.listdir(guides))):
        if name.endswith(".md") and name.count(".") == 1 and i % 2 == 0:
            shutil.copyfile(os.path.join(guides, name), os.path.join(guides, name[:-3] + ".zh-CN.md"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    store_arguments(ap, 10_000)
    args = ap.parse_args()
    guides = args.guides if args.guides is not None else args.products // 10
    store = args.keep or os.path.join(tempfile.mkdtemp(prefix="shopgen-bilingual-bench-"), "store")
    synthetic_store(store, args.products, guides, "--lang", "en")
    make_bilingual(store)
    out = os.path.join(os.path.dirname(store), "public")
    for folder in (os.path.join(store, ".shopgen-cache"), out, os.path.join(os.path.dirname(out), ".public.spare")):
        shutil.rmtree(folder, ignore_errors=True)
    report = os.path.join(os.path.dirname(store), "report.json")
    cmd = ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "shopgen", "build", store, "--out", out]
    cmd += ["--no-search", "-q", "--report", report]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    wall = time.perf_counter() - t0
    with open(report, encoding="utf-8") as fh:
        data = json.load(fh)
    rss = int(done.stderr.strip().splitlines()[-1]) // 1024
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"bilingual store: {args.products} products + {guides} guides, en + zh-CN")
    print(f"cold build: {wall:.2f} s, peak RSS {rss} MB, {data['pages']} pages {data['pages_by_kind']}")
    print(f"phases: {data.get('timings')}")


if __name__ == "__main__":
    main()
