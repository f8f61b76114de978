"""Defective Word documents: each refused with a pinned message at its place in the document."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx.document import Document as WordDocument

from credgen.exceptions import ProjectError
from credgen.word.importer import import_docx
from tests.word.conftest import WriteDocument
from tests.word.edit import (
    delete_detail,
    drop_column,
    open_document,
    set_cell,
    track_deletion,
    track_insertion,
)


def _import_edited(project: Path, write_document: WriteDocument, edit: object) -> list[str]:
    path = write_document("respiratory")
    document = open_document(path)
    assert callable(edit)
    edit(document)
    document.save(str(path))
    return import_docx(project, path, "drafts/respiratory.docx").lines()


def test_tracked_changes_are_refused_with_their_count(
    example_project: Path, write_document: WriteDocument
) -> None:
    def edit(document: WordDocument) -> None:
        track_insertion(document, "Learning outcomes", 1, "Outcome", " and their carers")
        track_deletion(document, "Learning outcomes", 2, "Outcome")

    assert _import_edited(example_project, write_document, edit) == [
        "drafts/respiratory.docx: document: error[CG801]: the document has 2 tracked changes not yet "
        "accepted or rejected; in Word choose Review, then Accept All Changes (or reject the ones the "
        "author group did not agree), save, and import it again"
    ]


def test_a_table_with_a_missing_column_is_refused(
    example_project: Path, write_document: WriteDocument
) -> None:
    def edit(document: WordDocument) -> None:
        drop_column(document, "Learning outcomes", "Capabilities")

    assert _import_edited(example_project, write_document, edit) == [
        "drafts/respiratory.docx: section 'Learning outcomes': error[CG802]: table 'Learning outcomes' "
        "has no column 'Capabilities'; add the column back with that heading, or copy the table from a "
        "freshly downloaded document"
    ]


def test_an_unknown_capability_in_a_mapping_cell_is_named_at_its_cell(
    example_project: Path, write_document: WriteDocument
) -> None:
    def edit(document: WordDocument) -> None:
        set_cell(document, "Learning outcomes", 3, "Capabilities", "A3, B9")

    assert _import_edited(example_project, write_document, edit) == [
        "drafts/respiratory.docx: table 'Learning outcomes', row 3 (LO3), column 'Capabilities': "
        "error[CG204]: outcome 'LO3' maps to unknown capability 'B9'"
    ]


def test_a_capability_naming_a_missing_domain_is_named_at_its_cell(
    example_project: Path, write_document: WriteDocument
) -> None:
    def edit(document: WordDocument) -> None:
        set_cell(document, "Capabilities", 2, "Domain id", "Z")

    assert _import_edited(example_project, write_document, edit) == [
        "drafts/respiratory.docx: table 'Capabilities', row 2 (A2), column 'Domain id': error[CG803]: "
        "domain 'Z' is not in the Domains table"
    ]


def test_comments_are_listed_not_imported(example_project: Path, write_document: WriteDocument) -> None:
    def edit(document: WordDocument) -> None:
        paragraph = next(p for p in document.paragraphs if p.text.startswith("This credential develops"))
        document.add_comment(paragraph.runs, text="Is 'adults' right here?", author="Ann Author")

    assert _import_edited(example_project, write_document, edit) == [
        "drafts/respiratory.docx: comment (not imported) from Ann Author: Is 'adults' right here?"
    ]


def test_a_renamed_heading_is_refused_with_the_likely_name(
    example_project: Path, write_document: WriteDocument
) -> None:
    def edit(document: WordDocument) -> None:
        heading = next(p for p in document.paragraphs if p.text == "Learning outcomes")
        heading.text = "Learning outcome"

    assert _import_edited(example_project, write_document, edit) == [
        "drafts/respiratory.docx: section 'Learning outcome': error[CG802]: unknown heading "
        "'Learning outcome'; credgen would lose what is under it (did you mean 'Learning outcomes'?)"
    ]


def test_a_document_that_unpacks_too_large_is_refused(example_project: Path) -> None:
    path = example_project / "drafts" / "big.docx"
    path.parent.mkdir()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b" " * (65 * 2**20))
    with pytest.raises(ProjectError) as raised:
        import_docx(example_project, path, "drafts/big.docx")
    assert raised.value.message == "big.docx unpacks to 65 MiB; the limit is 64 MiB"


def test_a_deleted_detail_row_is_named_by_its_label(
    example_project: Path, write_document: WriteDocument
) -> None:
    def edit(document: WordDocument) -> None:
        delete_detail(document, "Area of practice")

    assert _import_edited(example_project, write_document, edit) == [
        "drafts/respiratory.docx: table 'Details', row 'Area of practice': error[CG101]: missing "
        "required field 'area'"
    ]


def test_an_emptied_required_cell_is_named_by_its_column(
    example_project: Path, write_document: WriteDocument
) -> None:
    def edit(document: WordDocument) -> None:
        set_cell(document, "Learning outcomes", 2, "Outcome", "")

    assert _import_edited(example_project, write_document, edit) == [
        "drafts/respiratory.docx: table 'Learning outcomes', row 2 (LO2), column 'Outcome': "
        "error[CG101]: missing required field 'text'"
    ]
