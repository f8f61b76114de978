"""The endorsement ledger: `specs/endorsements/<slug>.yaml`, one entry per endorsed version.

A ledger is append-only: `credgen endorse record` adds an entry after the endorsing pull request
is merged, by appending text to the file so that earlier entries stay byte for byte as they were,
and `credgen endorse verify` proves from git history that nobody changed or removed one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field, PrivateAttr, StringConstraints

from credgen.diagnostics import Diagnostic
from credgen.endorse.canonical import spec_sha256
from credgen.endorse.chain import Head, chain_head, entry_sha256
from credgen.exceptions import EndorsementError
from credgen.load.documents import Document, load_file, parse_model
from credgen.load.files import RefusedFileError, read_project_file
from credgen.load.source import MAX_FILE_BYTES
from credgen.models.common import Line, Login, Model
from credgen.models.credential import Credential, Status
from credgen.models.panel import PanelRole
from credgen.models.schema import register_schema

#: Where ledgers live, relative to the project root.
LEDGER_DIR = "specs/endorsements"

#: A full git commit id (SHA-1, or SHA-256 in repositories that use it), lowercase hex.
CommitSha = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")]

#: A SHA-256 digest, lowercase hex.
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]

#: How a pull request was merged.
MergeMethod = Literal["merge", "squash", "rebase"]

#: Statuses under which a specification shows the endorsement of its version.
_SHOWN_FOR = frozenset({Status.ENDORSED, Status.SUPERSEDED})


class Finding(Model):
    """A reviewer's finding on one numbered endorsement criterion."""

    criterion: int = Field(ge=1)
    """The criterion's number (endorsement criteria are numbered from 4)."""

    met: bool
    """Whether the reviewer found the criterion met."""

    comment: Line
    """The reviewer's short reason, in their words."""


class Approval(Model):
    """One panel member's approving review, as recorded at the merge."""

    login: Login
    """GitHub login of the reviewer."""

    name: Line
    """The reviewer's name, from the panel at the time."""

    role: PanelRole
    """The reviewer's panel role at the time."""

    review_id: int = Field(ge=1)
    """GitHub's id of the review."""

    commit_id: CommitSha
    """The commit the review was made on; equals the entry's `head_commit`."""

    submitted_at: AwareDatetime
    """When the review was submitted (UTC)."""

    findings: list[Finding] = Field(default_factory=list)
    """The reviewer's finding on each endorsement criterion, from the review's findings block."""


class LedgerEntry(Model):
    """The endorsement of one version of a specification."""

    version: str = Field(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")
    """The endorsed version, as in the specification's `version`."""

    spec_sha256: Sha256
    """SHA-256 of the canonical form of the specification (see `credgen.endorse.canonical`)."""

    pr_number: int = Field(ge=1)
    """Number of the pull request that endorsed it."""

    pr_url: str = Field(pattern=r"^https://\S+$")
    """Web address of that pull request."""

    pr_author: Login
    """Login of whoever opened the pull request (they may not approve it)."""

    head_commit: CommitSha
    """The pull request's head commit: the exact text the reviewers approved."""

    merge_commit: CommitSha
    """The commit that merged the pull request into the default branch."""

    merged_at: AwareDatetime
    """When the pull request was merged (UTC)."""

    merge_method: MergeMethod = "merge"
    """How GitHub merged it: `merge` (the merge commit's second parent is `head_commit`), or
    `squash`/`rebase` (a new commit on the branch whose specification equals the head's)."""

    approvals: list[Approval] = Field(min_length=1)
    """The approvals that made up the quorum."""

    previous_sha256: Sha256 | None = None
    """SHA-256 of the previous entry's canonical form (64 zeros for the first): the hash chain.
    Required in ledgers with `format: 2`; see `credgen.endorse.chain`."""

    _chain_head: str | None = PrivateAttr(default=None)

    @property
    def chain_head(self) -> str | None:
        """This entry's place in its ledger's hash chain, `<path>@<n>:<sha256>` (when read by `load_ledger`).

        A reader who keeps it can later check the history with `credgen endorse verify --expect`.
        """
        return self._chain_head


class Ledger(Model):
    """`specs/endorsements/<slug>.yaml`: the append-only record of a specification's endorsements."""

    notice: Line | None = None
    """A note shown with the record, e.g. that the approvals are illustrative."""

    format: Literal[2] | None = None
    """2 for a hash-chained ledger whose merges are signed; absent in a first-format ledger,
    which `credgen endorse verify` no longer accepts (re-record it)."""

    entries: list[LedgerEntry] = Field(min_length=1)
    """One entry per endorsed version, oldest first; never edited or removed."""


register_schema("ledger.schema.json", Ledger)


def ledger_path(root: Path, slug: str) -> Path:
    """Where the ledger of `slug` lives."""
    return root / LEDGER_DIR / f"{slug}.yaml"


def slug_of(document: Document[Credential]) -> str:
    """The slug of a loaded specification: the name of its folder."""
    return document.path.rsplit("/", 2)[-2]


def load_ledger(root: Path, slug: str) -> tuple[Document[Ledger] | None, list[Diagnostic]]:
    """The ledger of `slug` (None when absent or invalid) and any problems reading it."""
    path = ledger_path(root, slug)
    if not path.exists():
        return None, []
    document, problems = load_file(path, root, Ledger)
    if document is not None:
        _note_chain_heads(document)
    return document, problems


def _note_chain_heads(document: Document[Ledger]) -> None:
    """Give each entry of a hash-chained ledger its chain head, computed from the entry as written."""
    data = document.source.data
    raw = data.get("entries") if isinstance(data, dict) and data.get("format") == 2 else None
    for index, (entry, written) in enumerate(zip(document.model.entries, raw or [], strict=False)):
        try:
            entry._chain_head = Head(document.path, index + 1, entry_sha256(written)).as_text()
        except EndorsementError:
            entry._chain_head = None


def parse_ledger(text: str, shown_as: str) -> Ledger:
    """A ledger from YAML text (e.g. read from git history); raises when it is not valid."""
    ledger, problems = parse_model(text, shown_as, Ledger)
    if ledger is None:
        raise EndorsementError(problems[0].as_text())
    return ledger


def current_endorsement(root: Path, document: Document[Credential]) -> LedgerEntry | None:
    """The ledger entry endorsing the document's current version and content, if any.

    Only specifications whose status says they were endorsed (`endorsed`, `superseded`) have
    one; the entry must match both the version and the SHA-256 of the canonical form. The deep
    checks against git history are `credgen endorse verify`'s job, run in CI.
    """
    if document.model.status not in _SHOWN_FOR:
        return None
    ledger, _ = load_ledger(root, slug_of(document))
    return endorsement_in(ledger.model.entries if ledger else (), document)


def endorsement_in(entries: Iterable[LedgerEntry], document: Document[Credential]) -> LedgerEntry | None:
    """`current_endorsement` from the entries of a ledger already read."""
    if document.model.status not in _SHOWN_FOR:
        return None
    version, digest = document.model.version, spec_sha256(document.source.data)
    return next((e for e in entries if e.version == version and e.spec_sha256 == digest), None)


# Writing -----------------------------------------------------------------------------------


def new_ledger_text(slug: str, notice: str | None = None) -> str:
    """The opening of a new ledger file, before its first entry."""
    lines = [
        "# yaml-language-server: $schema=../../schema/ledger.schema.json",
        f"# Endorsement ledger for '{slug}', written by `credgen endorse record`.",
        "# Append-only: never edit or remove an entry (`credgen endorse verify` checks git history).",
    ]
    if notice:
        lines.append(f"notice: {_quote(notice)}")
    lines += ["format: 2", "entries:"]
    return "\n".join(lines) + "\n"


def entry_text(entry: Model) -> str:
    """One entry (of a specification's or the governance ledger) as YAML list item text.

    Every string is quoted; fields come in model order, `approvals` and `previous_sha256` last.
    """
    data = entry.model_dump(mode="python", exclude_none=True)
    approvals = data.pop("approvals")
    previous = data.pop("previous_sha256", None)
    lines = _item_lines(data, indent=2)
    lines.append("    approvals:")
    for approval in approvals:
        findings = approval.pop("findings", [])
        lines += _item_lines(approval, indent=6)
        if findings:
            lines.append("        findings:")
        lines += [line for finding in findings for line in _item_lines(finding, indent=10)]
    if previous is not None:
        lines.append(f"    previous_sha256: {_quote(previous)}")
    return "\n".join(lines) + "\n"


def _ledger_text(path: Path) -> str:
    """The ledger's text, read as a project file (`specs/endorsements/<slug>.yaml`)."""
    try:
        return read_project_file(path, path.parents[2], limit=MAX_FILE_BYTES).decode("utf-8")
    except RefusedFileError as refusal:
        raise EndorsementError(f"{path.name}: {refusal.message}") from None


def append_entry(path: Path, slug: str, entry: LedgerEntry, *, notice: str | None = None) -> None:
    """Append `entry` to the ledger at `path` (creating it), keeping earlier text untouched."""
    before = _ledger_text(path) if path.exists() else new_ledger_text(slug, notice)
    old = parse_ledger(before, path.name).entries if path.exists() else []
    if any(existing.version == entry.version for existing in old):
        raise EndorsementError(f"{path.name} already has an entry for version {entry.version}")
    entry = entry.model_copy(update={"previous_sha256": chain_head(before, path.name)})
    after = before + ("" if before.endswith("\n") else "\n") + entry_text(entry)
    if parse_ledger(after, path.name).entries != [*old, entry]:
        raise EndorsementError(
            f"cannot append to {path.name}: 'entries' must be the last key of the file",
            hint="move 'entries:' to the end of the file in a separate commit",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(after, encoding="utf-8")


def _item_lines(data: dict[str, Any], *, indent: int) -> list[str]:
    """`- key: value` lines for one mapping in a list at `indent` spaces."""
    lines = []
    for index, (key, value) in enumerate(data.items()):
        lead = " " * indent + ("- " if index == 0 else "  ")
        lines.append(f"{lead}{key}: {_scalar(value)}")
    return lines


def _scalar(value: Any) -> str:
    """A YAML scalar: integers plain, enum values plain, everything else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, PanelRole):
        return value.value
    if isinstance(value, dt.datetime):
        return _quote(format_time(value))
    return _quote(str(value))


def format_time(moment: dt.datetime) -> str:
    """A moment as `YYYY-MM-DDTHH:MM:SSZ` in UTC, as GitHub writes it."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _quote(text: str) -> str:
    """A double-quoted YAML scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)
