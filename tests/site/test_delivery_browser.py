"""Catalogue filters for delivery in real Chromium: approved provider, region and mode, in the URL."""

from __future__ import annotations

from typing import Any

from tests.site.conftest import BuiltSite
from tests.site.test_browser import card_titles, expected_titles


def test_filter_by_region_and_mode_is_kept_in_the_url(page: Any, server: str, built: BuiltSite) -> None:
    page.goto(server + "credentials/")
    everything = len(card_titles(page))
    page.select_option("#cg-filter-provider", "yes")
    with_provider = card_titles(page)
    assert with_provider == expected_titles(built, provider="yes")
    assert {"Golden example credential", "Older people and frailty"} <= set(with_provider)
    assert "Acute medicine" not in with_provider
    page.select_option("#cg-filter-region", "east-of-england")
    assert card_titles(page) == ["Older people and frailty"]  # Fenmarsh College (fictional)
    assert page.url.endswith("/credentials/?provider=yes&region=east-of-england")
    page.select_option("#cg-filter-mode", "part-time")
    # Northmoor teaches part-time, Fenmarsh in the East of England: no one provider does both.
    assert card_titles(page) == []
    assert page.locator("#cg-empty").is_visible()
    page.select_option("#cg-filter-mode", "work-based")
    assert card_titles(page) == ["Older people and frailty"]
    assert page.url.endswith("/credentials/?provider=yes&region=east-of-england&mode=work-based")

    page.goto(server + "credentials/?region=north-west&mode=work-based")
    assert page.locator("#cg-filter-region").input_value() == "north-west"
    assert page.locator("#cg-filter-mode").input_value() == "work-based"
    assert card_titles(page) == ["Golden example credential"]  # Northmoor's golden plan is work-based
    assert page.locator("#cg-count").inner_text() == f"Showing 1 of {everything} credentials"


def test_without_an_approved_provider_the_page_says_so(built: BuiltSite) -> None:
    html = built.page("credentials/acute-medicine")
    assert (
        '<p class="cg-study__none">No education provider has an approved delivery plan for this '
        "specification yet, so it cannot be studied as a credential at the moment.</p>"
    ) in html


def test_provider_pages(built: BuiltSite) -> None:
    directory = built.page("providers")
    assert '<a href="northmoor-university/">University of Northmoor (fictional)</a>' in directory
    page = built.page("providers/severnside-university")
    assert "<div><dt>UKPRN</dt><dd>19000003</dd></div>" in page
    assert '<a href="../../credentials/older-people-frailty/">Older people and frailty</a>' in page
    assert "Met with conditions (14 October 2026)" in page
    northmoor = built.page("providers/northmoor-university")
    assert "1.2.0 (awaiting re-mapping to respiratory-care 2.0.0 by " in northmoor
    assert "This provider is fictional" in northmoor
