"""What git knows about the project: the commit being built, and when each file changed.

Dates shown on the site come from here (or from `SOURCE_DATE_EPOCH`), never from the clock,
so two builds of one commit are identical.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import subprocess
from pathlib import Path

from credgen.exceptions import GitError

#: Used when there is neither git history nor SOURCE_DATE_EPOCH (a tarball build).
FALLBACK_TIMESTAMP = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclasses.dataclass(frozen=True, slots=True)
class Commit:
    """One commit, as far as credgen cares."""

    sha: str
    when: dt.datetime
    author: str


def run_git(root: Path, *args: str, check: bool = True) -> str | None:
    """Output of `git <args>` in `root`; None when it fails and `check` is false."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
        )
    except FileNotFoundError as error:
        if check:
            raise GitError("git is not installed", hint="install git to use this command") from error
        return None
    if result.returncode != 0:
        if check:
            raise GitError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
        return None
    return result.stdout


def is_repository(root: Path) -> bool:
    """Whether `root` is inside a git work tree with at least one commit."""
    return run_git(root, "rev-parse", "--verify", "-q", "HEAD", check=False) is not None


def head_commit(root: Path) -> str | None:
    """The full sha of HEAD, or None outside a repository."""
    out = run_git(root, "rev-parse", "--verify", "-q", "HEAD", check=False)
    return out.strip() if out else None


def build_timestamp(root: Path) -> dt.datetime:
    """`SOURCE_DATE_EPOCH` if set, else the HEAD commit time, else a fixed fallback."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    out = run_git(root, "log", "-1", "--format=%ct", check=False)
    if out and out.strip().isdigit():
        return dt.datetime.fromtimestamp(int(out.strip()), tz=dt.UTC)
    return FALLBACK_TIMESTAMP


def last_changed(root: Path, under: str = "specs") -> dict[str, Commit]:
    """Path (relative to `root`) → the last commit that changed it, from one `git log` run.

    One run per HEAD: a build asks three times (the site's dates, the PDFs' provenance, the
    exports), and on a long history each run walks all of it.
    """
    head = head_commit(root)
    if head is None:
        return {}
    return dict(_last_changed(str(root.resolve()), under, head))


@functools.lru_cache(maxsize=8)
def _last_changed(root: str, under: str, head: str) -> dict[str, Commit]:  # noqa: ARG001
    """Cached by HEAD so that a new commit is always seen; `head` is only the cache key."""
    out = run_git(Path(root), "log", "--format=\x1e%H\x1f%ct\x1f%an", "--name-only", "--", under, check=False)
    changed: dict[str, Commit] = {}
    for record in (out or "").split("\x1e")[1:]:
        header, _, names = record.partition("\n")
        sha, stamp, author = header.split("\x1f")
        commit = Commit(sha, dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC), author)
        for name in names.split("\n"):
            if name and name not in changed:
                changed[name] = commit
    return changed


def file_at(root: Path, sha: str, path: str) -> bytes | None:
    """The content of `path` at commit `sha`, or None when it did not exist there."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "show", f"{sha}:{path}"], capture_output=True, check=False
        )
    except FileNotFoundError:
        return None
    return result.stdout if result.returncode == 0 else None
