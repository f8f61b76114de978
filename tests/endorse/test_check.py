"""`credgen endorse check --pr N`: every refusal in the issue, each with its message pinned."""

from __future__ import annotations

from typing import Any

import pytest
from tests.endorse.conftest import OWNER_REPO, SLUG, SPEC, GitHubState, Project, review

ACADEMIC, CLINICAL = "reviewer-academic-1", "reviewer-clinical-1"


def _run_check(
    project: Project,
    github: GitHubState,
    monkeypatch: pytest.MonkeyPatch,
    reviews: Any,
    *,
    author: str = "spec-editor",
    extra_edit: tuple[str, str] | None = None,
) -> tuple[int, list[str], str, dict[str, str]]:
    """Open pull request #7 with `reviews(shas)` and run the check on its head."""
    first, head, _ = project.endorse_branch(extra_edit=extra_edit)
    shas = {"first": first, "head": head, "f": first[:7], "h": head[:7]}
    github.add_pull(7, head=head, commits=[first, head], reviews=reviews(shas), author=author)
    project.git("checkout", "-q", "endorse")
    code, out, err = project.run("endorse", "check", "--pr", "7", monkeypatch=monkeypatch)
    return code, out.splitlines(), err, shas


def _both(shas: dict[str, str]) -> list[dict[str, Any]]:
    return [review(1, ACADEMIC, "APPROVED", shas["head"]), review(2, CLINICAL, "APPROVED", shas["head"])]


def test_approval_on_an_older_commit_is_stale(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, lines, err, s = _run_check(
        project,
        github,
        monkeypatch,
        lambda s: [review(1, ACADEMIC, "APPROVED", s["first"]), review(2, CLINICAL, "APPROVED", s["head"])],
    )
    assert code == 1
    assert lines[1:] == [
        f"  {SLUG}: refused",
        f"    not counted: {ACADEMIC} approved an earlier commit of this pull request ({s['f']}), "
        f"not the head commit {s['h']}; a push after approval makes it stale",
        f"    counted: {CLINICAL} (clinical) approved the head commit {s['h']} on 2025-03-04",
        "    refused: quorum not met: 1 valid approval, 2 needed",
        "    refused: quorum not met: no valid approval from an academic reviewer",
    ]
    assert err == (
        f"error: endorsement refused for pull request #7: {SLUG}: "
        "quorum not met: 1 valid approval, 2 needed\n"
    )


def test_self_approval_by_the_pull_request_author_does_not_count(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, lines, _, _ = _run_check(project, github, monkeypatch, _both, author=ACADEMIC)
    assert code == 1
    assert f"    not counted: {ACADEMIC} opened the pull request and may not approve it" in lines
    assert "    refused: quorum not met: no valid approval from an academic reviewer" in lines


def test_approval_by_an_author_of_the_specification_does_not_count(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit = ("    login: d-illustrative-author\n", f"    login: {CLINICAL}\n")
    code, lines, _, _ = _run_check(project, github, monkeypatch, _both, extra_edit=edit)
    assert code == 1
    assert f"    not counted: {CLINICAL} is an author of '{SLUG}' and may not approve it" in lines
    assert "    refused: quorum not met: no valid approval from a clinical reviewer" in lines


def test_an_author_who_leaves_the_author_list_in_the_pull_request_still_may_not_approve(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.edit(SPEC, "    login: d-illustrative-author\n", f"    login: {CLINICAL}\n")
    project.commit_all("Credit the clinical author")
    edit = (f"    login: {CLINICAL}\n", "    login: d-illustrative-author\n")
    first, head, base = project.endorse_branch(extra_edit=edit)
    github.add_pull(7, head=head, base=base, commits=[first, head], reviews=_both({"head": head}))
    project.git("checkout", "-q", "endorse")
    code, out, _ = project.run("endorse", "check", "--pr", "7", monkeypatch=monkeypatch)
    assert code == 1
    assert f"    not counted: {CLINICAL} is an author of '{SLUG}' and may not approve it" in out.splitlines()


def test_approval_by_a_non_member_does_not_count(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, lines, _, _ = _run_check(
        project,
        github,
        monkeypatch,
        lambda s: [
            review(1, ACADEMIC, "APPROVED", s["head"]),
            review(2, "a-passer-by", "APPROVED", s["head"]),
        ],
    )
    assert code == 1
    assert lines[2:] == [
        f"    counted: {ACADEMIC} (academic) approved the head commit {lines[0][-7:]} on 2025-03-04",
        "    not counted: a-passer-by is not a member of the endorsement panel",
        "    refused: quorum not met: 1 valid approval, 2 needed",
        "    refused: quorum not met: no valid approval from a clinical reviewer",
    ]


def test_approval_after_the_members_term_ended_does_not_count(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, lines, _, _ = _run_check(
        project,
        github,
        monkeypatch,
        lambda s: [
            review(1, "reviewer-academic-2", "APPROVED", s["head"], "2025-07-01T08:00:00Z"),
            review(2, CLINICAL, "APPROVED", s["head"], "2025-07-01T09:00:00Z"),
        ],
    )
    assert code == 1
    assert (
        "    not counted: reviewer-academic-2's panel term ended on 2025-06-30, "
        "before the review on 2025-07-01"
    ) in lines


def test_a_dismissed_review_blocks(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, lines, err, _ = _run_check(
        project,
        github,
        monkeypatch,
        lambda s: [
            *_both(s),
            review(3, "reviewer-clinical-2", "DISMISSED", s["head"], "2025-03-04T11:00:00Z"),
        ],
    )
    assert code == 1
    assert lines[-1] == (
        "    refused: reviewer-clinical-2's review was dismissed; "
        "that blocks endorsement until they review again"
    )
    assert "reviewer-clinical-2's review was dismissed" in err


def test_changes_requested_after_an_approval_blocks(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, lines, _, s = _run_check(
        project,
        github,
        monkeypatch,
        lambda s: [
            *_both(s),
            review(3, "reviewer-clinical-2", "APPROVED", s["head"], "2025-03-04T11:00:00Z"),
            review(4, CLINICAL, "CHANGES_REQUESTED", s["head"], "2025-03-04T12:00:00Z"),
        ],
    )
    assert code == 1
    assert lines[2:] == [
        f"    counted: {ACADEMIC} (academic) approved the head commit {s['h']} on 2025-03-04",
        f"    counted: reviewer-clinical-2 (clinical) approved the head commit {s['h']} on 2025-03-04",
        f"    refused: {CLINICAL} requested changes; that blocks endorsement until they approve",
    ]


def test_quorum_not_met_by_a_chair_and_a_lay_member(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, lines, _, _ = _run_check(
        project,
        github,
        monkeypatch,
        lambda s: [
            review(1, "panel-chair-example", "APPROVED", s["head"]),
            review(2, "reviewer-lay-1", "APPROVED", s["head"]),
        ],
    )
    assert code == 1
    assert lines[-2:] == [
        "    refused: quorum not met: no valid approval from an academic reviewer",
        "    refused: quorum not met: no valid approval from a clinical reviewer",
    ]


def test_the_latest_review_counts_so_a_new_approval_lifts_a_block(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, lines, _, _ = _run_check(
        project,
        github,
        monkeypatch,
        lambda s: [
            review(1, CLINICAL, "CHANGES_REQUESTED", s["first"], "2025-03-03T10:00:00Z"),
            *_both(s),
        ],
    )
    assert code == 0
    assert lines[1] == f"  {SLUG}: endorsed"


def test_a_pull_request_that_endorses_nothing_passes(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = project.git("rev-parse", "HEAD")
    github.add_pull(8, head=head, commits=[head], reviews=[], files=["README.md", "specs/panel.yaml"])
    code, out, _ = project.run("endorse", "check", "--pr", "8", monkeypatch=monkeypatch)
    assert code == 0
    assert out.splitlines() == [
        f"pull request #8, head commit {head[:7]}",
        "  sets no specification to endorsed: nothing to decide",
    ]


def test_an_endorsing_pull_request_may_not_change_the_panel(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, head, _ = project.endorse_branch()
    files = [SPEC, "specs/panel.yaml"]
    github.add_pull(7, head=head, commits=[first, head], reviews=_both({"head": head}), files=files)
    project.git("checkout", "-q", "endorse")
    code, out, err = project.run("endorse", "check", "--pr", "7", monkeypatch=monkeypatch)
    assert code == 1
    assert out.splitlines()[-1] == (
        "  refused: the pull request changes specs/panel.yaml; change the panel in a separate pull request"
    )
    assert err.startswith("error: endorsement refused for pull request #7: the pull request changes")


def test_a_repository_must_be_named(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_REPOSITORY")
    code, _, err = project.run("endorse", "check", "--pr", "7", monkeypatch=monkeypatch)
    assert (code, err) == (
        1,
        "error: no repository given\nhint: pass --repo owner/name or set GITHUB_REPOSITORY\n",
    )
    code, _, err = project.run("endorse", "check", "--pr", "7", "--repo", "nope", monkeypatch=monkeypatch)
    assert (code, err) == (1, "error: repository must be written owner/name, not 'nope'\n")
    assert OWNER_REPO not in {path for path, _ in github.requests}


def test_the_working_tree_must_hold_the_head_commits_text(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, head, _ = project.endorse_branch()
    github.add_pull(7, head=head, commits=[first, head], reviews=_both({"head": head}))
    project.git("checkout", "-q", "endorse")
    project.edit(SPEC, "  - frailty\n", "  - frailty\n  - ageing\n")
    code, out, _ = project.run("endorse", "check", "--pr", "7", monkeypatch=monkeypatch)
    assert code == 1
    assert out.splitlines()[-1] == (
        f"  refused: {SPEC} here differs from the pull request's head commit {head[:7]}; "
        "check out that commit to check it"
    )
