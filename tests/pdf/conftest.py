"""Real components for the PDF tests: a git project, real WeasyPrint PDFs, pypdf to read them.

The session renders, once, every example specification of a copy of the example corpus
committed to git at a fixed date (so the dates in the PDFs are known). Tests that change
something copy that project and its PDF cache, so the cache counters they check start warm.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.metadata
import os
import shutil
import subprocess
from pathlib import Path

import jinja2
import pytest
from pypdf import PdfReader

from credgen.context import BuildContext
from credgen.load.documents import Corpus, load_corpus
from credgen.pdf import PdfReport, render_pdfs
from credgen.render.templates import make_environment
from tests.conftest import REPO

WEASYPRINT_MAJOR = int(importlib.metadata.version("weasyprint").split(".")[0])
"""The installed WeasyPrint's major release: CI runs the PDF tests under 69 and 70."""

COMMIT_DATE = "2025-03-01T09:30:00+00:00"
"""When the test project's corpus was committed: every PDF's creation date."""

SITE_URL = "https://pdf-tests.example.org/"
REPO_URL = "https://github.com/example/credgen-pdf-tests"


def git(root: Path, *args: str, date: str = COMMIT_DATE) -> str:
    """Run git in `root` with a fixed identity and date, ignoring the user's configuration."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "PDF Tests",
        "GIT_AUTHOR_EMAIL": "pdf-tests@example.org",
        "GIT_COMMITTER_NAME": "PDF Tests",
        "GIT_COMMITTER_EMAIL": "pdf-tests@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    command = ["git", "-C", str(root), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout


def make_git_project(root: Path) -> Path:
    """The example corpus and site configuration, committed once at `COMMIT_DATE`."""
    ignore = shutil.ignore_patterns(".cache", "__pycache__")
    shutil.copytree(REPO / "specs", root / "specs", ignore=ignore)
    shutil.copytree(REPO / "site", root / "site", ignore=ignore)
    shutil.copy(REPO / "credgen.toml", root / "credgen.toml")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "corpus")
    return root


@dataclasses.dataclass(eq=False)
class Rendered:
    """One run of the PDF stage over a project, and the means to read what it wrote."""

    root: Path
    corpus: Corpus
    ctx: BuildContext
    env: jinja2.Environment
    out: Path
    cache: Path
    report: PdfReport

    def path(self, slug: str) -> Path:
        """The versioned PDF of `slug`."""
        version = self.corpus.credentials[slug].model.version
        return self.out / f"{slug}-{version}.pdf"

    @functools.cache  # noqa: B019 (a handful of session-lived objects)
    def reader(self, slug: str) -> PdfReader:
        """The versioned PDF of `slug`, opened with pypdf."""
        return PdfReader(self.path(slug))

    @functools.cache  # noqa: B019
    def texts(self, slug: str) -> tuple[str, ...]:
        """The text of each page of `slug`'s PDF."""
        return tuple(page.extract_text() for page in self.reader(slug).pages)


def render_project(root: Path, out: Path, cache: Path) -> Rendered:
    """Load `root` as `credgen build` would and run the PDF stage on it."""
    ctx = BuildContext.for_project(root, site_url=SITE_URL, repo_url=REPO_URL)
    corpus = load_corpus(root)
    assert not corpus.diagnostics, corpus.diagnostics
    env = make_environment(root)
    report = render_pdfs(corpus, env, ctx, out_dir=out, cache_dir=cache)
    return Rendered(root, corpus, ctx, env, out, cache, report)


def copy_rendered(rendered: Rendered, target: Path) -> tuple[Path, Path]:
    """A copy of a rendered project (with its git history) and of its PDF cache."""
    root = target / "project"
    shutil.copytree(rendered.root, root)
    cache = target / "cache"
    shutil.copytree(rendered.cache, cache)
    return root, cache


@pytest.fixture(scope="session")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """Every example specification rendered once, cold, through the process pool."""
    base = tmp_path_factory.mktemp("pdf-examples")
    root = make_git_project(base / "project")
    return render_project(root, base / "out", base / "cache")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise `slug` over every example specification."""
    if "slug" in metafunc.fixturenames:
        slugs = sorted(path.name for path in (REPO / "specs" / "credentials").iterdir() if path.is_dir())
        metafunc.parametrize("slug", slugs)
