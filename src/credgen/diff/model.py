"""The shape of a difference between two versions of a specification.

Plain frozen dataclasses, so that a Jinja template, the Markdown renderer and `as_dict()` (for
JSON) all read the same structure. Items are matched by their stable `id`, never by position
or display code, so renumbering is a change of code, not a removal and an addition.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from credgen.diff.redline import Segment
from credgen.models.credential import Credential

Section = Literal["domain", "capability", "statement", "outcome", "epa", "assessment"]
Kind = Literal["added", "removed", "reworded", "remapped", "moved", "recoded", "changed"]

#: How each section is named in sentences and headings.
SECTION_LABELS: dict[str, str] = {
    "domain": "Domain",
    "capability": "Capability",
    "statement": "Statement",
    "outcome": "Outcome",
    "epa": "EPA",
    "assessment": "Assessment",
}


@dataclasses.dataclass(frozen=True, slots=True)
class FieldChange:
    """A single value that changed, e.g. status or credits."""

    field: str
    """Dotted field name, e.g. `status` or `dates.review_due`."""

    label: str
    """Human label, e.g. `Status`."""

    old: str | None
    """The old value as text, or None when it was absent."""

    new: str | None
    """The new value as text, or None when it is now absent."""


@dataclasses.dataclass(frozen=True, slots=True)
class ListChange:
    """Members added to or removed from a list such as professions or keywords."""

    field: str
    """Field name, e.g. `professions`."""

    label: str
    """Human label."""

    added: tuple[str, ...]
    """Members now present that were not."""

    removed: tuple[str, ...]
    """Members no longer present."""


@dataclasses.dataclass(frozen=True, slots=True)
class TextChange:
    """A piece of prose that was reworded, with its word-level redline."""

    field: str
    """Field name, e.g. `summary`, `need.population` or, on an item, `description`."""

    label: str
    """Human label, e.g. `Summary`."""

    segments: tuple[Segment, ...]
    """The redline: unchanged, deleted and inserted runs, in order."""


@dataclasses.dataclass(frozen=True, slots=True)
class ItemChange:
    """A domain, capability, statement, outcome, EPA or assessment method that changed."""

    section: Section
    """Which kind of item."""

    id: str
    """Its stable id."""

    code: str
    """Its display code now (or when last present)."""

    label: str
    """Its title, or its text for statements and outcomes."""

    kinds: tuple[Kind, ...]
    """What happened: added, removed, reworded, remapped, moved, recoded, changed."""

    parent: str | None = None
    """Display code of the containing capability (statements) or domain (capabilities)."""

    texts: tuple[TextChange, ...] = ()
    """Reworded title, description or text."""

    links: tuple[str, ...] = ()
    """What it maps to now: framework codes (capabilities), capabilities (outcomes, EPAs) or
    outcomes (assessment)."""

    links_added: tuple[str, ...] = ()
    """Links gained."""

    links_removed: tuple[str, ...] = ()
    """Links lost."""

    details: tuple[str, ...] = ()
    """Other changes in words, e.g. `moved from domain A to B`, `weighting 20% → 25%`."""

    @property
    def section_label(self) -> str:
        """`Capability`, `Outcome`, ..."""
        return SECTION_LABELS[self.section]


@dataclasses.dataclass(frozen=True, slots=True)
class CredentialDiff:
    """Everything that differs between two versions of one specification."""

    title: str
    """Title of the newer version."""

    old_version: str
    """Version of the older text."""

    new_version: str
    """Version of the newer text."""

    fields: tuple[FieldChange, ...] = ()
    """Changed single values (status, version, credits, level, dates, ...)."""

    lists: tuple[ListChange, ...] = ()
    """Changed lists (professions, keywords, authors)."""

    items: tuple[ItemChange, ...] = ()
    """Changed items, by section in document order; removed items follow the others."""

    prose: tuple[TextChange, ...] = ()
    """Reworded top-level prose (summary, need, scope, ...)."""

    @property
    def is_empty(self) -> bool:
        """Whether the two versions say the same thing."""
        return not (self.fields or self.lists or self.items or self.prose)

    def items_in(self, *sections: Section) -> list[ItemChange]:
        """Changed items of the given sections, in order."""
        return [item for item in self.items if item.section in sections]

    def count(self, kind: Kind, section: Section | None = None) -> int:
        """Number of items of `section` (any section when None) with change `kind`."""
        return sum(1 for i in self.items if kind in i.kinds and section in (None, i.section))

    def as_dict(self) -> dict[str, Any]:
        """The diff as JSON-ready data (segments as `{"op", "text"}`)."""
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True, slots=True)
class SpecChange:
    """One specification as it stood at two points (a new one has no `old`, a deleted no `new`)."""

    slug: str
    """The credential's slug."""

    path: str
    """Its file, relative to the project root."""

    old: Credential | None
    """The older text, or None when the specification is new."""

    new: Credential | None
    """The newer text, or None when the specification was removed."""
