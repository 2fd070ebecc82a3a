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
