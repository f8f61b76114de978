"""What `credgen review-due` adds for delivery: quality reviews, conditions and re-mapping.

Each item is dated; the list is merged into the review-due report in date order, so the
scheduled workflow opens one issue for everything that needs attention.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from credgen.authoring.review_due import DueReview, format_reviews
from credgen.delivery.load import DELIVERY_DIR, REVIEWS_SUFFIX
from credgen.delivery.status import PlanStatus, plan_statuses
from credgen.load.documents import Corpus


@dataclasses.dataclass(frozen=True, slots=True)
class DueDelivery:
    """One dated thing a provider or the Centre must do for a plan."""

    kind: str
    """`quality-review`, `condition` or `re-mapping`."""

    provider: str
    """The provider's name."""

    credential: str
    """Slug of the specification delivered."""

    version: str
    """The version the plan delivers."""

    due: dt.date
    """When it is due."""

    days_left: int
    """Days from the reference date; negative when overdue."""

    path: str
    """The file to change when it is done."""

    what: str
    """What is due, in words."""

    def as_text(self) -> str:
        """`path: quality review due 2027-10-14 (in 12 days): Provider, slug 1.0.0`."""
        if self.days_left < 0:
            when = f"overdue by {-self.days_left} day{'s' * (self.days_left != -1)}"
        else:
            when = (
                "due today"
                if self.days_left == 0
                else f"in {self.days_left} day{'s' * (self.days_left != 1)}"
            )
        plan = f"{self.provider}, {self.credential} {self.version}"
        return f"{self.path}: {self.what} due {self.due} ({when}): {plan}"

    def as_dict(self) -> dict[str, str | int | bool]:
        """The JSON form."""
        return {
            "kind": self.kind,
            "provider": self.provider,
            "credential": self.credential,
            "version": self.version,
            "due": self.due.isoformat(),
            "days_left": self.days_left,
            "overdue": self.days_left < 0,
            "path": self.path,
            "what": self.what,
        }


def delivery_due(corpus: Corpus, today: dt.date, within: int) -> list[DueDelivery]:
    """Quality reviews, open conditions and re-mappings due at most `within` days after `today`."""
    found = [item for status in plan_statuses(corpus) for item in _items(status, today)]
    return sorted((d for d in found if d.days_left <= within), key=lambda d: (d.due, d.path, d.kind))


def _items(status: PlanStatus, today: dt.date) -> list[DueDelivery]:
    """Everything dated that an approved plan owes."""
    if status.approval is None:
        return []
    base = f"{DELIVERY_DIR}/{status.key[0]}/{status.key[1]}"
    items = []
    if status.next_review is not None:
        items.append(
            _item(
                status,
                "quality-review",
                status.next_review,
                today,
                path=base + REVIEWS_SUFFIX,
                what="annual quality review",
            )
        )
    for condition in status.open_conditions:
        what = f"condition '{_first_words(condition.text)}'"
        items.append(_item(status, "condition", condition.due, today, path=base + REVIEWS_SUFFIX, what=what))
    if status.remap is not None and status.remap.due is not None:
        what = f"re-mapping to {status.remap.target_slug} {status.remap.target_version}"
        items.append(_item(status, "re-mapping", status.remap.due, today, path=base + ".yaml", what=what))
    return items


def _item(
    status: PlanStatus, kind: str, due: dt.date, today: dt.date, *, path: str, what: str
) -> DueDelivery:
    plan = status.plan.model
    return DueDelivery(
        kind, status.provider_name, plan.credential, plan.version, due, (due - today).days, path, what
    )


def _first_words(text: str, limit: int = 60) -> str:
    """The start of a condition's text, cut at a word boundary."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + "…"


def format_due(
    specs: list[DueReview], delivery: list[DueDelivery], fmt: str, today: dt.date, within: int
) -> str:
    """The review-due report: specifications (as `format_reviews`), then delivery items.

    The JSON keeps the specification list under `due` unchanged and adds `delivery`.
    """
    if fmt == "json":
        payload = json.loads(format_reviews(specs, fmt, today, within))
        payload["delivery"] = [item.as_dict() for item in delivery]
        return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False)
    if not delivery:
        return format_reviews(specs, fmt, today, within)
    lines = format_reviews(specs, fmt, today, within).splitlines() if specs else []
    return "\n".join(lines + [item.as_text() for item in delivery])
