"""What the PDF stage sends a pool worker (`PdfJob`) and what the worker sends back
(`PdfOutcome`): plain data, pickled between processes."""

from __future__ import annotations

import dataclasses
from pathlib import Path


@dataclasses.dataclass(frozen=True, slots=True)
class PdfJob:
    """One document to render, as sent to a worker."""

    name: str
    """The source file, for messages."""

    html: str
    """The complete print document."""

    base_url: str
    """Where relative links point: the specification's website page."""

    css: str
    """The print stylesheet."""

    target: Path
    """Where to write the PDF (atomically)."""


@dataclasses.dataclass(frozen=True, slots=True)
class PdfOutcome:
    """What a worker reports back: the file written, or why not."""

    target: Path
    cpu_seconds: float = 0.0
    warnings: tuple[str, ...] = ()
    error: str | None = None
