"""Each forgery of issue 22, tried with plain git and push rights, is refused by `credgen endorse verify`.

Every message names the entry (file and line), the commit and the rule it breaks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from tests.endorse.conftest import LEDGER, SPEC, Project, SigningKey
from tests.endorse.forging import APPROVED_AT, approval, forge, messages, panel_rule, pull_request, quorum

from credgen.endorse.chain import chain_head

_SHAPE = "rule: an endorsement is the merge of the reviewed commit"
_TIMES = "rule: approvals fall between the reviewed commit and the merge"


def _verify(project: Project, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    code, out, _ = project.run("endorse", "verify", *args, monkeypatch=monkeypatch)
    return code, out


def _line_of(project: Project, start: str) -> int:
    text = (project.root / LEDGER).read_text(encoding="utf-8")
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def _founding(project: Project) -> str:
    return project.git("rev-list", "--max-parents=0", "HEAD")[:7]


def test_an_ordinary_commit_cited_as_the_merge_with_an_invented_head_is_refused(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.edit(SPEC, "status: candidate\n", "status: endorsed\n")
    ordinary = project.commit_all("Endorse it directly on main")
    invented = "e" * 40
    forge(project, merge=ordinary, head=invented, approvals=quorum(invented))
    code, out = _verify(project, monkeypatch)
    assert code == 1
    assert out.splitlines() == [
        f"{LEDGER}:{_line_of(project, '    head_commit:')}:18: error[CG607]: the reviewed head commit "
        f"eeeeeee of merge {ordinary[:7]} is not in this clone ({_SHAPE})",
        f"{LEDGER}:{_line_of(project, '    merge_commit:')}:19: error[CG608]: merge commit {ordinary[:7]} is "
        "refused: it is not signed (rule: a recorded merge is signed by a trusted key)",
    ]


def test_an_ordinary_commit_cited_as_the_merge_of_a_real_head_is_refused(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = pull_request(project)
    project.git("merge", "-q", "--ff-only", "endorse")
    forge(project, merge=head, head=head, approvals=quorum(head))
    code, out = _verify(project, monkeypatch)
    assert code == 1
    when = project.commit_time(head)
    assert messages(out) == [
        f"error[CG607]: merge commit {head[:7]} does not have the reviewed head {head[:7]} as its second "
        f"parent ({_SHAPE})",
        f"error[CG608]: merge commit {head[:7]} is refused: it is not signed "
        "(rule: a recorded merge is signed by a trusted key)",
        *(
            f"error[CG607]: {login}'s approval at {APPROVED_AT} is not between the reviewed commit "
            f"{head[:7]} ({when}) and merge {head[:7]} ({when}) ({_TIMES})"
            for login in ("reviewer-academic-1", "reviewer-clinical-1")
        ),
    ]


def test_approvals_dated_before_the_reviewed_commit_are_refused(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = pull_request(project)
    merge = project.merge()
    early = "2025-02-01T10:00:00Z"
    forge(project, merge=merge, head=head, approvals=quorum(head, early))
    code, out = _verify(project, monkeypatch)
    assert code == 1
    reviewed = project.commit_time(head)
    assert messages(out) == [
        f"error[CG607]: {login}'s approval at {early} is not between the reviewed commit {head[:7]} "
        f"({reviewed}) and merge {merge[:7]} (2025-03-05T16:00:00Z) ({_TIMES})"
        for login in ("reviewer-academic-1", "reviewer-clinical-1")
    ]


def test_an_approval_after_the_approvers_term_ended_is_refused(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = pull_request(project)
    merge = project.merge(at=dt.datetime(2025, 7, 5, 9, 0, tzinfo=dt.UTC))
    approvals = [
        approval("reviewer-academic-2", head, "2025-07-04T10:00:00Z", review_id=12),
        approval("reviewer-clinical-1", head, "2025-07-04T10:00:00Z", review_id=13),
    ]
    forge(project, merge=merge, head=head, approvals=approvals)
    code, out = _verify(project, monkeypatch)
    assert code == 1
    where = panel_rule(merge, _founding(project))
    assert messages(out) == [
        f"error[CG605]: quorum not met: 1 valid approval, 2 needed ({where})",
        f"error[CG605]: quorum not met: no valid approval from an academic reviewer ({where})",
        "error[CG605]: reviewer-academic-2's panel term ended on 2025-06-30, before the review on "
        f"2025-07-04 ({where})",
    ]


def test_a_member_added_by_an_ordinary_commit_has_no_authority(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.edit(
        "specs/panel.yaml",
        "\nquorum:\n",
        "\n  - login: reviewer-added\n    name: A. Added (fictional)\n    role: clinical\n"
        "    valid_from: 2024-01-01\nquorum:\n",
    )
    project.commit_all("Add a reviewer (no approval)")
    head = pull_request(project)
    merge = project.merge()
    approvals = [approval("reviewer-academic-1", head), approval("reviewer-added", head, review_id=14)]
    approvals[1] = approvals[1].model_copy(update={"name": "A. Added (fictional)"})
    forge(project, merge=merge, head=head, approvals=approvals)
    code, out = _verify(project, monkeypatch)
    assert code == 1
    where = panel_rule(merge, _founding(project))
    assert messages(out) == [
        f"error[CG605]: quorum not met: 1 valid approval, 2 needed ({where})",
        f"error[CG605]: quorum not met: no valid approval from a clinical reviewer ({where})",
        f"error[CG605]: reviewer-added is not a member of the endorsement panel ({where})",
    ]


def test_a_quorum_lowered_by_an_ordinary_commit_does_not_apply(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.edit("specs/panel.yaml", "\nquorum:\n  min_approvals: 2\n", "\nquorum:\n  min_approvals: 1\n")
    project.edit("specs/panel.yaml", "    - clinical\n", "")
    project.commit_all("Lower the quorum (no approval)")
    head = pull_request(project)
    merge = project.merge()
    forge(project, merge=merge, head=head, approvals=[approval("reviewer-academic-1", head)])
    code, out = _verify(project, monkeypatch)
    assert code == 1
    where = panel_rule(merge, _founding(project))
    assert messages(out) == [
        f"error[CG605]: quorum not met: 1 valid approval, 2 needed ({where})",
        f"error[CG605]: quorum not met: no valid approval from a clinical reviewer ({where})",
    ]


def test_approver_names_that_match_no_panel_member_are_refused(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = pull_request(project)
    merge = project.merge()
    approvals = quorum(head)
    approvals[0] = approval("reviewer-academic-1", head, name="Forged reviewer-academic-1")
    forge(project, merge=merge, head=head, approvals=approvals)
    code, out = _verify(project, monkeypatch)
    assert code == 1
    where = panel_rule(merge, _founding(project))
    assert messages(out) == [
        f"error[CG605]: quorum not met: 1 valid approval, 2 needed ({where})",
        f"error[CG605]: quorum not met: no valid approval from an academic reviewer ({where})",
        "error[CG605]: reviewer-academic-1 is recorded as 'Forged reviewer-academic-1' but the panel names "
        f"them 'Dr R. Academic (fictional)' ({where})",
    ]


def test_a_rebase_that_swaps_the_approver_is_caught_by_a_kept_chain_head(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = pull_request(project)
    merge = project.merge()
    forge(project, merge=merge, head=head, approvals=quorum(head))
    code, out = _verify(project, monkeypatch)
    assert code == 0
    kept = out.splitlines()[-1].removeprefix("chain head: ")
    saved = project.root.parent / "endorsements.json"
    path, rest = kept.split("@")
    count, digest = rest.split(":")
    saved.write_text(json.dumps({"chain": [{"path": path, "entries": int(count), "head": digest}]}))

    # rewrite every commit from the ledger's on: the clone alone still looks consistent
    project.git("reset", "-q", "--hard", merge)
    swapped = [quorum(head)[0], approval("reviewer-clinical-2", head, review_id=15)]
    forge(project, merge=merge, head=head, approvals=swapped)
    assert _verify(project, monkeypatch)[0] == 0
    new_head = chain_head((project.root / LEDGER).read_text(encoding="utf-8"), LEDGER)

    expected = [
        f"{LEDGER}:1:1: error[CG609]: the kept chain head {kept} is not in the history: entry 1 now hashes "
        f"to {new_head[:12]}, not the kept {digest[:12]}; history was rewritten"
    ]
    with _serving(saved.parent) as address:
        for copy in (kept, str(saved), f"{address}/{saved.name}"):
            code, out = _verify(project, monkeypatch, "--expect", copy)
            assert (code, out.splitlines()) == (1, expected)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


@contextlib.contextmanager
def _serving(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1, as a reader's archive of the published file would."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_an_unsigned_merge_is_refused(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    head = pull_request(project)
    merge = project.merge(sign=False)
    forge(project, merge=merge, head=head, approvals=quorum(head))
    code, out = _verify(project, monkeypatch)
    assert code == 1
    assert out.splitlines() == [
        f"{LEDGER}:{_line_of(project, '    merge_commit:')}:19: error[CG608]: merge commit {merge[:7]} is "
        "refused: it is not signed (rule: a recorded merge is signed by a trusted key)"
    ]


def test_a_merge_signed_with_a_key_declared_by_an_ordinary_commit_is_refused(
    project: Project, monkeypatch: pytest.MonkeyPatch, other_key: SigningKey
) -> None:
    (project.root / "specs" / "keys" / "intruder.asc").write_text(other_key.public, encoding="utf-8")
    project.commit_all("Trust another key (no approval)")
    head = pull_request(project)
    project.key = other_key
    merge = project.merge()
    forge(project, merge=merge, head=head, approvals=quorum(head))
    code, out = _verify(project, monkeypatch)
    assert code == 1
    assert messages(out) == [
        f"error[CG608]: merge commit {merge[:7]} is refused: it is signed with key "
        f"{other_key.fingerprint[-16:]}, which is not a trusted key "
        "(rule: a recorded merge is signed by a trusted key)"
    ]


def test_a_merge_changed_after_signing_is_refused(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    head = pull_request(project)
    signed = project.merge()
    raw = project.git("cat-file", "commit", signed) + "\n"
    changed = raw.replace("Merge pull request #7", "Merge pull request #7 (approved by the board)")
    tampered = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=project.root,
        input=changed,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    project.git("reset", "-q", "--hard", tampered)
    forge(project, merge=tampered, head=head, approvals=quorum(head))
    code, out = _verify(project, monkeypatch)
    assert code == 1
    assert messages(out) == [
        f"error[CG608]: merge commit {tampered[:7]} is refused: its signature is bad (the commit was changed "
        "after it was signed) (rule: a recorded merge is signed by a trusted key)"
    ]


def test_a_merge_time_that_disagrees_with_the_commit_is_refused(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = pull_request(project)
    merge = project.merge()
    forge(project, merge=merge, head=head, approvals=quorum(head), merged_at="2025-03-06T16:00:00Z")
    code, out = _verify(project, monkeypatch)
    assert code == 1
    assert messages(out) == [
        f"error[CG607]: merged_at 2025-03-06T16:00:00Z is not the time of merge commit {merge[:7]} "
        f"(2025-03-05T16:00:00Z) ({_TIMES})"
    ]


def test_a_broken_chain_link_is_refused(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    head = pull_request(project)
    merge = project.merge()
    forge(project, merge=merge, head=head, approvals=quorum(head))
    text = (project.root / LEDGER).read_text(encoding="utf-8")
    (project.root / LEDGER).write_text(text.replace(f'"{"0" * 64}"', f'"{"1" * 64}"'), encoding="utf-8")
    code, out = _verify(project, monkeypatch)
    assert code == 1
    assert messages(out) == [
        "error[CG606]: the entry for version 1.0.0 was rewritten in the working tree; "
        "a ledger is append-only",
        "error[CG609]: previous_sha256 111111111111 does not match the start of the ledger (000000000000) "
        "(rule: ledger entries form a hash chain)",
    ]


def test_a_squash_merge_is_recorded_with_its_method_and_verified(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = pull_request(project)
    project.jump(dt.datetime(2025, 3, 5, 16, 0, tzinfo=dt.UTC))
    project.git("merge", "-q", "--squash", "endorse")
    project.git(*project.signing(), "commit", "-q", "-m", "Endorse (#7)")
    squash = project.git("rev-parse", "HEAD")
    forge(project, merge=squash, head=head, approvals=quorum(head, APPROVED_AT), method="squash")
    code, out = _verify(project, monkeypatch)
    assert (code, out.splitlines()[0].split(",")[0]) == (
        0,
        f"verified: older-people-frailty 1.0.0: merge {squash[:7]} of pull request #7",
    )
    assert 'merge_method: "squash"' in (project.root / LEDGER).read_text(encoding="utf-8")
