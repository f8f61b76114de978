"""Word-level redlines of prose: what was deleted and inserted, word by word.

Tokens are words, runs of whitespace and single punctuation marks. Whitespace is compared
loosely (a re-wrapped line is not a change; a new paragraph is), and a change that is split
only by a space is joined into one, so "~~a~~ ~~b~~" reads as "~~a b~~".
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from typing import Literal

Op = Literal["equal", "delete", "insert"]

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclasses.dataclass(frozen=True, slots=True)
class Segment:
    """A run of text that is unchanged, deleted or inserted."""

    op: Op
    """`equal`, `delete` or `insert`."""

    text: str
    """The text, whitespace included."""


@dataclasses.dataclass(slots=True)
class _Chunk:
    """Unchanged text, or a change (deleted and inserted text, either may be empty)."""

    equal: str = ""
    deleted: str = ""
    inserted: str = ""

    @property
    def is_change(self) -> bool:
        return bool(self.deleted or self.inserted)


def tokens(text: str) -> list[str]:
    """Words, whitespace runs and punctuation marks of `text`, in order."""
    return _TOKEN.findall(text)


def _key(token: str) -> str:
    """What a token is compared by: any whitespace is one space, a paragraph break is two newlines."""
    if token.isspace():
        return "\n\n" if _PARAGRAPH.search(token) else " "
    return token


def same_words(old: str, new: str) -> bool:
    """Whether two texts differ at most in how lines are wrapped."""
    return [_key(t) for t in tokens(old.strip())] == [_key(t) for t in tokens(new.strip())]


def redline(old: str | None, new: str | None) -> tuple[Segment, ...]:
    """Segments that turn `old` into `new` (None counts as empty text)."""
    a, b = tokens((old or "").strip()), tokens((new or "").strip())
    matcher = difflib.SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b], autojunk=False)
    chunks = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            chunks.append(_Chunk(equal="".join(b[j1:j2])))
        else:
            chunks.append(_Chunk(deleted="".join(a[i1:i2]), inserted="".join(b[j1:j2])))
    return tuple(_segments(_join_changes(chunks)))


def _join_changes(chunks: list[_Chunk]) -> list[_Chunk]:
    """Join two changes separated only by spaces into one change over the whole span."""
    joined: list[_Chunk] = []
    for chunk in chunks:
        if chunk.is_change and len(joined) >= 2 and joined[-2].is_change and _is_gap(joined[-1]):
            space = joined.pop().equal
            joined[-1].deleted += space + chunk.deleted
            joined[-1].inserted += space + chunk.inserted
        else:
            joined.append(chunk)
    return joined


def _is_gap(chunk: _Chunk) -> bool:
    """Unchanged text that is only spaces within one line."""
    return chunk.equal.isspace() and "\n" not in chunk.equal


def _segments(chunks: list[_Chunk]) -> list[Segment]:
    """Chunks as segments in reading order: unchanged, deleted, inserted."""
    segments: list[Segment] = []
    for chunk in chunks:
        for op, text in (("equal", chunk.equal), ("delete", chunk.deleted), ("insert", chunk.inserted)):
            if text:
                _append(segments, Segment(op, text))  # type: ignore[arg-type]
    return segments


def _append(segments: list[Segment], segment: Segment) -> None:
    """Append a segment, merging it with the previous one of the same kind."""
    if segments and segments[-1].op == segment.op:
        segments[-1] = Segment(segment.op, segments[-1].text + segment.text)
    else:
        segments.append(segment)
