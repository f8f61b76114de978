"""CG611: an endorsed version never goes back to draft, and statuses follow the lifecycle graph."""

from __future__ import annotations

import pytest
from tests.endorse.conftest import LEDGER, SPEC, Project
from tests.endorse.forging import forge, pull_request, quorum


def _cg611(out: str) -> list[str]:
    return [line for line in out.splitlines() if "CG611" in line]


@pytest.fixture
def endorsed(project: Project) -> Project:
    """The project after its specification's endorsement was merged and recorded."""
    head = pull_request(project)
    merge = project.merge()
    forge(project, merge=merge, head=head, approvals=quorum(head))
    return project


def test_setting_an_endorsed_version_back_to_candidate_fails_check(
    endorsed: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    endorsed.edit(SPEC, "status: endorsed\n", "status: candidate\n")
    code, out, _ = endorsed.run("check", monkeypatch=monkeypatch)
    assert code == 1
    assert out.splitlines() == [
        f"{SPEC}:6:9: error[CG611]: version 1.0.0 was endorsed ({LEDGER}:6, pull request #7), so its status "
        "cannot be 'candidate': it can only be endorsed, superseded or withdrawn; to change the text, "
        "give it a new version"
    ]


def test_check_base_refuses_a_transition_off_the_graph(
    endorsed: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = endorsed.git("rev-parse", "HEAD")
    endorsed.edit(SPEC, "status: endorsed\n", "status: candidate\n")
    code, out, _ = endorsed.run("check", "--base", "HEAD", monkeypatch=monkeypatch)
    assert code == 1
    assert _cg611(out)[1] == (
        f"{SPEC}:6:9: error[CG611]: version 1.0.0 of 'older-people-frailty' was 'endorsed' at {base[:12]} "
        "and may not become 'candidate' (from 'endorsed' it may move to: superseded, withdrawn)"
    )


@pytest.mark.parametrize(
    ("new", "allowed"),
    [
        ("withdrawn", True),
        ("in-development", True),
        ("proposed", False),
        ("superseded", False),
    ],
)
def test_check_base_follows_the_graph_from_candidate(
    project: Project, monkeypatch: pytest.MonkeyPatch, new: str, allowed: bool
) -> None:
    project.edit(SPEC, "status: candidate\n", f"status: {new}\n")
    _, out, _ = project.run("check", "--base", "HEAD", monkeypatch=monkeypatch)
    expected = (
        f"{SPEC}:6:9: error[CG611]: version 1.0.0 of 'older-people-frailty' was 'candidate' at "
        f"{project.git('rev-parse', 'HEAD')[:12]} and may not become '{new}' (from 'candidate' it may move "
        "to: endorsed, in-development, withdrawn)"
    )
    assert _cg611(out) == ([] if allowed else [expected])


def test_a_new_version_starts_its_own_lifecycle(endorsed: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    endorsed.edit(SPEC, 'version: "1.0.0"\n', 'version: "1.1.0"\n')
    endorsed.edit(SPEC, "status: endorsed\n", "status: candidate\n")
    _, out, _ = endorsed.run("check", "--base", "HEAD", monkeypatch=monkeypatch)
    assert _cg611(out) == []


def test_check_base_names_an_unknown_revision(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = project.run("check", "--base", "no-such-branch", monkeypatch=monkeypatch)
    assert (code, err) == (
        1,
        "error: unknown git revision 'no-such-branch'\nhint: name a branch, tag or commit\n",
    )
