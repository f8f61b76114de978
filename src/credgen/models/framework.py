"""A capability framework such as the MPF, referenced by credential specifications."""

from __future__ import annotations

from pydantic import AnyHttpUrl, Field

from credgen.models.common import FileModel, Line, Markdown, Model, Slug


class FrameworkCapability(Model):
    """One capability of a framework, e.g. MPF 1.6."""

    code: str = Field(pattern=r"^[A-Za-z0-9.]+$")
    """Code unique within the framework, written as referenced: `1.6` in `mpf-2017:1.6`."""

    title: Line
    """A short name for the capability."""

    statement: Markdown
    """The capability, in this project's own paraphrase (never the official wording)."""


class Pillar(Model):
    """A top-level grouping of framework capabilities (MPF: its four pillars)."""

    code: str = Field(pattern=r"^[A-Za-z0-9]+$")
    """Pillar code, e.g. `1` for clinical practice."""

    title: Line
    """Pillar name, e.g. `Clinical practice`."""

    capabilities: list[FrameworkCapability] = Field(min_length=1)
    """The capabilities in this pillar, in order."""


class Framework(FileModel):
    """A capability framework file in `specs/frameworks/`."""

    id: Slug
    """Framework id, equal to the file name without `.yaml`, e.g. `mpf-2017`."""

    title: Line
    """Full title of the framework."""

    short_title: Line
    """Short name used in tables and badges, e.g. `MPF 2017`."""

    edition: str = Field(pattern=r"^[0-9]{4}$")
    """Edition year, quoted: `"2017"`."""

    publisher: Line
    """Who published the framework."""

    url: AnyHttpUrl | None = None
    """Where the official framework is published."""

    notice: Markdown
    """How this file relates to the official text (a paraphrase, not a copy)."""

    pillars: list[Pillar] = Field(min_length=1)
    """The pillars, in order."""
