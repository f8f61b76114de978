"""The pages as a reader sees them, drawn by poppler: margins kept, watermark visible.

Run `python -m tests.pdf.pages` to write the cover, contents, mapping and endorsement pages
of the example PDFs as PNG files and look at them.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PIL import Image

from credgen.endorse.ledger import current_endorsement
from tests.pdf.conftest import Rendered
from tests.pdf.pages import heading_page, page_images

DPI = 30
MARGIN_PX = round(19 / 25.4 * DPI)  # the side margins are 20 mm; allow 1 mm for antialiasing


def _dark(pixel: tuple[int, int, int]) -> bool:
    """Ink: text, rules, dots (the faint watermark is never this dark)."""
    return min(pixel) < 200


def _watermark(pixel: tuple[int, int, int]) -> bool:
    """The faint red of the watermark (#d5281b at 14 % over white)."""
    red, green, blue = pixel
    return red > 235 and 200 < green < 240 and 200 < blue < 240 and red - green > 15


@functools.cache
def _all_pages(pdf: Path) -> list[Image.Image]:
    """Every page of `pdf`, drawn once per session."""
    return page_images(pdf, dpi=DPI)


def _count(image: Image.Image, box: tuple[int, int, int, int], test: object) -> int:
    data = image.crop(box).tobytes()
    return sum(1 for pixel in zip(data[0::3], data[1::3], data[2::3], strict=True) if test(pixel))  # type: ignore[operator]


def test_nothing_is_drawn_in_the_side_margins(examples: Rendered, slug: str) -> None:
    for number, image in enumerate(_all_pages(examples.path(slug)), start=1):
        width, height = image.size
        left = _count(image, (0, 0, MARGIN_PX, height), _dark)
        right = _count(image, (width - MARGIN_PX, 0, width, height), _dark)
        assert (left, right) == (0, 0), f"page {number} draws in a side margin"


def test_the_mapping_is_drawn_within_the_width(examples: Rendered, slug: str) -> None:
    """Print lists each capability's mappings (the website's matrix is too costly to lay out)."""
    page = heading_page(examples.path(slug), "Mapping to")
    if examples.corpus.credentials[slug].model.domains:
        assert page is not None
    if page is None:
        return
    text = " ".join(examples.texts(slug)[page - 1].split())
    assert "Capabilities and the MPF" in text and "capabilities each maps to" in text
    # The first row: the capability, then the framework codes it maps to, in framework order.
    spec = examples.corpus.credentials[slug].model
    framework = examples.corpus.frameworks[spec.framework].model
    first = spec.domains[0].capabilities[0]
    every = [c.code for pillar in framework.pillars for c in pillar.capabilities]
    codes = [code for code in every if f"{framework.id}:{code}" in first.mpf]
    assert f"{first.code or first.id} {', '.join(codes) or 'None'}" in text
    image = page_images(examples.path(slug), page, page, dpi=75)[0]
    margin = round(19 / 25.4 * 75)
    assert _count(image, (image.size[0] - margin, 0, *image.size), _dark) == 0


def test_watermark_is_visible_on_every_page_unless_endorsed(examples: Rendered, slug: str) -> None:
    endorsed = current_endorsement(examples.root, examples.corpus.credentials[slug]) is not None
    for number, image in enumerate(_all_pages(examples.path(slug)), start=1):
        width, height = image.size
        centre = (width // 4, height // 4, 3 * width // 4, 3 * height // 4)
        faint_red = _count(image, centre, _watermark)
        if endorsed:
            assert faint_red == 0, f"page {number}"
        else:
            assert faint_red > 300, f"page {number} has no visible watermark"
