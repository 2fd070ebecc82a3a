"""`shopgen lint`: find the store, load it, lint the chosen listings, decide the CI gate."""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass

from ..config import CONFIG_FILE
from ..diagnostics import Diagnostics, Severity
from ..errors import ShopgenError
from ..messages import ntr, tr
from .engine import LintResult, add_store_problems, run_rules

FAIL_ON = {"error": Severity.ERROR, "warning": Severity.WARNING, "info": Severity.INFO, "never": None}


def find_store(paths: list[str]) -> tuple[str, set[str] | None]:
    """(store root, store-relative files to lint or None for all) from the command's PATH arguments."""
    if not paths:
        paths = ["."]
    if len(paths) == 1 and os.path.isdir(paths[0]) and os.path.isfile(os.path.join(paths[0], CONFIG_FILE)):
        return os.path.abspath(paths[0]), None
    roots, files = set(), set()
    for p in paths:
        if not os.path.exists(p):
            raise ShopgenError(tr("no such file or folder: {p}", p=p))
        root = _root_of(os.path.abspath(p))
        if root is None:
            raise ShopgenError(
                tr("{p} is not inside a shopgen store (no {CONFIG_FILE} above it)", p=p, CONFIG_FILE=CONFIG_FILE)
            )
        roots.add(root)
        if os.path.isdir(p):
            for dirpath, dirs, names in os.walk(p):
                dirs.sort()
                files |= {os.path.relpath(os.path.join(dirpath, n), root).replace(os.sep, "/") for n in names}
        else:
            files.add(os.path.relpath(os.path.abspath(p), root).replace(os.sep, "/"))
    if len(roots) > 1:
        raise ShopgenError(tr("the paths belong to different stores: {stores}", stores=", ".join(sorted(roots))))
    return roots.pop(), files


def store_root(paths: list[str]) -> str | None:
    """The store the command's PATH arguments are in (the first one's), without listing files; None if none."""
    return _root_of(os.path.abspath((paths or ["."])[0]))


def _root_of(path: str) -> str | None:
    d = path if os.path.isdir(path) else os.path.dirname(path)
    while True:
        if os.path.isfile(os.path.join(d, CONFIG_FILE)):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


@dataclass
class Gate:
    failed: bool
    reason: str
    min_score: int | None
    fail_on: str

    def as_dict(self) -> dict:
        return {"failed": self.failed, "reason": self.reason, "min_score": self.min_score, "fail_on": self.fail_on}


def evaluate_gate(
    result: LintResult, min_score: int | None, fail_on: str, by_language: dict[str, int | None] | None = None
) -> Gate:
    """Whether the lint fails CI. `by_language` gives a language's own minimum score (`lint.languages`),
    which replaces `min_score` for its listings."""
    reasons = []
    by_language = by_language or {}

    def threshold(lst) -> int | None:
        return by_language.get(lst.language, min_score)

    if min_score is not None or any(v is not None for v in by_language.values()):
        low = [lst for lst in result.listings if (m := threshold(lst)) is not None and lst.score < m]
        if low:
            lowest = min(low, key=lambda x: x.score)
            reasons.append(
                ntr(
                    "{n} listing below the minimum score {min_score} (lowest: {score} in {path})",
                    "{n} listings below the minimum score {min_score} (lowest: {score} in {path})",
                    len(low),
                    min_score=threshold(lowest),
                    score=lowest.score,
                    path=lowest.path,
                )
            )
    level = FAIL_ON[fail_on]
    if level is not None:
        bad = [d for d in result.findings if d.severity >= level]
        if bad:
            reasons.append(
                ntr(
                    "{n} finding of severity {fail_on} or worse",
                    "{n} findings of severity {fail_on} or worse",
                    len(bad),
                    fail_on=fail_on,
                )
            )
    return Gate(bool(reasons), "; ".join(reasons), min_score, fail_on)


def lint_store(paths: list[str], profile: str | None = None, select=None, ignore=None, today=None, cache: bool = True):
    """Load the store named by `paths` and lint it: (site, LintResult, warnings from loading).

    With `cache`, each listing's own findings are kept in the store's `.shopgen-cache/lint-memo.json`
    and reused while the listing and the settings are unchanged (lint/memo.py).
    Problems of the store's files (SG001 … SG005) are findings too: every listing that could be read is
    still judged. Raises BuildFailed only when shopgen.yaml itself is unusable (exit 2 in the CLI).
    """
    from ..builder import load_site
    from ..fingerprint import Fingerprints
    from ..uptodate import CACHE_DIR, build_date
    from .memo import FindingsMemo

    root, only = find_store(paths)
    diags = Diagnostics()
    day = today or build_date()
    site, _images = load_site(root, diags, today=day, judge_anyway=True)
    opts = dict(site.config.lint_options)
    if select:
        opts["select"] = select
    if ignore:
        opts["ignore"] = list(opts.get("ignore") or []) + list(ignore)
    for one in site.sites:
        if profile:  # --profile wins over shopgen.yaml's, for every language
            one.config.lint_profile = profile
        one.config.lint_options = opts
    if only is not None:
        known = {x.source.path for x in [*site.products, *site.guides]}
        only = {p for p in only if p in known}
    memo = None
    if cache:
        memo = FindingsMemo.shared(os.path.join(root, CACHE_DIR, "lint-memo.json"), site, day, Fingerprints().record)
    result = run_rules(site, only_paths=only, memo=memo)
    if memo is not None:
        memo.save()
    problems = diags.sorted()
    add_store_problems(result, [d for d in problems if only is None or d.span.path in only], opts)
    gc.unfreeze()  # load_site froze the site for speed; the caller may be a long-running process
    return site, result, diags.sorted()
