"""shopgen: a static storefront builder and listing linter for e-commerce content editors."""

from .diagnostics import Diagnostic, Severity, Span
from .errors import BuildFailed, ShopgenError

__version__ = "0.1.0"
__all__ = ["build", "BuildResult", "BuildFailed", "Diagnostic", "Severity", "ShopgenError", "Span", "__version__"]


def __getattr__(name: str):
    # `build` and `BuildResult` are imported on first use: the builder pulls in Jinja2, Markdown, Pillow and the
    # linter, which a command that finds the site up to date (or lints, or prints its version) never needs.
    if name == "build":
        from .builder import build as value
    elif name == "BuildResult":
        from .result import BuildResult as value
    else:
        raise AttributeError(f"module 'shopgen' has no attribute {name!r}")
    globals()[name] = value
    return value
