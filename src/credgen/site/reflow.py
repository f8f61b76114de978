"""Tables of Markdown pages scroll in a container of their own that a keyboard can reach.

MkDocs Material wraps a class-less table in a scrolling box that cannot take focus, so on a
320 px screen a keyboard user cannot scroll it (WCAG 2.2: 1.4.10 reflow, 2.1.1 keyboard; axe
reports `scrollable-region-focusable`). Such tables get credgen's own wrapper instead, as the
generated pages have: a labelled region in the tab order.
"""

from __future__ import annotations

import re

_BARE_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)


def scrolling_tables(html: str) -> str:
    """`html` with each class-less `<table>` in a focusable scrolling region."""
    return _BARE_TABLE.sub(_wrap, html)


def _wrap(match: re.Match[str]) -> str:
    return (
        '<div class="cg-scroll" role="region" aria-label="Table (scrolls sideways)" tabindex="0">'
        f'<table class="cg-table">{match.group(1)}</table></div>'
    )
