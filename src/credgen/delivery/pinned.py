"""The exact version of a specification a plan delivers, and whether a newer one replaces it.

A plan pins `credential` at `version`. That version is the working tree's when the numbers
agree, otherwise the one git history holds (see `credgen.history.versions`); history is read
only when some plan pins an older version, so a corpus of current plans costs no git walk.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from credgen.history.versions import history_of
from credgen.load.documents import Corpus
from credgen.models.credential import Credential, Status

#: How long a plan may go on delivering a version after a newer one replaces it.
TRANSITION = dt.timedelta(days=365)

#: Statuses at which a version may be delivered: it was endorsed.
DELIVERABLE = frozenset({Status.ENDORSED, Status.SUPERSEDED})


@dataclasses.dataclass(frozen=True, slots=True)
class Pinned:
    """A specification as it stood at the version a plan names."""

    spec: Credential
    """The text of that version."""

    current: bool
    """Whether it is the version in the working tree."""


@dataclasses.dataclass(frozen=True, slots=True)
class Remap:
    """Why a plan must be re-mapped, and by when."""

    target_slug: str
    """The specification the plan must move to (the same slug for a new version)."""

    target_version: str
    """The version to re-map to."""

    since: dt.date | None
    """When the replacement was endorsed (from git history; None outside git)."""

    @property
    def due(self) -> dt.date | None:
        """End of the transition period: the old version may be delivered until then."""
        return self.since + TRANSITION if self.since else None


def pinned_version(corpus: Corpus, slug: str, version: str) -> Pinned | None:
    """`slug` at `version`, from the working tree or git history; None when it never existed."""
    document = corpus.credentials.get(slug)
    if document is not None and document.model.version == version:
        return Pinned(document.model, current=True)
    for record in history_of(corpus.root, slug).versions:
        if record.version == version:
            return Pinned(record.credential, current=False)
    return None


def known_versions(corpus: Corpus, slug: str) -> list[str]:
    """Every version of `slug` that history or the working tree knows, oldest first."""
    found = [record.version for record in history_of(corpus.root, slug).versions]
    document = corpus.credentials.get(slug)
    if document is not None and document.model.version not in found:
        found.append(document.model.version)
    return found


def remap_needed(corpus: Corpus, slug: str, version: str) -> Remap | None:
    """Whether a plan pinned to `slug` `version` must be re-mapped, and onto what.

    A later endorsed version of the same specification replaces it; so does the replacement a
    superseded specification names in `superseded_by`.
    """
    document = corpus.credentials.get(slug)
    if document is None:
        return None
    spec = document.model
    if spec.version != version and spec.status is Status.ENDORSED:
        return Remap(slug, spec.version, _endorsed_on(corpus, slug, spec.version, Status.ENDORSED))
    if spec.status is Status.SUPERSEDED and spec.superseded_by:
        successor = corpus.credentials.get(spec.superseded_by)
        target = successor.model.version if successor else "?"
        return Remap(spec.superseded_by, target, _endorsed_on(corpus, slug, spec.version, Status.SUPERSEDED))
    return None


def _endorsed_on(corpus: Corpus, slug: str, version: str, status: Status) -> dt.date | None:
    """The day `slug` `version` first reached `status` on the main line."""
    revision = history_of(corpus.root, slug).first_with_status(status, version)
    return revision.date.date() if revision else None
