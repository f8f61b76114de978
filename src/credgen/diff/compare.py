"""Compute the structured difference between two versions of a credential specification."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

from credgen.diff.model import CredentialDiff, FieldChange, ItemChange, Kind, ListChange, Section, TextChange
from credgen.diff.redline import redline, same_words
from credgen.models.credential import (
    AssessmentMethod,
    Capability,
    Credential,
    Domain,
    Epa,
    Outcome,
    Statement,
)

#: Single values compared, in the order they are reported.
FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("version", "Version"),
    ("status", "Status"),
    ("illustrative", "Illustrative"),
    ("area", "Area of practice"),
    ("academic_level", "Academic level"),
    ("credits", "Credits"),
    ("notional_hours", "Notional hours"),
    ("framework", "Framework"),
    ("licence", "Licence"),
    ("supersedes", "Supersedes"),
    ("superseded_by", "Superseded by"),
    ("dates.created", "Created"),
    ("dates.published", "Published"),
    ("dates.review_due", "Review due"),
)

#: Top-level prose compared word by word, in the order it is reported.
PROSE: tuple[tuple[str, str], ...] = (
    ("summary", "Summary"),
    ("need.population", "Need: population"),
    ("need.service", "Need: service"),
    ("need.workforce", "Need: workforce"),
    ("scope", "Scope"),
    ("entry_requirements", "Entry requirements"),
    ("learning_experience", "Learning experience"),
    ("supervision", "Supervision"),
    ("equality_statement", "Equality statement"),
    ("links_to_other_provision", "Links to other provision"),
)


def diff_credentials(old: Credential, new: Credential) -> CredentialDiff:
    """What changed from `old` to `new`; empty when they say the same thing."""
    return CredentialDiff(
        title=new.title,
        old_version=old.version,
        new_version=new.version,
        fields=tuple(_field_changes(old, new)),
        lists=tuple(_list_changes(old, new)),
        items=tuple(_item_changes(old, new)),
        prose=tuple(_prose_changes(old, new)),
    )


def _get(model: Any, dotted: str) -> Any:
    """The value at a dotted field name such as `dates.review_due`."""
    for part in dotted.split("."):
        model = getattr(model, part)
    return model


def _show(value: Any) -> str | None:
    """A value as text (None stays None; booleans are yes/no)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _field_changes(old: Credential, new: Credential) -> Iterator[FieldChange]:
    """Single values that differ, shown as text."""
    for name, label in FIELDS:
        before, after = _show(_get(old, name)), _show(_get(new, name))
        if before != after:
            yield FieldChange(name, label, before, after)


def _list_changes(old: Credential, new: Credential) -> Iterator[ListChange]:
    """Professions, keywords and authors added or removed."""
    pairs = (
        ("professions", "Professions", [str(p) for p in old.professions], [str(p) for p in new.professions]),
        ("keywords", "Keywords", old.keywords, new.keywords),
        ("authors", "Authors", [a.name for a in old.authors], [a.name for a in new.authors]),
    )
    for name, label, before, after in pairs:
        added, removed = _added(before, after), _added(after, before)
        if added or removed:
            yield ListChange(name, label, added, removed)


def _added(before: list[str], after: list[str]) -> tuple[str, ...]:
    """Members of `after` not in `before`, in `after`'s order."""
    seen = set(before)
    return tuple(x for x in after if x not in seen)


def _prose_changes(old: Credential, new: Credential) -> Iterator[TextChange]:
    """Top-level prose that was reworded (not merely re-wrapped)."""
    for name, label in PROSE:
        change = _text_change(name, label, _get(old, name), _get(new, name))
        if change is not None:
            yield change


def _text_change(name: str, label: str, before: str | None, after: str | None) -> TextChange | None:
    """A redline of `before` → `after`, or None when the words are the same."""
    if before == after or (before and after and same_words(before, after)):
        return None
    return TextChange(name, label, redline(before, after))


# Items ------------------------------------------------------------------------------------


#: Prose of an item to compare: field → (label, text).
Texts = Mapping[str, tuple[str, str | None]]


@dataclasses.dataclass(frozen=True, slots=True)
class _Entry:
    """One item with what it is compared on."""

    section: Section
    id: str
    code: str
    label: str
    texts: Texts
    parent: str | None = None
    parent_id: str | None = None
    links: tuple[tuple[str, str], ...] = ()
    """(id, display code) of each link: compared by id, shown by code."""
    extra: Mapping[str, str] = dataclasses.field(default_factory=dict)


def _item_changes(old: Credential, new: Credential) -> Iterator[ItemChange]:
    """Changed and added items in the new document's order, then removed ones in the old order."""
    before, after = _entries(old), _entries(new)
    olds = {(e.section, e.id): e for e in before}
    for entry in after:
        change = _compare(olds.get((entry.section, entry.id)), entry)
        if change is not None:
            yield change
    present = {(e.section, e.id) for e in after}
    for entry in before:
        if (entry.section, entry.id) not in present:
            yield _whole(entry, "removed")


def _compare(old: _Entry | None, new: _Entry) -> ItemChange | None:
    """How `new` differs from the item with its id in the older text (None: added)."""
    if old is None:
        return _whole(new, "added")
    kinds: list[Kind] = []
    texts = []
    for key, (label, text) in new.texts.items():
        change = _text_change(key, label, old.texts.get(key, (label, None))[1], text)
        if change is not None:
            texts.append(change)
    if texts:
        kinds.append("reworded")
    added, removed = _new_links(old.links, new.links), _new_links(new.links, old.links)
    if added or removed:
        kinds.append("remapped")
    others = list(_other_changes(old, new))
    kinds += [kind for kind, _ in others]
    if not kinds:
        return None
    return ItemChange(
        new.section, new.id, new.code, new.label, tuple(kinds), new.parent, tuple(texts),
        _shown(new.links), added, removed, tuple(text for _, text in others),
    )  # fmt: skip


#: What contains each kind of item, in words.
_PARENTS = {"capability": "domain", "statement": "capability"}


def _other_changes(old: _Entry, new: _Entry) -> Iterator[tuple[Kind, str]]:
    """Moves, new display codes and other values, each with its kind and a few words."""
    if old.parent_id != new.parent_id:
        parent = _PARENTS.get(new.section, "")
        yield "moved", f"moved from {parent} {old.parent} to {parent} {new.parent}"
    if old.code != new.code:
        yield "recoded", f"code {old.code} → {new.code}"
    for key, value in new.extra.items():
        if old.extra.get(key) != value:
            yield "changed", f"{key} {old.extra.get(key) or 'none'} → {value or 'none'}"


def _new_links(before: tuple[tuple[str, str], ...], after: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """Display codes of links in `after` whose ids are not in `before`."""
    ids = {key for key, _ in before}
    return tuple(shown for key, shown in after if key not in ids)


def _shown(links: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    return tuple(shown for _, shown in links)


def _whole(entry: _Entry, kind: Kind) -> ItemChange:
    """An item added or removed as a whole."""
    return ItemChange(
        entry.section, entry.id, entry.code, entry.label, (kind,), entry.parent, links=_shown(entry.links)
    )


def _entries(spec: Credential) -> list[_Entry]:
    """Every item of `spec` in document order, with links shown as display codes."""
    capability_codes = {c.id: c.code or c.id for d in spec.domains for c in d.capabilities}
    outcome_codes = {o.id: o.code or o.id for o in spec.outcomes}
    entries = []
    for domain in spec.domains:
        entries.append(_domain_entry(domain))
        code = domain.code or domain.id
        entries += [_statement_entry(item, domain.id, code, spec.framework) for item in domain.statements]
        for capability in domain.capabilities:
            entries += _capability_entries(capability, domain, spec.framework)
    entries += [_outcome_entry(outcome, capability_codes) for outcome in spec.outcomes]
    entries += [_epa_entry(epa, capability_codes) for epa in spec.epas]
    entries += [_assessment_entry(method, outcome_codes) for method in spec.assessment]
    return entries


def _titled(title: str, description: str | None) -> Texts:
    return {"title": ("Title", title), "description": ("Description", description)}


def _domain_entry(domain: Domain) -> _Entry:
    return _Entry(
        section="domain",
        id=domain.id,
        code=domain.code or domain.id,
        label=domain.title,
        texts=_titled(domain.title, domain.description),
        extra={"extends framework": "yes" if domain.extends_framework else "no"},
    )


def _capability_entries(capability: Capability, domain: Domain, framework: str) -> list[_Entry]:
    """A capability and its statements."""
    code = capability.code or capability.id
    entry = _Entry(
        section="capability",
        id=capability.id,
        code=code,
        label=capability.title,
        parent=domain.code or domain.id,
        parent_id=domain.id,
        texts=_titled(capability.title, capability.description),
        links=tuple((code, code) for code in (_framework_code(ref, framework) for ref in capability.mpf)),
    )
    statements = (_statement_entry(item, capability.id, code, framework) for item in capability.statements)
    return [entry, *statements]


def _statement_entry(statement: Statement, parent_id: str, parent_code: str, framework: str) -> _Entry:
    """A statement under its capability, or directly under its domain; with its own mapping."""
    return _Entry(
        section="statement",
        id=statement.id,
        code=statement.code or statement.id,
        label=statement.text,
        parent=parent_code,
        parent_id=parent_id,
        texts={"text": ("Text", statement.text)},
        links=tuple((code, code) for code in (_framework_code(ref, framework) for ref in statement.mpf)),
    )


def _outcome_entry(outcome: Outcome, capability_codes: dict[str, str]) -> _Entry:
    return _Entry(
        section="outcome",
        id=outcome.id,
        code=outcome.code or outcome.id,
        label=outcome.text,
        texts={"text": ("Text", outcome.text)},
        links=_codes(outcome.capabilities, capability_codes),
    )


def _epa_entry(epa: Epa, capability_codes: dict[str, str]) -> _Entry:
    return _Entry(
        section="epa",
        id=epa.id,
        code=epa.id,
        label=epa.title,
        texts=_titled(epa.title, epa.description),
        links=_codes(epa.capabilities, capability_codes),
        extra={"expected level": str(epa.expected_level or "")},
    )


def _assessment_entry(method: AssessmentMethod, outcome_codes: dict[str, str]) -> _Entry:
    return _Entry(
        section="assessment",
        id=method.id,
        code=method.id,
        label=method.title,
        texts=_titled(method.title, method.description),
        links=_codes(method.outcomes, outcome_codes),
        extra={"weighting": f"{method.weighting}%" if method.weighting is not None else ""},
    )


def _framework_code(ref: str, framework: str) -> str:
    """`mpf-2017:1.6` → `1.6` when it is the specification's own framework edition.

    So a move from the 2017 to the 2025 edition reports one framework change, not every
    mapping removed and added again.
    """
    edition, _, code = ref.partition(":")
    return code if edition == framework else ref


def _codes(ids: list[str], codes: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((i, codes.get(i, i)) for i in ids)
