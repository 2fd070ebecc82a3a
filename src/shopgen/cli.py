"""Command line: `shopgen build`, with messages an editor can act on and exit codes CI can gate on."""

from __future__ import annotations

import os
import sys
import time
import traceback

import click

from . import __version__, messages
from .diagnostics import Diagnostic, Severity
from .messages import mark, ntr, tr

MAX_SHOWN_PER_CODE = 20
#: The page kinds in the build summary, for the message catalog.
PAGE_KINDS = (
    mark("home"),
    mark("guides"),
    mark("categories"),
    mark("product"),
    mark("category"),
    mark("guide"),
    mark("page"),
    mark("search"),
)


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
        click.secho(tr("... and {n} more like {key}", n=n, key=key), fg="yellow", err=True)


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
            tr(
                "internal error: shopgen crashed. Please report it with the output of `shopgen --debug {command}`.",
                command=command,
            ),
            fg="red",
            err=True,
        )
    sys.exit(2)


def _count(items, severity) -> int:
    return sum(1 for d in items if d.severity == severity)


def _remember_lang(ctx: click.Context, _param, value: str | None) -> None:
    if value:
        ctx.ensure_object(dict)["lang"] = value


#: `--lang` after the command name too (`shopgen build --lang zh-CN`), as editors type it.
lang_option = click.option(
    "--lang",
    metavar="LANG",
    expose_value=False,
    is_eager=True,
    callback=_remember_lang,
    help="Language of the messages: en or zh-CN.",
)


def _speak(ctx: click.Context, store: str | None) -> None:
    """Choose the language of this command's messages (see `messages.choose`)."""
    try:
        messages.use(messages.choose(ctx.obj.get("lang"), store))
    except messages.UnknownLanguage as exc:
        _die(tr("error: shopgen has no messages in {lang!r}; use en or zh-CN", lang=str(exc)), 2)


def _pages(n: int) -> str:
    return ntr("{n} page", "{n} pages", n)


def _warnings(n: int) -> str:
    return ntr("{n} warning", "{n} warnings", n)


def _errors(n: int) -> str:
    return ntr("{n} error", "{n} errors", n)


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
@click.option(
    "--lang",
    metavar="LANG",
    help="Language of messages and lint explanations: en or zh-CN (default: SHOPGEN_LANG, message_language "
    "in shopgen.yaml, the system locale, else en).",
)
@click.pass_context
def main(ctx: click.Context, debug: bool, lang: str | None) -> None:
    """shopgen: build a search-ready storefront from YAML products and Markdown guides."""
    ctx.obj = {"debug": debug, "lang": lang}


def _write_report(path: str, data: dict) -> None:
    """The build's JSON report (`--report`), whether it built or failed."""
    import json

    try:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
    except OSError as exc:
        _die(tr("cannot write the report {path}: {problem}", path=path, problem=exc.strerror), 1)


@main.command()
@lang_option
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
@click.option(
    "--no-search",
    is_flag=True,
    help="Leave out the site search (box, page and Pagefind index) for this build, e.g. a quick preview.",
)
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
    no_search: bool,
) -> None:
    """Build the store in STORE (default: the current folder) into a static site.

    Problems are printed as path:line:col: severity: message. The build stops with exit code 1
    when any error is found, and the previous output folder is left untouched. A rebuild renders
    only the pages whose products, guides, theme or settings changed.
    """
    from .errors import BuildFailed, ShopgenError
    from .uptodate import check

    _speak(ctx, store)
    try:
        part = None
        if shard:
            from .shards import parse_shard

            part = parse_shard(shard)
        search = False if no_search else None
        found = check(store, out, base_url, strict, cache_dir=cache_dir, full=full, shard=part, search=search)
        result = found.result  # the site is up to date: the builder is not even imported
        if result is None:
            from .builder import build as run_build

            result = run_build(
                store,
                out=out,
                base_url=base_url,
                strict=strict,
                cache_dir=cache_dir,
                progress=not quiet and sys.stderr.isatty(),
                jobs=jobs,
                full=full,
                shard=part,
                search=search,
                checked=found,
            )
    except BuildFailed as exc:
        _print_diagnostics(exc.diagnostics)
        errors = _count(exc.diagnostics, Severity.ERROR)
        warnings = _count(exc.diagnostics, Severity.WARNING)
        summary = tr(
            "Build failed: {errors}, {warnings}. Nothing was written.",
            errors=_errors(errors),
            warnings=_warnings(warnings),
        )
        if report_path:
            from .result import failure_report

            _write_report(report_path, failure_report(exc.diagnostics, summary))
        click.secho(summary, fg="red", err=True)
        sys.exit(1)
    except ShopgenError as exc:
        _die(tr("error: {problem}", problem=exc), 1)
    except Exception:
        _internal_error(ctx, "build")
    _print_diagnostics(result.diagnostics, quiet)
    if report_path:
        from .result import report_data

        _write_report(report_path, report_data(result))
    if verbose:
        _print_rebuilt(result)
    if result.up_to_date:
        click.echo(
            tr(
                "Up to date: no file changed since the last build of {out} ({pages}, {warnings}); nothing written.",
                out=result.out,
                pages=_pages(result.pages),
                warnings=_warnings(len(result.warnings)),
            )
        )
        return
    kinds = ", ".join(tr("{n} {kind}", n=n, kind=tr(k)) for k, n in sorted(result.pages_by_kind.items()))
    im = result.images
    click.echo(
        tr(
            "Built {pages} ({kinds}); {files} image files from {sources} images ({processed} processed, {cached} "
            "cached), {warnings} in {seconds:.2f}s -> {out}",
            pages=_pages(result.pages),
            kinds=kinds,
            files=im.files,
            sources=im.sources,
            processed=im.processed,
            cached=im.cached,
            warnings=_warnings(len(result.warnings)),
            seconds=result.seconds,
            out=result.out,
        )
    )


def _print_rebuilt(result) -> None:
    """What --verbose adds: which pages were rendered again and why, the rest having been kept."""
    if result.up_to_date:
        click.echo(tr("Nothing rendered: no input file changed."))
        return
    click.echo(
        tr(
            "Rendered {n} of {pages}; kept {kept} unchanged.",
            n=result.pages - result.kept,
            pages=_pages(result.pages),
            kept=result.kept,
        )
    )
    by_reason: dict[str, list[str]] = {}
    for file, why in result.rendered:
        by_reason.setdefault(why, []).append(file)
    for why, files in by_reason.items():
        if len(files) > 20:
            click.echo("  " + tr("{pages}: {why}", pages=_pages(len(files)), why=why))
        else:
            for file in files:
                click.echo(f"  {file}: {why}")


@main.command()
@lang_option
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False), help="The folder of the whole site.")
@click.pass_context
def merge(ctx: click.Context, shards: tuple[str, ...], out: str) -> None:
    """Join the outputs of `shopgen build --shard K/N` (one folder per shard) into one site."""
    from .errors import ShopgenError
    from .shards import merge_shards

    _speak(ctx, None)
    try:
        files = merge_shards(out, list(shards))
    except ShopgenError as exc:
        _die(tr("error: {problem}", problem=exc), 1)
    except Exception:
        _internal_error(ctx, "merge")
    click.echo(
        tr(
            "Merged {shards} ({files}) -> {out}",
            shards=ntr("{n} shard", "{n} shards", len(shards)),
            files=ntr("{n} file", "{n} files", files),
            out=os.path.abspath(out),
        )
    )


def _codes(value: str | None) -> list[str]:
    return [c.strip().upper() for c in (value or "").split(",") if c.strip()]


@main.command()
@lang_option
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
@click.option(
    "--statistics",
    is_flag=True,
    help="Print per rule the findings, the listings with one and their share, instead of the findings (text or json).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Lint every listing afresh (by default unchanged listings' findings come from .shopgen-cache/).",
)
@click.pass_context
def lint(
    ctx,
    paths,
    fmt,
    output,
    min_score,
    fail_on,
    profile,
    select,
    ignore,
    report,
    explain,
    list_rules,
    color,
    statistics,
    no_cache,
):
    """Score every listing 0-100 and explain each finding at file:line.

    PATHS is the store folder (default: the current folder), or product and guide files of one
    store: then only those listings are linted, while duplicate checks still compare them with
    the whole catalog.

    Exit codes: 0 the gate passed, 1 the gate failed, 2 a usage or input error.
    """
    from .errors import BuildFailed, ShopgenError
    from .lint import REGISTRY
    from .lint.docs import explain as explain_rule
    from .lint.runner import store_root

    _speak(ctx, store_root(list(paths)))  # a bad PATH is reported below, in the chosen language
    if explain:
        r = REGISTRY.get(explain.strip().upper())
        if r is None:
            click.secho(tr("error: no rule {code!r}; see shopgen lint --list-rules", code=explain), fg="red", err=True)
            sys.exit(2)
        click.echo(explain_rule(r))
        return
    if list_rules:
        for code, r in sorted(REGISTRY.items()):
            click.echo(f"{code}  {r.name:<30} {r.severity.label:<8} {r.summary}")
        return
    if statistics and fmt not in ("text", "json"):
        click.secho(tr("error: --statistics prints text or json, not {fmt}", fmt=fmt), fg="red", err=True)
        sys.exit(2)
    unknown = [c for c in _codes(select) + _codes(ignore) if not any(k.startswith(c) for k in REGISTRY)]
    if unknown:
        click.secho(
            tr("error: unknown rule code {codes}; see shopgen lint --list-rules", codes=", ".join(unknown)),
            fg="red",
            err=True,
        )
        sys.exit(2)
    try:
        from .lint.html_report import render_report
        from .lint.report import github_report, json_report, sarif_report, text_report
        from .lint.runner import evaluate_gate, lint_store

        site, result, load_warnings = lint_store(
            list(paths), profile, _codes(select), _codes(ignore), cache=not no_cache
        )
        # --min-score applies to every language; else each language's from shopgen.yaml
        by_language = {} if min_score is not None else {s.language: s.config.lint_min_score for s in site.sites[1:]}
        if min_score is None:
            min_score = site.config.lint_min_score
        fail_on = fail_on or site.config.lint_options.get("fail_on", "error")
        gate = evaluate_gate(result, min_score, fail_on, by_language).as_dict()
        if statistics:
            from .lint.statistics import statistics_json, statistics_text

            text = (statistics_text if fmt == "text" else statistics_json)(result, gate)
        elif fmt == "text":
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
            text = (
                tr("Gate FAILED: catalog score {score:.1f}", score=result.catalog_score)
                if gate["failed"]
                else tr("Gate passed: catalog score {score:.1f}", score=result.catalog_score)
            )
            click.echo(text + (tr("; report: {file}", file=report) if report else ""), err=True)
    except BuildFailed as exc:
        _print_diagnostics([d for d in exc.diagnostics if d.severity == Severity.ERROR])
        click.secho(tr("Lint stopped: shopgen.yaml cannot be used; fix it first."), fg="red", err=True)
        sys.exit(2)
    except ShopgenError as exc:
        _die(tr("error: {problem}", problem=exc), 2)
    except OSError as exc:
        _die(tr("error: {problem}", problem=exc), 2)
    except Exception:
        _internal_error(ctx, "lint")
    sys.exit(1 if gate["failed"] else 0)


@main.command()
@lang_option
@click.argument("store", default=".", type=click.Path(file_okay=False))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
def check(ctx: click.Context, store: str, strict: bool) -> None:
    """Validate the store without writing anything (for pre-commit hooks).

    Runs everything `shopgen build` runs except writing the site: the same messages, exit 1 on errors.
    """
    from .builder import build as run_build
    from .errors import BuildFailed, ShopgenError

    _speak(ctx, store)
    try:
        result = run_build(store, strict=strict, dry_run=True)
    except BuildFailed as exc:
        _print_diagnostics(exc.diagnostics)
        errors = _count(exc.diagnostics, Severity.ERROR)
        click.secho(tr("Check failed: {errors}.", errors=_errors(errors)), fg="red", err=True)
        sys.exit(1)
    except ShopgenError as exc:
        _die(tr("error: {problem}", problem=exc), 1)
    except Exception:
        _internal_error(ctx, "check")
    _print_diagnostics(result.diagnostics)
    click.echo(
        tr("Store OK: {pages}, {warnings}.", pages=_pages(result.pages), warnings=_warnings(len(result.warnings)))
    )


@main.command()
@lang_option
@click.argument("folder", type=click.Path(file_okay=False))
@click.pass_context
def init(ctx: click.Context, folder: str) -> None:
    """Create a new store in FOLDER: shopgen.yaml, a product with its photo, a guide and a page."""
    from .errors import ShopgenError
    from .scaffold import init_store

    _speak(ctx, None)
    try:
        files = init_store(folder)
    except ShopgenError as exc:
        _die(tr("error: {problem}", problem=exc), 1)
    for f in files:
        click.echo("  " + tr("created {file}", file=f))
    click.echo(tr("New store in {folder}. Next: cd {folder} && shopgen build && shopgen lint", folder=folder))


@main.group()
def new() -> None:
    """Start a new product or guide from a template with every field explained."""


def _new(kind: str, store: str, title: str, **kw) -> None:
    from .errors import ShopgenError
    from .scaffold import new_guide, new_product

    _speak(click.get_current_context(), store)
    try:
        rel = new_product(store, title, **kw) if kind == "product" else new_guide(store, title, **kw)
    except ShopgenError as exc:
        _die(tr("error: {problem}", problem=exc), 1)
    click.echo(tr("created {file}", file=rel))


@new.command("product")
@lang_option
@click.argument("title")
@click.option("--category", default="", help='For example "Home > Lighting > Desk Lamps".')
@click.option("--sku", default="", help="Default: made from the title.")
@click.option("--store", default=".", type=click.Path(file_okay=False), help="The store folder.")
def new_product_cmd(title: str, category: str, sku: str, store: str) -> None:
    """Write catalog/<slug>.yaml for a product called TITLE (never overwrites)."""
    _new("product", store, title, category=category, sku=sku)


@new.command("guide")
@lang_option
@click.argument("title")
@click.option("--language", default="", help="Write the guide's translation into this language: <slug>.<language>.md.")
@click.option(
    "--slug",
    default="",
    help="The guide's file name (the original's, for a translation). Default: made from the title.",
)
@click.option("--store", default=".", type=click.Path(file_okay=False), help="The store folder.")
def new_guide_cmd(title: str, language: str, slug: str, store: str) -> None:
    """Write content/guides/<slug>.md for a guide called TITLE (never overwrites)."""
    _new("guide", store, title, language=language, slug=slug)


@main.command()
@lang_option
@click.argument("store", default=".", type=click.Path(file_okay=False))
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in the browser.")
@click.option("--no-search", is_flag=True, help="Preview without the site search (faster rebuilds of big stores).")
@click.pass_context
def serve(ctx: click.Context, store: str, port: int, open_browser: bool, no_search: bool) -> None:
    """Build and serve the store on 127.0.0.1, rebuilding and reloading open tabs on every change.

    Errors show in the terminal and over the page in the browser; the last good site stays served.
    Lint findings of the listing you edited are printed after each rebuild.
    """
    from .serve import DevServer

    _speak(ctx, store)
    dev = DevServer(store, port, log=lambda text: click.echo(text, err=True), search=not no_search)
    try:
        url = dev.start()
    except OSError as exc:
        click.secho(
            tr("error: cannot serve on port {port}: {problem}", port=port, problem=exc.strerror), fg="red", err=True
        )
        sys.exit(1)
    click.echo(tr("Serving {url} (Ctrl+C to stop)", url=url))
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        dev.stop()


@main.command("import")
@lang_option
@click.argument("fmt", metavar="FORMAT")
@click.argument("source", type=click.Path())
@click.option("--into", "store", default=".", type=click.Path(file_okay=False), help="The store folder (default: .).")
@click.option("--currency", default="", help="The export's currency, ISO 4217 (default: the store's currency).")
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="FIELD=COLUMN",
    help='csv format: which column gives a field, e.g. --map title=Name --map price="Sale price".',
)
@click.option("--prune", is_flag=True, help="Delete the products this export imported before and no longer has.")
@click.pass_context
def import_cmd(
    ctx: click.Context, fmt: str, source: str, store: str, currency: str, mapping: tuple[str, ...], prune: bool
) -> None:
    """Import products from a shop system's export into the store's catalog/.

    FORMAT is shopify (product CSV), woocommerce (product CSV), merchant-feed (Google Merchant Center XML
    or TSV) or csv (any CSV, with --map). A re-import updates what comes from the export and keeps what
    editors changed. Rows that cannot be imported are reported at SOURCE:line; exit 1 if there were any.
    """
    from .importers.run import Options, UsageError, run

    _speak(ctx, store)
    if currency:
        from babel.numbers import list_currencies

        if currency not in list_currencies():
            _die(tr("error: --currency {value!r} is not a 3-letter ISO 4217 code such as USD", value=currency), 2)
    fields = {}
    for item in mapping:
        name, sep, column = item.partition("=")
        if not sep or not name.strip() or not column.strip():
            _die(tr("error: --map {value!r} is not FIELD=COLUMN, like --map title=Name", value=item), 2)
        fields[name.strip()] = column.strip()
    if fields and fmt != "csv":
        _die(tr("error: --map is for the csv format only"), 2)
    bars: list = []

    def progress(done: int, total: int) -> None:
        if not bars:
            bars.append(click.progressbar(length=total, label=tr("Products"), file=sys.stderr))
        bars[0].update(1)

    try:
        outcome = run(fmt, source, store, Options(currency, fields, prune), progress if sys.stderr.isatty() else None)
    except UsageError as exc:
        _die(tr("error: {problem}", problem=exc), 2)
    except Exception:
        _internal_error(ctx, "import")
    finally:
        for bar in bars:
            bar.render_finish()
    _print_diagnostics(outcome.diagnostics.items)
    summary = tr(
        "Imported from {source}: {new} new, {updated} updated, {unchanged} unchanged, {gone} gone from the export",
        source=source,
        new=outcome.new,
        updated=outcome.updated,
        unchanged=outcome.unchanged,
        gone=outcome.gone,
    )
    if outcome.pruned:
        summary += tr(" ({n} deleted)", n=outcome.pruned)
    elif outcome.gone:
        summary += tr(" (kept; --prune deletes them)")
    if outcome.skipped:
        summary += ntr("; {n} skipped (a draft)", "; {n} skipped (drafts)", outcome.skipped)
    if outcome.failed_rows:
        failed = ntr("; {n} row failed.", "; {n} rows failed.", outcome.failed_rows)
        click.secho(summary + failed, fg="red", err=True)
        sys.exit(1)
    click.echo(summary + ".")
