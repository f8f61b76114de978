"""Word-compatible software reads the document: real LibreOffice, headless, converts it to text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.word.conftest import WriteDocument


def test_libreoffice_reads_the_document(tmp_path: Path, write_document: WriteDocument) -> None:
    soffice = shutil.which("soffice")
    assert soffice is not None, "install Debian's libreoffice-writer-nogui"
    path = write_document("respiratory")
    profile = tmp_path / "profile"  # a private profile, so parallel runs never share a lock
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "txt:Text",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    text = (tmp_path / "respiratory.txt").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "Respiratory care"
    assert "How to edit this document" in text
    assert "Takes a detailed respiratory history covering symptom pattern, triggers," in text
    for heading in ("Details", "Summary", "Learning outcomes", "Assessment", "Authors"):
        assert f"\n{heading}\n" in text
