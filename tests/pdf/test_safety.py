"""A PDF build reads nothing from the network, neutralises hostile text, and fails cleanly."""

from __future__ import annotations

import gc
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pypdf import PdfReader

from credgen.exceptions import PdfError
from credgen.pdf import render_pdfs
from credgen.pdf.job import PdfJob
from credgen.pdf.typeset import render_job
from tests.pdf.conftest import Rendered, copy_rendered, git, render_project


class _Counting(http.server.BaseHTTPRequestHandler):
    """Counts every request; answers each with a tiny stylesheet."""

    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def server() -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 that records what is fetched from it."""
    _Counting.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_external_resources_are_refused(server: str, tmp_path: Path) -> None:
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>t</title>'
        f'<link rel="stylesheet" href="{server}/linked.css"></head><body>'
        f'<p>Text</p><img src="{server}/image.png" alt="remote"><img src="file:///etc/hostname" alt="local">'
        "</body></html>"
    )
    css = f'@import url("{server}/imported.css"); body {{ background: url("{server}/bg.png") }}'
    outcome = render_job(PdfJob("hostile.html", html, f"{server}/page/", css, tmp_path / "out.pdf"))
    assert outcome.error is None
    assert _Counting.requests == []
    refused = " ".join(outcome.warnings)
    for name in ("linked.css", "image.png", "imported.css", "bg.png", "/etc/hostname"):
        assert name in refused
    assert PdfReader(tmp_path / "out.pdf").pages[0].extract_text().startswith("Text")


def test_hostile_markdown_stays_text(examples: Rendered, server: str, tmp_path: Path) -> None:
    root, cache = copy_rendered(examples, tmp_path)
    path = root / "specs" / "credentials" / "pelvic-health" / "credential.yaml"
    hostile = (
        "  <script>alert(1)</script> [click](javascript:alert(2)) "
        f"![tracker]({server}/pixel.png) [site]({server}/ok)\n"
    )
    text = path.read_text(encoding="utf-8").replace("summary: >-\n", "summary: >-\n" + hostile, 1)
    path.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "hostile summary")
    again = render_project(root, tmp_path / "out", cache)
    assert again.report.rendered == 1
    assert _Counting.requests == []
    reader = again.reader("pelvic-health")
    whole = " ".join(again.texts("pelvic-health"))
    assert "<script>alert(1)</script>" in whole
    assert "/JavaScript" not in reader.trailer["/Root"] and "/OpenAction" not in reader.trailer["/Root"]
    uris = {
        str(annotation.get_object().get("/A", {}).get("/URI"))
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    }
    assert f"{server}/ok" in uris
    assert not any(uri.startswith("javascript:") for uri in uris)


def test_a_failed_render_names_the_file_and_writes_nothing(examples: Rendered, tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(PdfError) as raised:
        render_pdfs(
            examples.corpus,
            examples.env,
            examples.ctx,
            out_dir=out,
            cache_dir=blocked,
            slugs=["pelvic-health"],
        )
    assert raised.value.message.startswith(
        "specs/credentials/pelvic-health/credential.yaml: cannot render the PDF: "
    )
    assert not out.exists()


def test_an_unknown_slug_is_an_error(examples: Rendered, tmp_path: Path) -> None:
    with pytest.raises(PdfError, match="no credential specification 'no-such-spec'"):
        render_pdfs(
            examples.corpus,
            examples.env,
            examples.ctx,
            out_dir=tmp_path / "out",
            cache_dir=tmp_path / "cache",
            slugs=["no-such-spec"],
        )


@pytest.mark.parametrize("enabled", [True, False])
def test_rendering_leaves_the_collector_as_it_was(enabled: bool, tmp_path: Path) -> None:
    """The collector is paused while WeasyPrint renders; the caller's setting comes back."""
    html = "<!DOCTYPE html><html lang='en-GB'><title>t</title><p>Text</p></html>"
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        outcome = render_job(PdfJob("t.html", html, "https://example.org/", "", tmp_path / "t.pdf"))
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert outcome.error is None
    assert len(PdfReader(tmp_path / "t.pdf").pages) == 1
