"""What a build did: pages, files, images, warnings and timings, and the JSON report made of them.

Kept apart from the builder so that `shopgen build` can report an up-to-date output folder without importing
the builder at all (see `uptodate.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import Diagnostic, Severity


@dataclass
class ImageStats:
    sources: int = 0  # source images the site uses
    files: int = 0  # variant files published
    processed: int = 0  # source images decoded this build (cache misses)
    cached: int = 0  # source images whose every variant came from the cache (hits)
    failed: dict[str, str] = field(default_factory=dict)  # source path -> why it could not be processed


@dataclass
class BuildResult:
    out: str
    pages: int
    files: int
    seconds: float
    diagnostics: list[Diagnostic] = field(default_factory=list)
    pages_by_kind: dict[str, int] = field(default_factory=dict)
    images: ImageStats = field(default_factory=ImageStats)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase
    rendered: list[tuple[str, str]] = field(default_factory=list)  # (file, why) of the pages rendered
    kept: int = 0  # pages taken over unchanged from the last build
    up_to_date: bool = False  # nothing changed since the last build: nothing was done
    written: bool = False  # the output folder was replaced (False: it was already what this build makes)
    from_spare: bool = False  # started from the site the last build replaced, changing only what differs

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == Severity.WARNING]


def report_data(result: BuildResult) -> dict:
    """The machine-readable build summary `shopgen build --report build.json` writes."""
    im = result.images
    return {
        "out": result.out,
        "pages": result.pages,
        "pages_by_kind": dict(sorted(result.pages_by_kind.items())),
        "files": result.files,
        "seconds": round(result.seconds, 3),
        "timings": result.timings,
        "images": {"sources": im.sources, "files": im.files, "processed": im.processed, "cached": im.cached},
        "up_to_date": result.up_to_date,
        "kept": result.kept,
        "from_spare": result.from_spare,
        "rendered": [{"file": f, "why": why} for f, why in result.rendered],
        "warnings": _entries(result.warnings),
        "status": "up_to_date" if result.up_to_date else "built",
    }


def _entries(diagnostics: list[Diagnostic]) -> list[dict]:
    return [
        {"path": d.span.path, "line": d.span.line, "column": d.span.col, "code": d.code, "message": d.message}
        for d in diagnostics
    ]


def failure_report(diagnostics: list[Diagnostic], why: str) -> dict:
    """The `--report` of a build that failed: its status, why, and every error and warning it found."""
    return {
        "status": "failed",
        "why": why,
        "errors": _entries([d for d in diagnostics if d.severity == Severity.ERROR]),
        "warnings": _entries([d for d in diagnostics if d.severity == Severity.WARNING]),
    }
