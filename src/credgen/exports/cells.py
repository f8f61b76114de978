"""Cells a spreadsheet will not run: the OWASP guidance on CSV (formula) injection.

`mapping.csv` and the RIS citations are opened in spreadsheets and reference managers that may
treat a cell starting with `=`, `+`, `-`, `@`, tab or carriage return as a formula
(`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`). Such a cell is written with a leading apostrophe,
which spreadsheets show as text and never evaluate; every other cell is written as it is.
"""

from __future__ import annotations

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(text: str) -> str:
    """`text`, prefixed with `'` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
