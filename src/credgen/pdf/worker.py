"""The WeasyPrint side of the PDF stage: turns one print document into one PDF file.

This module and `credgen.pdf.patches`, which it applies, are the only ones that import
WeasyPrint. It runs in the worker processes (preloaded by the fork server, so a worker starts
without importing anything) or, for a single document, in the calling process. Each process
parses the stylesheet and loads the fonts once.

Python's cyclic garbage collector is paused while a document renders. A render allocates some
hundred thousand boxes and styles that all live until it ends, and a running collector walks
them again and again without finding garbage: about a tenth of the render's time.

A pool worker runs with the collector off (`become_worker`) and what it inherited from the fork
server (the WeasyPrint import) frozen out of every collection. It collects the garbage of
`COLLECT_EVERY` documents at once, before starting the next one, so what the last documents
leave is never walked: a worker forked from the fork server ends with `os._exit`, without
Python's shutdown, and the system takes its memory back whole. Collecting one document's
garbage costs 45-75 ms; a build of the eight examples (four per worker on two cores) now
collects nothing.

The fonts and the packaged print stylesheet are loaded by the fork server (`prepare`, called
from `credgen.pdf.preload`), so its workers share them. WeasyPrint copies the bundled fonts into
a temporary folder, which it deletes only when the font configuration is garbage collected:
never, in a process that leaves by `os._exit`. The process that loaded the fonts deletes the
folder when it exits (`_remove_fonts`); the workers that share it leave it alone.

Documents are styled with WeasyPrint's HTML user-agent stylesheet less the rules for the
pseudo-elements of footnotes and notes (`_user_agent_stylesheet`). Those rules match every
element, so WeasyPrint computes five styles per element that only an element floated to a
footnote or note would use, and credgen's print stylesheet floats none (nor can a
specification's Markdown, which carries no CSS): about 2% of a document's instructions, with
byte-identical PDFs.

A print document is parsed by the XML parser when it is well-formed XML, as credgen's own
templates write it (`xml_tree`): WeasyPrint's HTML5 parser, written in Python, took 5.8% of a
document's instructions to build the same tree.

The PDF's streams are deflated at zlib's default level, not the best level that pydyf asks
for (`_Deflate`): level 9 takes about three times as long for files 3% smaller, some 30 ms
of a document's second.

WeasyPrint keeps each line's text layout for drawing instead of building it again, shares
Pango contexts, and lays the contents page out twice rather than three times
(`credgen.pdf.patches`): the same PDFs, about a tenth less work.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import logging
import multiprocessing.util
import os
import re
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import cssselect2  # type: ignore[import-untyped]
import pydyf  # type: ignore[import-untyped]
import tinycss2  # type: ignore[import-untyped]
from weasyprint import CSS, HTML  # type: ignore[import-untyped]
from weasyprint import _find_base_url as find_base_url
from weasyprint.css.counters import CounterStyle  # type: ignore[import-untyped]
from weasyprint.html import UA as USER_AGENT_CSS  # type: ignore[import-untyped]
from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

from credgen.pdf import patches
from credgen.pdf.fonts import FONTS_DIR, font_face_css
from credgen.pdf.parallel import PdfJob, PdfOutcome

#: WeasyPrint's options for every document: tagged PDF/UA-1 (PDF 1.7) with embedded subsets.
PDF_OPTIONS: dict[str, object] = {"pdf_variant": "pdf/ua-1"}


class _LocalFetcher(URLFetcher):  # type: ignore[misc]
    """Fetches `data:` URLs and the bundled fonts only: a PDF build never reads the network."""

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:") and url.startswith(FONTS_DIR.as_uri() + "/"):
            return super().fetch(url, headers)
        raise ValueError(f"credgen PDFs load no external resources ({url})")


#: How hard the PDF's streams are deflated: zlib's default, for speed (see the module's docstring).
DEFLATE_LEVEL = 6


class _Deflate:
    """The `zlib` that pydyf calls: zlib itself, but deflating streams at `DEFLATE_LEVEL`.

    pydyf (WeasyPrint's PDF writer) hard-codes level 9 for streams; it has no option for it.
    """

    compress = staticmethod(zlib.compress)  # inline images, already at zlib's default level

    @staticmethod
    def compressobj(level: int = DEFLATE_LEVEL) -> zlib._Compress:
        del level  # pydyf's 9
        return zlib.compressobj(DEFLATE_LEVEL)


pydyf.zlib = _Deflate
patches.apply()


#: The selector of a user-agent rule for a footnote's or note's pseudo-elements, on any element.
_NOTE_RULE = re.compile(r"::(?:footnote|note)-[a-z-]+")


@functools.cache
def _user_agent_stylesheet() -> CSS:
    """The stylesheet of `user_agent_css`, parsed once per process."""
    # Its own counter styles: WeasyPrint's already hold the stylesheet's, and stay untouched.
    return CSS(string=user_agent_css(), counter_style=CounterStyle())


def user_agent_css() -> str:
    """WeasyPrint's HTML user-agent stylesheet without its rules for the pseudo-elements of
    footnotes and notes (see the module's docstring)."""
    rules = tinycss2.parse_stylesheet(USER_AGENT_CSS, skip_comments=True, skip_whitespace=True)
    kept = [
        rule
        for rule in rules
        if rule.type != "qualified-rule" or not _NOTE_RULE.fullmatch(tinycss2.serialize(rule.prelude).strip())
    ]
    return "\n".join(rule.serialize() for rule in kept)


class _PrintHTML(HTML):  # type: ignore[misc]
    """An HTML document styled with `_user_agent_stylesheet` instead of WeasyPrint's own, and
    parsed by the XML parser when it is well-formed XML (see `xml_tree`)."""

    def __init__(self, *, string: str, base_url: str, url_fetcher: URLFetcher) -> None:
        root = xml_tree(string)
        if root is None:  # not XML (a project's own templates): WeasyPrint's HTML5 parser
            super().__init__(string=string, base_url=base_url, url_fetcher=url_fetcher)
            return
        # What WeasyPrint's own constructor sets from the tree its parser builds.
        self.base_url = find_base_url(root, base_url)
        self.url_fetcher = url_fetcher
        self.media_type = "print"
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
        self.etree_element = self.wrapper_element.etree_element

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        if forms:  # credgen's documents have no forms; keep WeasyPrint's behaviour for them
            return list(super()._ua_stylesheets(forms))
        return [_user_agent_stylesheet()]


def xml_tree(html: str) -> ElementTree.Element | None:
    """The tree of `html` from the XML parser, or None if it is not well-formed XML.

    credgen's print documents are (void elements closed, every attribute with a value, no
    named entities, the specification's text escaped), and for them it is the tree WeasyPrint's
    HTML5 parser builds, less some whitespace outside the body's elements, at a fiftieth of the
    parsing time: 5.8% of a document's instructions. A document that declares entities is
    refused (the specification's text cannot: its `<` is escaped).
    """
    if "<!ENTITY" in html:
        return None
    try:
        return ElementTree.fromstring(html)
    except ElementTree.ParseError:
        return None


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings for the report instead of printing them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_FONTS: FontConfiguration | None = None
_STYLES: dict[str, list[CSS]] = {}
_FETCHER = _LocalFetcher(allowed_protocols={"data", "file"})
_IN_WORKER = False

#: How many documents' garbage a worker keeps before collecting it (about 15 MB each).
COLLECT_EVERY = 4
_uncollected = 0


def become_worker() -> None:
    """Set up a pool worker: the collector off, run by `_collector_paused` every few documents,
    and the inherited heap kept out of those collections (it is never garbage: the modules)."""
    global _IN_WORKER  # noqa: PLW0603 (one per process by design)
    gc.freeze()
    gc.disable()
    _IN_WORKER = True


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block.

    In a worker, a full collection first if `COLLECT_EVERY` documents have left garbage since
    the last one; elsewhere, the caller's collector setting is given back afterwards.
    """
    global _uncollected  # noqa: PLW0603 (one per process by design)
    if _IN_WORKER:
        if _uncollected >= COLLECT_EVERY:
            gc.collect()
            _uncollected = 0
        try:
            yield
        finally:
            _uncollected += 1
        return
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def prepare(css: str) -> None:
    """Load the fonts and parse `css` and the user-agent stylesheet now, ahead of the first
    document (in the fork server, so that every worker forked from it starts with them)."""
    _stylesheets(css)
    _user_agent_stylesheet()


def _stylesheets(css: str) -> tuple[FontConfiguration, list[CSS]]:
    """The font configuration and parsed stylesheets, made once per process (or fork server)."""
    global _FONTS  # noqa: PLW0603 (one per process by design)
    if _FONTS is None:
        _FONTS = FontConfiguration()
        # Run at this process's exit, also by a pool worker (multiprocessing runs its finalizers
        # before `os._exit`); a forked process starts with an empty list of them.
        multiprocessing.util.Finalize(None, _remove_fonts, args=(_FONTS, os.getpid()), exitpriority=0)
    if css not in _STYLES:
        _STYLES[css] = [
            CSS(string=font_face_css(), font_config=_FONTS, url_fetcher=_FETCHER),
            CSS(string=css, font_config=_FONTS, url_fetcher=_FETCHER),
        ]
    return _FONTS, _STYLES[css]


def _remove_fonts(fonts: FontConfiguration, owner: int) -> None:
    """Delete WeasyPrint's temporary copy of the fonts, in the process that made it only."""
    if os.getpid() == owner:
        # WeasyPrint's own clean-up, run now rather than at a collection that may never come;
        # it only removes the folder, and running it again at a collection does nothing.
        fonts.__del__()


def render_job(job: PdfJob) -> PdfOutcome:
    """Render `job` to `job.target`; errors come back in the outcome, never as exceptions."""
    started = time.process_time()
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        with _collector_paused():
            pdf, pages = _typeset(job)
        _write_atomically(job.target, pdf)
    except Exception as error:  # reported with the file's name, like every other failure
        return PdfOutcome(job.target, error=f"{job.name}: cannot render the PDF: {error}")
    finally:
        logger.removeHandler(collect)
    cpu = time.process_time() - started
    return PdfOutcome(job.target, pages, cpu, tuple(collect.messages))


def _typeset(job: PdfJob) -> tuple[bytes, int]:
    """The PDF of `job` and its page count; WeasyPrint's document is garbage once this returns."""
    fonts, styles = _stylesheets(job.css)
    document = _PrintHTML(string=job.html, base_url=job.base_url, url_fetcher=_FETCHER).render(
        stylesheets=styles, font_config=fonts, **PDF_OPTIONS
    )
    return document.write_pdf(**PDF_OPTIONS), len(document.pages)


def _write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to `target` through a temporary file, so readers never see half a PDF."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
