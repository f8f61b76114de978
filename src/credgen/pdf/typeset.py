"""The WeasyPrint side of the PDF stage: turns one print document into one PDF file.

This is the only module that imports WeasyPrint, and it runs in the pool's worker processes.
It uses WeasyPrint's public API only (`HTML`, `CSS`, `FontConfiguration`, a URL fetcher and
`write_pdf` options), so any release from 69 on renders credgen's PDFs.

Each worker loads the fonts and parses the print stylesheet once, for all its documents.
Python's cyclic garbage collector is paused while a document renders: a render allocates some
hundred thousand boxes and styles that all live until it ends, and a running collector would
walk them again and again without finding garbage.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import os
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import weasyprint  # type: ignore[import-untyped]
from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

from credgen.cache import write_atomically
from credgen.pdf.fonts import FONTS_DIR, font_face_css
from credgen.pdf.job import PdfJob, PdfOutcome

#: WeasyPrint's options for every document: tagged PDF/UA-1 (PDF 1.7) with embedded subsets.
PDF_OPTIONS: dict[str, object] = {"pdf_variant": "pdf/ua-1"}


def allowed_url(url: str) -> str:
    """`url` if a PDF may load it: a `data:` URL, or a file URL whose real path is one of the
    bundled fonts. Anything else raises ValueError, which WeasyPrint reports as a warning.

    The real path is compared, not the URL's text, so `..` segments and symbolic links cannot
    lead out of the fonts folder; no other scheme is ever fetched, so a PDF build never reads
    the network.
    """
    scheme = url.partition(":")[0].lower()
    if scheme == "data":
        return url
    if scheme == "file":
        path = Path(urllib.request.url2pathname(urllib.parse.urlsplit(url).path))
        real = Path(os.path.realpath(path))
        if real.parent == FONTS_DIR.resolve() and real.is_file():
            return url
    raise ValueError(f"credgen PDFs load no external resources ({url})")


def local_fetcher() -> Any:
    """WeasyPrint's URL fetcher, limited to `allowed_url`, in the form the installed release
    takes: a `URLFetcher` subclass (WeasyPrint 70 and later) or a function (69)."""
    if hasattr(weasyprint, "URLFetcher"):

        class LocalFetcher(weasyprint.URLFetcher):  # type: ignore[misc]
            """WeasyPrint's fetcher, for the allowed URLs only."""

            def fetch(self, url: str, headers: Any = None) -> Any:
                return super().fetch(allowed_url(url), headers)

        return LocalFetcher(allowed_protocols={"data", "file"})

    def fetch(url: str) -> Any:
        return weasyprint.default_url_fetcher(allowed_url(url), allowed_protocols={"data", "file"})

    return fetch


@functools.cache
def _fetcher() -> Any:
    return local_fetcher()


@functools.cache
def _fonts() -> FontConfiguration:
    """The font configuration of this process, shared by all its documents."""
    return FontConfiguration()


@functools.cache
def _stylesheets(css: str) -> list[Any]:
    """The bundled fonts' `@font-face` rules and the print stylesheet, parsed once per process."""
    fonts, fetcher = _fonts(), _fetcher()
    return [
        weasyprint.CSS(string=font_face_css(), font_config=fonts, url_fetcher=fetcher),
        weasyprint.CSS(string=css, font_config=fonts, url_fetcher=fetcher),
    ]


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings for the report instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block; the caller's setting afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_job(job: PdfJob) -> PdfOutcome:
    """Render `job` to `job.target`; errors come back in the outcome, never as exceptions."""
    started = time.process_time()
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        with _collector_paused():
            pdf = typeset(job.html, job.base_url, job.css)
        write_atomically(job.target, pdf)
    except Exception as error:  # reported with the file's name, like every other failure
        return PdfOutcome(job.target, error=f"{job.name}: cannot render the PDF: {error}")
    finally:
        logger.removeHandler(collect)
    return PdfOutcome(job.target, time.process_time() - started, tuple(collect.messages))


def typeset(html: str, base_url: str, css: str) -> bytes:
    """The PDF of the print document `html`, styled by `css`."""
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_fetcher())
    return bytes(document.write_pdf(stylesheets=_stylesheets(css), font_config=_fonts(), **PDF_OPTIONS))
