"""`credgen pdf` from the command line: the process pool works from a real CLI process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from tests.pdf.conftest import make_git_project


def _credgen(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "credgen", *args]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300, check=False)


def test_pdf_command_renders_then_reuses_the_cache(tmp_path: Path) -> None:
    root = make_git_project(tmp_path / "project")
    first = _credgen(root, "pdf", "pelvic-health", "end-of-life-care", "--out", "pdfs")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip().endswith("(2 rendered, 0 cached)")
    names = sorted(path.name for path in (root / "pdfs").iterdir())
    assert names == [
        "end-of-life-care-0.3.0.pdf",
        "end-of-life-care.pdf",
        "pelvic-health-0.1.0.pdf",
        "pelvic-health.pdf",
    ]
    assert PdfReader(root / "pdfs" / "pelvic-health.pdf").metadata.title.startswith("Pelvic health")
    again = _credgen(root, "pdf", "pelvic-health", "end-of-life-care", "--out", "pdfs")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().endswith("(0 rendered, 2 cached)")


def test_pdf_command_reports_errors_without_a_traceback(tmp_path: Path) -> None:
    root = make_git_project(tmp_path / "project")
    unknown = _credgen(root, "pdf", "no-such-spec")
    assert unknown.returncode == 1
    assert unknown.stderr.splitlines() == [
        "error: no credential specification 'no-such-spec'",
        "hint: see the folders in specs/credentials/",
    ]
    path = root / "specs" / "credentials" / "pelvic-health" / "credential.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: proposed", "status: drafted"))
    invalid = _credgen(root, "pdf", "--out", "pdfs")
    assert invalid.returncode == 1
    assert invalid.stdout.startswith("specs/credentials/pelvic-health/credential.yaml:5:9: error[CG104]")
    assert invalid.stderr.strip() == "error: the specifications have errors; no PDF written"
    assert not (root / "pdfs").exists()


def test_importing_the_stage_does_not_import_weasyprint() -> None:
    code = "import sys, credgen.cli, credgen.pdf; print('weasyprint' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
