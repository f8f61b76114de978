"""`credgen check` and endorsement: CG601 (endorsed needs an entry), CG603 (ledger well-formed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.endorse.conftest import LEDGER, SLUG, SPEC, Project

from credgen.endorse.canonical import canonical_form, spec_sha256
from credgen.endorse.rules import endorsement_rules
from credgen.load.documents import load_corpus
from credgen.load.source import parse_text

SHA = "a" * 40
ENTRY = f"""  - version: "1.0.0"
    spec_sha256: "{"b" * 64}"
    pr_number: 7
    pr_url: "https://github.com/example-org/credential-specs/pull/7"
    pr_author: "spec-editor"
    head_commit: "{SHA}"
    merge_commit: "{"c" * 40}"
    merged_at: "2025-03-05T16:00:00Z"
    approvals:
      - login: "reviewer-academic-1"
        name: "Dr R. Academic (fictional)"
        role: academic
        review_id: 11
        commit_id: "{SHA}"
        submitted_at: "2025-03-04T10:00:00Z"
"""


def _check(project: Project, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    code, out, _ = project.run("check", monkeypatch=monkeypatch)
    return code, out.splitlines()


def test_status_endorsed_without_a_ledger_entry_fails(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.edit(SPEC, "status: candidate\n", "status: endorsed\n")
    assert _check(project, monkeypatch) == (
        1,
        [
            f"{SPEC}:6:9: error[CG601]: status is 'endorsed' but {LEDGER} has no entry for version 1.0.0; "
            "`credgen endorse record` adds it after the approved pull request is merged"
        ],
    )


def test_a_pending_endorsement_is_a_warning_while_its_pull_request_is_open(project: Project) -> None:
    project.edit(SPEC, "status: candidate\n", "status: endorsed\n")
    found = list(endorsement_rules(load_corpus(project.root), pending=True))
    assert [d.as_text() for d in found] == [
        f"{SPEC}:6:9: warning[CG601]: status is 'endorsed' but {LEDGER} has no entry for version 1.0.0 yet "
        "(pending: `credgen endorse check` decides on the pull request)"
    ]


def test_status_endorsed_with_an_invalid_ledger_fails(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.edit(SPEC, "status: candidate\n", "status: endorsed\n")
    (project.root / LEDGER).parent.mkdir()
    (project.root / LEDGER).write_text("entries:\n" + ENTRY.replace("role: academic", "role: academik"))
    code, lines = _check(project, monkeypatch)
    assert code == 1
    assert lines == [
        f"{SPEC}:6:9: error[CG601]: status is 'endorsed' but {LEDGER} is not a valid ledger",
        f"{LEDGER}:13:15: error[CG104]: 'role' must be one of academic, clinical, lay, chair, quality, "
        "not 'academik' (did you mean 'academic'?)",
    ]


def test_ledgers_are_well_formed(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = project.root / "specs" / "endorsements"
    folder.mkdir()
    (folder / "older-people-fraility.yaml").write_text("entries:\n" + ENTRY)
    bad = ENTRY.replace(f'commit_id: "{SHA}"', f'commit_id: "{"d" * 40}"').replace("/pull/7", "/pull/8")
    (folder / f"{SLUG}.yaml").write_text("entries:\n" + ENTRY + bad)
    (folder / "notes.txt").write_text("stray")
    code, lines = _check(project, monkeypatch)
    assert code == 1
    assert lines == [
        # a ledger entry for the version with another hash: the candidate text differs from what was endorsed
        f"{SPEC}:5:10: error[CG602]: version 1.0.0 was endorsed (pull request #7) "
        "and its content has changed "
        f"since (recorded sha256 bbbbbbbbbbbb, now {lines[0].split('now ')[1][:12]}); an endorsed text is "
        "frozen: give the change a new version",
        f"{SPEC}:6:9: error[CG611]: version 1.0.0 was endorsed ({LEDGER}:2, pull request #7), so its status "
        "cannot be 'candidate': it can only be endorsed, superseded or withdrawn; to change the text, give "
        "it a new version",
        "specs/endorsements/notes.txt:1:1: error[CG603]: "
        "only <slug>.yaml ledgers belong in specs/endorsements",
        "specs/endorsements/older-people-fraility.yaml:1:1: error[CG603]: ledger for unknown credential "
        "'older-people-fraility' (did you mean 'older-people-frailty'?)",
        f"{LEDGER}:17:14: error[CG603]: version 1.0.0 has a second entry; a version is endorsed once",
        f"{LEDGER}:20:13: error[CG603]: pr_url does not point at pull request #7: "
        "https://github.com/example-org/credential-specs/pull/8",
        f"{LEDGER}:30:20: error[CG603]: approval by reviewer-academic-1 is on commit ddddddd, "
        "not the entry's head commit",
    ]


def test_a_candidate_with_an_unrelated_ledger_is_fine(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project.root / LEDGER).parent.mkdir()
    (project.root / LEDGER).write_text("entries:\n" + ENTRY.replace('"1.0.0"', '"0.9.0"'))
    assert _check(project, monkeypatch) == (0, [])


# The canonical form ------------------------------------------------------------------------

BASE = """# a comment
title: Frailty
version: "1.0.0"
status: candidate
summary: >
  One paragraph
  of text.
keywords: [a, b]
dates:
  created: 2024-01-01
"""


def _digest(text: str) -> str:
    source = parse_text(text, "x.yaml")
    assert source.diagnostics == []
    return spec_sha256(source.data)


@pytest.mark.parametrize(
    "variant",
    [
        # key order, quoting, block vs flow, comments, folded vs plain, a trailing newline
        "version: '1.0.0'\ntitle: \"Frailty\"\nsummary: One paragraph of text.\n"
        "dates: {created: 2024-01-01}\nkeywords:\n  - a\n  - b\n",
        # lifecycle pointers are not content; null and empty values equal absent keys
        BASE.replace("status: candidate", "status: superseded\nsuperseded_by: frailty-2\nscope:\nepas: []"),
        # Unicode normalisation and Windows line endings
        BASE.replace("Frailty", "Frailty\u0020").replace("\n", "\r\n"),
    ],
    ids=["layout", "lifecycle-and-empties", "whitespace"],
)
def test_the_hash_ignores_how_the_file_is_written(variant: str) -> None:
    assert _digest(variant) == _digest(BASE)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Frailty", "Frailty and ageing"),
        ('"1.0.0"', '"1.0.1"'),
        ("[a, b]", "[b, a]"),
        ("2024-01-01", "2024-01-02"),
        ("of text.", "of  text."),
        ("Frailty", "Frailte\u0301"),
    ],
)
def test_the_hash_changes_with_any_content(old: str, new: str) -> None:
    assert _digest(BASE.replace(old, new)) != _digest(BASE)


def test_the_canonical_form_is_sorted_compact_utf8_json() -> None:
    source = parse_text('b: "é"\na: 15.0\nc: [{z: 1, y: null}]\nstatus: endorsed\n', "x.yaml")
    assert canonical_form(source.data) == '{"a":15,"b":"é","c":[{"z":1}]}'.encode()


def test_the_example_corpus_hashes_stably(example_project: Path) -> None:
    corpus = load_corpus(example_project)
    digests = {slug: spec_sha256(doc.source.data) for slug, doc in corpus.credentials.items()}
    assert len(set(digests.values())) == len(digests)
    assert all(len(d) == 64 for d in digests.values())
