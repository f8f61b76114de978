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
    scope: list[str] = dataclasses.field(default_factory=list)
    """The paths asked about, relative to the project root; empty for the whole of `specs/`."""
    elsewhere: int = 0
    """Errors in files outside `scope` (not shown, but counted so that none is hidden)."""

    @property
    def errors(self) -> int:
        """Number of errors."""
        return count_errors(self.diagnostics)

    @property
    def warnings(self) -> int:
        """Number of warnings."""
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    def summary(self) -> str:
        """One line for the end of the output, naming what was checked."""
        counts = f"{_plural(self.errors, 'error')}, {_plural(self.warnings, 'warning')}"
        if not self.scope:
            files = len(self.corpus.credentials) + len(self.corpus.failed)
            frameworks = _plural(len(self.corpus.frameworks), "framework")
            return f"checked {_plural(files, 'specification')} and {frameworks}: {counts}"
        slugs = {*self.corpus.credentials, *self.corpus.failed}
        folders = [f"specs/credentials/{slug}" for slug in slugs]
        inside = sum(1 for f in folders if any(_within(f, w) or _within(w, f) for w in self.scope))
        shown = f"checked {', '.join(self.scope)} ({_plural(inside, 'specification')}): {counts}"
        if self.elsewhere:
            shown += (
                f"; {_plural(self.elsewhere, 'more error')} in other files (run 'credgen check' to see them)"
            )
        return shown


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


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
    if strict:
        diagnostics = promote_warnings(diagnostics)
    if "" in wanted or "specs" in wanted:
        return CheckResult(corpus, diagnostics)
    shown = [d for d in diagnostics if any(_within(d.path, w) for w in wanted)]
    elsewhere = count_errors(diagnostics) - count_errors(shown)
    return CheckResult(corpus, shown, [w.rstrip("/") for w in wanted], elsewhere)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix().strip(".")
    except ValueError:
        return ""


def _within(shown: str, wanted: str) -> bool:
    return shown == wanted or shown.startswith(wanted.rstrip("/") + "/")
