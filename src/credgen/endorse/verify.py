"""`credgen endorse verify`: prove every ledger entry from the git history alone (offline).

For each `specs/endorsements/<slug>.yaml` that the working tree or any commit holds:

- CG606, the ledger was only appended to: for every commit that touched it, each parent's
  entries are still there, unchanged (a prefix, in order, of the first parent's), and the
  working tree keeps HEAD's entries;
- CG604, each entry is bound to history: its merge commit is on the first-parent history of
  HEAD (a commit made on the branch itself, not one brought in from a pull request's branch),
  the specification there has the recorded version and hashes to the recorded `spec_sha256`,
  the reviewed head commit (when the clone has it) hashes the same, and the entry was committed
  after its merge (so it cannot have been written inside the pull request);
- CG605, the recorded approvals met the panel rules in force at the merge: `specs/panel.yaml`
  as of the merge commit (which the merge itself must not change), the spec's authors as of the
  merge commit, each approval on the head commit, and the quorum.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from credgen.diagnostics import Diagnostic
from credgen.endorse import history
from credgen.endorse.canonical import spec_sha256
from credgen.endorse.decide import eligibility_problem, find_member, quorum_problems, short
from credgen.endorse.ledger import LEDGER_DIR, Approval, Ledger, LedgerEntry
from credgen.endorse.pulls import PANEL_FILE, authors_at, panel_at
from credgen.exceptions import EndorsementError
from credgen.load.documents import load_file
from credgen.load.files import RefusedFileError, read_project_file
from credgen.load.source import MAX_FILE_BYTES, Loc, SourceFile, parse_text
from credgen.models.panel import Panel, PanelRole

#: A problem with one entry: code, message, and where in the entry.
Finding = tuple[str, str, Loc]


@dataclasses.dataclass(slots=True)
class VerifyResult:
    """What verification found."""

    verified: list[str] = dataclasses.field(default_factory=list)
    """One line per entry that verified."""

    diagnostics: list[Diagnostic] = dataclasses.field(default_factory=list)
    """Every problem, as `file:line:col: error[CODE]: message`."""


def verify_endorsements(root: Path) -> VerifyResult:
    """Verify every ledger under `<root>/specs/endorsements` against the git history."""
    history.require_history(root)
    result = VerifyResult()
    current = {p.relative_to(root).as_posix() for p in (root / LEDGER_DIR).glob("*.yaml")}
    mainline = history.mainline(root)
    for path in sorted(current | set(history.paths_ever_under(root, LEDGER_DIR))):
        _verify_ledger(root, path, result, mainline)
    result.diagnostics = sorted(dict.fromkeys(result.diagnostics), key=Diagnostic.sort_key)
    return result


def _verify_ledger(root: Path, path: str, result: VerifyResult, mainline: set[str]) -> None:
    """Append-only history, then each entry of the working-tree version."""
    document, problems = (None, []) if not (root / path).exists() else load_file(root / path, root, Ledger)
    source = document.source if document else SourceFile(path)
    result.diagnostics += problems
    added = _check_append_only(root, path, source, result.diagnostics)
    if document is None:
        return
    slug = path.rsplit("/", 1)[-1].removesuffix(".yaml")
    for index, entry in enumerate(document.model.entries):
        found = list(_verify_entry(root, slug, entry, added.get(index), mainline))
        found += _verify_approvals(root, slug, entry)
        result.diagnostics += [source.error(code, msg, ("entries", index, *loc)) for code, msg, loc in found]
        if not found:
            result.verified.append(_summary(slug, entry))


def _summary(slug: str, entry: LedgerEntry) -> str:
    reviewers = ", ".join(f"{a.login} ({a.role})" for a in entry.approvals)
    return (
        f"{slug} {entry.version}: merge {short(entry.merge_commit)} of pull request #{entry.pr_number}, "
        f"sha256 {entry.spec_sha256[:12]}, approved by {reviewers}"
    )


# Append-only -------------------------------------------------------------------------------


def _check_append_only(root: Path, path: str, source: SourceFile, sink: list[Diagnostic]) -> dict[int, str]:
    """CG606 for every commit that touched the ledger; returns entry index → commit that added it."""
    added: dict[int, str] = {}
    for commit in history.commits_touching(root, path):
        new = _entries_at(root, commit, path, source, sink)
        for number, parent in enumerate(history.parents(root, commit)):
            old = _entries_at(root, parent, path, source, sink)
            sink += _compare(old, new, f"commit {short(commit)}", source, ordered=number == 0)
        for index in range(len(new)):
            added.setdefault(index, commit)
    head = history.commit_exists(root, "HEAD")
    if head and (root / path).exists():
        try:
            text = read_project_file(root / path, root, limit=MAX_FILE_BYTES).decode("utf-8")
        except (RefusedFileError, UnicodeDecodeError):
            return added  # loading the ledger has already reported why it cannot be read
        worktree = _entries_of(text, path, "the working tree", source, sink)
        sink += _compare(_entries_at(root, "HEAD", path, source, sink), worktree, "the working tree", source)
    elif head:
        sink += _compare(_entries_at(root, "HEAD", path, source, sink), [], "the working tree", source)
    return added


def _entries_at(root: Path, sha: str, path: str, source: SourceFile, sink: list[Diagnostic]) -> list[Any]:
    """The raw entries of the ledger at commit `sha` ([] where the file did not exist)."""
    text = history.text_at(root, sha, path)
    return [] if text is None else _entries_of(text, path, f"commit {short(sha)}", source, sink)


def _entries_of(text: str, path: str, where: str, source: SourceFile, sink: list[Diagnostic]) -> list[Any]:
    parsed = parse_text(text, path)
    entries = parsed.data.get("entries") if isinstance(parsed.data, dict) else None
    if parsed.diagnostics or not isinstance(entries, list):
        sink.append(source.error("CG606", f"the ledger in {where} is not readable YAML with 'entries'"))
        return []
    return entries


def _compare(
    old: list[Any], new: list[Any], where: str, source: SourceFile, *, ordered: bool = True
) -> Iterator[Diagnostic]:
    """CG606: every entry of `old` survives unchanged in `new` (as a prefix when `ordered`)."""
    for index, entry in enumerate(old):
        version = entry.get("version", "?") if isinstance(entry, dict) else "?"
        if index < len(new) and new[index] == entry:
            continue
        if entry in new and not ordered:
            continue
        if entry in new:
            message = f"the entry for version {version} was moved in {where}; a ledger is append-only"
        elif index < len(new) and isinstance(new[index], dict) and new[index].get("version") == version:
            message = f"the entry for version {version} was rewritten in {where}; a ledger is append-only"
        else:
            message = f"the entry for version {version} was removed in {where}; a ledger is append-only"
        yield source.error("CG606", message, ("entries", index))


# One entry against history -----------------------------------------------------------------


def _verify_entry(
    root: Path, slug: str, entry: LedgerEntry, added_in: str | None, mainline: set[str]
) -> Iterator[Finding]:
    """CG604: the entry's merge commit, content hash and timing against history."""
    merge = entry.merge_commit
    if not history.commit_exists(root, merge):
        yield "CG604", f"merge commit {merge} is not in this clone's history", ("merge_commit",)
        return
    if not history.is_ancestor(root, merge, "HEAD"):
        yield "CG604", f"merge commit {short(merge)} is not in the history of HEAD", ("merge_commit",)
        return
    if merge not in mainline:
        message = (
            f"merge commit {short(merge)} is not on the first-parent history of HEAD (not a merge into it)"
        )
        yield "CG604", message, ("merge_commit",)
        return
    path = f"specs/credentials/{slug}/credential.yaml"
    text = history.text_at(root, merge, path)
    if text is None:
        yield "CG604", f"{path} does not exist at merge commit {short(merge)}", ("merge_commit",)
        return
    data = parse_text(text, path).data or {}
    if data.get("version") != entry.version:
        found = data.get("version")
        yield "CG604", f"the specification at merge commit {short(merge)} is version {found}", ("version",)
    digest = spec_sha256(data)
    if digest != entry.spec_sha256:
        message = (
            f"the specification at merge commit {short(merge)} hashes to {digest}, not the recorded hash"
        )
        yield "CG604", message, ("spec_sha256",)
    yield from _verify_head(root, path, entry, digest)
    if added_in is not None and (added_in == merge or not history.is_ancestor(root, merge, added_in)):
        message = f"the entry was committed in {short(added_in)}, which does not follow its merge commit"
        yield "CG604", message, ("merge_commit",)


def _verify_head(root: Path, path: str, entry: LedgerEntry, merged_digest: str) -> Iterator[Finding]:
    """The reviewed head commit, when the clone has it, holds the same text as the merge."""
    head = entry.head_commit
    if not history.commit_exists(root, head):
        return
    text = history.text_at(root, head, path)
    data = parse_text(text, path).data if text is not None else None
    if not isinstance(data, dict) or spec_sha256(data) != merged_digest:
        message = f"the specification at the reviewed head commit {short(head)} differs from the merged one"
        yield "CG604", message, ("head_commit",)


# Approvals against the panel in force ------------------------------------------------------


def _verify_approvals(root: Path, slug: str, entry: LedgerEntry) -> Iterator[Finding]:
    """CG605: the recorded approvals meet the panel rules as they stood at the merge commit."""
    merge = entry.merge_commit
    if not history.commit_exists(root, merge):
        return
    try:
        panel = panel_at(root, merge)
    except EndorsementError as error:
        yield "CG605", error.message, ("approvals",)
        return
    yield from _panel_untouched(root, merge)
    authors = authors_at(root, slug, merge) | authors_at(root, slug, *history.parents(root, merge)[:1])
    roles: list[PanelRole] = []
    seen: set[str] = set()
    for index, approval in enumerate(entry.approvals):
        problem = _approval_problem(approval, entry, panel, authors=authors, slug=slug)
        if approval.login.lower() in seen:
            problem = f"{approval.login} is recorded twice"
        seen.add(approval.login.lower())
        if problem is None:
            roles.append(approval.role)
        else:
            yield "CG605", problem, ("approvals", index, "login")
    for problem in quorum_problems(roles, panel):
        yield "CG605", f"{problem} (panel at merge commit {short(merge)})", ("approvals",)


def _panel_untouched(root: Path, merge: str) -> Iterator[Finding]:
    """The endorsing merge must not itself change the panel."""
    first = history.parents(root, merge)[:1]
    if first and history.text_at(root, first[0], PANEL_FILE) != history.text_at(root, merge, PANEL_FILE):
        yield "CG605", f"merge commit {short(merge)} changed {PANEL_FILE}", ("merge_commit",)


def _approval_problem(
    approval: Approval, entry: LedgerEntry, panel: Panel, *, authors: set[str], slug: str
) -> str | None:
    """Why one recorded approval does not count, or None."""
    if approval.commit_id != entry.head_commit:
        reviewed, head = short(approval.commit_id), short(entry.head_commit)
        return f"{approval.login} approved {reviewed}, not the head commit {head}"
    member = find_member(panel, approval.login)
    day = approval.submitted_at.astimezone(dt.UTC).date()
    problem = eligibility_problem(
        approval.login, day, member, authors=authors, pr_author=entry.pr_author, slug=slug
    )
    if problem is None and member is not None and member.role != approval.role:
        problem = f"{approval.login} is recorded as {approval.role} but the panel lists them as {member.role}"
    return problem
