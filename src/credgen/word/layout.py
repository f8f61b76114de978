"""The shape of the Word document: which heading, table, row and column holds each field.

The writer and the reader share these tables, so what one writes the other reads back. Nested
lists (domains → capabilities → statements) become flat tables with a column naming the parent
row's id: a table is what an author group edits most easily in Word.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

#: How a cell's text becomes a value: `text` is Markdown (paragraphs), `line` one line, `lines`
#: a list with one item a line, `ids` a list split on lines and commas, `bool` yes or no,
#: `int` a whole number.
Kind = Literal["text", "line", "lines", "ids", "bool", "int"]


@dataclasses.dataclass(frozen=True, slots=True)
class Column:
    """One column of a table, or one row of the details table."""

    header: str
    """The heading shown in the document (the column heading, or the row label)."""

    path: tuple[str, ...]
    """Where the value goes in the item (or the specification, for the details table)."""

    kind: Kind = "line"
    """How the cell's text is read."""


@dataclasses.dataclass(frozen=True, slots=True)
class Table:
    """A table of items: one row each, one column a field."""

    title: str
    """The heading above the table."""

    section: str
    """The list the rows belong to; `capabilities` and `statements` are nested lists."""

    columns: tuple[Column, ...]
    """The columns, in order; the first holds the item's id (or, for authors, the name)."""

    parent: str | None = None
    """Header of the column naming the parent row's id, for nested lists."""


DETAILS_TITLE = "Details"
EDITING_TITLE = "How to edit this document"

DETAILS: tuple[Column, ...] = (
    Column("Title", ("title",)),
    Column("Version", ("version",)),
    Column("Status", ("status",)),
    Column("Illustrative example", ("illustrative",), "bool"),
    Column("Area of practice", ("area",)),
    Column("Professions", ("professions",), "lines"),
    Column("Academic level", ("academic_level",), "int"),
    Column("Credits", ("credits",), "int"),
    Column("Notional hours", ("notional_hours",), "int"),
    Column("Framework", ("framework",)),
    Column("Licence", ("licence",)),
    Column("Supersedes", ("supersedes",)),
    Column("Superseded by", ("superseded_by",)),
    Column("Keywords", ("keywords",), "lines"),
    Column("Created", ("dates", "created")),
    Column("Published", ("dates", "published")),
    Column("Review due", ("dates", "review_due")),
    Column("Gateway issue", ("gateway", "issue"), "int"),
    Column("Gateway decided", ("gateway", "decided")),
    Column("Gateway record", ("gateway", "url")),
)

#: Prose sections: a heading, then the field's paragraphs.
PROSE: tuple[Column, ...] = (
    Column("Summary", ("summary",), "text"),
    Column("Population need", ("need", "population"), "text"),
    Column("Service need", ("need", "service"), "text"),
    Column("Workforce need", ("need", "workforce"), "text"),
    Column("Scope", ("scope",), "text"),
    Column("Entry requirements", ("entry_requirements",), "text"),
    Column("Learning experience", ("learning_experience",), "text"),
    Column("Supervision", ("supervision",), "text"),
    Column("Equality, diversity and inclusion", ("equality_statement",), "text"),
    Column("Links to other provision", ("links_to_other_provision",), "text"),
    Column("Indicative content", ("indicative_content",), "text"),
    Column("Acknowledgements", ("acknowledgements",), "text"),
)

TABLES: tuple[Table, ...] = (
    Table(
        "Domains",
        "domains",
        (
            Column("Domain id", ("id",)),
            Column("Code", ("code",)),
            Column("Title", ("title",)),
            Column("Description", ("description",), "text"),
            Column("Extends the framework", ("extends_framework",), "bool"),
        ),
    ),
    Table(
        "Capabilities",
        "capabilities",
        (
            Column("Capability id", ("id",)),
            Column("Domain id", ()),
            Column("Code", ("code",)),
            Column("Title", ("title",)),
            Column("Description", ("description",), "text"),
            Column("Framework mapping", ("mpf",), "ids"),
        ),
        parent="Domain id",
    ),
    Table(
        "Capability statements",
        "statements",
        (
            Column("Statement id", ("id",)),
            Column("Capability id", ()),
            Column("Code", ("code",)),
            Column("Statement", ("text",), "text"),
        ),
        parent="Capability id",
    ),
    Table(
        "Learning outcomes",
        "outcomes",
        (
            Column("Outcome id", ("id",)),
            Column("Code", ("code",)),
            Column("Outcome", ("text",), "text"),
            Column("Capabilities", ("capabilities",), "ids"),
        ),
    ),
    Table(
        "Entrustable professional activities",
        "epas",
        (
            Column("Activity id", ("id",)),
            Column("Title", ("title",)),
            Column("Description", ("description",), "text"),
            Column("Capabilities", ("capabilities",), "ids"),
            Column("Expected level", ("expected_level",), "int"),
        ),
    ),
    Table(
        "Assessment",
        "assessment",
        (
            Column("Method id", ("id",)),
            Column("Title", ("title",)),
            Column("Description", ("description",), "text"),
            Column("Outcomes", ("outcomes",), "ids"),
            Column("Weighting (%)", ("weighting",), "int"),
        ),
    ),
    Table(
        "Authors",
        "authors",
        (
            Column("Name", ("name",)),
            Column("Affiliation", ("affiliation",)),
            Column("GitHub login", ("login",)),
        ),
    ),
    Table(
        "References",
        "references",
        (
            Column("Citation", ("citation",)),
            Column("DOI", ("doi",)),
            Column("Web address", ("url",)),
        ),
    ),
    Table(
        "Working group",
        "working_group",
        (
            Column("Name", ("name",)),
            Column("Affiliation", ("affiliation",)),
            Column("Role", ("role",)),
        ),
    ),
)

#: The lists whose items are rows of one table, in document order (the others are nested).
TOP_LEVEL_LISTS: tuple[str, ...] = tuple(table.section for table in TABLES if table.parent is None)

TABLES_BY_TITLE = {table.title: table for table in TABLES}


def carried_keys(path: tuple[str, ...]) -> frozenset[str]:
    """The keys the Word document carries in the mapping at `path` (list indexes left out).

    `credgen import` removes a key from the YAML only when it is one of these (emptied in
    Word); any other key, such as a field added to the models that the document does not show
    yet, is kept as it is.
    """
    if not path:
        return frozenset({column.path[0] for column in (*DETAILS, *PROSE)} | set(TOP_LEVEL_LISTS))
    grouped = [column.path for column in (*DETAILS, *PROSE) if len(column.path) == 2]
    if len(path) == 1 and path[0] in {group for group, _ in grouped}:  # need, dates, gateway
        return frozenset(key for group, key in grouped if group == path[0])
    table = next((t for t in TABLES if _nesting(t) == path), None)
    if table is None:
        return frozenset()
    nested = {"domains": {"capabilities"}, "capabilities": {"statements"}}.get(table.section, set())
    return frozenset({column.path[0] for column in table.columns if column.path} | nested)


def _nesting(table: Table) -> tuple[str, ...]:
    """Where a table's items are: `("outcomes",)`, `("domains", "capabilities")`..."""
    return {
        "capabilities": ("domains", "capabilities"),
        "statements": ("domains", "capabilities", "statements"),
    }.get(table.section, (table.section,))


PROSE_BY_TITLE = {column.header: column for column in PROSE}

#: The "how to edit" page, one paragraph an item.
EDITING_GUIDE: tuple[str, ...] = (
    "This document is an editable copy of a credential specification written by credgen. "
    "credgen reads it back into the specification's source file, so keep its shape:",
    "Change text in place: paragraphs under a heading, and cells in the tables.",
    "Keep the headings and the column headings exactly as they are; credgen finds each part by them.",
    "Every row has an id in its first column. Keep ids as they are: other rows and other "
    "documents refer to them. To add an item, add a row and give it a new id.",
    "Text is Markdown, as on the website: write **bold** and *italic* with asterisks, and start "
    "a list item with '- '. Formatting made with Word's buttons is not kept, except bullets.",
    "Where a cell lists ids (for example the capabilities an outcome develops), write one id a "
    "line, or separate them with commas.",
    "Work with Track Changes on while the author group agrees the text. Before uploading, "
    "accept or reject every change (Review, then Accept All Changes): credgen refuses a "
    "document with changes still tracked. Comments are fine; they are listed, not imported.",
    "Upload the saved document to the drafts folder of the repository (Add file, then Upload "
    "files); credgen checks it and comments on the pull request.",
)
