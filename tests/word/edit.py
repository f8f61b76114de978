"""Edits an author makes in Word, done on a document credgen wrote.

Text goes through python-docx's public API; what it has no API for (deleting a column, a
tracked change) is done on the document's XML with lxml, as Word would write it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import Table


def open_document(path: Path) -> WordDocument:
    """The document at `path`, for editing."""
    return docx.Document(str(path))


def _table_index(document: WordDocument, heading: str) -> int:
    """Index in `document.tables` of the first table after the heading `heading`."""
    seen, index = False, 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            if seen:
                return index
            index += 1
        elif block.style is not None and block.style.name.startswith("Heading"):
            seen = block.text == heading
    raise LookupError(heading)


def table_after(document: WordDocument, heading: str) -> Table:
    """The first table after the heading `heading`."""
    return document.tables[_table_index(document, heading)]


def _column(document: WordDocument, heading: str, column: str) -> int:
    return [cell.text for cell in table_after(document, heading).rows[0].cells].index(column)


def set_cell(document: WordDocument, heading: str, row: int, column: str, text: str) -> None:
    """Replace the text of one cell (row 1 is the first row under the column headings)."""
    table_after(document, heading).rows[row].cells[_column(document, heading, column)].text = text


def _xml_table(document: WordDocument, heading: str) -> Any:
    return document.element.body.findall(qn("w:tbl"))[_table_index(document, heading)]


def _xml_cell(document: WordDocument, heading: str, row: int, column: str) -> Any:
    rows = _xml_table(document, heading).findall(qn("w:tr"))
    return rows[row].findall(qn("w:tc"))[_column(document, heading, column)]


def drop_column(document: WordDocument, heading: str, column: str) -> None:
    """Delete a column, as Word's Delete Columns does."""
    index = _column(document, heading, column)
    table = _xml_table(document, heading)
    for row in table.findall(qn("w:tr")):
        row.remove(row.findall(qn("w:tc"))[index])
    grid = table.find(qn("w:tblGrid"))
    grid.remove(grid.findall(qn("w:gridCol"))[index])


def track_insertion(document: WordDocument, heading: str, row: int, column: str, text: str) -> None:
    """Add text to a cell as a tracked insertion (a `w:ins` run, as Word writes one)."""
    paragraph = _xml_cell(document, heading, row, column).find(qn("w:p"))
    paragraph.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="901" w:author="Reviewer" w:date="2026-01-05T10:00:00Z">'
            f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>'
        )
    )


def track_deletion(document: WordDocument, heading: str, row: int, column: str) -> None:
    """Mark a cell's first run as a tracked deletion (`w:del` around a `w:delText` run)."""
    run = _xml_cell(document, heading, row, column).find(qn("w:p")).find(qn("w:r"))
    text = "".join(run.itertext())
    run.addprevious(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="902" w:author="Reviewer" w:date="2026-01-05T10:00:00Z">'
            f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'
        )
    )
    run.getparent().remove(run)


def set_detail(document: WordDocument, label: str, text: str) -> None:
    """Replace the value in the details table's row labelled `label`."""
    for row in table_after(document, "Details").rows:
        if row.cells[0].text == label:
            row.cells[1].text = text
            return
    raise LookupError(label)


def set_paragraph(document: WordDocument, heading: str, index: int, text: str) -> None:
    """Replace the text of paragraph `index` (from 0) under the heading `heading`."""
    paragraphs = document.paragraphs
    headings = [i for i, p in enumerate(paragraphs) if p.style is not None and p.style.name == "Heading 1"]
    start = next(i for i in headings if paragraphs[i].text == heading)
    paragraphs[start + 1 + index].text = text


def delete_detail(document: WordDocument, label: str) -> None:
    """Delete the details table's row labelled `label` (Word's Delete Rows)."""
    rows = _xml_table(document, "Details").findall(qn("w:tr"))
    labels = [row.cells[0].text for row in table_after(document, "Details").rows]
    row = rows[labels.index(label)]
    row.getparent().remove(row)
