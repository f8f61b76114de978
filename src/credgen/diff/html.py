"""A redline as safe HTML, for the website's "changes since version X" pages."""

from __future__ import annotations

from markupsafe import Markup, escape

from credgen.diff.redline import Segment

_TAGS = {"delete": "del", "insert": "ins"}


def redline_html(segments: tuple[Segment, ...]) -> Markup:
    """Escaped text with deletions in `<del>` and insertions in `<ins>`; line breaks as `<br>`.

    Meant for a Jinja filter: `{{ change.segments | redline }}`. Tags never span a line break,
    so each line reads on its own.
    """
    parts: list[str] = []
    for segment in segments:
        tag = _TAGS.get(segment.op)
        for n, piece in enumerate(segment.text.split("\n")):
            if n:
                parts.append("<br>\n")
            if piece:
                text = str(escape(piece))
                parts.append(f"<{tag}>{text}</{tag}>" if tag and piece.strip() else text)
    return Markup("".join(parts))
