"""The built wheel, installed in a clean virtual environment, shared by the tests that use it.

One `python -m build` per session. The venv is made with `--system-site-packages` so that the
wheel's dependencies (already installed on this machine) need no download, and the wheel is
installed with `--no-deps`; `installed` checks that the venv imports the wheel's credgen, not
an editable install of the repository.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO


@dataclasses.dataclass(frozen=True)
class Venv:
    """A virtual environment with the built wheel installed."""

    path: Path
    dist: Path

    def env(self) -> dict[str, str]:
        """The environment of a command run in the venv: its bin first, nothing from this tree."""
        env = {
            k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "SOURCE_DATE_EPOCH"}
        }
        return {
            **env,
            "PATH": f"{self.path / 'bin'}{os.pathsep}{env['PATH']}",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }

    def run(self, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
        """A command in the venv, e.g. `run(root, "credgen", "build")`; its output is captured."""
        return subprocess.run(
            list(args), cwd=cwd, env=self.env(), capture_output=True, text=True, check=False
        )

    def ok(self, cwd: Path, *args: str) -> str:
        """A command that must succeed; returns its standard error (credgen's summary lines)."""
        result = self.run(cwd, *args)
        assert result.returncode == 0, f"{' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result.stderr


def _build_dist(out: Path) -> Path:
    """sdist and wheel of the repository, as CI makes them (hatchling already installed)."""
    source = out / "source"
    shutil.copytree(
        REPO, source, ignore=shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", ".*_cache")
    )
    command = [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out / "dist"), str(source)]
    subprocess.run(command, check=True, capture_output=True)
    return out / "dist"


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Venv]:
    """The wheel in a fresh venv."""
    base = tmp_path_factory.mktemp("wheel")
    dist = _build_dist(base)
    venv = Venv(base / "venv", dist)
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv.path)], check=True)
    wheel = next(dist.glob("credgen-*.whl"))
    pip = [str(venv.path / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall"]
    subprocess.run([*pip, str(wheel)], check=True, capture_output=True, env=venv.env())
    yield venv
