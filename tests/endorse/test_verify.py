"""`credgen endorse verify` refuses tampered ledgers, and `credgen check` refuses edited endorsed text."""

from __future__ import annotations

import dataclasses
import subprocess

import pytest
from tests.endorse.conftest import LEDGER, SLUG, SPEC, GitHubState, Project, review
from tests.endorse.forging import panel_rule

from credgen.endorse.chain import GENESIS, chain_head


@dataclasses.dataclass
class Endorsed:
    """A project whose specification was endorsed through pull request #7 and recorded."""

    project: Project
    head: str
    merge: str
    recorded: str
    founding: str

    def verify(self, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str], str]:
        code, out, err = self.project.run("endorse", "verify", monkeypatch=monkeypatch)
        return code, out.splitlines(), err


@pytest.fixture
def endorsed(project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch) -> Endorsed:
    first, head, _ = project.endorse_branch()
    merge = project.merge()
    reviews = [
        review(11, "reviewer-academic-1", "APPROVED", head),
        review(13, "reviewer-clinical-1", "APPROVED", head),
    ]
    github.add_pull(7, head=head, commits=[first, head], reviews=reviews, merge=merge)
    code, _, err = project.run("endorse", "record", "--pr", "7", monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    recorded = project.commit_all("Record the endorsement")
    founding = project.git("rev-list", "--max-parents=0", "HEAD")
    return Endorsed(project, head, merge, recorded, founding)


def _line(ledger_text: str, start: str) -> int:
    """1-based number of the first line of the ledger starting with `start`."""
    return next(i for i, line in enumerate(ledger_text.splitlines(), 1) if line.startswith(start))


def test_a_hand_edited_hash_is_refused(endorsed: Endorsed, monkeypatch: pytest.MonkeyPatch) -> None:
    project = endorsed.project
    text = (project.root / LEDGER).read_text(encoding="utf-8")
    recorded_hash = text.split('spec_sha256: "')[1][:64]
    project.edit(LEDGER, recorded_hash, "0" * 64)
    edit = project.commit_all("Fix the hash")
    code, lines, err = endorsed.verify(monkeypatch)
    assert code == 1
    line = _line(text, "    spec_sha256:")
    assert lines == [
        f"{LEDGER}:{line - 1}:5: error[CG606]: the entry for version 1.0.0 was rewritten in commit "
        f"{edit[:7]}; a ledger is append-only",
        f"{LEDGER}:{line}:18: error[CG604]: the specification at merge commit {endorsed.merge[:7]} hashes to "
        f"{recorded_hash}, not the recorded hash",
    ]
    assert err == "endorsement verification failed: 2 problems\n"


def test_an_uncommitted_edit_of_the_ledger_is_refused(
    endorsed: Endorsed, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = endorsed.project
    project.edit(LEDGER, "Dr R. Academic (fictional)", "Prof. R. Academic (fictional)")
    code, lines, _ = endorsed.verify(monkeypatch)
    assert code == 1
    where = panel_rule(endorsed.merge, endorsed.founding)
    assert [line.split(": ", 1)[1] for line in lines] == [
        "error[CG606]: the entry for version 1.0.0 was rewritten in the working tree; "
        "a ledger is append-only",
        f"error[CG605]: quorum not met: 1 valid approval, 2 needed ({where})",
        f"error[CG605]: quorum not met: no valid approval from an academic reviewer ({where})",
        "error[CG605]: reviewer-academic-1 is recorded as 'Prof. R. Academic (fictional)' but the panel "
        f"names them 'Dr R. Academic (fictional)' ({where})",
    ]


def test_a_deleted_entry_is_refused(endorsed: Endorsed, monkeypatch: pytest.MonkeyPatch) -> None:
    project = endorsed.project
    (project.root / LEDGER).unlink()
    removal = project.commit_all("Remove the ledger")
    code, lines, _ = endorsed.verify(monkeypatch)
    assert code == 1
    assert lines == [
        f"{LEDGER}:1:1: error[CG606]: commit {removal[:7]} removed the ledger; a ledger is append-only"
    ]


def test_an_entry_rewritten_and_then_restored_is_still_refused(
    endorsed: Endorsed, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = endorsed.project
    project.edit(LEDGER, '"reviewer-clinical-1"', '"reviewer-clinical-2"')
    rewrite = project.commit_all("Rewrite history")
    project.edit(LEDGER, '"reviewer-clinical-2"', '"reviewer-clinical-1"')
    restore = project.commit_all("Put it back")
    code, lines, _ = endorsed.verify(monkeypatch)
    assert code == 1
    assert [line.split(": ", 1)[1] for line in lines] == [
        f"error[CG606]: the entry for version 1.0.0 was rewritten in commit {sha[:7]}; "
        "a ledger is append-only"
        for sha in (rewrite, restore)
    ]


def test_editing_endorsed_text_without_a_new_version_fails_check(
    endorsed: Endorsed, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = endorsed.project
    project.edit(SPEC, "  - deprescribing\n", "  - deprescribing\n  - polypharmacy\n")
    project.commit_all("Add a keyword")
    code, out, _ = project.run("check", monkeypatch=monkeypatch)
    assert code == 1
    recorded = (project.root / LEDGER).read_text(encoding="utf-8").split('spec_sha256: "')[1][:12]
    assert out.splitlines() == [
        f"{SPEC}:5:10: error[CG602]: version 1.0.0 was endorsed (pull request #7) "
        "and its content has changed "
        f"since (recorded sha256 {recorded}, now {out.split('now ')[1][:12]}); an endorsed text is frozen: "
        "give the change a new version"
    ]
    # the ledger itself is still true about what was merged
    assert endorsed.verify(monkeypatch)[0] == 0


def test_reformatting_endorsed_text_changes_nothing(
    endorsed: Endorsed, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = endorsed.project
    project.edit(SPEC, 'version: "1.0.0"\n', "# reviewed\nversion: '1.0.0'   # frozen\n")
    project.commit_all("Comments and quoting only")
    assert project.run("check", monkeypatch=monkeypatch)[:2] == (0, "")


def test_approvals_are_judged_by_the_panel_in_force_at_the_merge(
    endorsed: Endorsed, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = endorsed.project
    project.edit(
        "specs/panel.yaml",
        "    role: academic\n    valid_from: 2024-01-01\n  - login: reviewer-academic-2",
        "    role: academic\n    valid_from: 2024-01-01\n    valid_to: 2024-12-31\n"
        "  - login: reviewer-academic-2",
    )
    project.commit_all("Reviewer academic 1 leaves the panel (term recorded late)")
    code, lines, _ = endorsed.verify(monkeypatch)
    assert code == 0
    assert lines[0].startswith(f"verified: {SLUG} 1.0.0: merge {endorsed.merge[:7]} of pull request #7")


def test_recorded_approvals_must_meet_the_quorum(endorsed: Endorsed, monkeypatch: pytest.MonkeyPatch) -> None:
    project = endorsed.project
    text = (project.root / LEDGER).read_text(encoding="utf-8")
    second = text.index('      - login: "reviewer-clinical-1"')
    forged = text[:second].replace('"1.0.0"', '"1.0.0"')
    (project.root / LEDGER).unlink()
    project.commit_all("Start the ledger again")
    (project.root / LEDGER).write_text(forged, encoding="utf-8")
    project.commit_all("A ledger with one approval")
    code, lines, _ = endorsed.verify(monkeypatch)
    assert code == 1
    assert [line.split(": ", 1)[1] for line in lines if "CG605" in line] == [
        "error[CG605]: quorum not met: 1 valid approval, 2 needed "
        f"({panel_rule(endorsed.merge, endorsed.founding)})",
        "error[CG605]: quorum not met: no valid approval from a clinical reviewer "
        f"({panel_rule(endorsed.merge, endorsed.founding)})",
    ]


def test_an_entry_pointing_at_a_missing_commit_is_refused(
    endorsed: Endorsed, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = endorsed.project
    text = (project.root / LEDGER).read_text(encoding="utf-8")
    entry = text[text.index("  - version:") :]
    fake = "f" * 40
    previous = chain_head(text, LEDGER)
    forged = entry.replace('"1.0.0"', '"1.0.1"').replace(endorsed.merge, fake)
    forged = forged.replace(f'previous_sha256: "{GENESIS}"', f'previous_sha256: "{previous}"')
    (project.root / LEDGER).write_text(text + forged, encoding="utf-8")
    project.commit_all("Append an entry for a merge that never happened")
    code, lines, _ = endorsed.verify(monkeypatch)
    assert code == 1
    assert [line.split(": ", 1)[1] for line in lines] == [
        f"error[CG604]: merge commit {fake} is not in this clone's history"
    ]


def test_a_merge_commit_off_the_mainline_is_refused(
    endorsed: Endorsed, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = endorsed.project
    text = (project.root / LEDGER).read_text(encoding="utf-8")
    project.edit(LEDGER, f'merge_commit: "{endorsed.merge}"', f'merge_commit: "{endorsed.head}"')
    code, lines, _ = endorsed.verify(monkeypatch)
    assert code == 1
    assert lines[-1] == (
        f"{LEDGER}:{_line(text, '    merge_commit:')}:19: error[CG604]: merge commit {endorsed.head[:7]} "
        "is not on the first-parent history of HEAD (not a merge into it)"
    )


def test_a_shallow_clone_is_refused_with_a_clear_error(
    endorsed: Endorsed, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = endorsed.project.root.parent / "shallow"
    source = endorsed.project.root.as_uri()
    subprocess.run(["git", "clone", "-q", "--depth", "1", source, str(clone)], check=True)
    shallow = Project(clone)
    code, out, err = shallow.run("endorse", "verify", monkeypatch=monkeypatch)
    assert (code, out) == (1, "")
    assert err == (
        "error: this clone is shallow: its history is cut short, so endorsements cannot be verified\n"
        "hint: fetch the full history: git fetch --unshallow (in GitHub Actions, actions/checkout with "
        "fetch-depth: 0)\n"
    )


def test_record_refuses_an_unmerged_pull_request(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, head, _ = project.endorse_branch()
    github.add_pull(9, head=head, commits=[first, head], reviews=[])
    code, _, err = project.run("endorse", "record", "--pr", "9", monkeypatch=monkeypatch)
    assert (code, err) == (
        1,
        "error: pull request #9 is not merged; record the endorsement after the merge\n",
    )


def test_recording_a_later_pull_request_that_keeps_the_text_is_a_no_op(
    endorsed: Endorsed, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = endorsed.project
    project.git("checkout", "-q", "-b", "comment")
    project.edit(SPEC, 'version: "1.0.0"\n', 'version: "1.0.0"  # endorsed: frozen\n')
    head = project.commit_all("Note that the text is frozen")
    project.git("checkout", "-q", "main")
    project.git("merge", "-q", "--no-ff", "comment", "-m", "Merge pull request #8")
    merge = project.git("rev-parse", "HEAD")
    github.add_pull(8, head=head, commits=[head], reviews=[], merge=merge)
    before = (project.root / LEDGER).read_text(encoding="utf-8")
    code, out, err = project.run("endorse", "record", "--pr", "8", monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    assert (
        out.splitlines()[-1]
        == f"  recorded: {SLUG} 1.0.0 is already in the ledger (merge {endorsed.merge[:7]})"
    )
    assert (project.root / LEDGER).read_text(encoding="utf-8") == before
    assert endorsed.verify(monkeypatch)[0] == 0
