"""`shopgen build`: load -> validate -> enrich -> check -> render -> write, all problems reported together."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import sys
import time

from .alternates import Alternates
from .diagnostics import CODE_IMAGE, Diagnostic, Diagnostics, Severity
from .enrich import Site, enrich_languages
from .errors import BuildFailed
from .feeds import feed_files
from .fingerprint import Fingerprints, bytes_digest, digest, text_digest
from .image_variants import ensure_variants, publish, variants_to_make
from .images import local_images, prepare_images
from .incremental import (
    BuildState,
    diagnostics_to_json,
    marker_id,
    save_state,
)
from .lint import check_listings
from .lint.memo import FindingsMemo
from .load import load_store
from .messages import mark, tr
from .outlock import holding_output_lock, store_owner
from .pagefind import build_indexes, engine_digest
from .parse_cache import ParseCache
from .part_cache import PartCache
from .render import OutputPage, Renderer
from .render_pool import render_pages, workers_for
from .result import BuildResult, ImageStats
from .search import INDEX_DIR, searchable, split
from .shards import in_shard, write_shard_manifest
from .sitemap import sitemap_files
from .themes import Theme
from .uptodate import CACHE_DIR, Check, build_date, check, state_dir
from .validate import validate_store
from .write import Staging, remove, spare_path


def image_cache_dir(root: str, cache_dir: str | None = None) -> str:
    return os.path.abspath(cache_dir or os.path.join(root, CACHE_DIR, "images"))


def _check_templates(site: Site, theme: Theme, diags: Diagnostics) -> None:
    cfg = site.config
    if cfg.theme != "default" and not os.path.isdir(os.path.join(site.store.root, "themes", cfg.theme)):
        diags.error(
            cfg.source.span("theme"),
            tr("theme '{theme}' not found: there is no themes/{theme}/ folder in the store", theme=cfg.theme),
            tr("create the folder or remove 'theme:'"),
        )
    for item in [*site.products, *site.guides, *site.pages]:
        if item.template and not theme.has_template(item.template):
            diags.error(
                item.source.span("template"),
                tr("unknown template '{template}'", template=item.template),
                tr(
                    "available templates: {names}",
                    names=", ".join(n for n in theme.template_names() if not n.startswith("partials/")),
                ),
            )


def _check_duplicates(pages: list[OutputPage], diags: Diagnostics) -> None:
    seen: dict[str, OutputPage] = {}
    for page in pages:
        if page.file in seen:
            other = seen[page.file]
            diags.error(
                page.source,
                tr("output conflict: this and {source} both write {file}", source=other.source, file=page.file),
                tr("give one of them a distinct slug"),
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
    judge_anyway: bool = False,
):
    """Load, validate and enrich the store and plan its images: (Site, [VariantJob]).

    Raises BuildFailed when the store's files break the contract; `diags` keeps the warnings. With
    `judge_anyway` (the linter) a store with errors is returned too, every listing that could be read in it,
    unless shopgen.yaml itself is unusable. Every problem of loading carries a code (SG001 … SG005).
    The loaded site is frozen out of the garbage collector's reach (`gc.freeze`); a long-running
    caller gives it back with `gc.unfreeze()` when done with the site.
    """
    # Loading makes a million small objects and no garbage cycles: the cyclic collector only costs time
    # there (a fifth of the load). Frozen afterwards, the site is not scanned again either, and forked
    # render workers do not copy its memory pages by touching them.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        cache = ParseCache.shared(os.path.dirname(state_dir(root, cache_dir)), root) if write_cache else None
        store = validate_store(load_store(root, diags, cache), diags, base_url)
        if cache is not None:
            cache.save()  # with the records just validated
        if store is None:
            diags.code_store_problems()
            raise BuildFailed(diags.sorted())
        site = enrich_languages(store, today or build_date(), diags)
        jobs = prepare_images(root, site, site.config.images, diags, image_cache_dir(root, cache_dir), write_cache)
        diags.code_store_problems()
        if diags.errors and not judge_anyway:
            # One pass: the listings that could be read are still judged, so the editor sees every problem
            # of the store at once, errors and the copy's warnings alike.
            diags.extend(check_listings(site, at_build=True))
    finally:
        gc.freeze()
        if gc_was_on:
            gc.enable()
    if diags.errors and not judge_anyway:
        raise BuildFailed(diags.sorted())
    return site, jobs


class _Progress:
    """`label: n/N` on the terminal when enabled (never in CI logs)."""

    def __init__(self, label: str, total: int, enabled: bool):
        self.label, self.total, self.enabled, self.done = label, total, enabled, 0

    def __call__(self, n: int) -> None:
        self.done += n
        if self.enabled and self.total:
            end = "\n" if self.done >= self.total else ""
            sys.stderr.write("\r" + tr(self.label) + f": {self.done}/{self.total}{end}")
            sys.stderr.flush()


def _unfreezing(fn):
    """Give the objects a build froze out of the garbage collector's reach back when it ends (serve builds
    again and again in one process)."""

    @functools.wraps(fn)
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        finally:
            gc.unfreeze()

    return run


@holding_output_lock
@_unfreezing
def build(
    store_root: str,
    out: str | None = None,
    base_url: str | None = None,
    strict: bool = False,
    today: dt.date | None = None,
    cache_dir: str | None = None,
    progress: bool = False,
    dry_run: bool = False,
    jobs: int | None = None,
    full: bool = False,
    shard: tuple[int, int] | None = None,
    search: bool | None = None,
    checked: Check | None = None,
) -> BuildResult:
    """Build the store at `store_root` into `out` (default `<store>/public`).

    Image variants are kept in `cache_dir` (default `<store>/.shopgen-cache/images`) between builds, with
    the state of the last build of each output folder: a rebuild renders only the pages whose inputs
    changed (`full` renders everything) and does nothing at all when no input changed.
    `jobs` caps the processes used for rendering (default: one per CPU core).
    `shard=(k, n)` builds the k-th of n deterministic parts of the site, for `shopgen merge`.
    `search=False` leaves out the site search (box, page and index) whatever shopgen.yaml says.
    With `dry_run` everything is checked and rendered in memory, and nothing is written (`shopgen check`).
    `checked` is what `uptodate.check` found for the same arguments just before, when the caller asked first.
    Raises BuildFailed with every diagnostic when there are errors (or warnings with `strict`);
    the output folder is then left as it was.
    """
    c = checked or check(store_root, out, base_url, strict, today, cache_dir, dry_run, full, shard, search)
    if c.result is not None:
        return c.result
    root, out, states, day, options, previous, phases = c.root, c.out, c.states, c.day, c.options, c.previous, c.phases
    diags = Diagnostics()

    site, image_jobs = load_site(root, diags, base_url, day, cache_dir, write_cache=not dry_run)
    if search is False:
        for one in site.sites:
            one.config.search = False
    phases.done("load")
    theme = Theme(root, site.config.theme, site.config.language)
    _check_templates(site, theme, diags)
    fp = Fingerprints()
    # what the build-time rules read besides each listing: shopgen, shopgen.yaml, the day, the language
    memo = FindingsMemo.shared(
        None if dry_run else os.path.join(os.path.dirname(states), "lint-findings.json"), site, day, fp.record
    )

    def run_checks() -> None:
        diags.extend(check_listings(site, at_build=True, memo=memo))

    renderers = _renderers(site, theme, diags, fp)
    pages = [page for one in site.sites for page in renderers[one.language].plan()]
    _check_duplicates(pages, diags)
    alternates = _alternates(site, renderers, pages)
    site_digest = digest(renderers[one.language].site_digest() for one in site.sites)
    prints = [digest([site_digest, p.template, p.url, *p.deps, alternates.digest(p.url)]) for p in pages]
    mine = [i for i, p in enumerate(pages) if shard is None or in_shard(p.file, shard)]
    shared = shard is None or shard[0] == 1  # sitemap, robots.txt and theme assets: written once
    phases.done("plan")

    parts = PartCache(None if dry_run else os.path.join(os.path.dirname(states), "parts"), read=not full)

    def shared_files() -> list[tuple[str, str]]:
        if not shared:
            return []
        salt = digest([site_digest, day.isoformat()])  # what feed items show besides their product
        feeds = [f for s in site.sites for f in feed_files(s, renderers[s.language].theme, parts, fp.record, salt)]
        parts.prune()
        shares = dict(f for r in renderers.values() for f in r.share_files())
        return [*sitemap_files(site, theme, pages, alternates), *feeds, *sorted(shares.items())]

    def checks_then_shared_files() -> list[tuple[str, str]]:
        started = time.perf_counter()
        run_checks()
        phases.times["check_while_rendering"] = round(time.perf_counter() - started, 4)
        return shared_files()

    if shard is not None:
        image_jobs = [j for j in image_jobs if in_shard("images/" + j.name, shard)]
    kinds: dict[str, int] = {}
    for i in mine:
        kinds[pages[i].kind] = kinds.get(pages[i].kind, 0) + 1
    result = BuildResult(
        out="" if dry_run else out,
        pages=len(mine),
        files=0,
        seconds=0.0,
        pages_by_kind=kinds,
        timings=phases.times,
    )
    old = previous.pages if previous is not None and not dry_run else {}
    keep = [i for i in mine if old.get(pages[i].file) == prints[i] and os.path.isfile(os.path.join(out, pages[i].file))]
    kept = set(keep)
    todo = [i for i in mine if i not in kept]
    workers = workers_for(len(todo), jobs)
    cache = image_cache_dir(root, cache_dir)
    spare = _usable_spare(previous, out) if shard is None and not dry_run else None
    waiting = {} if dry_run else variants_to_make(image_jobs, cache)
    phases.done("images")  # reading the cached variants is image work, whatever comes next
    # The listing checks run while the pages render when the render runs on other cores, no image is waiting
    # to be made (a build with errors must not make the editor wait for minutes of images first) and no
    # spare site is reused (a failed build discards the spare it started from).
    overlap = not dry_run and workers > 1 and spare is None and not waiting
    if not overlap:
        run_checks()
        phases.done("check")
        if diags.errors or (strict and diags.warnings):
            raise BuildFailed(_strict(diags.sorted(), strict))
    if dry_run:
        for page in pages:
            renderers[page.lang].render(page)
        shared_files()
        phases.done("render")
        if diags.errors or (strict and diags.warnings):
            raise BuildFailed(_strict(diags.sorted(), strict))
        result.diagnostics = diags.sorted()
        result.seconds = time.perf_counter() - phases.started
        return result

    result.images = _make_images(site, image_jobs, cache, progress, diags, waiting)
    phases.done("images")

    # The sitemap and feeds are made while the pages render, unless no page needs rendering: then they
    # decide whether the output changed at all.
    extra = shared_files() if not todo else None
    others = {"images/" + j.name: "" for j in image_jobs}
    if shared:
        others.update({a.url.lstrip("/"): "" for a in theme.assets.values()})
    # The index covers every page, so a sharded build leaves it to `shopgen merge`.
    search_parts = _search_parts(site, fp, site_digest, pages, prints) if site.config.search and shard is None else []
    others.update({key: d for _k, key, d, _files in search_parts})
    if extra is not None:
        others.update({rel: text_digest(text) if isinstance(text, str) else bytes_digest(text) for rel, text in extra})
    result.rendered = _reasons(previous, site_digest, fp.paths, pages, prints, todo)
    result.kept = len(keep)
    state = BuildState(
        options=options,
        inputs={},
        marker=[],
        site=site_digest,
        pages={pages[i].file: prints[i] for i in mine},
        records=dict(sorted(fp.paths.items())),
        # image sources, and the cached variants the output links to: a damaged cache file is made again
        sources=sorted(
            {os.path.join(root, *im.src.split("/")) for _, im in local_images(site)}
            | {os.path.join(cache, job.name) for job in image_jobs}
            | {os.path.join(root, *f.split("/")) for f in (site.config.share_image, site.config.share_font) if f}
        ),
        files=others,
    )
    unchanged = (
        previous is not None
        and extra is not None
        and not result.images.processed  # a remade variant is a new file to publish
        and previous.files == others
        and set(old) == set(state.pages)
    )
    if unchanged:
        phases.done("render")
        result.files = previous.summary.get("files", 0)
        state.spare = previous.spare
    else:
        staging = Staging(out, reuse=spare is not None, owner=store_owner(root))
        try:
            spare = spare if staging.reused else None
            result.from_spare = spare is not None
            if spare is not None:
                _prune_spare(staging, spare, state)
            for i in keep:
                if spare is not None and spare.get(pages[i].file) == prints[i]:
                    staging.files += 1  # the spare has this very page
                    continue
                staging.link(os.path.join(out, pages[i].file), pages[i].file)
            bar = _Progress(mark("Pages"), len(todo), progress)
            meanwhile = (checks_then_shared_files if overlap else shared_files) if todo else None
            made = render_pages(renderers, pages, todo, staging.dir, workers, bar, meanwhile)
            if extra is None:
                extra = made
                state.files.update(
                    {rel: text_digest(text) if isinstance(text, str) else bytes_digest(text) for rel, text in extra}
                )
            staging.files += len(todo)
            phases.done("render")
            if diags.errors or (strict and diags.warnings):
                raise BuildFailed(_strict(diags.sorted(), strict))
            _write_shared(staging, extra, image_jobs, cache, theme if shared else None)
            if search_parts:
                phases.done("write")
                _search_index(staging, out, previous, search_parts, jobs, spare)
                phases.done("search")
            if shard is not None:
                write_shard_manifest(staging, shard, site_digest, site.config.search)
            if staging.commit(keep_spare=previous is not None and shard is None):
                # the folder just replaced is the site `previous` describes
                state.spare = {"marker": marker_id(spare_path(out)), "files": {**previous.pages, **previous.files}}
        except BaseException:
            staging.discard()
            raise
        result.files = staging.files
        result.written = True
        phases.done("write")
    result.diagnostics = diags.sorted()
    state.inputs = c.inputs(state.sources)
    state.marker = marker_id(out)
    state.summary = _summary(result)
    save_state(states, out, state)
    phases.done("state")
    result.seconds = time.perf_counter() - phases.started
    return result


def _renderers(site: Site, theme: Theme, diags: Diagnostics, fp: Fingerprints) -> dict[str, Renderer]:
    """A renderer for each language of the store, by language tag, all counting records in `fp`."""
    out = {site.language: Renderer(site, theme, diags, fp)}
    for other in site.sites[1:]:
        out[other.language] = Renderer(other, Theme(site.store.root, other.config.theme, other.language), diags, fp)
    return out


def _alternates(site: Site, renderers: dict[str, Renderer], pages: list[OutputPage]) -> Alternates:
    """The language versions of every page, given to each renderer before it renders."""
    langs = [s.language for s in site.sites]
    alternates = Alternates(
        pages,
        langs,
        {lang: renderers[lang].theme.t("language_name", lang) for lang in langs},
        {s.language: s.url("/") for s in site.sites},
        site.config.base_url,
    )
    for r in renderers.values():
        r.alternates = alternates
    return alternates


def _make_images(site: Site, jobs, cache: str, progress: bool, diags: Diagnostics, todo) -> ImageStats:
    """Make the image variants not in the cache yet (`todo`, from `variants_to_make`); an image that cannot
    be decoded fails the build."""
    stats = ensure_variants(jobs, cache, progress=progress, todo=todo)
    if stats.failed:
        root = site.store.root
        for owner, image in local_images(site):
            problem = stats.failed.get(os.path.join(root, *image.src.split("/")))
            if problem:
                diags.error(
                    image.at or owner.source.span(*image.key),
                    tr("image {src}: {problem}", src=image.src, problem=problem),
                    tr("replace the file with an undamaged JPEG, PNG or WebP photo"),
                    code=CODE_IMAGE,
                )
        raise BuildFailed(diags.sorted())
    return stats


def _search_parts(site: Site, fp: Fingerprints, site_digest: str, pages: list[OutputPage], prints: list[str]):
    """(part, state key, digest, pages) for each part of the search index. The digest covers the Pagefind
    binary and what each page of the part puts in the index, so an unchanged part is kept as it is.

    A product page indexes only its own product (not the related products' cards around it), so its share
    is the site digest, its template and its record; a guide indexes its whole text, cards included.
    """
    indexed = {}
    for i, page in enumerate(pages):
        if page.kind == "product":
            indexed[page.file] = digest([site_digest, page.template, fp.record(page.record)])
        else:
            indexed[page.file] = prints[i]
    engine = engine_digest()
    return [
        (k, f"{INDEX_DIR}/{k}/", digest([engine, *(f + "=" + indexed[f] for f in files)]), files)
        for k, files in split(searchable(site)).items()
    ]


def _search_index(staging: Staging, out: str, previous, parts, jobs: int | None, spare: dict | None = None) -> None:
    """The search index parts of the staged pages: kept from the last build when none of their pages (nor
    Pagefind) changed, else made again. A reused spare site's part is kept when it is the same."""
    again = {}
    for k, key, part_digest, files in parts:
        old = os.path.join(out, INDEX_DIR, str(k))
        staged = staging.path(f"{INDEX_DIR}/{k}")
        if spare is not None and spare.get(key) == part_digest and os.path.isdir(staged):
            continue
        remove(staged)
        if previous is not None and previous.files.get(key) == part_digest and os.path.isdir(old):
            for dirpath, _dirs, names in os.walk(old):
                for name in names:
                    path = os.path.join(dirpath, name)
                    staging.link(path, os.path.relpath(path, out).replace(os.sep, "/"))
        else:
            again[k] = files
    if again:
        build_indexes(staging.dir, again, jobs)
    staging.files += sum(len(names) for _, _, names in os.walk(os.path.join(staging.dir, INDEX_DIR)))


def _usable_spare(previous, out: str) -> dict | None:
    """The files of the spare site beside `out` ({file: fingerprint or digest}), when the last build's state
    describes it; None when there is none to start from."""
    if previous is None or not previous.spare:
        return None
    files = previous.spare.get("files")
    marker = previous.spare.get("marker")
    if not isinstance(files, dict) or not marker or marker != marker_id(spare_path(out)):
        return None
    return files


def _prune_spare(staging: Staging, spare: dict, state: BuildState) -> None:
    """Remove from a reused spare site what the new site does not have. Files it has in another version
    are replaced as the build writes or links them."""
    wanted = state.pages.keys() | state.files.keys()
    for rel in spare:
        if rel not in wanted:
            path = staging.path(rel)
            remove(path)
            folder = os.path.dirname(path.rstrip(os.sep))
            while folder != staging.dir:  # and the folders that held only it, as a clean build has none
                try:
                    os.rmdir(folder)
                except OSError:
                    break
                folder = os.path.dirname(folder)


def _write_shared(staging: Staging, extra, image_jobs, cache: str, theme: Theme | None) -> None:
    """Everything but the pages: sitemap and robots.txt, the image files, the theme's assets (unless None)."""
    for rel, data in extra:
        if isinstance(data, bytes):
            staging.write_bytes(rel, data)
        else:
            staging.write_text(rel, data)
    publish(image_jobs, cache, staging.dir)
    staging.files += len(image_jobs)
    if theme is not None:
        for asset in theme.assets.values():
            staging.copy(asset.source, asset.url.lstrip("/"))


def _reasons(previous, site_digest: str, paths: dict[str, str], pages: list[OutputPage], prints, todo: list[int]):
    """(file, why) for each page rendered this build."""
    out = []
    for i in todo:
        page = pages[i]
        if previous is None:
            why = tr("no earlier build of this output folder")
        elif previous.site != site_digest:
            why = tr("the theme, shopgen.yaml or shopgen itself changed")
        elif page.file not in previous.pages:
            why = tr("new page")
        elif previous.pages[page.file] == prints[i]:
            why = tr("missing from the output folder")
        else:
            changed = sorted({p for d in page.deps if (p := paths.get(d)) and d not in previous.records})
            why = (
                tr("changed: {files}", files=", ".join(changed))
                if changed
                else tr("the products or guides it lists changed")
            )
        out.append((page.file, why))
    return out


def _summary(result: BuildResult) -> dict:
    return {
        "pages": result.pages,
        "pages_by_kind": result.pages_by_kind,
        "files": result.files,
        "images": [result.images.sources, result.images.files],
        "diagnostics": diagnostics_to_json(result.diagnostics),
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
