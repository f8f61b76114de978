"""The format-2 content of a specification read back from its real PDF (mental-health)."""

from __future__ import annotations

from tests.pdf.conftest import Rendered


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_pdf_carries_domain_statements_entrustment_sources_and_gateway(examples: Rendered) -> None:
    text = _words(" ".join(examples.texts("mental-health")))
    assert "D6.1 Checks the physical health of people with serious mental illness" in text
    assert "Entrustment is judged on the Illustrative five-level supervision scale" in text
    assert "Expected at completion: level 4, acts with distant supervision." in text
    assert "Indicative content Programmes are likely to cover" in text
    assert "How it was developed The proposal for this credential was accepted at the gateway on" in text
    assert "E. Instance, Chair, Northfield University (fictional)" in text
