"""Full-text search: index the built site with Pagefind.

Pagefind splits its index into fragments fetched on demand, so a query loads tens of kilobytes
whatever the size of the site (MkDocs Material's built-in search loads one index of every page;
see benchmarks/site_bench.py for the figures behind this choice).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from credgen.exceptions import RenderError

#: Pagefind's options besides where the site is.
_OPTIONS = ("--force-language", "en", "--silent")


def index_site(site_dir: Path) -> None:
    """Write the search index of the pages in `site_dir` into `<site_dir>/pagefind/`."""
    command = [*_pagefind(), "--site", str(site_dir), "--output-subdir", "pagefind", *_OPTIONS]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise RenderError(
            "search indexing failed: " + (detail[-1] if detail else f"pagefind exited {done.returncode}"),
            hint="check that the 'pagefind[bin]' package is installed",
        )


def _pagefind() -> list[str]:
    """The command that runs Pagefind: its binary from the `pagefind[bin]` wheel when there is
    one (no Python start-up), else the package's own launcher."""
    from pagefind.service import get_executable

    binary = get_executable()
    return [str(binary)] if binary is not None else [sys.executable, "-m", "pagefind"]
