"""The `credgen` command line: a thin layer over the stages, imported lazily.

Every command turns a `CredgenError` into `error: ...` (and `hint: ...`) with exit status 1;
usage errors exit 2; a traceback is shown only with `-v`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from credgen.exceptions import CredgenError

FORMATS = ("text", "github", "json")


class _Group(click.Group):
    """A click group with credgen's single error boundary."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CredgenError as error:
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            click.echo(f"error: {error.message}", err=True)
            if error.hint:
                click.echo(f"hint: {error.hint}", err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="credgen")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """credgen: credential specifications as code."""
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(paths: tuple[Path, ...], fmt: str, strict: bool) -> None:
    """Validate specifications (default: the specs/ folder).

    Exit status 0 when valid, 1 when there are errors.
    """
    from credgen.check import run_check

    result = run_check(list(paths) or [Path("specs")], strict=strict)
    from credgen.diagnostics import format_diagnostics

    output = format_diagnostics(result.diagnostics, fmt)
    if output:
        click.echo(output)
    click.echo(result.summary(), err=True)
    sys.exit(1 if result.errors else 0)


@main.command()
@click.option("--check", "check_only", is_flag=True, help="Exit 1 if the committed schemas are stale.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("schema"), show_default=True)
def schema(check_only: bool, out: Path) -> None:
    """Write the JSON Schemas generated from the models."""
    from credgen.schema import stale_schemas, write_schemas

    if check_only:
        stale = stale_schemas(out)
        for name in stale:
            click.echo(f"{out / name}: stale; run 'credgen schema' and commit the result", err=True)
        sys.exit(1 if stale else 0)
    for name in write_schemas(out):
        click.echo(f"wrote {out / name}")


@main.command()
@click.argument("slug")
@click.option("--title", help="Title of the credential.")
@click.option("--framework", default="mpf-2025", show_default=True, help="Framework edition it maps to.")
def new(slug: str, title: str | None, framework: str) -> None:
    """Start a new specification at status 'proposed' that passes `credgen check`."""
    import datetime as dt

    from credgen.load import find_root
    from credgen.scaffold import new_credential

    root = find_root(Path.cwd())
    target = new_credential(root / "specs", slug, title=title, framework=framework, today=dt.date.today())
    click.echo(f"created {target.relative_to(root)}")
