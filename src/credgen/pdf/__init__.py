"""The PDF stage: a print-quality, tagged PDF of every credential specification.

`render_pdfs` plans one print document per specification (the shared content HTML wrapped in
a cover and contents), looks each up in the cache by the hash of all its inputs, renders the
misses in parallel with WeasyPrint, and copies every PDF to `<slug>-<version>.pdf` and
`<slug>.pdf`. Importing this package does not import WeasyPrint; only the workers do.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from credgen.exceptions import PdfError
from credgen.pdf.cache import PdfCache, cache_key
from credgen.pdf.document import PrintSource, canonical_url, print_html
from credgen.pdf.parallel import PdfJob, run_jobs
from credgen.pdf.provenance import collect_provenance

if TYPE_CHECKING:
    from credgen.context import BuildContext
    from credgen.endorse.ledger import LedgerEntry
    from credgen.load import Corpus, Document
    from credgen.models.credential import Credential

__all__ = ["PdfReport", "render_pdfs"]

#: The print stylesheet, found through the Jinja loader so a project can override it.
STYLESHEET = "pdf/print.css"


@dataclasses.dataclass(frozen=True, slots=True)
class PdfReport:
    """What the PDF stage did."""

    rendered: int
    """PDFs rendered by WeasyPrint in this run."""

    cached: int
    """PDFs taken unchanged from the cache."""

    files: tuple[Path, ...]
    """Every file written, in slug order: `<slug>-<version>.pdf` then `<slug>.pdf`."""

    warnings: tuple[str, ...] = ()
    """WeasyPrint's warnings for the PDFs rendered in this run, prefixed with the source file."""

    cpu_seconds: float = 0.0
    """Processor time WeasyPrint spent on the PDFs rendered in this run, summed over workers."""


@dataclasses.dataclass(frozen=True, slots=True)
class _Planned:
    """One specification's PDF: its names in the output and its place in the cache."""

    slug: str
    version: str
    key: str
    job: PdfJob


def render_pdfs(
    corpus: Corpus,
    env: jinja2.Environment,
    ctx: BuildContext,
    *,
    out_dir: Path,
    cache_dir: Path,
    slugs: Collection[str] | None = None,
) -> PdfReport:
    """Write `<slug>-<version>.pdf` and `<slug>.pdf` into `out_dir` for every credential.

    `slugs` limits the run to some credentials. Raises `PdfError` when any PDF fails, before
    writing anything to `out_dir`.
    """
    cache = PdfCache(cache_dir)
    # Plan: the print document of each specification, and its cache key.
    chosen = sorted(set(slugs)) if slugs is not None else list(corpus.credentials)
    planned = _plan(corpus, env, ctx, cache, chosen)
    # Render what the cache does not hold, in parallel.
    misses = [item.job for item in planned if cache.lookup(item.key) is None]
    outcomes = run_jobs(misses)
    failures = [outcome.error for outcome in outcomes if outcome.error]
    if failures:
        raise PdfError("\n".join(failures))
    cache.prune({item.key for item in planned})
    # Write: each PDF under its versioned and its latest name.
    files = _publish(planned, cache, out_dir)
    warnings = tuple(
        f"{job.name}: {text}" for job, o in zip(misses, outcomes, strict=True) for text in o.warnings
    )
    cpu = sum(outcome.cpu_seconds for outcome in outcomes)
    return PdfReport(len(misses), len(planned) - len(misses), files, warnings, cpu)


def _plan(
    corpus: Corpus, env: jinja2.Environment, ctx: BuildContext, cache: PdfCache, slugs: list[str]
) -> list[_Planned]:
    """Build the print document of each requested specification."""
    unknown = [slug for slug in slugs if slug not in corpus.credentials]
    if unknown:
        raise PdfError(
            f"no credential specification '{unknown[0]}'", hint="see the folders in specs/credentials/"
        )
    documents = [corpus.credentials[slug] for slug in slugs]
    provenance = collect_provenance(ctx.root, [document.path for document in documents], ctx.timestamp)
    css = _stylesheet(env)
    planned = []
    for slug, document in zip(slugs, documents, strict=True):
        source = PrintSource(slug, document, _endorsement(ctx.root, document), provenance[document.path])
        html = print_html(env, corpus, ctx, source)
        base_url = canonical_url(ctx, slug, document.model)
        key = cache_key(html, css, base_url)
        job = PdfJob(document.path, html, base_url, css, cache.path(key))
        planned.append(_Planned(slug, document.model.version, key, job))
    return planned


def _stylesheet(env: jinja2.Environment) -> str:
    """The print CSS, from the project's templates or the package's."""
    try:
        assert env.loader is not None
        return env.loader.get_source(env, STYLESHEET)[0]
    except jinja2.TemplateNotFound as error:
        raise PdfError(f"no print stylesheet '{STYLESHEET}' in the templates") from error


def _endorsement(root: Path, document: Document[Credential]) -> LedgerEntry | None:
    """The ledger entry endorsing this version, if any."""
    from credgen.endorse.ledger import current_endorsement

    return current_endorsement(root, document)


def _publish(planned: list[_Planned], cache: PdfCache, out_dir: Path) -> tuple[Path, ...]:
    """Copy each cached PDF to `<slug>-<version>.pdf`, and link that as `<slug>.pdf`.

    The output is a copy, never a link into the cache, so nothing done to a published file
    can change a cached one.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for item in planned:
        versioned, latest = out_dir / f"{item.slug}-{item.version}.pdf", out_dir / f"{item.slug}.pdf"
        shutil.copyfile(cache.path(item.key), versioned)
        latest.unlink(missing_ok=True)
        try:
            os.link(versioned, latest)
        except OSError:  # a file system without hard links
            shutil.copyfile(versioned, latest)
        files += [versioned, latest]
    return tuple(files)
