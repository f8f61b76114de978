"""`credgen.pdf.patches`: WeasyPrint takes a shorter route to the same PDF.

Each test renders with the changes and without them (`patches.undo`, then `apply` again) in
this process: byte-identical PDFs, and evidence that the shorter route was taken.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import weasyprint
from weasyprint.layout import page as page_layout
from weasyprint.text import line_break

from credgen.pdf import patches
from credgen.pdf.cache import PdfCache
from credgen.pdf.parallel import PdfJob
from credgen.pdf.stage import _plan, _stylesheet
from credgen.pdf.worker import _FETCHER, PDF_OPTIONS, _PrintHTML, _stylesheets, _typeset
from tests.pdf.conftest import Rendered

#: Generated content and text that take each patched path, or stay off it: target-counter by
#: attribute and by literal anchor, one mixed with the box's own page counter, preformatted
#: lines, justified and spaced text, decorations, two languages and an ellipsis.
KITCHEN_SINK = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8" /><title>Kitchen sink</title><style>
@page { size: A6; @bottom-right { content: counter(page) " / " counter(pages) } }
.toc a::after { content: "" " p. " target-counter(attr(href), page) }
.mixed::after { content: " (" target-counter(attr(href), page) " of page " counter(page) ")" }
.literal::after { content: " p. " target-counter("#three", page) }
section { break-before: page }
pre { white-space: pre }
.justified { text-align: justify; letter-spacing: 0.05em; word-spacing: 0.2em }
.decorated { text-decoration: underline overline line-through }
.clipped { width: 25mm; white-space: nowrap; overflow: hidden; text-overflow: ellipsis }
</style></head><body>
<nav class="toc"><ol>
<li><a href="#one">One</a></li><li><a href="#two">Two</a></li><li><a href="#three">Three</a></li>
</ol></nav>
<p><a class="mixed" href="#two">Two again</a> <span class="literal">Three by name</span></p>
<section id="one"><h1>One</h1><pre>first line
second line\tand a tab</pre>
<p class="justified">Justified text with spaced letters and words, long enough to wrap over
several lines of this small page so that the justification applies to more than one line.</p></section>
<section id="two"><h1>Two</h1><p class="decorated">Underlined, overlined and struck through.</p>
<p lang="fr">Un paragraphe en français, avec des « guillemets » et une césure possible.</p></section>
<section id="three"><h1>Three</h1><p class="clipped">A line far too long for its narrow box.</p></section>
</body></html>
"""


#: The stylesheet beside the document's own: the bundled font.
KITCHEN_SINK_CSS = "html { font-family: 'Source Sans Pro' }"


def _count_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[tuple[Any, ...]]:
    """Record the arguments of every call to `owner.name` from now on."""
    calls: list[tuple[Any, ...]] = []
    original: Callable[..., Any] = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


@pytest.fixture
def unpatched() -> Iterator[Callable[[], None]]:
    """Call it to give WeasyPrint its own functions back until the test ends."""
    yield patches.undo
    patches.apply()


def _job(examples: Rendered, slug: str) -> PdfJob:
    css = _stylesheet(examples.env)
    (planned,) = _plan(examples.corpus, examples.env, examples.ctx, PdfCache(examples.cache), [slug], css=css)
    return planned.job


def _render(html: str) -> weasyprint.Document:
    fonts, styles = _stylesheets(KITCHEN_SINK_CSS)
    document = _PrintHTML(string=html, base_url="https://example.org/", url_fetcher=_FETCHER)
    return document.render(stylesheets=styles, font_config=fonts, **PDF_OPTIONS)


def test_the_examples_render_byte_identical_without_them(
    examples: Rendered, unpatched: Callable[[], None]
) -> None:
    """The example with a watermark, the most tables and the longest contents, and the endorsed
    one; the pool's workers (patched) rendered `job.target`."""
    for slug in ("acute-medicine", "older-people-frailty"):
        job = _job(examples, slug)
        patched = job.target.read_bytes()
        unpatched()
        assert _typeset(job)[0] == patched, slug
        patches.apply()


def test_generated_content_and_odd_text_render_byte_identical(unpatched: Callable[[], None]) -> None:
    patched = _render(KITCHEN_SINK)
    texts = [
        box.text for page in patched.pages for box in page._page_box.descendants() if hasattr(box, "text")
    ]
    assert any("p. 2" in text for text in texts)
    assert any("p. 4" in text for text in texts)  # by attribute and by name
    assert any("of page 1" in text for text in texts)
    with_patches = patched.write_pdf(**PDF_OPTIONS)
    unpatched()
    assert _render(KITCHEN_SINK).write_pdf(**PDF_OPTIONS) == with_patches


def test_the_contents_page_is_laid_out_twice_not_three_times(
    examples: Rendered, monkeypatch: pytest.MonkeyPatch, unpatched: Callable[[], None]
) -> None:
    job = _job(examples, "acute-medicine")
    remade = _count_calls(monkeypatch, page_layout, "remake_page")
    _typeset(job)
    contents_page = 1  # page 2: the cover is page 1
    assert [call[0] for call in remade].count(contents_page) == 2
    remade.clear()
    unpatched()
    _typeset(job)
    assert [call[0] for call in remade].count(contents_page) == 3


def test_drawing_reuses_the_layouts_that_measured_the_lines(
    examples: Rendered, monkeypatch: pytest.MonkeyPatch, unpatched: Callable[[], None]
) -> None:
    job = _job(examples, "older-people-frailty")  # no watermark, whose text is drawn afresh
    fonts, styles = _stylesheets(job.css)

    def layouts_built_to_draw() -> int:
        html = _PrintHTML(string=job.html, base_url=job.base_url, url_fetcher=_FETCHER)
        document = html.render(stylesheets=styles, font_config=fonts, **PDF_OPTIONS)
        built = _count_calls(monkeypatch, line_break.Layout, "setup")
        document.write_pdf(**PDF_OPTIONS)
        monkeypatch.undo()
        return len(built)

    assert layouts_built_to_draw() == 0
    unpatched()
    assert layouts_built_to_draw() > 500  # one per line drawn, about 970


def test_layouts_share_their_pango_context(monkeypatch: pytest.MonkeyPatch) -> None:
    """One context per language (and font map and direction), however many layouts."""
    given: list[tuple[str, Any]] = []
    context = patches._context

    def recorded(style: Any) -> tuple[Any, Any]:
        language, pango_context = context(style)
        given.append((style["lang"], pango_context))
        return language, pango_context

    monkeypatch.setattr(patches, "_context", recorded)
    _render(KITCHEN_SINK)
    assert len(given) > 100
    assert {lang for lang, _ in given} == {"en-GB", "fr"}
    assert len(set(given)) == 2


def test_another_weasyprint_release_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert not patches.apply()
    monkeypatch.setattr(weasyprint, "__version__", "70.0")
    assert patches.apply()
