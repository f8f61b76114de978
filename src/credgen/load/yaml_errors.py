"""YAML syntax errors in plain words, with the fix that most likely works.

libyaml names the parser state it was in ("did not find expected key while parsing a block
mapping"); an author needs to know what to change on which line. The three mistakes authors
make most often are recognised here: a colon inside an unquoted value, a line indented
differently from its neighbours, and a list item without its `- `. Anything else keeps
libyaml's own words (see `source._syntax_error`).
"""

from __future__ import annotations

import json
import re

import yaml

from credgen.diagnostics import Diagnostic, Severity

_KEY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][A-Za-z0-9_-]*): +(?P<value>.*)$")


def plain_syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str] | None:
    """1-based line, column and plain-words message for a libyaml error; None when the error is
    not one recognised."""
    mark = exc.problem_mark
    if mark is None:
        return None
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    problem = exc.problem or ""
    message = None
    if problem.startswith("mapping values are not allowed"):
        message = _unquoted_colon(line) or _indentation(lines, mark.line)
    elif problem.startswith("did not find expected '-' indicator"):
        message = _missing_dash(line)
    elif problem.startswith("did not find expected key"):
        message = _indentation(lines, mark.line)
    elif problem.startswith("could not find expected ':'") and exc.context_mark is not None:
        return _not_a_key(lines, exc.context_mark.line)
    return None if message is None else (mark.line + 1, mark.column + 1, message)


def _not_a_key(lines: list[str], index: int) -> tuple[int, int, str]:
    """A line that is neither `key: value` nor a list item: after list items, a missing `- `."""
    line = lines[index] if index < len(lines) else ""
    column = _indent(line) + 1
    above = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
    if above.lstrip().startswith("- ") and _indent(above) == _indent(line):
        return index + 1, column, _missing_dash(line)
    message = (
        "this line is neither 'key: value' nor a list item; add ': ' after the key, or indent it "
        "further to continue the text above"
    )
    return index + 1, column, message


def _unquoted_colon(line: str) -> str | None:
    """`title: Frailty: older people` → quote the value."""
    match = _KEY.match(line)
    if match is None or ": " not in match["value"] + " ":
        return None
    value = match["value"].strip()
    fixed = f"{match['indent']}{match['dash'] or ''}{match['key']}: {json.dumps(value, ensure_ascii=False)}"
    return (
        "a value containing ': ' must be in double quotes, or the colon starts a new key; "
        f"write: {fixed.strip()}"
    )


def _missing_dash(line: str) -> str:
    """A line among list items that does not start with `- `."""
    stripped = line.strip()
    return (
        f"every item of a list starts with '- '; write: - {stripped}"
        if stripped
        else "every item of a list starts with '- '"
    )


def _indentation(lines: list[str], index: int) -> str:
    """A line indented differently from the line above it, where the line above sets the level."""
    line = lines[index] if index < len(lines) else ""
    above_at = next((i for i in range(index - 1, -1, -1) if lines[i].strip()), None)
    if above_at is None:
        return "this line is indented, but nothing above it starts a part it could belong to"
    above = lines[above_at]
    here = _indent(line)
    there = _indent(above) if line.lstrip().startswith("- ") else _column_of_key(above)
    if here == there:
        return f"this line is not lined up with the keys of the part it belongs to (see line {above_at + 1})"
    return (
        f"this line is indented {here} space{'s' * (here != 1)} but the line above it (line "
        f"{above_at + 1}) is indented {there}; indent it with {there} space{'s' * (there != 1)} "
        "so that it lines up"
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _column_of_key(line: str) -> int:
    """Where the keys of the mapping on `line` start (after a `- ` when it starts a list item)."""
    match = _KEY.match(line)
    if match is None:
        return _indent(line)
    return len(match["indent"]) + len(match["dash"] or "")


#: A single line break followed by text that Markdown joins to the line before (not a list
#: item, heading, quote or indented line, which start a block of their own).
_JOINED = re.compile(r"(?<!\n)\n(?![\n\s\-*+#>]|[0-9]+[.)]\s)")


def folds_paragraphs(value: str) -> bool:
    """Whether a folded (`>`) block had a blank line between paragraphs: folding keeps only one
    line break there, so Markdown runs the paragraphs on either side together into one."""
    return _JOINED.search(value.rstrip("\n")) is not None


def folded_warning(path: str, position: tuple[int, int]) -> Diagnostic:
    """CG009 at the block's `>`."""
    message = (
        "this text starts with '>', which joins its paragraphs into one; start it with '|' "
        "instead to keep them apart"
    )
    return Diagnostic(path, *position, "CG009", message, Severity.WARNING)
