"""Delivery plans and annual quality reviews under `specs/delivery/<provider>/`.

A plan (`<credential>.yaml`) says how one provider delivers one exact version of a
specification, and maps its modules' own outcomes and assessments onto the specification.
Quality reviews (`<credential>.reviews.yaml`) live in a file of their own, so that recording a
review never changes the approved plan's text (and so its approval).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from credgen.models.common import Identifier, Line, Markdown, Model, Slug
from credgen.models.provider import HttpsUrl


class Mode(StrEnum):
    """How a module is studied."""

    FULL_TIME = "full-time"
    PART_TIME = "part-time"
    BLENDED = "blended"
    WORK_BASED = "work-based"


class EntryRoute(StrEnum):
    """How a learner comes to the credential."""

    STANDALONE = "standalone"
    WITHIN_MSC = "within-accredited-msc"
    AFTER_EPORTFOLIO = "after-eportfolio-route"


class ModuleOutcome(Model):
    """One of the module's own learning outcomes, mapped onto the specification."""

    id: Identifier
    """Stable id, unique within the plan, e.g. `M1-LO2`."""

    text: Markdown
    """The module's outcome, in the provider's words."""

    capabilities: list[Identifier] = Field(default_factory=list)
    """Ids of the specification's capabilities this outcome develops."""

    statements: list[Identifier] = Field(default_factory=list)
    """Ids of the specification's capability statements it covers."""

    outcomes: list[Identifier] = Field(default_factory=list)
    """Ids of the specification's learning outcomes it corresponds to."""


class ModuleAssessment(Model):
    """One assessment in the module."""

    id: Identifier
    """Stable id, unique within the plan."""

    title: Line
    """Name of the assessment, e.g. `Viva on a case from practice`."""

    assesses: list[Identifier] = Field(min_length=1)
    """Ids of the specification's learning outcomes it assesses."""

    weighting: int | None = Field(default=None, ge=0, le=100)
    """Percentage of the module mark, where marked."""


class Module(Model):
    """A module (or programme) through which the credential is delivered."""

    id: Identifier
    """Stable id, unique within the plan."""

    title: Line
    """Title as the provider lists it."""

    code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9./-]{1,20}$")
    """The provider's module code."""

    credits: int = Field(ge=5, le=180)
    """UK credits."""

    level: int = Field(ge=4, le=8)
    """FHEQ level of the module."""

    mode: Mode
    """How it is studied."""

    duration: Line
    """How long it takes, e.g. `one academic year`."""

    intakes: list[Line] = Field(min_length=1)
    """When learners start, e.g. `September` or `January 2027`."""

    fees: HttpsUrl | None = None
    """The page that states the fees (https)."""

    outcomes: list[ModuleOutcome] = Field(default_factory=list)
    """The module's learning outcomes and their mapping."""

    assessments: list[ModuleAssessment] = Field(default_factory=list)
    """The module's assessments and the specification outcomes each assesses."""


class Gap(Model):
    """A capability or outcome the plan does not deliver itself, and why."""

    id: Identifier
    """Id of the capability or learning outcome left to other provision."""

    reason: Markdown
    """Why, and how learners meet it (e.g. through the accredited MSc they are enrolled on)."""


class DeliveryPlan(Model):
    """`specs/delivery/<provider>/<credential>.yaml`: how a provider delivers a specification."""

    credential: Slug
    """Slug of the specification delivered."""

    version: str = Field(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")
    """The exact version delivered, quoted: `"1.0.0"`."""

    illustrative: bool = False
    """True for a fictional plan written to show the format."""

    programme: Line
    """The programme or award the modules belong to."""

    url: HttpsUrl
    """The programme's page (https)."""

    entry_routes: list[EntryRoute] = Field(min_length=1)
    """How learners may come to it."""

    modules: list[Module] = Field(min_length=1)
    """The modules that deliver the credential."""

    gaps: list[Gap] = Field(default_factory=list)
    """Capabilities not developed or outcomes not assessed here, each justified."""


class ReviewOutcome(StrEnum):
    """Result of an annual quality review."""

    MET = "met"
    MET_WITH_CONDITIONS = "met-with-conditions"
    NOT_MET = "not-met"


class Condition(Model):
    """Something the provider must do by a date after a review."""

    text: Markdown
    """What must be done."""

    due: dt.date
    """When it must be done by."""

    met_on: dt.date | None = None
    """When the condition was confirmed as met; open while absent."""


class QualityReview(Model):
    """One annual quality review of a plan's delivery."""

    date: dt.date
    """When the review concluded."""

    reviewer: Line
    """Who reviewed (a name or a panel), as published."""

    outcome: ReviewOutcome
    """Met, met with conditions, or not met."""

    summary: Markdown | None = None
    """What the review found."""

    conditions: list[Condition] = Field(default_factory=list)
    """Conditions set by the review."""

    next_review: dt.date
    """When the next annual review is due."""


class QualityReviews(Model):
    """`specs/delivery/<provider>/<credential>.reviews.yaml`: a plan's annual quality reviews."""

    illustrative: bool = False
    """True for fictional reviews written to show the format."""

    reviews: list[QualityReview] = Field(min_length=1)
    """Reviews, oldest first."""
