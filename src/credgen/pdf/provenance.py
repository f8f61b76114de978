"""Where each specification's text came from: the commit that last changed its file.

A PDF names that commit on its cover and takes its creation date from it, rather than from
the commit being built, so an unrelated commit leaves every other PDF byte-identical.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from credgen.history import git as gitinfo


@dataclasses.dataclass(frozen=True, slots=True)
class Provenance:
    """The source of one specification file."""

    commit: str | None
    """Full sha of the last commit that changed the file; None outside git or when uncommitted."""

    date: dt.datetime
    """That commit's time (else the build timestamp): the PDF's creation date."""

    modified: bool
    """True when the working tree differs from that commit (an author's local build)."""

    @property
    def short(self) -> str | None:
        """The abbreviated sha shown to readers."""
        return self.commit[:12] if self.commit else None


def collect_provenance(root: Path, paths: list[str], fallback: dt.datetime) -> dict[str, Provenance]:
    """Provenance of each path (relative to `root`), from one `git log` and one `git status`."""
    changed = gitinfo.last_changed(root, "specs")
    dirty = _dirty_paths(root)
    result = {}
    for path in paths:
        commit = changed.get(path)
        result[path] = Provenance(
            commit=commit.sha if commit else None,
            date=commit.when if commit else fallback,
            modified=path in dirty,
        )
    return result


def _dirty_paths(root: Path) -> set[str]:
    """Paths under `specs/` with uncommitted changes (or untracked), relative to the root."""
    out = gitinfo.run_git(root, "status", "--porcelain=v1", "-z", "--", "specs", check=False)
    if out is None:
        return set()
    prefix = gitinfo.run_git(root, "rev-parse", "--show-prefix", check=False) or ""
    paths = set()
    entries = iter(out.split("\0"))
    for entry in entries:
        if len(entry) > 3:
            paths.add(_relative(entry[3:], prefix.strip()))
            if entry[0] in "RC":
                next(entries, None)  # a rename or copy is followed by its original path
    return paths


def _relative(repo_path: str, prefix: str) -> str:
    """A path from `git status` (relative to the repository top) made relative to the root."""
    return repo_path[len(prefix) :] if prefix and repo_path.startswith(prefix) else repo_path
