"""Credential Engine CTDL and CTDL-ASN (JSON-LD) in `api/v1/ctdl/`.

- `frameworks/<framework-id>.json`: the framework as a `ceasn:CompetencyFramework`, its pillars
  and capabilities as `ceasn:Competency` items (`hasChild` / `isChildOf`, all `isPartOf` it).
- `frameworks/credentials/<slug>.json`: each specification's own capability tree (domains,
  capabilities, statements) as a framework of its own. A capability or statement mapped to the
  MPF carries `ceasn:majorAlignment` to those framework competencies: an area-specific capability
  overlaps a generic MPF capability substantially but is not the same statement, so
  `exactAlignment` ("the two are identical") would overclaim.
- `credentials/<slug>.json`: the specification as a `ceterms:LearningProgram`. The Centre awards
  nothing to individuals, so a credential subtype (`ceterms:Certificate`...) would misdescribe
  it; a learning programme is "a structured set of learning opportunities" that approved
  providers deliver, which is what a specification sets out. It `teaches` its capabilities.

Each document is a Registry-style graph: `@context`, `@id` and `@graph`, the top resource first.
CTIDs are `ce-` + a UUID version 5 of the site URL and stable ids, so every build gives the same
ones. A resource's `@id` is its document's URL with the CTID as fragment, so it resolves.

The Registry's minimum data, and what is sent for it:
- CompetencyFramework: `ceterms:ctid`, `ceasn:name`, `ceasn:description`, `ceasn:inLanguage`,
  `ceasn:publisherName` (no Registry organisation exists to name as `ceasn:publisher`).
- Competency: `ceterms:ctid`, `ceasn:competencyText`, `ceasn:isPartOf`, and either
  `ceasn:isTopChildOf` or `ceasn:isChildOf`.
- LearningProgram: `ceterms:ctid`, `ceterms:name`, `ceterms:description`,
  `ceterms:subjectWebpage`, `ceterms:inLanguage`, `ceterms:lifeCycleStatusType`. `ceterms:ownedBy`
  and `ceterms:offeredBy` need Registry organisations, which credgen does not publish.
"""

from __future__ import annotations

from typing import Any

from credgen.context import BuildContext
from credgen.exports.api import to_json
from credgen.exports.gather import CredentialFacts, illustrative_note, stable_uuid
from credgen.load.documents import Corpus
from credgen.models.credential import Capability, Domain, Statement, Status
from credgen.models.framework import Framework

CTDL_CONTEXT = "https://credreg.net/ctdl/schema/context/json"
CTDLASN_CONTEXT = "https://credreg.net/ctdlasn/schema/context/json"
LANGUAGE = "en-GB"

PUBLICATION = {
    Status.PROPOSED: "Draft",
    Status.IN_DEVELOPMENT: "Draft",
    Status.CANDIDATE: "Draft",
    Status.ENDORSED: "Published",
    Status.SUPERSEDED: "Deprecated",
    Status.WITHDRAWN: "Deprecated",
}
"""ASN publication status of a specification's framework, by lifecycle status."""

LIFE_CYCLE = {
    Status.PROPOSED: "lifeCycle:Developing",
    Status.IN_DEVELOPMENT: "lifeCycle:Developing",
    Status.CANDIDATE: "lifeCycle:Developing",
    Status.ENDORSED: "lifeCycle:Active",
    Status.SUPERSEDED: "lifeCycle:Ceased",
    Status.WITHDRAWN: "lifeCycle:Ceased",
}
"""CTDL life cycle status of a learning programme, by lifecycle status."""


def ctdl_files(corpus: Corpus, facts: list[CredentialFacts], ctx: BuildContext) -> dict[str, str]:
    """Every CTDL document, by path relative to the site root."""
    files = {}
    for framework_id, document in sorted(corpus.frameworks.items()):
        files[f"api/v1/ctdl/frameworks/{framework_id}.json"] = to_json(framework_graph(document.model, ctx))
    for fact in facts:
        files[f"api/v1/ctdl/frameworks/credentials/{fact.slug}.json"] = to_json(capability_graph(fact, ctx))
        files[f"api/v1/ctdl/credentials/{fact.slug}.json"] = to_json(learning_program(fact, ctx))
    return files


def ctid(ctx: BuildContext, *parts: str) -> str:
    """A deterministic CTID: `ce-` and a name-based UUID."""
    return "ce-" + stable_uuid(ctx, "ctdl", *parts)


def text(value: str) -> dict[str, str]:
    """A CTDL language map."""
    return {LANGUAGE: " ".join(value.split())}


class _Graph:
    """One CTDL-ASN framework graph being built: the framework node, then its competencies."""

    def __init__(self, ctx: BuildContext, path: str, key: str) -> None:
        self.ctx, self.url = ctx, ctx.url(path)
        self.ctid = ctid(ctx, key)
        self.id = self.node_id(self.ctid)
        self.framework: dict[str, Any] = {"@id": self.id, "@type": "ceasn:CompetencyFramework",
                                          "ceterms:ctid": self.ctid}  # fmt: skip
        self.competencies: list[dict[str, Any]] = []

    def node_id(self, identifier: str) -> str:
        """The `@id` of a resource in this document."""
        return f"{self.url}#{identifier}"

    def add(self, parent: dict[str, Any] | None, key: tuple[str, ...], **fields: Any) -> dict[str, Any]:
        """Add a competency under `parent` (None: a top child of the framework)."""
        identifier = ctid(self.ctx, *key)
        node = {"@id": self.node_id(identifier), "@type": "ceasn:Competency", "ceterms:ctid": identifier,
                "ceasn:isPartOf": self.id, "ceasn:inLanguage": LANGUAGE, **fields}  # fmt: skip
        holder = parent or self.framework
        holder.setdefault("ceasn:hasTopChild" if parent is None else "ceasn:hasChild", []).append(node["@id"])
        node["ceasn:isTopChildOf" if parent is None else "ceasn:isChildOf"] = holder["@id"]
        self.competencies.append(node)
        return node

    def document(self, context: str) -> dict[str, Any]:
        """The finished JSON-LD document."""
        return {"@context": context, "@id": self.url, "@graph": [self.framework, *self.competencies]}


def framework_graph(framework: Framework, ctx: BuildContext) -> dict[str, Any]:
    """The CTDL-ASN framework of a capability framework such as the MPF."""
    graph = _Graph(ctx, f"api/v1/ctdl/frameworks/{framework.id}.json", framework.id)
    graph.framework |= {
        "ceasn:name": text(framework.title),
        "ceasn:description": text(framework.notice),
        "ceasn:inLanguage": [LANGUAGE],
        "ceasn:publisherName": text(framework.publisher),
        "ceasn:publicationStatusType": "asnPublicationStatus:Published",
        **({"ceasn:source": [str(framework.url)]} if framework.url else {}),
    }
    for pillar in framework.pillars:
        top = graph.add(None, (framework.id, "pillar", pillar.code), **{
            "ceasn:competencyLabel": text(pillar.title), "ceasn:competencyText": text(pillar.title),
            "ceasn:codedNotation": pillar.code, "ceasn:competencyCategory": text("Pillar")})  # fmt: skip
        for capability in pillar.capabilities:
            graph.add(top, (framework.id, capability.code), **{
                "ceasn:competencyLabel": text(capability.title),
                "ceasn:competencyText": text(capability.statement),
                "ceasn:codedNotation": capability.code})  # fmt: skip
    return graph.document(CTDLASN_CONTEXT)


def framework_competency_id(ctx: BuildContext, ref: str) -> str:
    """The `@id` of a framework competency from a reference such as `mpf-2017:1.6`."""
    framework_id, _, code = ref.partition(":")
    return f"{ctx.url(f'api/v1/ctdl/frameworks/{framework_id}.json')}#{ctid(ctx, framework_id, code)}"


def capability_graph(fact: CredentialFacts, ctx: BuildContext) -> dict[str, Any]:
    """A specification's area-specific capabilities as a CTDL-ASN framework."""
    spec = fact.spec
    graph = _Graph(ctx, f"api/v1/ctdl/frameworks/credentials/{fact.slug}.json", f"credential:{fact.slug}")
    description = spec.summary + (f" {illustrative_note(ctx)}" if spec.illustrative else "")
    graph.framework |= {
        "ceasn:name": text(f"{spec.title}: area-specific capabilities"),
        "ceasn:description": text(description),
        "ceasn:inLanguage": [LANGUAGE],
        "ceasn:publisherName": text(", ".join(author.name for author in spec.authors)),
        "ceasn:publicationStatusType": f"asnPublicationStatus:{PUBLICATION[spec.status]}",
        "ceasn:license": f"https://spdx.org/licenses/{spec.licence}.html",
        "ceasn:source": [ctx.url(f"credentials/{fact.slug}/")],
        "ceasn:dateCreated": fact.created.isoformat(),
    }
    for domain in spec.domains:
        _add_domain(graph, fact.slug, domain)
    return graph.document(CTDLASN_CONTEXT)


def _add_domain(graph: _Graph, slug: str, domain: Domain) -> None:
    """A domain as a top competency, its capabilities and statements below it."""
    top = graph.add(None, (slug, "domain", domain.id), **{
        "ceasn:competencyLabel": text(domain.title),
        "ceasn:competencyText": text(domain.description or domain.title),
        "ceasn:codedNotation": domain.code or domain.id,
        "ceasn:competencyCategory": text("Domain")})  # fmt: skip
    for statement in domain.statements:
        graph.add(top, (slug, "statement", statement.id), **_statement_fields(graph.ctx, statement))
    for capability in domain.capabilities:
        _add_capability(graph, slug, top, capability)


def _add_capability(graph: _Graph, slug: str, parent: dict[str, Any], capability: Capability) -> None:
    """A capability, aligned to the framework capabilities it maps to, and its statements."""
    statement = capability.title + (f". {capability.description}" if capability.description else "")
    node = graph.add(parent, (slug, "capability", capability.id), **{
        "ceasn:competencyLabel": text(capability.title), "ceasn:competencyText": text(statement),
        "ceasn:codedNotation": capability.code or capability.id,
        "ceasn:competencyCategory": text("Capability")})  # fmt: skip
    if capability.mpf:
        node["ceasn:majorAlignment"] = [framework_competency_id(graph.ctx, ref) for ref in capability.mpf]
    for item in capability.statements:
        graph.add(node, (slug, "statement", item.id), **_statement_fields(graph.ctx, item))


def _statement_fields(ctx: BuildContext, statement: Statement) -> dict[str, Any]:
    """The CTDL fields of a capability statement, with its own framework alignment if any."""
    fields: dict[str, Any] = {
        "ceasn:competencyText": text(statement.text),
        "ceasn:codedNotation": statement.code or statement.id,
        "ceasn:competencyCategory": text("Statement"),
    }
    if statement.mpf:
        fields["ceasn:majorAlignment"] = [framework_competency_id(ctx, ref) for ref in statement.mpf]
    return fields


def learning_program(fact: CredentialFacts, ctx: BuildContext) -> dict[str, Any]:
    """The specification as a `ceterms:LearningProgram` teaching its capabilities."""
    spec = fact.spec
    url = ctx.url(f"api/v1/ctdl/credentials/{fact.slug}.json")
    identifier = ctid(ctx, "program", fact.slug)
    frameworks = ctx.url(f"api/v1/ctdl/frameworks/credentials/{fact.slug}.json")
    description = spec.summary + (f" {illustrative_note(ctx)}" if spec.illustrative else "")
    program: dict[str, Any] = {
        "@id": f"{url}#{identifier}",
        "@type": "ceterms:LearningProgram",
        "ceterms:ctid": identifier,
        "ceterms:name": text(spec.title),
        "ceterms:description": text(description),
        "ceterms:subjectWebpage": ctx.url(f"credentials/{fact.slug}/"),
        "ceterms:inLanguage": [LANGUAGE],
        "ceterms:lifeCycleStatusType": LIFE_CYCLE[spec.status],
        "ceterms:dateEffective": fact.created.isoformat(),
        "ceterms:keyword": {LANGUAGE: list(spec.keywords)} if spec.keywords else None,
        "ceterms:teaches": [
            _alignment(ctx, fact.slug, frameworks, spec.title, capability)
            for domain in spec.domains
            for capability in domain.capabilities
        ],
    }
    if spec.learning_experience:
        program["ceterms:learningMethodDescription"] = text(spec.learning_experience)
    program |= _succession(ctx, fact)
    return {"@context": CTDL_CONTEXT, "@id": url, "@graph": [{k: v for k, v in program.items() if v}]}


def _alignment(
    ctx: BuildContext, slug: str, framework: str, title: str, capability: Capability
) -> dict[str, Any]:
    """A `ceterms:CredentialAlignmentObject` pointing at one capability competency."""
    return {
        "@type": "ceterms:CredentialAlignmentObject",
        "ceterms:targetNode": f"{framework}#{ctid(ctx, slug, 'capability', capability.id)}",
        "ceterms:targetNodeName": text(capability.title),
        "ceterms:codedNotation": capability.code or capability.id,
        "ceterms:framework": f"{framework}#{ctid(ctx, f'credential:{slug}')}",
        "ceterms:frameworkName": text(f"{title}: area-specific capabilities"),
    }


def _succession(ctx: BuildContext, fact: CredentialFacts) -> dict[str, str]:
    """`ceterms:supersedes` / `supersededBy` links to the other programme's resource."""
    links = {"ceterms:supersedes": fact.spec.supersedes, "ceterms:supersededBy": fact.spec.superseded_by}
    return {
        key: f"{ctx.url(f'api/v1/ctdl/credentials/{slug}.json')}#{ctid(ctx, 'program', slug)}"
        for key, slug in links.items()
        if slug
    }
