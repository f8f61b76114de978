"""Writing a plan's approval ledger in tests, as `credgen approve record` would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from credgen.delivery.approve import approvals_path
from credgen.delivery.load import delivery_of
from credgen.delivery.status import plan_sha256
from credgen.endorse.ledger import Approval, LedgerEntry, append_entry
from credgen.load.documents import load_corpus
from credgen.models.panel import PanelRole


def record_plan_approval(root: Path, provider: str, slug: str, *, merged_at: dt.datetime) -> LedgerEntry:
    """Approve the current text of plan (provider, slug) by a quality reviewer and a clinician."""
    delivery = delivery_of(load_corpus(root))
    assert delivery is not None
    plan = delivery.plans[provider, slug]
    approvers = [
        ("quality-reviewer-1", "W. Assessor, Quality Reviewer (fictional)", PanelRole.QUALITY),
        ("reviewer-clinical-1", "T. Clinician, Consultant Practitioner (fictional)", PanelRole.CLINICAL),
    ]
    entry = LedgerEntry(
        version=plan.model.version,
        spec_sha256=plan_sha256(plan),
        pr_number=51,
        pr_url="https://github.com/example/credgen/pull/51",
        pr_author="provider-editor",
        head_commit="c" * 40,
        merge_commit="d" * 40,
        merged_at=merged_at,
        approvals=[
            Approval(
                login=login,
                name=name,
                role=role,
                review_id=500 + index,
                commit_id="c" * 40,
                submitted_at=merged_at - dt.timedelta(days=1),
            )
            for index, (login, name, role) in enumerate(approvers)
        ],
    )
    append_entry(root / approvals_path((provider, slug)), f"{provider}/{slug}", entry)
    return entry
