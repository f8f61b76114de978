"""The outline of a content body: its headings, for the printed contents page and the page's
table of contents on the website (`credgen.site.state.toc_from_html`).

The body comes from the shared renderer as HTML, so the outline is read back from it rather
than rebuilt from the model: the contents page can never disagree with the text. The body is
made by credgen's own templates (well-formed, attributes quoted, no nested headings), so a
regular expression reads it; `html.parser` took two thirds of a rebuild with a warm cache.
"""

from __future__ import annotations

import dataclasses
import html
import re

#: An h2 or h3 element: its level, its attributes and its content.
_HEADING = re.compile(r"<h([23])\b([^>]*)>(.*?)</h\1\s*>", re.DOTALL | re.IGNORECASE)
_ID = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")

#: The level of a top-level entry; deeper headings nest under the last one.
_TOP_LEVEL = 2


@dataclasses.dataclass(slots=True)
class Heading:
    """One entry of the contents page."""

    level: int
    """2 for a section, 3 for a subsection."""

    id: str
    """The heading's `id`, the target of its link and page number."""

    text: str
    """The heading text, without markup."""

    children: list[Heading] = dataclasses.field(default_factory=list)
    """Subsections."""


def outline_of(body: str) -> list[Heading]:
    """The h2/h3 headings of `body` that carry an id, h3s nested under the h2 before them."""
    outline: list[Heading] = []
    for match in _HEADING.finditer(body):
        anchor = _ID.search(match.group(2))
        text = " ".join(html.unescape(_TAG.sub("", match.group(3))).split())
        if anchor is None or not text:
            continue
        heading = Heading(int(match.group(1)), html.unescape(anchor.group(1) or anchor.group(2)), text)
        if heading.level > _TOP_LEVEL and outline:
            outline[-1].children.append(heading)
        else:
            outline.append(heading)
    return outline
