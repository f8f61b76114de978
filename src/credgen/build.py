"""`credgen build`: the website, the PDFs and the open data, built together and swapped in at once.

    build() = gather → start the PDFs → render the site → open data → search index
              → collect the PDFs → swap

Everything is gathered and validated before anything is written. The PDFs render in a process
pool while this process renders the website, writes the open data and runs the search
indexer; the new site is staged beside the output and replaces it in one atomic step only
when every stage has succeeded, so a failed build leaves the previous output exactly as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from credgen import output
from credgen.diagnostics import Diagnostic, count_errors
from credgen.exceptions import SpecError

if TYPE_CHECKING:
    from credgen.context import BuildContext
    from credgen.pdf import PdfRun, VersionPdf
    from credgen.site.state import SiteState

log = logging.getLogger("credgen.build")

#: Default output directory, relative to the project root.
DEFAULT_OUT = Path("build") / "site"


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
    from credgen.exports import write_exports
    from credgen.render.templates import template_cache
    from credgen.site import brand, search, website
    from credgen.word.export import write_downloads as write_word_downloads

    out = (out or root / DEFAULT_OUT).absolute()
    cache_dir = out.parent / ".cache"  # compiled templates, PDFs, Word documents, the output's lock
    # Gather: the site configuration, then the corpus, validated, and what every page shares.
    config = website.load_config(root)
    state = _gather(
        root,
        brand.site_context(root, config),
        strict=strict,
        pending=pending_endorsement,
        report=report,
        out=out,
    )
    state.env.bytecode_cache = template_cache(cache_dir / "jinja")  # kept from build to build
    with output.replacing(out, root=root, lock_dir=cache_dir) as site_dir, output.writing(site_dir, root):
        # Start the PDFs: the pool renders those the cache lacks while this process goes on.
        pdfs = _start_pdfs(state, cache_dir / "pdf") if pdf else None
        try:
            # Render the site: MkDocs, with the plugin turning the state into pages.
            website.render(config, state, site_dir, pdf=pdf, strict=strict)
            # Open data: the JSON API, CSV, feeds and citations.
            write_exports(state.corpus, state.ctx, site_dir)
            # Word: an editable .docx of each specification beside its PDF, for authors who
            # never touch YAML (linked, like the PDFs, only when the PDFs are built).
            if pdf:
                write_word_downloads(state.corpus, site_dir / "downloads", cache_dir / "docx")
            # Search index: Pagefind reads the finished pages.
            search.index_site(site_dir)
            # Collect the PDFs into downloads/.
            if pdfs is not None:
                for warning in pdfs.finish(site_dir / "downloads").warnings:
                    log.warning("%s", warning)
        except BaseException:
            if pdfs is not None:
                pdfs.cancel()
            raise
    # Swap: leaving `replacing` put the new site in place of the old one.
    return out


def _gather(
    root: Path,
    ctx: BuildContext,
    *,
    strict: bool,
    pending: bool,
    report: Callable[[list[Diagnostic]], None] | None,
    out: Path,
) -> SiteState:
    """Load and validate the corpus; raise `SpecError` (after reporting) when it has errors."""
    from credgen.site.state import load_state

    state, diagnostics = load_state(root, ctx, strict=strict, pending_endorsement=pending)
    if report is not None:
        report(diagnostics)
    if state is None:
        errors = count_errors(diagnostics)
        raise SpecError(
            f"{errors} error{'s' * (errors != 1)} in the specifications; "
            f"{output.shown(out, root)} left unchanged",
            count=errors,
        )
    return state


def _start_pdfs(state: SiteState, cache_dir: Path) -> PdfRun:
    """Plan every PDF (the current texts and the published versions) and submit the misses."""
    from credgen.pdf import start_pdfs

    return start_pdfs(
        state.corpus, state.env, state.ctx, cache_dir=cache_dir, versions=published_versions(state)
    )


def published_versions(state: SiteState) -> list[VersionPdf]:
    """Every published version from git history, with its endorsement, for the PDF stage."""
    from credgen.pdf import VersionPdf
    from credgen.site.versions import endorsement_of

    return [
        VersionPdf(slug, record, endorsement_of(state, slug, record))
        for slug, records in state.versions.items()
        for record in records
    ]
