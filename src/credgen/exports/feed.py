"""`feed.xml`: an Atom feed (RFC 4287) of new credentials, new versions, status changes and
endorsements, rebuilt from git history and the endorsement ledger.

Each entry is one commit's change to one credential; its summary says what changed (for a new
version, the structured diff against the previous version in words). Entry ids are UUIDs
derived from the site, slug and commit, so they never change between builds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from credgen.context import BuildContext
from credgen.diff import diff_credentials, summary_lines
from credgen.endorse.ledger import LedgerEntry
from credgen.exports.gather import CredentialFacts, illustrative_note, latest, stable_uuid
from credgen.history.versions import Revision
from credgen.models.credential import Credential, Status

ATOM = "http://www.w3.org/2005/Atom"

#: Newest entries kept in the feed.
MAX_ENTRIES = 100

#: Lines of a version's diff shown in its summary.
MAX_LINES = 12


@dataclasses.dataclass(frozen=True, slots=True)
class Event:
    """One entry: what happened to one credential in one commit."""

    slug: str
    commit: str
    date: dt.datetime
    title: str
    summary: str
    url: str
    kinds: tuple[str, ...]


def feed_xml(facts: list[CredentialFacts], ctx: BuildContext, extra: Iterable[Event] = ()) -> str:
    """The feed document; `extra` adds events from other stages (delivery approvals and reviews)."""
    found = [e for fact in facts for e in events_of(fact, ctx)] + list(extra)
    events = sorted(found, key=lambda e: (e.date, e.slug, e.commit))
    events = events[::-1][:MAX_ENTRIES]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "en-GB"})
    _text(feed, "id", ctx.url("feed.xml"))
    _text(feed, "title", "Credential specifications: changes")
    _text(feed, "subtitle", "New credential specifications, new versions, status changes and endorsements.")
    _text(feed, "updated", _time(events[0].date if events else latest(facts, ctx)))
    ET.SubElement(
        feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": ctx.url("feed.xml")}
    )
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": ctx.site_url})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "credgen")
    _text(author, "uri", ctx.site_url)
    _text(feed, "generator", "credgen")
    for event in events:
        _entry(feed, event, ctx)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    """Append a child element holding text."""
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = text
    return element


def _time(moment: dt.datetime) -> str:
    """RFC 3339 in UTC, as Atom wants."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _entry(feed: ET.Element, event: Event, ctx: BuildContext) -> None:
    """Append one `<entry>` to the feed."""
    entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
    _text(entry, "id", "urn:uuid:" + stable_uuid(ctx, "feed", event.slug, event.commit))
    _text(entry, "title", event.title)
    _text(entry, "updated", _time(event.date))
    _text(entry, "published", _time(event.date))
    ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": event.url})
    for kind in event.kinds:
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": kind})
    _text(entry, "summary", event.summary).set("type", "text")


# Events ------------------------------------------------------------------------------------


def events_of(fact: CredentialFacts, ctx: BuildContext) -> list[Event]:
    """The events in one credential's history (one dated by the spec outside git)."""
    revisions = fact.history.revisions
    if not revisions:
        return [_fallback(fact, ctx)]
    events = []
    for previous, revision in zip((None, *revisions[:-1]), revisions, strict=True):
        event = _event(fact, previous, revision, ctx)
        if event is not None:
            events.append(event)
    return events


def _event(
    fact: CredentialFacts, previous: Revision | None, revision: Revision, ctx: BuildContext
) -> Event | None:
    """The entry for one revision, or None when nothing worth announcing changed."""
    spec = revision.credential
    kinds, lines = _what_happened(previous.credential if previous else None, spec)
    if not kinds:
        return None
    if spec.status is Status.ENDORSED and "endorsed" in kinds:
        lines.append(_endorsement_line(fact.entry_for(spec.version)))
    if spec.illustrative and not any("illustrative" in line.lower() for line in lines):
        lines.append(illustrative_note(ctx))
    page = f"credentials/{fact.slug}/" + (f"v/{spec.version}/" if "version" in kinds else "")
    return Event(
        slug=fact.slug,
        commit=revision.commit,
        date=revision.date,
        title=_title(spec, kinds),
        summary="\n".join(lines),
        url=ctx.url(page),
        kinds=kinds,
    )


def _what_happened(old: Credential | None, new: Credential) -> tuple[tuple[str, ...], list[str]]:
    """Event kinds and summary lines for a change from `old` (None: new) to `new`."""
    if old is None:
        return ("new", *(("endorsed",) if new.status is Status.ENDORSED else ())), [_first_words(new)]
    kinds = []
    if old.version != new.version:
        kinds.append("version")
    if old.status is not new.status:
        kinds.append("endorsed" if new.status is Status.ENDORSED else "status")
    if not kinds:
        return (), []
    lines = summary_lines(diff_credentials(old, new))
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES], f"… and {len(lines) - MAX_LINES} more changes."]
    return tuple(kinds), [f"Changes since {old.version}:", *lines] if "version" in kinds else lines


def _title(spec: Credential, kinds: tuple[str, ...]) -> str:
    """The entry title: what happened, to which specification and version."""
    status = spec.status.value.replace("-", " ")
    if "new" in kinds:
        return f"New specification: {spec.title} {spec.version} ({status})"
    if "version" in kinds:
        return f"{spec.title}: version {spec.version} ({status})"
    if "endorsed" in kinds:
        return f"{spec.title} {spec.version} endorsed"
    return f"{spec.title} {spec.version}: now {status}"


def _first_words(spec: Credential) -> str:
    """The summary on one line."""
    return " ".join(spec.summary.split())


def _endorsement_line(entry: LedgerEntry | None) -> str:
    """Who endorsed the version and through which pull request, from the ledger."""
    if entry is None:
        return "Endorsement: no ledger entry has been recorded for this version."
    reviewers = ", ".join(f"{a.name} ({a.role.value})" for a in entry.approvals)
    line = f"Endorsed through pull request #{entry.pr_number} ({entry.pr_url}), approved by {reviewers}."
    return line + (f" Ledger chain head: {entry.chain_head}." if entry.chain_head else "")


def _fallback(fact: CredentialFacts, ctx: BuildContext) -> Event:
    """Outside git: one entry per credential, dated by its published (or created) date."""
    spec = fact.spec
    day = spec.dates.published or spec.dates.created
    lines = [_first_words(spec)]
    if spec.illustrative and "illustrative" not in lines[0].lower():
        lines.append(illustrative_note(ctx))
    return Event(
        slug=fact.slug,
        commit=spec.version,
        date=dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC),
        title=f"{spec.title} {spec.version} ({spec.status.value.replace('-', ' ')})",
        summary="\n".join(lines),
        url=ctx.url(f"credentials/{fact.slug}/"),
        kinds=("new",),
    )
