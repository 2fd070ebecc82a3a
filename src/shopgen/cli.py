"""Command line: `shopgen build`, with messages an editor can act on and exit codes CI can gate on."""

from __future__ import annotations

import os
import sys
import time
import traceback

import click

from . import __version__
from .diagnostics import Diagnostic, Severity

MAX_SHOWN_PER_CODE = 20


def _print_diagnostics(items: list[Diagnostic], quiet: bool = False) -> None:
    shown: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for d in items:
        if quiet and d.severity < Severity.ERROR:
            continue
        key = d.code or d.message.split(":")[0]
        shown[key] = shown.get(key, 0) + 1
        if d.severity < Severity.ERROR and shown[key] > MAX_SHOWN_PER_CODE:
            hidden[key] = hidden.get(key, 0) + 1
            continue
        color = "red" if d.severity == Severity.ERROR else "yellow" if d.severity == Severity.WARNING else None
        click.secho(d.format(), fg=color, err=True)
    for key, n in sorted(hidden.items()):
        click.secho(f"... and {n} more like {key}", fg="yellow", err=True)


def _die(text: str, code: int) -> None:
    """Print a problem in red on stderr and end the command with `code`."""
    click.secho(text, fg="red", err=True)
    sys.exit(code)


def _internal_error(ctx: click.Context, command: str) -> None:
    """A bug in shopgen, not in the store: exit 2, with the traceback only under --debug."""
    if ctx.obj.get("debug"):
        traceback.print_exc()
    else:
        click.secho(
            f"internal error: shopgen crashed. Please report it with the output of `shopgen --debug {command}`.",
            fg="red",
            err=True,
        )
    sys.exit(2)


def _count(items, severity) -> int:
    return sum(1 for d in items if d.severity == severity)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def run() -> None:
    """The `shopgen` command: `main`, then an exit that skips tearing down the interpreter's objects.

    A 10,000-product build leaves a few hundred MB of small objects; freeing them one by one at exit
    takes seconds and achieves nothing. Every file is closed by then; the streams are flushed here.
    """
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, int | None):
            print(exc.code, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="shopgen")
@click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks of internal errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """shopgen: build a search-ready storefront from YAML products and Markdown guides."""
    ctx.obj = {"debug": debug}


@main.command()
@click.argument("store", default=".", type=click.Path(file_okay=False))
@click.option("--out", "-o", type=click.Path(file_okay=False), help="Output folder (default: STORE/public).")
@click.option("--base-url", help="Override base_url from shopgen.yaml, e.g. for a staging site.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors: any warning fails the build.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors and the summary line.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False),
    help="Write a JSON build report: pages by kind, warnings, seconds per phase, image cache hits, "
    "pages rendered again and why.",
)
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False),
    help="Where processed images (and, in DIR/builds, the build states) are kept between builds "
    "(default: STORE/.shopgen-cache/; safe to delete).",
)
@click.option("--verbose", "-v", is_flag=True, help="List the pages rendered again and why.")
@click.option("--full", is_flag=True, help="Render every page, ignoring what the last build left.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Processes to render with (default: one per core).")
@click.option("--shard", help="Build part K of N (e.g. 2/4) for a CI matrix; join the parts with shopgen merge.")
@click.pass_context
def build(
    ctx: click.Context,
    store: str,
    out: str | None,
    base_url: str | None,
    strict: bool,
    quiet: bool,
    cache_dir,
    report_path,
    verbose: bool,
    full: bool,
    jobs: int | None,
    shard: str | None,
) -> None:
    """Build the store in STORE (default: the current folder) into a static site.

    Problems are printed as path:line:col: severity: message. The build stops with exit code 1
    when any error is found, and the previous output folder is left untouched. A rebuild renders
    only the pages whose products, guides, theme or settings changed.
    """
    from .build import build as run_build
    from .errors import BuildFailed, ShopgenError
    from .shards import parse_shard

    try:
        result = run_build(
            store,
            out=out,
            base_url=base_url,
            strict=strict,
            cache_dir=cache_dir,
            progress=not quiet and sys.stderr.isatty(),
            jobs=jobs,
            full=full,
            shard=parse_shard(shard) if shard else None,
        )
    except BuildFailed as exc:
        _print_diagnostics(exc.diagnostics)
        errors = _count(exc.diagnostics, Severity.ERROR)
        warnings = _count(exc.diagnostics, Severity.WARNING)
        click.secho(
            f"Build failed: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}. Nothing was written.",
            fg="red",
            err=True,
        )
        sys.exit(1)
    except ShopgenError as exc:
        _die(f"error: {exc}", 1)
    except Exception:
        _internal_error(ctx, "build")
    _print_diagnostics(result.diagnostics, quiet)
    if report_path:
        import json

        from .build import report_data

        with open(report_path, "w", encoding="utf-8") as fh:
            json.dump(report_data(result), fh, ensure_ascii=False, indent=2)
            fh.write("\n")
    if verbose:
        _print_rebuilt(result)
    if result.up_to_date:
        click.echo(
            f"Up to date: no file changed since the last build of {result.out} "
            f"({_plural(result.pages, 'page')}, {_plural(len(result.warnings), 'warning')}); nothing written."
        )
        return
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(result.pages_by_kind.items()))
    im = result.images
    images = f"; {im.files} image files from {im.sources} images ({im.processed} processed, {im.cached} cached)"
    click.echo(
        f"Built {_plural(result.pages, 'page')} ({kinds}){images}, {_plural(len(result.warnings), 'warning')} "
        f"in {result.seconds:.2f}s -> {result.out}"
    )


def _print_rebuilt(result) -> None:
    """What --verbose adds: which pages were rendered again and why, the rest having been kept."""
    if result.up_to_date:
        click.echo("Nothing rendered: no input file changed.")
        return
    click.echo(
        f"Rendered {result.pages - result.kept} of {_plural(result.pages, 'page')}; kept {result.kept} unchanged."
    )
    by_reason: dict[str, list[str]] = {}
    for file, why in result.rendered:
        by_reason.setdefault(why, []).append(file)
    for why, files in by_reason.items():
        if len(files) > 20:
            click.echo(f"  {len(files)} pages: {why}")
        else:
            for file in files:
                click.echo(f"  {file}: {why}")


@main.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False), help="The folder of the whole site.")
@click.pass_context
def merge(ctx: click.Context, shards: tuple[str, ...], out: str) -> None:
    """Join the outputs of `shopgen build --shard K/N` (one folder per shard) into one site."""
    from .errors import ShopgenError
    from .shards import merge_shards

    try:
        files = merge_shards(out, list(shards))
    except ShopgenError as exc:
        _die(f"error: {exc}", 1)
    except Exception:
        _internal_error(ctx, "merge")
    click.echo(f"Merged {_plural(len(shards), 'shard')} ({_plural(files, 'file')}) -> {os.path.abspath(out)}")


def _codes(value: str | None) -> list[str]:
    return [c.strip().upper() for c in (value or "").split(",") if c.strip()]


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "github"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the output to a file instead of stdout.")
@click.option(
    "--min-score",
    type=click.IntRange(0, 100),
    help="Fail when any listing scores below N (default: lint.min_score in shopgen.yaml).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    help="Fail when a finding of this severity or worse is found (default: lint.fail_on, else error).",
)
@click.option("--profile", type=click.Choice(["google", "taobao", "amazon"]), help="Override lint.profile.")
@click.option("--select", help="Only these rule codes or prefixes, comma-separated (e.g. SG1,SG301).")
@click.option("--ignore", help="Skip these rule codes or prefixes, comma-separated.")
@click.option("--report", type=click.Path(dir_okay=False), help="Also write a self-contained HTML report here.")
@click.option("--explain", metavar="CODE", help="Explain one rule (why it matters, an example) and exit.")
@click.option("--list-rules", is_flag=True, help="List every rule and exit.")
@click.option("--color/--no-color", default=None, help="Color the text output (default: on a terminal).")
@click.pass_context
def lint(ctx, paths, fmt, output, min_score, fail_on, profile, select, ignore, report, explain, list_rules, color):
    """Score every listing 0-100 and explain each finding at file:line.

    PATHS is the store folder (default: the current folder), or product and guide files of one
    store: then only those listings are linted, while duplicate checks still compare them with
    the whole catalog.

    Exit codes: 0 the gate passed, 1 the gate failed, 2 a usage or input error.
    """
    from .errors import BuildFailed, ShopgenError
    from .lint import REGISTRY
    from .lint.docs import explain as explain_rule

    if explain:
        r = REGISTRY.get(explain.strip().upper())
        if r is None:
            click.secho(f"error: no rule {explain!r}; see shopgen lint --list-rules", fg="red", err=True)
            sys.exit(2)
        click.echo(explain_rule(r))
        return
    if list_rules:
        for code, r in sorted(REGISTRY.items()):
            click.echo(f"{code}  {r.name:<30} {r.severity.label:<8} {r.summary}")
        return
    unknown = [c for c in _codes(select) + _codes(ignore) if not any(k.startswith(c) for k in REGISTRY)]
    if unknown:
        click.secho(f"error: unknown rule code {', '.join(unknown)}; see shopgen lint --list-rules", fg="red", err=True)
        sys.exit(2)
    try:
        from .lint.html_report import render_report
        from .lint.report import github_report, json_report, sarif_report, text_report
        from .lint.runner import evaluate_gate, lint_store

        site, result, load_warnings = lint_store(list(paths), profile, _codes(select), _codes(ignore))
        if min_score is None:
            min_score = site.config.lint_min_score
        fail_on = fail_on or site.config.lint_options.get("fail_on", "error")
        gate = evaluate_gate(result, min_score, fail_on).as_dict()
        if fmt == "text":
            use_color = sys.stdout.isatty() if color is None and not output else bool(color)
            text = text_report(result, gate, use_color)
        else:
            text = {"json": json_report, "sarif": sarif_report, "github": github_report}[fmt](result, gate)
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            click.echo(text, nl=False)
        if report:
            with open(report, "w", encoding="utf-8") as fh:
                fh.write(render_report(result, gate, site, report, site.today.isoformat()))
        if output or report:
            click.echo(
                f"{'Gate FAILED' if gate['failed'] else 'Gate passed'}: catalog score "
                f"{result.catalog_score:.1f}" + (f"; report: {report}" if report else ""),
                err=True,
            )
    except BuildFailed as exc:
        _print_diagnostics([d for d in exc.diagnostics if d.severity == Severity.ERROR])
        click.secho("Lint stopped: fix these errors in the store first.", fg="red", err=True)
        sys.exit(2)
    except ShopgenError as exc:
        _die(f"error: {exc}", 2)
    except OSError as exc:
        _die(f"error: {exc}", 2)
    except Exception:
        _internal_error(ctx, "lint")
    sys.exit(1 if gate["failed"] else 0)


@main.command()
@click.argument("store", default=".", type=click.Path(file_okay=False))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
def check(ctx: click.Context, store: str, strict: bool) -> None:
    """Validate the store without writing anything (for pre-commit hooks).

    Runs everything `shopgen build` runs except writing the site: the same messages, exit 1 on errors.
    """
    from .build import build as run_build
    from .errors import BuildFailed, ShopgenError

    try:
        result = run_build(store, strict=strict, dry_run=True)
    except BuildFailed as exc:
        _print_diagnostics(exc.diagnostics)
        errors = _count(exc.diagnostics, Severity.ERROR)
        click.secho(f"Check failed: {_plural(errors, 'error')}.", fg="red", err=True)
        sys.exit(1)
    except ShopgenError as exc:
        _die(f"error: {exc}", 1)
    except Exception:
        _internal_error(ctx, "check")
    _print_diagnostics(result.diagnostics)
    click.echo(f"Store OK: {_plural(result.pages, 'page')}, {_plural(len(result.warnings), 'warning')}.")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False))
def init(folder: str) -> None:
    """Create a new store in FOLDER: shopgen.yaml, a product with its photo, a guide and a page."""
    from .errors import ShopgenError
    from .scaffold import init_store

    try:
        files = init_store(folder)
    except ShopgenError as exc:
        _die(f"error: {exc}", 1)
    for f in files:
        click.echo(f"  created {f}")
    click.echo(f"New store in {folder}. Next: cd {folder} && shopgen build && shopgen lint")


@main.group()
def new() -> None:
    """Start a new product or guide from a template with every field explained."""


def _new(kind: str, store: str, title: str, **kw) -> None:
    from .errors import ShopgenError
    from .scaffold import new_guide, new_product

    try:
        rel = new_product(store, title, **kw) if kind == "product" else new_guide(store, title)
    except ShopgenError as exc:
        _die(f"error: {exc}", 1)
    click.echo(f"created {rel}")


@new.command("product")
@click.argument("title")
@click.option("--category", default="", help='For example "Home > Lighting > Desk Lamps".')
@click.option("--sku", default="", help="Default: made from the title.")
@click.option("--store", default=".", type=click.Path(file_okay=False), help="The store folder.")
def new_product_cmd(title: str, category: str, sku: str, store: str) -> None:
    """Write catalog/<slug>.yaml for a product called TITLE (never overwrites)."""
    _new("product", store, title, category=category, sku=sku)


@new.command("guide")
@click.argument("title")
@click.option("--store", default=".", type=click.Path(file_okay=False), help="The store folder.")
def new_guide_cmd(title: str, store: str) -> None:
    """Write content/guides/<slug>.md for a guide called TITLE (never overwrites)."""
    _new("guide", store, title)


@main.command()
@click.argument("store", default=".", type=click.Path(file_okay=False))
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in the browser.")
def serve(store: str, port: int, open_browser: bool) -> None:
    """Build and serve the store on 127.0.0.1, rebuilding and reloading open tabs on every change.

    Errors show in the terminal and over the page in the browser; the last good site stays served.
    Lint findings of the listing you edited are printed after each rebuild.
    """
    from .serve import DevServer

    dev = DevServer(store, port, log=lambda text: click.echo(text, err=True))
    try:
        url = dev.start()
    except OSError as exc:
        click.secho(f"error: cannot serve on port {port}: {exc.strerror}", fg="red", err=True)
        sys.exit(1)
    click.echo(f"Serving {url} (Ctrl+C to stop)")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        dev.stop()
