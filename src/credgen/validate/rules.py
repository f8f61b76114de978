"""The validate stage: rules that span fields, files and the lifecycle.

Each rule is a small generator with a one-line docstring and a stable code (see `codes.py`);
`validate_corpus` composes them. Rules never print and never stop at the first problem.
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from credgen.delivery.rules import delivery_rules
from credgen.diagnostics import Diagnostic, Severity
from credgen.endorse.rules import endorsement_rules
from credgen.load.documents import Corpus, Document
from credgen.load.explain import did_you_mean
from credgen.load.source import Loc
from credgen.models.credential import Credential, Status
from credgen.models.framework import Framework
from credgen.validate.content import content_rules, format_rules
from credgen.validate.duplicates import duplicate_name_rules

SpecDoc = Document[Credential]


def validate_corpus(corpus: Corpus, *, pending_endorsement: bool = False) -> list[Diagnostic]:
    """Every diagnostic for the corpus, load problems included, in file and line order.

    `pending_endorsement` is for the pull request that sets a specification to endorsed: its
    ledger entry can only be recorded after the merge, so its absence is a warning there.
    """
    found = list(corpus.diagnostics)
    found += _corpus_rules(corpus)
    found += endorsement_rules(corpus, pending=pending_endorsement)
    found += delivery_rules(corpus)
    for document in corpus.credentials.values():
        found += _credential_rules(document, corpus)
    return sorted(found, key=Diagnostic.sort_key)


def _corpus_rules(corpus: Corpus) -> Iterator[Diagnostic]:
    yield from _check_framework_files(corpus)
    yield from _check_supersession(corpus)
    yield from _check_glossary(corpus)
    yield from _check_panel(corpus)
    yield from format_rules(corpus)
    yield from duplicate_name_rules(corpus)


def _credential_rules(document: SpecDoc, corpus: Corpus) -> Iterator[Diagnostic]:
    yield from _check_unique_ids(document)
    yield from _check_outcomes_map(document)
    yield from _check_capabilities_covered(document)
    yield from _check_outcomes_assessed(document)
    yield from _check_epas(document)
    yield from _check_hours(document)
    yield from _check_dates(document)
    yield from _check_weightings(document)
    yield from _check_lifecycle(document)
    framework = corpus.frameworks.get(document.model.framework)
    yield from content_rules(document, framework.model if framework else None)
    if framework is None:
        yield from _missing_framework(document, corpus)
    else:
        yield from _check_mappings(document, framework.model)
        yield from _check_pillars_covered(document, framework.model)


# Within one specification ------------------------------------------------------------------


def _ids(spec: Credential) -> Iterator[tuple[str, Loc]]:
    """Every id in a specification with the path of its `id` field."""
    for d, domain in enumerate(spec.domains):
        yield domain.id, ("domains", d, "id")
        for s, statement in enumerate(domain.statements):
            yield statement.id, ("domains", d, "statements", s, "id")
        for c, capability in enumerate(domain.capabilities):
            yield capability.id, ("domains", d, "capabilities", c, "id")
            for s, statement in enumerate(capability.statements):
                yield statement.id, ("domains", d, "capabilities", c, "statements", s, "id")
    for section in ("outcomes", "epas", "assessment"):
        for i, item in enumerate(getattr(spec, section)):
            yield item.id, (section, i, "id")


def _capability_ids(spec: Credential) -> list[str]:
    return [capability.id for domain in spec.domains for capability in domain.capabilities]


def _unknown(target: str, known: list[str], document: SpecDoc) -> bool:
    """Whether a reference names nothing (references to parts dropped by recovery do not count)."""
    return target not in known and target not in document.removed


def _check_unique_ids(document: SpecDoc) -> Iterator[Diagnostic]:
    """CG201: ids are unique within a specification."""
    first: dict[str, int] = {}
    for identifier, loc in _ids(document.model):
        line = document.source.at(loc)[0]
        if identifier in first:
            message = f"id '{identifier}' is already used on line {first[identifier]}"
            yield document.source.error("CG201", message, loc)
        else:
            first[identifier] = line


def _check_references(
    document: SpecDoc, section: str, field: str, known: list[str], *, code: str, message: str
) -> Iterator[Diagnostic]:
    """Each id listed under `<section>[i].<field>` must be in `known`.

    `message` is formatted with `owner` (the listing item's id) and `target` (the unknown id).
    """
    duplicated = {identifier for identifier in known if known.count(identifier) > 1}
    for i, item in enumerate(getattr(document.model, section)):
        for j, target in enumerate(getattr(item, field)):
            if _unknown(target, known, document) and not _knock_on(target, duplicated):
                text = message.format(owner=item.id, target=target) + did_you_mean(target, known)
                yield document.source.error(code, text, (section, i, field, j))


def _knock_on(target: str, duplicated: set[str]) -> bool:
    """Whether an unknown reference most likely names the item whose id was duplicated by
    mistake (CG201 reports that already; a "did you mean" the duplicate would mislead)."""
    return bool(difflib.get_close_matches(target, sorted(duplicated), n=1, cutoff=0.6))


def _check_outcomes_map(document: SpecDoc) -> Iterator[Diagnostic]:
    """CG204: every outcome maps to capabilities that exist."""
    known = _capability_ids(document.model)
    message = "outcome '{owner}' maps to unknown capability '{target}'"
    yield from _check_references(document, "outcomes", "capabilities", known, code="CG204", message=message)


def _check_capabilities_covered(document: SpecDoc) -> Iterator[Diagnostic]:
    """CG205: every capability is developed by at least one outcome."""
    spec = document.model
    if not spec.outcomes or "outcomes" in document.dropped:
        return
    covered = {target for outcome in spec.outcomes for target in outcome.capabilities}
    for d, domain in enumerate(spec.domains):
        for c, capability in enumerate(domain.capabilities):
            if capability.id not in covered:
                message = f"capability '{capability.id}' is not developed by any outcome"
                yield document.source.error("CG205", message, ("domains", d, "capabilities", c, "id"))


def _check_outcomes_assessed(document: SpecDoc) -> Iterator[Diagnostic]:
    """CG206, CG207: every outcome is assessed, and assessments name outcomes that exist."""
    spec = document.model
    known = [outcome.id for outcome in spec.outcomes]
    message = "assessment '{owner}' names unknown outcome '{target}'"
    yield from _check_references(document, "assessment", "outcomes", known, code="CG207", message=message)
    if not spec.assessment or {"assessment", "outcomes"} & document.dropped:
        return
    assessed = {target for method in spec.assessment for target in method.outcomes}
    for o, outcome in enumerate(spec.outcomes):
        if outcome.id not in assessed:
            message = f"outcome '{outcome.id}' is not assessed by any assessment method"
            yield document.source.error("CG206", message, ("outcomes", o, "id"))


def _check_epas(document: SpecDoc) -> Iterator[Diagnostic]:
    """CG208: EPAs name capabilities that exist."""
    known = _capability_ids(document.model)
    message = "EPA '{owner}' names unknown capability '{target}'"
    yield from _check_references(document, "epas", "capabilities", known, code="CG208", message=message)


def _check_hours(document: SpecDoc) -> Iterator[Diagnostic]:
    """CG210: notional hours are ten per credit."""
    spec = document.model
    if spec.credits is None or spec.notional_hours is None:
        return
    if spec.notional_hours != spec.credits * 10:
        message = (
            f"{spec.credits} credits means {spec.credits * 10} notional hours, not {spec.notional_hours}"
        )
        yield document.source.error("CG210", message, ("notional_hours",))


def _check_dates(document: SpecDoc) -> Iterator[Diagnostic]:
    """CG211: dates are in order: created, then published, then review due."""
    dates = document.model.dates
    order = [("created", dates.created), ("published", dates.published), ("review_due", dates.review_due)]
    present = [(name, day) for name, day in order if day is not None]
    for (before, early), (after, late) in itertools.pairwise(present):
        if late < early:
            message = f"'{after}' ({late}) is before '{before}' ({early})"
            yield document.source.error("CG211", message, ("dates", after))


def _check_weightings(document: SpecDoc) -> Iterator[Diagnostic]:
    """CG212: assessment weightings, where given, add up to 100."""
    weights = [m.weighting for m in document.model.assessment if m.weighting is not None]
    if weights and sum(weights) != 100:
        message = f"assessment weightings add up to {sum(weights)}, not 100"
        yield document.source.error("CG212", message, ("assessment",))


def _check_lifecycle(document: SpecDoc) -> Iterator[Diagnostic]:
    """CG301-CG305, CG309: what each status requires."""
    spec, source = document.model, document.source
    status = spec.status
    if status is Status.SUPERSEDED and spec.superseded_by is None:
        yield source.error("CG305", "a superseded specification must name 'superseded_by'", ("status",))
    if status in (Status.ENDORSED, Status.SUPERSEDED) and spec.dates.published is None:
        yield source.error("CG309", f"a {status} specification needs 'dates.published'", ("dates",))
    if status.is_complete:
        yield from _check_complete(document)
        yield from _check_mapped(document)


def _check_complete(document: SpecDoc) -> Iterator[Diagnostic]:
    """CG301-CG303: a candidate or later specification is a full draft."""
    spec, source = document.model, document.source
    status = spec.status
    if spec.academic_level != 7 and "academic_level" not in document.source.data:
        yield source.error("CG301", f"a {status} specification needs 'academic_level: 7'", ("status",))
    if not spec.domains or not spec.outcomes:
        missing = "capabilities" if not spec.domains else "outcomes"
        yield source.error("CG302", f"a {status} specification needs {missing}", ("status",))
    if not spec.assessment:
        yield source.error("CG303", f"a {status} specification needs assessment methods", ("status",))


def _check_mapped(document: SpecDoc) -> Iterator[Diagnostic]:
    """CG304: every capability maps to the framework unless its domain extends it."""
    spec, source = document.model, document.source
    for d, domain in enumerate(spec.domains):
        if domain.extends_framework:
            continue
        for c, capability in enumerate(domain.capabilities):
            if not capability.mpf:
                message = (
                    f"capability '{capability.id}' maps to no framework capability "
                    f"(set 'extends_framework: true' on domain '{domain.id}' if that is intended)"
                )
                yield source.error("CG304", message, ("domains", d, "capabilities", c, "id"))


# Against the framework ---------------------------------------------------------------------


def _missing_framework(document: SpecDoc, corpus: Corpus) -> Iterator[Diagnostic]:
    """CG404: a specification maps to a framework that exists."""
    name = document.model.framework
    message = f"framework '{name}' is not defined (no file specs/frameworks/{name}.yaml)"
    message += did_you_mean(name, sorted(corpus.frameworks))
    yield document.source.error("CG404", message, ("framework",))


def _check_mappings(document: SpecDoc, framework: Framework) -> Iterator[Diagnostic]:
    """CG203, CG209, CG213: each mapping names a capability of the specification's framework."""
    codes = [capability.code for pillar in framework.pillars for capability in pillar.capabilities]
    for d, domain in enumerate(document.model.domains):
        for c, capability in enumerate(domain.capabilities):
            seen: set[str] = set()
            for m, reference in enumerate(capability.mpf):
                loc = ("domains", d, "capabilities", c, "mpf", m)
                prefix, _, code = reference.partition(":")
                if prefix != framework.id:
                    message = (
                        f"mapping '{reference}' names framework '{prefix}' but the specification "
                        f"maps to '{framework.id}'"
                    )
                    yield document.source.error("CG203", message, loc)
                elif code not in codes:
                    message = f"mapping '{reference}' names no capability of '{framework.id}'"
                    yield document.source.error("CG209", message + did_you_mean(code, codes), loc)
                elif reference in seen:
                    message = f"capability '{capability.id}' maps to '{reference}' twice"
                    yield document.source.error("CG213", message, loc)
                seen.add(reference)


def _check_pillars_covered(document: SpecDoc, framework: Framework) -> Iterator[Diagnostic]:
    """CG501 (warning): a specification maps to every pillar of its framework."""
    spec = document.model
    if not spec.status.is_complete:
        return
    mapped = {ref.partition(":")[2] for d in spec.domains for c in d.capabilities for ref in c.mpf}
    for pillar in framework.pillars:
        if not any(capability.code in mapped for capability in pillar.capabilities):
            message = f"no capability maps to pillar {pillar.code} ({pillar.title}) of '{framework.id}'"
            diagnostic = document.source.error("CG501", message, ("framework",))
            yield dataclasses.replace(diagnostic, severity=Severity.WARNING)


# Across files ------------------------------------------------------------------------------


def _check_framework_files(corpus: Corpus) -> Iterator[Diagnostic]:
    """CG403: a framework's codes are unique (CG402, its file name, is checked as it loads)."""
    for document in corpus.frameworks.values():
        seen: set[str] = set()
        for p, pillar in enumerate(document.model.pillars):
            for c, capability in enumerate(pillar.capabilities):
                if capability.code in seen:
                    message = f"capability code '{capability.code}' appears twice"
                    yield document.source.error("CG403", message, ("pillars", p, "capabilities", c, "code"))
                seen.add(capability.code)


def _check_supersession(corpus: Corpus) -> Iterator[Diagnostic]:
    """CG306-CG308: supersession links exist, agree both ways and never form a cycle."""
    known = set(corpus.credentials) | corpus.failed
    for slug, document in corpus.credentials.items():
        yield from _check_links(slug, document, corpus, known)
        if _in_cycle(slug, corpus):
            message = f"'superseded_by' links starting at '{slug}' form a cycle"
            yield document.source.error("CG307", message, ("superseded_by",))


def _check_links(slug: str, document: SpecDoc, corpus: Corpus, known: set[str]) -> Iterator[Diagnostic]:
    """CG306, CG308 for one specification."""
    for field, reverse in (("supersedes", "superseded_by"), ("superseded_by", "supersedes")):
        target = getattr(document.model, field)
        if target is None:
            continue
        if target not in known:
            message = f"'{field}' names unknown specification '{target}'"
            yield document.source.error("CG306", message + did_you_mean(target, sorted(known)), (field,))
        elif target in corpus.credentials and getattr(corpus.credentials[target].model, reverse) != slug:
            message = f"'{field}: {target}' but '{target}' does not set '{reverse}: {slug}'"
            yield document.source.error("CG308", message, (field,))


def _in_cycle(start: str, corpus: Corpus) -> bool:
    """Whether following `superseded_by` from `start` comes back to `start`."""
    seen: set[str] = set()
    current: str | None = start
    while current is not None and current in corpus.credentials and current not in seen:
        seen.add(current)
        current = corpus.credentials[current].model.superseded_by
        if current == start:
            return True
    return False


def _check_glossary(corpus: Corpus) -> Iterator[Diagnostic]:
    """CG405: glossary ids are unique and `see_also` names existing terms."""
    if corpus.glossary is None:
        return
    document = corpus.glossary
    ids = [term.id for term in document.model.terms]
    yield from _duplicates(document, ids, lambda i: ("terms", i, "id"), "CG405", "term id")
    for t, term in enumerate(document.model.terms):
        for s, target in enumerate(term.see_also):
            if target not in ids:
                message = f"term '{term.id}' refers to unknown term '{target}'" + did_you_mean(target, ids)
                yield document.source.error("CG405", message, ("terms", t, "see_also", s))


def _check_panel(corpus: Corpus) -> Iterator[Diagnostic]:
    """CG406: panel logins are unique and terms end after they start."""
    if corpus.panel is None:
        return
    document = corpus.panel
    logins = [member.login.lower() for member in document.model.members]
    yield from _duplicates(document, logins, lambda i: ("members", i, "login"), "CG406", "login")
    for m, member in enumerate(document.model.members):
        if member.valid_to is not None and member.valid_to < member.valid_from:
            message = f"member '{member.login}' has 'valid_to' ({member.valid_to}) before 'valid_from'"
            yield document.source.error("CG406", message, ("members", m, "valid_to"))


def _duplicates(
    document: Document[Any],
    values: Iterable[str],
    loc_of: Callable[[int], Loc],
    code: str,
    what: str,
) -> Iterator[Diagnostic]:
    """A diagnostic for each value already seen earlier in the list."""
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            yield document.source.error(code, f"{what} '{value}' appears twice", loc_of(index))
        seen.add(value)
