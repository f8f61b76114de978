"""A second organisation's site, from the wheel: its own name, colours and a non-MPF framework,
checked in real Chromium with axe-core."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.project.conftest import Venv

DATA = Path(__file__).parent / "data" / "second-org"

PAGES = ["", "credentials/", "credentials/wound-care/", "frameworks/", "frameworks/ccf-2024/", "glossary/"]


@pytest.fixture(scope="module")
def site(installed: Venv, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`credgen init` for the invented organisation, its framework and specification in place
    of the MPF, committed and built (without PDFs)."""
    root = tmp_path_factory.mktemp("second-org") / "northshire"
    installed.ok(root.parent, "credgen", "init", root.name, "--name", "Northshire Community Care Faculty")
    for framework in (root / "specs" / "frameworks").iterdir():
        framework.unlink()
    shutil.copytree(DATA / "specs", root / "specs", dirs_exist_ok=True)
    shutil.copytree(DATA / "site", root / "site", dirs_exist_ok=True)
    shutil.copy(DATA / "credgen.toml", root / "credgen.toml")
    installed.ok(root, "git", "add", "-A")
    installed.ok(
        root, "git", "-c", "user.name=T", "-c", "user.email=t@localhost", "commit", "-qm", "Northshire"
    )
    installed.ok(root, "credgen", "check")
    installed.ok(root, "credgen", "build", "--no-pdf")
    return root / "build" / "site"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def page(browser: Any, server: str) -> Iterator[Any]:
    """One Chromium tab at desktop width."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_the_site_is_the_organisations(page: Any, server: str, site: Path) -> None:
    page.goto(server + "credentials/wound-care/")
    assert page.title() == "Complex wound care - Northshire community care credentials"
    header = page.locator("header.md-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(0, 86, 63)"
    assert page.locator(".cg-announce").inner_text() == (
        "Test site: an invented organisation and framework, for credgen's tests."
    )
    notice = page.locator(".cg-notice--illustrative").inner_text()
    assert "nothing on this page is a decision of the Northshire Community Care Faculty" in notice
    assert page.locator("a[href*='frameworks/ccf-2024/']").count() > 0
    assert page.locator(".md-header__button.md-logo img").get_attribute("src") == "../../assets/logo.svg"
    html = "".join(path.read_text(encoding="utf-8") for path in site.rglob("*.html"))
    assert "Centre" not in html  # nothing of the example organisation leaks into another's site


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(page: Any, server: str, path: str) -> None:
    page.goto(server + path)
    results = Axe().run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []
