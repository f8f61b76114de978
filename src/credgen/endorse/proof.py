"""What makes a recorded merge genuine, for specification and governance entries alike (CG607, CG608).

Someone with push rights can write any commit onto `main`, so a ledger entry must show, from
the clone alone, that its merge is the merge of the reviewed commit, made when it says:

- the reviewed head commit is in the clone;
- `merge_method: merge`: the merge commit has exactly two parents and the second is the
  reviewed head (the first is on `main`, checked by the caller); `squash` or `rebase`: one
  parent, and the recorded content at the merge equals the head's (the caller compares it);
- `merged_at` is the merge commit's committer time, to within `TOLERANCE`;
- every approval was submitted after the reviewed head was committed and before the merge;
- the merge commit is signed by a key trusted for it (`credgen.endorse.signatures`). The
  signature covers the commit's parents and times, so none of the above can be forged
  without the key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol

from credgen.endorse import history
from credgen.endorse.decide import short
from credgen.endorse.ledger import Approval
from credgen.endorse.signatures import Keyring, signature_problem
from credgen.history import git as gitinfo
from credgen.load.source import Loc

#: A problem with one entry: code, message, and where in the entry.
Finding = tuple[str, str, Loc]

#: How far `merged_at` (GitHub's record) may be from the merge commit's committer time.
TOLERANCE = dt.timedelta(seconds=120)

_SHAPE = "rule: an endorsement is the merge of the reviewed commit"
_TIMES = "rule: approvals fall between the reviewed commit and the merge"
_SIGNED = "rule: a recorded merge is signed by a trusted key"


class RecordedMerge(Protocol):
    """The fields a ledger entry and a governance entry share."""

    @property
    def head_commit(self) -> str: ...
    @property
    def merge_commit(self) -> str: ...
    @property
    def merge_method(self) -> str: ...
    @property
    def merged_at(self) -> dt.datetime: ...
    @property
    def approvals(self) -> Sequence[Approval]: ...


def merge_shape(root: Path, entry: RecordedMerge) -> Iterator[Finding]:
    """CG607: the head is in the clone and the merge commit merges it (or equals it in content)."""
    merge, head = entry.merge_commit, entry.head_commit
    if not history.commit_exists(root, head):
        message = (
            f"the reviewed head commit {short(head)} of merge {short(merge)} is not in this clone ({_SHAPE})"
        )
        yield "CG607", message, ("head_commit",)
        return
    parents = history.parents(root, merge)
    if entry.merge_method == "merge" and (len(parents) != 2 or parents[1] != head):
        message = (
            f"merge commit {short(merge)} does not have the reviewed head {short(head)} "
            f"as its second parent ({_SHAPE})"
        )
        yield "CG607", message, ("merge_commit",)
    elif entry.merge_method != "merge" and len(parents) != 1:
        message = (
            f"merge commit {short(merge)} has {len(parents)} parents, not one as a "
            f"{entry.merge_method} merge has ({_SHAPE})"
        )
        yield "CG607", message, ("merge_method",)


def times_agree(root: Path, entry: RecordedMerge) -> Iterator[Finding]:
    """CG607: `merged_at` is the merge commit's time; approvals fall between head and merge."""
    merge, head = entry.merge_commit, entry.head_commit
    merged = commit_time(root, merge)
    if abs(merged - entry.merged_at) > TOLERANCE:
        message = (
            f"merged_at {_stamp(entry.merged_at)} is not the time of merge commit {short(merge)} "
            f"({_stamp(merged)}) ({_TIMES})"
        )
        yield "CG607", message, ("merged_at",)
    if not history.commit_exists(root, head):
        return
    reviewed = commit_time(root, head)
    for index, approval in enumerate(entry.approvals):
        if not reviewed <= approval.submitted_at <= merged:
            message = (
                f"{approval.login}'s approval at {_stamp(approval.submitted_at)} is not between the reviewed "
                f"commit {short(head)} ({_stamp(reviewed)}) and merge {short(merge)} "
                f"({_stamp(merged)}) ({_TIMES})"
            )
            yield "CG607", message, ("approvals", index, "submitted_at")


def signed(root: Path, merge: str, trusted: Iterable[str], keyring: Keyring) -> Iterator[Finding]:
    """CG608: the merge commit carries a good signature by a key trusted for it."""
    problem = signature_problem(keyring.check(root, merge), trusted, keyring)
    if problem is not None:
        yield "CG608", f"merge commit {short(merge)} is refused: {problem} ({_SIGNED})", ("merge_commit",)


def commit_time(root: Path, sha: str) -> dt.datetime:
    """The committer time of commit `sha` (UTC)."""
    out = gitinfo.run_git(root, "show", "-s", "--format=%ct", sha) or "0"
    return dt.datetime.fromtimestamp(int(out.strip()), dt.UTC)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
