"""Warnings for names a reader could confuse: two credentials with one title, two glossary
entries for one term. Neither breaks a build, but a reader choosing between two identical
titles in the catalogue, or two definitions of one term, cannot tell which is meant."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from credgen.diagnostics import Diagnostic, Severity
from credgen.load.documents import Corpus
from credgen.models.credential import Status

_RETIRED = frozenset({Status.SUPERSEDED, Status.WITHDRAWN})


def duplicate_name_rules(corpus: Corpus) -> Iterator[Diagnostic]:
    """CG407 and CG408, as warnings."""
    for diagnostic in (*_check_titles(corpus), *_check_terms(corpus)):
        yield dataclasses.replace(diagnostic, severity=Severity.WARNING)


def _check_titles(corpus: Corpus) -> Iterator[Diagnostic]:
    """CG407: no two current credentials share a title (ignoring case and spacing).

    A superseded or withdrawn specification is left out: its replacement often keeps the title.
    """
    first: dict[str, str] = {}
    for document in corpus.credentials.values():
        if document.model.status in _RETIRED:
            continue
        title = document.model.title
        key = _normalised(title)
        if key in first:
            message = f"another credential ({first[key]}) has the same title; give each its own: '{title}'"
            yield document.source.error("CG407", message, ("title",))
        first.setdefault(key, document.path)


def _check_terms(corpus: Corpus) -> Iterator[Diagnostic]:
    """CG408: no two glossary entries define the same term (ignoring case and spacing)."""
    if corpus.glossary is None:
        return
    first: dict[str, int] = {}
    for index, term in enumerate(corpus.glossary.model.terms):
        key = _normalised(term.term)
        if key in first:
            line = corpus.glossary.source.at(("terms", first[key], "term"))[0]
            message = f"term already defined on line {line}; merge the two entries: '{term.term}'"
            yield corpus.glossary.source.error("CG408", message, ("terms", index, "term"))
        first.setdefault(key, index)


def _normalised(text: str) -> str:
    return " ".join(text.casefold().split())
