"""The Open Badges 3.0 `EndorsementCredential` describing a specification's ledger entry.

The endorsement record is the ledger entry (`specs/endorsements/<slug>.yaml`): the approvals of
the panel on the exact reviewed commit. The credential restates it for badge consumers: its
subject is the specification's Achievement, its comment names the pull request, the reviewers
and the commit, and it is valid from the merge. The issuer is the publishing site, which runs
the panel. With a signing key configured it carries an `eddsa-rdfc-2022` proof; without one it
is a plain (unsigned) description, which Open Badges consumers may still display.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from credgen.context import BuildContext
from credgen.endorse.ledger import LedgerEntry
from credgen.exports.gather import CredentialFacts
from credgen.exports.integrity import Signer

CONTEXT = (
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
)


def achievement_id(ctx: BuildContext, slug: str) -> str:
    """The `id` of a credential's Open Badges Achievement."""
    return ctx.url(f"api/v1/openbadges/{slug}.json")


def endorsement_credential(
    fact: CredentialFacts, entry: LedgerEntry, ctx: BuildContext, signer: Signer | None
) -> dict[str, Any]:
    """The EndorsementCredential for ledger `entry`, signed when `signer` is given."""
    credential = {
        "@context": list(CONTEXT),
        "id": ctx.url(f"api/v1/openbadges/{fact.slug}/endorsements/{entry.version}.json"),
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": f"Endorsement of {fact.spec.title}, version {entry.version}",
        "issuer": {"id": ctx.site_url, "type": ["Profile"], "name": "Endorsement panel", "url": ctx.site_url},
        "validFrom": _timestamp(entry),
        "credentialSubject": {
            "id": achievement_id(ctx, fact.slug),
            "type": ["EndorsementSubject"],
            "endorsementComment": endorsement_comment(fact, entry, ctx),
        },
    }
    return signer.sign(credential, entry.merged_at) if signer else credential


def endorsement_comment(fact: CredentialFacts, entry: LedgerEntry, ctx: BuildContext) -> str:
    """Who endorsed which text, and how: one paragraph in plain words."""
    reviewers = ", ".join(f"{a.name} ({a.role})" for a in entry.approvals)
    comment = (
        f"Version {entry.version} was endorsed through pull request #{entry.pr_number} ({entry.pr_url}), "
        f"merged on {entry.merged_at.date().isoformat()}. Approved on commit {entry.head_commit} by: "
        f"{reviewers}. SHA-256 of the endorsed specification: {entry.spec_sha256}."
    )
    note = (
        f"The specification and its panel are illustrative; this is not a {ctx.org.short_name} endorsement."
    )
    return f"{comment} {note}" if fact.spec.illustrative else comment


def _timestamp(entry: LedgerEntry) -> str:
    """The merge time, `2024-09-01T12:00:00Z`."""
    return entry.merged_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
