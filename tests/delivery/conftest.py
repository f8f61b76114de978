"""Fixtures for delivery tests: a git project with an endorsed specification and providers.

The GitHub-shaped server on 127.0.0.1 is the endorsement tests' `github` fixture, reused.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.endorse.conftest import Project, github  # noqa: F401 (the fixture is reused here)

FRAILTY = "older-people-frailty"
PLAN = f"specs/delivery/northmoor-university/{FRAILTY}.yaml"
APPROVALS = f"specs/delivery/northmoor-university/{FRAILTY}.approvals.yaml"


@pytest.fixture
def delivery_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A git repository: frameworks, panel, the endorsed frailty specification and its ledger, providers."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "project"
    for part in ("frameworks", "providers", f"credentials/{FRAILTY}"):
        shutil.copytree(REPO / "specs" / part, root / "specs" / part)
    (root / "specs" / "endorsements").mkdir()
    shutil.copy(REPO / "specs" / "endorsements" / f"{FRAILTY}.yaml", root / "specs" / "endorsements")
    shutil.copy(REPO / "specs" / "panel.yaml", root / "specs" / "panel.yaml")
    project = Project(root)
    project.git("init", "-q", "-b", "main")
    project.commit_all("Initial corpus")
    return project


def add_plan(project: Project) -> tuple[str, str]:
    """On branch `plan`, add the Northmoor frailty plan; returns (base, head) and leaves main checked out."""
    base = project.git("rev-parse", "HEAD")
    project.git("checkout", "-q", "-b", "plan")
    target = project.root / PLAN
    target.parent.mkdir(parents=True)
    shutil.copy(REPO / PLAN, target)
    head = project.commit_all("Delivery plan: Northmoor, older people and frailty")
    project.git("checkout", "-q", "main")
    return base, head


def merge_plan(project: Project) -> str:
    """Merge branch `plan` into main with a real merge commit; returns its sha."""
    project.git("merge", "-q", "--no-ff", "plan", "-m", "Merge pull request #9 from plan")
    return project.git("rev-parse", "HEAD")
