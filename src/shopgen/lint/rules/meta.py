"""Rules about the lint configuration itself."""

from __future__ import annotations

from ...diagnostics import Severity
from ..rule import rule


@rule("SG901", "unused-suppression", Severity.WARNING, scopes=("product", "guide"))
def unused_suppression(item, ctx):
    """A suppression silences a rule that reports nothing on this listing.

    ## Why
    A forgotten `lint: {ignore: [...]}` or `<!-- shopgen-lint: ignore ... -->` hides the next real
    problem of that kind. The engine reports these itself after running the other rules.

    ## Example
        lint: {ignore: [SG103]}     # the title was shortened long ago
    Use instead: remove the suppression.
    """
    return iter(())
