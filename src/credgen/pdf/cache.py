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
from pathlib import Path

from credgen.cache import FileCache
from credgen.pdf.fonts import fonts_digest

#: Bump to invalidate every cached PDF when the key's meaning changes.
KEY_FORMAT = "credgen-pdf-1"

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


class PdfCache(FileCache):
    """Rendered PDFs in `<folder>/<key>.pdf`."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder, ".pdf")
