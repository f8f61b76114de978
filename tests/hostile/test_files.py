"""Read only what is ours: links, pipes, devices and oversized files are refused, not read."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from credgen.load.files import RefusedFileError, is_plain_file, read_project_file
from credgen.pdf.fonts import FONTS_DIR
from credgen.pdf.typeset import allowed_url
from tests.conftest import REPO
from tests.hostile.conftest import Project

SPEC = "specs/credentials/pelvic-health/credential.yaml"
LINK_MESSAGE = (
    "file 'credential.yaml' is a symbolic link; credgen reads only files stored in the project itself"
)


def _replace_with_link(project: Project, relative: str, target: str | Path) -> None:
    path = project.path(relative)
    path.unlink()
    path.symlink_to(target)


def test_symlinked_credential_to_a_valid_file_outside_the_project_is_refused(project: Project) -> None:
    _replace_with_link(project, SPEC, REPO / SPEC)
    run = project.run("check")
    assert run.code == 1
    assert f"{SPEC}:1:1: error[CG013]: {LINK_MESSAGE}" in run.lines


def test_symlink_to_dev_zero_is_refused_without_reading_it(project: Project) -> None:
    _replace_with_link(project, SPEC, "/dev/zero")
    run = project.run("check")
    assert run.code == 1
    assert f"{SPEC}:1:1: error[CG013]: {LINK_MESSAGE}" in run.lines


def test_a_symlinked_folder_on_the_way_is_refused(project: Project) -> None:
    folder = project.path("specs/credentials/pelvic-health")
    folder.rename(project.path("elsewhere"))
    folder.symlink_to(project.path("elsewhere"))
    run = project.run("check")
    message = (
        "folder 'pelvic-health' is a symbolic link; credgen reads only files stored in the project itself"
    )
    assert f"{SPEC}:1:1: error[CG013]: {message}" in run.lines


def test_fifo_is_refused_without_blocking(project: Project) -> None:
    path = project.path(SPEC)
    path.unlink()
    os.mkfifo(path)
    run = project.run("check")  # no writer ever opens the pipe: a blocking read would hang here
    message = "path is a named pipe (FIFO), not a regular file; credgen reads only regular files"
    assert f"{SPEC}:1:1: error[CG013]: {message}" in run.lines


def test_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        assert is_plain_file(path, tmp_path) == (
            "path is a socket, not a regular file; credgen reads only regular files"
        )


def test_size_limit_is_enforced_while_reading(tmp_path: Path) -> None:
    (tmp_path / "ten.yaml").write_bytes(b"0123456789")
    assert read_project_file(tmp_path / "ten.yaml", tmp_path, limit=10) == b"0123456789"
    (tmp_path / "eleven.yaml").write_bytes(b"0123456789A")
    with pytest.raises(RefusedFileError) as refused:
        read_project_file(tmp_path / "eleven.yaml", tmp_path, limit=10)
    assert (refused.value.code, refused.value.message) == (
        "CG002",
        "file is larger than the limit of 10 bytes",
    )


def test_a_path_that_climbs_out_of_the_project_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "project").mkdir()
    with pytest.raises(RefusedFileError) as refused:
        read_project_file(tmp_path / "project" / ".." / "secret.yaml", tmp_path / "project", limit=100)
    assert refused.value.message == "file is outside the project; only files inside it are read"


def test_symlinked_site_page_is_not_published(project: Project, tmp_path: Path) -> None:
    project.path("site/docs/environment.md").symlink_to("/proc/self/environ")
    os.mkfifo(project.path("site/docs/pipe.md"))
    run = project.run("build", "--no-pdf", "--out", str(tmp_path / "out"))
    assert run.code == 1
    link = "file 'environment.md' is a symbolic link; credgen reads only files stored in the project itself"
    pipe = "path is a named pipe (FIFO), not a regular file; credgen reads only regular files"
    assert f"site/docs/environment.md:1:1: error[CG013]: {link}" in run.lines
    assert f"site/docs/pipe.md:1:1: error[CG013]: {pipe}" in run.lines
    assert not (tmp_path / "out").exists()


def test_symlinked_template_override_is_refused(project: Project, tmp_path: Path) -> None:
    override = project.path("templates/site/catalogue.html.j2")
    override.parent.mkdir(parents=True)
    override.symlink_to("/etc/passwd")
    run = project.run("build", "--no-pdf", "--out", str(tmp_path / "out"))
    assert run.code == 1
    message = (
        "file 'catalogue.html.j2' is a symbolic link; credgen reads only files stored in the project itself"
    )
    assert f"error: templates/site/catalogue.html.j2:1:1: error[CG013]: {message}" in run.lines


def test_pdf_fetcher_refuses_a_path_that_climbs_out_of_the_fonts() -> None:
    font = next(FONTS_DIR.glob("*.woff2"), None) or next(p for p in FONTS_DIR.iterdir() if p.is_file())
    assert allowed_url(font.as_uri()) == font.as_uri()
    climbing = f"file://{FONTS_DIR}/../../../../etc/passwd"
    with pytest.raises(ValueError) as refused:
        allowed_url(climbing)
    assert str(refused.value) == f"credgen PDFs load no external resources ({climbing})"
