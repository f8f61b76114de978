"""The PDF stage: a print-quality, tagged PDF of every credential specification.

The stage itself is `credgen.pdf.stage`; its public names are loaded from there on first use.
The package stays this light because the PDF workers' fork server imports
`credgen.pdf.preload`, and with it this package, before it can start a worker: it should import
WeasyPrint and nothing else (no models, Markdown or templates), so the workers start sooner.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from credgen.pdf.stage import PdfReport, PdfRun, VersionPdf, render_pdfs, start_pdfs

__all__ = ["PdfReport", "PdfRun", "VersionPdf", "render_pdfs", "start_pdfs"]


def __getattr__(name: str) -> Any:
    """Import a public name from `credgen.pdf.stage` the first time it is used."""
    if name not in __all__:
        raise AttributeError(f"module 'credgen.pdf' has no attribute {name!r}")
    return getattr(importlib.import_module("credgen.pdf.stage"), name)


def __dir__() -> list[str]:
    return sorted(__all__)
