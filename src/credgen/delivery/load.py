"""Read `specs/providers/` and `specs/delivery/` into one `Delivery` value.

The layout is `specs/providers/<provider>.yaml`, and under `specs/delivery/<provider>/`:
`<credential>.yaml` (the plan), `<credential>.reviews.yaml` (annual quality reviews) and
`<credential>.approvals.yaml` (the append-only approval ledger written by `credgen approve
record`). Like the rest of the load stage, nothing here stops at the first problem.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from credgen.diagnostics import Diagnostic
from credgen.endorse.canonical import spec_sha256
from credgen.endorse.ledger import Ledger
from credgen.load.documents import Corpus, Document, load_file
from credgen.models.common import SLUG_RE
from credgen.models.delivery import DeliveryPlan, QualityReviews
from credgen.models.provider import Provider

M = TypeVar("M", bound=BaseModel)

PROVIDERS_DIR = "specs/providers"
DELIVERY_DIR = "specs/delivery"
REVIEWS_SUFFIX = ".reviews.yaml"
APPROVALS_SUFFIX = ".approvals.yaml"

#: (provider id, credential slug): the key of a plan and of everything attached to it.
PlanKey = tuple[str, str]


@dataclasses.dataclass(slots=True)
class Attached(Generic[M]):
    """A file attached to a plan: its key and the loaded document."""

    key: PlanKey
    document: Document[M]


@dataclasses.dataclass(slots=True)
class Delivery:
    """Providers, plans, quality reviews and approval ledgers that loaded."""

    providers: dict[str, Document[Provider]] = dataclasses.field(default_factory=dict)
    """Providers by id (the file name)."""

    plans: dict[PlanKey, Document[DeliveryPlan]] = dataclasses.field(default_factory=dict)
    """Plans by (provider, credential), in path order."""

    reviews: dict[PlanKey, Document[QualityReviews]] = dataclasses.field(default_factory=dict)
    """Quality review records by the plan they review."""

    approvals: dict[PlanKey, Document[Ledger]] = dataclasses.field(default_factory=dict)
    """Approval ledgers by the plan they approve."""

    failed: set[str] = dataclasses.field(default_factory=set)
    """Ids of providers whose file did not load (plans under them are still checked)."""

    diagnostics: list[Diagnostic] = dataclasses.field(default_factory=list)
    """Problems found while reading single files."""

    statuses: dict[str, list[Any]] | None = None
    """Credential slug → its plans' statuses (`credgen.delivery.status.PlanStatus`, which builds
    on this module), computed once by `credgen.delivery.status`."""

    digests: dict[PlanKey, str] = dataclasses.field(default_factory=dict)
    """SHA-256 of each plan's canonical form, computed once (rules and pages both need it)."""

    def digest(self, key: PlanKey) -> str:
        """SHA-256 of the canonical form of plan `key`: what its approval is bound to."""
        if key not in self.digests:
            self.digests[key] = spec_sha256(self.plans[key].source.data)
        return self.digests[key]

    def plans_of(self, slug: str) -> list[tuple[str, Document[DeliveryPlan]]]:
        """(provider id, plan) for every plan of credential `slug`, by provider."""
        return [(provider, plan) for (provider, credential), plan in self.plans.items() if credential == slug]


def delivery_of(corpus: Corpus) -> Delivery:
    """The providers and plans of `corpus`'s project, read on first use and kept on the corpus."""
    if not isinstance(corpus.delivery, Delivery):
        corpus.delivery = load_delivery(corpus.root)
    return corpus.delivery


def load_delivery(root: Path) -> Delivery:
    """Read every provider, plan, review record and approval ledger under `<root>/specs`."""
    delivery = Delivery()
    for path in sorted((root / PROVIDERS_DIR).glob("*.yaml")):
        document = _load(path, root, Provider, delivery.diagnostics)
        if document is None:
            delivery.failed.add(path.stem)
        else:
            delivery.providers[path.stem] = document
    for folder in sorted(p for p in (root / DELIVERY_DIR).glob("*") if p.is_dir()):
        for path in sorted(folder.glob("*.yaml")):
            _load_attached(path, root, delivery)
    return delivery


def _load_attached(path: Path, root: Path, delivery: Delivery) -> None:
    """Load one file under `specs/delivery/<provider>/` into the table its name calls for."""
    name, provider = path.name, path.parent.name
    if name.endswith(REVIEWS_SUFFIX):
        key = (provider, name.removesuffix(REVIEWS_SUFFIX))
        _put(delivery.reviews, key, _load(path, root, QualityReviews, delivery.diagnostics))
    elif name.endswith(APPROVALS_SUFFIX):
        key = (provider, name.removesuffix(APPROVALS_SUFFIX))
        _put(delivery.approvals, key, _load(path, root, Ledger, delivery.diagnostics))
    else:
        _put(delivery.plans, (provider, path.stem), _load(path, root, DeliveryPlan, delivery.diagnostics))


def _put(table: dict[PlanKey, Document[M]], key: PlanKey, document: Document[M] | None) -> None:
    if document is not None:
        table[key] = document


def _load(path: Path, root: Path, model: type[M], sink: list[Diagnostic]) -> Document[M] | None:
    document, problems = load_file(path, root, model)
    sink.extend(problems)
    return document


def is_slug(name: str) -> bool:
    """Whether a file or folder name is a valid id (lowercase letters, digits, single hyphens)."""
    return SLUG_RE.fullmatch(name) is not None
