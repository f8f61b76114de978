"""Text checked once, at load: the characters and numbers no specification needs.

Control characters make XML outputs (the Atom feed, the sitemap) not well-formed and can hide
text in a terminal; bidirectional override and isolate characters make text display in an
order other than the one it is stored in (the "Trojan Source" trick), so a title could read one
way on the site and another in the PDF header. Neither has a use in a specification, so both are
refused where they are written, with a code of their own. Tab and newline are ordinary layout.
Whole numbers are bounded so every consumer (JavaScript reading the JSON, Python's own
conversion limit) reads them exactly.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from credgen.diagnostics import Diagnostic

#: C0 controls (tab and newline excepted), DEL and the C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

#: Carriage returns end lines in a file (CRLF), so the file scan lets them through.
_CONTROL_IN_FILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

#: Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")

#: The largest whole number every consumer reads exactly (JavaScript's `MAX_SAFE_INTEGER`).
MAX_INTEGER = 2**53 - 1

#: At most this many characters are reported by position in one file.
MAX_REPORTED = 10


def unsafe_characters(text: str, *, in_file: bool = False) -> Iterator[tuple[int, str, str]]:
    """(index, code, message) for each refused character in `text`, in order.

    `in_file` is for the raw text of a file, where a carriage return ends a line; otherwise
    the text is a decoded value, whose refused characters were written as escapes.
    """
    control = _CONTROL_IN_FILE if in_file else _CONTROL
    for match in re.finditer(f"{control.pattern}|{_BIDI.pattern}", text):
        yield (match.start(), *describe(match.group(), escaped=not in_file))


def character_diagnostics(text: str, shown_as: str) -> list[Diagnostic]:
    """A diagnostic at each refused character of a file's raw text (the first `MAX_REPORTED`)."""
    found = list(unsafe_characters(text, in_file=True))
    return [
        Diagnostic(shown_as, *position_of(text, index), code, message)
        for index, code, message in found[:MAX_REPORTED]
    ]


def position_of(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of character `index` of `text`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def describe(char: str, *, escaped: bool) -> tuple[str, str]:
    """The code and message for one refused character."""
    fix = "remove the escape for" if escaped else "delete the one here:"
    if _BIDI.fullmatch(char):
        name = unicodedata.name(char)
        return (
            "CG011",
            "text must not hold direction-changing characters, which make it read differently "
            f"from how it is stored; {fix} U+{ord(char):04X} {name}",
        )
    return ("CG010", f"text must not hold invisible control characters; {fix} U+{ord(char):04X}")


def integer_problem(written: str) -> str | None:
    """Why the whole number written as `written` is refused, or None when it is in bounds."""
    body = written.lstrip("+-")
    base = {"0o": 8, "0x": 16}.get(body[:2], 10)
    significant = (body if base == 10 else body[2:]).lstrip("0")
    if len(significant) <= 16 and int(significant or "0", base) <= MAX_INTEGER:
        return None
    size = f"a {len(significant):,}-digit number" if len(significant) > 20 else f"number {written}"
    return f"{size} is too large; whole numbers must be at most {MAX_INTEGER:,}"
