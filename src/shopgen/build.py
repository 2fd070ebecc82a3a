"""`shopgen build`: load -> validate -> enrich -> check -> render -> write, all problems reported together."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from dataclasses import dataclass, field

from .diagnostics import Diagnostic, Diagnostics, Severity
from .enrich import Site, enrich
from .errors import BuildFailed
from .image_variants import ImageStats, ensure_variants, publish
from .images import all_images, prepare_images
from .lint import check_listings
from .load import load_store
from .render import OutputPage, Renderer
from .sitemap import sitemap_files
from .themes import Theme
from .validate import validate_store
from .write import Staging, check_output_dir


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

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == Severity.WARNING]


CACHE_DIR = ".shopgen-cache"


def image_cache_dir(root: str, cache_dir: str | None = None) -> str:
    return os.path.abspath(cache_dir or os.path.join(root, CACHE_DIR, "images"))


def build_date() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH for reproducible builds (it decides which sales run)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def _check_templates(site: Site, theme: Theme, diags: Diagnostics) -> None:
    cfg = site.config
    if cfg.theme != "default" and not os.path.isdir(os.path.join(site.store.root, "themes", cfg.theme)):
        diags.error(
            cfg.source.span("theme"),
            f"theme '{cfg.theme}' not found: there is no themes/{cfg.theme}/ folder in the store",
            "create the folder or remove 'theme:'",
        )
    for item in [*site.products, *site.guides, *site.pages]:
        if item.template and not theme.has_template(item.template):
            diags.error(
                item.source.span("template"),
                f"unknown template '{item.template}'",
                "available templates: " + ", ".join(n for n in theme.template_names() if not n.startswith("partials/")),
            )


def _check_duplicates(pages: list[OutputPage], diags: Diagnostics) -> None:
    seen: dict[str, OutputPage] = {}
    for page in pages:
        if page.file in seen:
            other = seen[page.file]
            diags.error(
                page.source,
                f"output conflict: this and {other.source} both write {page.file}",
                "give one of them a distinct slug",
                related=[other.source],
            )
        else:
            seen[page.file] = page


def load_site(
    root: str,
    diags: Diagnostics,
    base_url: str | None = None,
    today: dt.date | None = None,
    cache_dir: str | None = None,
    write_cache: bool = True,
):
    """Load, validate and enrich the store and plan its images: (Site, [VariantJob]).

    Raises BuildFailed when the store's files break the contract; `diags` keeps the warnings.
    """
    store = validate_store(load_store(root, diags), diags, base_url)
    if store is None:
        raise BuildFailed(diags.sorted())
    site = enrich(store, today or build_date(), diags)
    jobs = prepare_images(root, site, site.config.images, diags, image_cache_dir(root, cache_dir), write_cache)
    if diags.errors:
        raise BuildFailed(diags.sorted())
    return site, jobs


class _Phases:
    """Wall time of each build phase, for the build report."""

    def __init__(self):
        self.times: dict[str, float] = {}
        self._last = time.perf_counter()

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.times[name] = round(now - self._last, 4)
        self._last = now


def _progress(label: str, items, enabled: bool):
    """Yield `items`, drawing `label: n/N` on the terminal when `enabled` (never in CI logs)."""
    total = len(items)
    for n, item in enumerate(items, 1):
        if enabled and (n == total or n % 50 == 0):
            sys.stderr.write(f"\r{label}: {n}/{total}" + ("\n" if n == total else ""))
            sys.stderr.flush()
        yield item


def build(
    store_root: str,
    out: str | None = None,
    base_url: str | None = None,
    strict: bool = False,
    today: dt.date | None = None,
    cache_dir: str | None = None,
    progress: bool = False,
    dry_run: bool = False,
) -> BuildResult:
    """Build the store at `store_root` into `out` (default `<store>/public`).

    Image variants are kept in `cache_dir` (default `<store>/.shopgen-cache/images`) between builds.
    With `dry_run` everything is checked and rendered in memory, and nothing is written (`shopgen check`).
    Raises BuildFailed with every diagnostic when there are errors (or warnings with `strict`);
    the output folder is then left as it was.
    """
    started = time.perf_counter()
    phases = _Phases()
    root = os.path.abspath(store_root)
    out = os.path.abspath(out or os.path.join(root, "public"))
    if not dry_run:
        check_output_dir(root, out)
    diags = Diagnostics()

    site, image_jobs = load_site(root, diags, base_url, today, cache_dir, write_cache=not dry_run)
    phases.done("load")
    theme = Theme(root, site.config.theme, site.config.language)
    _check_templates(site, theme, diags)
    diags.extend(check_listings(site, at_build=True))
    phases.done("check")
    if diags.errors or (strict and diags.warnings):
        raise BuildFailed(_strict(diags.sorted(), strict))

    renderer = Renderer(site, theme, diags)
    pages = list(renderer.plan())
    _check_duplicates(pages, diags)
    rendered = [(page, renderer.render(page)) for page in _progress("Pages", pages, progress)]
    extra = sitemap_files(site, theme, pages)
    phases.done("render")
    if diags.errors or (strict and diags.warnings):
        raise BuildFailed(_strict(diags.sorted(), strict))
    kinds: dict[str, int] = {}
    for page in pages:
        kinds[page.kind] = kinds.get(page.kind, 0) + 1
    result = BuildResult(
        out="" if dry_run else out,
        pages=len(pages),
        files=0,
        seconds=0.0,
        diagnostics=diags.sorted(),
        pages_by_kind=kinds,
        timings=phases.times,
    )
    if dry_run:
        result.seconds = time.perf_counter() - started
        return result

    cache = image_cache_dir(root, cache_dir)
    result.images = ensure_variants(image_jobs, cache, progress=progress)
    if result.images.failed:
        for owner, image in all_images(site):
            problem = result.images.failed.get(os.path.join(root, *image.src.split("/")))
            if problem:
                diags.error(
                    image.at or owner.source.span(*image.key),
                    f"image {image.src}: {problem}",
                    "replace the file with an undamaged JPEG, PNG or WebP photo",
                )
        raise BuildFailed(diags.sorted())
    phases.done("images")
    staging = Staging(out)
    try:
        for page, html in rendered:
            staging.write_text(page.file, html)
        for rel, text in extra:
            staging.write_text(rel, text)
        publish(image_jobs, cache, staging.dir)
        staging.files += len(image_jobs)
        for asset in theme.assets.values():
            staging.copy(asset.source, asset.url.lstrip("/"))
        staging.commit()
    except BaseException:
        staging.discard()
        raise
    phases.done("write")
    result.files = staging.files
    result.seconds = time.perf_counter() - started
    return result


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
        "warnings": [
            {"path": d.span.path, "line": d.span.line, "column": d.span.col, "code": d.code, "message": d.message}
            for d in result.warnings
        ],
    }


def _strict(items: list[Diagnostic], strict: bool) -> list[Diagnostic]:
    if not strict:
        return items
    return [
        Diagnostic(Severity.ERROR, d.span, d.message, d.code, d.hint, d.related)
        if d.severity == Severity.WARNING
        else d
        for d in items
    ]
