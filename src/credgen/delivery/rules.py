"""Rules for providers, delivery plans and quality reviews (codes CG7xx, see `codes.py`).

Each rule is a small generator, as in `credgen.validate.rules`. Plans are checked against the
exact version of the specification they name, which may be older than the working tree's.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from credgen.delivery.load import DELIVERY_DIR, Delivery, delivery_of, is_slug
from credgen.delivery.pinned import DELIVERABLE, known_versions, pinned_version
from credgen.diagnostics import Diagnostic, Severity
from credgen.load.documents import Corpus, Document
from credgen.load.explain import did_you_mean
from credgen.load.source import Loc
from credgen.models.credential import Credential
from credgen.models.delivery import DeliveryPlan, QualityReviews, ReviewOutcome
from credgen.models.provider import Provider

PlanDoc = Document[DeliveryPlan]
_UKPRN = re.compile(r"[0-9]{8}")


def delivery_rules(corpus: Corpus) -> Iterator[Diagnostic]:
    """Every diagnostic about providers, plans and reviews, load problems included."""
    delivery = delivery_of(corpus)
    if delivery is None:
        return
    yield from delivery.diagnostics
    yield from _check_providers(delivery)
    for (provider, slug), plan in delivery.plans.items():
        yield from _check_plan_place(plan, provider, slug, corpus, delivery)
        yield from _check_plan_ids(plan)
        yield from _check_against_spec(plan, corpus)
    yield from _check_approvals(delivery)
    for key, reviews in delivery.reviews.items():
        if key not in delivery.plans:
            yield reviews.source.error(
                "CG910",
                f"quality reviews for a plan that does not exist: {DELIVERY_DIR}/{key[0]}/{key[1]}.yaml",
            )
        yield from _check_reviews(reviews)


# Providers ---------------------------------------------------------------------------------


def _check_providers(delivery: Delivery) -> Iterator[Diagnostic]:
    """CG901, CG902: UKPRNs are 8 digits and not shared; file names are valid ids."""
    seen: dict[str, str] = {}
    for name, document in delivery.providers.items():
        yield from _check_ukprn(document)
        if not is_slug(name):
            message = (
                f"provider file name '{name}' is not a valid id (lowercase letters, digits, single hyphens)"
            )
            yield Diagnostic(document.path, 1, 1, "CG902", message)
        ukprn = document.model.ukprn
        if ukprn in seen:
            yield document.source.error(
                "CG902", f"UKPRN {ukprn} is already used by provider '{seen[ukprn]}'", ("ukprn",)
            )
        seen.setdefault(ukprn, name)


def _check_ukprn(document: Document[Provider]) -> Iterator[Diagnostic]:
    """CG901: a UK Provider Reference Number is exactly 8 digits."""
    ukprn = document.model.ukprn
    if not _UKPRN.fullmatch(ukprn):
        shape = f"{len(ukprn)} digits" if ukprn.isdigit() else "characters other than digits"
        message = f"a UKPRN (UK Provider Reference Number) is exactly 8 digits, but '{ukprn}' has {shape}"
        yield document.source.error("CG901", message, ("ukprn",))


# Where a plan is ---------------------------------------------------------------------------


def _check_plan_place(
    plan: PlanDoc, provider: str, slug: str, corpus: Corpus, delivery: Delivery
) -> Iterator[Diagnostic]:
    """CG903: a plan sits under an existing provider, named after the specification it delivers."""
    if provider not in delivery.providers and provider not in delivery.failed:
        known = sorted(delivery.providers)
        message = f"folder '{provider}' names no provider in specs/providers/" + did_you_mean(provider, known)
        yield Diagnostic(plan.path, 1, 1, "CG903", message)
    named = plan.model.credential
    if named != slug:
        yield plan.source.error(
            "CG903",
            f"a plan is named after the specification it delivers: rename the file to '{named}.yaml' "
            f"or deliver '{slug}'",
            ("credential",),
        )
    elif named not in corpus.credentials and named not in corpus.failed:
        message = f"no specification is called '{named}'" + did_you_mean(named, sorted(corpus.credentials))
        yield plan.source.error("CG903", message, ("credential",))


def _check_plan_ids(plan: PlanDoc) -> Iterator[Diagnostic]:
    """CG909: module, outcome and assessment ids are unique within a plan."""
    first: dict[str, int] = {}
    for identifier, loc in _plan_ids(plan.model):
        line = plan.source.at(loc)[0]
        if identifier in first:
            yield plan.source.error(
                "CG909", f"id '{identifier}' is already used on line {first[identifier]}", loc
            )
        first.setdefault(identifier, line)


def _plan_ids(model: DeliveryPlan) -> Iterator[tuple[str, Loc]]:
    for m, module in enumerate(model.modules):
        yield module.id, ("modules", m, "id")
        for o, outcome in enumerate(module.outcomes):
            yield outcome.id, ("modules", m, "outcomes", o, "id")
        for a, assessment in enumerate(module.assessments):
            yield assessment.id, ("modules", m, "assessments", a, "id")


# Against the version delivered -------------------------------------------------------------


def _check_against_spec(plan: PlanDoc, corpus: Corpus) -> Iterator[Diagnostic]:
    """CG904 and the mapping rules, once the version delivered is found."""
    slug, version = plan.model.credential, plan.model.version
    if slug not in corpus.credentials:
        return
    pinned = pinned_version(corpus, slug, version)
    if pinned is None:
        versions = known_versions(corpus, slug)
        listed = (
            f"its only version is {versions[0]}"
            if len(versions) == 1
            else f"its versions are {', '.join(versions)}"
        )
        message = f"'{slug}' has no version {version}; {listed}"
        yield plan.source.error("CG904", message, ("version",))
        return
    spec = pinned.spec
    if spec.status not in DELIVERABLE:
        message = (
            f"'{slug}' {version} is {spec.status} and not endorsed; only an endorsed version can be delivered"
        )
        yield plan.source.error("CG911", message, ("version",))
    yield from _check_references(plan, spec)
    if plan.partial:
        # Parts of the plan were dropped for schema errors already reported: what seems missing
        # may only be unreadable, so the rules about absence wait until the file loads whole.
        return
    yield from _check_capabilities_developed(plan, spec)
    yield from _check_outcomes_assessed(plan, spec)
    yield from _check_credits_and_level(plan, spec)


def _spec_ids(spec: Credential) -> dict[str, list[str]]:
    capabilities = [c for d in spec.domains for c in d.capabilities]
    return {
        "capabilities": [c.id for c in capabilities],
        "statements": [s.id for c in capabilities for s in c.statements],
        "outcomes": [o.id for o in spec.outcomes],
    }


_WORDS = {"capabilities": "capability", "statements": "capability statement", "outcomes": "learning outcome"}


def _check_references(plan: PlanDoc, spec: Credential) -> Iterator[Diagnostic]:
    """CG905: a plan maps only to capabilities, statements and outcomes of the version delivered."""
    known, version = _spec_ids(spec), f"{plan.model.credential} {plan.model.version}"
    for owner, field, target, loc in _references(plan.model):
        if target not in known[field]:
            message = f"{owner} names {_WORDS[field]} '{target}', which {version} does not have"
            yield plan.source.error("CG905", message + did_you_mean(target, known[field]), loc)
    everything = known["capabilities"] + known["outcomes"]
    for g, gap in enumerate(plan.model.gaps):
        if gap.id not in everything:
            message = f"gap '{gap.id}' names no capability or learning outcome of {version}"
            yield plan.source.error("CG905", message + did_you_mean(gap.id, everything), ("gaps", g, "id"))


def _references(model: DeliveryPlan) -> Iterator[tuple[str, str, str, Loc]]:
    """(who refers, kind of target, target id, where) for every reference a plan makes."""
    for m, module in enumerate(model.modules):
        for o, outcome in enumerate(module.outcomes):
            for field in ("capabilities", "statements", "outcomes"):
                for i, target in enumerate(getattr(outcome, field)):
                    yield (
                        f"module outcome '{outcome.id}'",
                        field,
                        target,
                        ("modules", m, "outcomes", o, field, i),
                    )
        for a, assessment in enumerate(module.assessments):
            for i, target in enumerate(assessment.assesses):
                where: Loc = ("modules", m, "assessments", a, "assesses", i)
                yield f"assessment '{assessment.id}'", "outcomes", target, where


def _check_capabilities_developed(plan: PlanDoc, spec: Credential) -> Iterator[Diagnostic]:
    """CG906: every capability is developed by a module outcome, or declared as a justified gap."""
    developed = {c for m in plan.model.modules for o in m.outcomes for c in o.capabilities}
    gaps = {gap.id for gap in plan.model.gaps}
    for domain in spec.domains:
        for capability in domain.capabilities:
            if capability.id not in developed | gaps:
                message = (
                    f"capability '{capability.id}' ({capability.title}) is developed by no module outcome; "
                    "map an outcome to it, or list it under 'gaps' with the reason"
                )
                yield plan.source.error("CG906", message, ("modules",), key=True)


def _check_outcomes_assessed(plan: PlanDoc, spec: Credential) -> Iterator[Diagnostic]:
    """CG907: every learning outcome is assessed by a module assessment, or declared as a justified gap."""
    assessed = {t for m in plan.model.modules for a in m.assessments for t in a.assesses}
    gaps = {gap.id for gap in plan.model.gaps}
    for outcome in spec.outcomes:
        if outcome.id not in assessed | gaps:
            message = (
                f"learning outcome '{outcome.id}' is assessed by no module assessment; "
                "add it to an assessment's 'assesses', or list it under 'gaps' with the reason"
            )
            yield plan.source.error("CG907", message, ("modules",), key=True)


def _check_credits_and_level(plan: PlanDoc, spec: Credential) -> Iterator[Diagnostic]:
    """CG908: the modules carry the specification's credits, at its academic level."""
    total = sum(module.credits for module in plan.model.modules)
    if spec.credits is not None and total != spec.credits:
        message = f"the modules carry {total} credits in all but the specification is worth {spec.credits}"
        yield plan.source.error("CG908", message, ("modules",), key=True)
    for m, module in enumerate(plan.model.modules):
        if spec.academic_level is not None and module.level != spec.academic_level:
            level = spec.academic_level
            message = (
                f"module '{module.id}' is at level {module.level} but the specification is at level {level}"
            )
            yield plan.source.error("CG908", message, ("modules", m, "level"))


# Approvals ---------------------------------------------------------------------------------


def _check_approvals(delivery: Delivery) -> Iterator[Diagnostic]:
    """CG912: a ledger belongs to a plan; a plan changed since its approval needs a new one."""
    for key, ledger in delivery.approvals.items():
        plan = delivery.plans.get(key)
        if plan is None:
            message = f"approvals for a plan that does not exist: {DELIVERY_DIR}/{key[0]}/{key[1]}.yaml"
            yield ledger.source.error("CG912", message)
        elif all(entry.spec_sha256 != delivery.digest(key) for entry in ledger.model.entries):
            last = ledger.model.entries[-1]
            message = (
                f"the plan has changed since pull request #{last.pr_number} approved it; it shows as "
                "awaiting approval until a pull request approves the new text"
            )
            found = plan.source.error("CG912", message, ("modules",), key=True)
            yield dataclasses.replace(found, severity=Severity.WARNING)


# Quality reviews ---------------------------------------------------------------------------


def _check_reviews(document: Document[QualityReviews]) -> Iterator[Diagnostic]:
    """CG910: reviews are in date order, their outcome agrees with their conditions, dates follow."""
    previous = None
    for r, review in enumerate(document.model.reviews):
        if previous is not None and review.date <= previous:
            yield document.source.error(
                "CG910",
                f"reviews are listed oldest first, but {review.date} is not after {previous}",
                ("reviews", r, "date"),
            )
        previous = review.date
        if review.next_review <= review.date:
            yield document.source.error(
                "CG910",
                f"the next review ({review.next_review}) must come after this one ({review.date})",
                ("reviews", r, "next_review"),
            )
        if (review.outcome is ReviewOutcome.MET_WITH_CONDITIONS) != bool(review.conditions):
            message = "an outcome of 'met-with-conditions' needs conditions, and only that outcome has them"
            yield document.source.error("CG910", message, ("reviews", r, "outcome"))
        for c, condition in enumerate(review.conditions):
            if condition.due <= review.date:
                yield document.source.error(
                    "CG910",
                    f"a condition's due date ({condition.due}) must come after the review ({review.date})",
                    ("reviews", r, "conditions", c, "due"),
                )
