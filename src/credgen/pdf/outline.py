"""The outline of a content body: its headings, for the printed contents page.

The body comes from the shared renderer as HTML, so the outline is read back from it rather
than rebuilt from the model: the contents page can never disagree with the text.
"""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

#: Heading levels listed on the contents page (the PDF bookmarks go one level deeper).
TOC_TAGS = ("h2", "h3")

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


class _HeadingParser(HTMLParser):
    """Collects `(level, id, text)` for each heading in `TOC_TAGS` that has an id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._open: tuple[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in TOC_TAGS and self._open is None:
            self._open = (tag, dict(attrs).get("id"))
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == self._open[0]:
            name, anchor = self._open
            text = " ".join("".join(self._text).split())
            if anchor and text:
                self.found.append((int(name[1]), anchor, text))
            self._open = None


def outline_of(html: str) -> list[Heading]:
    """The h2/h3 headings of `html` that carry an id, h3s nested under their h2."""
    parser = _HeadingParser()
    parser.feed(html)
    parser.close()
    outline: list[Heading] = []
    for level, anchor, text in parser.found:
        heading = Heading(level, anchor, text)
        if level > _TOP_LEVEL and outline:
            outline[-1].children.append(heading)
        else:
            outline.append(heading)
    return outline
