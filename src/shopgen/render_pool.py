"""Render pages into the staging folder, across CPU cores when there are enough of them to pay for it.

Workers are forked after the site is loaded, so they share it without copying or pickling; each renders
its pages and writes them straight to disk, so no rendered HTML travels back or piles up in memory.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable

from .diagnostics import Diagnostic
from .orphans import pool_options
from .render import OutputPage, Renderer
from .write import write_file

#: Below this many pages, starting processes costs more than it saves.
MIN_PARALLEL_PAGES = 200
CHUNK = 64

_job: tuple[dict[str, Renderer], list[OutputPage], str] | None = None


def workers_for(items: int, jobs: int | None = None, minimum: int | None = None, chunk: int | None = None) -> int:
    """How many processes to share `items` pieces of work among: 1 unless forking is safe and worthwhile.

    `minimum` (default MIN_PARALLEL_PAGES) is the least work worth starting processes for, `chunk`
    (default CHUNK) the work one task takes; the linter passes its own.
    """
    minimum = MIN_PARALLEL_PAGES if minimum is None else minimum
    chunk = CHUNK if chunk is None else chunk
    wanted = max(1, jobs) if jobs is not None else os.cpu_count() or 1
    if items < minimum or wanted == 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1  # forking a process that runs other threads (the dev server) is unsafe
    return min(wanted, max(1, items // chunk))


def _render_some(indices: list[int]) -> tuple[int, list[Diagnostic]]:
    renderers, pages, out_dir = _job
    diags = next(iter(renderers.values())).diags  # one Diagnostics for every language
    start = len(diags.items)
    for i in indices:
        page = pages[i]
        html = renderers[page.lang].render(page)
        if html is not None:
            write_file(out_dir, page.file, html.encode("utf-8"))
    return len(indices), diags.items[start:]


def render_pages(
    renderers: dict[str, Renderer],
    pages: list[OutputPage],
    indices: list[int],
    out_dir: str,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    meanwhile: Callable[[], object] | None = None,
):
    """Render `pages[i]` for each i in `indices` into `out_dir`, each by the renderer of its language
    (`renderers[page.lang]`); template errors go to the renderers' diagnostics.

    `meanwhile` runs in this process while the workers render (the sitemap and feeds: work that would
    otherwise wait for them); its result is returned.
    """
    global _job
    chunks = [indices[i : i + CHUNK] for i in range(0, len(indices), CHUNK)]
    _job = (renderers, pages, out_dir)
    diags = next(iter(renderers.values())).diags
    try:
        if workers <= 1:
            for chunk in chunks:
                done, _ = _render_some(chunk)
                if progress:
                    progress(done)
            return meanwhile() if meanwhile else None
        sys.stdout.flush()
        sys.stderr.flush()
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(workers, **pool_options()) as pool:
            results = pool.imap_unordered(_render_some, chunks)  # the workers start on these at once
            extra = meanwhile() if meanwhile else None
            for done, found in results:
                diags.extend(found)
                if progress:
                    progress(done)
        return extra
    finally:
        _job = None
