"""Every published version has its own PDF, linked from the site, through one shared cache.

One real build (PDFs included) of a project holding only `golden-example`, committed at
2.0.0 and then 2.1.0 (conftest), read back with pypdf; then the PDF stage again on the same
cache, which must render nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from credgen.build import build, published_versions
from credgen.cache import KEEP_UNUSED
from credgen.pdf import PdfReport, render_pdfs
from credgen.site.state import SiteState, load_state
from credgen.site.website import project_context
from tests.site.conftest import OLD_DATE, beside_output, git, make_site_project

SLUG = "golden-example"
OLD_PDF = f"{SLUG}-2.0.0.pdf"
CURRENT_PDF = f"{SLUG}-2.1.0.pdf"


@dataclasses.dataclass(frozen=True)
class Built:
    """The project, its built site and the state the PDF stage is run from again."""

    root: Path
    site: Path
    cache: Path
    state: SiteState

    def downloads(self, name: str) -> Path:
        return self.site / "downloads" / name

    def again(self, out: Path, cache: Path | None = None, *, versions: bool = True) -> PdfReport:
        """The PDF stage once more, on the build's cache unless told otherwise."""
        state = self.state
        return render_pdfs(
            state.corpus,
            state.env,
            state.ctx,
            out_dir=out,
            cache_dir=cache or self.cache,
            versions=published_versions(state) if versions else (),
        )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = make_site_project(tmp_path_factory.mktemp("version-pdfs") / "project", examples=False)
    site = build(root, root / "build" / "site")
    state, _ = load_state(root, project_context(root))
    assert state is not None
    return Built(root, site, site.parent / ".cache" / "pdf", state)


def test_each_version_has_its_own_pdf(built: Built) -> None:
    names = sorted(path.name for path in (built.site / "downloads").glob("*.pdf"))
    assert names == [f"{SLUG}-2.0.0.pdf", f"{SLUG}-2.1.0.pdf", f"{SLUG}.pdf"]
    # `<slug>.pdf` is still the current version's.
    assert built.downloads(f"{SLUG}.pdf").read_bytes() == built.downloads(CURRENT_PDF).read_bytes()


def test_an_old_version_pdf_prints_its_own_text_and_record(built: Built) -> None:
    reader = PdfReader(built.downloads(OLD_PDF))
    assert reader.metadata is not None
    assert reader.metadata.title == "Golden example credential: credential specification, version 2.0.0"
    assert "the current version is 2.1.0" in str(reader.metadata.subject)
    assert reader.metadata.creation_date == dt.datetime.fromisoformat(OLD_DATE)
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Version 2.0.0, kept as published." in cover
    assert "the current version is 2.1.0" in cover
    assert "https://credgen.example.org/credentials/golden-example/v/2.0.0/" in cover
    first_commit = git(built.root, "rev-list", "--max-parents=0", "HEAD").strip()
    assert first_commit in cover
    assert "pull request #17" in cover
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Takes a history." in text and "Takes a focused history" not in text
    assert "Records findings on vellum." in text
    assert "not the current version (2.1.0)" in reader.pages[2].extract_text()  # the running footer


def test_the_current_pdf_does_not_name_an_old_version(built: Built) -> None:
    reader = PdfReader(built.downloads(CURRENT_PDF))
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Version 2.1.0" in cover and "kept as published" not in cover
    assert "pull request #42" in cover
    assert "Takes a focused history" in " ".join(page.extract_text() for page in reader.pages)


def test_history_and_frozen_pages_link_every_version_pdf(built: Built) -> None:
    page = (built.site / "credentials" / SLUG / "index.html").read_text(encoding="utf-8")
    assert f'href="../../downloads/{OLD_PDF}" download="">PDF' in page
    assert f'href="../../downloads/{CURRENT_PDF}" download="">PDF' in page
    frozen = (built.site / "credentials" / SLUG / "v" / "2.0.0" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../../../downloads/{OLD_PDF}"' in frozen
    assert CURRENT_PDF not in frozen


def test_nothing_changed_renders_nothing(built: Built, tmp_path: Path) -> None:
    report = built.again(tmp_path / "all")
    assert (report.rendered, report.cached) == (0, 2)
    assert (tmp_path / "all" / OLD_PDF).read_bytes() == built.downloads(OLD_PDF).read_bytes()
    # Without the versions, the current PDF is the same file from the same cache entry.
    current_only = built.again(tmp_path / "current", versions=False)
    assert (current_only.rendered, current_only.cached) == (0, 1)
    assert (tmp_path / "current" / f"{SLUG}.pdf").read_bytes() == built.downloads(f"{SLUG}.pdf").read_bytes()
    assert not (tmp_path / "current" / OLD_PDF).exists()


def test_pruning_keeps_every_version_used_by_the_build(built: Built, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(built.cache, cache)
    for entry in cache.glob("*.pdf"):
        os.utime(entry, (1, 1))  # older than every unused entry below
    for index in range(KEEP_UNUSED + 3):
        unused = cache / f"unused{index:03d}.pdf"
        unused.write_bytes(b"%PDF-")
        os.utime(unused, (1_000_000 + index, 1_000_000 + index))
    report = built.again(tmp_path / "out", cache)
    assert report.rendered == 0
    kept = sorted(path.stem for path in cache.glob("*.pdf"))
    assert len(kept) == KEEP_UNUSED + 2
    assert "unused000" not in kept and f"unused{KEEP_UNUSED + 2:03d}" in kept


# A rebuild ------------------------------------------------------------------------------------

#: Runs `credgen build` on the project in the current folder with `_publish` (which writes the
#: PDFs) wrapped to raise if `PLANT` is set.
_REBUILD = """
import os
from pathlib import Path
from credgen.build import build
from credgen.exceptions import CredgenError, PdfError
from credgen.pdf import stage
publish = stage._publish
def spy(planned, cache, out_dir):
    if os.environ.get("PLANT"):
        raise PdfError("a planted failure")
    return publish(planned, cache, out_dir)
stage._publish = spy
try:
    build(Path("."))
except CredgenError as error:
    print(error.message)
"""


def _rebuild(root: Path, *, plant: bool = False, temporary: Path | None = None) -> str:
    """What a rebuild of `root` printed."""
    env = {**os.environ, "PLANT": "1" if plant else ""}
    if temporary is not None:
        env["TMPDIR"] = str(temporary)
    run = subprocess.run(
        [sys.executable, "-c", _REBUILD], cwd=root, capture_output=True, text=True, check=True, env=env
    )
    return run.stdout.strip()


def _copy_with_build(built: Built, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built.root, root, symlinks=True)
    return root


def test_a_rebuild_writes_the_same_pdfs(built: Built, tmp_path: Path) -> None:
    root = _copy_with_build(built, tmp_path)
    assert _rebuild(root) == ""
    site = root / "build" / "site"
    for name in (OLD_PDF, CURRENT_PDF, f"{SLUG}.pdf"):
        assert (site / "downloads" / name).read_bytes() == built.downloads(name).read_bytes()
    assert sorted(path.name for path in (site / "downloads").iterdir()) == sorted(
        path.name for path in (built.site / "downloads").iterdir()
    )
    assert beside_output(site) == [".cache", "<site>", "site"]


def test_a_pdf_failure_leaves_the_previous_site(built: Built, tmp_path: Path) -> None:
    root = _copy_with_build(built, tmp_path)
    site = root / "build" / "site"
    before = {path.relative_to(site): path.read_bytes() for path in site.rglob("*") if path.is_file()}
    assert _rebuild(root, plant=True) == "a planted failure"
    after = {path.relative_to(site): path.read_bytes() for path in site.rglob("*") if path.is_file()}
    assert after == before
    assert beside_output(site) == [".cache", "<site>", "site"]


def test_a_rebuild_rendering_pdfs_leaves_nothing_in_the_temporary_folder(
    built: Built, tmp_path: Path
) -> None:
    """The pool's workers and WeasyPrint's copy of the fonts are cleaned up when they end."""
    root = _copy_with_build(built, tmp_path)
    spec = root / "specs" / "credentials" / SLUG / "credential.yaml"
    text = spec.read_text(encoding="utf-8")
    for old, new in (
        ('version: "2.1.0"', 'version: "2.2.0"'),
        ("status: endorsed", "status: in-development"),
        ("Takes a focused history", "Takes a full history"),
    ):
        assert old in text
        text = text.replace(old, new)
    spec.write_text(text, encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    # Two PDFs to render (2.2.0, and 2.1.0 now printed from its commit): a pool of two.
    assert _rebuild(root, temporary=temporary) == ""
    current = PdfReader(root / "build" / "site" / "downloads" / f"{SLUG}-2.2.0.pdf")
    assert "Takes a full history" in " ".join(page.extract_text() for page in current.pages)
    assert list(temporary.iterdir()) == []
