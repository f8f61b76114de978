"""`credgen check`: load, validate and report, restricted to the paths asked about."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from credgen.context import find_root
from credgen.diagnostics import Diagnostic, Severity, count_errors, promote_warnings
from credgen.history.versions import resolve_ref
from credgen.load.documents import Corpus, load_corpus
from credgen.validate.lifecycle import transition_rules
from credgen.validate.rules import validate_corpus


@dataclasses.dataclass(slots=True)
class CheckResult:
    """What a check found."""

    corpus: Corpus
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> int:
        """Number of errors."""
        return count_errors(self.diagnostics)

    @property
    def warnings(self) -> int:
        """Number of warnings."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    def summary(self) -> str:
        """One line for the end of the output."""
        files = len(self.corpus.credentials) + len(self.corpus.failed)
        frameworks = len(self.corpus.frameworks)
        return (
            f"checked {files} specification{'s' * (files != 1)} and {frameworks} "
            f"framework{'s' * (frameworks != 1)}: {self.errors} error{'s' * (self.errors != 1)}, "
            f"{self.warnings} warning{'s' * (self.warnings != 1)}"
        )


def run_check(
    paths: list[Path], *, strict: bool = False, pending_endorsement: bool = False, base: str | None = None
) -> CheckResult:
    """Check the corpus that holds `paths`, reporting only diagnostics within them.

    With `base` (a git revision), status changes since that revision are checked too (CG611).
    """
    root = find_root(paths[0])
    corpus = load_corpus(root)
    diagnostics = validate_corpus(corpus, pending_endorsement=pending_endorsement)
    if base is not None:
        diagnostics += transition_rules(corpus, resolve_ref(root, base))
    wanted = [_relative(path, root) for path in paths]
    if "" not in wanted and "specs" not in wanted:
        diagnostics = [d for d in diagnostics if any(_within(d.path, w) for w in wanted)]
    if strict:
        diagnostics = promote_warnings(diagnostics)
    return CheckResult(corpus, diagnostics)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix().strip(".")
    except ValueError:
        return ""


def _within(shown: str, wanted: str) -> bool:
    return shown == wanted or shown.startswith(wanted.rstrip("/") + "/")
