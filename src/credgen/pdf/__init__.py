"""The PDF stage: a print-quality, tagged PDF of every credential specification.

`stage` plans one print document per specification (`document`), looks each up in the
`cache`, and renders the misses in a process `pool`, whose workers run `typeset`, the only
module that imports WeasyPrint. `fonts`, `outline` and `provenance` supply what the print
document shows.

The names below are loaded from `stage` on first use: a pool worker imports `typeset` from
this package, and should not pay for the stage's imports (the models, templates and project
configuration) that only the build process needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from credgen.pdf.stage import PdfReport, PdfRun, VersionPdf, render_pdfs, start_pdfs

__all__ = ["PdfReport", "PdfRun", "VersionPdf", "render_pdfs", "start_pdfs"]


def __getattr__(name: str) -> Any:
    """A public name of the PDF stage, imported from `credgen.pdf.stage` when first used."""
    if name not in __all__:
        raise AttributeError(f"module 'credgen.pdf' has no attribute {name!r}")
    return getattr(importlib.import_module("credgen.pdf.stage"), name)
