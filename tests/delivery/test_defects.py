"""One folder per delivery defect: its files, laid over the example corpus, yield exactly expected.txt.

The example corpus is copied without its delivery plans, so each case shows only its own
diagnostics. Regenerate after a deliberate message change with:
    CREDGEN_REGENERATE=1 pytest tests/delivery/test_defects.py
and review the diff.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from credgen.validate.check import run_check
from tests.conftest import REPO

DEFECTS = Path(__file__).parent / "defects"
CASES = sorted(p.name for p in DEFECTS.iterdir() if p.is_dir())


def _project(case: str, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "specs", root / "specs", ignore=shutil.ignore_patterns("delivery"))
    shutil.copytree(DEFECTS / case / "specs", root / "specs", dirs_exist_ok=True)
    return root


@pytest.mark.parametrize("case", CASES)
def test_delivery_defect_yields_exactly_the_expected_diagnostics(case: str, tmp_path: Path) -> None:
    root = _project(case, tmp_path)
    lines = [d.as_text() for d in run_check([root / "specs"]).diagnostics]
    expected_file = DEFECTS / case / "expected.txt"
    if os.environ.get("CREDGEN_REGENERATE"):
        expected_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == expected_file.read_text(encoding="utf-8").splitlines()
    assert any(": error[" in line for line in lines), "every delivery defect must produce an error"


def test_the_example_corpus_without_plans_is_clean(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(REPO / "specs", root / "specs", ignore=shutil.ignore_patterns("delivery"))
    assert run_check([root / "specs"]).diagnostics == []
