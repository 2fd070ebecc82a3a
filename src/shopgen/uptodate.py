"""Whether the last build of an output folder is still current, answered before anything heavy is imported.

`shopgen build` asks this first: when no input changed (the store's files, the image sources, shopgen itself)
and the options are the same, the build is done — the last build's summary and warnings are shown again and
nothing is written. Only otherwise is the builder (Jinja2, Markdown, Pillow, the linter) imported.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
from dataclasses import dataclass

from . import messages
from .incremental import BuildState, diagnostics_from_json, load_state, stamp, stamps, walk_inputs
from .result import BuildResult, ImageStats
from .write import check_output_dir

CACHE_DIR = ".shopgen-cache"


def state_dir(root: str, cache_dir: str | None = None) -> str:
    """Where the build states live: beside the image cache."""
    return os.path.abspath(os.path.join(cache_dir, "builds") if cache_dir else os.path.join(root, CACHE_DIR, "builds"))


def build_date() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH for reproducible builds (it decides which sales run)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


CRASH_AFTER_PHASE = "SHOPGEN_TEST_CRASH_AFTER_PHASE"


class Phases:
    """Wall time of each build phase, for the build report."""

    def __init__(self):
        self.started = self._last = time.perf_counter()
        self.times: dict[str, float] = {}
        self.count = 0

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.times[name] = round(self.times.get(name, 0.0) + now - self._last, 4)
        self._last = now
        self.count += 1
        # Fault injection for the crash tests: die as `kill -9` would, right after the n-th phase.
        if os.environ.get(CRASH_AFTER_PHASE) == str(self.count):
            os.kill(os.getpid(), signal.SIGKILL)


@dataclass
class Check:
    """What a build starts from: its folders, its options, the state of the last build into the same folder,
    and — when nothing changed since — the result to report (`result`), the build being done."""

    root: str
    out: str
    states: str  # the folder of build states (state_dir)
    day: dt.date
    options: dict  # what must equal the last build's for its output to be reused
    previous: BuildState | None
    phases: Phases
    # The inputs as they were before anything was read (incremental.walk_inputs), and the stamps of the image
    # files the last build used: a file changed while this build runs is then seen by the next one.
    walked: dict[str, list[int]]
    stamped: dict[str, list[int]]
    result: BuildResult | None = None

    def inputs(self, sources: list[str]) -> dict[str, list[int]]:
        """The inputs to record for a build that used the image files `sources` (a file missing when the
        build began, such as an image variant it made, is looked at now)."""
        found = {**self.walked}
        for path in sources:
            known = self.stamped.get(path)
            found[path] = known if known is not None and known[0] >= 0 else stamp(path)
        return found


def check(
    store_root: str,
    out: str | None = None,
    base_url: str | None = None,
    strict: bool = False,
    today: dt.date | None = None,
    cache_dir: str | None = None,
    dry_run: bool = False,
    full: bool = False,
    shard: tuple[int, int] | None = None,
    search: bool | None = None,
) -> Check:
    """Look at the last build into `out` (the arguments are `builder.build`'s). Raises ShopgenError for an
    output folder that would overwrite the store or someone else's files."""
    phases = Phases()
    root = os.path.abspath(store_root)
    out = os.path.abspath(out or os.path.join(root, "public"))
    if not dry_run:
        check_output_dir(root, out)
    states = state_dir(root, cache_dir)
    day = today or build_date()
    options = {
        "out": out,
        "base_url": base_url,
        "strict": strict,
        "today": day.isoformat(),
        "cache_dir": cache_dir and os.path.abspath(cache_dir),
        "shard": list(shard) if shard else None,
        "search": search,
        "messages": messages.active(),  # the warnings an up-to-date build replays are in this language
    }
    previous = None if dry_run or full else load_state(states, out)
    walked = {} if dry_run else walk_inputs(root)
    stamped = stamps(previous.sources) if previous is not None else {}
    found = Check(root, out, states, day, options, previous, phases, walked, stamped)
    if previous is not None and previous.options == options and {**walked, **stamped} == previous.inputs:
        phases.done("check")
        found.result = _up_to_date(previous, out, phases)
    return found


def _up_to_date(state: BuildState, out: str, phases: Phases) -> BuildResult:
    """The result of a build that found nothing changed since the last one: it writes nothing."""
    s = state.summary
    sources, files = s.get("images", [0, 0])
    return BuildResult(
        out=out,
        pages=s.get("pages", 0),
        files=s.get("files", 0),
        seconds=time.perf_counter() - phases.started,
        diagnostics=diagnostics_from_json(s.get("diagnostics", [])),
        pages_by_kind=s.get("pages_by_kind", {}),
        images=ImageStats(sources=sources, files=files, cached=sources),
        timings=phases.times,
        kept=s.get("pages", 0),
        up_to_date=True,
    )
