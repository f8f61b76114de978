"""Gather what every exporter needs about each credential, once, before anything is written."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import uuid

from credgen.context import BuildContext
from credgen.endorse.ledger import LedgerEntry, endorsement_in, load_ledger
from credgen.history.versions import CredentialHistory, VersionRecord, corpus_history
from credgen.load.documents import Corpus, Document
from credgen.models.credential import Credential
from credgen.models.framework import Framework
from credgen.render.templates import CredentialView, credential_view


@dataclasses.dataclass(frozen=True, slots=True)
class CredentialFacts:
    """One credential with its history, endorsement and derived view."""

    slug: str
    """The slug."""

    document: Document[Credential]
    """The loaded specification (current work tree)."""

    framework: Framework | None
    """The framework it maps to, when present."""

    history: CredentialHistory
    """Its committed history (empty outside git)."""

    endorsement: LedgerEntry | None
    """The ledger entry endorsing the current version and content."""

    ledger: tuple[LedgerEntry, ...]
    """Every ledger entry for this credential, oldest first."""

    view: CredentialView
    """The website's derived view (coverage, links, citation), so pages and data agree."""

    @property
    def spec(self) -> Credential:
        """The current specification."""
        return self.document.model

    @property
    def versions(self) -> list[VersionRecord]:
        """Published versions, oldest first."""
        return self.history.versions

    @property
    def created(self) -> dt.date:
        """The spec's own `dates.created`, as its page shows it.

        The hand-typed date wins over git's: it records when development started, which is
        usually before the file reached this repository (drafts are written elsewhere, files are
        imported or moved). Git's date is kept as `first_committed`.
        """
        return self.spec.dates.created

    @property
    def first_committed(self) -> dt.date | None:
        """When the file was first committed (None outside git)."""
        return self.history.created.date() if self.history.created else None

    @property
    def last_changed(self) -> dt.datetime | None:
        """Last changed on the main line (git)."""
        return self.history.last_changed

    @property
    def endorsed(self) -> dt.date | None:
        """When the current version's endorsing pull request was merged."""
        return self.endorsement.merged_at.astimezone(dt.UTC).date() if self.endorsement else None

    def entry_for(self, version: str) -> LedgerEntry | None:
        """The latest ledger entry recorded for `version`."""
        found = [entry for entry in self.ledger if entry.version == version]
        return found[-1] if found else None


def gather(corpus: Corpus, ctx: BuildContext) -> list[CredentialFacts]:
    """Facts for every credential in the corpus, in slug order."""
    histories = corpus_history(corpus.root)  # one git walk for every credential
    return [
        _facts(slug, document, corpus, ctx, histories.get(slug) or CredentialHistory(slug, ()))
        for slug, document in sorted(corpus.credentials.items())
    ]


def _facts(
    slug: str, document: Document[Credential], corpus: Corpus, ctx: BuildContext, history: CredentialHistory
) -> CredentialFacts:
    """Facts for one credential."""
    framework = corpus.frameworks.get(document.model.framework)
    updated = history.last_changed.date() if history.last_changed else None
    ledger, _ = load_ledger(corpus.root, slug)
    entries = tuple(ledger.model.entries) if ledger else ()
    return CredentialFacts(
        slug=slug,
        document=document,
        framework=framework.model if framework else None,
        history=history,
        endorsement=endorsement_in(entries, document),
        ledger=entries,
        view=credential_view(document, corpus, ctx, updated=updated),
    )


def stable_uuid(ctx: BuildContext, *parts: str) -> str:
    """A UUID that is the same in every build of this site (CASE needs UUID identifiers).

    It is `uuid.uuid5(uuid.NAMESPACE_URL, <site URL>#<parts>)`, computed without building a
    `uuid.UUID` (a CASE export makes tens of thousands of them).
    """
    name = (ctx.site_url + "#" + ":".join(parts)).encode()
    digest = bytearray(hashlib.sha1(_URL_NAMESPACE + name, usedforsecurity=False).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


_URL_NAMESPACE = uuid.NAMESPACE_URL.bytes


def latest(facts: list[CredentialFacts], ctx: BuildContext) -> dt.datetime:
    """The newest change across the corpus, else the build time."""
    changed = [f.last_changed for f in facts if f.last_changed is not None]
    return max(changed, default=ctx.timestamp)


def illustrative_note(ctx: BuildContext) -> str:
    """The sentence that marks an illustrative example in the open data and the feed."""
    return f"This is an illustrative example, not a {ctx.org.short_name}-endorsed specification."
