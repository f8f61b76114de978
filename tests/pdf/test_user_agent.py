"""credgen's user-agent stylesheet: WeasyPrint's, less the rules no credgen document uses."""

from __future__ import annotations

import re

import tinycss2
from weasyprint import HTML
from weasyprint.html import UA

from credgen.pdf.cache import PdfCache
from credgen.pdf.stage import _plan, _stylesheet
from credgen.pdf.worker import _FETCHER, PDF_OPTIONS, _stylesheets, user_agent_css
from tests.pdf.conftest import Rendered


def _selectors(css: str) -> list[str]:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return [tinycss2.serialize(rule.prelude).strip() for rule in rules if rule.type == "qualified-rule"]


def test_it_drops_the_footnote_and_note_rules_and_nothing_else() -> None:
    weasyprint, ours = _selectors(UA), _selectors(user_agent_css())
    dropped = [selector for selector in weasyprint if selector not in ours]
    notes = ["::footnote-call", "::footnote-marker", "::note-call", "::note-marker", "::note-callback"]
    assert dropped == notes
    assert ours == [selector for selector in weasyprint if selector not in dropped]
    at_rules = [rule.serialize() for rule in tinycss2.parse_stylesheet(UA) if rule.type == "at-rule"]
    assert at_rules and all(rule in user_agent_css() for rule in at_rules)


def test_the_print_stylesheet_floats_nothing_to_a_footnote_or_note(examples: Rendered) -> None:
    """What makes the dropped rules safe: no credgen document has a footnote or note."""
    css = _stylesheet(examples.env)
    assert "float" in css
    assert not re.search(r"float\s*:\s*(footnote|note)", css)


def test_the_pdfs_are_byte_identical_to_those_of_weasyprint_s_own_stylesheet(examples: Rendered) -> None:
    """Byte for byte, for the example with the most kinds of content (tables, lists, links)."""
    css = _stylesheet(examples.env)
    (planned,) = _plan(
        examples.corpus, examples.env, examples.ctx, PdfCache(examples.cache), ["acute-medicine"], css=css
    )
    job = planned.job
    fonts, styles = _stylesheets(css)
    document = HTML(string=job.html, base_url=job.base_url, url_fetcher=_FETCHER).render(
        stylesheets=styles, font_config=fonts, **PDF_OPTIONS
    )
    assert document.write_pdf(**PDF_OPTIONS) == job.target.read_bytes()
