"""The glossary of terms shown on the website."""

from __future__ import annotations

from pydantic import Field

from credgen.models.common import FileModel, Line, Markdown, Model, Slug


class Term(Model):
    """One glossary entry."""

    id: Slug
    """Anchor id of the term, e.g. `area-specific-capability`."""

    term: Line
    """The term as it is written in running text."""

    definition: Markdown
    """What the term means in this project."""

    see_also: list[Slug] = Field(default_factory=list)
    """Ids of related terms."""


class Glossary(FileModel):
    """`specs/glossary.yaml`."""

    terms: list[Term] = Field(min_length=1)
    """The terms, in alphabetical order."""
