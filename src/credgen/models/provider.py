"""An education provider: `specs/providers/<id>.yaml`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints

from credgen.models.common import Line, Markdown, Model

#: A web address; only https is accepted for links published on the site.
HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[^\s<>\"]+$", max_length=500)]


class Region(StrEnum):
    """NHS England regions, where a provider teaches or places learners."""

    EAST_OF_ENGLAND = "east-of-england"
    LONDON = "london"
    MIDLANDS = "midlands"
    NORTH_EAST_AND_YORKSHIRE = "north-east-and-yorkshire"
    NORTH_WEST = "north-west"
    SOUTH_EAST = "south-east"
    SOUTH_WEST = "south-west"

    @property
    def label(self) -> str:
        """The region as written in running text, e.g. `North East and Yorkshire`."""
        words = self.value.replace("-and-", " and ").replace("-of-", " of ").replace("-", " ")
        return " ".join(w if w in {"and", "of"} else w.capitalize() for w in words.split())


class Provider(Model):
    """An education provider that may deliver credentials."""

    name: Line
    """Name of the provider, e.g. `University of Northmoor (fictional)`."""

    ukprn: str = Field(json_schema_extra={"pattern": "^[0-9]{8}$"})
    """UK Provider Reference Number: exactly 8 digits, quoted (`"10000001"`); rule CG901 checks it."""

    illustrative: bool = False
    """True for a fictional provider written to show the format: every page says so."""

    website: HttpsUrl
    """The provider's home page (https)."""

    contact: HttpsUrl
    """The page where applicants find out how to ask about a programme (https)."""

    regions: list[Region] = Field(min_length=1)
    """NHS England regions the provider serves."""

    summary: Markdown | None = None
    """A short description of the provider and its advanced practice teaching."""
