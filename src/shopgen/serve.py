"""`shopgen serve`: build, serve on 127.0.0.1, rebuild on every change, reload open tabs.

The site is built into a folder of its own (`.shopgen-cache/serve/`), never into `public/`. Served
HTML gets one small script (`/__shopgen/reload.js`) that polls `/__shopgen/status`: a new build
reloads the tab, a failed one shows its errors over the page while the last good site stays served.
"""

from __future__ import annotations

import functools
import gc
import http.server
import json
import os
import sys
import threading
import time
from collections.abc import Callable

from .builder import build
from .diagnostics import Diagnostic, Severity
from .errors import BuildFailed, ShopgenError
from .messages import ntr, tr
from .uptodate import CACHE_DIR

ASSETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "serve_assets")
WATCHED = ("catalog", "content", "themes", "shopgen.yaml")
RELOAD_TAG = b'<script src="/__shopgen/reload.js"></script>'
SHOWN_PER_CODE = 20  # warnings of one kind printed after the first build (as `shopgen build` prints them)


def _listings(changed: list[str]) -> list[str]:
    """The product and guide files among the store-relative paths `changed`."""
    return [
        c for c in changed if c.startswith(("catalog/", "content/guides/")) and c.endswith((".yaml", ".yml", ".md"))
    ]


class DevServer:
    """Builds a store, serves the result and rebuilds when its files change."""

    def __init__(self, store: str, port: int = 8000, log: Callable[[str], None] = print, search: bool = True):
        self.store = os.path.abspath(store)
        self.search = search  # False: previews without the search index (it is rebuilt whole on every change)
        self.out = os.path.join(self.store, CACHE_DIR, "serve")
        self.port = port
        self.log = log
        self.version = 0
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._watching = threading.Event()
        self.httpd: http.server.ThreadingHTTPServer | None = None

    # -- building -------------------------------------------------------------------------------

    def rebuild(self, changed: list[str] | None = None) -> bool:
        """Build once; on success bump the version (open tabs reload), on failure keep the last site."""
        try:
            return self._rebuild(changed)
        finally:
            # The last build's site is garbage now (with reference cycles): collect it while the editor
            # looks at the page, not during the next build, and keep what this process keeps between
            # builds (parsed files, validated records) out of later collections' way.
            gc.collect()
            gc.freeze()

    def _rebuild(self, changed: list[str] | None) -> bool:
        started = time.perf_counter()
        try:
            result = build(self.store, out=self.out, search=None if self.search else False)
        except BuildFailed as exc:
            errors = [d.format() for d in exc.diagnostics if d.severity == Severity.ERROR]
            with self._lock:
                self.errors = errors
            self.log("\n".join(errors))
            self.log(
                ntr(
                    "Build failed ({n} error); still serving the last good site.",
                    "Build failed ({n} errors); still serving the last good site.",
                    len(errors),
                )
            )
            return False
        except ShopgenError as exc:
            with self._lock:
                self.errors = [str(exc)]
            self.log(tr("error: {exc}", exc=exc))
            return False
        with self._lock:
            self.errors = []
            if result.written:
                self.version += 1  # open tabs reload only when the site changed
        self._report_warnings(result.warnings, changed)
        took = f"{time.perf_counter() - started:.2f}s"
        if not result.written:
            self.log(tr("Nothing to rebuild: the site is unchanged ({took})", took=took))
        else:
            self.log(
                f"Rendered {len(result.rendered)} of {result.pages} pages in {took}"
                + (f" ({', '.join(changed)})" if changed else "")
            )
        self._lint_changed(changed or [])
        return True

    def _report_warnings(self, warnings: list[Diagnostic], changed: list[str] | None) -> None:
        """After the first build every warning (at most SHOWN_PER_CODE of a kind); after an edit only those in
        the files just changed (a listing's come with its lint findings) and how many the store has: a big
        store's thousands of warnings are not printed again on every save."""
        if changed is not None:
            if warnings:
                self.log(
                    ntr(
                        "The store has {n} warning (shopgen lint lists them all).",
                        "The store has {n} warnings (shopgen lint lists them all).",
                        len(warnings),
                    )
                )
            listings = set(_listings(changed))
            warnings = [d for d in warnings if d.span.path in changed and d.span.path not in listings]
        shown: dict[str, int] = {}
        for d in warnings:
            key = d.code or d.message
            shown[key] = shown.get(key, 0) + 1
            if shown[key] <= SHOWN_PER_CODE:
                self.log(d.format())
        for key, n in sorted(shown.items()):
            if n > SHOWN_PER_CODE:
                self.log(tr("... and {n} more like {key}", n=n - SHOWN_PER_CODE, key=key))

    def _lint_changed(self, changed: list[str]) -> None:
        """Print the lint findings of the listings the editor just changed."""
        listings = _listings(changed)
        if not listings:
            return
        from .lint.runner import lint_store

        try:
            _site, result, _ = lint_store(
                [os.path.join(self.store, c) for c in listings if os.path.exists(os.path.join(self.store, c))]
            )
        except (BuildFailed, ShopgenError):
            return
        for listing in result.listings:
            where = f"{listing.path} [{listing.language}]" if listing.language else listing.path
            self.log(tr("{path}: score {score}", path=where, score=listing.score))
            for d in listing.findings:
                self.log("  " + d.format().replace("\n", "\n  "))

    def watch(self) -> None:
        """Rebuild after each batch of changes until `stop()`."""
        from watchfiles import watch

        paths = [os.path.join(self.store, p) for p in WATCHED if os.path.exists(os.path.join(self.store, p))]
        # yield_on_timeout: an empty batch soon after watching begins tells start() the watcher is ready
        for changes in watch(
            *paths, stop_event=self._stop, debounce=200, step=50, rust_timeout=200, yield_on_timeout=True
        ):
            self._watching.set()
            if changes:
                changed = sorted({os.path.relpath(p, self.store).replace(os.sep, "/") for _kind, p in changes})
                self.rebuild(changed)

    # -- serving --------------------------------------------------------------------------------

    def status(self) -> dict:
        with self._lock:
            return {
                "version": self.version,
                "errors": list(self.errors),
                "title": tr("The last change does not build (the page shows the last good version)"),
            }

    def start(self) -> str:
        """Build, start the HTTP server and the watcher in the background; returns the site's address."""
        self.rebuild()
        os.makedirs(self.out, exist_ok=True)
        handler = functools.partial(_Handler, self)
        self.httpd = _Server(("127.0.0.1", self.port), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        threading.Thread(target=self.watch, daemon=True).start()
        self._watching.wait(timeout=10)
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def stop(self) -> None:
        self._stop.set()
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()


#: What a browser that stops loading a page (a click elsewhere, a reload) leaves the server writing into.
ABORTED = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A request the browser gave up on is no error: nothing is printed (other errors print as usual)."""
        if isinstance(sys.exc_info()[1], ABORTED):
            return
        super().handle_error(request, client_address)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, server: DevServer, *args, **kwargs):
        self.dev = server
        super().__init__(*args, directory=server.out, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (the base class's name)
        path = self.path.split("?", 1)[0]
        if path == "/__shopgen/status":
            return self._send(200, json.dumps(self.dev.status()).encode(), "application/json")
        if path == "/__shopgen/reload.js":
            with open(os.path.join(ASSETS, "reload.js"), "rb") as fh:
                return self._send(200, fh.read(), "text/javascript; charset=utf-8")
        file = self.translate_path(path)
        if os.path.isdir(file):
            file = os.path.join(file, "index.html")
        if file.endswith(".html") and os.path.isfile(file):
            with open(file, "rb") as fh:
                html = fh.read()
            return self._send(200, html.replace(b"</body>", RELOAD_TAG + b"\n</body>", 1), "text/html; charset=utf-8")
        if not os.path.exists(file) and os.path.isfile(os.path.join(self.dev.out, "404.html")):
            with open(os.path.join(self.dev.out, "404.html"), "rb") as fh:
                return self._send(
                    404, fh.read().replace(b"</body>", RELOAD_TAG + b"\n</body>", 1), "text/html; charset=utf-8"
                )
        return super().do_GET()
