"""Random edits of a valid YAML file, for the property tests that no input raises a traceback."""

from __future__ import annotations

from hypothesis import strategies as st

#: What a mutation may type into a line: YAML's punctuation, anchors, tags and odd scalars.
NASTY = [*":-[]{}&*!|>#'\"\t\n ,?%@`~0", "no", "1.0", "&a", "*a", "!!str", "<<: ", "- ", "\\"]


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    """`text` with a few random edits: characters, lines, truncation, raw bytes."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["char", "delete", "duplicate", "swap", "truncate"]))
        index = draw(st.integers(0, len(lines) - 1))
        if kind == "char":
            line = lines[index]
            at = draw(st.integers(0, max(len(line) - 1, 0)))
            lines[index] = line[:at] + draw(st.sampled_from(NASTY)) + line[at + 1 :]
        elif kind == "delete" and len(lines) > 1:
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif kind == "truncate":
            lines = lines[: index + 1]
    blob = "".join(lines).encode("utf-8")
    if draw(st.booleans()) and draw(st.integers(0, 9)) == 0:
        blob += b"\xff\xfe"
    return blob
