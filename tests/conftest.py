"""Fixtures shared by every test folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
"""The credgen repository (its specs/ is the example corpus)."""

MakeProject = Callable[..., Path]


def copy_corpus(target: Path) -> Path:
    """Copy the example corpus's specs/ into `target` and return `target`."""
    shutil.copytree(REPO / "specs", target / "specs")
    return target


@pytest.fixture
def example_project(tmp_path: Path) -> Path:
    """A writable copy of the example corpus."""
    return copy_corpus(tmp_path / "project")


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Build a project with the real frameworks and the given credential files.

    Call it as `make_project({"slug": text_or_bytes, ...})`; returns the project root.
    """

    def make(credentials: dict[str, str | bytes], *, name: str = "project") -> Path:
        root = tmp_path / name
        shutil.copytree(REPO / "specs" / "frameworks", root / "specs" / "frameworks")
        for slug, content in credentials.items():
            path = root / "specs" / "credentials" / slug / "credential.yaml"
            path.parent.mkdir(parents=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make
