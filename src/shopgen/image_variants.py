"""Make image variant files with Pillow, in parallel, into a cache that survives between builds.

A variant's file name hashes the source bytes and the settings, so a file already in the cache is
the right one and is not made again. Files are written to a temporary name and renamed, so a
killed build never leaves a half-written file under a real name; beside each file a `.sha256` file
records its digest, and a cache entry whose bytes do not match it is made again, never published.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor, as_completed

from PIL import Image, ImageOps, UnidentifiedImageError

from .images import VariantJob
from .messages import tr
from .orphans import pool_options
from .result import ImageStats

# WebP method 1 encodes 4-6x faster than the default 4 for files within a few percent of its size
# (bench/images.py); the JPEG is only the fallback for the few browsers without WebP.
SAVE_OPTIONS = {
    "webp": lambda q: {"format": "WEBP", "quality": q, "method": 1},
    "jpeg": lambda q: {"format": "JPEG", "quality": q},
    "png": lambda q: {"format": "PNG", "optimize": True},
}


def make_variants_safely(source: str, jobs: list[VariantJob], cache_dir: str) -> str:
    """`make_variants`, with a damaged image reported as a message ("" when all went well)."""
    try:
        make_variants(source, jobs, cache_dir)
    except (OSError, SyntaxError, ValueError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        return f"the image cannot be decoded ({exc})"
    return ""


def make_variants(source: str, jobs: list[VariantJob], cache_dir: str) -> int:
    """Decode `source` once and write every job's file into `cache_dir`. Returns the number written."""
    widest = max(jobs, key=lambda j: j.width)
    with Image.open(source) as im:
        if im.format == "JPEG":
            # Decode at a reduced scale (1/2, 1/4, 1/8) when the largest variant allows it.
            orientation = im.getexif().get(0x0112, 1)
            size = (widest.width, widest.height)
            im.draft("RGB", size[::-1] if orientation in (5, 6, 7, 8) else size)
        icc = im.info.get("icc_profile")
        im = ImageOps.exif_transpose(im)
        has_alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
        im = im.convert("RGBA" if has_alpha else "RGB")
        # Each size is made once (WebP and JPEG share it), from the next larger size rather than the
        # source: a third of the resampling work, and no visible difference (measured > 50 dB PSNR).
        sized = {im.size: im}
        for job in sorted(jobs, key=lambda j: -j.width):
            size = (job.width, job.height)
            if size not in sized:
                sized[size] = sized[min(sized, key=lambda s: s[0])].resize(size, Image.LANCZOS, reducing_gap=3.0)
            out = sized[size]
            if job.format == "jpeg" and out.mode != "RGB":
                out = out.convert("RGB")
            options = SAVE_OPTIONS[job.format](job.quality)
            if icc:
                options["icc_profile"] = icc  # colour, not personal metadata: EXIF and XMP are dropped
            buf = io.BytesIO()
            out.save(buf, **options)
            data = buf.getvalue()
            _atomic_write(os.path.join(cache_dir, job.name), data)
            _atomic_write(os.path.join(cache_dir, job.name + ".sha256"), hashlib.sha256(data).hexdigest().encode())
    return len(jobs)


def _atomic_write(path: str, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def cached_ok(cache_dir: str, name: str) -> bool:
    """The cache holds `name` and its bytes match the digest recorded when it was made."""
    try:
        with open(os.path.join(cache_dir, name + ".sha256"), "rb") as fh:
            expected = fh.read().decode("ascii", "replace").strip()
        with open(os.path.join(cache_dir, name), "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest() == expected
    except OSError:
        return False


def _progress(done: int, total: int) -> None:
    sys.stderr.write("\r" + tr("Images") + f": {done}/{total}")
    sys.stderr.write("\n" if done == total else "")
    sys.stderr.flush()


def variants_to_make(jobs: list[VariantJob], cache_dir: str) -> dict[str, list[VariantJob]]:
    """The variants of each source image whose cached files are missing or damaged (every cached file is
    read and checked: call this once per build)."""
    by_source: dict[str, list[VariantJob]] = defaultdict(list)
    for job in jobs:
        by_source[job.source].append(job)
    return {src: js for src, js in sorted(by_source.items()) if not all(cached_ok(cache_dir, j.name) for j in js)}


def ensure_variants(
    jobs: list[VariantJob],
    cache_dir: str,
    workers: int | None = None,
    progress: bool = False,
    todo: dict[str, list[VariantJob]] | None = None,
) -> ImageStats:
    """Make every variant not already in the cache (`todo`, when the caller has asked `variants_to_make`);
    images run in parallel across CPU cores."""
    os.makedirs(cache_dir, exist_ok=True)
    if todo is None:
        todo = variants_to_make(jobs, cache_dir)
    stats = ImageStats(sources=len({job.source for job in jobs}), files=len(jobs))
    stats.cached = stats.sources - len(todo)
    stats.processed = len(todo)
    if not todo:
        return stats
    workers = min(workers or os.cpu_count() or 1, len(todo))
    if workers > 1:
        workers = memory_workers(workers, max(decoded_pixels(src) for src in todo), available_memory())
    if workers <= 1:
        for i, (src, js) in enumerate(todo.items(), 1):
            problem = make_variants_safely(src, js, cache_dir)
            if problem:
                stats.failed[src] = problem
            if progress:
                _progress(i, len(todo))
        return stats
    with ProcessPoolExecutor(max_workers=workers, **pool_options()) as pool:
        futures = {pool.submit(make_variants_safely, src, js, cache_dir): src for src, js in todo.items()}
        for i, future in enumerate(as_completed(futures), 1):
            problem = future.result()
            if problem:
                stats.failed[futures[future]] = problem
            if progress:
                _progress(i, len(todo))
    return stats


#: Bytes one image process needs per decoded pixel at its peak: the decoded image, its RGB(A) conversion
#: and the first resized copy, 4 bytes a pixel each (a 9000×9000 PNG took 967 MB: 12 bytes a pixel).
BYTES_PER_PIXEL = 12
#: The share of the memory available at the start that image processes may take together.
MEMORY_SHARE = 0.6


def decoded_pixels(source: str) -> int:
    """The pixels Pillow decodes for `source` (from its header; a JPEG is decoded at up to full size)."""
    try:
        with Image.open(source) as im:
            return im.size[0] * im.size[1]
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return 0


def available_memory() -> int:
    """Bytes of memory available to new processes (MemAvailable on Linux; 0 when unknown)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 0


def memory_workers(wanted: int, largest_pixels: int, available: int) -> int:
    """How many image processes fit in `available` bytes when each may hold the largest image (`wanted` at
    most, 1 at least; `wanted` when the memory is unknown)."""
    need = largest_pixels * BYTES_PER_PIXEL
    if available <= 0 or need <= 0:
        return wanted
    return max(1, min(wanted, int(available * MEMORY_SHARE // need)))


def publish(jobs: list[VariantJob], cache_dir: str, out_dir: str) -> None:
    """Put the variant files into the output's images/ folder (hard links when the file system allows)."""
    target = os.path.join(out_dir, "images")
    os.makedirs(target, exist_ok=True)
    for job in jobs:
        src = os.path.join(cache_dir, job.name)
        dst = os.path.join(target, job.name)
        try:
            os.link(src, dst)
        except FileExistsError:
            continue  # a reused staging folder has it: the name hashes the content
        except OSError:
            with open(src, "rb") as fin, open(dst, "xb") as fout:
                fout.write(fin.read())
