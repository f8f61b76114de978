"""What `credgen check` enforces about endorsement (CG601-CG603, CG611), as generators of diagnostics.

These rules need no git and no network: they compare each specification with its ledger in the
working tree. The proof that the ledger itself is genuine is `credgen endorse verify`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

from credgen.diagnostics import Diagnostic, Severity
from credgen.endorse.canonical import spec_sha256
from credgen.endorse.findings import CRITERIA_FILE, Criteria
from credgen.endorse.governance import GOVERNANCE_FILE, GovernanceLedger
from credgen.endorse.ledger import LEDGER_DIR, Ledger, ledger_path
from credgen.load.documents import Corpus, Document, load_file
from credgen.load.explain import did_you_mean
from credgen.models.credential import Credential, Status
from credgen.validate.lifecycle import recorded_status_rules


def endorsement_rules(corpus: Corpus, *, pending: bool = False) -> Iterator[Diagnostic]:
    """CG601-CG603 for the whole corpus, ledgers included.

    With `pending` (for the pull request that sets a specification to endorsed, before its
    entry can exist), a missing entry for the current version is a warning, not an error.
    """
    ledgers: dict[str, Document[Ledger] | None] = {}
    for path in sorted((corpus.specs_dir / "endorsements").glob("*")):
        yield from _load_ledger(path, corpus, ledgers)
    for slug, document in corpus.credentials.items():
        yield from _check_endorsed(slug, document, ledgers, corpus.root, pending=pending)
    yield from recorded_status_rules(corpus)
    yield from _load_governed(corpus)


def _load_governed(corpus: Corpus) -> Iterator[Diagnostic]:
    """Schema errors in the endorsement criteria and the governance ledger, when present."""
    for relpath, model in ((CRITERIA_FILE, Criteria), (GOVERNANCE_FILE, GovernanceLedger)):
        path = corpus.root / relpath
        if path.is_file():
            _, problems = load_file(path, corpus.root, model)
            yield from problems


def _load_ledger(
    path: Path, corpus: Corpus, ledgers: dict[str, Document[Ledger] | None]
) -> Iterator[Diagnostic]:
    """CG603 and schema errors for one file in the ledger folder."""
    shown = f"{LEDGER_DIR}/{path.name}"
    if path.suffix != ".yaml" or not path.is_file():
        yield Diagnostic(shown, 1, 1, "CG603", "only <slug>.yaml ledgers belong in specs/endorsements")
        return
    document, problems = load_file(path, corpus.root, Ledger)
    yield from problems
    slug = path.stem
    ledgers[slug] = document
    known = sorted(set(corpus.credentials) | corpus.failed)
    if slug not in known:
        message = f"ledger for unknown credential '{slug}'" + did_you_mean(slug, known)
        yield Diagnostic(shown, 1, 1, "CG603", message)
    if document is not None:
        yield from _check_well_formed(document)


def _check_well_formed(document: Document[Ledger]) -> Iterator[Diagnostic]:
    """CG603: one entry per version; each approval on the entry's head commit, once per reviewer."""
    seen: set[str] = set()
    for e, entry in enumerate(document.model.entries):
        if entry.version in seen:
            message = f"version {entry.version} has a second entry; a version is endorsed once"
            yield document.source.error("CG603", message, ("entries", e, "version"))
        seen.add(entry.version)
        if not entry.pr_url.rstrip("/").endswith(f"/pull/{entry.pr_number}"):
            message = f"pr_url does not point at pull request #{entry.pr_number}: {entry.pr_url}"
            yield document.source.error("CG603", message, ("entries", e, "pr_url"))
        logins: set[str] = set()
        for a, approval in enumerate(entry.approvals):
            loc = ("entries", e, "approvals", a)
            if approval.commit_id != entry.head_commit:
                reviewed = approval.commit_id[:7]
                message = f"approval by {approval.login} is on commit {reviewed}, not the entry's head commit"
                yield document.source.error("CG603", message, (*loc, "commit_id"))
            if approval.login.lower() in logins:
                yield document.source.error("CG603", f"{approval.login} approves twice", (*loc, "login"))
            logins.add(approval.login.lower())


def _check_endorsed(
    slug: str,
    document: Document[Credential],
    ledgers: dict[str, Document[Ledger] | None],
    root: Path,
    *,
    pending: bool,
) -> Iterator[Diagnostic]:
    """CG601: `endorsed` needs an entry for the version and content; CG602: endorsed text is frozen."""
    spec = document.model
    shown = ledger_path(root, slug).relative_to(root).as_posix()
    if slug in ledgers and ledgers[slug] is None:
        if spec.status is Status.ENDORSED:
            message = f"status is 'endorsed' but {shown} is not a valid ledger"
            yield document.source.error("CG601", message, ("status",))
        return
    ledger = ledgers.get(slug)
    entries = [e for e in ledger.model.entries if e.version == spec.version] if ledger else []
    digest = spec_sha256(document.source.data) if entries else ""
    if entries and all(e.spec_sha256 != digest for e in entries):
        message = (
            f"version {spec.version} was endorsed (pull request #{entries[0].pr_number}) and its content "
            f"has changed since (recorded sha256 {entries[0].spec_sha256[:12]}, now {digest[:12]}); "
            "an endorsed text is frozen: give the change a new version"
        )
        yield document.source.error("CG602", message, ("version",))
    elif not entries and spec.status is Status.ENDORSED and pending:
        message = (
            f"status is 'endorsed' but {shown} has no entry for version {spec.version} yet "
            "(pending: `credgen endorse check` decides on the pull request)"
        )
        diagnostic = document.source.error("CG601", message, ("status",))
        yield dataclasses.replace(diagnostic, severity=Severity.WARNING)
    elif not entries and spec.status is Status.ENDORSED:
        message = (
            f"status is 'endorsed' but {shown} has no entry for version {spec.version}; "
            "`credgen endorse record` adds it after the approved pull request is merged"
        )
        yield document.source.error("CG601", message, ("status",))
