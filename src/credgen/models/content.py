"""Optional parts of a specification added in file format 2: entrustment, sources, people, gateway."""

from __future__ import annotations

import datetime as dt

from pydantic import AnyHttpUrl, Field

from credgen.models.common import Line, Markdown, Model


class EntrustmentLevel(Model):
    """One level of an entrustment (supervision) scale."""

    level: int = Field(ge=1, le=10)
    """Position on the scale, from 1 (most supervision)."""

    label: Line
    """Short name, e.g. `Act with indirect supervision`."""

    description: Markdown | None = None
    """What the level means in practice."""


class EntrustmentScale(Model):
    """The supervision or entrustment scale a specification's EPAs are judged on."""

    name: Line
    """Name of the scale, e.g. `Five-level supervision scale`."""

    source: Line | None = None
    """Where the scale comes from (a citation, in words)."""

    levels: list[EntrustmentLevel] = Field(min_length=2)
    """The levels, from most to least supervision."""


class Reference(Model):
    """A source the specification draws on."""

    citation: Line
    """The reference as it should be cited, e.g. `Author A (2024) Title. Publisher.`"""

    doi: str | None = Field(default=None, pattern=r"^10\.[0-9]{4,9}/\S+$")
    """Digital Object Identifier, without `https://doi.org/`, e.g. `10.1000/xyz123`."""

    url: AnyHttpUrl | None = None
    """Web address, where there is no DOI or the text is elsewhere."""


class GroupMember(Model):
    """A member of the working group that developed the specification."""

    name: Line
    """Name as credited."""

    affiliation: Line | None = None
    """Organisation."""

    role: Line | None = None
    """Role in the group, e.g. `Chair` or `Lived experience adviser`."""


class Gateway(Model):
    """The accepted proposal that let development start (gateway criteria 1-3)."""

    issue: int = Field(ge=1)
    """Number of the issue in the specifications repository that holds the proposal."""

    decided: dt.date
    """When the proposal was accepted."""

    url: AnyHttpUrl | None = None
    """Web address of the issue or of the decision record; the page links to it."""
