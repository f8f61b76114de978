"""Property: any mutation of a valid plan yields success or diagnostics, never a traceback."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from credgen.delivery.load import Delivery, delivery_of
from credgen.delivery.rules import delivery_rules
from credgen.load.documents import load_corpus, load_file
from credgen.models.delivery import DeliveryPlan, QualityReviews
from credgen.validate.codes import RULES
from tests.conftest import REPO
from tests.mutations import mutated

FOLDER = "specs/delivery/severnside-university"
PLAN = (REPO / FOLDER / "older-people-frailty.yaml").read_text(encoding="utf-8")
REVIEWS = (REPO / FOLDER / "older-people-frailty.reviews.yaml").read_text(encoding="utf-8")
BASE = load_corpus(REPO)


def _rules_on(tmp_path: Path, plan: bytes, reviews: bytes) -> list[str]:
    folder = tmp_path / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "older-people-frailty.yaml").write_bytes(plan)
    (folder / "older-people-frailty.reviews.yaml").write_bytes(reviews)
    delivery = Delivery(providers=dict(delivery_of(BASE).providers))
    document, delivery.diagnostics = load_file(folder / "older-people-frailty.yaml", tmp_path, DeliveryPlan)
    if document is not None:
        delivery.plans["severnside-university", "older-people-frailty"] = document
    record, problems = load_file(folder / "older-people-frailty.reviews.yaml", tmp_path, QualityReviews)
    delivery.diagnostics += problems
    if record is not None:
        delivery.reviews["severnside-university", "older-people-frailty"] = record
    corpus = dataclasses.replace(BASE, root=tmp_path, delivery=delivery)
    return [d.code for d in delivery_rules(corpus)]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=mutated(PLAN), reviews=mutated(REVIEWS))
def test_mutated_plans_and_reviews_never_raise(plan: bytes, reviews: bytes, tmp_path: Path) -> None:
    assert all(code in RULES for code in _rules_on(tmp_path, plan, reviews))


def test_the_unmutated_files_are_clean(tmp_path: Path) -> None:
    assert _rules_on(tmp_path, PLAN.encode(), REVIEWS.encode()) == []
