"""What the site is built from: the validated corpus plus facts gathered once per build."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.structure.toc import TableOfContents, get_toc

from credgen.context import BuildContext
from credgen.diagnostics import Diagnostic, count_errors, promote_warnings
from credgen.endorse.ledger import LedgerEntry, endorsement_in, load_ledger
from credgen.history import git as gitinfo
from credgen.history.versions import VersionRecord, corpus_history
from credgen.load.documents import Corpus, load_corpus
from credgen.pdf.outline import Heading, outline_of
from credgen.render.templates import make_environment
from credgen.site.pages import CatalogueRow, catalogue_rows
from credgen.validate.rules import validate_corpus


@dataclasses.dataclass(slots=True)
class SiteState:
    """Everything the generated pages need, computed once per build."""

    corpus: Corpus
    ctx: BuildContext
    env: jinja2.Environment
    updated: dict[str, dt.date]
    """Slug → date of the last commit that changed its file (its own dates outside git)."""

    endorsements: dict[str, LedgerEntry]
    """Slug → the `LedgerEntry` endorsing its current version, where there is one."""

    rows: list[CatalogueRow]
    """The catalogue, sorted by title."""

    versions: dict[str, list[VersionRecord]]
    """Slug → its published versions from git history, oldest first (empty outside git)."""

    ledgers: dict[str, tuple[LedgerEntry, ...]]
    """Slug → every entry of its endorsement ledger, oldest first."""


def load_state(
    root: Path, ctx: BuildContext, *, strict: bool = False, pending_endorsement: bool = False
) -> tuple[SiteState | None, list[Diagnostic]]:
    """Load and validate `root`; the state is None when there are errors."""
    corpus = load_corpus(root)
    diagnostics = validate_corpus(corpus, pending_endorsement=pending_endorsement)
    if strict:
        diagnostics = promote_warnings(diagnostics)
    if count_errors(diagnostics):
        return None, diagnostics
    return make_state(corpus, ctx), diagnostics


def make_state(corpus: Corpus, ctx: BuildContext) -> SiteState:
    """Gather dates and endorsements for an already-validated corpus."""
    updated = _updated_dates(corpus)
    histories = corpus_history(corpus.root)  # one git walk for every credential
    ledgers = _ledgers(corpus)
    return SiteState(
        corpus=corpus,
        ctx=ctx,
        env=make_environment(corpus.root),
        updated=updated,
        endorsements=_endorsements(corpus, ledgers),
        rows=catalogue_rows(corpus, updated),
        versions={slug: histories[slug].versions if slug in histories else [] for slug in corpus.credentials},
        ledgers=ledgers,
    )


def _updated_dates(corpus: Corpus) -> dict[str, dt.date]:
    """When each specification last changed: from git, else its published or created date."""
    changed = gitinfo.last_changed(corpus.root)  # empty outside git
    dates = {}
    for slug, document in corpus.credentials.items():
        commit = changed.get(document.path)
        own = document.model.dates.published or document.model.dates.created
        dates[slug] = commit.when.date() if commit else own
    return dates


def _endorsements(corpus: Corpus, ledgers: dict[str, tuple[LedgerEntry, ...]]) -> dict[str, LedgerEntry]:
    """Slug → current endorsement, for specifications that have one."""
    found = {}
    for slug, document in corpus.credentials.items():
        entry = endorsement_in(ledgers[slug], document)
        if entry is not None:
            found[slug] = entry
    return found


def _ledgers(corpus: Corpus) -> dict[str, tuple[LedgerEntry, ...]]:
    """Slug → its ledger entries (validation has already reported any unreadable ledger)."""
    found = {}
    for slug in corpus.credentials:
        ledger, _ = load_ledger(corpus.root, slug)
        found[slug] = tuple(ledger.model.entries) if ledger else ()
    return found


def toc_from_html(content: str) -> TableOfContents:
    """A table of contents from the `<h2>`/`<h3>` headings (with ids) of rendered HTML: the
    same outline the PDF's contents page is made from (`credgen.pdf.outline.outline_of`)."""

    def token(heading: Heading) -> dict[str, Any]:
        name = html.escape(heading.text, quote=False)
        return {
            "level": heading.level,
            "id": heading.id,
            "name": name,
            "children": [token(c) for c in heading.children],
        }

    tokens: list[Any] = [token(heading) for heading in outline_of(content)]  # mkdocs' _TocToken
    return get_toc(tokens)
