"""Published versions on the built site: frozen pages, "changes since" pages, version history,
the feed link in every head, and versions kept out of search.

The session project (conftest) commits `golden-example` 2.0.0 and then 2.1.0, both endorsed;
2.0.0 differs by the edits in `OLD_GOLDEN`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.site.conftest import BuiltSite, git

OLD = "credentials/golden-example/v/2.0.0"
CURRENT = "credentials/golden-example/v/2.1.0"
CHANGES = "credentials/golden-example/changes/2.0.0"


def section(html: str, anchor: str) -> str:
    """The `<section id=anchor>` of a page."""
    match = re.search(rf'<section [^>]*id="{anchor}".*?</section>', html, re.DOTALL)
    assert match, f"no section #{anchor}"
    return match.group(0)


def change(html: str, section_name: str, item_id: str) -> str:
    """One item of a changes page."""
    match = re.search(
        rf'<li class="cg-change" id="change-{section_name}-{item_id}">.*?</li>', html, re.DOTALL
    )
    assert match, f"no change for {section_name} {item_id}"
    return match.group(0)


def resolves(site: Path, page: str, href: str) -> bool:
    """Whether a relative link from `page` reaches a file, and its #anchor exists there."""
    path, _, anchor = href.partition("#")
    target = (site / page / path).resolve() if path else site / page
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return False
    return not anchor or f'id="{anchor}"' in target.read_text(encoding="utf-8")


# Frozen versions ---------------------------------------------------------------------------


def test_an_old_version_is_frozen_with_its_own_text(built: BuiltSite) -> None:
    html = built.page(OLD)
    assert "<h1>Golden example credential (version 2.0.0)</h1>" in html
    banner = re.search(r'<div class="cg-notice cg-notice--version".*?</div>', html, re.DOTALL)
    assert banner
    text = " ".join(re.sub(r"<[^>]+>", "", banner.group(0)).split())
    assert text.startswith(
        "You are reading version 2.0.0 (endorsed, published 1 June 2024). "
        "The current version is version 2.1.0."
    )
    assert '<a href="../../">version 2.1.0</a>' in banner.group(0)
    assert 'href="../../changes/2.0.0/"' in banner.group(0)
    # The old text, rendered by the same template as the current page.
    assert "Takes a history." in html and "Takes a focused history" not in html
    assert 'id="st-A1-s3"' in html and 'id="st-A1-s2"' not in html
    assert '<span class="cg-badge cg-badge--version">Version 2.0.0</span>' in html
    assert "20 UK credits (200 notional hours)" in html
    assert "pull request #17" in html  # its own endorsement record, not the current one's


def test_a_frozen_version_links_its_own_data_and_source(built: BuiltSite) -> None:
    html = built.page(OLD)
    first_commit = git(built.root, "rev-list", "--max-parents=0", "HEAD").strip()
    downloads = section(html, "downloads")
    assert 'href="../../../../api/v1/credentials/golden-example/v/2.0.0.json"' in downloads
    assert (built.site / "api/v1/credentials/golden-example/v/2.0.0.json").is_file()
    source = f"https://github.com/example/credgen/blob/{first_commit}/specs/credentials/golden-example/credential.yaml"
    assert f'href="{source}"' in downloads
    assert "/edit/" not in html  # a published version is not edited
    assert "downloads/golden-example-2.0.0.pdf" not in html  # the session builds no PDFs
    cite = section(html, "cite")
    assert (
        "version 2.0.0 [illustrative credential specification]. https://credgen.example.org/" + OLD + "/"
        in cite
    )
    assert "citation.bib" not in cite  # the citation files are of the current version


def test_the_current_version_is_frozen_too(built: BuiltSite) -> None:
    html = built.page(CURRENT)
    assert "<strong>You are reading version 2.1.0</strong>" in html
    assert "This is the current version" in html
    assert "Takes a focused history, including from carers." in html


def test_versions_and_changes_are_kept_out_of_search(built: BuiltSite) -> None:
    assert "data-pagefind-body" in built.page("credentials/golden-example")
    history = section(built.page("credentials/golden-example"), "history")
    assert re.match(
        r'<section class="cg-section cg-history" id="history" [^>]*data-pagefind-ignore>', history
    )
    for page in (OLD, CURRENT, CHANGES):
        assert "data-pagefind-body" not in built.page(page), page


# Changes since a version -------------------------------------------------------------------


def test_changes_page_shows_the_structured_diff(built: BuiltSite) -> None:
    html = built.page(CHANGES)
    assert "<h1>Golden example credential: changes since version 2.0.0</h1>" in html
    assert "1 item added; 1 item removed; 1 item reworded; 1 item remapped." in html
    added = change(html, "statement", "A1-s2")
    assert '<a href="../../#st-A1-s2">Statement 1.2 of capability A1</a>' in added
    assert 'cg-badge--added">Added<' in added
    assert "Interprets findings under <code>uncertainty</code>." in added
    removed = change(html, "statement", "A1-s3")
    assert '<a href="../../v/2.0.0/#st-A1-s3">Statement 1.3 of capability A1</a>' in removed
    assert "Records findings on vellum." in removed
    reworded = change(html, "statement", "A1-s1")
    assert "Takes a <ins>focused </ins>history<ins>, including from carers</ins>." in reworded
    remapped = change(html, "capability", "A2")
    assert "now maps to 2.5, 3.4 and 4.2 (added 4.2)" in remapped
    general = section(html, "general")
    assert '<tr><th scope="row">Credits</th><td>20</td><td>30</td></tr>' in general
    assert "an <ins>imaginary </ins>area of practice" in section(html, "wording")


def test_every_link_on_the_changes_page_resolves_to_its_anchor(built: BuiltSite) -> None:
    html = built.page(CHANGES)
    content = html[html.index('<div class="cg-changes">') :]
    links = re.findall(r'href="(\.\./[^"]*)"', content)
    assert len(links) >= 6
    assert [link for link in links if not resolves(built.site, CHANGES, link)] == []


# Version history on the credential page ----------------------------------------------------


def test_history_lists_every_version_newest_first(built: BuiltSite) -> None:
    history = section(built.page("credentials/golden-example"), "history")
    rows = re.findall(r"<tr[^>]*>\s*<th scope=\"row\">(.*?)</tr>", history, re.DOTALL)
    assert len(rows) == 2
    assert "Version 2.1.0</a> (current)" in rows[0] and "This is the current version" in rows[0]
    assert "<td>1 April 2025</td>" in rows[0]
    assert "<td>1 June 2024</td>" in rows[1] and "<td>Endorsed</td>" in rows[1]
    assert 'href="../../credentials/golden-example/changes/2.0.0/">Changes since version 2.0.0</a>' in rows[1]
    links = re.findall(r'href="([^"]+)"', history)
    assert len(links) == 5  # two pages, two JSON files, one changes page
    assert [link for link in links if not resolves(built.site, "credentials/golden-example", link)] == []


def test_a_credential_with_one_version_has_no_changes_page(built: BuiltSite) -> None:
    folder = built.site / "credentials" / "older-people-frailty"
    assert sorted(p.name for p in (folder / "v").iterdir()) == ["1.0.0"]
    assert not (folder / "changes").exists()
    history = section(built.page("credentials/older-people-frailty"), "history")
    assert "Changes since" not in history


# The feed and the citation files -----------------------------------------------------------


def test_every_page_head_links_the_feed(built: BuiltSite) -> None:
    pages = sorted(built.site.rglob("index.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        found = re.findall(
            r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', head
        )
        assert len(found) == 1, path
        assert (path.parent / found[0]).resolve() == (built.site / "feed.xml").resolve(), path
    assert (built.site / "feed.xml").read_text(encoding="utf-8").startswith("<?xml")


@pytest.mark.parametrize("name", ["citation.bib", "citation.ris", "citation.txt"])
def test_the_citation_files_are_linked_and_exist(built: BuiltSite, name: str) -> None:
    cite = section(built.page("credentials/golden-example"), "cite")
    assert f'href="../../credentials/golden-example/{name}" download' in cite
    assert (built.site / "credentials" / "golden-example" / name).is_file()


def test_credential_pages_link_their_data(built: BuiltSite) -> None:
    downloads = section(built.page("credentials/golden-example"), "downloads")
    for path in ("api/v1/credentials/golden-example.json", "api/v1/openbadges/golden-example.json"):
        assert f'href="../../{path}"' in downloads
        assert (built.site / path).is_file()
