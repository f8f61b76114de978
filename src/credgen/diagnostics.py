"""Diagnostics: what every rule yields, and the three ways to print them."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from enum import StrEnum

#: Characters that could end a line of text output or change how it reads: every control
#: character (newline included) and the direction overrides and isolates.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


class Severity(StrEnum):
    """How bad a diagnostic is; warnings become errors under `--strict`."""

    ERROR = "error"
    WARNING = "warning"


@dataclasses.dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place in one file."""

    path: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order by file, then position, then code."""
        return (self.path, self.line, self.column, self.code)

    def as_text(self) -> str:
        """Compiler style: `file:line:col: error[CODE]: message`, always one line.

        A newline in a folder name or a message is shown as `\\n`, so nothing after it can
        start a line a CI log reads as a command (GitHub Actions runs `::error ...` lines).
        """
        path, message = escape_line(self.path), escape_line(self.message)
        return f"{path}:{self.line}:{self.column}: {self.severity}[{self.code}]: {message}"

    def as_github(self) -> str:
        """A GitHub Actions workflow command, shown as an annotation on the line."""
        command = "error" if self.severity is Severity.ERROR else "warning"
        message = _escape_github(self.message, data=True)
        path = _escape_github(self.path, data=False)
        return f"::{command} file={path},line={self.line},col={self.column},title={self.code}::{message}"

    def as_dict(self) -> dict[str, str | int]:
        """The JSON form."""
        return {
            "file": self.path,
            "line": self.line,
            "column": self.column,
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
        }


def escape_line(text: str) -> str:
    """`text` with every control and direction character written as a visible escape."""
    return _UNPRINTABLE.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT_ESCAPES.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def _escape_github(text: str, *, data: bool) -> str:
    """Escape text for a workflow command (data or property value)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if not data:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def promote_warnings(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """`--strict`: every warning becomes an error."""
    return [dataclasses.replace(d, severity=Severity.ERROR) for d in diagnostics]


def count_errors(diagnostics: Iterable[Diagnostic]) -> int:
    """Number of diagnostics that are errors."""
    return sum(1 for d in diagnostics if d.severity is Severity.ERROR)


def format_diagnostics(diagnostics: list[Diagnostic], fmt: str) -> str:
    """Render diagnostics as `text`, `github` or `json`."""
    if fmt == "json":
        return json.dumps([d.as_dict() for d in diagnostics], indent=2)
    if fmt == "github":
        return "\n".join(d.as_github() for d in diagnostics)
    return "\n".join(d.as_text() for d in diagnostics)
