"""The format-2 content of a specification on its page (and so in its PDF, which shares the
body): statements under a domain, statement mappings, entrustment, sources, people, gateway."""

from __future__ import annotations

import dataclasses

import pytest
from pydantic import AnyHttpUrl

from credgen.context import BuildContext
from credgen.load.documents import load_corpus
from credgen.models.content import Reference
from credgen.render.templates import make_environment, render_credential_body
from tests.conftest import REPO

FW = 'href="https://example.org/site/frameworks/mpf-2017/'


@pytest.fixture(scope="module")
def html() -> str:
    corpus = load_corpus(REPO)
    ctx = BuildContext.for_project(
        REPO, site_url="https://example.org/site/", repo_url="https://example.org/repo"
    )
    return render_credential_body(make_environment(REPO), corpus.credentials["mental-health"], corpus, ctx)


def test_statements_directly_under_a_domain_with_their_mapping(html: str) -> None:
    assert (
        '<li id="st-D6a"><span class="cg-code">D6.1</span> Checks the physical health of people with serious '
        "mental illness at every contact that allows it, including the effects of medicines on weight, heart "
        'and metabolism. <span class="cg-maps cg-maps--statement">(maps to <a class="cg-ref" '
        f'{FW}#fw-1.4" title="MPF 2017 1.4: Holistic assessment in partnership">MPF 2017 1.4</a>)</span></li>'
    ) in html
    assert '<li id="st-D6b"><span class="cg-code">D6.2</span> Works with primary care' in html


def test_a_statement_mapping_is_shown_under_its_capability(html: str) -> None:
    start = html.index('<li id="st-C1b">')
    item = html[start : html.index("</li>", start)]
    assert f'{FW}#fw-1.9"' in item and "beyond its capability" not in item


def test_a_mapping_beyond_the_capability_says_so(html: str) -> None:
    start = html.index('<li id="st-C13c">')
    item = html[start : html.index("</li>", start)]
    assert f'{FW}#fw-2.6"' in item and item.endswith(", beyond its capability's mapping)</span>")


def test_references_link_their_doi_or_url() -> None:
    corpus = load_corpus(REPO)
    document = corpus.credentials["mental-health"]
    references = [
        Reference(citation="The DOI Handbook.", doi="10.1000/182"),
        Reference(citation="A page.", url=AnyHttpUrl("https://example.org/page")),
    ]
    spec = document.model.model_copy(update={"references": references})
    ctx = BuildContext.for_project(
        REPO, site_url="https://example.org/site/", repo_url="https://example.org/repo"
    )
    html = render_credential_body(
        make_environment(REPO), dataclasses.replace(document, model=spec), corpus, ctx
    )
    assert '<li>The DOI Handbook. <a href="https://doi.org/10.1000/182">doi:10.1000/182</a></li>' in html
    assert '<li>A page. <a href="https://example.org/page">https://example.org/page</a></li>' in html


def test_entrustment_scale_and_expected_level(html: str) -> None:
    assert (
        '<p class="cg-scale-intro">Entrustment is judged on the Illustrative five-level supervision scale '
        "(Written for this example; not a published scale):</p>"
    ) in html
    assert '<li value="4"><strong>Acts with distant supervision</strong>: The supervisor is available' in html
    assert (
        '<p class="cg-expected">Expected at completion: level 4, acts with distant supervision.</p>' in html
    )


def test_sources_people_and_gateway(html: str) -> None:
    assert '<h2 id="indicative-content-title">Indicative content</h2>' in html
    assert "<li>Health Education England (2017). Multi-professional framework" in html
    assert (
        '<p class="cg-gateway">The proposal for this credential was accepted at the gateway on '
        "21 August 2023 (issue #12 in the specifications repository).</p>"
    ) in html
    assert "<li>E. Instance, Chair, Northfield University (fictional)</li>" in html
    assert "<li>F. Figment, Lived experience adviser</li>" in html
    assert '<h3 id="acknowledgements">Acknowledgements</h3>' in html
