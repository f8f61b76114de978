"""`credgen approve check|record`: a delivery plan approved through a pull request.

The same machinery as endorsement, reused rather than copied: `decide` weighs the reviews
(latest decisive review per reviewer, head commit only, panel terms, the pull request's author
may not approve), against the panel's `delivery_quorum` instead of its endorsement quorum; the
ledger entry is an endorsement `LedgerEntry` bound to the SHA-256 of the plan's canonical form,
appended with `append_entry` to `specs/delivery/<provider>/<credential>.approvals.yaml`.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from credgen.delivery.load import APPROVALS_SUFFIX, DELIVERY_DIR, PlanKey, delivery_of
from credgen.delivery.rules import delivery_rules
from credgen.delivery.status import plan_sha256
from credgen.diagnostics import Severity
from credgen.endorse import history
from credgen.endorse.canonical import spec_sha256_of_text
from credgen.endorse.decide import Decision, decide, short
from credgen.endorse.github import GitHub, PullRequest, Review
from credgen.endorse.ledger import Ledger, LedgerEntry, append_entry, entry_text
from credgen.endorse.pulls import PANEL_FILE, PullReport, head_matches, panel_at, project_paths
from credgen.exceptions import EndorsementError
from credgen.load.documents import load_corpus, load_file, parse_model
from credgen.models.delivery import DeliveryPlan
from credgen.models.panel import Panel

_PLAN_PATH = re.compile(r"^specs/delivery/([a-z0-9-]+)/([a-z0-9-]+)\.yaml$")


@dataclasses.dataclass(slots=True)
class ApprovalReport(PullReport):
    """What `approve check` or `approve record` found for one pull request: an endorsement
    report in the words of plan approval."""

    NOTHING = "adds or changes no delivery plan awaiting approval"
    PASSED = "approved"
    DECISION = "approval"


def plan_path(key: PlanKey) -> str:
    """Path of a plan relative to the project root."""
    return f"{DELIVERY_DIR}/{key[0]}/{key[1]}.yaml"


def approvals_path(key: PlanKey) -> str:
    """Path of a plan's approval ledger relative to the project root."""
    return f"{DELIVERY_DIR}/{key[0]}/{key[1]}{APPROVALS_SUFFIX}"


def delivery_panel(panel: Panel) -> Panel:
    """The panel with its delivery quorum in force (the endorsement quorum when none is set)."""
    return panel.model_copy(update={"quorum": panel.delivery_quorum or panel.quorum})


def check_plan_pull(root: Path, client: GitHub, number: int) -> ApprovalReport:
    """Decide on every plan that pull request `number` adds or changes (working tree = its head)."""
    pull, files = client.pull(number), project_paths(root, client.files(number))
    report = ApprovalReport(pull)
    corpus = load_corpus(root)
    if corpus.panel is None:
        raise EndorsementError(f"{PANEL_FILE} is missing or invalid; run credgen check")
    panel = delivery_panel(corpus.panel.model)
    errors = {d.path for d in delivery_rules(corpus) if d.severity is Severity.ERROR}
    reviews, commits = client.reviews(number), client.commits(number)
    for key in _changed_plans(files):
        path = plan_path(key)
        plan = delivery_of(corpus).plans.get(key)
        if plan is None or path in errors:
            report.problems.append(f"{path} has errors; run credgen check")
            continue
        report.decisions.append(decide(_label(key), pull, reviews, panel, authors=(), pr_commits=commits))
        if not head_matches(root, pull.head_sha, path, plan_sha256(plan)):
            report.problems.append(
                f"{path} here differs from the head commit {short(pull.head_sha)}; check it out"
            )
    if report.decisions:
        report.problems += _forbidden_edits(files)
    return report


def record_plan_pull(root: Path, client: GitHub, number: int) -> ApprovalReport:
    """After the merge: decide again at the merge commit and append each plan's approval."""
    pull = client.pull(number)
    if not pull.merged or pull.merge_commit is None or pull.merged_at is None:
        raise EndorsementError(f"pull request #{number} is not merged; record the approval after the merge")
    if not history.commit_exists(root, pull.merge_commit):
        raise EndorsementError(
            f"the merge commit {short(pull.merge_commit)} of pull request #{number} is not in this clone",
            hint="fetch the default branch (and its full history) before recording",
        )
    files = project_paths(root, client.files(number))
    report = ApprovalReport(pull)
    panel = delivery_panel(panel_at(root, pull.merge_commit))
    reviews, commits = client.reviews(number), client.commits(number)
    for key in _changed_plans(files):
        _record_one(
            root, report, key, panel=panel, reviews=reviews, commits=commits, problems=_forbidden_edits(files)
        )
    return report


def _record_one(
    root: Path,
    report: ApprovalReport,
    key: PlanKey,
    *,
    panel: Panel,
    reviews: list[Review],
    commits: list[str],
    problems: list[str],
) -> None:
    """Decide on one plan at the merge commit and, if approved, append its ledger entry."""
    pull, merge, path = report.pull, str(report.pull.merge_commit), plan_path(key)
    text = history.text_at(root, merge, path)
    if text is None:
        return
    plan, _ = parse_model(text, path, DeliveryPlan)
    if plan is None:
        report.problems.append(f"{path} at the merge commit {short(merge)} is not a valid plan")
        return
    digest = spec_sha256_of_text(text, path)
    if any(entry.spec_sha256 == digest for entry in _entries(root, key)):
        report.recorded.append(f"{_label(key)} is already approved in {approvals_path(key)}")
        return
    report.problems += [p for p in problems if p not in report.problems]
    if not head_matches(root, pull.head_sha, path, digest):
        report.problems.append(f"{_label(key)}: the merged plan differs from the reviewed head commit")
        return
    decision = decide(_label(key), pull, reviews, panel, authors=(), pr_commits=commits)
    report.decisions.append(decision)
    if report.ok:
        _append(root / approvals_path(key), _label(key), _entry(pull, plan.version, digest, decision))
        report.recorded.append(f"{_label(key)} ({plan.credential} {plan.version}) in {approvals_path(key)}")


def _append(path: Path, label: str, entry: LedgerEntry) -> None:
    """Append to a plan's ledger; a new one gets a header that names the plan and this command."""
    if path.exists():
        append_entry(path, label, entry)
        return
    header = [
        "# yaml-language-server: $schema=../../../schema/ledger.schema.json",
        f"# Approval ledger for the delivery plan '{label}', written by `credgen approve record`.",
        "# Append-only: never edit or remove an entry (`credgen approve verify` checks git history).",
        "entries:",
    ]
    path.write_text("\n".join(header) + "\n" + entry_text(entry), encoding="utf-8")


def _entry(pull: PullRequest, version: str, digest: str, decision: Decision) -> LedgerEntry:
    assert pull.merge_commit is not None and pull.merged_at is not None  # record_plan_pull checked
    return LedgerEntry(
        version=version,
        spec_sha256=digest,
        pr_number=pull.number,
        pr_url=pull.url,
        pr_author=pull.author,
        head_commit=pull.head_sha,
        merge_commit=pull.merge_commit,
        merged_at=pull.merged_at,
        approvals=decision.approvals,
    )


def _entries(root: Path, key: PlanKey) -> list[LedgerEntry]:
    """Entries of a plan's approval ledger; a broken ledger stops the recording."""
    target = root / approvals_path(key)
    if not target.exists():
        return []
    ledger, problems = load_file(target, root, Ledger)
    if ledger is None:
        raise EndorsementError(f"{problems[0].as_text()}; fix the ledger before recording")
    return list(ledger.model.entries)


def _label(key: PlanKey) -> str:
    """How a plan is named in reports: `<provider>/<credential>`."""
    return f"{key[0]}/{key[1]}"


def _changed_plans(paths: list[str]) -> list[PlanKey]:
    """(provider, credential) of every plan the pull request changes (reviews and ledgers have dots)."""
    return sorted({(m.group(1), m.group(2)) for p in paths if (m := _PLAN_PATH.match(p))})


def _forbidden_edits(paths: list[str]) -> list[str]:
    """A pull request may not edit the panel or an approval ledger while it asks for approval."""
    problems = []
    if PANEL_FILE in paths:
        problems.append(f"the pull request changes {PANEL_FILE}; change the panel in a separate pull request")
    if any(p.endswith(APPROVALS_SUFFIX) for p in paths):
        problems.append(
            "the pull request edits an approval ledger; only `credgen approve record` appends to one"
        )
    return problems
