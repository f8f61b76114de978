"""Authority is governed: a panel change counts only through its own recorded, chair-approved merge."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from tests.endorse.conftest import GOVERNANCE, GitHubState, Project, review
from tests.endorse.forging import approval, forge, messages, panel_rule, pull_request

from credgen.endorse.chain import GENESIS, parse_heads
from credgen.endorse.governance import GovernanceEntry, append_governance, governed_sha256
from credgen.endorse.signatures import Keyring
from credgen.exceptions import EndorsementError

_ADDED = (
    "  - login: reviewer-added\n    name: A. Added (fictional)\n"
    "    role: clinical\n    valid_from: 2024-01-01\n"
)
_RULE = "rule: the panel and trusted keys change only through their own recorded approval"


def _panel_change(project: Project, approver: str) -> str:
    """A pull request adding a clinical reviewer, merged (signed) and recorded; returns the merge."""
    project.git("checkout", "-q", "-b", "panel")
    project.edit("specs/panel.yaml", "\nquorum:\n", "\n" + _ADDED + "quorum:\n")
    head = project.commit_all("Add a clinical reviewer")
    project.git("checkout", "-q", "main")
    merge = project.merge("panel", number=5, at=dt.datetime(2025, 3, 2, 9, 0, tzinfo=dt.UTC))
    entry = GovernanceEntry(
        governed_sha256=governed_sha256(project.root, merge),
        pr_number=5,
        pr_url="https://github.com/example-org/credential-specs/pull/5",
        pr_author="spec-editor",
        head_commit=head,
        merge_commit=merge,
        merged_at=dt.datetime(2025, 3, 2, 9, 0, tzinfo=dt.UTC),
        approvals=[approval(approver, head, "2025-03-02T08:00:00Z", review_id=51)],
        previous_sha256=GENESIS,
    )
    append_governance(project.root, entry)
    project.commit_all("Record the panel change")
    return merge


def _endorse_with_the_added_member(project: Project) -> str:
    head = pull_request(project)
    merge = project.merge()
    added = approval("reviewer-added", head, review_id=14).model_copy(update={"name": "A. Added (fictional)"})
    forge(project, merge=merge, head=head, approvals=[approval("reviewer-academic-1", head), added])
    return merge


def test_a_panel_change_approved_by_the_chair_takes_effect(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    change = _panel_change(project, "panel-chair-example")
    merge = _endorse_with_the_added_member(project)
    code, out, err = project.run("endorse", "verify", monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"verified: panel change of pull request #5: merge {change[:7]}"
    assert lines[1].startswith(f"verified: older-people-frailty 1.0.0: merge {merge[:7]} of pull request #7")
    assert lines[1].endswith("approved by reviewer-academic-1 (academic), reviewer-added (clinical)")
    assert [line.split("@")[0] for line in lines[2:]] == [
        f"chain head: {GOVERNANCE}",
        "chain head: specs/endorsements/older-people-frailty.yaml",
    ]


def test_a_panel_change_without_the_chair_gives_no_authority(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    change = _panel_change(project, "reviewer-academic-1")
    merge = _endorse_with_the_added_member(project)
    code, out, _ = project.run("endorse", "verify", monkeypatch=monkeypatch)
    assert code == 1
    founding = project.git("rev-list", "--max-parents=0", "HEAD")[:7]
    where = panel_rule(merge, founding)
    assert messages(out) == [
        f"error[CG605]: quorum not met: 1 valid approval, 2 needed ({where})",
        f"error[CG605]: quorum not met: no valid approval from a clinical reviewer ({where})",
        f"error[CG605]: reviewer-added is not a member of the endorsement panel ({where})",
        "error[CG610]: no serving chair of the panel in force (the founding commit "
        f"{founding}) approved merge {change[:7]} ({_RULE})",
    ]


def test_the_shipped_web_flow_keys_are_githubs() -> None:
    with Keyring() as keyring:
        assert keyring.expiry == {
            "968479A1AFF927E37D1A566BB5690EEEBB952194": 0,
            "5DE3E0509C47EA3CF04A42D34AEE18F83AFDEB23": 1705435200,  # 2024-01-16T20:00:00Z
        }
    from importlib.resources import files

    data = files("credgen.endorse").joinpath("keys/github-web-flow.gpg").read_bytes()
    assert (
        hashlib.sha256(data).hexdigest() == "6ab06b812e5b94ea80084ac6a7d948bffc67f0781bdf08daa34ebd910a2876f6"
    )


def test_a_kept_head_that_is_not_one_is_refused_plainly() -> None:
    with pytest.raises(EndorsementError) as caught:
        parse_heads("specs/endorsements/x.yaml@one:abc", "--expect")
    assert caught.value.message == "--expect: 'specs/endorsements/x.yaml@one:abc' is not a chain head"
    assert caught.value.hint == (
        "write each head as <ledger path>@<entries>:<sha256>, as `credgen endorse verify` prints them"
    )


def test_endorse_record_records_a_chair_approved_panel_change(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.git("checkout", "-q", "-b", "panel")
    project.edit("specs/panel.yaml", "\nquorum:\n", "\n" + _ADDED + "quorum:\n")
    head = project.commit_all("Add a clinical reviewer")
    project.git("checkout", "-q", "main")
    merge = project.merge("panel", number=5, at=dt.datetime(2025, 3, 2, 9, 0, tzinfo=dt.UTC))
    reviews = [
        review(51, "reviewer-academic-1", "APPROVED", head, "2025-03-02T07:00:00Z"),
        review(52, "panel-chair-example", "APPROVED", head, "2025-03-02T08:00:00Z"),
    ]
    files = ["specs/panel.yaml"]
    github.add_pull(
        5,
        head=head,
        commits=[head],
        reviews=reviews,
        files=files,
        merge=merge,
        merged_at=project.commit_time(merge),
    )
    code, out, err = project.run("endorse", "record", "--pr", "5", monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == f"  recorded: the change of pull request #5 in {GOVERNANCE}"
    project.commit_all("Record the panel change")
    code, out, _ = project.run("endorse", "verify", monkeypatch=monkeypatch)
    assert (code, out.splitlines()[0]) == (0, f"verified: panel change of pull request #5: merge {merge[:7]}")


def test_endorse_record_refuses_a_panel_change_without_the_chair(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.git("checkout", "-q", "-b", "panel")
    project.edit("specs/panel.yaml", "\nquorum:\n  min_approvals: 2\n", "\nquorum:\n  min_approvals: 1\n")
    head = project.commit_all("Lower the quorum")
    project.git("checkout", "-q", "main")
    merge = project.merge("panel", number=6)
    reviews = [review(61, "reviewer-academic-1", "APPROVED", head)]
    github.add_pull(6, head=head, commits=[head], reviews=reviews, files=["specs/panel.yaml"], merge=merge)
    code, _, err = project.run("endorse", "record", "--pr", "6", monkeypatch=monkeypatch)
    assert (code, err) == (
        1,
        "error: endorsement refused for pull request #6: the governed files: quorum not met: "
        "no valid approval from a chair reviewer\n",
    )
    assert (project.root / GOVERNANCE).read_text(encoding="utf-8").endswith("entries: []\n")


def test_check_reports_a_broken_criteria_file(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    (project.root / "specs" / "criteria.yaml").write_text("criteria:\n  - number: 3\n    title: Too early\n")
    code, out, _ = project.run("check", monkeypatch=monkeypatch)
    assert (code, out.splitlines()) == (
        1,
        ["specs/criteria.yaml:2:13: error[CG104]: 'number' must be at least 4, not the number 3"],
    )
