"""The `credgen` command line: a thin layer over the stages, imported lazily.

Every command turns a `CredgenError` into `error: ...` (and `hint: ...`) with exit status 1;
usage errors exit 2; a traceback is shown only with `-v`. SIGTERM (a process manager, a
cancelled CI job) stops a command as Ctrl-C does, so it cleans up behind itself: a build
deletes its unfinished site and stops its PDF workers; the preview server deletes its copy of
the site.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType
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
            from credgen.diagnostics import escape_line  # one line each: no CI log reads a command in it

            for diagnostic in getattr(error, "diagnostics", ()):
                click.echo(diagnostic.as_text(), err=True)
            click.echo(f"error: {escape_line(error.message)}", err=True)
            if error.hint:
                click.echo(f"hint: {escape_line(error.hint)}", err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(package_name="credgen")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """credgen: credential specifications as code."""
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose


def run() -> None:
    """The `credgen` program (and `python -m credgen`): `main`, with SIGTERM handled as Ctrl-C."""
    signal.signal(signal.SIGTERM, _interrupt)
    main()


def _interrupt(_signal: int, _frame: FrameType | None) -> None:
    """SIGTERM, handled as Ctrl-C: every `finally` and `with` on the way out runs."""
    raise KeyboardInterrupt


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--pending-endorsement",
    is_flag=True,
    help="On the pull request that endorses a spec: its missing ledger entry is only a warning.",
)
@click.option(
    "--base",
    metavar="REV",
    help="Also check each status change since git revision REV against the lifecycle (pull requests).",
)
def check(
    paths: tuple[Path, ...], fmt: str, strict: bool, pending_endorsement: bool, base: str | None
) -> None:
    """Validate specifications (default: the specs/ folder).

    Exit status 0 when valid, 1 when there are errors.
    """
    from credgen.validate.check import run_check

    if not paths:  # the whole project: its configuration too
        from credgen.project.config import load_organisation

        load_organisation(Path.cwd())
    targets = list(paths) or [Path("specs")]
    result = run_check(targets, strict=strict, pending_endorsement=pending_endorsement, base=base)
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
    import credgen.endorse.findings  # registers criteria.schema.json
    import credgen.endorse.governance  # registers governance.schema.json
    import credgen.endorse.ledger  # noqa: F401  (registers ledger.schema.json)
    from credgen.models.schema import stale_schemas, write_schemas

    if check_only:
        stale = stale_schemas(out)
        for name in stale:
            click.echo(f"{out / name}: stale; run 'credgen schema' and commit the result", err=True)
        sys.exit(1 if stale else 0)
    for name in write_schemas(out):
        click.echo(f"wrote {out / name}")


@main.command()
@click.option("--check", "check_only", is_flag=True, help="Exit 1 if .github/CODEOWNERS is stale.")
def codeowners(check_only: bool) -> None:
    """Write .github/CODEOWNERS from specs/panel.yaml, so GitHub asks the panel to review."""
    from credgen.context import find_root
    from credgen.endorse.codeowners import CODEOWNERS_PATH, codeowners_is_stale, write_codeowners

    root = find_root(Path.cwd())
    if check_only:
        stale = codeowners_is_stale(root)
        if stale:
            click.echo(f"{CODEOWNERS_PATH}: stale; run 'credgen codeowners' and commit the result", err=True)
        sys.exit(1 if stale else 0)
    if write_codeowners(root):
        click.echo(f"wrote {CODEOWNERS_PATH}")


@main.command()
@click.argument("slug")
@click.option("--title", help="Title of the credential.")
@click.option("--framework", help="Framework it maps to  [default: the first in credgen.toml's frameworks].")
def new(slug: str, title: str | None, framework: str | None) -> None:
    """Start a new specification at status 'proposed' that passes `credgen check`."""
    import datetime as dt

    from credgen.authoring.scaffold import default_framework, new_credential
    from credgen.context import find_root
    from credgen.project.config import load_organisation

    root = find_root(Path.cwd())
    org = load_organisation(root)
    target = new_credential(
        root / "specs", slug, title=title, framework=framework or default_framework(root, org),
        today=dt.date.today(), licence=org.licence,
    )  # fmt: skip
    click.echo(f"created {target.relative_to(root)}")


@main.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default="Example organisation", show_default=True, help="The organisation's name.")
@click.option("--short-name", help="Its short name  [default: the name].")
@click.option("--example", is_flag=True, help="Include the illustrative example specifications.")
@click.option("--update", is_flag=True, help="Refresh credgen's files in an existing project instead.")
@click.option(
    "--keep-edited", is_flag=True, help="With --update: refresh the rest, leave edited files alone."
)
def init(
    *,
    directory: Path | None,
    name: str,
    short_name: str | None,
    example: bool,
    update: bool,
    keep_edited: bool,
) -> None:
    """Start an organisation's credgen repository in DIRECTORY, or refresh credgen's files in one.

    With --update (DIRECTORY defaults to the current folder), every workflow, theme override
    and other file credgen provides is replaced by the installed credgen's version and its diff
    shown; a file you edited is never overwritten: the update is refused, listing them, unless
    --keep-edited is given.
    """
    from credgen.project.init import init_project
    from credgen.project.starter import Starter

    if update:
        _update_project(directory or Path.cwd(), keep_edited=keep_edited)
        return
    if directory is None:
        raise click.UsageError("give the folder to create, e.g. 'credgen init my-credentials'")
    files = init_project(directory, Starter(name, short_name or name, example))
    click.echo(f"created {directory} ({len(files)} files) and made its first commit")


def _update_project(root: Path, *, keep_edited: bool) -> None:
    """`credgen init --update`: show each change, refuse or keep edited files, then write."""
    from credgen.exceptions import ProjectError
    from credgen.project.init import apply_update, plan_update

    plan = plan_update(root)
    for text in plan.changed.values():
        click.echo(text, nl=False)
    for path in plan.edited:
        click.echo(f"{path}: edited in this project; credgen's new version differs", err=True)
    if plan.edited and not keep_edited:
        raise ProjectError(
            f"{len(plan.edited)} file(s) edited here would change; nothing written",
            hint="merge credgen's changes by hand, or pass --keep-edited to refresh only the others",
        )
    apply_update(root, plan)
    click.echo(f"updated {len(plan.changed)} file(s); left {len(plan.edited)} edited file(s) alone", err=True)


@main.command()
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Output directory [default: build/site]."
)
@click.option("--no-pdf", is_flag=True, help="Skip the PDFs (faster; the pages do not link them).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--pending-endorsement",
    is_flag=True,
    help="On the pull request that endorses a spec: its missing ledger entry is only a warning.",
)
def build(out: Path | None, no_pdf: bool, strict: bool, pending_endorsement: bool) -> None:
    """Build the website, PDFs and open data, replacing the output only if everything succeeds.

    Exit status 1 with the same diagnostics as `check` when a specification has errors; the
    previous output is then left exactly as it was.
    """
    from credgen.build import build as build_site
    from credgen.context import find_root
    from credgen.diagnostics import format_diagnostics

    def report(diagnostics: list[Any]) -> None:
        if diagnostics:
            click.echo(format_diagnostics(diagnostics, "text"))

    root = find_root(Path.cwd())
    target = build_site(
        root,
        out.resolve() if out else None,
        pdf=not no_pdf,
        strict=strict,
        pending_endorsement=pending_endorsement,
        report=report,
    )
    click.echo(f"built {target}", err=True)


@main.command()
@click.argument("slugs", nargs=-1)
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Output directory [default: build/pdf]."
)
def pdf(slugs: tuple[str, ...], out: Path | None) -> None:
    """Render the PDF of each specification (default: all) without building the website.

    Writes <slug>-<version>.pdf and <slug>.pdf; unchanged PDFs come from the build cache.
    """
    from credgen.context import find_root
    from credgen.diagnostics import format_diagnostics
    from credgen.exceptions import SpecError
    from credgen.pdf import render_pdfs
    from credgen.site.state import load_state
    from credgen.site.website import project_context

    root = find_root(Path.cwd())
    state, diagnostics = load_state(root, project_context(root))
    if diagnostics:
        click.echo(format_diagnostics(diagnostics, "text"))
    if state is None:
        raise SpecError("the specifications have errors; no PDF written", count=len(diagnostics))
    out_dir = out.resolve() if out else root / "build" / "pdf"
    result = render_pdfs(
        state.corpus, state.env, state.ctx, out_dir=out_dir, cache_dir=root / "build" / ".cache" / "pdf",
        slugs=slugs or None,
    )  # fmt: skip
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    counts = f"{result.rendered} rendered, {result.cached} cached"
    click.echo(f"wrote {len(result.files)} files to {out_dir} ({counts})")


@main.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(dev_addr: str) -> None:
    """Preview the website, rebuilding when a spec, template or page changes (no PDFs)."""
    from credgen.context import find_root
    from credgen.site.serve import serve_site
    from credgen.site.website import MKDOCS_YML

    serve_site(find_root(Path.cwd()) / MKDOCS_YML, dev_addr=dev_addr)


@main.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
def diff(base: str | None, head: str | None) -> None:
    """Print what changed in the specifications between two git revisions, as Markdown.

    BASE defaults to the merge base of HEAD with the main branch, HEAD to the work tree.
    Exit status 1 when a specification does not validate at either end.
    """
    from credgen.context import find_root
    from credgen.delivery.remap import plans_to_remap, render_remap_markdown
    from credgen.diagnostics import format_diagnostics
    from credgen.diff import render_report_markdown
    from credgen.history.versions import compare_refs, default_base, other_changes, resolve_ref
    from credgen.load.documents import load_corpus

    root = find_root(Path.cwd())
    base_sha = resolve_ref(root, base) if base else default_base(root)
    head_sha = resolve_ref(root, head) if head else None
    changes, problems = compare_refs(root, base_sha, head_sha)
    if problems:
        click.echo(format_diagnostics(problems, "text"), err=True)
        sys.exit(1)
    base_label = f"`{base or 'merge base with main'}` ({base_sha[:12]})"
    head_label = f"`{head}` ({head_sha[:12]})" if head and head_sha else "the work tree"
    others = other_changes(root, base_sha, head_sha)
    click.echo(render_report_markdown(changes, base_label, head_label, others), nl=False)
    remaps = render_remap_markdown(plans_to_remap(load_corpus(root), changes))
    if remaps:
        click.echo("\n" + remaps, nl=False)


@main.command()
def migrate() -> None:
    """Upgrade every file under specs/ to the current format, in place, keeping comments."""
    from credgen.authoring.migrate import migrate_project
    from credgen.context import find_root

    root = find_root(Path.cwd())
    changed = migrate_project(root)
    for path in changed:
        click.echo(f"upgraded {path.relative_to(root).as_posix()}")
    click.echo(f"{len(changed)} file{'' if len(changed) == 1 else 's'} upgraded")


@main.command("review-due")
@click.option("--within", type=click.IntRange(min=0), default=90, show_default=True, help="Days ahead.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--on", type=click.DateTime(formats=["%Y-%m-%d"]), help="Reference date [default: today].")
def review_due(within: int, fmt: str, on: Any) -> None:
    """List reviews due within DAYS or past: specifications, quality reviews, conditions, re-mapping."""
    import datetime as dt

    from credgen.authoring.review_due import reviews_due
    from credgen.context import find_root
    from credgen.delivery.due import delivery_due, format_due
    from credgen.load.documents import load_corpus

    corpus = load_corpus(find_root(Path.cwd()))
    if corpus.failed:
        failed = len(corpus.failed)
        click.echo(f"warning: {failed} specification(s) did not load; run credgen check", err=True)
    today = on.date() if on else dt.date.today()
    specs, delivery = reviews_due(corpus, today, within), delivery_due(corpus, today, within)
    click.echo(format_due(specs, delivery, fmt, today, within))


@main.group()
def endorse() -> None:
    """Endorsement through pull-request approvals: check a PR, record it, verify the ledgers."""


_REPO = click.option("--repo", help="GitHub repository owner/name  [default: $GITHUB_REPOSITORY]")
_PR = click.option("--pr", "number", type=click.IntRange(min=1), required=True, help="Pull request number.")


@endorse.command("check")
@_PR
@_REPO
def endorse_check(number: int, repo: str | None) -> None:
    """Decide whether a pull request's reviews endorse the specifications it sets to endorsed.

    Reads the pull request from GITHUB_API_URL with GITHUB_TOKEN and prints the reason for
    every reviewer. Exit status 0 when every decision stands, 1 otherwise.
    """
    from credgen.context import find_root
    from credgen.endorse.github import GitHub
    from credgen.endorse.pulls import check_pull

    report = check_pull(find_root(Path.cwd()), GitHub.from_env(repo), number)
    click.echo("\n".join(report.lines()))
    if not report.ok:
        raise report.failure()


@endorse.command("record")
@_PR
@_REPO
def endorse_record(number: int, repo: str | None) -> None:
    """After the merge: append the ledger entry for each specification the pull request endorsed.

    Decides again on the specification and panel as they are at the merge commit; commit the
    changed ledger files afterwards.
    """
    from credgen.context import find_root
    from credgen.endorse.github import GitHub
    from credgen.endorse.pulls import record_pull

    report = record_pull(find_root(Path.cwd()), GitHub.from_env(repo), number)
    click.echo("\n".join(report.lines()))
    if not report.ok:
        raise report.failure()


@endorse.command("verify")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--expect",
    metavar="HEAD_OR_URL_OR_FILE",
    help="Chain heads kept earlier (the heads, a saved endorsements.json, or its address): "
    "fail if history no longer holds them.",
)
def endorse_verify(fmt: str, expect: str | None) -> None:
    """Verify every endorsement ledger against the git history, offline.

    Needs a clone with full history. Exit status 1 with the exact reason when an entry does
    not verify.
    """
    from credgen.context import find_root
    from credgen.diagnostics import format_diagnostics
    from credgen.endorse.verify import verify_endorsements

    result = verify_endorsements(find_root(Path.cwd()), expect=expect)
    if result.diagnostics:
        click.echo(format_diagnostics(result.diagnostics, fmt))
        count = len(result.diagnostics)
        click.echo(f"endorsement verification failed: {count} problem{'s' * (count != 1)}", err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(format_diagnostics([], fmt))  # a JSON document on success too, as `check` prints
    for line in result.verified:
        click.echo(f"verified: {line}", err=fmt != "text")
    for head in result.heads:
        click.echo(f"chain head: {head.as_text()}", err=fmt != "text")
    if not result.verified:
        click.echo("no endorsement ledgers to verify", err=True)


@main.command()
@click.argument("slug")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File [default: <slug>-<version>.docx]."
)
def docx(slug: str, out: Path | None) -> None:
    """Write an editable Word document of one specification (read it back with `credgen import`)."""
    from credgen.context import find_root
    from credgen.word.export import export_docx

    target = export_docx(find_root(Path.cwd()), slug, out)
    click.echo(f"wrote {target}")


@main.command("import")
@click.argument("document", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--slug", help="Specification to update [default: the one the document was written for].")
@click.option("--write", is_flag=True, help="Save the YAML when the document has no errors.")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def import_(document: Path, slug: str | None, write: bool, fmt: str) -> None:
    """Read a Word document written by `credgen docx` back into the specification's YAML.

    Checks the result with the same rules as `credgen check` and names the place in the
    document of every problem. Without --write nothing is saved. Exit status 1 on errors.
    """
    from credgen.context import find_root
    from credgen.word.importer import import_docx, save_import

    root = find_root(Path.cwd())
    result = import_docx(root, document, document.as_posix(), slug)
    click.echo(
        result.as_json() if fmt == "json" else "\n".join(result.lines()),
        nl=fmt == "json" or bool(result.lines()),
    )
    if result.errors:
        click.echo(
            f"{result.errors} error{'s' * (result.errors != 1)}; {result.target} not written", err=True
        )
        sys.exit(1)
    click.echo(save_import(root, result, write=write), err=True)


@main.group()
def approve() -> None:
    """Delivery plans approved through pull requests: check a PR, record it, verify the ledgers."""


@approve.command("check")
@_PR
@_REPO
def approve_check(number: int, repo: str | None) -> None:
    """Decide whether a pull request's reviews approve the delivery plans it adds or changes.

    Applies the endorsement rules with the panel's delivery quorum. Exit status 0 when every
    plan is approved, 1 otherwise.
    """
    from credgen.context import find_root
    from credgen.delivery.approve import check_plan_pull
    from credgen.endorse.github import GitHub

    report = check_plan_pull(find_root(Path.cwd()), GitHub.from_env(repo), number)
    click.echo("\n".join(report.lines()))
    if not report.ok:
        raise report.failure()


@approve.command("record")
@_PR
@_REPO
def approve_record(number: int, repo: str | None) -> None:
    """After the merge: append each approved plan's entry to its approval ledger."""
    from credgen.context import find_root
    from credgen.delivery.approve import record_plan_pull
    from credgen.endorse.github import GitHub

    report = record_plan_pull(find_root(Path.cwd()), GitHub.from_env(repo), number)
    click.echo("\n".join(report.lines()))
    if not report.ok:
        raise report.failure()


@approve.command("verify")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
def approve_verify(fmt: str) -> None:
    """Verify every plan approval ledger against the git history, offline (needs full history)."""
    from credgen.context import find_root
    from credgen.delivery.verify import verify_approvals
    from credgen.diagnostics import format_diagnostics

    result = verify_approvals(find_root(Path.cwd()))
    if result.diagnostics:
        click.echo(format_diagnostics(result.diagnostics, fmt))
        count = len(result.diagnostics)
        click.echo(f"approval verification failed: {count} problem{'s' * (count != 1)}", err=True)
        sys.exit(1)
    for line in result.verified:
        click.echo(f"verified: {line}", err=fmt != "text")
    if not result.verified:
        click.echo("no plan approvals to verify", err=True)
