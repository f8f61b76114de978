"""The PDF stage: a print-quality, tagged PDF of every credential specification.

`stage` plans one print document per specification (`document`), looks each up in the
`cache`, and renders the misses in a process `pool`, whose workers run `typeset`, the only
module that imports WeasyPrint. `fonts`, `outline` and `provenance` supply what the print
document shows.
"""

from __future__ import annotations

from credgen.pdf.stage import PdfReport, PdfRun, VersionPdf, render_pdfs, start_pdfs

__all__ = ["PdfReport", "PdfRun", "VersionPdf", "render_pdfs", "start_pdfs"]
