"""Plan approval through a pull request, against the loopback GitHub: happy path and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from credgen.delivery.status import plan_statuses
from credgen.load.documents import load_corpus
from tests.delivery.conftest import APPROVALS, FRAILTY, PLAN, add_plan, merge_plan
from tests.endorse.conftest import GitHubState, Project, review

QUALITY, CLINICAL, ACADEMIC = "quality-reviewer-1", "reviewer-clinical-1", "reviewer-academic-1"
LABEL = f"northmoor-university/{FRAILTY}"


def _approved_by(head: str, *logins: str) -> list[dict[str, object]]:
    return [
        review(20 + i, login, "APPROVED", head, f"2025-03-04T1{i}:00:00Z") for i, login in enumerate(logins)
    ]


def test_plan_is_checked_recorded_verified_and_shown_as_approved(
    delivery_project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = delivery_project
    _, head = add_plan(project)
    reviews = _approved_by(head, QUALITY, CLINICAL)
    github.add_pull(9, head=head, commits=[head], reviews=reviews, files=[PLAN])

    project.git("checkout", "-q", "plan")
    code, out, err = project.run("approve", "check", "--pr", "9", monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"pull request #9, head commit {head[:7]}",
        f"  {LABEL}: approved",
        f"    counted: {QUALITY} (quality) approved the head commit {head[:7]} on 2025-03-04",
        f"    counted: {CLINICAL} (clinical) approved the head commit {head[:7]} on 2025-03-04",
    ]

    project.git("checkout", "-q", "main")
    merge = merge_plan(project)
    github.add_pull(9, head=head, commits=[head], reviews=reviews, files=[PLAN], merge=merge)
    code, out, err = project.run("approve", "record", "--pr", "9", monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == f"  recorded: {LABEL} ({FRAILTY} 1.0.0) in {APPROVALS}"
    ledger = (project.root / APPROVALS).read_text(encoding="utf-8")
    assert f'    merge_commit: "{merge}"\n' in ledger

    code, out, _ = project.run("approve", "record", "--pr", "9", monkeypatch=monkeypatch)
    assert out.splitlines()[-1] == f"  recorded: {LABEL} is already approved in {APPROVALS}"
    assert (project.root / APPROVALS).read_text(encoding="utf-8") == ledger

    project.commit_all("Record the approval of the Northmoor frailty plan")
    code, out, err = project.run("approve", "verify", monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"verified: {PLAN}: merge {merge[:7]} of pull request #9, "
        f"approved by {QUALITY} (quality), {CLINICAL} (clinical)"
    ]
    code, out, _ = project.run("check", monkeypatch=monkeypatch)
    assert (code, out) == (0, "")
    (status,) = plan_statuses(load_corpus(project.root))
    assert status.approval is not None
    assert (status.approval.pr_number, str(status.approved_on)) == (9, "2025-03-05")


def test_approval_without_a_quality_reviewer_is_refused(
    delivery_project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = delivery_project
    _, head = add_plan(project)
    github.add_pull(
        9, head=head, commits=[head], reviews=_approved_by(head, ACADEMIC, CLINICAL), files=[PLAN]
    )
    project.git("checkout", "-q", "plan")
    code, out, err = project.run("approve", "check", "--pr", "9", monkeypatch=monkeypatch)
    assert code == 1
    assert out.splitlines()[-1] == "    refused: quorum not met: no valid approval from a quality reviewer"
    assert err == (
        f"error: approval refused for pull request #9: {LABEL}: "
        "quorum not met: no valid approval from a quality reviewer\n"
    )


def test_the_author_and_stale_approvals_do_not_count(
    delivery_project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = delivery_project
    _, head = add_plan(project)
    reviews = [
        review(31, QUALITY, "APPROVED", "0" * 40, "2025-03-04T10:00:00Z"),
        review(32, CLINICAL, "APPROVED", head, "2025-03-04T11:00:00Z"),
    ]
    github.add_pull(9, head=head, commits=[head], reviews=reviews, files=[PLAN], author=CLINICAL)
    project.git("checkout", "-q", "plan")
    code, out, _ = project.run("approve", "check", "--pr", "9", monkeypatch=monkeypatch)
    assert code == 1
    assert out.splitlines()[2:] == [
        f"    not counted: {QUALITY} approved a commit (0000000), not the head commit {head[:7]}; "
        "a push after approval makes it stale",
        f"    not counted: {CLINICAL} opened the pull request and may not approve it",
        "    refused: quorum not met: 0 valid approvals, 2 needed",
        "    refused: quorum not met: no valid approval from a quality reviewer",
    ]


def test_a_pull_request_may_not_edit_an_approval_ledger(
    delivery_project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = delivery_project
    _, head = add_plan(project)
    reviews = _approved_by(head, QUALITY, CLINICAL)
    github.add_pull(9, head=head, commits=[head], reviews=reviews, files=[PLAN, APPROVALS])
    project.git("checkout", "-q", "plan")
    code, out, _ = project.run("approve", "check", "--pr", "9", monkeypatch=monkeypatch)
    assert code == 1
    assert out.splitlines()[-1] == (
        "  refused: the pull request edits an approval ledger; only `credgen approve record` appends to one"
    )


def test_recording_an_unmerged_pull_request_is_refused(
    delivery_project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = delivery_project
    _, head = add_plan(project)
    github.add_pull(9, head=head, commits=[head], reviews=_approved_by(head, QUALITY, CLINICAL), files=[PLAN])
    code, _, err = project.run("approve", "record", "--pr", "9", monkeypatch=monkeypatch)
    assert (code, err) == (1, "error: pull request #9 is not merged; record the approval after the merge\n")


def test_verify_finds_a_rewritten_approval(
    delivery_project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = delivery_project
    _, head = add_plan(project)
    reviews = _approved_by(head, QUALITY, CLINICAL)
    merge = merge_plan(project)
    github.add_pull(9, head=head, commits=[head], reviews=reviews, files=[PLAN], merge=merge)
    assert project.run("approve", "record", "--pr", "9", monkeypatch=monkeypatch)[0] == 0
    project.commit_all("Record the approval")
    ledger = project.root / APPROVALS
    text = ledger.read_text(encoding="utf-8")
    ledger.write_text(text.replace(f'"{QUALITY}"', '"reviewer-lay-1"', 1), encoding="utf-8")
    tampered = project.commit_all("Tamper with the approval")
    code, out, _ = project.run("approve", "verify", monkeypatch=monkeypatch)
    assert code == 1
    assert _relative(out, project.root) == [
        f"{APPROVALS}:1:1: error[CG914]: commit {tampered[:7]} rewrote or removed an approval; "
        "a ledger is append-only",
        f"{APPROVALS}:15:7: error[CG913]: quorum not met: 1 valid approval, 2 needed "
        f"(panel at merge commit {merge[:7]})",
        f"{APPROVALS}:15:7: error[CG913]: quorum not met: no valid approval from a quality reviewer "
        f"(panel at merge commit {merge[:7]})",
        f"{APPROVALS}:15:16: error[CG913]: reviewer-lay-1 is recorded as quality "
        "but the panel lists them as lay",
    ]


def _relative(out: str, root: Path) -> list[str]:
    return [line.replace(f"{root}/", "") for line in out.splitlines()]
