"""The credential specification: `specs/credentials/<slug>/credential.yaml`."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import Field

from credgen.models.common import (
    FileModel,
    FrameworkRef,
    Identifier,
    Line,
    Login,
    Markdown,
    Model,
    Slug,
)
from credgen.models.content import EntrustmentScale, Gateway, GroupMember, Reference


class Status(StrEnum):
    """Where a specification is in the lifecycle."""

    PROPOSED = "proposed"
    IN_DEVELOPMENT = "in-development"
    CANDIDATE = "candidate"
    ENDORSED = "endorsed"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"

    @property
    def is_complete(self) -> bool:
        """Whether the specification must be a full draft (candidate and later)."""
        return self in _COMPLETE


_COMPLETE = {Status.CANDIDATE, Status.ENDORSED, Status.SUPERSEDED}


class Profession(StrEnum):
    """Regulated professions eligible for advanced practice (not doctors or dentists)."""

    NURSING = "nursing"
    MIDWIFERY = "midwifery"
    PARAMEDICINE = "paramedicine"
    PHARMACY = "pharmacy"
    PHYSIOTHERAPY = "physiotherapy"
    OCCUPATIONAL_THERAPY = "occupational-therapy"
    DIETETICS = "dietetics"
    DIAGNOSTIC_RADIOGRAPHY = "diagnostic-radiography"
    THERAPEUTIC_RADIOGRAPHY = "therapeutic-radiography"
    SPEECH_AND_LANGUAGE_THERAPY = "speech-and-language-therapy"
    PODIATRY = "podiatry"
    ORTHOPTICS = "orthoptics"
    PROSTHETICS_AND_ORTHOTICS = "prosthetics-and-orthotics"
    OPERATING_DEPARTMENT_PRACTICE = "operating-department-practice"
    ARTS_THERAPIES = "arts-therapies"
    OSTEOPATHY = "osteopathy"
    HEALTHCARE_SCIENCE = "healthcare-science"
    PHYSICIAN_ASSOCIATE = "physician-associate"
    SOCIAL_WORK = "social-work"


class Need(Model):
    """The need a credential meets (gateway criterion 1)."""

    population: Markdown
    """The population or patient group and what they need."""

    service: Markdown
    """The service need."""

    workforce: Markdown
    """The workforce need, and why it is multi-professional."""


class Statement(Model):
    """A capability statement: one element of what a capability means in practice."""

    id: Identifier
    """Stable id, unique within the specification."""

    code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9.]+$")
    """Display code, e.g. `1.4` or `3.b`; the id when absent."""

    text: Markdown
    """The statement."""

    mpf: list[FrameworkRef] = Field(default_factory=list)
    """Framework capabilities this statement maps to, where more precise than its capability's."""

    mpf_extra: bool = False
    """True where the statement's mapping deliberately goes beyond its capability's mapping."""


class Capability(Model):
    """An area-specific capability."""

    id: Identifier
    """Stable id, unique within the specification; outcomes refer to it."""

    code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9.]+$")
    """Display code, e.g. `A1` or `4`; the id when absent."""

    title: Line
    """Short name of the capability."""

    description: Markdown | None = None
    """What the capability involves, beyond the title."""

    mpf: list[FrameworkRef] = Field(default_factory=list)
    """Framework capabilities this maps to, e.g. `mpf-2017:1.6` (many-to-many)."""

    statements: list[Statement] = Field(default_factory=list)
    """The capability's statements, in order."""


class Domain(Model):
    """A group of capabilities."""

    id: Identifier
    """Stable id, unique within the specification."""

    code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9.]+$")
    """Display code, e.g. `A`; the id when absent."""

    title: Line
    """Name of the domain."""

    description: Markdown | None = None
    """What the domain covers."""

    extends_framework: bool = False
    """True where the domain deliberately goes beyond its framework: its capabilities may map to nothing."""

    capabilities: list[Capability] = Field(default_factory=list)
    """The capabilities in this domain, in order (a domain needs capabilities or statements)."""

    statements: list[Statement] = Field(default_factory=list)
    """Statements held directly by the domain, with no capability level, in order."""


class Outcome(Model):
    """An intended learning outcome."""

    id: Identifier
    """Stable id, unique within the specification, e.g. `LO3`."""

    code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9.]+$")
    """Display code; the id when absent."""

    text: Markdown
    """What the learner will be able to do, starting with a verb."""

    capabilities: list[Identifier] = Field(min_length=1)
    """Ids of the capabilities this outcome develops."""


class Epa(Model):
    """An entrustable professional activity."""

    id: Identifier
    """Stable id, unique within the specification."""

    title: Line
    """The activity a practitioner is trusted to carry out."""

    description: Markdown | None = None
    """Context, limits and evidence of entrustment."""

    capabilities: list[Identifier] = Field(min_length=1)
    """Ids of the capabilities the activity draws on."""

    expected_level: int | None = Field(default=None, ge=1, le=10)
    """Level of the specification's entrustment scale expected at completion."""


class AssessmentMethod(Model):
    """One method of assessment."""

    id: Identifier
    """Stable id, unique within the specification."""

    title: Line
    """Name of the method, e.g. `Portfolio of practice`."""

    description: Markdown
    """How the method works and what it evidences."""

    outcomes: list[Identifier] = Field(min_length=1)
    """Ids of the outcomes it assesses."""

    weighting: int | None = Field(default=None, ge=0, le=100)
    """Percentage of the overall mark, where the method is marked."""


class Author(Model):
    """A member of the author group."""

    name: Line
    """Name as credited."""

    affiliation: Line | None = None
    """Organisation."""

    login: Login | None = None
    """GitHub login; an author may not endorse their own specification."""


class Dates(Model):
    """Dates in the life of the specification."""

    created: dt.date
    """When development started."""

    published: dt.date | None = None
    """When this version was published."""

    review_due: dt.date | None = None
    """When the specification must next be reviewed."""


class Credential(FileModel):
    """A credential specification."""

    title: Line
    """Title of the credential, e.g. `Older people and frailty`."""

    version: str = Field(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")
    """Version as `MAJOR.MINOR.PATCH`, quoted: `"1.0.0"`."""

    status: Status
    """Lifecycle status."""

    illustrative: bool = False
    """True for an example written to show the format: every page and PDF says so."""

    summary: Markdown
    """One paragraph: what the credential develops and for whom."""

    area: Line
    """Area of practice, e.g. `Older people`."""

    need: Need
    """The population, service and workforce need."""

    scope: Markdown | None = None
    """What the credential covers and what it leaves out."""

    professions: list[Profession] = Field(min_length=1)
    """Regulated professions that may take the credential."""

    entry_requirements: Markdown
    """Who may enrol: registration, experience, prior study."""

    academic_level: Literal[7] | None = None
    """FHEQ level; 7 (Master's) is required from candidate on."""

    credits: int | None = Field(default=None, ge=5, le=180)
    """UK credits (10 notional hours each)."""

    notional_hours: int | None = Field(default=None, ge=10, le=1800)
    """Notional learning hours; 10 per credit."""

    framework: Slug
    """The framework edition the capabilities map to, e.g. `mpf-2017`."""

    domains: list[Domain] = Field(default_factory=list)
    """Domains of area-specific capabilities."""

    outcomes: list[Outcome] = Field(default_factory=list)
    """Intended learning outcomes."""

    epas: list[Epa] = Field(default_factory=list)
    """Entrustable professional activities (optional)."""

    assessment: list[AssessmentMethod] = Field(default_factory=list)
    """Assessment methods."""

    learning_experience: Markdown | None = None
    """How learning is delivered: teaching, practice, supervision."""

    supervision: Markdown | None = None
    """Supervision arrangements in practice."""

    equality_statement: Markdown | None = None
    """How the credential addresses equality, diversity and inclusion."""

    links_to_other_provision: Markdown | None = None
    """How learners meet the framework capabilities this credential does not cover."""

    authors: list[Author] = Field(min_length=1)
    """The author group."""

    dates: Dates
    """Created, published and review dates."""

    licence: str = Field(pattern=r"^[A-Za-z0-9.+-]+$")
    """SPDX licence id, e.g. `CC-BY-4.0` or `OGL-UK-3.0`."""

    supersedes: Slug | None = None
    """Slug of the specification this one replaces."""

    superseded_by: Slug | None = None
    """Slug of the specification that replaces this one."""

    keywords: list[Line] = Field(default_factory=list)
    """Search keywords."""

    entrustment_scale: EntrustmentScale | None = None
    """The scale the EPAs are judged on; needed when an EPA gives an `expected_level`."""

    indicative_content: Markdown | None = None
    """Topics a programme is likely to cover (indicative, not required)."""

    references: list[Reference] = Field(default_factory=list)
    """Sources the specification draws on."""

    working_group: list[GroupMember] = Field(default_factory=list)
    """The working group that developed the specification, beyond the authors."""

    acknowledgements: Markdown | None = None
    """Thanks to people and organisations who contributed."""

    gateway: Gateway | None = None
    """The accepted proposal that let development start."""

    def mapped_refs(self) -> set[str]:
        """Every framework reference made: by capabilities, their statements and domain statements."""
        refs: set[str] = set()
        for domain in self.domains:
            refs.update(ref for statement in domain.statements for ref in statement.mpf)
            for capability in domain.capabilities:
                refs.update(capability.mpf)
                refs.update(ref for statement in capability.statements for ref in statement.mpf)
        return refs
