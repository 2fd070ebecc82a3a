"""The synthetic store the benchmarks use: ../shared/bench/gen_store.py, run once per folder."""

from __future__ import annotations

import os
import subprocess
import sys

GEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench", "gen_store.py")


def synthetic_store(folder: str, products: int, guides: int, *extra: str) -> str:
    """Generate the seeded store into `folder` unless one is there already; returns `folder`."""
    if not os.path.isfile(os.path.join(folder, "shopgen.yaml")):
        subprocess.run(
            [sys.executable, GEN, folder, "--products", str(products), "--guides", str(guides), *extra],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return folder


def store_arguments(ap, products: int, keep: str = "generate into this folder (reused when it exists)") -> None:
    """The options every benchmark takes to choose its synthetic store."""
    ap.add_argument("--products", type=int, default=products)
    ap.add_argument("--guides", type=int, default=None, help="default: products / 10")
    ap.add_argument("--lang", choices=["en", "zh-CN", "mixed"], default="mixed")
    ap.add_argument("--keep", help=keep)
