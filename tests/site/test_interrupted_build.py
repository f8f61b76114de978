"""A build stopped part-way leaves nothing behind: no half-built site, no temporary files, no
PDF worker processes, no lock on the output.

Each test runs a real `credgen build` (the program, in its own process) on a project whose PDF
cache is empty, so two pool workers are rendering when the build is stopped.
The build's temporary files go to a folder of its own (`TMPDIR`), and its processes are found
by that setting in their environment.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.site.conftest import beside_output, make_site_project

#: How long the build may take to get going or to stop before the test gives up (not a speed
#: target: both take seconds).
PATIENCE_SECONDS = 60


def _start_build(tmp_path: Path) -> tuple[Path, Path, subprocess.Popen[str]]:
    """(project, temporary folder, build) once the build's first PDF is in its cache."""
    root = make_site_project(tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    build = _credgen_build(root, temporary)
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not list(root.glob("build/.cache/pdf/*.pdf")):
        assert build.poll() is None, f"the build ended too soon:\n{build.communicate()[0]}"
        assert time.monotonic() < deadline, "the build rendered no PDF"
        time.sleep(0.05)
    return root, temporary, build


def _credgen_build(root: Path, temporary: Path, *options: str) -> subprocess.Popen[str]:
    """`credgen build` in `root`, its temporary files in `temporary`."""
    return subprocess.Popen(
        [sys.executable, "-m", "credgen", "build", *options],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )


def _processes_using(temporary: Path) -> list[int]:
    """The processes whose `TMPDIR` is `temporary`: the build and the PDF stage's."""
    wanted = f"TMPDIR={temporary}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                environment = (entry / "environ").read_bytes().split(b"\0")
            except OSError:  # ended meanwhile, or not ours to read
                continue
            if wanted in environment:
                found.append(int(entry.name))
    return found


def _wait_until_gone(temporary: Path) -> None:
    deadline = time.monotonic() + PATIENCE_SECONDS
    while (left := _processes_using(temporary)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, f"processes left running: {left}"


def test_sigterm_stops_the_build_and_its_workers_and_cleans_up(tmp_path: Path) -> None:
    root, temporary, build = _start_build(tmp_path)
    assert len(_processes_using(temporary)) >= 3, "the build and two workers"
    build.send_signal(signal.SIGTERM)
    output = build.communicate(timeout=PATIENCE_SECONDS)[0]
    assert build.returncode == 1, output
    assert "Aborted!" in output and "Traceback" not in output
    _wait_until_gone(temporary)
    # No unfinished site beside the output, no site swapped in, nothing in the temporary folder.
    assert sorted(path.name for path in (root / "build").iterdir()) == [".cache"]
    assert not list((root / "build" / ".cache" / "pdf").glob(".tmp-*"))
    assert not list(temporary.iterdir())


def test_pdf_workers_end_when_the_build_is_killed(tmp_path: Path) -> None:
    _, temporary, build = _start_build(tmp_path)
    build.kill()  # SIGKILL: nothing runs in the build's process
    build.communicate(timeout=PATIENCE_SECONDS)
    # The kernel ends the workers with the build that started them.
    _wait_until_gone(temporary)


def test_the_next_build_removes_what_a_killed_build_left(tmp_path: Path) -> None:
    """A build killed outright leaves its unfinished site; the next one deletes it and works."""
    root, temporary, build = _start_build(tmp_path)
    build.kill()
    build.communicate(timeout=PATIENCE_SECONDS)
    _wait_until_gone(temporary)
    assert [path.name.startswith(".site.") for path in (root / "build").iterdir()].count(True) == 1
    after = _credgen_build(root, temporary, "--no-pdf")
    output = after.communicate(timeout=PATIENCE_SECONDS)[0]
    assert after.returncode == 0, output
    site = root / "build" / "site"
    assert beside_output(site) == [".cache", "<site>", "site"]
