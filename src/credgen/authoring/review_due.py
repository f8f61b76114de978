"""`credgen review-due`: specifications whose review date is near or past.

Meant for a scheduled workflow that opens an issue, so the JSON form is stable: a list of
objects in date order. The reference date is today unless given, which is the one place credgen
reads the clock: the question itself is "what is due now?".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from credgen.load.documents import Corpus
from credgen.models.credential import Status

#: Statuses that no longer need review: the text is retired.
RETIRED = frozenset({Status.SUPERSEDED, Status.WITHDRAWN})


@dataclasses.dataclass(frozen=True, slots=True)
class DueReview:
    """A specification whose review is due within the window or overdue."""

    slug: str
    title: str
    version: str
    status: Status
    review_due: dt.date
    days_left: int
    path: str

    @property
    def overdue(self) -> bool:
        """Whether the review date has passed."""
        return self.days_left < 0

    def as_text(self) -> str:
        """`path: review due 2027-03-01 (in 12 days): Title 1.0.0 (endorsed)`."""
        if self.days_left < 0:
            when = f"overdue by {-self.days_left} day{'s' * (self.days_left != -1)}"
        elif self.days_left == 0:
            when = "due today"
        else:
            when = f"in {self.days_left} day{'s' * (self.days_left != 1)}"
        spec = f"{self.title} {self.version} ({self.status})"
        return f"{self.path}: review due {self.review_due} ({when}): {spec}"

    def as_dict(self) -> dict[str, str | int | bool]:
        """The JSON form."""
        return {
            "slug": self.slug,
            "title": self.title,
            "version": self.version,
            "status": self.status.value,
            "review_due": self.review_due.isoformat(),
            "days_left": self.days_left,
            "overdue": self.overdue,
            "path": self.path,
        }


def reviews_due(corpus: Corpus, today: dt.date, within: int) -> list[DueReview]:
    """Specifications in use whose review date is at most `within` days after `today`."""
    due = []
    for slug, document in corpus.credentials.items():
        spec = document.model
        date = spec.dates.review_due
        if date is None or spec.status in RETIRED or (date - today).days > within:
            continue
        days = (date - today).days
        due.append(DueReview(slug, spec.title, spec.version, spec.status, date, days, document.path))
    return sorted(due, key=lambda d: (d.review_due, d.slug))


def format_reviews(due: list[DueReview], fmt: str, today: dt.date, within: int) -> str:
    """The list as text (one line each, or a line saying none) or as JSON."""
    if fmt == "json":
        payload = {"date": today.isoformat(), "within_days": within, "due": [d.as_dict() for d in due]}
        return json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False)
    if not due:
        return f"no specification is due for review within {within} days of {today}"
    return "\n".join(d.as_text() for d in due)
