"""Command line: `shopgen build`, with messages an editor can act on and exit codes CI can gate on."""

from __future__ import annotations

import sys
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


def _count(items, severity) -> int:
    return sum(1 for d in items if d.severity == severity)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


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
@click.pass_context
def build(ctx: click.Context, store: str, out: str | None, base_url: str | None, strict: bool, quiet: bool) -> None:
    """Build the store in STORE (default: the current folder) into a static site.

    Problems are printed as path:line:col: severity: message. The build stops with exit code 1
    when any error is found, and the previous output folder is left untouched.
    """
    from .build import build as run_build
    from .errors import BuildFailed, ShopgenError

    try:
        result = run_build(store, out=out, base_url=base_url, strict=strict)
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
        click.secho(f"error: {exc}", fg="red", err=True)
        sys.exit(1)
    except Exception:
        if ctx.obj.get("debug"):
            traceback.print_exc()
        else:
            click.secho(
                "internal error: shopgen crashed. Please report it with the output of `shopgen --debug build`.",
                fg="red",
                err=True,
            )
        sys.exit(2)
    _print_diagnostics(result.diagnostics, quiet)
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(result.pages_by_kind.items()))
    click.echo(
        f"Built {_plural(result.pages, 'page')} ({kinds}), {_plural(len(result.warnings), 'warning')} "
        f"in {result.seconds:.2f}s -> {result.out}"
    )
