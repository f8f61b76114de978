"""Where each delivery plan stands: approved or not, its last quality review, what is due.

Everything the website, the open data and `credgen review-due` say about a plan comes from
`plan_statuses`, so that they always agree. A plan is *approved* when its approval ledger has
an entry for the plan's exact text (the SHA-256 of its canonical form, as for endorsements).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from credgen.delivery.load import Delivery, PlanKey, delivery_of
from credgen.delivery.pinned import Remap, remap_needed
from credgen.endorse.canonical import spec_sha256
from credgen.endorse.ledger import Ledger, LedgerEntry
from credgen.load.documents import Corpus, Document
from credgen.models.delivery import Condition, DeliveryPlan, QualityReview
from credgen.models.provider import Provider

#: The first annual quality review falls due this long after approval.
FIRST_REVIEW = dt.timedelta(days=365)


@dataclasses.dataclass(frozen=True, slots=True)
class PlanStatus:
    """One plan with its provider, approval, reviews and re-mapping state."""

    key: PlanKey
    """(provider id, credential slug)."""

    plan: Document[DeliveryPlan]
    """The plan file."""

    provider: Provider | None
    """The provider, when its file loaded."""

    approval: LedgerEntry | None
    """The ledger entry approving this exact text; None while awaiting approval."""

    reviews: tuple[QualityReview, ...]
    """Annual quality reviews, oldest first."""

    remap: Remap | None
    """Why and by when the plan must be re-mapped to a newer version, if it must."""

    @property
    def provider_id(self) -> str:
        """The provider's id (its file name)."""
        return self.key[0]

    @property
    def provider_name(self) -> str:
        """The provider's name, or its id when the file did not load."""
        return self.provider.name if self.provider else self.key[0]

    @property
    def approved_on(self) -> dt.date | None:
        """The day the approving pull request was merged."""
        return self.approval.merged_at.date() if self.approval else None

    @property
    def last_review(self) -> QualityReview | None:
        """The latest annual quality review."""
        return self.reviews[-1] if self.reviews else None

    @property
    def next_review(self) -> dt.date | None:
        """When the next annual quality review is due (approved plans only)."""
        if self.last_review is not None:
            return self.last_review.next_review
        return self.approved_on + FIRST_REVIEW if self.approved_on else None

    @property
    def open_conditions(self) -> list[Condition]:
        """Conditions of the latest review that are not yet met."""
        review = self.last_review
        return [c for c in review.conditions if c.met_on is None] if review else []

    @property
    def modes(self) -> list[str]:
        """Modes of study across the plan's modules, in first-seen order."""
        return list(dict.fromkeys(module.mode.value for module in self.plan.model.modules))

    @property
    def regions(self) -> list[str]:
        """The provider's regions."""
        return [region.value for region in self.provider.regions] if self.provider else []


def plan_statuses(corpus: Corpus) -> list[PlanStatus]:
    """Every plan's status, grouped by credential."""
    return [status for found in _by_credential(corpus).values() for status in found]


def statuses_of(corpus: Corpus, slug: str) -> list[PlanStatus]:
    """The statuses of the plans that deliver credential `slug`, by provider."""
    return _by_credential(corpus).get(slug, [])


def _by_credential(corpus: Corpus) -> dict[str, list[PlanStatus]]:
    """Statuses grouped by credential, computed once per loaded corpus (pages ask per credential)."""
    delivery = delivery_of(corpus)
    if delivery.statuses is None:
        delivery.statuses = {}
        for key, plan in delivery.plans.items():
            delivery.statuses.setdefault(key[1], []).append(_status(key, plan, delivery, corpus))
    return delivery.statuses


def _status(key: PlanKey, plan: Document[DeliveryPlan], delivery: Delivery, corpus: Corpus) -> PlanStatus:
    provider = delivery.providers.get(key[0])
    reviews = delivery.reviews.get(key)
    return PlanStatus(
        key=key,
        plan=plan,
        provider=provider.model if provider else None,
        approval=_approval(delivery.digest(key), delivery.approvals.get(key)),
        reviews=tuple(reviews.model.reviews) if reviews else (),
        remap=remap_needed(corpus, plan.model.credential, plan.model.version),
    )


def _approval(digest: str, ledger: Document[Ledger] | None) -> LedgerEntry | None:
    """The entry approving the plan's current text (whose SHA-256 is `digest`), if any."""
    entries = ledger.model.entries if ledger else []
    return next((e for e in entries if e.spec_sha256 == digest), None)


def plan_sha256(plan: Document[DeliveryPlan]) -> str:
    """SHA-256 of the canonical form of a plan, what its approval is bound to."""
    return spec_sha256(plan.source.data)
