"""End to end: PR approved → check passes → merge → record → verify passes → check accepts it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.endorse.conftest import LEDGER, OWNER_REPO, SLUG, GitHubState, Project, review

from credgen.context import BuildContext
from credgen.endorse.chain import chain_head
from credgen.endorse.ledger import current_endorsement
from credgen.endorse.publish import endorsements_json
from credgen.load.documents import load_corpus
from credgen.render.templates import render_credential_body
from credgen.site.state import load_state


def test_approved_pull_request_is_checked_recorded_and_verified(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, head, _ = project.endorse_branch()
    reviews = [
        review(11, "reviewer-academic-1", "APPROVED", head, "2025-03-04T10:00:00Z"),
        review(12, "reviewer-lay-1", "COMMENTED", head, "2025-03-04T10:30:00Z"),
        review(13, "reviewer-clinical-1", "APPROVED", head, "2025-03-04T11:00:00Z"),
        review(14, "reviewer-clinical-1", "COMMENTED", head, "2025-03-04T12:00:00Z"),
    ]
    github.add_pull(7, head=head, commits=[first, head], reviews=reviews)

    # check, on the pull request's head (the branch checked out)
    project.git("checkout", "-q", "endorse")
    code, out, err = project.run("endorse", "check", "--pr", "7", monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"pull request #7, head commit {head[:7]}",
        f"  {SLUG}: endorsed",
        f"    counted: reviewer-academic-1 (academic) approved the head commit {head[:7]} on 2025-03-04",
        f"    counted: reviewer-clinical-1 (clinical) approved the head commit {head[:7]} on 2025-03-04",
    ]
    # every listing was paginated (page size 2) and the token was sent on every request
    assert [p for p, _ in github.requests].count(f"/repos/{OWNER_REPO}/pulls/7/reviews") == 2
    assert {auth for _, auth in github.requests} == {"Bearer test-token"}

    # merge, then record
    project.git("checkout", "-q", "main")
    merge = project.merge()
    github.add_pull(7, head=head, commits=[first, head], reviews=reviews, merge=merge)
    code, out, err = project.run("endorse", "record", "--pr", "7", monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == f"  recorded: {SLUG} 1.0.0 in {LEDGER}"
    ledger = (project.root / LEDGER).read_text(encoding="utf-8")
    assert f'    merge_commit: "{merge}"\n' in ledger
    assert f'    head_commit: "{head}"\n' in ledger
    assert '    merged_at: "2025-03-05T16:00:00Z"\n' in ledger

    # recording twice is harmless
    code, out, _ = project.run("endorse", "record", "--pr", "7", monkeypatch=monkeypatch)
    assert code == 0
    assert out.splitlines()[-1] == f"  recorded: {SLUG} 1.0.0 is already in the ledger (merge {merge[:7]})"
    assert (project.root / LEDGER).read_text(encoding="utf-8") == ledger

    # the workflow commits the ledger; verify it offline
    project.commit_all("Record the endorsement of older-people-frailty 1.0.0")
    code, out, err = project.run("endorse", "verify", monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"verified: {SLUG} 1.0.0: merge {merge[:7]} of pull request #7, sha256 "
        f"{_entry(project.root).spec_sha256[:12]}, approved by reviewer-academic-1 (academic), "
        "reviewer-clinical-1 (clinical)",
        f"chain head: {LEDGER}@1:{chain_head(ledger, LEDGER)}",
    ]
    # a reader who kept that head can check against it
    kept = out.splitlines()[-1].removeprefix("chain head: ")
    assert project.run("endorse", "verify", "--expect", kept, monkeypatch=monkeypatch)[0] == 0
    # ... or a saved copy of the published api/v1/endorsements.json
    published = json.loads(endorsements_json(project.root))
    assert [item["as_text"] for item in published["chain"]] == [kept]
    saved = project.root.parent / "kept-endorsements.json"
    saved.write_text(json.dumps(published), encoding="utf-8")
    assert project.run("endorse", "verify", "--expect", str(saved), monkeypatch=monkeypatch)[0] == 0

    # credgen check accepts status endorsed, and the website/PDF interface returns the entry
    code, out, _ = project.run("check", monkeypatch=monkeypatch)
    assert (code, out) == (0, "")
    entry = _entry(project.root)
    assert (entry.version, entry.pr_number, entry.head_commit, entry.merge_commit) == (
        "1.0.0",
        7,
        head,
        merge,
    )
    assert entry.pr_url == f"https://github.com/{OWNER_REPO}/pull/7"
    assert entry.merged_at == dt.datetime(2025, 3, 5, 16, 0, tzinfo=dt.UTC)
    assert [(a.login, a.name, a.role, a.review_id, a.commit_id) for a in entry.approvals] == [
        ("reviewer-academic-1", "Dr R. Academic (fictional)", "academic", 11, head),
        ("reviewer-clinical-1", "T. Clinician, Consultant Practitioner (fictional)", "clinical", 13, head),
    ]

    # the website's state carries it, and the body shared by the web page and the PDF shows it
    ctx = BuildContext.for_project(
        project.root, site_url="https://example.org/", repo_url="https://x.example"
    )
    state, _ = load_state(project.root, ctx)
    assert state is not None and state.endorsements == {SLUG: entry}
    document = state.corpus.credentials[SLUG]
    html = render_credential_body(state.env, document, state.corpus, ctx, endorsement=entry)
    section = html[html.index('<section class="cg-section cg-endorsement"') :]
    assert f'<a href="https://github.com/{OWNER_REPO}/pull/7">pull request #7</a>' in section
    assert f"<code>{head}</code>" in section and f"<code>{merge}</code>" in section
    assert 'Dr R. Academic (fictional) <span class="cg-login">(@reviewer-academic-1)</span>' in section
    assert "<code>credgen endorse verify</code>" in section
    assert f'<dt>Ledger chain head</dt><dd><code class="cg-digest">{kept}</code></dd>' in section
    assert entry.chain_head == kept


def _entry(root: Path):  # type: ignore[no-untyped-def]
    corpus = load_corpus(root)
    entry = current_endorsement(root, corpus.credentials[SLUG])
    assert entry is not None
    return entry
