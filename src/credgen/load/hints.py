"""Hints for the value mistakes authors make most, each giving a value that passes.

A hint that leads to a second error is worse than none: `version: 0.1` must not be told to
become `"0.1"` (not a version), and a bare framework code must be told to take the
specification's own framework prefix, not an example's.
"""

from __future__ import annotations

import json
import re
from typing import Any

from credgen.load.source import Loc, SourceFile
from credgen.models.common import ID_PATTERN, SLUG_RE

_ID = re.compile(ID_PATTERN)
_VERSION = re.compile(r"^[0-9]+(\.[0-9]+){0,2}$")
_FRAMEWORK_CODE = re.compile(r"^[A-Za-z0-9.]+$")

#: The framework prefix suggested when the specification names none that is valid.
DEFAULT_FRAMEWORK = "mpf-2025"


def author_hint(kind: str, loc: Loc, given: Any, source: SourceFile) -> tuple[str, str] | None:
    """Code and message (after the field's label) for a recognised mistake, else None."""
    raw = source.raw.get(loc, given if isinstance(given, str) else None)
    if loc and loc[-1] == "version" and raw is not None and _VERSION.fullmatch(str(raw)):
        return _version(kind, str(raw))
    if len(loc) >= 2 and loc[-2] == "mpf" and raw is not None and _FRAMEWORK_CODE.fullmatch(str(raw)):
        return _framework_ref(kind, str(raw), source)
    if kind == "string_pattern_mismatch" and isinstance(given, str):
        return _run_together_ids(given)
    if kind == "list_type" and isinstance(given, str | int | float) and not isinstance(given, bool):
        return _not_a_list(given, raw)
    return None


def _version(kind: str, raw: str) -> tuple[str, str]:
    """`0.1` → `"0.1.0"`."""
    parts = raw.split(".")
    fixed = json.dumps(".".join(parts + ["0"] * (3 - len(parts))))
    if kind == "string_pattern_mismatch":
        return "CG104", f"must be a version MAJOR.MINOR.PATCH, not '{raw}'; write {fixed}"
    return "CG103", f"must be a version MAJOR.MINOR.PATCH in quotes, not the number {raw}; write {fixed}"


def _framework_ref(kind: str, raw: str, source: SourceFile) -> tuple[str, str]:
    """`- 1.3` → `- "mpf-2025:1.3"`, with the specification's own framework."""
    data = source.data if isinstance(source.data, dict) else {}
    framework = data.get("framework")
    prefix = framework if isinstance(framework, str) and SLUG_RE.fullmatch(framework) else DEFAULT_FRAMEWORK
    what = f"the number {raw}" if kind != "string_pattern_mismatch" else f"'{raw}'"
    return "CG104", (f'must name the framework and the capability, not {what}; write "{prefix}:{raw}"')


def _run_together_ids(given: str) -> tuple[str, str] | None:
    """`- C4` and `C5` on the next line without its `- `: YAML reads one value, 'C4 C5'."""
    words = given.split()
    if len(words) < 2 or not all(_ID.fullmatch(word) for word in words):
        return None
    return "CG104", (
        f"is '{given}', which looks like {len(words)} ids; put each on its own line starting with "
        f"'- ' (add '- ' before '{words[1]}')"
    )


def _not_a_list(given: str | int | float, raw: str | None) -> tuple[str, str]:
    """`capabilities: A2` → a list."""
    shown = raw if raw is not None else str(given)
    return "CG103", (
        f"must be a list, not '{shown}'; put each item on its own line below it, indented, "
        f"starting with '- ' (- {shown})"
    )
