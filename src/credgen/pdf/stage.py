"""The PDF stage: a print-quality, tagged PDF of every credential specification.

`render_pdfs` plans one print document per specification (the shared content HTML wrapped in
a cover and contents), looks each up in the cache by the hash of all its inputs, renders the
misses in parallel with WeasyPrint, and copies every PDF to `<slug>-<version>.pdf` and
`<slug>.pdf`. Given the published versions from git history (`VersionPdf`), the same run
prints each older version's own text to `<slug>-<version>.pdf` too, through the same cache.
`start_pdfs` does the same in two steps, so `credgen build` can render the website while the
workers render the PDFs. Importing this module does not import WeasyPrint; only the workers do.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from credgen.context import PRINT_STYLESHEET
from credgen.exceptions import PdfError
from credgen.pdf.cache import PdfCache, cache_key
from credgen.pdf.document import Frozen, PrintSource, print_html, print_url
from credgen.pdf.job import PdfJob
from credgen.pdf.pool import Rendering
from credgen.pdf.provenance import Provenance, collect_provenance

if TYPE_CHECKING:
    from credgen.context import BuildContext
    from credgen.endorse.ledger import LedgerEntry
    from credgen.history.versions import VersionRecord
    from credgen.load.documents import Corpus, Document
    from credgen.models.credential import Credential

__all__ = ["PdfReport", "PdfRun", "VersionPdf", "render_pdfs", "start_pdfs"]


@dataclasses.dataclass(frozen=True, slots=True)
class PdfReport:
    """What the PDF stage did."""

    rendered: int
    """PDFs rendered by WeasyPrint in this run."""

    cached: int
    """PDFs taken unchanged from the cache."""

    files: tuple[Path, ...]
    """Every file written: for each current text in slug order `<slug>-<version>.pdf` then
    `<slug>.pdf`, then the older versions' `<slug>-<version>.pdf` in the order given."""

    warnings: tuple[str, ...] = ()
    """WeasyPrint's warnings for the PDFs rendered in this run, prefixed with the source file."""

    cpu_seconds: float = 0.0
    """Processor time WeasyPrint spent on the PDFs rendered in this run, summed over workers."""


@dataclasses.dataclass(frozen=True, slots=True)
class VersionPdf:
    """A published version to print with its own text (from `credgen.history.versions`)."""

    slug: str
    record: VersionRecord
    endorsement: LedgerEntry | None
    """The ledger entry endorsing that version, if any (`credgen.site.versions.endorsement_of`)."""


@dataclasses.dataclass(frozen=True, slots=True)
class _Planned:
    """One PDF: its names in the output and its place in the cache."""

    slug: str
    version: str
    key: str
    job: PdfJob
    latest: bool = True
    """Whether it is also published as `<slug>.pdf` (the current text only)."""


class PdfRun:
    """A PDF stage under way: the misses render in worker processes until `finish`."""

    def __init__(self, planned: list[_Planned], cache: PdfCache) -> None:
        self._planned = planned
        self._cache = cache
        self._misses = [item.job for item in planned if cache.lookup(item.key) is None]
        self._rendering = Rendering(self._misses)

    def finish(self, out_dir: Path) -> PdfReport:
        """Wait for the renders, then write every PDF into `out_dir`.

        Raises `PdfError` when any PDF failed, before writing anything to `out_dir`. The cache
        is pruned once, keeping everything this run used.
        """
        outcomes = self._rendering.outcomes()
        failures = [outcome.error for outcome in outcomes if outcome.error]
        if failures:
            raise PdfError("\n".join(failures))
        self._cache.prune({item.key for item in self._planned})
        # Write: each PDF under its versioned and its latest name.
        files = _publish(self._planned, self._cache, out_dir)
        warnings = tuple(
            f"{job.name}: {text}"
            for job, o in zip(self._misses, outcomes, strict=True)
            for text in o.warnings
        )
        cpu = sum(outcome.cpu_seconds for outcome in outcomes)
        rendered = len(self._misses)
        return PdfReport(rendered, len(self._planned) - rendered, files, warnings, cpu)

    def cancel(self) -> None:
        """Stop rendering (the build failed elsewhere); the cache keeps what was finished."""
        self._rendering.cancel()


def start_pdfs(
    corpus: Corpus,
    env: jinja2.Environment,
    ctx: BuildContext,
    *,
    cache_dir: Path,
    slugs: Collection[str] | None = None,
    versions: Sequence[VersionPdf] = (),
) -> PdfRun:
    """Plan the PDFs and start rendering those the cache lacks, in the background.

    One print document for each credential and, from `versions`, each published version other
    than the current one (the current text is that PDF); `slugs` limits the run to some
    credentials.
    """
    cache = PdfCache(cache_dir)
    chosen = sorted(set(slugs)) if slugs is not None else list(corpus.credentials)
    css = _stylesheet(env)
    planned = _plan(corpus, env, ctx, cache, chosen, css=css)
    planned += _plan_versions(corpus, env, ctx, cache, _older(corpus, versions, chosen), css=css)
    return PdfRun(planned, cache)


def render_pdfs(
    corpus: Corpus,
    env: jinja2.Environment,
    ctx: BuildContext,
    *,
    out_dir: Path,
    cache_dir: Path,
    slugs: Collection[str] | None = None,
    versions: Sequence[VersionPdf] = (),
) -> PdfReport:
    """Write `<slug>-<version>.pdf` and `<slug>.pdf` into `out_dir` for every credential, and
    `<slug>-<version>.pdf` for each of `versions` (see `start_pdfs`), and wait for them."""
    return start_pdfs(corpus, env, ctx, cache_dir=cache_dir, slugs=slugs, versions=versions).finish(out_dir)


def _plan(
    corpus: Corpus, env: jinja2.Environment, ctx: BuildContext, cache: PdfCache, slugs: list[str], *, css: str
) -> list[_Planned]:
    """Build the print document of each requested specification."""
    unknown = [slug for slug in slugs if slug not in corpus.credentials]
    if unknown:
        raise PdfError(
            f"no credential specification '{unknown[0]}'", hint="see the folders in specs/credentials/"
        )
    documents = [corpus.credentials[slug] for slug in slugs]
    provenance = collect_provenance(ctx.root, [document.path for document in documents], ctx.timestamp)
    planned = []
    for slug, document in zip(slugs, documents, strict=True):
        source = PrintSource(slug, document, _endorsement(ctx.root, document), provenance[document.path])
        planned.append(_planned(corpus, env, ctx, cache, source, css=css, name=document.path))
    return planned


def _older(corpus: Corpus, versions: Sequence[VersionPdf], slugs: list[str]) -> list[VersionPdf]:
    """The versions of the chosen credentials other than their current ones, each once."""
    chosen = set(slugs)
    found: dict[tuple[str, str], VersionPdf] = {}
    for item in versions:
        if item.slug in chosen and item.record.version != corpus.credentials[item.slug].model.version:
            found[item.slug, item.record.version] = item
    return list(found.values())


def _plan_versions(
    corpus: Corpus,
    env: jinja2.Environment,
    ctx: BuildContext,
    cache: PdfCache,
    versions: list[VersionPdf],
    *,
    css: str,
) -> list[_Planned]:
    """Build the print document of each older version, from its own commit."""
    planned = []
    for item in versions:
        record, document = item.record, corpus.credentials[item.slug]
        provenance = Provenance(record.final_commit, record.final_date, modified=False)
        frozen = Frozen(record, document.model.version)
        source = PrintSource(item.slug, document, item.endorsement, provenance, frozen)
        name = f"{document.path} (version {record.version}, commit {record.final_commit[:12]})"
        planned.append(_planned(corpus, env, ctx, cache, source, css=css, name=name))
    return planned


def _planned(
    corpus: Corpus,
    env: jinja2.Environment,
    ctx: BuildContext,
    cache: PdfCache,
    source: PrintSource,
    *,
    css: str,
    name: str,
) -> _Planned:
    """One print document, its cache key and the job that renders it."""
    html = print_html(env, corpus, ctx, source)
    base_url = print_url(ctx, source)
    key = cache_key(html, css, base_url)
    job = PdfJob(name, html, base_url, css, cache.path(key))
    return _Planned(source.slug, source.spec.version, key, job, latest=source.frozen is None)


def _stylesheet(env: jinja2.Environment) -> str:
    """The print CSS, from the project's templates or the package's."""
    try:
        assert env.loader is not None
        return env.loader.get_source(env, PRINT_STYLESHEET)[0]
    except jinja2.TemplateNotFound as error:
        raise PdfError(f"no print stylesheet '{PRINT_STYLESHEET}' in the templates") from error


def _endorsement(root: Path, document: Document[Credential]) -> LedgerEntry | None:
    """The ledger entry endorsing this version, if any."""
    from credgen.endorse.ledger import current_endorsement

    return current_endorsement(root, document)


def _publish(planned: list[_Planned], cache: PdfCache, out_dir: Path) -> tuple[Path, ...]:
    """Copy each cached PDF to `<slug>-<version>.pdf`; link the current text's as `<slug>.pdf`.

    The output is a copy, never a link into the cache, so nothing done to a published file
    can change a cached one.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for item in planned:
        versioned, latest = out_dir / f"{item.slug}-{item.version}.pdf", out_dir / f"{item.slug}.pdf"
        shutil.copyfile(cache.path(item.key), versioned)
        if not item.latest:
            files.append(versioned)
            continue
        latest.unlink(missing_ok=True)
        try:
            os.link(versioned, latest)
        except OSError:  # a file system without hard links
            shutil.copyfile(versioned, latest)
        files += [versioned, latest]
    return tuple(files)
