"""1EdTech Open Badges 3.0 `Achievement` per credential (JSON-LD), `api/v1/openbadges/<slug>.json`.

An Achievement describes what a learner can be recognised for; an approved education provider
can reference it from the OpenBadgeCredentials it issues. Field names follow the Open Badges
3.0 data model: `id`, `type`, `name`, `description`, `criteria`, `alignment[]` (`targetName`,
`targetUrl`, `targetCode`, `targetDescription`, `targetFramework`, `targetType`),
`achievementType`, `creditsAvailable`, `fieldOfStudy`, `humanCode`, `inLanguage`, `related`,
`tag` and `version`.

Alignments point at the framework capabilities the credential maps to and at the credential's
own area-specific capabilities, each as a `CFItem` of the CASE packages published beside it.
"""

from __future__ import annotations

from typing import Any

from credgen.context import BuildContext
from credgen.exports.case import credential_item_uri, framework_item_uri
from credgen.exports.gather import CredentialFacts
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


def illustrative_note(ctx: BuildContext) -> str:
    """The sentence that marks an illustrative example in the open data and the feed."""
    return f"This is an illustrative example, not a {ctx.org.short_name}-endorsed specification."


def achievement(fact: CredentialFacts, ctx: BuildContext) -> dict[str, Any]:
    """The Open Badges 3.0 Achievement of one credential."""
    spec = fact.spec
    note = illustrative_note(ctx)
    description = spec.summary if not spec.illustrative else f"{spec.summary}\n\n{note}"
    data: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": ctx.url(f"api/v1/openbadges/{fact.slug}.json"),
        "type": ["Achievement"],
        "name": spec.title,
        "description": description,
        "achievementType": ACHIEVEMENT_TYPE,
        "criteria": {"id": ctx.url(f"credentials/{fact.slug}/#outcomes"), "narrative": criteria(spec)},
        "alignment": framework_alignments(spec, fact.framework, ctx) + own_alignments(fact.slug, spec, ctx),
        "fieldOfStudy": spec.area,
        "humanCode": fact.slug,
        "inLanguage": "en-GB",
        "version": spec.version,
        "tag": list(spec.keywords),
    }
    if spec.credits is not None:
        data["creditsAvailable"] = spec.credits
    related = [r for r in fact.versions if r.version != spec.version]
    if related:
        data["related"] = [
            {
                "id": ctx.url(f"api/v1/credentials/{fact.slug}/v/{r.version}.json"),
                "type": ["Related"],
                "version": r.version,
            }
            for r in related
        ]
    return data


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
    mapped = {ref for d in spec.domains for c in d.capabilities for ref in c.mpf}
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
