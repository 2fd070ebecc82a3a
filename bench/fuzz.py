#!/usr/bin/env python3
"""The long fuzzing profile: hostile stores through the real command line (not a test; figures go in
docs/security.md).

    python bench/fuzz.py [--cases 10000] [--seed 0] [--jobs N] [--timeout 30]

Each case is a store from `tests/fuzzstore.py` (the basic store plus 1-4 hostile changes, from its seed).
It runs `shopgen build`, then `shopgen lint`, each a subprocess of `python -m shopgen` with a time limit,
and counts: internal errors (exit 2 from build, or "internal error" anywhere), hangs (the time limit hit),
tracebacks, error lines without a place, executable links or handlers and malformed XML in what build
wrote, torn outputs (a failed build that left an output folder, or a site missing pages its sitemap
lists). Failing seeds are printed so one case can be run again with `--seed S --cases 1`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))
sys.path.insert(0, os.path.join(HERE, "..", "src"))

from fuzzstore import make_store, output_lines_problems, output_problems  # noqa: E402

COUNTS = [
    "internal errors",
    "hangs",
    "tracebacks",
    "errors without a place",
    "executable links/handlers",
    "malformed XML",
    "torn outputs",
]


def _run(args: list[str], cwd: str, timeout: float) -> tuple[int | None, str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795000000", "LANGUAGE": "en", "PYTHONHASHSEED": "0"}
    env.pop("SHOPGEN_LANG", None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "shopgen", *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return None, ""
    return done.returncode, done.stdout + done.stderr


def _command(name: str, args: list[str], cwd: str, timeout: float, ok: tuple[int, ...], counts, notes) -> int | None:
    """Run one command and count what went wrong in what it printed; its exit code (None: time limit)."""
    code, text = _run(args, cwd, timeout)
    if code is None:
        counts["hangs"] += 1
        notes.append(f"{name}: time limit")
    elif code not in ok and not (name == "lint" and "Lint stopped" in text):  # lint: 2 for a store that won't load
        counts["internal errors"] += 1
        notes.append(f"{name}: exit {code}: {text[-300:]}")
    for problem in output_lines_problems(text):
        counts[
            {"traceback": "tracebacks", "internal error": "internal errors"}.get(problem, "errors without a place")
        ] += 1
        notes.append(f"{name}: {problem}")
    return code


def one_case(seed: int, timeout: float) -> tuple[int, Counter, list[str], str]:
    """(seed, counts, notes, outcome) of one hostile store."""
    counts: Counter = Counter()
    notes: list[str] = []
    work = tempfile.mkdtemp(prefix="shopgen-fuzz-")
    store = os.path.join(work, "store")
    try:
        make_store(seed, store)
        out = os.path.join(work, "site")
        code = _command("build", ["build", store, "--out", out], work, timeout, (0, 1), counts, notes)
        if code == 0:
            found = output_problems(out)
            counts["executable links/handlers"] += len(found["executable"])
            counts["malformed XML"] += len(found["xml"])
            counts["torn outputs"] += bool(found["torn"])
            notes += [p for kind in found.values() for p in kind][:10]
        elif code is not None and os.path.exists(out):
            counts["torn outputs"] += 1
            notes.append("build failed but wrote an output folder")
        lint = ["lint", store, "--format", "github", "--no-cache"]
        _command("lint", lint, work, timeout, (0, 1), counts, notes)
        return seed, counts, notes, {0: "built", 1: "refused"}.get(code, "other")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0, help="the first case's seed; case i uses seed + i")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds per command (a hang beyond it counts)")
    args = ap.parse_args()
    totals: Counter = Counter()
    outcomes: Counter = Counter()
    failing: list[tuple[int, list[str]]] = []
    started = time.perf_counter()
    with ThreadPoolExecutor(args.jobs) as pool:
        for seed, counts, notes, outcome in pool.map(
            lambda s: one_case(s, args.timeout), range(args.seed, args.seed + args.cases)
        ):
            totals.update(counts)
            outcomes[outcome] += 1
            if notes and sum(counts.values()):
                failing.append((seed, notes))
                print(f"seed {seed}: " + "; ".join(notes[:3]), file=sys.stderr, flush=True)
            done = sum(outcomes.values())
            if done % 100 == 0:
                print(f"{done}/{args.cases} cases, {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)
    print(f"cases: {args.cases} (seeds {args.seed}..{args.seed + args.cases - 1}), {args.jobs} at a time")
    print(f"built: {outcomes['built']}, refused with errors: {outcomes['refused']}, other: {outcomes['other']}")
    for name in COUNTS:
        print(f"{name}: {totals[name]}")
    print(f"failing seeds: {', '.join(str(s) for s, _ in failing[:50]) or 'none'}")
    print(f"time: {time.perf_counter() - started:.0f}s")
    sys.exit(1 if failing else 0)


if __name__ == "__main__":
    main()
