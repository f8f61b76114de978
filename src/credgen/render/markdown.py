"""The one Markdown renderer for specification prose, shared by the website and the PDF.

Specification text is written by many authors and published on the organisation's site, so it is
treated as untrusted: raw HTML is off (a `<script>` shows as text), images are off (a PDF
build must never fetch a remote file), headings are off (they would break the page outline),
and a link survives only when its scheme is on the allowlist or it is relative.
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt
from markupsafe import Markup

#: Link schemes a specification may use; anything else renders as plain text.
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

# Text up to the first ':' that comes before any '/', '?' or '#': the URL's scheme, if any.
_SCHEME = re.compile(r"^([^/?#]*?):")


def is_allowed_link(url: str) -> bool:
    """Whether `url` is relative or uses an allowed scheme (`http`, `https`, `mailto`)."""
    match = _SCHEME.match(url.strip())
    return match is None or match.group(1).lower() in ALLOWED_SCHEMES


def _make_parser() -> MarkdownIt:
    """CommonMark plus tables, without raw HTML, images or headings."""
    parser = MarkdownIt(
        "commonmark", {"html": False, "linkify": False, "typographer": False, "xhtmlOut": True}
    )
    parser.enable("table")
    parser.disable(["image", "heading", "lheading", "html_block", "html_inline"])
    parser.validateLink = is_allowed_link  # type: ignore[method-assign]
    return parser


_PARSER = _make_parser()

# Each text is rendered once per output that shows it (the print document, then the web page),
# so the caches hold every text of the corpus: a bounded LRU cache smaller than one pass over
# a large corpus would evict each entry just before its second use, and never hit.


@functools.cache
def render_markdown(text: str) -> Markup:
    """Block Markdown (paragraphs, lists, tables) as safe HTML."""
    return Markup(_PARSER.render(text).strip())


@functools.cache
def render_inline(text: str) -> Markup:
    """Inline Markdown (emphasis, code, links) without a wrapping paragraph, as safe HTML."""
    return Markup(_PARSER.renderInline(text).strip())
