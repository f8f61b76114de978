"""`credgen serve` never hangs: with an invalid spec it serves the last good site with the errors
on every page, recovers when fixed, says where it is and when it rebuilt, and answers odd
addresses without a traceback. A real server process, real HTTP requests, bounded waits."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.hostile.conftest import Project
from tests.site.test_serve import _free_port, _wait_for

SPEC = "specs/credentials/pelvic-health/credential.yaml"
OVERLAY = 'id="credgen-preview-errors"'


@pytest.fixture
def served(project: Project, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`credgen serve` on a free port, started while a specification is broken. The project has
    a (still empty) folder of template overrides, which the server watches."""
    project.edit(SPEC, "title: Pelvic health", "title: [Pelvic health")
    project.path("templates/credential").mkdir(parents=True, exist_ok=True)
    address = f"127.0.0.1:{_free_port()}"
    server = subprocess.Popen(
        [sys.executable, "-m", "credgen", "serve", "--dev-addr", address],
        cwd=project.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    try:
        yield f"http://{address}/", server
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate(timeout=30)


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_serve_with_an_invalid_spec_shows_the_errors_and_recovers(
    served: tuple[str, subprocess.Popen[str]], project: Project
) -> None:
    base, server = served
    home = _wait_for(base, lambda body: OVERLAY in body, server)
    position = f"<code>{SPEC}:4:8</code> error[CG003]: invalid YAML: did not find expected"
    assert position in home
    assert "The specifications have 1 error</h2>" in home
    # Fixed: the site is built from the files again and the list goes away.
    project.edit(SPEC, "title: [Pelvic health", "title: Pelvic health")
    page = _wait_for(base + "credentials/pelvic-health/", lambda body: "<h1" in body, server)
    assert OVERLAY not in page
    # Broken again: the last good site stays, with the errors on every page.
    project.edit(SPEC, "title: Pelvic health", "title: Pelvic\x01 health")
    page = _wait_for(base + "credentials/pelvic-health/", lambda body: OVERLAY in body, server)
    assert "Pelvic health</h1>" in page
    assert f"<code>{SPEC}:3:14</code> error[CG010]:" in page
    # A linked page is left out of the preview and listed with the errors.
    project.path("site/docs/environment.md").symlink_to("/proc/self/environ")
    link = (
        "<code>site/docs/environment.md:1:1</code> error[CG013]: "
        "file &#39;environment.md&#39; is a symbolic link"
    )
    _wait_for(base, lambda body: link in body, server)
    assert _status(base + "environment/") == 404
    assert _status(base + "%00") == 400
    assert _status(base + "credentials/%0a/") == 400
    server.terminate()
    output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output
    lines = [
        re.sub(r"in [0-9.]+ s", "in N s", line)
        for line in output.splitlines()
        if line.startswith("credgen serve:")
    ]
    broken = "credgen serve: rebuilt in N s: 1 error; serving the last good site with the list on every page"
    assert lines[:2] == [f"credgen serve: previewing at {base} (Ctrl-C to stop)", broken]
    assert "credgen serve: rebuilt in N s: no errors" in lines[2:]
    assert lines[-1] == broken.replace("1 error", "2 errors")


def test_serve_with_a_broken_template_shows_the_error_and_recovers(
    served: tuple[str, subprocess.Popen[str]], project: Project
) -> None:
    """MkDocs' server would hold every request after a failed rebuild: a template error is shown
    in place of the pages that use the template, and listed on every page, until it is fixed."""
    base, server = served
    project.edit(SPEC, "title: [Pelvic health", "title: Pelvic health")
    page = base + "credentials/pelvic-health/"
    _wait_for(page, lambda body: "<h1" in body and OVERLAY not in body, server)
    template = project.path("templates/credential/body.html.j2")
    package = REPO / "templates" / "credential" / "body.html.j2"
    template.write_text(package.read_text(encoding="utf-8") + "{% if %}\n", encoding="utf-8")
    broken = _wait_for(page, lambda body: OVERLAY in body, server)
    assert "This page could not be made: a template has an error:" in broken
    assert "1 template error</h2>" in broken
    assert "Expected an expression" in broken
    assert OVERLAY in _wait_for(base, lambda body: OVERLAY in body, server)  # every page lists it
    template.unlink()
    fixed = _wait_for(page, lambda body: OVERLAY not in body, server)
    assert "Pelvic health</h1>" in fixed
    server.terminate()
    output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output
    said = r"credgen serve: rebuilt in [0-9.]+ s: 1 template error: \S*body\.html\.j2:\d+: "
    assert re.search(said, output)
