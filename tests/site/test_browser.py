"""The built site in real Chromium: search, filters, hostile content, accessibility, small screens."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.site.conftest import KEY_PAGES, BuiltSite


def card_titles(page: Any) -> list[str]:
    """Titles of the catalogue cards currently shown."""
    return page.locator("#cg-results > li:not([hidden]) .cg-card__title").all_inner_texts()


def test_search_finds_a_capability_and_links_to_its_anchor(page: Any, server: str) -> None:
    page.goto(server + "search/?q=imaginary+equipment")
    link = page.locator('a[href*="/credentials/golden-example/#cap-X1"]').first
    link.wait_for(timeout=10_000)
    first = page.locator(".pagefind-ui__result-link").first
    assert "Golden example credential" in first.inner_text()


def test_search_leaves_out_older_versions(page: Any, server: str) -> None:
    """Words only in golden-example 2.0.0 (frozen at /v/2.0.0/) find nothing; its current words
    find the current page, never a version or changes page."""
    page.goto(server + "search/?q=vellum")
    page.locator(".pagefind-ui__message").filter(has_text="No results").wait_for(timeout=10_000)
    assert page.locator(".pagefind-ui__result").count() == 0
    page.goto(server + "search/?q=focused+history+carers")
    page.locator('a[href*="/credentials/golden-example/"]').first.wait_for(timeout=10_000)
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and not [href for href in hrefs if "/v/" in href or "/changes/" in href]


def test_header_search_link_reaches_the_search_page(page: Any, server: str) -> None:
    page.goto(server + "credentials/golden-example/")
    page.locator("a.cg-header-search").click()
    page.wait_for_url(re.compile(r"/search/$"))
    page.locator(".pagefind-ui__search-input").fill("geriatric assessment")
    page.locator('a[href*="/credentials/older-people-frailty/"]').first.wait_for(timeout=10_000)


def expected_titles(built: BuiltSite, **wanted: str) -> list[str]:
    """Titles the catalogue should show for a filter, from the cards' data in the built HTML."""
    html = built.page("credentials")
    card = re.compile(r'<li class="cg-card" ([^>]*)>\s*<h2[^>]*><a [^>]*>([^<]*)</a>')
    titles = []
    for attributes, title in card.findall(html):
        data = dict(re.findall(r'data-([a-z]+)="([^"]*)"', attributes))
        if all(value in data[facet].split() for facet, value in wanted.items()):
            titles.append(unescape(title))
    return titles


def test_filter_narrows_the_catalogue_and_is_kept_in_the_url(
    page: Any, server: str, built: BuiltSite
) -> None:
    page.goto(server + "credentials/")
    everything = len(card_titles(page))
    assert everything == len(expected_titles(built)) >= 10
    page.select_option("#cg-filter-area", "test-practice")
    assert card_titles(page) == ["Golden example credential"]
    assert page.locator("#cg-count").inner_text() == f"Showing 1 of {everything} credentials"
    assert page.url.endswith("/credentials/?area=test-practice")
    page.select_option("#cg-filter-status", "withdrawn")
    assert card_titles(page) == []
    assert page.locator("#cg-empty").is_visible()
    assert page.url.endswith("/credentials/?status=withdrawn&area=test-practice")
    shared = "credentials/?profession=speech-and-language-therapy&capability=mpf-2017:1.6"
    page.goto(server + shared)
    assert page.locator("#cg-filter-profession").input_value() == "speech-and-language-therapy"
    shown = card_titles(page)
    facets = {"profession": "speech-and-language-therapy", "capability": "mpf-2017:1.6"}
    assert shown == expected_titles(built, **facets)
    assert "Golden example credential" in shown
    assert "Acute medicine" not in shown
    assert len(shown) < everything
    page.select_option("#cg-filter-pillar", "4")
    assert card_titles(page) == expected_titles(built, **facets, pillar="4")


def test_catalogue_without_javascript_is_a_plain_list(browser: Any, server: str, built: BuiltSite) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + "credentials/?status=endorsed")
        assert len(card_titles(page)) == len(list((built.root / "specs" / "credentials").iterdir()))
        assert not page.locator("#cg-filters").is_visible()
    finally:
        context.close()


def test_hostile_specification_raises_no_dialog(page: Any, server: str) -> None:
    for path in ["credentials/hostile-example/", "credentials/", "frameworks/mpf-2017/", "search/?q=hostile"]:
        page.goto(server + path)
        page.wait_for_timeout(300)
        page.mouse.move(300, 300)
    assert page.dialogs == []
    page.goto(server + "credentials/hostile-example/")
    injected = page.evaluate(
        """() => ({
            scripts: [...document.scripts].filter(s => s.textContent.includes('alert')).length,
            handlers: document.querySelectorAll('[onerror],[onload],[onmouseover],[ontoggle]').length,
            links: [...document.querySelectorAll('[href],[src],[action],[data]')].filter(e =>
                ['href', 'src', 'action', 'data'].some(
                    name => /^\\s*(javascript|vbscript|data):/i.test(e.getAttribute(name) || ''))
                ).length,
            frames: document.querySelectorAll('iframe, object, embed').length,
        })"""
    )
    assert injected == {"scripts": 0, "handlers": 0, "links": 0, "frames": 0}
    assert page.locator("h1").inner_text().startswith('<script>alert("title")</script>')


def every_page(built: BuiltSite) -> list[str]:
    """The path of every HTML page of the built site: the example corpus and the test fixtures."""
    return sorted(
        "" if page.parent == built.site else page.parent.relative_to(built.site).as_posix() + "/"
        for page in built.site.rglob("index.html")
    )


def test_every_page_has_no_serious_accessibility_violations_and_fits_320_css_pixels(
    browser: Any, server: str, built: BuiltSite
) -> None:
    """WCAG 2.2 reflow (1.4.10) and axe-core on every page, in one 320 px wide tab: a wide table
    scrolls inside its own container and never widens the page."""
    paths = every_page(built)
    assert set(KEY_PAGES) <= set(paths) and len(paths) > 30
    context = browser.new_context(viewport={"width": 320, "height": 640})
    failures = []
    try:
        page = context.new_page()
        for path in paths:
            page.goto(server + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                failures.append(f"/{path}: {width} px wide")
            failures += [
                f"/{path}: {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
                for v in Axe().run(page).response["violations"]
                if v["impact"] in {"serious", "critical"}
            ]
    finally:
        context.close()
    assert failures == []


def test_catalogue_works_by_keyboard_alone(page: Any, server: str) -> None:
    page.goto(server + "credentials/")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "cg-filter-status":
            break
    else:
        pytest.fail("the status filter cannot be reached with Tab")
    before = len(card_titles(page))
    page.keyboard.press("ArrowDown")  # Any → the first status
    assert len(card_titles(page)) < before
    page.keyboard.press("Home")
    assert len(card_titles(page)) == before
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.cg-card__title') !== null"):
            break
    else:
        pytest.fail("no credential link can be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/credentials/[a-z0-9-]+/$"))
