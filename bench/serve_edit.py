#!/usr/bin/env python3
"""Time `shopgen serve`'s rebuild after an edit on a synthetic store (not a test; numbers go in the README).

    python bench/serve_edit.py [--products 10000] [--guides N] [--lang mixed] [--keep DIR] [--edits 5]

Runs the dev server's rebuild in this process, as `shopgen serve` does (without the HTTP server and the
file watcher): one first build, then one product's price edited per round. Reports, per round, the build
(what the open tab waits for before it reloads) and the lint of the edited listing that serve prints
after it. Every round edits another product.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import sys
import tempfile
import time

from synthetic import store_arguments, synthetic_store

HERE = os.path.dirname(os.path.abspath(__file__))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    store_arguments(ap, 10_000)
    ap.add_argument("--edits", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, os.path.join(HERE, "..", "src"))
    from shopgen import serve

    guides = args.guides if args.guides is not None else args.products // 10
    store = args.keep or os.path.join(tempfile.mkdtemp(prefix="shopgen-serve-bench-"), "store")
    synthetic_store(store, args.products, guides, "--lang", args.lang)
    files = sorted(glob.glob(os.path.join(store, "catalog", "**", "*.yaml"), recursive=True))
    lines: list[str] = []
    server = serve.DevServer(store, log=lines.append, search=False)
    t0 = time.perf_counter()
    server.rebuild()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"first build: {time.perf_counter() - t0:.2f} s ({lines[-1] if lines else ''})")
    built = []
    built_at: list[float] = []
    real_lint = server._lint_changed
    # the build ends where serve starts linting the edited listing
    server._lint_changed = lambda changed: (built_at.append(time.perf_counter()), real_lint(changed))
    for n in range(args.edits):
        path = files[(n * 7919) % len(files)]
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(re.sub(r"(?m)^price: (.*)$", lambda m: f"price: {float(m.group(1)) + 1:.2f}", text, count=1))
        rel = os.path.relpath(path, store).replace(os.sep, "/")
        lines.clear()
        t0 = time.perf_counter()
        built_at.clear()
        server.rebuild([rel])
        done = time.perf_counter()
        build_s = built_at[0] - t0
        built.append(build_s)
        rendered = next((line for line in lines if line.startswith("Rendered")), "")
        print(f"edit {n + 1}: build {build_s:.2f} s, then lint of the listing {done - built_at[0]:.2f} s  [{rendered}]")
    if built:
        print(f"median build after an edit: {sorted(built)[len(built) // 2]:.2f} s")


if __name__ == "__main__":
    main()
