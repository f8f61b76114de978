"""YAML → Word → YAML: the same model, the same bytes, and one edit changes one field."""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from credgen.load.documents import load_corpus, parse_model
from credgen.models.credential import Credential
from credgen.word import write_docx
from credgen.word.importer import import_docx
from credgen.word.merge import merge_yaml
from tests.conftest import REPO
from tests.word.conftest import EXAMPLES, WriteDocument
from tests.word.edit import open_document, set_cell, set_detail, set_paragraph


@pytest.mark.parametrize("slug", EXAMPLES)
def test_unedited_document_gives_the_file_back_byte_for_byte(
    slug: str, example_project: Path, write_document: WriteDocument
) -> None:
    result = import_docx(example_project, write_document(slug), f"drafts/{slug}.docx")
    original = (REPO / "specs" / "credentials" / slug / "credential.yaml").read_text(encoding="utf-8")
    assert result.problems == []
    assert result.yaml == original
    assert not result.changed


# An unedited import is byte-identical for every example (above), hence the same model; here
# the model must come from the document alone, for the largest example and one numbered 1.a.
@pytest.mark.parametrize("slug", ["older-people-frailty", "end-of-life-care"])
def test_document_reads_back_as_the_same_model(
    slug: str, example_project: Path, write_document: WriteDocument
) -> None:
    path = example_project / "specs" / "credentials" / slug / "credential.yaml"
    path.unlink()  # no file to merge into: the model must come from the document alone
    result = import_docx(example_project, write_document(slug), f"drafts/{slug}.docx", slug=slug)
    expected = load_corpus(REPO).credentials[slug].model
    assert result.yaml is not None
    model, problems = parse_model(result.yaml, "new.yaml", Credential)
    assert problems == []
    assert model == expected


def test_same_content_gives_the_same_bytes_in_another_process(tmp_path: Path) -> None:
    spec = load_corpus(REPO).credentials["respiratory"].model
    out = tmp_path / "other.docx"
    subprocess.run(
        [sys.executable, "-m", "credgen", "docx", "respiratory", "--out", str(out)],
        cwd=REPO, check=True, capture_output=True, timeout=120,
        env={**os.environ, "PYTHONHASHSEED": "7", "TZ": "Pacific/Auckland"},
    )  # fmt: skip
    assert out.read_bytes() == write_docx(spec, "respiratory")


ORIGINAL = REPO / "specs" / "credentials" / "respiratory" / "credential.yaml"


def _changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def test_editing_one_cell_changes_exactly_that_field(
    example_project: Path, write_document: WriteDocument
) -> None:
    path = write_document("respiratory")
    document = open_document(path)
    set_cell(document, "Learning outcomes", 2, "Capabilities", "A2, B1")
    document.save(str(path))
    result = import_docx(example_project, path, "drafts/respiratory.docx")
    original = ORIGINAL.read_text(encoding="utf-8")
    assert result.problems == []
    assert result.yaml is not None
    before, after = (parse_model(text, "x.yaml", Credential)[0] for text in (original, result.yaml))
    assert before is not None and after is not None
    assert after.outcomes[1].capabilities == ["A2", "B1"]
    assert after.model_copy(update={"outcomes": before.outcomes}) == before
    assert [o for o in after.outcomes if o.id != after.outcomes[1].id] == [
        o for o in before.outcomes if o.id != before.outcomes[1].id
    ]
    removed = [line for line in _changed_lines(original, result.yaml) if line.startswith("-")]
    assert all("- " in line for line in removed)  # only list items of that one field went


def test_editing_a_detail_rewrites_only_that_line(
    example_project: Path, write_document: WriteDocument
) -> None:
    path = write_document("respiratory")
    document = open_document(path)
    set_detail(document, "Title", "Respiratory care (adults)")
    document.save(str(path))
    result = import_docx(example_project, path, "drafts/respiratory.docx")
    original = ORIGINAL.read_text(encoding="utf-8")
    assert result.yaml is not None
    assert _changed_lines(original, result.yaml) == [
        "-title: Respiratory care",
        "+title: Respiratory care (adults)",
    ]


def test_editing_prose_rewrites_only_that_block(example_project: Path, write_document: WriteDocument) -> None:
    path = write_document("respiratory")
    document = open_document(path)
    set_paragraph(document, "Scope", 0, "Adults with respiratory disease.\n\nNot children.")
    document.save(str(path))
    result = import_docx(example_project, path, "drafts/respiratory.docx")
    original = ORIGINAL.read_text(encoding="utf-8")
    assert result.yaml is not None
    changed = _changed_lines(original, result.yaml)
    assert changed[-4:] == ["+scope: |-", "+  Adults with respiratory disease.", "+", "+  Not children."]
    assert all(line.startswith("-") for line in changed[:-4])
    assert changed[0] == "-scope: >-"


def test_word_bullets_become_markdown_list_items(
    example_project: Path, write_document: WriteDocument
) -> None:
    path = write_document("respiratory")
    document = open_document(path)
    set_paragraph(document, "Scope", 0, "The credential covers:")
    heading = next(p for p in document.paragraphs if p.text == "Entry requirements")
    heading.insert_paragraph_before("adults with long-term respiratory disease", style="List Bullet")
    heading.insert_paragraph_before("acute non-invasive ventilation", style="List Bullet")
    document.save(str(path))
    result = import_docx(example_project, path, "drafts/respiratory.docx")
    assert result.yaml is not None
    model, _ = parse_model(result.yaml, "x.yaml", Credential)
    assert model is not None
    assert model.scope.split("\n\n") == [
        "The credential covers:",
        "- adults with long-term respiratory disease",
        "- acute non-invasive ventilation",
    ]


def test_a_field_the_document_does_not_carry_is_kept() -> None:
    original = "title: A\n# why B\nfuture_field: [x, y]  # kept\nscope: >-\n  Old.\nkeywords: [a]\n"
    assert merge_yaml(original, {"title": "A", "scope": "New."}) == (
        "title: A\n# why B\nfuture_field: [x, y]  # kept\nscope: >-\n  New.\n"
    )


def test_a_field_kept_is_judged_where_it_is_not_by_its_name() -> None:
    original = "domains:\n  - id: A\n    statements: [x]\n    description: Old.\n"
    assert merge_yaml(original, {"domains": [{"id": "A"}]}) == "domains:\n  - id: A\n    statements: [x]\n"


#: Fields added in file format 2 that the Word document carries (the entrustment scale, and
#: statements' own mappings, stay in the YAML: an import keeps them as they are).
FORMAT_2_FIELDS = ("indicative_content", "references", "working_group", "acknowledgements", "gateway")


def test_format_2_fields_are_carried_and_editable_in_word(
    example_project: Path, write_document: WriteDocument
) -> None:
    slug = "mental-health"
    original_path = example_project / "specs" / "credentials" / slug / "credential.yaml"
    original = original_path.read_text(encoding="utf-8")
    expected, _ = parse_model(original, "x.yaml", Credential)
    assert expected is not None and all(getattr(expected, field) for field in FORMAT_2_FIELDS)
    # Read from the document alone, the fields are those of the file.
    original_path.unlink()
    alone = import_docx(example_project, write_document(slug), f"drafts/{slug}.docx", slug=slug)
    assert alone.yaml is not None
    read, problems = parse_model(alone.yaml, "new.yaml", Credential)
    assert problems == [] and read is not None
    assert [getattr(read, f) for f in FORMAT_2_FIELDS] == [getattr(expected, f) for f in FORMAT_2_FIELDS]
    assert [epa.expected_level for epa in read.epas] == [epa.expected_level for epa in expected.epas]
    # Edited in Word, each reaches the YAML, and nothing else changes.
    original_path.write_text(original, encoding="utf-8")
    path = write_document(slug)
    document = open_document(path)
    set_detail(document, "Gateway issue", "13")
    set_cell(document, "Working group", 2, "Role", "Service user adviser")
    set_cell(document, "References", 1, "DOI", "10.1000/xyz123")
    set_cell(document, "Entrustable professional activities", 1, "Expected level", "3")
    set_paragraph(document, "Acknowledgements", 0, "Thanks to everyone who commented on the drafts.")
    document.save(str(path))
    result = import_docx(example_project, path, f"drafts/{slug}.docx")
    assert result.problems == [] and result.yaml is not None
    after, _ = parse_model(result.yaml, "x.yaml", Credential)
    assert after is not None
    assert after.gateway is not None and expected.gateway is not None
    assert after.gateway.issue == 13 and after.gateway.decided == expected.gateway.decided
    assert after.working_group[1].role == "Service user adviser"
    assert after.references[0].doi == "10.1000/xyz123"
    assert after.epas[0].expected_level == 3
    assert after.acknowledgements == "Thanks to everyone who commented on the drafts."
    unchanged = {
        "gateway": expected.gateway.model_copy(update={"issue": 13}),
        "working_group": [
            member.model_copy(update={"role": "Service user adviser"}) if index == 1 else member
            for index, member in enumerate(expected.working_group)
        ],
        "references": [expected.references[0].model_copy(update={"doi": "10.1000/xyz123"})],
        "epas": [expected.epas[0].model_copy(update={"expected_level": 3}), *expected.epas[1:]],
        "acknowledgements": "Thanks to everyone who commented on the drafts.",
    }
    assert after == expected.model_copy(update=unchanged)
