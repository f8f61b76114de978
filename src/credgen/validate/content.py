"""Rules for the parts of a specification added in file format 2, and for the format itself.

Statements may sit directly under a domain and may carry their own framework mapping; EPAs may
give the level of an entrustment scale expected at completion. Each rule is a small generator
with a stable code (see `codes.py`), composed by `credgen.validate.rules`.
"""

from __future__ import annotations

from collections.abc import Iterator

from credgen.diagnostics import Diagnostic
from credgen.load.documents import Corpus, Document
from credgen.load.explain import did_you_mean
from credgen.load.source import Loc, SourceFile
from credgen.models.common import FORMAT_VERSION, OLDEST_FORMAT, FileModel
from credgen.models.credential import Credential, Statement
from credgen.models.framework import Framework

SpecDoc = Document[Credential]


def format_rules(corpus: Corpus, *, oldest: int = OLDEST_FORMAT) -> Iterator[Diagnostic]:
    """CG120: every file is in a format this credgen reads."""
    files: list[tuple[SourceFile, FileModel]] = [(d.source, d.model) for d in corpus.credentials.values()]
    files += [(d.source, d.model) for d in corpus.frameworks.values()]
    files += [(d.source, d.model) for d in (corpus.glossary, corpus.panel) if d is not None]
    for source, model in files:
        yield from _check_format(source, model, oldest)


def _check_format(source: SourceFile, model: FileModel, oldest: int) -> Iterator[Diagnostic]:
    """CG120 for one file: not older than `oldest`, not newer than this credgen writes."""
    declared = model.credgen_format
    version = declared or 1
    loc: Loc = ("credgen_format",) if declared else ()
    if version < oldest:
        message = (
            f"this file is in format {version}, older than this credgen reads (format {oldest} on): "
            "run 'credgen migrate' to upgrade it in place"
        )
        yield source.error("CG120", message, loc)
    elif version > FORMAT_VERSION:
        message = (
            f"this file is in format {version}, newer than this credgen reads (up to format "
            f"{FORMAT_VERSION}): upgrade credgen"
        )
        yield source.error("CG120", message, loc)


def content_rules(document: SpecDoc, framework: Framework | None) -> Iterator[Diagnostic]:
    """The format-2 rules for one specification."""
    yield from _check_domains_hold_something(document)
    yield from _check_entrustment(document)
    if framework is not None:
        yield from _check_statement_mappings(document, framework)


def _check_domains_hold_something(document: SpecDoc) -> Iterator[Diagnostic]:
    """CG220: a domain holds capabilities or statements."""
    for d, domain in enumerate(document.model.domains):
        if not domain.capabilities and not domain.statements:
            message = f"domain '{domain.id}' has no capabilities and no statements: add one or the other"
            yield document.source.error("CG220", message, ("domains", d, "id"))


def _statements(spec: Credential) -> Iterator[tuple[Statement, list[str] | None, Loc]]:
    """Every statement, its capability's mapping (None directly under a domain) and its path."""
    for d, domain in enumerate(spec.domains):
        for s, statement in enumerate(domain.statements):
            yield statement, None, ("domains", d, "statements", s)
        for c, capability in enumerate(domain.capabilities):
            for s, statement in enumerate(capability.statements):
                yield statement, list(capability.mpf), ("domains", d, "capabilities", c, "statements", s)


def _check_statement_mappings(document: SpecDoc, framework: Framework) -> Iterator[Diagnostic]:
    """CG221, CG222: a statement maps to framework capabilities, within its capability's mapping."""
    codes = [capability.code for pillar in framework.pillars for capability in pillar.capabilities]
    for statement, allowed, loc in _statements(document.model):
        for m, reference in enumerate(statement.mpf):
            prefix, _, code = reference.partition(":")
            if prefix != framework.id or code not in codes:
                message = (
                    f"statement '{statement.id}' maps to '{reference}', "
                    f"which is not a capability of '{framework.id}'"
                )
                hint = did_you_mean(code, codes) if prefix == framework.id else ""
                yield document.source.error("CG222", message + hint, (*loc, "mpf", m))
            elif allowed is not None and reference not in allowed and not statement.mpf_extra:
                message = (
                    f"statement '{statement.id}' maps to '{reference}', which its capability does not: "
                    "add it to the capability's 'mpf', or set 'mpf_extra: true' on the statement"
                )
                yield document.source.error("CG221", message, (*loc, "mpf", m))


def _check_entrustment(document: SpecDoc) -> Iterator[Diagnostic]:
    """CG223, CG224: EPA levels are levels of the specification's entrustment scale."""
    spec = document.model
    scale = spec.entrustment_scale
    if scale is not None:
        numbers = [level.level for level in scale.levels]
        if numbers != list(range(1, len(numbers) + 1)):
            written = ", ".join(str(number) for number in numbers)
            message = f"entrustment levels must be numbered 1 to {len(numbers)} in order, not {written}"
            yield document.source.error("CG224", message, ("entrustment_scale", "levels"))
    known = {level.level for level in scale.levels} if scale else set()
    for e, epa in enumerate(spec.epas):
        if epa.expected_level is None or epa.expected_level in known:
            continue
        if scale is None:
            message = f"EPA '{epa.id}' expects level {epa.expected_level} but there is no 'entrustment_scale'"
        else:
            message = f"EPA '{epa.id}' expects level {epa.expected_level}, which '{scale.name}' does not have"
        yield document.source.error("CG223", message, ("epas", e, "expected_level"))
