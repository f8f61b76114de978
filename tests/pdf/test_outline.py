"""The contents entries are read back from the content body's headings."""

from __future__ import annotations

from credgen.pdf.outline import Heading, outline_of


def test_h2_with_id_are_entries_and_h3_nest_under_them() -> None:
    html = (
        '<h3 id="orphan">Before any section</h3>'
        '<h2 id="a">First <span class="cg-code">A</span> &amp; more</h2><p>text</p>'
        '<h3 id="a1">One</h3><h4 id="deep">Not listed</h4><h3>No id</h3>'
        '<h2 id="b">Second</h2><h2>Untargetable</h2>'
    )
    assert outline_of(html) == [
        Heading(3, "orphan", "Before any section"),
        Heading(2, "a", "First A & more", [Heading(3, "a1", "One")]),
        Heading(2, "b", "Second"),
    ]


def test_whitespace_in_headings_is_collapsed() -> None:
    assert outline_of('<h2 id="x">\n  Two\n  lines </h2>') == [Heading(2, "x", "Two lines")]
