"""Differences between two versions of a specification: structure, redlines and Markdown.

`diff_credentials(old, new)` gives a `CredentialDiff` (plain dataclasses a template can walk);
`render_diff_markdown(diff)` turns it into Markdown for a pull-request comment, and
`render_report_markdown` does so for every specification changed between two git refs.
"""

from __future__ import annotations

from credgen.diff.compare import diff_credentials
from credgen.diff.html import redline_html
from credgen.diff.markdown import (
    item_sentence,
    render_diff_markdown,
    render_redline_markdown,
    render_report_markdown,
    summary_lines,
)
from credgen.diff.model import (
    CredentialDiff,
    FieldChange,
    ItemChange,
    ListChange,
    SpecChange,
    TextChange,
)
from credgen.diff.redline import Segment, redline

__all__ = [
    "CredentialDiff",
    "FieldChange",
    "ItemChange",
    "ListChange",
    "Segment",
    "SpecChange",
    "TextChange",
    "diff_credentials",
    "item_sentence",
    "redline",
    "redline_html",
    "render_diff_markdown",
    "render_redline_markdown",
    "render_report_markdown",
    "summary_lines",
]
