"""Published versions on the website: frozen pages, "changes since" pages and version histories.

Every version in a credential's git history (`credgen.history.versions`) is frozen at
`/credentials/<slug>/v/<version>/`, rendered with the same body template from that version's
own text, under a banner naming the current version. `/credentials/<slug>/changes/<version>/`
shows what changed from that version to the current text. Neither kind of page is indexed for
search, so results always point at current pages; each page holds one version or one diff, so
no page grows with the number of specifications.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from credgen.diff import CredentialDiff, ItemChange, diff_credentials
from credgen.diff.markdown import item_name, item_sentence, list_sentence
from credgen.diff.model import Kind, Section
from credgen.endorse.ledger import LedgerEntry
from credgen.history.versions import VersionRecord, credential_path
from credgen.models.credential import Credential, Status
from credgen.render.templates import render_template, render_view, version_links, version_view
from credgen.site.state import SiteState

#: A generated page: (src_uri, front matter, body renderer).
GeneratedPage = tuple[str, dict[str, Any], Callable[[], str]]

#: From a version or changes page (`credentials/<slug>/v/<version>/`) back to the site root.
_ROOT = "../../../../"

#: Statuses whose versions can carry an endorsement record.
_ENDORSED = frozenset({Status.ENDORSED, Status.SUPERSEDED})

#: Anchors of diff items on a credential page (RENDER_API.md).
_ANCHORS = {
    "domain": "dom",
    "capability": "cap",
    "statement": "st",
    "outcome": "lo",
    "epa": "epa",
    "assessment": "as",
}

#: How the items of a changes page are grouped: (section id, heading, diff sections).
_GROUPS: tuple[tuple[str, str, tuple[Section, ...]], ...] = (
    ("structure", "Domains, capabilities and statements", ("domain", "capability", "statement")),
    ("outcomes", "Learning outcomes", ("outcome",)),
    ("assessment", "Assessment and EPAs", ("assessment", "epa")),
)


@dataclasses.dataclass(frozen=True, slots=True)
class HistoryRow:
    """One version as listed in a credential's version history."""

    record: VersionRecord
    links: dict[str, str]
    """Site paths: its frozen `page`, `json`, `pdf` and `changes` (see `version_links`)."""

    current: bool
    """Whether this is the version the credential's page shows."""

    pdf: bool
    """Whether a PDF of exactly this version is published (every version's is, in a build
    with PDFs: `credgen.build.published_versions`)."""


@dataclasses.dataclass(frozen=True, slots=True)
class ChangeEntry:
    """One changed item on a changes page."""

    item: ItemChange
    name: str
    """`Capability C4`, `Statement 1.2 of capability A1`."""

    href: str
    """Its anchor: on the current page, or on the old version's page when it was removed."""

    sentence: str
    """What happened besides rewording, in words; empty for a plain addition or removal."""


@dataclasses.dataclass(frozen=True, slots=True)
class ChangeGroup:
    """A section of a changes page."""

    id: str
    heading: str
    entries: list[ChangeEntry]


def history_rows(state: SiteState, slug: str, *, pdf: bool) -> list[HistoryRow]:
    """The published versions of `slug`, newest first."""
    current = state.corpus.credentials[slug].model.version
    return [
        HistoryRow(
            record,
            version_links(slug, record.version),
            record.version == current,
            pdf,
        )
        for record in reversed(state.versions.get(slug, []))
    ]


def render_history(state: SiteState, slug: str, *, pdf: bool) -> str:
    """The version history section of a credential's own page (empty when it has no history)."""
    rows = history_rows(state, slug, pdf=pdf)
    if not rows:
        return ""
    return render_template(state.env, "site/history.html.j2", {"rows": rows, "base": "../../"})


def version_pages(state: SiteState, *, pdf: bool) -> list[GeneratedPage]:
    """A frozen page per published version, and a changes page per version but the current one."""
    found: list[GeneratedPage] = []
    for slug, document in state.corpus.credentials.items():
        current = document.model
        for record in state.versions.get(slug, []):
            found.append(_version_page(state, slug, record, pdf=pdf))
            if record.version != current.version:
                found.append(_changes_page(state, slug, record, current))
    return found


def _version_page(state: SiteState, slug: str, record: VersionRecord, *, pdf: bool) -> GeneratedPage:
    title = f"{record.credential.title} (version {record.version})"
    meta = {"title": title, "description": _description(record), "search_exclude": True}
    return (
        f"credentials/{slug}/v/{record.version}.md",
        meta,
        lambda: render_version(state, slug, record, pdf=pdf),
    )


def _changes_page(state: SiteState, slug: str, record: VersionRecord, current: Credential) -> GeneratedPage:
    title = f"{current.title}: changes since version {record.version}"
    meta = {"title": title, "search_exclude": True}
    return (
        f"credentials/{slug}/changes/{record.version}.md",
        meta,
        lambda: render_changes(state, slug, record),
    )


def _description(record: VersionRecord) -> str:
    """The meta description of a frozen version."""
    status = str(record.status).replace("-", " ")
    return f"Version {record.version} ({status}) of a credential specification, kept as published."


def endorsement_of(state: SiteState, slug: str, record: VersionRecord) -> LedgerEntry | None:
    """The latest ledger entry for this version, when its status says it was endorsed."""
    if record.status not in _ENDORSED:
        return None
    found = [entry for entry in state.ledgers.get(slug, ()) if entry.version == record.version]
    return found[-1] if found else None


def render_version(state: SiteState, slug: str, record: VersionRecord, *, pdf: bool) -> str:
    """A frozen version: a banner naming the current version, then the version's own text."""
    current = state.corpus.credentials[slug].model
    view = version_view(
        slug,
        credential_path(slug),
        record.credential,
        state.corpus,
        state.ctx,
        commit=record.final_commit,
        updated=record.final_date.date(),
    )
    is_current = record.version == current.version
    body = render_view(
        state.env,
        view,
        state.ctx,
        endorsement=endorsement_of(state, slug, record),
        base_url=_ROOT,
        pdf=pdf,
    )
    values = {"record": record, "current": current, "is_current": is_current, "body": body}
    return render_template(state.env, "site/version.html.j2", values)


def render_changes(state: SiteState, slug: str, record: VersionRecord) -> str:
    """What changed from version `record` to the current text, item by item, with redlines."""
    current = state.corpus.credentials[slug].model
    diff = diff_credentials(record.credential, current)
    values = {
        "diff": diff,
        "record": record,
        "summary": _summary(diff),
        "fields": [change for change in diff.fields if change.field != "version"],
        "lists": [list_sentence(change) for change in diff.lists],
        "groups": _groups(diff),
        "redlines": bool(diff.prose) or any(item.texts for item in diff.items),
    }
    return render_template(state.env, "site/changes.html.j2", values)


def _summary(diff: CredentialDiff) -> dict[str, int]:
    """How many items were added, removed, reworded and remapped."""
    kinds: tuple[Kind, ...] = ("added", "removed", "reworded", "remapped")
    return {kind: diff.count(kind) for kind in kinds if diff.count(kind)}


def _groups(diff: CredentialDiff) -> list[ChangeGroup]:
    """The changed items, by group, leaving out empty groups."""
    groups = [
        ChangeGroup(group_id, heading, [_entry(item, diff.old_version) for item in diff.items_in(*sections)])
        for group_id, heading, sections in _GROUPS
    ]
    return [group for group in groups if group.entries]


def _entry(item: ItemChange, old_version: str) -> ChangeEntry:
    """One item, linked to where it can still be read: the current page, else the old version's."""
    anchor = f"#{_ANCHORS[item.section]}-{item.id}"
    href = f"../../v/{old_version}/{anchor}" if "removed" in item.kinds else f"../../{anchor}"
    name = item_name(item)
    plain = item.kinds in (("added",), ("removed",))
    sentence = "" if plain else item_sentence(item)[len(name) :].removeprefix(": ")
    return ChangeEntry(item, name, href, sentence)
