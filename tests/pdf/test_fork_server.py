"""The PDF workers' fork server: what it prepares once, and what its processes leave behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

TINY = "<!DOCTYPE html><html lang='en-GB'><title>t</title><p>Text</p></html>"


def _run(code: str, env: dict[str, str]) -> str:
    """What `code` prints in a new interpreter with `env` added to the environment."""
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ, **env}
    )
    return run.stdout


def _spy_compilers(folder: Path, log: Path) -> str:
    """A folder of `gcc`, `cc` and `ld` that only record their runs in `log`; the PATH to use."""
    folder.mkdir()
    for name in ("gcc", "cc", "ld"):
        program = folder / name
        program.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\nexit 1\n', encoding="utf-8")
        program.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ['PATH']}"


def test_the_fork_server_imports_weasyprint_without_running_a_compiler(tmp_path: Path) -> None:
    log = tmp_path / "compilers.log"
    path = _spy_compilers(tmp_path / "bin", log)
    # WeasyPrint imported as usual runs the compilers: the spies see it.
    _run("import weasyprint", {"PATH": path})
    assert "gcc" in log.read_text(encoding="utf-8")
    log.unlink()
    # What the fork server imports: WeasyPrint, the fonts and the packaged stylesheet, with no
    # compiler run, and the PATH given back.
    out = _run(
        "import os, credgen.pdf.preload\n"
        "from credgen.pdf import worker\n"
        "print(os.environ['PATH'] == os.environ['EXPECTED'], worker._FONTS is not None,\n"
        "      len(worker._STYLES), worker._user_agent_stylesheet.cache_info().currsize)",
        {"PATH": path, "EXPECTED": path},
    )
    assert out.split() == ["True", "True", "1", "1"]
    assert not log.exists()


def test_a_single_pdf_rendered_in_process_runs_no_compiler_either(tmp_path: Path) -> None:
    """A rebuild with one changed specification renders it in the build's own (forked) child."""
    log = tmp_path / "compilers.log"
    path = _spy_compilers(tmp_path / "bin", log)
    code = f"""
import os, sys
from pathlib import Path
from credgen.pdf.parallel import PdfJob, Rendering
job = PdfJob("t.html", {TINY!r}, "https://example.org/", "", Path({str(tmp_path / "t.pdf")!r}))
(outcome,) = Rendering([job]).outcomes()
print(outcome.error, outcome.pages, "weasyprint" in sys.modules, os.environ["PATH"] == os.environ["EXPECTED"])
"""
    out = _run(code, {"PATH": path, "EXPECTED": path})
    assert out.split() == ["None", "1", "True", "True"]
    assert not log.exists()


def test_pdf_processes_share_one_copy_of_the_fonts_and_delete_it_when_they_exit(tmp_path: Path) -> None:
    """WeasyPrint copies the fonts to a temporary folder; a worker used to leave its copy there."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    code = f"""
import glob, os
from pathlib import Path
from credgen.pdf.parallel import PdfJob, Rendering, start_fork_server
start_fork_server()
folder = os.environ["TMPDIR"]
html = {TINY!r}
jobs = [PdfJob(f"{{n}}.html", html, "https://example.org/", "", Path(folder, f"{{n}}.pdf")) for n in range(3)]
pooled = Rendering(jobs).outcomes()  # two workers, forked from the fork server
copies = [len(glob.glob(folder + "/weasyprint-*"))]
alone = Rendering(jobs[:1]).outcomes()  # rendered in this process
copies.append(len(glob.glob(folder + "/weasyprint-*")))
print([outcome.error for outcome in pooled + alone], copies)
"""
    out = _run(code, {"TMPDIR": str(temporary)})
    # The fork server's copy, which its workers use; then this process's own.
    assert out.strip() == "[None, None, None, None] [1, 2]"
    # Each process deletes its copy when it exits; the fork server exits just after its parent.
    deadline = time.monotonic() + 30
    while list(temporary.glob("weasyprint-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(temporary.glob("weasyprint-*")) == []
