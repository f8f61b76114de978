"""1EdTech Open Badges 3.0 `Achievement` per credential (JSON-LD), `api/v1/openbadges/<slug>.json`.

An Achievement describes what a learner can be recognised for; an approved education provider
can reference it from the OpenBadgeCredentials it issues. Field names follow the Open Badges
3.0 data model: `id`, `type`, `name`, `description`, `criteria`, `alignment[]` (`targetName`,
`targetUrl`, `targetCode`, `targetDescription`, `targetFramework`, `targetType`),
`achievementType`, `endorsement`, `fieldOfStudy`, `humanCode`, `inLanguage`, `related`,
`tag` and `version`.

`creditsAvailable` is left out on purpose: Open Badges counts US credit hours, and a UK credit
(ten notional hours) does not convert; the description states the UK credit value instead.
`related` lists the other versions and, for supersession, the Achievement of the specification
replaced or replacing this one. An endorsed specification carries an `endorsement`: the
EndorsementCredential of its ledger entry (see `credgen.exports.endorsement`).

Alignments point at the framework capabilities the credential maps to and at the credential's
own area-specific capabilities, each as a `CFItem` of the CASE packages published beside it.
"""

from __future__ import annotations

from typing import Any

from credgen.context import BuildContext
from credgen.exports.case import credential_item_uri, framework_item_uri
from credgen.exports.endorsement import achievement_id, endorsement_credential
from credgen.exports.gather import CredentialFacts, illustrative_note
from credgen.exports.integrity import Signer
from credgen.models.credential import Credential
from credgen.models.framework import Framework

#: JSON-LD contexts of a W3C Verifiable Credentials 2.0 / Open Badges 3.0 document.
CONTEXT = (
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
)

#: The specification describes a structured unit of learning and assessment that approved
#: providers deliver; completing it is a learning programme, not a degree or a licence.
ACHIEVEMENT_TYPE = "LearningProgram"


def achievement(fact: CredentialFacts, ctx: BuildContext, signer: Signer | None = None) -> dict[str, Any]:
    """The Open Badges 3.0 Achievement of one credential."""
    spec = fact.spec
    data: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": achievement_id(ctx, fact.slug),
        "type": ["Achievement"],
        "name": spec.title,
        "description": description(spec, ctx),
        "achievementType": ACHIEVEMENT_TYPE,
        "criteria": {"id": ctx.url(f"credentials/{fact.slug}/#outcomes"), "narrative": criteria(spec)},
        "alignment": framework_alignments(spec, fact.framework, ctx) + own_alignments(fact.slug, spec, ctx),
        "fieldOfStudy": spec.area,
        "humanCode": fact.slug,
        "inLanguage": "en-GB",
        "version": spec.version,
        "tag": list(spec.keywords),
    }
    related = related_versions(fact, ctx) + successions(fact, ctx)
    if related:
        data["related"] = related
    if fact.endorsement is not None:
        data["endorsement"] = [endorsement_credential(fact, fact.endorsement, ctx, signer)]
    return data


def description(spec: Credential, ctx: BuildContext) -> str:
    """The summary, the credit value in UK terms, and the illustrative notice.

    Open Badges' `creditsAvailable` counts credit hours (a US unit of weekly contact over a
    term); a UK credit is ten notional hours of learning, so the numbers do not convert. The
    Achievement leaves `creditsAvailable` out and states the UK value in words instead.
    """
    parts = [spec.summary]
    if spec.credits is not None:
        level = f" at FHEQ level {spec.academic_level}" if spec.academic_level else ""
        parts.append(
            f"Credit value: {spec.credits} UK credits{level} (one UK credit is ten notional "
            "hours of learning; these are not the US credit hours of Open Badges' creditsAvailable)."
        )
    if spec.illustrative:
        parts.append(illustrative_note(ctx))
    return "\n\n".join(parts)


def related_versions(fact: CredentialFacts, ctx: BuildContext) -> list[dict[str, Any]]:
    """The other published versions of this specification."""
    return [
        {
            "id": ctx.url(f"api/v1/credentials/{fact.slug}/v/{record.version}.json"),
            "type": ["Related"],
            "version": record.version,
        }
        for record in fact.versions
        if record.version != fact.spec.version
    ]


def successions(fact: CredentialFacts, ctx: BuildContext) -> list[dict[str, Any]]:
    """The specifications this one replaces or is replaced by (their Achievements)."""
    slugs = [fact.spec.supersedes, fact.spec.superseded_by]
    return [{"id": achievement_id(ctx, slug), "type": ["Related"]} for slug in slugs if slug]


def criteria(spec: Credential) -> str:
    """What a learner must show (Markdown): the learning outcomes, and how they are assessed."""
    lines = ["Learners meet every intended learning outcome:", ""]
    lines += [
        f"- {outcome.code or outcome.id}: {' '.join(outcome.text.split())}" for outcome in spec.outcomes
    ]
    if spec.assessment:
        lines += ["", "Assessed by:", ""]
        lines += [f"- {method.title}" for method in spec.assessment]
    return "\n".join(lines)


def framework_alignments(
    spec: Credential, framework: Framework | None, ctx: BuildContext
) -> list[dict[str, Any]]:
    """One alignment per framework capability mapped, in framework order."""
    if framework is None:
        return []
    mapped = spec.mapped_refs()
    return [
        _alignment(
            name=f"{framework.short_title} {capability.code}: {capability.title}",
            url=framework_item_uri(ctx, framework.id, capability.code),
            code=capability.code,
            description=capability.statement,
            framework=framework.title,
        )
        for pillar in framework.pillars
        for capability in pillar.capabilities
        if f"{framework.id}:{capability.code}" in mapped
    ]


def own_alignments(slug: str, spec: Credential, ctx: BuildContext) -> list[dict[str, Any]]:
    """One alignment per area-specific capability of the credential."""
    return [
        _alignment(
            name=capability.title,
            url=credential_item_uri(ctx, slug, capability.id),
            code=capability.code or capability.id,
            description=capability.description,
            framework=f"{spec.title}: area-specific capabilities",
        )
        for domain in spec.domains
        for capability in domain.capabilities
    ]


def _alignment(*, name: str, url: str, code: str, description: str | None, framework: str) -> dict[str, Any]:
    """One Open Badges `Alignment` object."""
    alignment = {
        "type": ["Alignment"],
        "targetName": name,
        "targetUrl": url,
        "targetCode": code,
        "targetFramework": framework,
        "targetType": "CFItem",
    }
    if description:
        alignment["targetDescription"] = " ".join(description.split())
    return alignment
