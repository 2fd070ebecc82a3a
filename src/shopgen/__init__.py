"""shopgen: a static storefront builder and listing linter for e-commerce content editors."""

from .build import BuildResult, build
from .diagnostics import Diagnostic, Severity, Span
from .errors import BuildFailed, ShopgenError

__version__ = "0.1.0"
__all__ = ["build", "BuildResult", "BuildFailed", "Diagnostic", "Severity", "ShopgenError", "Span", "__version__"]
