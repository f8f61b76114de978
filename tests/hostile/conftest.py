"""A hostile project: a git copy of the examples that a test then sabotages, and the real
`credgen` command run on it in a subprocess with a time limit (a hang fails the test)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pdf.conftest import git, make_git_project

#: A command that takes longer has hung (the slowest here, a site build, takes a few seconds).
PATIENCE_SECONDS = 120


@dataclasses.dataclass(frozen=True)
class Run:
    """What one `credgen` command did."""

    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        """Standard output and error, line by line."""
        return (self.out + self.err).splitlines()


@dataclasses.dataclass(frozen=True)
class Project:
    """A committed copy of the example corpus and site."""

    root: Path

    def path(self, relative: str) -> Path:
        """A path inside the project."""
        return self.root / relative

    def edit(self, relative: str, old: str, new: str) -> None:
        """Replace the first `old` in a file (which must hold it) by `new`."""
        path = self.path(relative)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit(self, message: str) -> None:
        """Commit every change."""
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "-m", message)

    def run(self, *args: str) -> Run:
        """`credgen ARGS` in the project; a traceback anywhere fails the test."""
        done = subprocess.run(
            [sys.executable, "-m", "credgen", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=PATIENCE_SECONDS,
            check=False,
        )
        assert "Traceback" not in done.stdout + done.stderr, done.stderr
        return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh, committed copy of the examples."""
    return Project(make_git_project(tmp_path / "project"))
