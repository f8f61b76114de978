"""Pages of a PDF as pictures, drawn by poppler's `pdftoppm`, for tests and for people.

    python -m tests.pdf.pages [SLUG ...] [--out build/pdf-preview]

renders the example PDFs (through `credgen pdf`'s cache) and writes, for each, the cover, the
contents, the first page of the mapping and the endorsement record (when there is one)
as PNG files to look at.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from pypdf import PdfReader


def page_images(pdf: Path, first: int = 1, last: int | None = None, *, dpi: int = 40) -> list[Image.Image]:
    """Pages `first` to `last` (1-based, inclusive) of `pdf` as RGB images."""
    reader_last = last or len(PdfReader(pdf).pages)
    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "page"
        command = ["pdftoppm", "-png", "-r", str(dpi), "-f", str(first), "-l", str(reader_last)]
        subprocess.run([*command, str(pdf), str(prefix)], check=True, capture_output=True)
        return [Image.open(path).convert("RGB") for path in sorted(Path(folder).glob("page-*.png"))]


def heading_page(pdf: Path, title_start: str) -> int | None:
    """The 1-based page of the first bookmark whose title starts with `title_start`."""
    reader = PdfReader(pdf)
    pending: list[object] = list(reader.outline)
    while pending:
        item = pending.pop(0)
        if isinstance(item, list):
            pending[:0] = item
        elif str(getattr(item, "title", "")).startswith(title_start):
            return reader.get_destination_page_number(item) + 1  # type: ignore[arg-type]
    return None


def _preview(slugs: list[str], out: Path) -> None:
    """Render the PDFs with `credgen pdf`, then write the pages worth looking at as PNG."""
    subprocess.run([sys.executable, "-m", "credgen", "pdf", *slugs, "--out", str(out / "pdf")], check=True)
    for pdf in sorted((out / "pdf").glob("*-*.*.*.pdf")):
        pages = {"cover": 1, "contents": 2}
        for name, title in (("mapping", "Mapping to"), ("endorsement", "Endorsement record")):
            page = heading_page(pdf, title)
            if page:
                pages[name] = page
        for name, page in pages.items():
            image = page_images(pdf, page, page, dpi=80)[0]
            image.save(out / f"{pdf.stem}-{name}.png")
            print(out / f"{pdf.stem}-{name}.png")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write PNG previews of PDF pages.")
    parser.add_argument("slugs", nargs="*")
    parser.add_argument("--out", type=Path, default=Path("build/pdf-preview"))
    arguments = parser.parse_args()
    _preview(arguments.slugs, arguments.out.resolve())
