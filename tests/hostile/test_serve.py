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

from tests.hostile.conftest import Project
from tests.site.test_serve import _free_port, _wait_for

SPEC = "specs/credentials/pelvic-health/credential.yaml"
OVERLAY = 'id="credgen-preview-errors"'


@pytest.fixture
def served(project: Project, tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`credgen serve` on a free port, started while a specification is broken."""
    project.edit(SPEC, "title: Pelvic health", "title: [Pelvic health")
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
