"""What someone with push rights can do with plain git and no GitHub: the tools of the forgery tests.

`forge` appends a ledger entry through credgen's own writer (so the file is well-formed and
chained) with whatever commits, times and approvals the forger chooses; `pull_request` makes a
branch with the reviewed commit; the merge is the project's (signed unless told otherwise).
"""

from __future__ import annotations

import datetime as dt

from tests.endorse.conftest import LEDGER, SLUG, SPEC, Project

from credgen.endorse.canonical import spec_sha256_of_text
from credgen.endorse.ledger import Approval, LedgerEntry, MergeMethod, append_entry
from credgen.models.panel import PanelRole

#: Name and role of the panel members in `specs/panel.yaml`.
MEMBERS = {
    "panel-chair-example": ("Prof. C. Example (fictional)", PanelRole.CHAIR),
    "reviewer-academic-1": ("Dr R. Academic (fictional)", PanelRole.ACADEMIC),
    "reviewer-academic-2": ("Dr S. Scholar (fictional)", PanelRole.ACADEMIC),
    "reviewer-clinical-1": ("T. Clinician, Consultant Practitioner (fictional)", PanelRole.CLINICAL),
    "reviewer-clinical-2": ("U. Practitioner, Advanced Practitioner (fictional)", PanelRole.CLINICAL),
}

#: When reviewers approve, unless told otherwise: after the branch, before `MERGED_AT`.
APPROVED_AT = "2025-03-04T10:00:00Z"


def approval(
    login: str, commit: str, when: str = APPROVED_AT, *, review_id: int = 11, name: str | None = None
) -> Approval:
    """An approval as the ledger records it, with the member's name and role from the panel."""
    known, role = MEMBERS.get(login, (login, PanelRole.CLINICAL))
    return Approval(
        login=login,
        name=name or known,
        role=role,
        review_id=review_id,
        commit_id=commit,
        submitted_at=dt.datetime.fromisoformat(when),
    )


def quorum(head: str, when: str = APPROVED_AT) -> list[Approval]:
    """Two approvals that meet the panel's quorum."""
    return [
        approval("reviewer-academic-1", head, when, review_id=11),
        approval("reviewer-clinical-1", head, when, review_id=13),
    ]


def forge(
    project: Project,
    *,
    merge: str,
    head: str,
    approvals: list[Approval],
    merged_at: str | None = None,
    method: MergeMethod = "merge",
) -> None:
    """Append and commit a ledger entry for `merge`, as a forger would write it."""
    text = project.git("show", f"{merge}:{SPEC}")
    entry = LedgerEntry(
        version="1.0.0",
        spec_sha256=spec_sha256_of_text(text, SPEC),
        pr_number=7,
        pr_url="https://github.com/example-org/credential-specs/pull/7",
        pr_author="spec-editor",
        head_commit=head,
        merge_commit=merge,
        merged_at=dt.datetime.fromisoformat(merged_at or project.commit_time(merge)),
        merge_method=method,
        approvals=approvals,
    )
    append_entry(project.root / LEDGER, SLUG, entry)
    project.commit_all("Record the endorsement")


def pull_request(project: Project, branch: str = "endorse") -> str:
    """A branch that sets the specification to endorsed; returns its head (main stays checked out)."""
    project.git("checkout", "-q", "-b", branch)
    project.edit(SPEC, "status: candidate\n", "status: endorsed\n")
    head = project.commit_all("Set status to endorsed")
    project.git("checkout", "-q", "main")
    return head


def messages(out: str) -> list[str]:
    """The diagnostics of `credgen endorse verify`, without their file positions."""
    return [line.split(": ", 1)[1] for line in out.splitlines() if ": error[" in line]


def panel_rule(merge: str, founding: str) -> str:
    """How `verify` names the rule and the commits after a CG605 problem."""
    where = f"the founding commit {founding[:7]}"
    return f"rule: approvals meet the panel in force before merge {merge[:7]}, as of {where}"
