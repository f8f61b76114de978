"""Delivery on the website: "Where to study" on credential pages, provider pages, catalogue filters.

Only approved plans are listed as places to study; plans awaiting approval are counted, so a
reader knows more may follow. The values here are ready to print: templates do no lookups.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import jinja2

from credgen.delivery.load import delivery_of
from credgen.delivery.status import PlanStatus, plan_statuses, statuses_of
from credgen.load.documents import Corpus
from credgen.models.delivery import EntryRoute, Mode
from credgen.models.provider import Provider, Region
from credgen.render.templates import render_template

MODE_LABELS = {
    Mode.FULL_TIME: "Full-time",
    Mode.PART_TIME: "Part-time",
    Mode.BLENDED: "Blended",
    Mode.WORK_BASED: "Work-based",
}
ROUTE_LABELS = {
    EntryRoute.STANDALONE: "Standalone",
    EntryRoute.WITHIN_MSC: "Within an accredited MSc",
    EntryRoute.AFTER_EPORTFOLIO: "After the ePortfolio route",
}
OUTCOME_LABELS = {"met": "Met", "met-with-conditions": "Met with conditions", "not-met": "Not met"}

#: (site path, front matter, body renderer), as `credgen.site.versions.GeneratedPage`.
Page = tuple[str, dict[str, Any], Callable[[], str]]


@dataclasses.dataclass(frozen=True, slots=True)
class StudyOption:
    """One approved plan as a reader sees it: where, how, from when, and its standing."""

    provider_id: str
    provider: str
    credential: str
    title: str
    programme: str
    url: str
    modes: str
    regions: str
    intakes: str
    routes: str
    version: str
    approved: dt.date | None
    review: str | None
    remap: str | None


def study_options(corpus: Corpus, slug: str) -> tuple[list[StudyOption], int]:
    """Approved plans of credential `slug` by provider name, and how many await approval."""
    statuses = statuses_of(corpus, slug)
    approved = [_option(status, corpus) for status in statuses if status.approval is not None]
    return sorted(approved, key=lambda o: o.provider.casefold()), len(statuses) - len(approved)


def _option(status: PlanStatus, corpus: Corpus) -> StudyOption:
    plan, review = status.plan.model, status.last_review
    document = corpus.credentials.get(plan.credential)
    intakes = dict.fromkeys(intake for module in plan.modules for intake in module.intakes)
    reviewed = f"{OUTCOME_LABELS[review.outcome.value]} ({_day(review.date)})" if review else None
    remap = None
    if status.remap is not None:
        by = f" by {_day(status.remap.due)}" if status.remap.due else ""
        remap = f"Awaiting re-mapping to {status.remap.target_slug} {status.remap.target_version}{by}"
    return StudyOption(
        provider_id=status.provider_id,
        provider=status.provider_name,
        credential=plan.credential,
        title=document.model.title if document else plan.credential,
        programme=plan.programme,
        url=plan.url,
        modes=", ".join(MODE_LABELS[Mode(m)] for m in status.modes),
        regions=", ".join(Region(r).label for r in status.regions),
        intakes=", ".join(intakes),
        routes=", ".join(ROUTE_LABELS[r] for r in plan.entry_routes),
        version=plan.version,
        approved=status.approved_on,
        review=reviewed,
        remap=remap,
    )


def _day(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def render_where_to_study(env: jinja2.Environment, corpus: Corpus, slug: str, *, base_url: str) -> str:
    """The "Where to study" section of a credential page."""
    options, pending = study_options(corpus, slug)
    values = {"options": options, "pending": pending, "base_url": base_url}
    return render_template(env, "credential/_study.html.j2", values)


# Catalogue ---------------------------------------------------------------------------------


def catalogue_data(corpus: Corpus, slug: str) -> dict[str, str]:
    """`data-*` values for a catalogue card: has an approved provider, its regions and modes."""
    approved = [s for s in statuses_of(corpus, slug) if s.approval is not None]
    return {
        "provider": "yes" if approved else "no",
        "region": " ".join(sorted({r for s in approved for r in s.regions})),
        "mode": " ".join(sorted({m for s in approved for m in s.modes})),
        # Region/mode pairs one provider offers, so that both filters together mean one provider.
        "offer": " ".join(sorted({f"{r}/{m}" for s in approved for r in s.regions for m in s.modes})),
    }


def catalogue_facets() -> list[tuple[str, str, list[tuple[str, list[tuple[str, str]]]]]]:
    """(name, label, option groups) of the delivery filters, as `credgen.site.pages.Facet` takes."""
    provider = [("yes", "Has an approved provider"), ("no", "No approved provider yet")]
    return [
        ("provider", "Approved provider", [("", provider)]),
        ("region", "Region (approved providers)", [("", [(r.value, r.label) for r in Region])]),
        ("mode", "Mode of study (approved providers)", [("", [(m.value, MODE_LABELS[m]) for m in Mode])]),
    ]


# Provider pages ----------------------------------------------------------------------------


def provider_pages(env: jinja2.Environment, corpus: Corpus) -> list[Page]:
    """`/providers/` and one page per provider."""
    delivery = delivery_of(corpus)
    providers = (
        sorted(delivery.providers.items(), key=lambda item: item[1].model.name.casefold()) if delivery else []
    )
    counts = _approved_counts(corpus)
    pages: list[Page] = [
        (
            "providers/index.md",
            {"title": "Education providers"},
            lambda: render_template(
                env, "site/providers.html.j2", {"providers": providers, "counts": counts, "labels": _regions}
            ),
        )
    ]
    for provider_id, document in providers:
        pages.append(
            (
                f"providers/{provider_id}.md",
                {"title": document.model.name},
                _provider_body(env, corpus, provider_id, document.model),
            )
        )
    return pages


def _regions(provider: Provider) -> str:
    return ", ".join(region.label for region in provider.regions)


def _approved_counts(corpus: Corpus) -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in plan_statuses(corpus):
        if status.approval is not None:
            counts[status.provider_id] = counts.get(status.provider_id, 0) + 1
    return counts


def _provider_body(
    env: jinja2.Environment, corpus: Corpus, provider_id: str, provider: Provider
) -> Callable[[], str]:
    def body() -> str:
        mine = [s for s in plan_statuses(corpus) if s.provider_id == provider_id]
        options = sorted(
            (_option(s, corpus) for s in mine if s.approval is not None), key=lambda o: o.title.casefold()
        )
        values = {
            "provider": provider,
            "regions": _regions(provider),
            "options": options,
            "pending": len(mine) - len(options),
        }
        return render_template(env, "site/provider.html.j2", values)

    return body
