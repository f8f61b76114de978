"""Full-text search: index the built site with Pagefind.

Pagefind splits its index into fragments fetched on demand, so a query loads tens of kilobytes
whatever the size of the site (MkDocs Material's built-in search loads one index of every page;
see benchmarks/site_bench.py for the figures behind this choice).

Indexing runs in the background (`SearchIndexing`): Pagefind reads only the HTML pages, so the
build writes the PDFs and the open data while it works, and waits for it before the swap.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from credgen.exceptions import RenderError
from credgen.forked import Background

#: Pagefind's options besides where the site is.
_OPTIONS = ("--force-language", "en", "--silent")


class SearchIndexing(Background):
    """A Pagefind run over a built site; `wait()` for it, or leave the `with` block to stop it."""

    def __init__(self, site_dir: Path) -> None:
        """Start writing the index into `<site_dir>/pagefind/`."""
        command = [*_pagefind(), "--site", str(site_dir), "--output-subdir", "pagefind", *_OPTIONS]
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait(self) -> None:
        """Wait until the index is written; `RenderError` if Pagefind failed."""
        out, err = self._process.communicate()
        if self._process.returncode != 0:
            detail = (err or out).strip().splitlines()
            raise RenderError(
                "search indexing failed: "
                + (detail[-1] if detail else f"pagefind exited {self._process.returncode}"),
                hint="check that the 'pagefind[bin]' package is installed",
            )

    def stop(self) -> None:
        """Stop Pagefind if it is still running (the build failed elsewhere)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.communicate()


def _pagefind() -> list[str]:
    """The command that runs Pagefind: its binary from the `pagefind[bin]` wheel when there is
    one (no Python start-up), else the package's own launcher."""
    from pagefind.service import get_executable

    binary = get_executable()
    return [str(binary)] if binary is not None else [sys.executable, "-m", "pagefind"]
