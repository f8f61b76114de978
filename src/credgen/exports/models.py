"""The published JSON API (`api/v1/`): one pydantic model per document.

The JSON Schemas under `api/v1/schema/` are generated from these models, so the schema and
the data can never disagree; every document names its schema in `$schema`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from credgen.endorse.ledger import LedgerEntry
from credgen.models.credential import Credential, Profession, Status
from credgen.models.framework import Framework


class ApiModel(BaseModel):
    """Base of the API documents: closed objects, documented fields."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, populate_by_name=True)


class ApiDocument(ApiModel):
    """A top-level API document."""

    schema_url: str = Field(alias="$schema")
    """URL of the JSON Schema this document follows."""

    api_version: Literal["v1"] = "v1"
    """Version of the API; a breaking change gets a new path (`api/v2/`)."""


class CredentialUrls(ApiModel):
    """Where to find one credential, as absolute URLs."""

    page: str
    """The web page of the current version."""

    api: str
    """This credential's JSON document."""

    pdf: str
    """The PDF of the current version."""

    source: str
    """The YAML source in the repository."""

    openbadges: str
    """1EdTech Open Badges 3.0 Achievement (JSON-LD)."""

    case: str
    """1EdTech CASE package of the credential's capabilities."""

    ctdl: str
    """Credential Engine CTDL: the specification as a `ceterms:LearningProgram` (JSON-LD)."""

    ctdl_framework: str
    """Credential Engine CTDL-ASN: the credential's capabilities as a competency framework."""

    bibtex: str
    """Citation as BibTeX."""

    ris: str
    """Citation as RIS."""


class Dates(ApiModel):
    """Dates of a credential: derived from git and the endorsement ledger, or from the spec."""

    created: dt.date
    """When development started: the spec's `dates.created`, the date its page shows."""

    first_committed: dt.date | None
    """When the file was first committed (from git); None outside git."""

    last_changed: dt.date | None
    """When the file last changed (from git)."""

    published: dt.date | None
    """When the current version was published (from the spec)."""

    review_due: dt.date | None
    """When the specification must next be reviewed (from the spec)."""

    endorsed: dt.date | None
    """When the current version's endorsing pull request was merged (from the ledger)."""


class CatalogueEntry(ApiModel):
    """One credential in the catalogue."""

    slug: str
    """Stable identifier, used in every URL."""

    title: str
    """Title of the credential."""

    status: Status
    """Lifecycle status."""

    version: str
    """Current version."""

    illustrative: bool
    """True for an example written to show the format; never a real endorsement."""

    endorsed: bool
    """Whether the endorsement ledger holds an entry for this version and content."""

    area: str
    """Area of practice."""

    professions: list[Profession]
    """Professions that may take the credential."""

    credits: int | None
    """UK credits (10 notional hours each)."""

    academic_level: int | None
    """FHEQ level."""

    framework: str
    """Framework edition the capabilities map to, e.g. `mpf-2017`."""

    summary: str
    """One paragraph (Markdown)."""

    keywords: list[str]
    """Search keywords."""

    dates: Dates
    """Created, last changed, published, review due and endorsed dates."""

    urls: CredentialUrls
    """Where to find it."""


class FrameworkSummary(ApiModel):
    """One framework in the catalogue."""

    id: str
    """Framework id, e.g. `mpf-2017`."""

    title: str
    """Full title."""

    edition: str
    """Edition year."""

    page: str
    """Web page listing each capability with the credentials that map to it."""

    api: str
    """The framework's JSON document."""

    case: str
    """1EdTech CASE package of the framework."""


class Catalogue(ApiDocument):
    """`api/v1/catalogue.json`: every credential, in slug order."""

    site: str
    """Canonical base URL of the site."""

    commit: str | None
    """Commit the data was built from."""

    built: dt.datetime
    """Build time, from git or SOURCE_DATE_EPOCH (never the clock)."""

    count: int
    """Number of credentials."""

    credentials: list[CatalogueEntry]
    """The credentials."""

    frameworks: list[FrameworkSummary]
    """The frameworks credentials map to."""


class PillarCoverage(ApiModel):
    """How much of one framework pillar a credential maps to."""

    pillar: str
    """Pillar code, e.g. `1`."""

    title: str
    """Pillar title."""

    total: int
    """Capabilities in the pillar."""

    covered: int
    """Capabilities the credential maps to."""

    mapped: list[str]
    """Codes of the capabilities mapped, in framework order."""

    missing: list[str]
    """Codes left to other provision."""


class VersionEntry(ApiModel):
    """One published version, rebuilt from git history."""

    version: str
    """The version."""

    status: Status
    """Status of the version's final text."""

    set_on: dt.date
    """When the version was set (its first commit on the main line)."""

    commit: str
    """The commit where the version was set."""

    final_commit: str
    """The last commit carrying this version: the frozen text."""

    current: bool
    """Whether this is the version in the current build."""

    page: str
    """The frozen web page of this version."""

    api: str
    """The frozen JSON of this version."""


class Counts(ApiModel):
    """Sizes of a specification."""

    domains: int
    """Domains."""

    capabilities: int
    """Area-specific capabilities."""

    statements: int
    """Capability statements."""

    outcomes: int
    """Learning outcomes."""

    epas: int
    """Entrustable professional activities."""

    assessment_methods: int
    """Assessment methods."""

    framework_capabilities: int
    """Distinct framework capabilities mapped."""


class Derived(ApiModel):
    """Data computed from the specification, git history and the ledger."""

    coverage: list[PillarCoverage]
    """Coverage of each framework pillar."""

    counts: Counts
    """Sizes."""

    dates: Dates
    """Derived dates."""

    contributors: list[str]
    """Authors of the commits that changed the file, in order of first contribution."""

    versions: list[VersionEntry]
    """Published versions, oldest first."""

    endorsement: LedgerEntry | None
    """The ledger entry endorsing this version and content, if any."""

    citation: str
    """A suggested reference line."""


class SourceInfo(ApiModel):
    """Where the data came from."""

    path: str
    """The YAML file, relative to the repository root."""

    commit: str | None
    """The commit built."""

    url: str
    """The file in the repository."""


class CredentialRecord(ApiDocument):
    """`api/v1/credentials/<slug>.json`: the full specification plus derived data."""

    slug: str
    """Stable identifier."""

    urls: CredentialUrls
    """Where to find it."""

    source: SourceInfo
    """Where the data came from."""

    spec: Credential
    """The specification, as written (validated)."""

    derived: Derived
    """Coverage, endorsement, dates, versions and citation."""


class VersionDocument(ApiDocument):
    """`api/v1/credentials/<slug>/v/<version>.json`: one version, frozen."""

    slug: str
    """Stable identifier."""

    version: str
    """The version."""

    status: Status
    """Status of the version's final text."""

    set_on: dt.date
    """When the version was set."""

    commit: str
    """The commit where the version was set."""

    final_commit: str
    """The commit holding this text."""

    page: str
    """The frozen web page."""

    current: str
    """The current version's JSON document."""

    endorsement: LedgerEntry | None
    """The ledger entry for this version, if it was endorsed."""

    spec: Credential
    """The specification as it stood."""


class FrameworkRecord(ApiDocument):
    """`api/v1/frameworks/<id>.json`: a framework and which credentials map to each capability."""

    id: str
    """Framework id."""

    page: str
    """Web page."""

    case: str
    """1EdTech CASE package."""

    framework: Framework
    """The framework, as written."""

    mapped_by: dict[str, list[str]]
    """Capability code → slugs of the credentials mapping to it."""


class Endpoint(ApiModel):
    """One file of the API."""

    name: str
    """What it is."""

    url: str
    """Where it is; `{slug}`, `{id}` and `{version}` stand for values from the catalogue."""

    media_type: str
    """Its media type."""

    schema_url: str | None = None
    """Its JSON Schema, when it has one of ours."""


class Index(ApiDocument):
    """`api/v1/index.json`: what the API offers."""

    site: str
    """Canonical base URL of the site."""

    endpoints: list[Endpoint]
    """The files, one pattern each."""


#: Schema file name → model, for `api/v1/schema/`.
SCHEMAS: dict[str, type[ApiDocument]] = {
    "index.schema.json": Index,
    "catalogue.schema.json": Catalogue,
    "credential.schema.json": CredentialRecord,
    "version.schema.json": VersionDocument,
    "framework.schema.json": FrameworkRecord,
}
