"""`credgen diff`: the delivery plans a new version obliges to re-map, and what they must look at.

For a specification whose version changes between the two refs, every plan in the working tree
pinned to the old version is listed with the changed items it maps to (removed, reworded,
remapped...) and the capabilities and outcomes the new version adds, which no plan develops or
assesses yet. Plans are read from the working tree, where their providers edit them.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from credgen.delivery.status import statuses_of
from credgen.diff import ItemChange, SpecChange, diff_credentials, item_sentence
from credgen.load.documents import Corpus
from credgen.models.delivery import DeliveryPlan

#: Sections whose items a plan maps to.
MAPPED = ("capability", "statement", "outcome")


@dataclasses.dataclass(frozen=True, slots=True)
class PlanRemap:
    """One plan pinned to a version that the compared change replaces."""

    path: str
    """The plan file."""

    provider: str
    """The provider's name."""

    credential: str
    """Slug of the specification."""

    old_version: str
    """The version the plan delivers."""

    new_version: str
    """The version it must be re-mapped to."""

    changes: tuple[str, ...]
    """Each changed or new item the plan must look at, in words."""

    def as_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return dataclasses.asdict(self)


def plans_to_remap(corpus: Corpus, changes: list[SpecChange]) -> list[PlanRemap]:
    """Plans pinned to the old version of each specification whose version changes."""
    found = []
    for change in changes:
        if change.old is None or change.new is None or change.old.version == change.new.version:
            continue
        diff = diff_credentials(change.old, change.new)
        for status in statuses_of(corpus, change.slug):
            plan = status.plan.model
            if plan.version == change.old.version:
                items = [i for i in diff.items if i.section in MAPPED and _concerns(i, plan)]
                lines = tuple(_line(i) for i in items)
                found.append(
                    PlanRemap(
                        status.plan.path,
                        status.provider_name,
                        change.slug,
                        plan.version,
                        change.new.version,
                        lines,
                    )
                )
    return found


def _mapped_ids(plan: DeliveryPlan) -> set[str]:
    """Every capability, statement and outcome id the plan refers to."""
    ids = {gap.id for gap in plan.gaps}
    for module in plan.modules:
        for outcome in module.outcomes:
            ids |= {*outcome.capabilities, *outcome.statements, *outcome.outcomes}
        for assessment in module.assessments:
            ids |= set(assessment.assesses)
    return ids


def _concerns(item: ItemChange, plan: DeliveryPlan) -> bool:
    """Whether the plan maps to the item, or the item is a new capability or outcome to cover."""
    return item.id in _mapped_ids(plan) or ("added" in item.kinds and item.section != "statement")


def _line(item: ItemChange) -> str:
    sentence = item_sentence(item)
    return sentence + ("; not yet developed or assessed by this plan" if item.kinds == ("added",) else "")


def render_remap_markdown(remaps: list[PlanRemap]) -> str:
    """The `credgen diff` section: one entry per plan, one line per item to look at."""
    if not remaps:
        return ""
    out = ["### Delivery plans to re-map", ""]
    for remap in remaps:
        out.append(
            f"- `{remap.path}` ({remap.provider}) delivers {remap.credential} {remap.old_version}; "
            f"re-map it to {remap.new_version}:"
        )
        out += [f"  - {line}" for line in remap.changes] or ["  - no mapped item changed: update `version`"]
    return "\n".join(out) + "\n"
