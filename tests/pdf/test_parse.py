"""The PDF worker parses credgen's print documents with the XML parser (`xml_tree`), which
builds the tree WeasyPrint's HTML5 parser would, in a fiftieth of the time; anything else goes
to WeasyPrint's parser. The PDFs it gives are byte-identical (`test_user_agent`)."""

from __future__ import annotations

from xml.etree import ElementTree

import tinyhtml5

from credgen.pdf.cache import PdfCache
from credgen.pdf.stage import _plan, _stylesheet
from credgen.pdf.worker import _FETCHER, _PrintHTML, xml_tree
from tests.pdf.conftest import Rendered


def _shape(element: ElementTree.Element) -> list[tuple[str, dict[str, str], str, str]]:
    """Every element's tag, attributes, text and tail, in document order; text that is only
    whitespace counts as none (the parsers differ there, outside the body's content)."""
    return [
        (item.tag, dict(item.attrib), _unless_blank(item.text), _unless_blank(item.tail))
        for item in element.iter()
    ]


def _unless_blank(text: str | None) -> str:
    return text if text and not text.isspace() else ""


def test_every_print_document_is_xml_with_the_html5_parser_s_tree(examples: Rendered) -> None:
    slugs = list(examples.corpus.credentials)
    css = _stylesheet(examples.env)
    planned = _plan(examples.corpus, examples.env, examples.ctx, PdfCache(examples.cache), slugs, css=css)
    for item in planned:
        tree = xml_tree(item.job.html)
        assert tree is not None, f"{item.slug}: the print document is not well-formed XML"
        html5 = tinyhtml5.parse(item.job.html, namespace_html_elements=False)
        assert _shape(tree) == _shape(html5), item.slug


def test_a_document_that_is_not_xml_goes_to_the_html5_parser() -> None:
    """A project's own templates may write HTML that is not XML."""
    html = "<!DOCTYPE html><html><body><p>one<br>two &nbsp;three</body></html>"
    assert xml_tree(html) is None
    document = _PrintHTML(string=html, base_url="https://example.org/", url_fetcher=_FETCHER)
    paragraph = document.etree_element.find("body/p")
    assert [child.tag for child in paragraph] == ["br"]
    assert paragraph[0].tail == "two \xa0three"


def test_a_document_declaring_entities_is_refused() -> None:
    """Entities could expand a billion times."""
    html = '<!DOCTYPE html [<!ENTITY a "b">]><html><body><p>&a;</p></body></html>'
    assert xml_tree(html) is None
    assert xml_tree("<!DOCTYPE html>\n<html><body><p>x</p></body></html>") is not None
