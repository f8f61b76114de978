"""The exceptions credgen raises; the CLI turns each into `error: ...` and exit status 1."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from credgen.diagnostics import Diagnostic


class CredgenError(Exception):
    """Base of every error credgen reports to a user (never shown with a traceback)."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class SpecError(CredgenError):
    """Raised by the load and validate stages when the corpus has errors; carries the count."""

    def __init__(self, message: str, *, count: int, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.count = count


class ProjectError(CredgenError):
    """Raised when the project layout is wrong: no `specs/` folder, a path outside it."""


class RenderError(CredgenError):
    """Raised by the render stage (templates, MkDocs) when a page cannot be produced."""


class PdfError(CredgenError):
    """Raised by the PDF stage when WeasyPrint cannot produce a document."""


class EndorsementError(CredgenError):
    """Raised by the endorsement commands: refused approvals, a broken ledger, API failures."""


class GitError(CredgenError):
    """Raised when a git command needed for history, dates or verification fails."""


class OutputError(CredgenError):
    """Raised by `credgen.output` when the build cannot write its output (disk full, a
    read-only or unwritable folder); the previous site is left in place."""


class ConfigError(ProjectError):
    """Raised when `credgen.toml` has problems; carries one diagnostic per problem."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        count = len(diagnostics)
        super().__init__(
            f"{count} problem{'s' * (count != 1)} in credgen.toml",
            hint="fix the settings named above; each line says where and why",
        )
        self.diagnostics = diagnostics
