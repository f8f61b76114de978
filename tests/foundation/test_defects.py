"""One fixture folder per defect: each folder's credential.yaml must yield exactly its expected.txt.

Regenerate an expected file after a deliberate message change with:
    CREDGEN_REGENERATE=1 pytest tests/foundation/test_defects.py
and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from credgen.validate.check import run_check
from tests.conftest import MakeProject

DEFECTS = Path(__file__).parent / "defects"
CASES = sorted(p.name for p in DEFECTS.iterdir() if p.is_dir())


def _lines(root: Path) -> list[str]:
    result = run_check([root / "specs"])
    return [d.as_text() for d in result.diagnostics]


@pytest.mark.parametrize("case", CASES)
def test_defect_yields_exactly_the_expected_diagnostics(case: str, make_project: MakeProject) -> None:
    source = DEFECTS / case / "credential.yaml"
    root = make_project({case: source.read_bytes()})
    lines = _lines(root)
    expected_file = DEFECTS / case / "expected.txt"
    if os.environ.get("CREDGEN_REGENERATE"):
        expected_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert lines == expected
    assert any(": error[" in line for line in lines), "every defect must produce an error"


def test_every_defect_folder_has_an_expected_file() -> None:
    missing = [case for case in CASES if not (DEFECTS / case / "expected.txt").exists()]
    assert missing == []
