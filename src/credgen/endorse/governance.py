"""Authority is itself governed: the panel and the trusted keys change only by a recorded approval.

The governed files are `specs/panel.yaml` (members, terms, quorum), `specs/criteria.yaml` (the
endorsement criteria) and `specs/keys/*.asc` (the signing keys the organisation trusts besides
GitHub's). The rule:

1. *Founding.* The first commit on `main`'s first-parent history that holds
   `specs/governance.yaml` fixes the founding panel and keys. This is the one point trusted on
   first use; a reader pins it with the chain head (see `credgen.endorse.chain`).
2. *Changes.* A later state of the governed files takes effect only at the merge commit of an
   entry in `specs/governance.yaml` that verifies: a merge of the reviewed commit on `main`
   (the same checks as an endorsement: `credgen.endorse.proof`), signed by a key in force
   before the change, whose governed files equal the reviewed head's, approved by the chair
   serving under the panel in force before the change (the chair may not approve their own
   pull request), with every approval between the head commit and the merge.
3. *In force at a commit* is the governed state at the latest founding or approved-change
   commit on that commit's first-parent history. An ordinary commit that edits the panel
   changes nothing: a member it adds has no authority and a quorum it lowers does not apply.

`specs/governance.yaml` is a ledger like the others: append-only and hash-chained (CG606, CG609).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from pydantic import AwareDatetime, Field

from credgen.endorse import history
from credgen.endorse.chain import GENESIS, chain_head, raw_entries
from credgen.endorse.codeowners import PANEL_PATH as PANEL_FILE
from credgen.endorse.decide import Decision, decide, eligibility_problem, find_member, short
from credgen.endorse.findings import CRITERIA_FILE, criteria_at
from credgen.endorse.github import PullRequest, Review
from credgen.endorse.ledger import Approval, CommitSha, MergeMethod, Sha256, entry_text
from credgen.endorse.proof import Finding, merge_shape, signed, times_agree
from credgen.endorse.signatures import KEYS_DIR, WEB_FLOW, Keyring
from credgen.exceptions import EndorsementError
from credgen.history import git as gitinfo
from credgen.load.documents import parse_model
from credgen.models.common import Line, Login, Model
from credgen.models.panel import Panel, PanelRole
from credgen.models.schema import register_schema

#: The ledger of approved changes to the governed files.
GOVERNANCE_FILE = "specs/governance.yaml"

_RULE = "rule: the panel and trusted keys change only through their own recorded approval"


class GovernanceEntry(Model):
    """One approved change to the panel or the trusted keys."""

    governed_sha256: Sha256
    """SHA-256 of the governed files at the merge (see `governed_sha256`)."""

    pr_number: int = Field(ge=1)
    """Number of the pull request that made the change."""

    pr_url: str = Field(pattern=r"^https://\S+$")
    """Web address of that pull request."""

    pr_author: Login
    """Login of whoever opened it (they may not approve it)."""

    head_commit: CommitSha
    """The pull request's reviewed head commit."""

    merge_commit: CommitSha
    """The commit that merged it into the default branch."""

    merged_at: AwareDatetime
    """When it was merged (UTC)."""

    merge_method: MergeMethod = "merge"
    """How it was merged, as for a specification's ledger entry."""

    approvals: list[Approval] = Field(min_length=1)
    """The chair's approval (others may be recorded too)."""

    previous_sha256: Sha256
    """SHA-256 of the previous entry's canonical form (64 zeros for the first)."""


class GovernanceLedger(Model):
    """`specs/governance.yaml`: the founding point and every approved change to the governed files."""

    notice: Line | None = None
    """A note shown with the record, e.g. that it is illustrative."""

    format: int = Field(ge=2, le=2)
    """Always 2: hash-chained entries of signed merges."""

    entries: list[GovernanceEntry] = Field(default_factory=list)
    """Approved changes, oldest first; never edited or removed. Empty at the founding."""


register_schema("governance.schema.json", GovernanceLedger)


def parse_governance(root: Path) -> GovernanceLedger:
    """The governance ledger in the work tree; raises when it is not valid."""
    text = (root / GOVERNANCE_FILE).read_text(encoding="utf-8")
    ledger, problems = parse_model(text, GOVERNANCE_FILE, GovernanceLedger)
    if ledger is None:
        raise EndorsementError(problems[0].as_text())
    return ledger


def append_governance(root: Path, entry: GovernanceEntry) -> None:
    """Append an approved change to `specs/governance.yaml`, chained to the entry before it."""
    path = root / GOVERNANCE_FILE
    before = path.read_text(encoding="utf-8")
    entry = entry.model_copy(update={"previous_sha256": chain_head(before, GOVERNANCE_FILE)})
    head = before.rstrip("\n").removesuffix(" []") + "\n"
    after = head + entry_text(entry)
    if len(raw_entries(after, GOVERNANCE_FILE)) != len(raw_entries(before, GOVERNANCE_FILE)) + 1:
        raise EndorsementError(f"cannot append to {GOVERNANCE_FILE}: 'entries' must be the last key")
    path.write_text(after, encoding="utf-8")


def changes_governed(paths: list[str]) -> bool:
    """Whether a pull request that changes `paths` changes the governed files."""
    return any(p in (PANEL_FILE, CRITERIA_FILE) or p.startswith(KEYS_DIR + "/") for p in paths)


def decide_change(pull: PullRequest, reviews: list[Review], panel: Panel, *, commits: list[str]) -> Decision:
    """Whether the reviews approve a change to the governed files: the serving chair must approve.

    The usual rules apply (latest review, on the head commit, term, not the author, no
    outstanding request for changes) with one chair's approval as the quorum.
    """
    quorum = panel.quorum.model_copy(update={"min_approvals": 1, "required_roles": [PanelRole.CHAIR]})
    chaired = panel.model_copy(update={"quorum": quorum})
    return decide("the governed files", pull, reviews, chaired, authors=(), pr_commits=commits)


def change_entry(root: Path, pull: PullRequest, decision: Decision, method: MergeMethod) -> GovernanceEntry:
    """The governance entry for a merged, approved change (chained when appended)."""
    assert pull.merge_commit is not None and pull.merged_at is not None  # the caller checked
    return GovernanceEntry(
        governed_sha256=governed_sha256(root, pull.merge_commit),
        pr_number=pull.number,
        pr_url=pull.url,
        pr_author=pull.author,
        head_commit=pull.head_sha,
        merge_commit=pull.merge_commit,
        merged_at=pull.merged_at,
        merge_method=method,
        approvals=decision.approvals,
        previous_sha256=GENESIS,
    )


def governed_listing(root: Path, sha: str) -> str:
    """The governed files at commit `sha`: `git ls-tree` lines (mode, type, blob id, path)."""
    paths = (f"./{PANEL_FILE}", f"./{CRITERIA_FILE}", f"./{KEYS_DIR}/")
    out = gitinfo.run_git(root, "ls-tree", "-r", sha, "--", *paths)
    return out or ""


def governed_sha256(root: Path, sha: str) -> str:
    """SHA-256 of the governed files at commit `sha` (of their `git ls-tree` listing)."""
    return hashlib.sha256(governed_listing(root, sha).encode("utf-8")).hexdigest()


class Governance:
    """The governed state in force at any commit of `main`, from the founding and verified entries."""

    def __init__(self, root: Path, keyring: Keyring) -> None:
        self.root = root
        self.keyring = keyring
        self.points: dict[str, str] = {}
        mainline = history.first_parent_list(root)
        founding = next((c for c in reversed(mainline) if history.text_at(root, c, GOVERNANCE_FILE)), None)
        if founding is not None:
            self.points[founding] = f"the founding commit {short(founding)}"

    def point(self, sha: str) -> str | None:
        """The founding or approved-change commit whose governed state is in force at `sha`."""
        return next((c for c in history.first_parent_list(self.root, sha) if c in self.points), None)

    def panel(self, sha: str) -> tuple[Panel, str]:
        """The panel in force at `sha`, and where it was last approved; raises without one."""
        point = self._require(sha)
        text = history.text_at(self.root, point, PANEL_FILE)
        panel, _ = parse_model(text or "", PANEL_FILE, Panel)
        if panel is None:
            raise EndorsementError(f"{PANEL_FILE} at {self.points[point]} is not a valid panel")
        return panel, self.points[point]

    def criteria(self, sha: str) -> list[int]:
        """The endorsement criteria in force at `sha` ([] when there is no criteria file)."""
        return criteria_at(self.root, self._require(sha))

    def trusted_keys(self, sha: str) -> frozenset[str]:
        """Primary fingerprints trusted for a merge whose first parent is `sha`."""
        point = self._require(sha)
        declared: set[str] = set()
        for line in governed_listing(self.root, point).splitlines():
            path = line.split("\t", 1)[-1].removeprefix(history.show_prefix(self.root))
            if path.startswith(KEYS_DIR + "/") and path.endswith(".asc"):
                declared |= self.keyring.add((history.text_at(self.root, point, path) or "").encode())
        return WEB_FLOW | declared

    def _require(self, sha: str) -> str:
        point = self.point(sha)
        if point is None:
            raise EndorsementError(
                f"no governed panel is in force at commit {short(sha)}: it comes before "
                f"the founding commit of {GOVERNANCE_FILE} ({_RULE})"
            )
        return point

    def verify_entry(self, entry: GovernanceEntry, mainline: set[str]) -> list[Finding]:
        """Every check on one governance entry; when it passes, its merge becomes a point."""
        found = list(self._check(entry, mainline))
        if not found:
            self.points[entry.merge_commit] = f"the approved change of pull request #{entry.pr_number}"
        return found

    def _check(self, entry: GovernanceEntry, mainline: set[str]) -> Iterator[Finding]:
        merge = entry.merge_commit
        if not history.commit_exists(self.root, merge) or merge not in mainline:
            yield (
                "CG610",
                f"merge commit {short(merge)} is not on the first-parent history of HEAD ({_RULE})",
                ("merge_commit",),
            )
            return
        before = history.parents(self.root, merge)[0]
        yield from merge_shape(self.root, entry)
        yield from times_agree(self.root, entry)
        try:
            yield from signed(self.root, merge, self.trusted_keys(before), self.keyring)
            yield from self._approved(entry, before)
        except EndorsementError as error:
            yield "CG610", error.message, ("merge_commit",)
        yield from self._content(entry)

    def _content(self, entry: GovernanceEntry) -> Iterator[Finding]:
        """The recorded hash is the merge's governed files, and the head's are the same."""
        merged = governed_sha256(self.root, entry.merge_commit)
        if merged != entry.governed_sha256:
            message = (
                f"the governed files at merge commit {short(entry.merge_commit)} hash to {merged[:12]}, "
                f"not the recorded hash ({_RULE})"
            )
            yield "CG610", message, ("governed_sha256",)
        if (
            history.commit_exists(self.root, entry.head_commit)
            and governed_sha256(self.root, entry.head_commit) != merged
        ):
            message = (
                f"the governed files at merge commit {short(entry.merge_commit)} differ from the "
                f"reviewed head {short(entry.head_commit)} ({_RULE})"
            )
            yield "CG610", message, ("head_commit",)

    def _approved(self, entry: GovernanceEntry, before: str) -> Iterator[Finding]:
        """The serving chair under the panel in force before the change approved it."""
        panel, where = self.panel(before)
        chairs = 0
        for index, approval in enumerate(entry.approvals):
            member = find_member(panel, approval.login)
            day = approval.submitted_at.date()
            problem = eligibility_problem(
                approval.login, day, member, authors=set(), pr_author=entry.pr_author, slug="the panel"
            )
            if problem is not None:
                yield "CG610", f"{problem} (panel as of {where}; {_RULE})", ("approvals", index, "login")
            elif member is not None and member.role is PanelRole.CHAIR:
                chairs += 1
        if not chairs:
            message = (
                f"no serving chair of the panel in force ({where}) approved merge "
                f"{short(entry.merge_commit)} ({_RULE})"
            )
            yield "CG610", message, ("approvals",)
