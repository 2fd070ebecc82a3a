"""Builds killed (SIGKILL) after each phase and at random moments leave the complete previous site or the
complete new one, and the next build succeeds with a verified cache."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from htmlutil import tree_bytes
from shopgen.uptodate import CRASH_AFTER_PHASE
from test_images import photo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _build(store, out, cache, extra_env: dict | None = None):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1795305600", **(extra_env or {}))
    return subprocess.Popen(
        [sys.executable, "-m", "shopgen", "build", store, "--out", out, "--cache-dir", cache, "-q"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _run(store, out, cache):
    proc = _build(store, out, cache)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_builds_leave_a_complete_site(store, tmp_path):
    for i in range(6):  # enough image work that kills land in every phase
        photo(os.path.join(store.root, f"catalog/images/extra{i}.jpg"), (1800, 1400))
    extra = "".join(f"  - {{src: images/extra{i}.jpg, alt: LED desk lamp photo {i}}}\n" for i in range(6))
    store.write(
        {
            "catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace(
                "    alt: White LED desk lamp on an oak desk\n", "    alt: White LED desk lamp on an oak desk\n" + extra
            )
        }
    )
    out, cache = str(tmp_path / "public"), str(tmp_path / "cache")
    _run(store.root, out, cache)
    previous = tree_bytes(out)
    pristine = str(tmp_path / "pristine")
    shutil.copytree(out, pristine)
    # the change: new text and a new photo, so the next build has pages and images to make
    store.write({"catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace("Flicker-free", "Glare-free")})
    photo(os.path.join(store.root, "catalog/images/extra5.jpg"), (1700, 1300))
    shutil.rmtree(cache)
    t0 = time.perf_counter()
    _run(store.root, str(tmp_path / "reference"), str(tmp_path / "ref-cache"))
    duration = time.perf_counter() - t0
    new = tree_bytes(str(tmp_path / "reference"))
    assert new != previous

    def attempt(env: dict | None = None, after: float | None = None) -> tuple[int, str]:
        """One build into a copy of the previous site (with images to make), killed by itself after the
        phase `env` names, or by us `after` seconds; (return code, which site the output folder holds)."""
        shutil.rmtree(out)
        shutil.copytree(pristine, out)
        shutil.rmtree(cache, ignore_errors=True)
        proc = _build(store.root, out, cache, env)
        if after is not None:
            time.sleep(after)
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
        got = tree_bytes(out)
        assert got in (previous, new), "the output folder is neither the previous nor the new site"
        return proc.returncode, "previous" if got == previous else "new"

    # Deterministic: the build kills itself after each of its phases in turn (load, plan, images, render,
    # write, search, state ...) until one runs to the end. Before the swap the previous site stays, after it
    # the new one: both must be seen, however slow or busy the machine.
    outcomes = {"previous": 0, "new": 0}
    for n in range(1, 30):
        code, site = attempt({CRASH_AFTER_PHASE: str(n)})
        if code == 0:
            assert site == "new"
            break
        assert code == -signal.SIGKILL, code
        outcomes[site] += 1
    else:
        raise AssertionError("the build never ran to the end")
    assert outcomes["previous"] >= 2 and outcomes["new"] >= 1, outcomes
    # And at random moments inside the phases (writing files, making images): the same guarantee.
    rng = random.Random(20261122)
    for _ in range(4):
        attempt(after=rng.uniform(0.05, duration))
    # the next build succeeds and equals a clean build, whatever the kills left in the cache
    _run(store.root, out, cache)
    assert tree_bytes(out) == new
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".public.")]


def test_corrupted_cache_entries_are_never_published(store, tmp_path):
    out, cache = str(tmp_path / "public"), str(tmp_path / "cache")
    first = store.build(out=out, cache_dir=cache)
    assert first.images.processed == 2
    good = tree_bytes(out)
    victim = sorted(n for n in os.listdir(cache) if n.endswith(".webp"))[0]
    with open(os.path.join(cache, victim), "r+b") as fh:
        fh.truncate(100)  # as if the disk or another program damaged it
    second = store.build(out=out, cache_dir=cache)
    assert second.images.processed == 1
    assert tree_bytes(out) == good


def _workers_of(pid: int) -> list[int]:
    """The shopgen processes whose parent is `pid` (from /proc)."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{name}/cmdline", "rb") as fh:
                cmd = fh.read()
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid and b"shopgen" in cmd:
            found.append(int(name))
    return found


def _alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting for init to reap it)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_build_leaves_no_worker_processes(store, tmp_path):
    extra = ""
    for i in range(8):  # image work for every core, for a while
        photo(os.path.join(store.root, f"catalog/images/extra{i}.jpg"), (2000, 1500))
        extra += f"  - {{src: images/extra{i}.jpg, alt: LED desk lamp photo {i}}}\n"
    anchor = "    alt: White LED desk lamp on an oak desk\n"
    store.write({"catalog/lamp.yaml": store.source("catalog/lamp.yaml").replace(anchor, anchor + extra)})
    proc = _build(store.root, str(tmp_path / "public"), str(tmp_path / "cache"))
    try:
        deadline = time.monotonic() + 60
        workers = []
        while not workers and proc.poll() is None and time.monotonic() < deadline:
            workers = _workers_of(proc.pid)
            time.sleep(0.01)
        assert workers, "the build started no worker process"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)  # leave the machine clean whatever the result
    assert not left, f"{len(left)} worker processes outlived their killed build"
