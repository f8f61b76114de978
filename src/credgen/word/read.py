"""Word in: read a `.docx` written by `write_docx` (and edited in Word) back into plain data.

The reader finds each part by its heading and each value by its column heading, and records
where in the document every value came from, so a problem can name the section, table, row
and column an author must look at. Unaccepted tracked changes stop it: which version of the
text the author group agreed is theirs to decide, not credgen's.
"""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph

from credgen.diagnostics import Severity
from credgen.load.explain import did_you_mean
from credgen.load.source import Loc
from credgen.models.credential import Credential
from credgen.word.layout import (
    DETAILS,
    DETAILS_TITLE,
    EDITING_TITLE,
    PROSE_BY_TITLE,
    TABLES_BY_TITLE,
    TOP_LEVEL_LISTS,
    Column,
    Table,
)

#: Elements Word writes for a change that is still tracked (insertions, deletions, moves and
#: formatting changes).
_TRACKED = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "tblPrChange", "tcPrChange")

Row = dict[str, Any]

#: A specification's document unpacks to well under 1 MiB; pictures pasted in could add some.
MAX_UNPACKED_BYTES = 64 * 2**20


@dataclasses.dataclass(frozen=True, slots=True)
class Place:
    """Where in the Word document a value is: a section, or a table's row and column."""

    section: str
    """The heading of the section or table."""

    row: int | None = None
    """1-based row number, not counting the heading row (or None for prose)."""

    label: str | None = None
    """The row's id (or, in the details table, its label)."""

    column: str | None = None
    """The column heading, where the value is one cell."""

    def __str__(self) -> str:
        if self.section == DETAILS_TITLE and self.label:
            return f"table '{self.section}', row '{self.label}'"
        if self.row is None:
            return f"section '{self.section}'"
        shown = f"table '{self.section}', row {self.row}" + (f" ({self.label})" if self.label else "")
        return shown + (f", column '{self.column}'" if self.column else "")


@dataclasses.dataclass(frozen=True, slots=True)
class Problem:
    """A problem in a Word document, at a place in it."""

    place: Place | None
    code: str
    message: str
    severity: Severity = Severity.ERROR


@dataclasses.dataclass(slots=True)
class WordContent:
    """What a Word document holds."""

    data: Row = dataclasses.field(default_factory=dict)
    """The specification as plain data, keys in the model's order."""

    places: dict[Loc, Place] = dataclasses.field(default_factory=dict)
    """Where each value came from, by its path in `data`."""

    slug: str | None = None
    """The slug the document was written for (from its properties), if any."""

    comments: list[str] = dataclasses.field(default_factory=list)
    """Review comments, as `author: text`; listed for the author, never imported."""

    problems: list[Problem] = dataclasses.field(default_factory=list)
    """Problems with the document's shape (errors here stop the import)."""


class WordReadError(Exception):
    """Raised by `read_docx` when the file is not a Word document at all."""


def read_docx(path: Path) -> WordContent:
    """Read `path`; shape problems are collected in the result's `problems`."""
    document = _open(path)
    content = WordContent(slug=document.core_properties.identifier or None)
    content.comments = [f"{c.author or 'someone'}: {c.text.strip()}" for c in document.comments]
    tracked = _count_tracked(document)
    if tracked:
        content.problems.append(Problem(None, "CG801", _tracked_message(tracked)))
        return content
    _Walk(content).document(document)
    content.data = _in_model_order(content.data)
    return content


def _open(path: Path) -> WordDocument:
    if not zipfile.is_zipfile(path):
        raise WordReadError(f"{path.name} is not a Word document (.docx): it is not a zip archive")
    with zipfile.ZipFile(path) as archive:
        size = sum(info.file_size for info in archive.infolist())
    if size > MAX_UNPACKED_BYTES:
        # Uploads are untrusted: refuse a zip bomb before python-docx unpacks it into memory.
        limit = MAX_UNPACKED_BYTES // 2**20
        raise WordReadError(f"{path.name} unpacks to {size // 2**20} MiB; the limit is {limit} MiB")
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError, OSError) as error:
        raise WordReadError(f"{path.name} is not a Word document (.docx): {error}") from error


def _count_tracked(document: WordDocument) -> int:
    body = document.element.body
    return sum(len(body.xpath(f".//w:{name}")) for name in _TRACKED)


def _tracked_message(count: int) -> str:
    changes = f"{count} tracked change{'s' * (count != 1)}"
    return (
        f"the document has {changes} not yet accepted or rejected; in Word choose Review, then "
        "Accept All Changes (or reject the ones the author group did not agree), save, and "
        "import it again"
    )


class _Walk:
    """Reads the body in order: each heading says what the paragraphs or table after it hold."""

    def __init__(self, content: WordContent) -> None:
        self.content = content
        self.heading: str | None = None
        self.prose: dict[str, list[str]] = {}
        self.tables: dict[str, list[Row]] = {}

    def document(self, document: WordDocument) -> None:
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                self._paragraph(block)
            else:
                self._table(block)
        for title, paragraphs in self.prose.items():
            column = PROSE_BY_TITLE[title]
            _put(self.content, column.path, _read(column, paragraphs), Place(title))
        _nest(self.content, self.tables)

    def _paragraph(self, paragraph: Paragraph) -> None:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style.startswith("Heading"):
            self._heading(paragraph.text.strip())
        elif self.heading in PROSE_BY_TITLE and style != "Title":
            self.prose[self.heading].append(_text(paragraph))

    def _heading(self, text: str) -> None:
        self.heading = text
        if text in PROSE_BY_TITLE:
            self.prose.setdefault(text, [])
        elif text not in TABLES_BY_TITLE and text not in (DETAILS_TITLE, EDITING_TITLE):
            known = [*PROSE_BY_TITLE, *TABLES_BY_TITLE, DETAILS_TITLE]
            message = f"unknown heading '{text}'; credgen would lose what is under it" + did_you_mean(
                text, known
            )
            self.content.problems.append(Problem(Place(text), "CG802", message))

    def _table(self, table: WordTable) -> None:
        if self.heading == DETAILS_TITLE:
            _details(self.content, table)
        elif self.heading in TABLES_BY_TITLE:
            layout = TABLES_BY_TITLE[self.heading]
            self.tables[layout.section] = _items(self.content, layout, table)


def _cell(table: WordTable, row: int, column: int) -> list[str]:
    """The paragraphs of a cell; none where a row has fewer cells (Word's "delete cells")."""
    cells = table.rows[row].cells
    return [_text(paragraph) for paragraph in cells[column].paragraphs] if column < len(cells) else []


def _text(paragraph: Paragraph) -> str:
    """A paragraph's text; one Word made a list item (its bullets button, or its AutoFormat of a
    typed '- ') becomes a Markdown list item again."""
    style = paragraph.style.name if paragraph.style is not None else ""
    if style.startswith("List Number"):
        return f"1. {paragraph.text}"
    if style.startswith(("List Bullet", "List Paragraph")):
        return f"- {paragraph.text}"
    return paragraph.text


def _details(content: WordContent, table: WordTable) -> None:
    """The details table: one row a field, its label on the left."""
    by_label = {column.header: column for column in DETAILS}
    for index in range(len(table.rows)):
        label = " ".join(_cell(table, index, 0)).strip()
        column = by_label.get(label)
        place = Place(DETAILS_TITLE, index + 1, label)
        if column is None:
            message = f"unknown row '{label}' in the details table" + did_you_mean(label, list(by_label))
            content.problems.append(Problem(place, "CG802", message))
        else:
            _put(content, column.path, _read(column, _cell(table, index, 1)), place)


def _items(content: WordContent, layout: Table, table: WordTable) -> list[Row]:
    """A table's rows as items; each remembers its row number under `#row`."""
    headers = [" ".join(_cell(table, 0, i)).strip() for i in range(len(table.columns))]
    columns = _match_columns(content, layout, headers)
    if columns is None:
        return []
    rows: list[Row] = []
    for index in range(1, len(table.rows)):
        cells = [_cell(table, index, i) for i in range(len(headers))]
        if not any(text.strip() for paragraphs in cells for text in paragraphs):
            continue  # an empty row left at the end of a table
        item: Row = {"#row": index}
        for position, column in columns:
            value = _read(column, cells[position])
            if value is not None:
                item[column.path[0] if column.path else "#parent"] = value
        rows.append(item)
    return rows


def _match_columns(
    content: WordContent, layout: Table, headers: list[str]
) -> list[tuple[int, Column]] | None:
    """Each expected column with its position; None (reported) when one is missing or unknown."""
    known = {column.header: column for column in layout.columns}
    ok = True
    for header in headers:
        if header not in known:
            message = f"table '{layout.title}' has a column '{header}' that credgen does not know"
            hint = did_you_mean(header, list(known))
            content.problems.append(Problem(Place(layout.title), "CG802", message + hint))
            ok = False
    for header in known:
        if header not in headers:
            message = (
                f"table '{layout.title}' has no column '{header}'; add the column back with that "
                "heading, or copy the table from a freshly downloaded document"
            )
            content.problems.append(Problem(Place(layout.title), "CG802", message))
            ok = False
    return [(headers.index(h), column) for h, column in known.items()] if ok else None


def _read(column: Column, paragraphs: list[str]) -> Any:
    """A cell's (or section's) paragraphs as the value its column holds; None when empty."""
    if column.kind == "text":
        text = "\n\n".join(paragraphs).strip()
        return text or None
    lines = [line.strip() for paragraph in paragraphs for line in paragraph.split("\n")]
    if column.kind == "ids":
        lines = [part.strip() for line in lines for part in line.replace(";", ",").split(",")]
    lines = [line for line in lines if line]
    if column.kind in ("lines", "ids"):
        return lines or None
    text = " ".join(lines)
    if not text:
        return None
    return _scalar(column, text)


def _scalar(column: Column, text: str) -> Any:
    """Yes/no and whole numbers as such; anything else stays text for validation to judge."""
    if column.kind == "bool" and text.lower() in ("yes", "no", "true", "false"):
        return text.lower() in ("yes", "true")
    if column.kind == "int" and text.isdigit():
        return int(text)
    return text


def _put(content: WordContent, path: tuple[str, ...], value: Any, place: Place) -> None:
    """Set `value` at `path` in the data (nothing when it is None) and remember its place."""
    content.places[path] = place
    if value is None:
        return
    target = content.data
    for part in path[:-1]:
        target = target.setdefault(part, {})
    target[path[-1]] = value


def _nest(content: WordContent, tables: dict[str, list[Row]]) -> None:
    """Put each table's items in the data: capabilities into domains, statements into those."""
    domains = tables.get("domains", [])
    orphans = _attach(content, tables.get("capabilities", []), domains, "capabilities", "Capabilities")
    capabilities = [c for d in domains for c in d.get("capabilities", [])]
    statements = [s for s in tables.get("statements", []) if s.get("#parent") not in orphans]
    _attach(content, statements, capabilities, "statements", "Capability statements")
    for section in TOP_LEVEL_LISTS:
        items = tables.get(section, [])
        if items:
            content.data[section] = items
    _record_places(content)


def _attach(content: WordContent, children: list[Row], parents: list[Row], key: str, title: str) -> set[str]:
    """Append each child to the parent its parent column names; the ids of those left over.

    A statement of a left-over capability is not reported again: the capability's row is."""
    orphans: set[str] = set()
    if key == "capabilities":
        for parent in parents:
            parent.setdefault(key, [])
    by_id = {parent.get("id"): parent for parent in parents}
    parent_column = TABLES_BY_TITLE[title].parent
    for child in children:
        named = child.pop("#parent", None)
        if named in by_id:
            by_id[named].setdefault(key, []).append(child)
            continue
        label = str(child.get("id", ""))
        place = Place(title, child["#row"], label, parent_column)
        listed = [str(k) for k in by_id if k is not None]
        what = "domain" if key == "capabilities" else "capability"
        message = (
            f"{parent_column} is empty; name the {what} this row belongs to"
            if named is None
            else f"{what} '{named}' is not in the {'Domains' if what == 'domain' else 'Capabilities'} "
            f"table{did_you_mean(str(named), listed)}"
        )
        content.problems.append(Problem(place, "CG803", message))
        orphans.add(label)
    return orphans


def _record_places(content: WordContent) -> None:
    """The place of every item and cell, by its path in the data; drops the `#row` marks."""
    for section in (section for section in TOP_LEVEL_LISTS if section != "domains"):  # see below
        for index, item in enumerate(content.data.get(section, [])):
            _item_places(content, (section, index), item, _title(section))
    for d, domain in enumerate(content.data.get("domains", [])):
        for c, capability in enumerate(domain.get("capabilities", [])):
            for s, statement in enumerate(capability.get("statements", [])):
                loc = ("domains", d, "capabilities", c, "statements", s)
                _item_places(content, loc, statement, "Capability statements")
            _item_places(content, ("domains", d, "capabilities", c), capability, "Capabilities")
        _item_places(content, ("domains", d), domain, "Domains")


def _title(section: str) -> str:
    return next(t.title for t in TABLES_BY_TITLE.values() if t.section == section)


def _item_places(content: WordContent, loc: Loc, item: Row, title: str) -> None:
    row = item.pop("#row")
    label = str(item.get("id") or item.get("name") or item.get("citation") or "")
    content.places[loc] = Place(title, row, label)
    for column in TABLES_BY_TITLE[title].columns:
        if column.path:
            content.places[(*loc, column.path[0])] = Place(title, row, label, column.header)


def _in_model_order(data: Row) -> Row:
    """The top-level keys in the order the model declares them (as a new YAML file has them)."""
    order = list(Credential.model_fields)
    return dict(sorted(data.items(), key=lambda item: order.index(item[0]) if item[0] in order else 99))


def place_of(places: dict[Loc, Place], loc: Loc) -> Place | None:
    """The place of `loc`, or of its nearest ancestor with one."""
    while loc not in places and loc:
        loc = loc[:-1]
    return places.get(loc)
