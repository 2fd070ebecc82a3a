"""Lint rules: a stable code, a name, a default severity and documentation, registered once.

A rule is a function decorated with `@rule(...)`. Its docstring is its documentation, with
`## Why` and `## Example` sections; `shopgen lint --explain CODE` and `docs/rules.md` come from it.
The builder runs the rules marked `at_build` (title keyword, title length, alt text), so the
build and the linter share one implementation of each check.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..diagnostics import Diagnostic, Severity, Span
from ..messages import ptr

REGISTRY: dict[str, Rule] = {}


@dataclass(frozen=True)
class Finding:
    """What a rule reports: where, what is wrong, what to do."""

    span: Span
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    scopes: tuple[str, ...]  # what it checks: "product", "guide"
    at_build: bool
    check: Callable[..., Iterator[Finding]]
    # Reads other listings (duplicate titles, guides leading to a product …), not only its own: its findings
    # are never kept between runs (lint/memo.py), as an edit elsewhere may change them.
    catalog_wide: bool = False
    # (cache key, make(ctx)) of a catalog-wide index that takes seconds to build: the linter has a worker
    # process build it while the others lint (the rule reads it with ctx.cached(key, …))
    costly_index: tuple[str, Callable] | None = None
    # The fields whose absence the rule reports: while a field has an error of its own (a price that is not a
    # number), the rule stays quiet about it, so a build that fails reports the error once, not twice.
    fields: tuple[str, ...] = ()
    # The markets whose law or practice the rule applies (markets.MARKETS); empty: every market.
    markets: tuple[str, ...] = ()

    def applies_to(self, markets: set[str]) -> bool:
        """Whether the rule judges a listing sold in `markets`."""
        return not self.markets or not markets.isdisjoint(self.markets)

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def summary_en(self) -> str:
        """The docstring's first line: the catalog key of `summary`."""
        return self.doc.split("\n", 1)[0]

    @property
    def summary(self) -> str:
        """The docstring's first line, in the editor's language."""
        return ptr(f"{self.code} summary", self.summary_en)

    def section(self, name: str) -> str:
        """The text of the docstring's `## name` section."""
        parts = self.doc.split("\n## ")
        for part in parts[1:]:
            head, _, body = part.partition("\n")
            if head.strip().lower() == name.lower():
                return body.strip("\n")
        return ""

    @property
    def why_en(self) -> str:
        """The `## Why` section as one paragraph: the catalog key of `why`."""
        return " ".join(self.section("Why").split())

    @property
    def why(self) -> str:
        """The `## Why` section as one paragraph, in the editor's language."""
        return ptr(f"{self.code} why", self.why_en)

    @property
    def example(self) -> str:
        return self.section("Example")

    def diagnostic(self, f: Finding, severity: Severity | None = None) -> Diagnostic:
        return Diagnostic(severity or self.severity, f.span, f.message, self.code, f.hint)


def rule(
    code: str,
    name: str,
    severity: Severity,
    scopes: tuple[str, ...] = ("product",),
    at_build: bool = False,
    catalog_wide: bool = False,
    costly_index: tuple[str, Callable] | None = None,
    fields: tuple[str, ...] = (),
    markets: tuple[str, ...] = (),
):
    def register(fn):
        if code in REGISTRY:
            raise ValueError(f"lint rule code {code} is registered twice")
        REGISTRY[code] = Rule(
            code, name, severity, scopes, at_build, fn, catalog_wide, costly_index, fields=fields, markets=markets
        )
        return fn

    return register
