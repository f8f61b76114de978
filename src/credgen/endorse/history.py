"""The git queries endorsement needs: commits, ancestry, and files as they were at a commit.

Paths are relative to the project root, which may sit below the top of the git repository, so
files are read as `<sha>:./<path>` from the project root.
"""

from __future__ import annotations

from pathlib import Path

from credgen.exceptions import EndorsementError
from credgen.history import git as gitinfo


def require_history(root: Path) -> None:
    """Refuse to go on outside git, or in a shallow clone whose history is cut short."""
    if not gitinfo.is_repository(root):
        raise EndorsementError(
            f"{root} is not a git repository with commits; verification reads the history",
            hint="run it in a clone of the repository",
        )
    if is_shallow(root):
        raise EndorsementError(
            "this clone is shallow: its history is cut short, so endorsements cannot be verified",
            hint="fetch the full history: git fetch --unshallow (in GitHub Actions, "
            "actions/checkout with fetch-depth: 0)",
        )


def is_shallow(root: Path) -> bool:
    """Whether the clone at `root` is shallow."""
    out = gitinfo.run_git(root, "rev-parse", "--is-shallow-repository", check=False)
    return (out or "").strip() == "true"


def commit_exists(root: Path, sha: str) -> bool:
    """Whether `sha` names a commit present in this clone."""
    return gitinfo.run_git(root, "cat-file", "-e", f"{sha}^{{commit}}", check=False) is not None


def is_ancestor(root: Path, ancestor: str, descendant: str) -> bool:
    """Whether `ancestor` is `descendant` or one of its ancestors."""
    out = gitinfo.run_git(root, "merge-base", "--is-ancestor", ancestor, descendant, check=False)
    return out is not None


def mainline(root: Path) -> set[str]:
    """Commits on the first-parent history of HEAD: those made on the branch itself."""
    out = gitinfo.run_git(root, "rev-list", "--first-parent", "HEAD")
    return set((out or "").split())


def parents(root: Path, sha: str) -> list[str]:
    """The parents of commit `sha`."""
    out = gitinfo.run_git(root, "rev-list", "--parents", "-n", "1", sha)
    return (out or "").split()[1:]


def show_prefix(root: Path) -> str:
    """The project root's path inside the repository, '' or ending in '/'."""
    out = gitinfo.run_git(root, "rev-parse", "--show-prefix", check=False)
    return (out or "").strip()


def text_at(root: Path, sha: str, path: str) -> str | None:
    """The text of `path` (relative to the project root) at commit `sha`; None where absent."""
    blob = gitinfo.file_at(root, sha, f"./{path}")
    if blob is None:
        return None
    try:
        return blob.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EndorsementError(f"{path} at commit {sha[:7]} is not valid UTF-8") from None


def commits_touching(root: Path, path: str) -> list[str]:
    """Every commit on any path to HEAD that changed `path` (or a file under it), oldest first."""
    out = gitinfo.run_git(root, "log", "--reverse", "--format=%H", "--full-history", "--", path)
    return (out or "").split()


def paths_ever_under(root: Path, folder: str) -> list[str]:
    """Every file path under `folder` that any commit reachable from HEAD has held, sorted."""
    out = gitinfo.run_git(root, "log", "--format=", "--name-only", "--full-history", "--", folder)
    prefix = show_prefix(root)
    names = {line.removeprefix(prefix) for line in (out or "").splitlines() if line}
    return sorted(names)


def first_parent_list(root: Path, sha: str = "HEAD") -> list[str]:
    """The first-parent history of `sha`, newest first."""
    out = gitinfo.run_git(root, "rev-list", "--first-parent", sha, check=False)
    return (out or "").split()
