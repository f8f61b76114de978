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


def index_site(site_dir: Path) -> None:
    """Write the Pagefind index into `<site_dir>/pagefind/`."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        "pagefind",
        "--force-language",
        "en",
        "--silent",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise RenderError(
            "search indexing failed: " + (detail[-1] if detail else f"pagefind exited {result.returncode}"),
            hint="check that the 'pagefind[bin]' package is installed",
        )
