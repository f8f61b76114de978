"""`credgen approve verify`: every plan approval checked against git history, offline.

For each approval ledger: no commit rewrote or removed an earlier entry (CG914); each entry's
merge commit is on the main line and holds the plan it records, as does the reviewed head
commit; and its approvals met the delivery quorum of the panel as it stood at the merge
(CG913), with the eligibility rules of `credgen.endorse.decide`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from credgen.delivery.approve import delivery_panel
from credgen.delivery.load import APPROVALS_SUFFIX, DELIVERY_DIR
from credgen.diagnostics import Diagnostic
from credgen.endorse import history
from credgen.endorse.canonical import spec_sha256_of_text
from credgen.endorse.decide import eligibility_problem, find_member, quorum_problems, short
from credgen.endorse.ledger import Ledger, LedgerEntry
from credgen.endorse.pulls import panel_at
from credgen.exceptions import EndorsementError
from credgen.load.documents import load_file
from credgen.load.source import Loc, SourceFile, parse_text
from credgen.models.panel import PanelRole

Finding = tuple[str, Loc]


@dataclasses.dataclass(slots=True)
class ApprovalCheck:
    """What verification found."""

    verified: list[str] = dataclasses.field(default_factory=list)
    """One line per entry that verified."""

    diagnostics: list[Diagnostic] = dataclasses.field(default_factory=list)
    """Every problem, compiler style."""


def verify_approvals(root: Path) -> ApprovalCheck:
    """Verify every plan approval ledger under `<root>/specs/delivery` against history."""
    history.require_history(root)
    result = ApprovalCheck()
    current = {p.relative_to(root).as_posix() for p in (root / DELIVERY_DIR).glob(f"*/*{APPROVALS_SUFFIX}")}
    ever = {p for p in history.paths_ever_under(root, DELIVERY_DIR) if p.endswith(APPROVALS_SUFFIX)}
    mainline = history.mainline(root)
    for path in sorted(current | ever):
        _verify_ledger(root, path, result, mainline)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def _verify_ledger(root: Path, path: str, result: ApprovalCheck, mainline: set[str]) -> None:
    exists = (root / path).exists()
    document, problems = load_file(root / path, root, Ledger) if exists else (None, [])
    source = document.source if document else SourceFile(path)
    result.diagnostics += problems
    result.diagnostics += [source.error("CG914", message) for message in _rewrites(root, path)]
    if document is None:
        return
    plan = path.removesuffix(APPROVALS_SUFFIX) + ".yaml"
    for index, entry in enumerate(document.model.entries):
        found = [*_verify_entry(root, plan, entry, mainline), *_verify_quorum(root, entry)]
        result.diagnostics += [source.error("CG913", text, ("entries", index, *loc)) for text, loc in found]
        if not found:
            reviewers = ", ".join(f"{a.login} ({a.role})" for a in entry.approvals)
            result.verified.append(
                f"{plan}: merge {short(entry.merge_commit)} of pull request #{entry.pr_number}, "
                f"approved by {reviewers}"
            )


def _rewrites(root: Path, path: str) -> Iterator[str]:
    """CG914: at every commit that touched the ledger, the earlier entries survive as a prefix."""
    for commit in history.commits_touching(root, path):
        new = _raw_entries(history.text_at(root, commit, path))
        for parent in history.parents(root, commit)[:1]:
            old = _raw_entries(history.text_at(root, parent, path))
            if new[: len(old)] != old:
                yield f"commit {short(commit)} rewrote or removed an approval; a ledger is append-only"


def _raw_entries(text: str | None) -> list[Any]:
    data = parse_text(text, "ledger").data if text else None
    entries = data.get("entries") if isinstance(data, dict) else None
    return entries if isinstance(entries, list) else []


def _verify_entry(root: Path, plan: str, entry: LedgerEntry, mainline: set[str]) -> Iterator[Finding]:
    """The merge commit is on the main line and it, and the reviewed head, hold the approved plan."""
    merge = entry.merge_commit
    if merge not in mainline:
        yield f"merge commit {short(merge)} is not on the first-parent history of HEAD", ("merge_commit",)
        return
    for field, sha in (("merge_commit", merge), ("head_commit", entry.head_commit)):
        if field == "head_commit" and not history.commit_exists(root, sha):
            continue
        text = history.text_at(root, sha, plan)
        if text is None or spec_sha256_of_text(text, plan) != entry.spec_sha256:
            yield f"{plan} at {field.replace('_', ' ')} {short(sha)} is not the approved text", (field,)


def _verify_quorum(root: Path, entry: LedgerEntry) -> Iterator[Finding]:
    """The approvals met the delivery quorum of the panel at the merge commit."""
    if not history.commit_exists(root, entry.merge_commit):
        return
    try:
        panel = delivery_panel(panel_at(root, entry.merge_commit))
    except EndorsementError as error:
        yield error.message, ("approvals",)
        return
    roles: list[PanelRole] = []
    for index, approval in enumerate(entry.approvals):
        member = find_member(panel, approval.login)
        day = approval.submitted_at.astimezone(dt.UTC).date()
        problem = eligibility_problem(
            approval.login, day, member, authors=(), pr_author=entry.pr_author, slug=""
        )
        if problem is None and member is not None and member.role != approval.role:
            recorded, listed = approval.role, member.role
            problem = f"{approval.login} is recorded as {recorded} but the panel lists them as {listed}"
        if problem is None and approval.commit_id != entry.head_commit:
            problem = f"{approval.login} approved {short(approval.commit_id)}, not the head commit"
        if problem is None:
            roles.append(approval.role)
        else:
            yield problem, ("approvals", index, "login")
    for problem in quorum_problems(roles, panel):
        yield f"{problem} (panel at merge commit {short(entry.merge_commit)})", ("approvals",)
