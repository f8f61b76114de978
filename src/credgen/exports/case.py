"""1EdTech CASE packages (`CFPackage` JSON): frameworks, and each credential's capabilities.

- `api/v1/case/<framework-id>.json`: the framework as a `CFDocument` with pillars and
  capabilities as `CFItems`, joined by `isChildOf` associations.
- `api/v1/case/credentials/<slug>.json`: a credential's domains, capabilities and statements,
  joined by `isChildOf`, and each capability `isRelatedTo` the framework capabilities it maps to
  (a mapping, not an equivalence, so not `exactMatchOf`).

CASE identifiers are UUIDs: they are derived from the site URL and stable ids (UUID version 5),
so every build gives the same identifiers and both packages name a framework item alike. An
item's `uri` is its anchor on the website, which is what a person following it wants.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from credgen.context import BuildContext
from credgen.exports.gather import CredentialFacts, stable_uuid
from credgen.models.credential import Capability, Domain, Statement, Status
from credgen.models.framework import Framework

#: CASE 1.0 adoption status for each lifecycle status.
ADOPTION = {
    Status.PROPOSED: "Private Draft",
    Status.IN_DEVELOPMENT: "Private Draft",
    Status.CANDIDATE: "Draft",
    Status.ENDORSED: "Adopted",
    Status.SUPERSEDED: "Deprecated",
    Status.WITHDRAWN: "Deprecated",
}

#: Item types used, with their place in the hierarchy.
ITEM_TYPES = {
    "Pillar": ("1", "A top-level grouping of framework capabilities."),
    "Framework capability": ("2", "A capability of a national framework."),
    "Domain": ("1", "A group of area-specific capabilities."),
    "Capability": ("2", "An area-specific capability of a credential specification."),
    "Statement": ("3", "One element of what a capability means in practice."),
}


def timestamp(moment: dt.datetime) -> str:
    """`2024-03-01T10:00:00Z`."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def framework_item_uri(ctx: BuildContext, framework_id: str, code: str) -> str:
    """Web address of a framework capability (its anchor on the framework page)."""
    return ctx.url(f"frameworks/{framework_id}/#fw-{code}")


def credential_item_uri(ctx: BuildContext, slug: str, capability_id: str) -> str:
    """Web address of an area-specific capability (its anchor on the credential page)."""
    return ctx.url(f"credentials/{slug}/#cap-{capability_id}")


class _Package:
    """Collects the parts of one CFPackage; `link()` gives CASE `LinkURI` objects."""

    def __init__(self, ctx: BuildContext, path: str, key: str, changed: dt.datetime) -> None:
        self.ctx, self.path, self.key, self.changed = ctx, path, key, timestamp(changed)
        self.items: list[dict[str, Any]] = []
        self.associations: list[dict[str, Any]] = []
        self.types: dict[str, dict[str, Any]] = {}
        self.document: dict[str, Any] = {}

    def file_uri(self, identifier: str) -> str:
        """A URI inside this package's file, for parts with no page of their own."""
        return self.ctx.url(self.path) + "#" + identifier

    def document_link(self) -> dict[str, str]:
        """The LinkURI of the package's CFDocument."""
        return link(self.document["title"], self.document["identifier"], self.document["uri"])

    def item(
        self, *parts: str, uri: str, statement: str, code: str, kind: str, **extra: Any
    ) -> dict[str, str]:
        """Add a CFItem; returns its LinkURI."""
        identifier = stable_uuid(self.ctx, *parts)
        item = {
            "identifier": identifier,
            "uri": uri,
            "fullStatement": " ".join(statement.split()),
            "humanCodingScheme": code,
            "CFItemType": kind,
            "CFItemTypeURI": self.item_type(kind),
            "language": "en",
            "lastChangeDateTime": self.changed,
            **extra,
        }
        self.items.append(item)
        return link(f"{code} {extra.get('abbreviatedStatement', item['fullStatement'])}", identifier, uri)

    def item_type(self, kind: str) -> dict[str, str]:
        """The LinkURI of item type `kind`, defined once per package."""
        if kind not in self.types:
            identifier = stable_uuid(self.ctx, "item-type", kind)
            hierarchy, description = ITEM_TYPES[kind]
            self.types[kind] = {
                "identifier": identifier,
                "uri": self.file_uri(identifier),
                "title": kind,
                "description": description,
                "hierarchyCode": hierarchy,
                "lastChangeDateTime": self.changed,
            }
        found = self.types[kind]
        return link(found["title"], found["identifier"], found["uri"])

    def associate(self, kind: str, origin: dict[str, str], destination: dict[str, str], number: int) -> None:
        """Add a CFAssociation from `origin` to `destination`."""
        identifier = stable_uuid(self.ctx, self.key, kind, origin["identifier"], destination["identifier"])
        self.associations.append(
            {
                "identifier": identifier,
                "uri": self.file_uri(identifier),
                "associationType": kind,
                "sequenceNumber": number,
                "originNodeURI": origin,
                "destinationNodeURI": destination,
                "lastChangeDateTime": self.changed,
            }
        )

    def package(self, **definitions: list[dict[str, Any]]) -> dict[str, Any]:
        """The finished CFPackage."""
        return {
            "CFDocument": self.document,
            "CFItems": self.items,
            "CFAssociations": self.associations,
            "CFDefinitions": {"CFItemTypes": list(self.types.values()), **definitions},
        }


def link(title: str, identifier: str, uri: str) -> dict[str, str]:
    """A CASE `LinkURI`."""
    return {"title": title, "identifier": identifier, "uri": uri}


def framework_package(framework: Framework, ctx: BuildContext, changed: dt.datetime) -> dict[str, Any]:
    """The CFPackage of a framework."""
    path = f"api/v1/case/{framework.id}.json"
    pack = _Package(ctx, path, framework.id, changed)
    identifier = stable_uuid(ctx, "framework", framework.id)
    pack.document = {
        "identifier": identifier,
        "uri": ctx.url(f"frameworks/{framework.id}/"),
        "creator": framework.publisher,
        "publisher": framework.publisher,
        "title": framework.title,
        "description": " ".join(framework.notice.split()),
        "version": framework.edition,
        "adoptionStatus": "Adopted",
        "language": "en",
        "lastChangeDateTime": pack.changed,
        **({"officialSourceURL": str(framework.url)} if framework.url else {}),
    }
    root = pack.document_link()
    for n, pillar in enumerate(framework.pillars, 1):
        uri = ctx.url(f"frameworks/{framework.id}/#pillar-{pillar.code}")
        pillar_link = pack.item(framework.id, "pillar", pillar.code, uri=uri, statement=pillar.title,
                                code=pillar.code, kind="Pillar")  # fmt: skip
        pack.associate("isChildOf", pillar_link, root, n)
        for m, capability in enumerate(pillar.capabilities, 1):
            item = pack.item(
                framework.id, capability.code,
                uri=framework_item_uri(ctx, framework.id, capability.code),
                statement=capability.statement, code=capability.code, kind="Framework capability",
                abbreviatedStatement=capability.title,
            )  # fmt: skip
            pack.associate("isChildOf", item, pillar_link, m)
    return pack.package()


def credential_package(fact: CredentialFacts, ctx: BuildContext, changed: dt.datetime) -> dict[str, Any]:
    """The CFPackage of a credential's capabilities, related to its framework's capabilities."""
    spec = fact.spec
    path = f"api/v1/case/credentials/{fact.slug}.json"
    pack = _Package(ctx, path, fact.slug, changed)
    identifier = stable_uuid(ctx, "credential", fact.slug)
    title = f"{spec.title}: area-specific capabilities"
    licence = stable_uuid(ctx, "licence", spec.licence)
    pack.document = {
        "identifier": identifier,
        "uri": ctx.url(f"credentials/{fact.slug}/#capabilities"),
        "creator": ", ".join(author.name for author in spec.authors),
        "title": title,
        "description": " ".join(spec.summary.split()),
        "version": spec.version,
        "adoptionStatus": ADOPTION[spec.status],
        "language": "en",
        "lastChangeDateTime": pack.changed,
        "officialSourceURL": ctx.url(f"credentials/{fact.slug}/"),
        "licenseURI": link(spec.licence, licence, spdx_url(spec.licence)),
        **(
            {"notes": f"An illustrative example, not a {ctx.org.short_name}-endorsed specification."}
            if spec.illustrative
            else {}
        ),
    }
    for n, domain in enumerate(spec.domains, 1):
        _add_domain(pack, fact, domain, n)
    licences = [{"identifier": licence, "uri": spdx_url(spec.licence), "title": spec.licence,
                 "licenseText": spdx_url(spec.licence), "lastChangeDateTime": pack.changed}]  # fmt: skip
    return pack.package(CFLicenses=licences)


def _add_domain(pack: _Package, fact: CredentialFacts, domain: Domain, number: int) -> None:
    """Add a domain as a child of the document, then its capabilities."""
    ctx, slug = pack.ctx, fact.slug
    uri = ctx.url(f"credentials/{slug}/#dom-{domain.id}")
    domain_link = pack.item(slug, "domain", domain.id, uri=uri, statement=domain.title,
                            code=domain.code or domain.id, kind="Domain")  # fmt: skip
    pack.associate("isChildOf", domain_link, pack.document_link(), number)
    for n, statement in enumerate(domain.statements, 1):
        _add_statement(pack, fact, statement, domain_link, n)
    for n, capability in enumerate(domain.capabilities, len(domain.statements) + 1):
        _add_capability(pack, fact, capability, domain_link, n)


def _add_capability(
    pack: _Package, fact: CredentialFacts, capability: Capability, parent: dict[str, str], number: int
) -> None:
    """Add a capability under its domain, its statements under it, and its framework relations."""
    ctx, slug = pack.ctx, fact.slug
    statement = capability.title + (f". {capability.description}" if capability.description else "")
    capability_link = pack.item(
        slug, "capability", capability.id, uri=credential_item_uri(ctx, slug, capability.id),
        statement=statement, code=capability.code or capability.id, kind="Capability",
        abbreviatedStatement=capability.title,
    )  # fmt: skip
    pack.associate("isChildOf", capability_link, parent, number)
    for n, item in enumerate(capability.statements, 1):
        _add_statement(pack, fact, item, capability_link, n)
    _relate(pack, fact, capability_link, capability.mpf)


def _add_statement(
    pack: _Package, fact: CredentialFacts, statement: Statement, parent: dict[str, str], number: int
) -> None:
    """Add a statement under its capability or domain, related to the framework items it maps to."""
    uri = pack.ctx.url(f"credentials/{fact.slug}/#st-{statement.id}")
    statement_link = pack.item(fact.slug, "statement", statement.id, uri=uri, statement=statement.text,
                               code=statement.code or statement.id, kind="Statement")  # fmt: skip
    pack.associate("isChildOf", statement_link, parent, number)
    _relate(pack, fact, statement_link, statement.mpf)


def _relate(pack: _Package, fact: CredentialFacts, origin: dict[str, str], refs: list[str]) -> None:
    """`isRelatedTo` associations from `origin` to the framework capabilities it maps to."""
    for n, ref in enumerate(refs, 1):
        framework_id, _, code = ref.partition(":")
        title = _framework_title(fact, framework_id, code)
        uri = framework_item_uri(pack.ctx, framework_id, code)
        pack.associate("isRelatedTo", origin, link(title, stable_uuid(pack.ctx, framework_id, code), uri), n)


def _framework_title(fact: CredentialFacts, framework_id: str, code: str) -> str:
    """`1.6 Clinical reasoning`: a title for a framework item this package only points at."""
    framework = fact.framework
    if framework is not None and framework.id == framework_id:
        for pillar in framework.pillars:
            for capability in pillar.capabilities:
                if capability.code == code:
                    return f"{code} {capability.title}"
    return f"{framework_id}:{code}"


def spdx_url(licence: str) -> str:
    """The SPDX page of a licence id."""
    return f"https://spdx.org/licenses/{licence}.html"
