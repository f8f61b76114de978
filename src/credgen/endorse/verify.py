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
  merge commit, each approval on the head commit, and the quorum;
- CG607/CG608 (`credgen.endorse.proof`): the merge is the merge of the reviewed commit, the
  times agree, and the merge commit is signed by a trusted key;
- CG609 (`credgen.endorse.chain`): the entries form a hash chain and still hold every chain
  head the reader kept (`--expect`);
- CG610 (`credgen.endorse.governance`): the panel and keys used are those in force at the
  merge's first parent, changed only through recorded approvals.

Ledgers must have `format: 2`. The first format (no chain, no signatures) is no longer
accepted; the history of a ledger before the commit that moved it to format 2 is not compared
(the move is a one-time migration, done in the open in the ledger's history).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from credgen.diagnostics import Diagnostic
from credgen.endorse import chain, history, proof
from credgen.endorse.canonical import spec_sha256
from credgen.endorse.decide import eligibility_problem, find_member, quorum_problems, short
from credgen.endorse.findings import findings_problem
from credgen.endorse.governance import GOVERNANCE_FILE, Governance, GovernanceLedger
from credgen.endorse.ledger import LEDGER_DIR, Approval, Ledger, LedgerEntry
from credgen.endorse.proof import Finding
from credgen.endorse.pulls import PANEL_FILE, authors_at
from credgen.endorse.signatures import Keyring
from credgen.exceptions import EndorsementError
from credgen.load.documents import load_file
from credgen.load.files import RefusedFileError, read_project_file
from credgen.load.source import MAX_FILE_BYTES, SourceFile, parse_text
from credgen.models.panel import Panel, PanelRole


@dataclasses.dataclass(slots=True)
class VerifyResult:
    """What verification found."""

    verified: list[str] = dataclasses.field(default_factory=list)
    """One line per entry that verified."""

    diagnostics: list[Diagnostic] = dataclasses.field(default_factory=list)
    """Every problem, as `file:line:col: error[CODE]: message`."""

    heads: list[chain.Head] = dataclasses.field(default_factory=list)
    """The chain head of every ledger, for a reader to keep."""


@dataclasses.dataclass(slots=True)
class _Run:
    """What one verification shares across ledgers."""

    root: Path
    mainline: set[str]
    governance: Governance
    result: VerifyResult
    entries: dict[str, list[Any]] = dataclasses.field(default_factory=dict)


def verify_endorsements(root: Path, *, expect: str | None = None) -> VerifyResult:
    """Verify the governance ledger, then every ledger under `<root>/specs/endorsements`."""
    history.require_history(root)
    kept = chain.load_expected(expect, root) if expect is not None else []
    result = VerifyResult()
    current = {p.relative_to(root).as_posix() for p in (root / LEDGER_DIR).glob("*.yaml")}
    with Keyring() as keyring:
        run = _Run(root, history.mainline(root), Governance(root, keyring), result)
        _verify_governance(run)
        for path in sorted(current | set(history.paths_ever_under(root, LEDGER_DIR))):
            _verify_ledger(run, path)
    for head, reason in chain.missed_heads(kept, run.entries):
        message = (
            f"the kept chain head {head.as_text()} is not in the history: {reason}; history was rewritten"
        )
        result.diagnostics.append(Diagnostic(head.path, 1, 1, "CG609", message))
    result.diagnostics = sorted(dict.fromkeys(result.diagnostics), key=Diagnostic.sort_key)
    return result


def _verify_governance(run: _Run) -> None:
    """The governance ledger: append-only, chained, each approved change verified in order."""
    root, path = run.root, GOVERNANCE_FILE
    if not (root / path).exists() and not history.commits_touching(root, path):
        return
    document, problems = (
        (None, []) if not (root / path).exists() else load_file(root / path, root, GovernanceLedger)
    )
    run.result.diagnostics += problems
    source = document.source if document else SourceFile(path)
    _check_append_only(root, path, source, run.result.diagnostics)
    if document is None:
        return
    _check_chain(run, path, source)
    for index, entry in enumerate(document.model.entries):
        found = run.governance.verify_entry(entry, run.mainline)
        run.result.diagnostics += [source.error(c, m, ("entries", index, *loc)) for c, m, loc in found]
        if not found:
            run.result.verified.append(
                f"panel change of pull request #{entry.pr_number}: merge {short(entry.merge_commit)}"
            )


def _verify_ledger(run: _Run, path: str) -> None:
    """Append-only history, the chain, then each entry of the working-tree version."""
    root, result = run.root, run.result
    document, problems = (None, []) if not (root / path).exists() else load_file(root / path, root, Ledger)
    source = document.source if document else SourceFile(path)
    result.diagnostics += problems
    added = _check_append_only(root, path, source, result.diagnostics)
    if document is None:
        return
    if document.model.format != 2:
        message = (
            "this ledger has the first format (no hash chain, unsigned merges); re-record it with format: 2"
        )
        result.diagnostics.append(source.error("CG609", message, ("entries",)))
        return
    _check_chain(run, path, source)
    slug = path.rsplit("/", 1)[-1].removesuffix(".yaml")
    for index, entry in enumerate(document.model.entries):
        found = list(_verify_entry(root, slug, entry, added.get(index), run.mainline))
        found += _verify_merge(run, entry) if not found else []
        found += _verify_approvals(run, slug, entry) if not found else []
        result.diagnostics += [source.error(code, msg, ("entries", index, *loc)) for code, msg, loc in found]
        if not found:
            result.verified.append(_summary(slug, entry))


def _check_chain(run: _Run, path: str, source: SourceFile) -> None:
    """CG609: each entry's previous_sha256 is its predecessor's hash; note the head."""
    entries = chain.raw_entries((run.root / path).read_text(encoding="utf-8"), path)
    run.entries[path] = entries
    for index, message in chain.broken_links(entries):
        full = f"{message} (rule: ledger entries form a hash chain)"
        run.result.diagnostics.append(source.error("CG609", full, ("entries", index)))
    head = chain.head_of(path, entries)
    if head is not None:
        run.result.heads.append(head)


def _verify_merge(run: _Run, entry: LedgerEntry) -> Iterator[Finding]:
    """CG607 and CG608: the merge of the reviewed commit, at the recorded times, signed."""
    yield from proof.merge_shape(run.root, entry)
    yield from proof.times_agree(run.root, entry)
    before = _first_parent(run.root, entry.merge_commit)
    try:
        trusted = run.governance.trusted_keys(before)
    except EndorsementError as error:
        yield "CG610", error.message, ("merge_commit",)
        return
    yield from proof.signed(run.root, entry.merge_commit, trusted, run.governance.keyring)


def _first_parent(root: Path, sha: str) -> str:
    """The first parent of `sha` (itself for a root commit, which `merge_shape` refuses)."""
    return (history.parents(root, sha) or [sha])[0]


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
        if not _chained(root, commit, path):
            sink += _downgrades(root, commit, path, source)
            continue
        new = _entries_at(root, commit, path, source, sink)
        for number, parent in enumerate(history.parents(root, commit)):
            if not _chained(root, parent, path):
                continue
            old = _entries_at(root, parent, path, source, sink)
            sink += _compare(old, new, f"commit {short(commit)}", source, ordered=number == 0)
        for index in range(len(new)):
            added.setdefault(index, commit)
    if not history.commit_exists(root, "HEAD") or not _chained(root, "HEAD", path):
        return added
    committed = _entries_at(root, "HEAD", path, source, sink)
    text = None
    if (root / path).exists():
        try:
            text = read_project_file(root / path, root, limit=MAX_FILE_BYTES).decode("utf-8")
        except (RefusedFileError, UnicodeDecodeError):
            return added  # loading the ledger has already reported why it cannot be read
    worktree = [] if text is None else _entries_of(text, path, "the working tree", source, sink)
    sink += _compare(committed, worktree, "the working tree", source)
    return added


def _chained(root: Path, sha: str, path: str) -> bool:
    """Whether the ledger exists at `sha` with `format: 2` (earlier history is a migration)."""
    text = history.text_at(root, sha, path)
    data = parse_text(text, path).data if text is not None else None
    return isinstance(data, dict) and data.get("format") == 2


def _downgrades(root: Path, commit: str, path: str, source: SourceFile) -> list[Diagnostic]:
    """CG606 when `commit` takes a format-2 ledger back to the first format or removes it."""
    if not any(_chained(root, parent, path) for parent in history.parents(root, commit)):
        return []
    exists = history.text_at(root, commit, path) is not None
    what = "took the ledger back to the first format" if exists else "removed the ledger"
    return [source.error("CG606", f"commit {short(commit)} {what}; a ledger is append-only")]


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


def _verify_approvals(run: _Run, slug: str, entry: LedgerEntry) -> Iterator[Finding]:
    """CG605: the recorded approvals meet the rules of the panel in force at the merge's first parent."""
    root, merge = run.root, entry.merge_commit
    before = _first_parent(root, merge)
    try:
        panel, where = run.governance.panel(before)
        criteria = run.governance.criteria(before)
    except EndorsementError as error:
        yield "CG610", error.message, ("approvals",)
        return
    yield from _panel_untouched(root, merge)
    authors = authors_at(root, slug, merge) | authors_at(root, slug, before)
    rule = f"rule: approvals meet the panel in force before merge {short(merge)}, as of {where}"
    roles: list[PanelRole] = []
    seen: set[str] = set()
    for index, approval in enumerate(entry.approvals):
        problem = _approval_problem(approval, entry, panel, authors=authors, slug=slug)
        findings = findings_problem(approval.findings, criteria)
        if problem is None and findings is not None:
            problem = f"{approval.login}'s recorded findings do not support approval: {findings}"
        if approval.login.lower() in seen:
            problem = f"{approval.login} is recorded twice"
        seen.add(approval.login.lower())
        if problem is None:
            roles.append(approval.role)
        else:
            yield "CG605", f"{problem} ({rule})", ("approvals", index, "login")
    for problem in quorum_problems(roles, panel):
        yield "CG605", f"{problem} ({rule})", ("approvals",)


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
    if problem is None and member is not None and member.name != approval.name:
        problem = (
            f"{approval.login} is recorded as '{approval.name}' but the panel names them '{member.name}'"
        )
    return problem
