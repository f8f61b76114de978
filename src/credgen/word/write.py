"""Word out: an editable `.docx` of one specification, the same bytes for the same content.

Every field is placed as `layout` says: a details table, a heading and paragraphs for each
prose section, and a table for each list. Text is written as its Markdown source, one Word
paragraph for each Markdown paragraph, so reading it back gives the same text.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.text.paragraph import Paragraph

from credgen.models.credential import Credential
from credgen.word.layout import (
    DETAILS,
    DETAILS_TITLE,
    EDITING_GUIDE,
    EDITING_TITLE,
    PROSE,
    TABLES,
    Column,
    Table,
)

#: Zip entries carry this timestamp (the earliest a zip can hold), so the bytes never vary.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

Row = dict[str, Any]


def write_docx(spec: Credential, slug: str) -> bytes:
    """The Word document of `spec`, as bytes that depend only on its content."""
    document = docx.Document()
    _set_properties(document, spec, slug)
    data = spec.model_dump(mode="json")
    document.add_paragraph(spec.title, style="Title")
    _add_guide(document)
    _add_details(document, data)
    for column in PROSE:
        _add_prose(document, column, data)
    for table in TABLES:
        _add_table(document, table, list(_rows(table, data)))
    buffer = io.BytesIO()
    document.save(buffer)
    return _repack(buffer.getvalue())


def _set_properties(document: WordDocument, spec: Credential, slug: str) -> None:
    """Core properties: the slug (so `import` knows the file) and fixed dates."""
    properties = document.core_properties
    moment = dt.datetime.combine(spec.dates.published or spec.dates.created, dt.time(), dt.UTC)
    properties.title = spec.title
    properties.identifier = slug
    properties.version = spec.version
    properties.author = properties.last_modified_by = "credgen"
    properties.created = properties.modified = properties.last_printed = moment
    properties.revision = 1
    properties.subject = "Credential specification (editable copy written by credgen)"


def _add_guide(document: WordDocument) -> None:
    document.add_heading(EDITING_TITLE, level=1)
    document.add_paragraph(EDITING_GUIDE[0])
    for item in EDITING_GUIDE[1:]:
        document.add_paragraph(item, style="List Bullet")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _add_details(document: WordDocument, data: Row) -> None:
    document.add_heading(DETAILS_TITLE, level=1)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for column in DETAILS:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(column.header).bold = True
        _fill(cells[1].paragraphs[0], cells[1].add_paragraph, _cell_text(column, _get(data, column.path)))


def _add_prose(document: WordDocument, column: Column, data: Row) -> None:
    document.add_heading(column.header, level=1)
    value = _get(data, column.path)
    for paragraph in _paragraphs(value) if value else []:
        document.add_paragraph(paragraph)


def _add_table(document: WordDocument, layout: Table, rows: list[Row]) -> None:
    """A heading, a header row of column names, then one row an item."""
    document.add_heading(layout.title, level=1)
    # All rows at once: python-docx builds a whole table in one step, but works out the
    # column widths again for every row added one by one.
    table = document.add_table(rows=1 + len(rows), cols=len(layout.columns))
    table.style = "Table Grid"
    lines = iter(table.rows)
    for cell, column in zip(next(lines).cells, layout.columns, strict=True):
        cell.paragraphs[0].add_run(column.header).bold = True
    for row, line in zip(rows, lines, strict=True):
        for cell, column in zip(line.cells, layout.columns, strict=True):
            _fill(cell.paragraphs[0], cell.add_paragraph, _cell_text(column, _value(row, column, layout)))


def _rows(layout: Table, data: Row) -> Iterator[Row]:
    """The items of a table, each nested item with its parent's id under the parent header."""
    parent = layout.parent or ""
    if layout.section == "capabilities":
        for domain in data["domains"]:
            for capability in domain["capabilities"]:
                yield {**capability, parent: domain["id"]}
    elif layout.section == "statements":
        for domain in data["domains"]:
            for capability in domain["capabilities"]:
                for statement in capability["statements"]:
                    yield {**statement, parent: capability["id"]}
    else:
        yield from data[layout.section]


def _value(row: Row, column: Column, layout: Table) -> Any:
    return row.get(layout.parent or "") if not column.path else _get(row, column.path)


def _get(data: Row, path: tuple[str, ...]) -> Any:
    value: Any = data
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _cell_text(column: Column, value: Any) -> list[str]:
    """The paragraphs that show `value` in a cell."""
    if value is None:
        return []
    if column.kind == "bool":
        return ["yes" if value else "no"]
    if column.kind in ("lines", "ids"):
        return [str(item) for item in value]
    if column.kind == "text":
        return _paragraphs(value)
    return [str(value)]


def _paragraphs(text: str) -> list[str]:
    """Markdown paragraphs (split at blank lines); a single newline stays a line break."""
    return text.split("\n\n")


def _fill(first: Paragraph, add: Any, texts: list[str]) -> None:
    """Write `texts` as paragraphs, the first into the cell's existing empty paragraph."""
    for index, text in enumerate(texts):
        (first if index == 0 else add()).add_run(text)


def _repack(blob: bytes) -> bytes:
    """The same zip with fixed entry times (python-docx stamps each entry with the clock)."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return output.getvalue()
