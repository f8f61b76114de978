"""Real components for the website tests: a git project, one real build, a server, Chromium.

The session builds, once, a project holding the example corpus plus two test specifications
(`golden-example`, endorsed with a ledger entry; `hostile-example`, full of injection attempts),
committed to git at fixed dates so every date on the site is reproducible. `golden-example` has
two published versions: 2.0.0 (`OLD_GOLDEN`, committed first) and the current 2.1.0, each
endorsed, so the site has a frozen older version and a "changes since" page to test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from credgen.build import build
from credgen.models.panel import PanelRole
from tests.conftest import REPO, Merge, record_endorsement
from tests.delivery.records import record_plan_approval

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
COMMIT_DATE = "2025-04-01T12:00:00+00:00"
OLD_DATE = "2024-06-01T12:00:00+00:00"

#: Version 2.0.0 of `golden-example`, as edits to the current text: (current, old) pairs.
OLD_GOLDEN = [
    ('version: "2.1.0"', 'version: "2.0.0"'),
    ("in an imaginary area of practice", "in an area of practice"),
    ("text: Takes a focused history, including from carers.", "text: Takes a history."),
    (  # statement 1.2 is new in 2.1.0; 1.3 was removed
        "            text: Interprets findings under `uncertainty`.\n",
        "            text: Records findings on vellum.\n",
    ),
    ('id: A1-s2\n            code: "1.2"', 'id: A1-s3\n            code: "1.3"'),
    ("          - mpf-2017:3.4\n          - mpf-2017:4.2\n", "          - mpf-2017:3.4\n"),
    ("credits: 30\nnotional_hours: 300", "credits: 20\nnotional_hours: 200"),
    ("published: 2024-09-01", "published: 2024-06-01"),
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def git(root: Path, *args: str, date: str = COMMIT_DATE) -> str:
    """Run git in `root` with a fixed identity and date."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test Author",
        "GIT_AUTHOR_EMAIL": "author@example.org",
        "GIT_COMMITTER_NAME": "Test Author",
        "GIT_COMMITTER_EMAIL": "author@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    result = subprocess.run(
        ["git", "-C", str(root), *args], env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def make_site_project(root: Path, *, examples: bool = True) -> Path:
    """A git project: the example corpus (unless `examples` is false), the test specifications
    (only `golden-example` without the examples), its ledger, and `site/`.

    Two commits: `golden-example` 2.0.0 with its ledger entry, then everything else with
    `golden-example` at 2.1.0 and a second ledger entry.
    """
    ignore = (
        shutil.ignore_patterns(".cache")
        if examples
        else shutil.ignore_patterns("credentials", "endorsements", "delivery")
    )
    shutil.copytree(REPO / "specs", root / "specs", ignore=ignore)
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns(".cache"))
    shutil.copy(REPO / "credgen.toml", root / "credgen.toml")
    for folder in DATA.iterdir():
        if examples or folder.name == "golden-example":
            shutil.copytree(folder, root / "specs" / "credentials" / folder.name)
    golden = root / "specs" / "credentials" / "golden-example" / "credential.yaml"
    current = golden.read_text(encoding="utf-8")
    golden.write_text(old_golden_text(current), encoding="utf-8")
    _endorse(root, "golden-example", pr_number=17, merged_at=dt.datetime(2024, 5, 31, 16, 0, tzinfo=dt.UTC))
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "specs/credentials/golden-example", "specs/endorsements/golden-example.yaml")
    git(root, "commit", "-q", "-m", "golden-example 2.0.0", date=OLD_DATE)
    golden.write_text(current, encoding="utf-8")
    _endorse(root, "golden-example", pr_number=42, merged_at=dt.datetime(2024, 8, 31, 16, 0, tzinfo=dt.UTC))
    shutil.copytree(DATA.parent / "data-delivery", root / "specs" / "delivery", dirs_exist_ok=True)
    record_plan_approval(
        root,
        "northmoor-university",
        "golden-example",
        merged_at=dt.datetime(2024, 10, 1, 12, 0, tzinfo=dt.UTC),
    )
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "test corpus")
    return root


def old_golden_text(current: str) -> str:
    """The text of `golden-example` 2.0.0, made from the current text by `OLD_GOLDEN`."""
    for new, old in OLD_GOLDEN:
        assert current.count(new) == 1, new
        current = current.replace(new, old)
    return current


def _endorse(root: Path, slug: str, *, pr_number: int, merged_at: dt.datetime) -> None:
    """Write the ledger entry that endorses the current version of `slug`."""
    merge = Merge(
        number=pr_number,
        url=f"https://github.com/example/credgen/pull/{pr_number}",
        head_commit="a" * 40,
        merge_commit="b" * 40,
        merged_at=merged_at,
        first_approval=dt.datetime(2024, 8, 20, 10, 0, tzinfo=dt.UTC),
        first_review_id=100,
    )
    approvers = [
        ("panel-chair-example", "Prof. C. Example (fictional)", PanelRole.CHAIR),
        ("reviewer-clinical-1", "T. Clinician, Consultant Practitioner (fictional)", PanelRole.CLINICAL),
    ]
    record_endorsement(root, slug, merge, approvers, notice="Illustrative record.")


#: The pages the browser checks (axe-core, small screens) and the link check visit.
KEY_PAGES = [
    "",
    "credentials/",
    "credentials/golden-example/",
    "credentials/golden-example/v/2.0.0/",
    "credentials/golden-example/changes/2.0.0/",
    "frameworks/mpf-2017/",
]


@dataclasses.dataclass(frozen=True)
class BuiltSite:
    """The session's project and the site built from it."""

    root: Path
    site: Path

    def page(self, path: str) -> str:
        """The HTML of a built page, e.g. `credentials/golden-example/`."""
        return (self.site / path / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The test project, built once with the real MkDocs, plugin and Pagefind (no PDFs)."""
    root = make_site_project(tmp_path_factory.mktemp("site-project"))
    out = build(root, root / "build" / "site", pdf=False)
    return BuiltSite(root, out)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that stops reading a response (navigation, cancelled fetch) is not an error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def server(built: BuiltSite) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(built.site))
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page at desktop width; any JavaScript dialog is recorded in `page.dialogs`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    context.close()


def beside_output(out: Path) -> list[str]:
    """What is in the output's folder, with the folder the output links to shown as `<site>`:
    after a finished build, only `.cache`, the link and the one folder it points to."""
    target = out.parent / out.readlink() if out.is_symlink() else None
    return sorted("<site>" if path == target else path.name for path in out.parent.iterdir())
