"""Diagnostics: what every rule yields, and the three ways to print them."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from enum import StrEnum


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
        """Compiler style: `file:line:col: error[CODE]: message`."""
        return f"{self.path}:{self.line}:{self.column}: {self.severity}[{self.code}]: {self.message}"

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
