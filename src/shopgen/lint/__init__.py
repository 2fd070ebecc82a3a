"""Listing checks shared by `shopgen build` (the `at_build` rules) and `shopgen lint`."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass

import yaml

from ..diagnostics import Diagnostic, Severity
from ..text import match_form
from . import rules  # noqa: F401  (registers the rules)
from .profiles import Profile, get_profile
from .rule import REGISTRY, Rule

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


@functools.cache
def _data_list(name: str) -> frozenset[str]:
    with open(os.path.join(DATA, name), encoding="utf-8") as fh:
        return frozenset(match_form(str(x)) for x in yaml.safe_load(fh))


@dataclass
class LintContext:
    profile: Profile
    generic_alt: frozenset[str]


def make_context(config) -> LintContext:
    overrides = (config.lint_options.get("profiles") or {}).get(config.lint_profile)
    return LintContext(
        profile=get_profile(config.lint_profile, overrides if isinstance(overrides, dict) else None),
        generic_alt=_data_list("generic_alt.yaml"),
    )


def _selected(config, at_build: bool) -> list[Rule]:
    opts = config.lint_options
    ignore = set(opts.get("ignore", []))
    select = opts.get("select")
    out = []
    for code, r in sorted(REGISTRY.items()):
        if at_build and not r.at_build:
            continue
        if any(code.startswith(prefix) for prefix in ignore):
            continue
        if select and not any(code.startswith(prefix) for prefix in select):
            continue
        out.append(r)
    return out


def check_listings(site, at_build: bool = False) -> list[Diagnostic]:
    """Run the rules over every product and guide; `at_build` limits them to the build's checks."""
    config = site.config
    ctx = make_context(config)
    severities = {
        k: Severity[v.upper()]
        for k, v in (config.lint_options.get("severity") or {}).items()
        if v.upper() in Severity.__members__
    }
    out: list[Diagnostic] = []
    chosen = _selected(config, at_build)
    for scope, items in (("product", site.products), ("guide", site.guides)):
        for item in items:
            for r in chosen:
                if scope not in r.scopes:
                    continue
                if r.code in item.lint_ignore:
                    continue
                for finding in r.check(item, ctx):
                    out.append(r.diagnostic(finding, severities.get(r.code)))
    return out
