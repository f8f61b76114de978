"""Delivery as open data: providers and approved plans in `api/v1/`, `delivery.csv`, feed events.

Files, relative to the site root:

- `api/v1/providers.json` (directory) and `api/v1/providers/<id>.json` (one provider with its
  approved plans);
- `api/v1/delivery.json`: every approved plan, with its approval, last review and re-mapping;
- `api/v1/delivery.csv`: one row per approved plan and module, for spreadsheets;
- their JSON Schemas in `api/v1/schema/`, generated from the models below.

Open Badges 3.0: an Achievement has no field for who delivers the learning (its `creator` is
whoever defined the achievement), so the OB3 export is left unchanged; see NOTES-issue-24.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from pydantic import BaseModel, Field

from credgen.context import BuildContext
from credgen.delivery.load import delivery_of
from credgen.delivery.status import PlanStatus, plan_statuses
from credgen.exports.api import API, dump, render_api_schema, schema_url
from credgen.exports.feed import Event
from credgen.exports.models import ApiDocument, ApiModel
from credgen.load.documents import Corpus
from credgen.models.delivery import EntryRoute, Mode, ReviewOutcome
from credgen.models.provider import Region

#: Characters that make a spreadsheet read a cell as a formula (or hide its start).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ModuleRecord(ApiModel):
    """One module of an approved plan."""

    title: str
    """Title as the provider lists it."""

    code: str | None
    """The provider's module code."""

    credits: int
    """UK credits."""

    level: int
    """FHEQ level."""

    mode: Mode
    """How it is studied."""

    duration: str
    """How long it takes."""

    intakes: list[str]
    """When learners start."""

    fees: str | None
    """The page stating the fees."""


class ApprovalRecord(ApiModel):
    """How a plan was approved."""

    pr_number: int
    """The pull request that approved it."""

    pr_url: str
    """Its web address."""

    merged_at: dt.datetime
    """When it was merged (UTC)."""

    merge_commit: str
    """The merge commit, verifiable with `credgen approve verify`."""

    plan_sha256: str
    """SHA-256 of the canonical form of the approved plan."""


class ReviewRecord(ApiModel):
    """The latest annual quality review."""

    date: dt.date
    """When it concluded."""

    outcome: ReviewOutcome
    """Met, met with conditions, or not met."""

    open_conditions: int
    """Conditions not yet met."""

    next_review: dt.date
    """When the next review is due."""


class RemapRecord(ApiModel):
    """A newer version the plan must be re-mapped to."""

    credential: str
    """The specification to re-map to."""

    version: str
    """Its version."""

    due: dt.date | None
    """End of the transition period (None outside git history)."""


class PlanRecord(ApiModel):
    """An approved delivery plan."""

    provider: str
    """Provider id (see `providers/<id>.json`)."""

    provider_name: str
    """Provider name."""

    credential: str
    """Slug of the specification delivered."""

    version: str
    """The version delivered."""

    programme: str
    """The programme or award."""

    url: str
    """The programme's page."""

    regions: list[Region]
    """The provider's NHS England regions."""

    entry_routes: list[EntryRoute]
    """How learners may come to it."""

    modules: list[ModuleRecord]
    """The modules that deliver it."""

    gaps: list[str]
    """Capabilities or outcomes left to other provision (justified in the plan)."""

    approval: ApprovalRecord
    """How the plan was approved."""

    last_review: ReviewRecord | None
    """The latest annual quality review, if any."""

    remap: RemapRecord | None
    """Set when a newer version replaces the one delivered."""

    illustrative: bool
    """True for a fictional example."""


class ProviderRecord(ApiDocument):
    """`providers/<id>.json`: one education provider and its approved plans."""

    id: str
    """Provider id (file name in `specs/providers/`)."""

    name: str
    """Provider name."""

    ukprn: str
    """UK Provider Reference Number (8 digits)."""

    website: str
    """Home page."""

    contact: str
    """Enquiries page."""

    regions: list[Region]
    """NHS England regions served."""

    page: str
    """The provider's page on this site."""

    illustrative: bool
    """True for a fictional example."""

    plans: list[PlanRecord]
    """Approved delivery plans, by credential."""


class ProviderSummary(ApiModel):
    """A provider in the directory."""

    id: str
    """Provider id."""

    name: str
    """Provider name."""

    ukprn: str
    """UK Provider Reference Number."""

    api: str
    """Its JSON document."""

    approved_plans: int
    """Number of approved plans."""


class Providers(ApiDocument):
    """`providers.json`: every education provider."""

    providers: list[ProviderSummary] = Field(default_factory=list)
    """Providers by id."""


class DeliveryDocument(ApiDocument):
    """`delivery.json`: every approved delivery plan."""

    plans: list[PlanRecord] = Field(default_factory=list)
    """Approved plans, by credential then provider."""


SCHEMAS: dict[str, type[BaseModel]] = {
    "provider.schema.json": ProviderRecord,
    "providers.schema.json": Providers,
    "delivery.schema.json": DeliveryDocument,
}


def delivery_files(corpus: Corpus, ctx: BuildContext) -> dict[str, str]:
    """Every delivery file of the open data, by path relative to the site root."""
    delivery = delivery_of(corpus)
    approved = sorted(
        (s for s in plan_statuses(corpus) if s.approval is not None), key=lambda s: (s.key[1], s.key[0])
    )
    records = [plan_record(status) for status in approved]
    files = {
        f"{API}schema/{name}": render_api_schema(model, schema_url(ctx, name))
        for name, model in SCHEMAS.items()
    }
    files[f"{API}delivery.json"] = dump(
        DeliveryDocument(schema_url=schema_url(ctx, "delivery.schema.json"), plans=records)
    )
    files[f"{API}delivery.csv"] = delivery_csv(records)
    summaries = []
    for provider_id, document in sorted(delivery.providers.items()):
        mine = [r for r in records if r.provider == provider_id]
        provider = document.model
        files[f"{API}providers/{provider_id}.json"] = dump(
            ProviderRecord(
                schema_url=schema_url(ctx, "provider.schema.json"),
                id=provider_id,
                name=provider.name,
                ukprn=provider.ukprn,
                website=provider.website,
                contact=provider.contact,
                regions=provider.regions,
                page=ctx.url(f"providers/{provider_id}/"),
                illustrative=provider.illustrative,
                plans=mine,
            )
        )
        api = ctx.url(f"{API}providers/{provider_id}.json")
        summaries.append(
            ProviderSummary(
                id=provider_id, name=provider.name, ukprn=provider.ukprn, api=api, approved_plans=len(mine)
            )
        )
    files[f"{API}providers.json"] = dump(
        Providers(schema_url=schema_url(ctx, "providers.schema.json"), providers=summaries)
    )
    return files


def plan_record(status: PlanStatus) -> PlanRecord:
    """The API form of one approved plan."""
    plan, approval, review = status.plan.model, status.approval, status.last_review
    assert approval is not None  # only approved plans are published
    return PlanRecord(
        provider=status.provider_id,
        provider_name=status.provider_name,
        credential=plan.credential,
        version=plan.version,
        programme=plan.programme,
        url=plan.url,
        regions=[Region(r) for r in status.regions],
        entry_routes=plan.entry_routes,
        modules=[ModuleRecord(**m.model_dump(include=set(ModuleRecord.model_fields))) for m in plan.modules],
        gaps=[gap.id for gap in plan.gaps],
        approval=ApprovalRecord(
            pr_number=approval.pr_number,
            pr_url=approval.pr_url,
            merged_at=approval.merged_at,
            merge_commit=approval.merge_commit,
            plan_sha256=approval.spec_sha256,
        ),
        last_review=ReviewRecord(
            date=review.date,
            outcome=review.outcome,
            open_conditions=len(status.open_conditions),
            next_review=review.next_review,
        )
        if review
        else None,
        remap=RemapRecord(
            credential=status.remap.target_slug, version=status.remap.target_version, due=status.remap.due
        )
        if status.remap
        else None,
        illustrative=plan.illustrative,
    )


# CSV ---------------------------------------------------------------------------------------

DELIVERY_COLUMNS = (
    "credential", "version", "provider", "provider_name", "programme", "programme_url", "regions",
    "entry_routes", "module", "module_code", "credits", "level", "mode", "duration", "intakes",
    "approved_on", "pull_request", "last_review", "last_review_outcome", "remap_to", "remap_due",
)  # fmt: skip


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula: a leading `'` before = + - @ tab or CR."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def delivery_csv(records: list[PlanRecord]) -> str:
    """One row per approved plan and module; every cell neutralised against formula injection."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(DELIVERY_COLUMNS)
    for record in records:
        for module in record.modules:
            writer.writerow([neutralise(cell) for cell in _row(record, module)])
    return out.getvalue()


def _row(record: PlanRecord, module: ModuleRecord) -> list[str]:
    review, remap = record.last_review, record.remap
    return [
        record.credential, record.version, record.provider, record.provider_name, record.programme,
        record.url, " ".join(record.regions), " ".join(record.entry_routes), module.title,
        module.code or "", str(module.credits), str(module.level), module.mode.value, module.duration,
        "; ".join(module.intakes), record.approval.merged_at.date().isoformat(),
        str(record.approval.pr_number), review.date.isoformat() if review else "",
        review.outcome.value if review else "", f"{remap.credential} {remap.version}" if remap else "",
        remap.due.isoformat() if remap and remap.due else "",
    ]  # fmt: skip


# Feed --------------------------------------------------------------------------------------


def delivery_events(corpus: Corpus, ctx: BuildContext) -> list[Event]:
    """Feed entries: each plan approval and each annual quality review outcome."""
    events = []
    for status in plan_statuses(corpus):
        if status.approval is None:
            continue
        slug, label = (
            f"delivery/{status.provider_id}/{status.key[1]}",
            f"{status.provider_name}, {status.key[1]}",
        )
        page = ctx.url(f"providers/{status.provider_id}/")
        approval = status.approval
        version = status.plan.model.version
        summary = f"{label} {version}: delivery plan approved in pull request #{approval.pr_number}."
        if status.plan.model.illustrative:
            summary += " Illustrative: a fictional provider and plan, not a real approval."
        events.append(
            Event(
                slug,
                f"approval-{approval.merge_commit}",
                approval.merged_at,
                f"Delivery plan approved: {label}",
                summary,
                page,
                ("delivery-approved",),
            )
        )
        for review in status.reviews:
            when = dt.datetime.combine(review.date, dt.time(12), tzinfo=dt.UTC)
            outcome = review.outcome.value.replace("-", " ")
            text = f"{label}: annual quality review {outcome}; next review due {review.next_review}."
            events.append(
                Event(
                    slug,
                    f"review-{review.date}",
                    when,
                    f"Quality review ({outcome}): {label}",
                    text,
                    page,
                    ("quality-review",),
                )
            )
    return events
