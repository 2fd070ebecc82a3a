"""`build --shard K/N` parts merged with `shopgen merge` equal a single build byte for byte."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from conftest import ROOT, TODAY
from htmlutil import tree_bytes
from shopgen import build
from shopgen.cli import main
from shopgen.errors import ShopgenError
from shopgen.shards import in_shard, merge_shards, parse_shard


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    base = tmp_path_factory.mktemp("shards")
    cache = str(base / "cache")
    out = str(base / "single")
    build(ROOT, out=out, today=TODAY, cache_dir=cache)
    return base, cache, tree_bytes(out)


def _shards(base, cache, n, tag):
    folders = []
    for k in range(1, n + 1):
        folder = str(base / f"{tag}-{k}-of-{n}")
        build(ROOT, out=folder, today=TODAY, cache_dir=cache, shard=(k, n))
        folders.append(folder)
    return folders


@pytest.mark.parametrize("n", [1, 3])
def test_merged_shards_equal_a_single_build(single, n):
    base, cache, whole = single
    folders = _shards(base, cache, n, "part")
    sizes = [len(tree_bytes(f)) for f in folders]
    if n == 3:
        assert all(s > 10 for s in sizes)  # each shard has a real share of the pages
    merged = str(base / f"merged-{n}")
    merge_shards(merged, folders)
    assert tree_bytes(merged) == whole


def test_merge_refuses_incomplete_or_mixed_sets(single, tmp_path):
    base, cache, _ = single
    folders = _shards(base, cache, 3, "check")
    with pytest.raises(ShopgenError, match="missing shard 2/3"):
        merge_shards(str(tmp_path / "m1"), [folders[0], folders[2]])
    with pytest.raises(ShopgenError, match="given twice"):
        merge_shards(str(tmp_path / "m2"), [folders[0], folders[0], folders[2]])
    with pytest.raises(ShopgenError, match="not a shard"):
        merge_shards(str(tmp_path / "m3"), [folders[0], str(tmp_path)])
    other = str(tmp_path / "other-2")
    build(ROOT, out=other, today=TODAY, cache_dir=cache, shard=(2, 3), base_url="https://staging.example.com")
    with pytest.raises(ShopgenError, match="different versions"):
        merge_shards(str(tmp_path / "m4"), [folders[0], other, folders[2]])
    assert not os.path.exists(tmp_path / "m4")


def test_shard_assignment_is_stable_and_complete():
    files = [f"products/p{i}/index.html" for i in range(300)]
    parts = [[f for f in files if in_shard(f, (k, 4))] for k in range(1, 5)]
    assert sorted(sum(parts, [])) == sorted(files)
    assert all(40 < len(p) < 110 for p in parts)
    assert parse_shard("2/4") == (2, 4)
    for bad in ("0/4", "5/4", "x", "2-4", ""):
        with pytest.raises(ShopgenError):
            parse_shard(bad)


def test_cli_shard_and_merge(tmp_path, single):
    _, cache, whole = single
    env = {"SOURCE_DATE_EPOCH": "1795305600"}
    for k in (1, 2):
        r = CliRunner().invoke(
            main, ["build", ROOT, "--shard", f"{k}/2", "--out", str(tmp_path / f"s{k}"), "--cache-dir", cache], env=env
        )
        assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["merge", str(tmp_path / "s1"), str(tmp_path / "s2"), "--out", str(tmp_path / "site")])
    assert r.exit_code == 0 and "Merged 2 shards" in r.output
    assert tree_bytes(str(tmp_path / "site")) == whole
    bad = CliRunner().invoke(main, ["build", ROOT, "--shard", "3/2", "--out", str(tmp_path / "x")], env=env)
    assert bad.exit_code == 1 and "--shard must look like K/N" in bad.output
