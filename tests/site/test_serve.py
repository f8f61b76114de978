"""`credgen serve`: the live preview serves the site and rebuilds it when a spec, a hand-written
page or a template changes.

The real server (MkDocs' livereload server with the credgen plugin) runs in a subprocess on a
free port of 127.0.0.1; the test edits files and reads the pages back over HTTP.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.site.conftest import make_site_project

#: How long the preview may take to build or rebuild before the test gives up (not a speed
#: target: a rebuild takes a few seconds; this only keeps a broken server from hanging the suite).
PATIENCE_SECONDS = 120


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str | None:
    """The body at `url`, or None while the server is not answering it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, ready: Callable[[str], bool], server: subprocess.Popen[str]) -> str:
    """Poll `url` until its body satisfies `ready`; fail with the server's output if it never does."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, f"the preview server stopped:\n{server.communicate()[0]}"
        body = _get(url)
        if body is not None and ready(body):
            return body
        time.sleep(0.5)
    server.terminate()
    raise AssertionError(f"{url} never became ready; server output:\n{server.communicate()[0]}")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    """A project served by `credgen serve` on a free port: (root, base URL, server).

    The server's temporary files go to `<tmp_path>/tmp`, which starts empty.
    """
    root = make_site_project(tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    # A project override of one template (the same text as the package's, for now).
    override = root / "templates" / "site" / "search.html.j2"
    override.parent.mkdir(parents=True)
    shutil.copyfile(REPO / "templates" / "site" / "search.html.j2", override)
    address = f"127.0.0.1:{_free_port()}"
    server = subprocess.Popen(
        [sys.executable, "-m", "credgen", "serve", "--dev-addr", address],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    try:
        yield root, f"http://{address}/", server
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate(timeout=30)


def test_preview_serves_the_site_and_rebuilds_on_changes(
    preview: tuple[Path, str, subprocess.Popen[str]],
) -> None:
    root, base, server = preview
    page_url = base + "credentials/pelvic-health/"
    page = _wait_for(page_url, lambda body: "<h1" in body, server)
    assert "Pelvic health" in page
    assert "Version 0.1.0" in page and "PDF of version" not in page
    # The search index is part of the preview too; the PDFs and open data are not.
    assert _get(base + "pagefind/pagefind-entry.json") is not None
    assert _get(base + "api/v1/catalogue.json") is None
    # A changed specification is rebuilt into its page...
    spec = root / "specs" / "credentials" / "pelvic-health" / "credential.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "title: Pelvic health\n" in text
    spec.write_text(
        text.replace("title: Pelvic health\n", "title: Pelvic health (edited)\n"), encoding="utf-8"
    )
    page = _wait_for(page_url, lambda body: "Pelvic health (edited)" in body, server)
    # The rebuild is a preview too: no PDF linked, none rendered.
    assert "Version 0.1.0" in page and "PDF of version" not in page
    assert not list(root.glob("build/.cache/pdf/**/*.pdf"))
    # ...and so is a changed hand-written page.
    home = root / "site" / "docs" / "index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\nA line added while previewing.\n", encoding="utf-8")
    _wait_for(base, lambda body: "A line added while previewing." in body, server)
    # ...and so is a changed template.
    override = root / "templates" / "site" / "search.html.j2"
    override.write_text(override.read_text(encoding="utf-8") + "<p>Template edited.</p>\n", encoding="utf-8")
    _wait_for(base + "search/", lambda body: "<p>Template edited.</p>" in body, server)
    # Stopped as a process manager stops it, the server deletes its copy of the site.
    temporary = root.parent / "tmp"
    assert list(temporary.iterdir()), "the preview is built in a temporary folder"
    server.terminate()
    output = server.communicate(timeout=30)[0]
    assert server.returncode == 0, output
    assert not list(temporary.iterdir()), output
