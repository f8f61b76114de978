"""The PDF cache: a rendered PDF is kept under the hash of everything that went into it.

The key covers the complete print document (which holds the specification's content, its
endorsement, the templates' output and every build fact it shows), the print stylesheet, the
font files, and the versions of credgen, of this stage's code and of WeasyPrint. So a rebuild
with nothing changed renders nothing, and changing one specification re-renders one PDF.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import time
from pathlib import Path

from credgen.pdf.fonts import fonts_digest

#: Bump to invalidate every cached PDF when the key's meaning changes.
KEY_FORMAT = "credgen-pdf-1"

#: Cached PDFs beyond this many that the current build did not use are removed, oldest first.
KEEP_UNUSED = 64

#: Temporary files older than this were left by a killed worker; younger ones may be in use.
STRAY_SECONDS = 3600

_STAGE_DIR = Path(__file__).resolve().parent


@functools.cache
def _toolchain_digest() -> str:
    """Versions of credgen, WeasyPrint and pydyf, and the source of this stage."""
    digest = hashlib.sha256(KEY_FORMAT.encode())
    for package in ("credgen", "weasyprint", "pydyf"):
        digest.update(f"{package}={importlib.metadata.version(package)}\n".encode())
    for module in sorted(_STAGE_DIR.glob("*.py")):
        digest.update(module.name.encode())
        digest.update(module.read_bytes())
    digest.update(fonts_digest().encode())
    return digest.hexdigest()


def cache_key(html: str, css: str, base_url: str) -> str:
    """The key of one PDF: a SHA-256 over all of its inputs."""
    digest = hashlib.sha256(_toolchain_digest().encode())
    for part in (css, base_url, html):
        data = part.encode()
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class PdfCache:
    """Rendered PDFs in `<folder>/<key>.pdf`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        """Where the PDF with `key` is (or will be) stored."""
        return self.folder / f"{key}.pdf"

    def is_empty(self) -> bool:
        """Whether no PDF is stored: a first build, which renders every PDF."""
        return next(self.folder.glob("[!.]*.pdf"), None) is None

    def lookup(self, key: str) -> Path | None:
        """The stored PDF for `key`, marked as recently used; None on a miss."""
        path = self.path(key)
        try:
            os.utime(path)
        except OSError:  # absent, or the cache folder is unusable: render, and report there
            return None
        return path

    def prune(self, used: set[str]) -> None:
        """Remove the oldest unused entries beyond `KEEP_UNUSED`, and stray temporary files."""
        if not self.folder.is_dir():
            return
        for stray in self.folder.glob(".tmp-*"):
            if stray.stat().st_mtime < time.time() - STRAY_SECONDS:  # left by a killed worker
                stray.unlink(missing_ok=True)
        unused = [path for path in self.folder.glob("[!.]*.pdf") if path.stem not in used]
        unused.sort(key=lambda path: path.stat().st_mtime, reverse=True)
        for path in unused[KEEP_UNUSED:]:
            path.unlink(missing_ok=True)
