"""`credgen build`: the website, the PDFs and the open data, built together and swapped in at once.

    build() = load → validate → render (MkDocs) → search index → swap

and, while MkDocs renders, worker processes render the PDFs and a forked child writes the open
data (exports). A rebuild (the PDF cache holds PDFs) does its whole PDF stage in a forked child
as well: it renders few PDFs or none, and finding which ones means rendering every print
document to hash it, work this process would otherwise add to the build.

Everything is gathered and validated before anything is written; the new site is built in a
temporary directory beside the output and replaces it only when every stage has succeeded, so
a failed build leaves the previous output exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from credgen.context import BuildContext
from credgen.diagnostics import Diagnostic, count_errors
from credgen.exceptions import ProjectError, RenderError, SpecError
from credgen.forked import Forked
from credgen.pdf.cache import PdfCache
from credgen.pdf.parallel import start_fork_server

if TYPE_CHECKING:
    from credgen.pdf import PdfReport, PdfRun, VersionPdf
    from credgen.site.state import SiteState

log = logging.getLogger("credgen.build")

#: Where the site configuration lives, relative to the project root.
MKDOCS_YML = Path("site") / "mkdocs.yml"

#: Default output directory, relative to the project root.
DEFAULT_OUT = Path("build") / "site"

#: A build's temporary tree untouched for this long was left by a build that was killed.
ABANDONED_SECONDS = 3600


def build(
    root: Path,
    out: Path | None = None,
    *,
    pdf: bool = True,
    strict: bool = False,
    pending_endorsement: bool = False,
    report: Callable[[list[Diagnostic]], None] | None = None,
) -> Path:
    """Build the whole site of `root` into `out` (default `build/site`) and return `out`.

    `pending_endorsement` is for the pull request that endorses a specification, whose ledger
    entry can only be recorded after the merge (as `credgen check --pending-endorsement`).
    """
    out = (out or root / DEFAULT_OUT).resolve()
    _check_output(root, out)
    cache_dir = out.parent / ".cache"
    first = pdf and PdfCache(cache_dir / "pdf").is_empty()
    if first:
        # Every PDF will render: the workers' fork server imports WeasyPrint meanwhile. (With
        # a cache, few or none render, and it would only compete with this build for a core.)
        start_fork_server()
    # Imported only now, so the fork server above starts before this process spends about
    # 0.3 s importing the models, Markdown and Jinja (the CLI imports none of them first).
    from credgen.render import template_cache
    from credgen.site.state import load_state

    # Load: the site configuration gives the URLs every page and PDF is built with.
    mkdocs_config = _load_mkdocs_config(root)
    ctx = context_from_config(root, mkdocs_config)
    # Validate everything before writing anything; `--strict` makes warnings errors.
    state, diagnostics = load_state(root, ctx, strict=strict, pending_endorsement=pending_endorsement)
    if report is not None:
        report(diagnostics)
    if state is None:
        errors = count_errors(diagnostics)
        raise SpecError(
            f"{errors} error{'s' * (errors != 1)} in the specifications; {_shown(out, root)} left unchanged",
            count=errors,
        )
    # Compiled templates are kept from one build to the next, for the PDFs' planning as for the
    # pages (the plugin uses the same folder for the theme's).
    state.env.bytecode_cache = template_cache(cache_dir / "jinja")
    with (
        _building(out, cache_dir, root),
        _staging(out) as site_dir,
        _pdf_stage(state, cache_dir / "pdf", site_dir.parent, enabled=pdf, first=first) as pdfs,
    ):
        # Render the website (MkDocs with the credgen plugin) while worker processes render the
        # PDFs and a child writes the open data; then Pagefind indexes the pages. The PDFs are
        # waited for last: while the PDF workers render, the threads that feed them keep this
        # process from forking, so the open data is written here, meanwhile, not after them.
        _render_site(mkdocs_config, state, site_dir, pdf=pdf, strict=strict, cache_dir=cache_dir).close()
        if pdfs is not None:
            pdfs(site_dir / "downloads")
        # Swap the finished tree in for the old one.
        _swap(site_dir, out)
    return out


def context_from_config(root: Path, mkdocs_config: object) -> BuildContext:
    """The build context, with the site and repository URLs from `site/mkdocs.yml`."""
    site_url = getattr(mkdocs_config, "site_url", None) or "http://localhost:8000/"
    repo_url = getattr(mkdocs_config, "repo_url", None) or ""
    return BuildContext.for_project(root, site_url=site_url, repo_url=repo_url)


def project_context(root: Path) -> BuildContext:
    """The build context of a project, as `credgen build` would use it."""
    return context_from_config(root, _load_mkdocs_config(root))


def write_pdfs(state: SiteState, site_dir: Path, cache_dir: Path) -> None:
    """Write the PDFs (the current text and every published version) into `downloads/`."""
    _report_pdfs(_start_pdfs(state, cache_dir).finish(site_dir / "downloads"))


def published_versions(state: SiteState) -> list[VersionPdf]:
    """Every published version from git history, with its endorsement, for the PDF stage."""
    from credgen.pdf import VersionPdf
    from credgen.site.versions import endorsement_of

    return [
        VersionPdf(slug, record, endorsement_of(state, slug, record))
        for slug, records in state.versions.items()
        for record in records
    ]


@contextlib.contextmanager
def _pdf_stage(
    state: SiteState, cache_dir: Path, staging: Path, *, enabled: bool, first: bool
) -> Iterator[Callable[[Path], None] | None]:
    """The PDFs of `state`, under way in the background; stopped if the build fails meanwhile.

    Yields what to call once the website is built, to wait for them and move them into the
    folder it is given. A `first` build (empty cache) plans them here and renders them at once
    in the workers of the fork server that is importing WeasyPrint. A rebuild renders few or
    none, so a child forked from this process does it all, on a core MkDocs leaves idle, and
    writes them under `staging` (beside the site folder, which MkDocs empties when it starts).
    """
    if not enabled:
        yield None
        return
    if first:
        run = _start_pdfs(state, cache_dir)
        try:
            yield lambda downloads: _report_pdfs(run.finish(downloads))
        except BaseException:
            run.cancel()
            raise
        return
    with Forked(lambda: write_pdfs(state, staging, cache_dir), what="the PDFs") as child:
        yield functools.partial(_move_pdfs, child, staging / "downloads")


def _move_pdfs(child: Forked, written: Path, downloads: Path) -> None:
    """Wait for `child` to write the PDFs into `written`, then move them into `downloads`."""
    child.wait()
    downloads.mkdir(exist_ok=True)
    for path in written.iterdir():
        path.replace(downloads / path.name)


def _start_pdfs(state: SiteState, cache_dir: Path) -> PdfRun:
    """Plan the PDFs of `state` and start rendering those `cache_dir` lacks."""
    # Imported here: the PDF stage pulls in its print machinery, and `credgen --help` must not.
    from credgen.pdf import start_pdfs

    versions = published_versions(state)
    return start_pdfs(state.corpus, state.env, state.ctx, cache_dir=cache_dir, versions=versions)


def _report_pdfs(report: PdfReport) -> None:
    for warning in report.warnings:
        log.warning("%s", warning)


def _load_mkdocs_config(root: Path) -> object:
    """`site/mkdocs.yml`, loaded (not yet built); MkDocs is imported only when building."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    path = root / MKDOCS_YML
    if not path.is_file():
        raise ProjectError(
            f"{MKDOCS_YML.as_posix()}: no site configuration", hint="see site/mkdocs.yml in credgen"
        )
    try:
        return load_config(config_file=str(path))
    except ConfigurationError as error:
        raise RenderError(f"{MKDOCS_YML.as_posix()}: {error}") from error


def _render_site(
    mkdocs_config: object, state: SiteState, site_dir: Path, *, pdf: bool, strict: bool, cache_dir: Path
) -> contextlib.ExitStack:
    """Run MkDocs with the credgen plugin fed the already-validated state.

    Returns what it left running in the background (Pagefind, the exports), as a context that
    waits for it when closed (`close()`, or the end of a `with` block), or stops it if the block
    fails.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import MkDocsException

    from credgen.site.plugin import CredgenPlugin

    assert isinstance(mkdocs_config, MkDocsConfig)
    mkdocs_config.site_dir = str(site_dir)
    mkdocs_config.strict = strict
    plugin = mkdocs_config.plugins.get("credgen")
    if not isinstance(plugin, CredgenPlugin):
        raise ProjectError(f"{MKDOCS_YML.as_posix()}: the 'credgen' plugin is not listed under plugins")
    plugin.drive(state, pdf=pdf, cache_dir=cache_dir)
    try:
        mkdocs_config.plugins.on_startup(command="build", dirty=False)
        mkdocs_build(mkdocs_config)
        mkdocs_config.plugins.on_shutdown()
    except MkDocsException as error:
        raise RenderError(f"the website build failed: {error}") from error
    return plugin.background()


def _check_output(root: Path, out: Path) -> None:
    """Refuse an output directory whose replacement would destroy something else."""
    project = root.resolve()
    if out == project or out in project.parents or (out / "specs").exists():
        raise ProjectError(f"refusing to replace {out}: it holds the project")
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise ProjectError(
            f"refusing to replace {out}: it is not empty and is not a built site",
            hint="choose an empty or new directory for --out",
        )


@contextlib.contextmanager
def _building(out: Path, cache_dir: Path, root: Path) -> Iterator[None]:
    """Hold the lock of `out` for a whole build: a second build of the same output, which would
    swap its tree in while this one swaps, is refused until this one ends.

    The lock is a POSIX record lock on `<cache>/<name>.lock`: the system releases it when this
    process ends, however it ends, and the children it forks (the exports, a rebuild's PDFs) do
    not inherit it, so a build killed outright never blocks the next one. The file holds the
    building process's id, for the message. Windows has no such lock: builds there are not
    guarded.
    """
    if sys.platform == "win32":
        yield
        return
    import fcntl

    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"{out.name}.lock"
    with path.open("a+") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EACCES, errno.EAGAIN):  # a file system without locks
                raise ProjectError(f"cannot lock {_shown(path, root)}: {error.strerror}") from error
            handle.seek(0)
            holder = handle.read().strip()
            raise ProjectError(
                f"{_shown(out, root)} is being built by another credgen process"
                + (f" (process {holder})" if holder.isdigit() else ""),
                hint="wait for it to finish, or build into another folder with --out",
            ) from None
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        yield


@contextlib.contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """A fresh directory beside `out` (same file system, so the swap is a rename), always cleaned up."""
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        yield staging / "site"
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _remove_abandoned(out: Path) -> None:
    """Delete the unfinished and moved-aside trees of builds killed outright (SIGKILL, power
    loss), which could not clean up; younger ones may belong to a build still running."""
    cutoff = time.time() - ABANDONED_SECONDS
    for pattern in (f".{out.name}.new-*", f".{out.name}.old-*"):
        for path in out.parent.glob(pattern):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    shutil.rmtree(path)


def _swap(new: Path, out: Path) -> None:
    """Put `new` where `out` is: two renames, then the old tree is deleted."""
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.replace(old)
    new.replace(out)
    shutil.rmtree(old, ignore_errors=True)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
