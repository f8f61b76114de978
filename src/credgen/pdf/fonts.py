"""The typeface bundled with credgen, so a PDF never depends on the fonts of the machine.

Source Sans Pro (Adobe, SIL Open Font License 1.1, see `credgen/fonts/OFL.txt`) is shipped
unmodified in four styles; WeasyPrint embeds a subset of each style a document uses.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

#: Folder of the bundled font files and their licence.
FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"

#: The family name every print stylesheet uses.
FAMILY = "Source Sans Pro"

#: (file, weight, style) for each bundled face.
FACES = (
    ("SourceSansPro-Regular.ttf", "normal", "normal"),
    ("SourceSansPro-It.ttf", "normal", "italic"),
    ("SourceSansPro-Bold.ttf", "bold", "normal"),
    ("SourceSansPro-BoldIt.ttf", "bold", "italic"),
)


def font_face_css() -> str:
    """`@font-face` rules declaring the bundled faces by absolute file URL."""
    rules = []
    for name, weight, style in FACES:
        url = (FONTS_DIR / name).as_uri()
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; '
            f'font-style: {style}; src: url("{url}"); }}'
        )
    return "\n".join(rules)


@functools.cache
def fonts_digest() -> str:
    """SHA-256 over the bundled font files, for the PDF cache key."""
    digest = hashlib.sha256()
    for name, _, _ in FACES:
        digest.update(name.encode())
        digest.update((FONTS_DIR / name).read_bytes())
    return digest.hexdigest()
