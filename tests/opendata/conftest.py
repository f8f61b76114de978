"""Fixtures for the open-data tests: real git repositories with several versions of a spec."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from credgen.endorse.canonical import spec_sha256
from credgen.endorse.ledger import Approval, LedgerEntry, append_entry
from credgen.load.source import parse_text
from credgen.models.panel import PanelRole
from tests.conftest import REPO

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"

#: Set to regenerate golden files: `CREDGEN_UPDATE_GOLDEN=1 pytest tests/opendata`.
UPDATE_GOLDEN = os.environ.get("CREDGEN_UPDATE_GOLDEN") == "1"

V1 = (DATA / "wound-care-v1.yaml").read_text(encoding="utf-8")
V2 = (DATA / "wound-care-v2.yaml").read_text(encoding="utf-8")


def check_golden(name: str, actual: str) -> None:
    """Compare `actual` with `golden/<name>` (or rewrite it when regenerating)."""
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


class GitRepo:
    """A real git repository in a temporary folder, with commits at fixed times."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.clock = 1_700_000_000
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, author: str = "Ann Author") -> str:
        """Run git with a fixed identity and date; returns stdout."""
        stamp = f"@{self.clock} +0000"
        env = {
            **os.environ,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": "author@example.org",
            "GIT_COMMITTER_NAME": author,
            "GIT_COMMITTER_EMAIL": "author@example.org",
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
        }
        result = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True
        )
        return result.stdout

    def write(self, files: dict[str, str | None]) -> None:
        """Write (or, for None, delete) files relative to the root."""
        for relpath, text in files.items():
            path = self.root / relpath
            if text is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")

    def commit(self, message: str, files: dict[str, str | None], *, author: str = "Ann Author") -> str:
        """Write `files`, commit them one day after the previous commit, return the sha."""
        self.write(files)
        self.clock += 86_400
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, author=author)
        return self.git("rev-parse", "HEAD").strip()


def spec_path(slug: str) -> str:
    """Path of a credential file in a project."""
    return f"specs/credentials/{slug}/credential.yaml"


def new_repo(root: Path) -> GitRepo:
    """A git repository holding the real frameworks and nothing else yet."""
    repo = GitRepo(root)
    shutil.copytree(REPO / "specs" / "frameworks", repo.root / "specs" / "frameworks")
    shutil.copy(REPO / "credgen.toml", repo.root / "credgen.toml")
    repo.commit("Frameworks", {})
    return repo


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[GitRepo]:
    """A git repository holding the real frameworks and nothing else yet."""
    yield new_repo(tmp_path / "project")


@pytest.fixture
def versioned(repo: GitRepo) -> GitRepo:
    """wound-care: 1.0.0 candidate, a typo fix, 1.1.0 candidate (merged branch), then endorsed."""
    return add_versions(repo)


def add_versions(repo: GitRepo) -> GitRepo:
    """Commit wound-care's history (see `versioned`)."""
    repo.commit("Add wound care 1.0.0", {spec_path("wound-care"): V1})
    repo.commit("Fix wording", {spec_path("wound-care"): V1.replace("two years'", "two years of")})
    repo.commit("Broken edit", {spec_path("wound-care"): V1.replace("title: Complex", "titel: Complex")})
    repo.git("checkout", "-q", "-b", "next")
    candidate = V2.replace("status: endorsed", "status: candidate")
    repo.commit("Version 1.1.0", {spec_path("wound-care"): candidate}, author="Bea Builder")
    repo.git("checkout", "-q", "main")
    repo.clock += 86_400
    repo.git("merge", "-q", "--no-ff", "next", "-m", "Merge version 1.1.0")
    repo.commit("Endorse 1.1.0", {spec_path("wound-care"): V2}, author="Cal Chair")
    return repo


#: When the example endorsements of wound-care 1.1.0 were merged (`endorse_wound_care`).
MERGED = dt.datetime(2024, 9, 1, 12, 0, tzinfo=dt.UTC)


def endorse_wound_care(
    repo: GitRepo, login: str, name: str, role: PanelRole, *, review_id: int, hours_before: int
) -> None:
    """Record a ledger entry for wound-care 1.1.0 at HEAD, as `credgen endorse record` would,
    approved by one member `hours_before` the merge."""
    source = parse_text((repo.root / spec_path("wound-care")).read_text(encoding="utf-8"), "x")
    head = repo.git("rev-parse", "HEAD").strip()
    approval = Approval(
        login=login, name=name, role=role, review_id=review_id, commit_id=head,
        submitted_at=MERGED - dt.timedelta(hours=hours_before),
    )  # fmt: skip
    entry = LedgerEntry(
        version="1.1.0", spec_sha256=spec_sha256(source.data), pr_number=42,
        pr_url="https://github.com/example/specs/pull/42", pr_author="a-example-author",
        head_commit=head, merge_commit=head, merged_at=MERGED, approvals=[approval],
    )  # fmt: skip
    append_entry(repo.root / "specs/endorsements/wound-care.yaml", "wound-care", entry)
    repo.commit("Record endorsement", {})
