"""Exceptions that end a command. User errors exit 1 with a message; nothing here prints a traceback."""

from __future__ import annotations

from .diagnostics import Diagnostic
from .messages import ntr


class ShopgenError(Exception):
    """A problem the user can fix (bad store folder, bad option). Exit code 1."""

    exit_code = 1


class BuildFailed(ShopgenError):
    """The build found errors in the store; `diagnostics` holds every finding of the run."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        n = sum(1 for d in diagnostics if d.severity.name == "ERROR")
        super().__init__(ntr("build failed: {n} error", "build failed: {n} errors", n))
