"""The JSON API under `api/v1/`: catalogue, credentials, versions, frameworks, schemas, CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from pydantic import BaseModel

from credgen.context import BuildContext
from credgen.exports import models as m
from credgen.exports.cells import neutralise_cell
from credgen.exports.gather import CredentialFacts
from credgen.load.documents import Corpus
from credgen.models.credential import Credential
from credgen.models.framework import Framework
from credgen.models.schema import DRAFT

API = "api/v1/"


def to_json(data: Any, *, indent: int | None = None) -> str:
    """Deterministic JSON text: sorted keys, UTF-8, final newline.

    Data documents are compact (a third smaller; any browser or `jq` pretty-prints them);
    the schemas, which people read, are indented.
    """
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(data, indent=indent, separators=separators, sort_keys=True, ensure_ascii=False) + "\n"


def dump(model: BaseModel) -> str:
    """An API document as JSON text."""
    return to_json(model.model_dump(mode="json", by_alias=True))


def schema_url(ctx: BuildContext, name: str) -> str:
    """Absolute URL of one of our JSON Schemas."""
    return ctx.url(f"{API}schema/{name}")


def api_files(corpus: Corpus, facts: list[CredentialFacts], ctx: BuildContext) -> dict[str, str]:
    """Every JSON and CSV file of the API, by path relative to the site root."""
    files = {
        f"{API}schema/{name}": render_api_schema(model, schema_url(ctx, name))
        for name, model in m.SCHEMAS.items()
    }
    files[f"{API}index.json"] = dump(index(ctx))
    files[f"{API}catalogue.json"] = dump(catalogue(corpus, facts, ctx))
    for fact in facts:
        files[f"{API}credentials/{fact.slug}.json"] = dump(credential_record(fact, ctx))
        for version in version_documents(fact, ctx):
            files[f"{API}credentials/{fact.slug}/v/{version.version}.json"] = dump(version)
    for framework_id, framework in sorted(corpus.frameworks.items()):
        files[f"{API}frameworks/{framework_id}.json"] = dump(framework_record(framework.model, facts, ctx))
    files[f"{API}mapping.csv"] = mapping_csv(facts, corpus)
    return files


def render_api_schema(model: type[BaseModel], url: str) -> str:
    """The JSON Schema of one API document, generated from its model."""
    schema = {"$schema": DRAFT, "$id": url, **model.model_json_schema(mode="serialization", by_alias=True)}
    return to_json(schema, indent=2)


# Documents ---------------------------------------------------------------------------------


def urls(fact: CredentialFacts, ctx: BuildContext) -> m.CredentialUrls:
    """Absolute URLs of everything published for one credential."""
    links = fact.view.links
    return m.CredentialUrls(
        page=ctx.url(links["page"]),
        api=ctx.url(f"{API}credentials/{fact.slug}.json"),
        pdf=ctx.url(links["pdf"]),
        source=ctx.source_url(fact.document.path),
        openbadges=ctx.url(f"{API}openbadges/{fact.slug}.json"),
        case=ctx.url(f"{API}case/credentials/{fact.slug}.json"),
        ctdl=ctx.url(f"{API}ctdl/credentials/{fact.slug}.json"),
        ctdl_framework=ctx.url(f"{API}ctdl/frameworks/credentials/{fact.slug}.json"),
        bibtex=ctx.url(f"credentials/{fact.slug}/citation.bib"),
        ris=ctx.url(f"credentials/{fact.slug}/citation.ris"),
    )


def dates(fact: CredentialFacts) -> m.Dates:
    """Derived and declared dates of one credential."""
    return m.Dates(
        created=fact.created,
        first_committed=fact.first_committed,
        last_changed=fact.last_changed.date() if fact.last_changed else None,
        published=fact.spec.dates.published,
        review_due=fact.spec.dates.review_due,
        endorsed=fact.endorsed,
    )


def catalogue(corpus: Corpus, facts: list[CredentialFacts], ctx: BuildContext) -> m.Catalogue:
    """`catalogue.json`."""
    return m.Catalogue(
        schema_url=schema_url(ctx, "catalogue.schema.json"),
        site=ctx.site_url,
        commit=ctx.commit,
        built=ctx.timestamp,
        count=len(facts),
        credentials=[catalogue_entry(fact, ctx) for fact in facts],
        frameworks=[framework_summary(doc.model, ctx) for _, doc in sorted(corpus.frameworks.items())],
    )


def catalogue_entry(fact: CredentialFacts, ctx: BuildContext) -> m.CatalogueEntry:
    """One credential's line in the catalogue."""
    spec = fact.spec
    return m.CatalogueEntry(
        slug=fact.slug,
        title=spec.title,
        status=spec.status,
        version=spec.version,
        illustrative=spec.illustrative,
        endorsed=fact.endorsement is not None,
        area=spec.area,
        professions=list(spec.professions),
        credits=spec.credits,
        academic_level=spec.academic_level,
        framework=spec.framework,
        summary=spec.summary,
        keywords=list(spec.keywords),
        dates=dates(fact),
        urls=urls(fact, ctx),
    )


def framework_summary(framework: Framework, ctx: BuildContext) -> m.FrameworkSummary:
    """One framework's line in the catalogue."""
    return m.FrameworkSummary(
        id=framework.id,
        title=framework.title,
        edition=framework.edition,
        page=ctx.url(f"frameworks/{framework.id}/"),
        api=ctx.url(f"{API}frameworks/{framework.id}.json"),
        case=ctx.url(f"{API}case/{framework.id}.json"),
    )


def credential_record(fact: CredentialFacts, ctx: BuildContext) -> m.CredentialRecord:
    """`credentials/<slug>.json`."""
    return m.CredentialRecord(
        schema_url=schema_url(ctx, "credential.schema.json"),
        slug=fact.slug,
        urls=urls(fact, ctx),
        source=m.SourceInfo(
            path=fact.document.path, commit=ctx.commit, url=ctx.source_url(fact.document.path)
        ),
        spec=fact.spec,
        derived=m.Derived(
            coverage=coverage(fact),
            counts=counts(fact.spec),
            dates=dates(fact),
            contributors=list(fact.history.contributors),
            versions=version_entries(fact, ctx),
            endorsement=fact.endorsement,
            citation=fact.view.citation,
        ),
    )


def coverage(fact: CredentialFacts) -> list[m.PillarCoverage]:
    """Coverage per pillar, from the website's view so that page and data agree."""
    return [
        m.PillarCoverage(
            pillar=item.pillar.code,
            title=item.pillar.title,
            total=len(item.pillar.capabilities),
            covered=len(item.covered),
            mapped=[c.code for c in item.covered],
            missing=[c.code for c in item.missing],
        )
        for item in fact.view.coverage
    ]


def counts(spec: Credential) -> m.Counts:
    """Sizes of a specification."""
    capabilities = [c for d in spec.domains for c in d.capabilities]
    return m.Counts(
        domains=len(spec.domains),
        capabilities=len(capabilities),
        statements=sum(len(c.statements) for c in capabilities)
        + sum(len(d.statements) for d in spec.domains),
        outcomes=len(spec.outcomes),
        epas=len(spec.epas),
        assessment_methods=len(spec.assessment),
        framework_capabilities=len(spec.mapped_refs()),
    )


def version_page(ctx: BuildContext, slug: str, version: str) -> str:
    """The frozen page of one version."""
    return ctx.url(f"credentials/{slug}/v/{version}/")


def version_entries(fact: CredentialFacts, ctx: BuildContext) -> list[m.VersionEntry]:
    """The version history, oldest first."""
    return [
        m.VersionEntry(
            version=record.version,
            status=record.status,
            set_on=record.date.date(),
            commit=record.commit,
            final_commit=record.final_commit,
            current=record.version == fact.spec.version,
            page=version_page(ctx, fact.slug, record.version),
            api=ctx.url(f"{API}credentials/{fact.slug}/v/{record.version}.json"),
        )
        for record in fact.versions
    ]


def version_documents(fact: CredentialFacts, ctx: BuildContext) -> list[m.VersionDocument]:
    """One frozen document per published version."""
    return [
        m.VersionDocument(
            schema_url=schema_url(ctx, "version.schema.json"),
            slug=fact.slug,
            version=record.version,
            status=record.status,
            set_on=record.date.date(),
            commit=record.commit,
            final_commit=record.final_commit,
            page=version_page(ctx, fact.slug, record.version),
            current=ctx.url(f"{API}credentials/{fact.slug}.json"),
            endorsement=fact.entry_for(record.version),
            spec=record.credential,
        )
        for record in fact.versions
    ]


def framework_record(
    framework: Framework, facts: list[CredentialFacts], ctx: BuildContext
) -> m.FrameworkRecord:
    """`frameworks/<id>.json`, with the reverse index of credentials per capability."""
    mapped: dict[str, list[str]] = {c.code: [] for p in framework.pillars for c in p.capabilities}
    for fact in facts:
        refs = fact.spec.mapped_refs()
        for ref in sorted(refs):
            edition, _, code = ref.partition(":")
            if edition == framework.id and code in mapped:
                mapped[code].append(fact.slug)
    return m.FrameworkRecord(
        schema_url=schema_url(ctx, "framework.schema.json"),
        id=framework.id,
        page=ctx.url(f"frameworks/{framework.id}/"),
        case=ctx.url(f"{API}case/{framework.id}.json"),
        framework=framework,
        mapped_by=mapped,
    )


def index(ctx: BuildContext) -> m.Index:
    """`index.json`: the map of the API."""
    json_type, jsonld = "application/json", "application/ld+json"
    rows = [
        ("Catalogue of credentials", "catalogue.json", json_type, "catalogue.schema.json"),
        ("A credential with derived data", "credentials/{slug}.json", json_type, "credential.schema.json"),
        (
            "One published version, frozen",
            "credentials/{slug}/v/{version}.json",
            json_type,
            "version.schema.json",
        ),
        ("A framework with its reverse index", "frameworks/{id}.json", json_type, "framework.schema.json"),
        ("Capability to framework mapping", "mapping.csv", "text/csv", None),
        ("Open Badges 3.0 Achievement", "openbadges/{slug}.json", jsonld, None),
        ("CASE package of a framework", "case/{id}.json", json_type, None),
        ("CASE package of a credential", "case/credentials/{slug}.json", json_type, None),
        ("CTDL-ASN competency framework", "ctdl/frameworks/{id}.json", jsonld, None),
        ("CTDL-ASN framework of a credential", "ctdl/frameworks/credentials/{slug}.json", jsonld, None),
        ("CTDL learning programme of a credential", "ctdl/credentials/{slug}.json", jsonld, None),
        ("Endorsement ledgers' chain heads, to verify", "endorsements.json", json_type, None),
        ("Education providers", "providers.json", json_type, "providers.schema.json"),
        (
            "An education provider with its approved plans",
            "providers/{id}.json",
            json_type,
            "provider.schema.json",
        ),
        ("Approved delivery plans", "delivery.json", json_type, "delivery.schema.json"),
        ("Approved delivery plans, one row per module", "delivery.csv", "text/csv", None),
    ]
    endpoints = [
        m.Endpoint(
            name=name,
            url=ctx.url(API + path),
            media_type=media,
            schema_url=schema and schema_url(ctx, schema),
        )
        for name, path, media, schema in rows
    ]
    endpoints.append(
        m.Endpoint(name="Atom feed of changes", url=ctx.url("feed.xml"), media_type="application/atom+xml")
    )
    return m.Index(schema_url=schema_url(ctx, "index.schema.json"), site=ctx.site_url, endpoints=endpoints)


# CSV ---------------------------------------------------------------------------------------

#: Columns of `mapping.csv`.
MAPPING_COLUMNS = (
    "credential",
    "credential_title",
    "version",
    "status",
    "domain",
    "capability_id",
    "capability",
    "capability_title",
    "framework",
    "framework_capability",
    "pillar",
    "framework_capability_title",
    "statement",
)
"""Columns of `mapping.csv`. A row maps a capability, or (with `statement` set to the statement's
display code) one statement that has a mapping of its own; a statement directly under a domain
leaves the capability columns empty."""


def mapping_csv(facts: list[CredentialFacts], corpus: Corpus) -> str:
    """One row per (credential, capability, framework capability); unmapped capabilities get one
    row with empty framework columns, so every capability appears."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MAPPING_COLUMNS)
    for fact in facts:
        for row in _mapping_rows(fact, corpus):
            writer.writerow([neutralise_cell(cell) for cell in row])
    return out.getvalue()


def _mapping_rows(fact: CredentialFacts, corpus: Corpus) -> list[list[str]]:
    """The CSV rows of one credential, in document order."""
    spec = fact.spec
    lookup = {
        f"{fw.model.id}:{c.code}": (p.code, c.title)
        for fw in corpus.frameworks.values()
        for p in fw.model.pillars
        for c in p.capabilities
    }
    rows = []
    for domain in spec.domains:
        base = [fact.slug, spec.title, spec.version, spec.status.value, domain.code or domain.id]
        for statement in domain.statements:
            rows += _rows([*base, "", "", ""], statement.mpf, lookup, statement.code or statement.id)
        for capability in domain.capabilities:
            head = [*base, capability.id, capability.code or capability.id, capability.title]
            rows += _rows(head, capability.mpf or [""], lookup, "")
            for statement in capability.statements:
                rows += _rows(head, statement.mpf, lookup, statement.code or statement.id)
    return rows


def _rows(
    head: list[str], refs: list[str], lookup: dict[str, tuple[str, str]], statement: str
) -> list[list[str]]:
    """One CSV row per framework reference."""
    rows = []
    for ref in refs:
        edition, _, code = ref.partition(":")
        pillar, title = lookup.get(ref, ("", ""))
        rows.append([*head, edition, code, pillar, title, statement])
    return rows
