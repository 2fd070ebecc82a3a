"""Listing checks shared by `shopgen build` (the `at_build` rules) and `shopgen lint` (all rules)."""

from .engine import LintResult, Listing, check_listings, run_rules
from .rule import REGISTRY, Rule

__all__ = ["LintResult", "Listing", "REGISTRY", "Rule", "check_listings", "run_rules"]
