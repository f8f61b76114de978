"""Published versions of each credential, rebuilt from git history.

Every commit on the main line (first parents only, so a merged pull request counts once, at
its merge commit) that changed a credential file and whose content validates is a *revision*.
Revisions that share a `version` value form one published version: the version was *set* at
the first of them, and its final text is the last of them (a candidate that becomes endorsed
keeps its version number). Dates and contributors come from the same history, never from
values typed into the file, and never from the clock.

Reading history costs one `git log` and one `git cat-file --batch` for the whole corpus; the
result is cached per project root and HEAD commit, so the website and the exports share it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

from credgen.diagnostics import Diagnostic
from credgen.diff.model import SpecChange
from credgen.exceptions import GitError
from credgen.history import git as gitinfo
from credgen.load.documents import parse_model
from credgen.load.files import RefusedFileError, read_project_file
from credgen.load.source import MAX_FILE_BYTES
from credgen.models.credential import Credential, Status

CREDENTIALS_DIR = "specs/credentials"


def credential_path(slug: str) -> str:
    """Path of a credential file relative to the project root."""
    return f"{CREDENTIALS_DIR}/{slug}/credential.yaml"


@dataclasses.dataclass(frozen=True, slots=True)
class Revision:
    """One committed state of a credential file that validates against the model."""

    commit: str
    """Full sha of the commit."""

    date: dt.datetime
    """Commit time (UTC)."""

    author: str
    """Author name recorded by git."""

    credential: Credential
    """The specification as it stood at this commit (do not mutate: it is cached)."""


@dataclasses.dataclass(frozen=True, slots=True)
class VersionRecord:
    """One published version of a credential."""

    version: str
    """The `version` value, e.g. `1.1.0`."""

    commit: str
    """Full sha of the commit where this version was set."""

    date: dt.datetime
    """When this version was set (that commit's time, UTC)."""

    status: Status
    """Status of the version's final text (e.g. `endorsed` after a candidate was endorsed)."""

    credential: Credential
    """The version's final text: the last committed state carrying this version."""

    final_commit: str
    """Full sha of the last commit that carried this version (the text in `credential`)."""

    final_date: dt.datetime
    """Time of `final_commit`."""


@dataclasses.dataclass(frozen=True, slots=True)
class CredentialHistory:
    """Everything git knows about one credential file."""

    slug: str
    """The credential's slug."""

    revisions: tuple[Revision, ...]
    """Valid committed states, oldest first."""

    contributors: tuple[str, ...] = ()
    """Authors of every commit that changed the file (merged branches included), in order of
    first contribution."""

    @property
    def versions(self) -> list[VersionRecord]:
        """Published versions, oldest first."""
        return group_versions(self.revisions)

    @property
    def created(self) -> dt.datetime | None:
        """When the file was first committed (in a valid state)."""
        return self.revisions[0].date if self.revisions else None

    @property
    def last_changed(self) -> dt.datetime | None:
        """When the file last changed on the main line."""
        return self.revisions[-1].date if self.revisions else None

    def first_with_status(self, status: Status, version: str) -> Revision | None:
        """The first revision of `version` at `status` (e.g. when it became endorsed)."""
        for revision in self.revisions:
            if revision.credential.version == version and revision.credential.status is status:
                return revision
        return None


def group_versions(revisions: Iterable[Revision]) -> list[VersionRecord]:
    """Fold revisions (oldest first) into one record per distinct version value."""
    first: dict[str, Revision] = {}
    last: dict[str, Revision] = {}
    for revision in revisions:
        first.setdefault(revision.credential.version, revision)
        last[revision.credential.version] = revision
    return [
        VersionRecord(
            version=version,
            commit=set_at.commit,
            date=set_at.date,
            status=last[version].credential.status,
            credential=last[version].credential,
            final_commit=last[version].commit,
            final_date=last[version].date,
        )
        for version, set_at in first.items()
    ]


def credential_history(root: Path, slug: str) -> list[VersionRecord]:
    """Published versions of credential `slug`, oldest first (empty outside git)."""
    return history_of(root, slug).versions


def history_of(root: Path, slug: str) -> CredentialHistory:
    """The full history of credential `slug` (no revisions outside git)."""
    return corpus_history(root).get(slug, CredentialHistory(slug, ()))


def corpus_history(root: Path) -> dict[str, CredentialHistory]:
    """History of every credential ever committed under `specs/credentials`, by slug."""
    head = gitinfo.head_commit(root)
    if head is None:
        return {}
    return _corpus_history(str(root.resolve()), head)


@functools.lru_cache(maxsize=4)
def _corpus_history(root: str, head: str) -> dict[str, CredentialHistory]:  # noqa: ARG001
    """Cached by HEAD so that a new commit is always seen; `head` is only the cache key."""
    changes = _changed_files(Path(root))
    blobs = _read_blobs(Path(root), [(sha, path) for sha, _, _, path in changes])
    revisions: dict[str, list[Revision]] = {}
    for sha, date, author, path in reversed(changes):
        credential = parse_credential(blobs.get((sha, path)), path)[0]
        if credential is not None:
            slug = path.split("/")[2]
            revisions.setdefault(slug, []).append(Revision(sha, date, author, credential))
    authors = _authors(Path(root))
    return {
        slug: CredentialHistory(slug, tuple(found), authors.get(slug, ()))
        for slug, found in sorted(revisions.items())
    }


def _authors(root: Path) -> dict[str, tuple[str, ...]]:
    """Slug → authors of all commits (not only the main line) that changed its file, oldest first."""
    out = gitinfo.run_git(
        root, "log", "--reverse", "--relative", "--format=\x1e%an", "--name-only", "--", CREDENTIALS_DIR
    )
    found: dict[str, dict[str, None]] = {}
    for record in (out or "").split("\x1e")[1:]:
        author, _, names = record.partition("\n")
        for name in names.split("\n"):
            if _is_credential_file(name):
                found.setdefault(name.split("/")[2], {})[author] = None
    return {slug: tuple(names) for slug, names in found.items()}


def _changed_files(root: Path) -> list[tuple[str, dt.datetime, str, str]]:
    """(sha, date, author, path) for each credential file changed on the main line, newest first."""
    out = gitinfo.run_git(
        root, "log", "--first-parent", "--relative", "--format=\x1e%H\x1f%ct\x1f%an", "--name-only", "--",
        CREDENTIALS_DIR,
    )  # fmt: skip
    changes = []
    for record in (out or "").split("\x1e")[1:]:
        header, _, names = record.partition("\n")
        sha, stamp, author = header.split("\x1f")
        date = dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC)
        for name in names.split("\n"):
            if _is_credential_file(name):
                changes.append((sha, date, author, name))
    return changes


def _is_credential_file(path: str) -> bool:
    """Whether `path` is `specs/credentials/<slug>/credential.yaml`."""
    parts = path.split("/")
    return len(parts) == 4 and path.startswith(CREDENTIALS_DIR + "/") and parts[3] == "credential.yaml"


def _read_blobs(root: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    """Contents of `path` at `sha` for each pair, from one `git cat-file --batch` process."""
    if not wanted:
        return {}
    # `<sha>:./<path>` is relative to the project root, which may be below the repository's top.
    request = "".join(f"{sha}:./{path}\n" for sha, path in wanted).encode("utf-8")
    result = subprocess.run(
        ["git", "-C", str(root), "cat-file", "--batch"],
        input=request,
        capture_output=True,
        check=False,
        env={**os.environ, "LC_ALL": "C"},
    )
    if result.returncode != 0:
        raise GitError(f"git cat-file failed: {result.stderr.decode('utf-8', 'replace').strip()}")
    return _parse_batch(result.stdout, wanted)


def _parse_batch(out: bytes, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], bytes]:
    """Split `git cat-file --batch` output; a missing object (a deleted file) is left out."""
    blobs: dict[tuple[str, str], bytes] = {}
    offset = 0
    for key in wanted:
        end = out.index(b"\n", offset)
        header = out[offset:end].split(b" ")
        offset = end + 1
        if len(header) != 3:  # `<name> missing`: nothing follows
            continue
        size = int(header[2])
        if header[1] == b"blob":
            blobs[key] = out[offset : offset + size]
        offset += size + 1
    return blobs


def parse_credential(blob: bytes | None, shown_as: str) -> tuple[Credential | None, list[Diagnostic]]:
    """Parse and model-validate a credential file's bytes; None with diagnostics when invalid."""
    if blob is None:
        return None, []
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Diagnostic(shown_as, 1, 1, "CG001", "file is not valid UTF-8")]
    return parse_model(text, shown_as, Credential)


def credential_at(root: Path, ref: str | None, slug: str) -> tuple[Credential | None, list[Diagnostic]]:
    """Credential `slug` at git `ref`, or in the work tree when `ref` is None."""
    path = credential_path(slug)
    if ref is None:
        if not os.path.lexists(root / path):
            return parse_credential(None, path)
        try:
            return parse_credential(read_project_file(root / path, root, limit=MAX_FILE_BYTES), path)
        except RefusedFileError as refusal:
            return None, [Diagnostic(path, 1, 1, refusal.code, refusal.message)]
    return parse_credential(gitinfo.file_at(root, ref, f"./{path}"), path)


# Comparing two points in history (`credgen diff`) ------------------------------------------


def resolve_ref(root: Path, ref: str) -> str:
    """The full sha of the commit `ref` names; a GitError when it names none."""
    commit = f"{ref}^{{commit}}"
    out = gitinfo.run_git(root, "rev-parse", "--verify", "-q", "--end-of-options", commit, check=False)
    if not out:
        raise GitError(f"unknown git revision '{ref}'", hint="name a branch, tag or commit")
    return out.strip()


def default_base(root: Path) -> str:
    """The merge base of HEAD with the main branch (`origin/main`, else `main`)."""
    if not gitinfo.is_repository(root):
        hint = "credgen diff compares git revisions"
        raise GitError(f"{root} is not a git repository with commits", hint=hint)
    for branch in ("origin/main", "main"):
        out = gitinfo.run_git(root, "merge-base", "HEAD", branch, check=False)
        if out:
            return out.strip()
    raise GitError("found no main branch to compare with", hint="name the base: credgen diff BASE [HEAD]")


def slugs_at(root: Path, ref: str | None) -> set[str]:
    """Slugs of the credential files at `ref` (the work tree when None)."""
    if ref is None:
        return {p.parent.name for p in (root / CREDENTIALS_DIR).glob("*/credential.yaml")}
    out = gitinfo.run_git(root, "ls-tree", "-r", "--name-only", ref, "--", CREDENTIALS_DIR)
    return {path.split("/")[2] for path in (out or "").splitlines() if _is_credential_file(path)}


#: `git diff --name-status` letters, in words.
_STATUS_WORDS = {"A": "added", "D": "deleted", "M": "modified", "T": "modified"}


def other_changes(root: Path, base: str, head: str | None) -> list[tuple[str, str]]:
    """Files under `specs/` other than credentials that differ: (path, what happened), by path.

    Frameworks, the glossary, the panel and endorsement ledgers matter to reviewers too.
    """
    refs = [base] if head is None else [base, head]
    out = gitinfo.run_git(root, "diff", "--relative", "--no-renames", "--name-status", *refs, "--", "specs")
    found = {}
    for line in (out or "").splitlines():
        letter, _, path = line.partition("\t")
        if not path.startswith(CREDENTIALS_DIR + "/"):
            found[path] = _STATUS_WORDS.get(letter[:1], "changed")
    if head is None:
        untracked = gitinfo.run_git(root, "ls-files", "--others", "--exclude-standard", "--", "specs")
        for path in (untracked or "").splitlines():
            if not path.startswith(CREDENTIALS_DIR + "/"):
                found[path] = "added"
    return sorted(found.items())


def compare_refs(root: Path, base: str, head: str | None) -> tuple[list[SpecChange], list[Diagnostic]]:
    """Every credential that differs between `base` and `head` (None: the work tree).

    Returns the changes in slug order, and the diagnostics of files that do not validate at
    either end (such a file is left out of the changes).
    """
    changes, problems = [], []
    for slug in sorted(slugs_at(root, base) | slugs_at(root, head)):
        old, old_problems = credential_at(root, base, slug)
        new, new_problems = credential_at(root, head, slug)
        problems += old_problems + new_problems
        if not (old_problems or new_problems) and old != new:
            changes.append(SpecChange(slug, credential_path(slug), old, new))
    return changes, problems
