"""Fixtures shared by every test folder."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from credgen.endorse.canonical import spec_sha256
from credgen.endorse.ledger import Approval, LedgerEntry, append_entry
from credgen.load.documents import load_corpus
from credgen.models.panel import PanelRole

REPO = Path(__file__).resolve().parent.parent
"""The credgen repository (its specs/ is the example corpus)."""

MakeProject = Callable[..., Path]


def copy_corpus(target: Path) -> Path:
    """Copy the example corpus's specs/ into `target` and return `target`."""
    shutil.copytree(REPO / "specs", target / "specs")
    shutil.copy(REPO / "credgen.toml", target / "credgen.toml")
    return target


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright: one for the whole session, shared by every test
    folder, since Playwright's sync API runs only one instance at a time."""
    from playwright.sync_api import sync_playwright

    from tests.site.conftest import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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
        shutil.copy(REPO / "credgen.toml", root / "credgen.toml")
        for slug, content in credentials.items():
            path = root / "specs" / "credentials" / slug / "credential.yaml"
            path.parent.mkdir(parents=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return make


@dataclasses.dataclass(frozen=True)
class Merge:
    """The endorsing pull request of a test ledger entry, and when its approvals came."""

    number: int
    url: str
    head_commit: str
    merge_commit: str
    merged_at: dt.datetime
    first_approval: dt.datetime
    """The first approver's review; each next one comes a day later."""
    first_review_id: int


def record_endorsement(
    root: Path,
    slug: str,
    merge: Merge,
    approvers: list[tuple[str, str, PanelRole]],
    *,
    notice: str | None = None,
) -> LedgerEntry:
    """Append the ledger entry endorsing the current text of `slug`, approved by `approvers`
    (login, name, role) on the head commit, as `credgen endorse record` would."""
    document = load_corpus(root).credentials[slug]
    approvals = [
        Approval(
            login=login,
            name=name,
            role=role,
            review_id=merge.first_review_id + index,
            commit_id=merge.head_commit,
            submitted_at=merge.first_approval + dt.timedelta(days=index),
        )
        for index, (login, name, role) in enumerate(approvers)
    ]
    entry = LedgerEntry(
        version=document.model.version,
        spec_sha256=spec_sha256(document.source.data),
        pr_number=merge.number,
        pr_url=merge.url,
        pr_author="spec-editor",
        head_commit=merge.head_commit,
        merge_commit=merge.merge_commit,
        merged_at=merge.merged_at,
        approvals=approvals,
    )
    append_entry(root / "specs" / "endorsements" / f"{slug}.yaml", slug, entry, notice=notice)
    return entry
