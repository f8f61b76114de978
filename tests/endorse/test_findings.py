"""Findings per criterion: parsed from review bodies, checked, kept in the ledger, re-checked, shown."""

from __future__ import annotations

import pytest
from tests.endorse.conftest import LEDGER, SLUG, GitHubState, Project, review
from tests.endorse.forging import approval, forge, messages, panel_rule, pull_request

from credgen.context import BuildContext
from credgen.endorse.findings import read_findings
from credgen.endorse.ledger import Finding
from credgen.render.templates import render_credential_body
from credgen.site.state import load_state

ALL_MET = """I reviewed the text against the criteria.

```credgen-findings
4: met - the need is stated for older people living with frailty
5: met - open to every regulated profession in advanced practice
6: met - capabilities are at level 7 and each maps to the MPF
7: met - every outcome is assessed
8: met - deliverable as a 30-credit module
```
"""


def test_findings_are_collected_recorded_verified_and_shown(
    criteria_project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = criteria_project
    head = pull_request(project)
    merge = project.merge()
    reviews = [
        review(11, "reviewer-academic-1", "APPROVED", head, body=ALL_MET),
        review(13, "reviewer-clinical-1", "APPROVED", head, body=ALL_MET.replace("30-credit", "60-credit")),
    ]
    github.add_pull(7, head=head, commits=[head], reviews=reviews, merge=merge)
    code, _, err = project.run("endorse", "record", "--pr", "7", monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    ledger = (project.root / LEDGER).read_text(encoding="utf-8")
    assert (
        "        findings:\n          - criterion: 4\n            met: true\n"
        '            comment: "the need is stated for older people living with frailty"\n'
    ) in ledger
    project.commit_all("Record the endorsement")
    assert project.run("endorse", "verify", monkeypatch=monkeypatch)[0] == 0

    ctx = BuildContext.for_project(
        project.root, site_url="https://example.org/", repo_url="https://x.example"
    )
    state, _ = load_state(project.root, ctx)
    assert state is not None
    entry = state.endorsements[SLUG]
    html = render_credential_body(
        state.env, state.corpus.credentials[SLUG], state.corpus, ctx, endorsement=entry
    )
    assert "<caption>Findings of T. Clinician, Consultant Practitioner (fictional) on the endorsement" in html
    assert '<tr><th scope="row">8</th><td>Met</td><td>deliverable as a 60-credit module</td></tr>' in html


@pytest.mark.parametrize(
    ("body", "reason", "count"),
    [
        ("Looks good to me.", "the review has no credgen-findings block", 0),
        (ALL_MET.replace("8: met - deliverable as a 30-credit module\n", ""), "no finding on criterion 8", 4),
        (ALL_MET.replace("7: met", "7: not met"), "criterion 7 found not met, yet the review approves", 5),
        (
            ALL_MET.replace("8: met -", "8: fine -"),
            "line 5 of the findings block is not '<criterion>: met|not met - <comment>'",
            0,
        ),
        (ALL_MET.replace("8: met", "9: met"), "no finding on criterion 8", 5),
        (ALL_MET + "```credgen-findings\n```\n", None, 5),
    ],
)
def test_an_approval_without_sound_findings_does_not_count(body: str, reason: str | None, count: int) -> None:
    findings, problem = read_findings(body, [4, 5, 6, 7, 8])
    assert (problem, len(findings)) == (reason, count)


def test_endorse_check_names_the_missing_findings(
    criteria_project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = criteria_project
    head = pull_request(project)
    reviews = [
        review(11, "reviewer-academic-1", "APPROVED", head, body=ALL_MET),
        review(13, "reviewer-clinical-1", "APPROVED", head, body="Approved."),
    ]
    github.add_pull(7, head=head, commits=[head], reviews=reviews)
    project.git("checkout", "-q", "endorse")
    code, out, _ = project.run("endorse", "check", "--pr", "7", monkeypatch=monkeypatch)
    assert code == 1
    assert out.splitlines()[3:] == [
        "    not counted: reviewer-clinical-1's findings do not support approval: the review has no "
        "credgen-findings block",
        "    refused: quorum not met: 1 valid approval, 2 needed",
        "    refused: quorum not met: no valid approval from a clinical reviewer",
    ]


def test_verify_refuses_recorded_findings_that_do_not_meet_the_criteria(
    criteria_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = criteria_project
    head = pull_request(project)
    merge = project.merge()
    met = [Finding(criterion=n, met=True, comment="met") for n in (4, 5, 6, 7, 8)]
    approvals = [
        approval("reviewer-academic-1", head).model_copy(update={"findings": met}),
        approval("reviewer-clinical-1", head, review_id=13).model_copy(update={"findings": met[:4]}),
    ]
    forge(project, merge=merge, head=head, approvals=approvals)
    code, out, _ = project.run("endorse", "verify", monkeypatch=monkeypatch)
    assert code == 1
    founding = project.git("rev-list", "--max-parents=0", "HEAD")
    where = panel_rule(merge, founding)
    assert messages(out) == [
        f"error[CG605]: quorum not met: 1 valid approval, 2 needed ({where})",
        f"error[CG605]: quorum not met: no valid approval from a clinical reviewer ({where})",
        "error[CG605]: reviewer-clinical-1's recorded findings do not support approval: no finding on "
        f"criterion 8 ({where})",
    ]
