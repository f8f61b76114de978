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


def _stale(s: dict[str, str]) -> list[dict[str, Any]]:
    return [review(1, ACADEMIC, "APPROVED", s["first"]), review(2, CLINICAL, "APPROVED", s["head"])]


def _with_a_passer_by(s: dict[str, str]) -> list[dict[str, Any]]:
    return [review(1, ACADEMIC, "APPROVED", s["head"]), review(2, "a-passer-by", "APPROVED", s["head"])]


def _after_a_term_ended(s: dict[str, str]) -> list[dict[str, Any]]:
    return [
        review(1, "reviewer-academic-2", "APPROVED", s["head"], "2025-07-01T08:00:00Z"),
        review(2, CLINICAL, "APPROVED", s["head"], "2025-07-01T09:00:00Z"),
    ]


def _dismissed(s: dict[str, str]) -> list[dict[str, Any]]:
    return [*_both(s), review(3, "reviewer-clinical-2", "DISMISSED", s["head"], "2025-03-04T11:00:00Z")]


def _changes_requested(s: dict[str, str]) -> list[dict[str, Any]]:
    return [
        *_both(s),
        review(3, "reviewer-clinical-2", "APPROVED", s["head"], "2025-03-04T11:00:00Z"),
        review(4, CLINICAL, "CHANGES_REQUESTED", s["head"], "2025-03-04T12:00:00Z"),
    ]


def _chair_and_lay(s: dict[str, str]) -> list[dict[str, Any]]:
    return [
        review(1, "panel-chair-example", "APPROVED", s["head"]),
        review(2, "reviewer-lay-1", "APPROVED", s["head"]),
    ]


def _block_lifted(s: dict[str, str]) -> list[dict[str, Any]]:
    return [review(1, CLINICAL, "CHANGES_REQUESTED", s["first"], "2025-03-03T10:00:00Z"), *_both(s)]


_COUNTED_A = f"    counted: {ACADEMIC} (academic) approved the head commit {{h}} on 2025-03-04"
_COUNTED_C = f"    counted: {CLINICAL} (clinical) approved the head commit {{h}} on 2025-03-04"
_ONE = "quorum not met: 1 valid approval, 2 needed"
_NO_ACADEMIC = "quorum not met: no valid approval from an academic reviewer"
_NO_CLINICAL = "quorum not met: no valid approval from a clinical reviewer"

#: (reviews, pull request author, extra edit on the branch, expected report after its first line).
#: In the lines, {f} and {h} stand for the short first and head commits.
CASES: dict[str, tuple[Any, str, tuple[str, str] | None, list[str]]] = {
    "an approval on an older commit is stale": (
        _stale,
        "spec-editor",
        None,
        [
            f"    not counted: {ACADEMIC} approved an earlier commit of this pull request ({{f}}), "
            "not the head commit {h}; a push after approval makes it stale",
            _COUNTED_C,
            f"    refused: {_ONE}",
            f"    refused: {_NO_ACADEMIC}",
        ],
    ),
    "the pull request's author may not approve it": (
        _both,
        ACADEMIC,
        None,
        [
            f"    not counted: {ACADEMIC} opened the pull request and may not approve it",
            _COUNTED_C,
            f"    refused: {_ONE}",
            f"    refused: {_NO_ACADEMIC}",
        ],
    ),
    "an author of the specification may not approve it": (
        _both,
        "spec-editor",
        ("    login: d-illustrative-author\n", f"    login: {CLINICAL}\n"),
        [
            _COUNTED_A,
            f"    not counted: {CLINICAL} is an author of '{SLUG}' and may not approve it",
            f"    refused: {_ONE}",
            f"    refused: {_NO_CLINICAL}",
        ],
    ),
    "an approval by a non-member does not count": (
        _with_a_passer_by,
        "spec-editor",
        None,
        [
            _COUNTED_A,
            "    not counted: a-passer-by is not a member of the endorsement panel",
            f"    refused: {_ONE}",
            f"    refused: {_NO_CLINICAL}",
        ],
    ),
    "an approval after the member's term ended does not count": (
        _after_a_term_ended,
        "spec-editor",
        None,
        [
            "    not counted: reviewer-academic-2's panel term ended on 2025-06-30, "
            "before the review on 2025-07-01",
            f"    counted: {CLINICAL} (clinical) approved the head commit {{h}} on 2025-07-01",
            f"    refused: {_ONE}",
            f"    refused: {_NO_ACADEMIC}",
        ],
    ),
    "a dismissed review blocks": (
        _dismissed,
        "spec-editor",
        None,
        [
            _COUNTED_A,
            _COUNTED_C,
            "    refused: reviewer-clinical-2's review was dismissed; "
            "that blocks endorsement until they review again",
        ],
    ),
    "changes requested after an approval block": (
        _changes_requested,
        "spec-editor",
        None,
        [
            _COUNTED_A,
            "    counted: reviewer-clinical-2 (clinical) approved the head commit {h} on 2025-03-04",
            f"    refused: {CLINICAL} requested changes; that blocks endorsement until they approve",
        ],
    ),
    "a chair and a lay member do not make the quorum": (
        _chair_and_lay,
        "spec-editor",
        None,
        [
            "    counted: panel-chair-example (chair) approved the head commit {h} on 2025-03-04",
            "    counted: reviewer-lay-1 (lay) approved the head commit {h} on 2025-03-04",
            f"    refused: {_NO_ACADEMIC}",
            f"    refused: {_NO_CLINICAL}",
        ],
    ),
    "the latest review counts, so a new approval lifts a block": (
        _block_lifted,
        "spec-editor",
        None,
        [_COUNTED_A, _COUNTED_C],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_endorse_check_decides_on_the_reviews(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    reviews, author, extra_edit, expected = CASES[case]
    code, lines, err, s = _run_check(
        project, github, monkeypatch, reviews, author=author, extra_edit=extra_edit
    )
    refusals = [line.removeprefix("    refused: ") for line in expected if line.startswith("    refused: ")]
    verdict = "refused" if refusals else "endorsed"
    assert lines[1:] == [f"  {SLUG}: {verdict}", *(line.format(f=s["f"], h=s["h"]) for line in expected)]
    first = f"error: endorsement refused for pull request #7: {SLUG}: {refusals[0]}\n" if refusals else ""
    assert (code, err) == (1 if refusals else 0, first)


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
