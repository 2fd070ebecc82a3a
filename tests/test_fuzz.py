"""The fast fuzzing profile: hostile stores (tests/fuzzstore.py) through `shopgen build` and `shopgen lint`.

Each case is the basic store plus 1-4 hostile changes drawn from a seed (hypothesis picks the seeds,
derandomized, so CI runs the same cases every time; SHOPGEN_FUZZ_CASES sets how many). Whatever the store
holds: exit 0 or 1 (lint: 2 only as "Lint stopped" for a store that does not load), no traceback, no
internal error, every error line at a place; a failed build writes nothing; a built site has no event
handler, script, frame or unsafe link target in any page, search fragment or feed, and every XML file is
well-formed. `bench/fuzz.py` runs the long profile with the real CLI in subprocesses.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzstore import make_store, output_lines_problems, output_problems, page_problems
from shopgen.cli import main

CACHE = tempfile.mkdtemp(prefix="shopgen-fuzz-cache-")
SEEN = {"built": 0, "refused": 0}


def _cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@settings(
    max_examples=int(os.environ.get("SHOPGEN_FUZZ_CASES", 250)),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.integers(0, 2**32 - 1))
def test_hostile_stores_end_in_a_safe_site_or_placed_errors(seed):
    work = tempfile.mkdtemp(prefix="shopgen-fuzz-")
    try:
        store, out = os.path.join(work, "store"), os.path.join(work, "site")
        changes = make_store(seed, store)
        res = _cli("build", store, "--out", out, "--cache-dir", CACHE, "--quiet")
        assert res.exit_code in (0, 1), (seed, changes, res.output)
        assert output_lines_problems(res.output) == [], (seed, changes, res.output)
        if res.exit_code == 0:
            SEEN["built"] += 1
            found = output_problems(out)
            assert found == {"executable": [], "xml": [], "torn": []}, (seed, changes, found)
        else:
            SEEN["refused"] += 1
            assert not os.path.exists(out), (seed, changes)  # nothing half-written
        if seed % 3 == 0:  # lint a third of them: it loads the same way, and costs as much again
            res = _cli("lint", store, "--format", "github", "--no-cache")
            assert res.exit_code in (0, 1) or "Lint stopped" in res.output, (seed, changes, res.output)
            assert output_lines_problems(res.output) == [], (seed, changes, res.output)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def test_the_fuzz_checks_catch_what_they_look_for(tmp_path):
    """The checks themselves: each kind of executable markup and a malformed feed is found."""
    bad = [
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<img src="x" onerror="alert(1)">',
        "<script>alert(1)</script>",
        '<iframe src="https://x.example"></iframe>',
        '<img srcset="a.jpg 1x, javascript:alert(1) 2x">',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    ]
    for html in bad:
        assert page_problems("p.html", html), html
    fine = '<a href="/products/x/">x</a><script type="application/ld+json">{}</script>'
    assert page_problems("p.html", fine + '<script type="module" src="/assets/search.1.js"></script>') == []
    (tmp_path / "index.html").write_text(fine)
    (tmp_path / "feed.xml").write_text("<rss>\x0b</rss>")
    assert output_problems(str(tmp_path))["xml"]
    assert output_lines_problems("catalog/a.yaml:3:1: error: x\nerror: y\n") == []
    assert output_lines_problems("Traceback (most recent call last):\n") == ["traceback"]
    assert output_lines_problems("/tmp/x: error: no place\n")
