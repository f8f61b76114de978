"""The built package stands alone: from the wheel, in a clean venv, outside this repository."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import REPO
from tests.project.conftest import Venv


def test_sdist_and_wheel_pass_twine_check(installed: Venv) -> None:
    files = sorted(path.name for path in installed.dist.iterdir())
    assert files == ["credgen-0.1.0-py3-none-any.whl", "credgen-0.1.0.tar.gz"]
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", *map(str, installed.dist.iterdir())],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0 and result.stdout.count("PASSED") == 2, result.stdout


def test_the_venv_imports_the_wheel_not_the_repository(installed: Venv, tmp_path: Path) -> None:
    code = (
        "import credgen.context as c; print(c.__file__); print(c.DEFAULT_TEMPLATES[0] / 'pdf' / 'print.css')"
    )
    module, stylesheet = installed.run(tmp_path, "python", "-c", code).stdout.splitlines()
    package = next((installed.path / "lib").glob("python3.*/site-packages/credgen"))
    assert Path(module) == package / "context.py"
    assert Path(stylesheet).is_file() and Path(stylesheet).is_relative_to(package)  # shipped in the wheel
    assert (package / "fonts" / "SourceSansPro-Regular.ttf").is_file()


def test_init_with_examples_checks_and_builds_with_pdfs(installed: Venv, tmp_path: Path) -> None:
    installed.ok(tmp_path, "credgen", "init", "demo", "--example", "--name", "Faculty of Demo Practice")
    demo = tmp_path / "demo"
    assert installed.ok(demo, "credgen", "check").endswith(
        "checked 8 specifications and 2 frameworks: 0 errors, 0 warnings\n"
    )
    installed.ok(demo, "credgen", "build")
    site = demo / "build" / "site"
    catalogue = (site / "credentials" / "index.html").read_text(encoding="utf-8")
    examples = sorted(path.name for path in (REPO / "specs" / "credentials").iterdir())
    assert sorted(set(re.findall(r'href="([a-z-]+)/"', catalogue)) & set(examples)) == examples
    page = (site / "credentials" / "acute-medicine" / "index.html").read_text(encoding="utf-8")
    assert "nothing on this page is a decision of the\nFaculty of Demo Practice." in page
    pdf = PdfReader(site / "downloads" / "acute-medicine.pdf")
    assert len(pdf.pages) > 3
    assert "not a Faculty of Demo Practice-endorsed specification" in (pdf.metadata.subject or "")


def test_init_without_examples_then_new_then_build(installed: Venv, tmp_path: Path) -> None:
    installed.ok(tmp_path, "credgen", "init", "demo2")
    demo = tmp_path / "demo2"
    installed.ok(demo, "credgen", "new", "first-area")
    spec = (demo / "specs" / "credentials" / "first-area" / "credential.yaml").read_text(encoding="utf-8")
    assert "\nframework: mpf-2025\n" in spec
    installed.ok(demo, "credgen", "build")
    assert (demo / "build" / "site" / "credentials" / "first-area" / "index.html").is_file()
    assert (demo / "build" / "site" / "downloads" / "first-area.pdf").is_file()
