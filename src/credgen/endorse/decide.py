"""Whether a pull request's reviews endorse a specification: the rules, with reasons.

The rules, applied to one specification the pull request sets to `endorsed`:

1. Only a reviewer's latest review that changes their state counts (APPROVED,
   CHANGES_REQUESTED or DISMISSED, by submission time). COMMENTED reviews change nothing, as on
   GitHub.
2. A panel member whose latest review requested changes, or whose review was dismissed, blocks
   the endorsement until they review again. Reviews by anyone off the panel never count and
   never block.
3. An approval counts only if it was made on the pull request's current head commit (a push
   after approval makes it stale), by a panel member whose term covers the day of the review
   (UTC), who neither opened the pull request nor is an author of the specification.
4. The counted approvals must meet the quorum in `specs/panel.yaml`: `min_approvals` in all and
   at least one from each of `required_roles` (a chair counts only as a chair).

The same eligibility and quorum checks are applied by `verify` to recorded approvals, with the
panel as it stood at the merge commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Iterable, Sequence

from credgen.endorse.findings import read_findings
from credgen.endorse.github import PullRequest, Review
from credgen.endorse.ledger import Approval
from credgen.models.panel import Panel, PanelMember, PanelRole

#: Review states that set a reviewer's position; COMMENTED and PENDING do not.
_DECISIVE = frozenset({"APPROVED", "CHANGES_REQUESTED", "DISMISSED"})


@dataclasses.dataclass(slots=True)
class Decision:
    """The outcome for one specification, with a line for every reviewer."""

    slug: str
    """The specification decided on."""

    approvals: list[Approval] = dataclasses.field(default_factory=list)
    """Approvals that count, in review order."""

    notes: list[str] = dataclasses.field(default_factory=list)
    """One line per reviewer: counted, or not counted and why."""

    blockers: list[str] = dataclasses.field(default_factory=list)
    """Why the endorsement is refused; empty when it stands."""

    @property
    def endorsed(self) -> bool:
        """Whether the reviews endorse the specification."""
        return not self.blockers


def decide(
    slug: str,
    pull: PullRequest,
    reviews: Iterable[Review],
    panel: Panel,
    *,
    authors: Collection[str],
    pr_commits: Collection[str] = (),
    criteria: Sequence[int] = (),
) -> Decision:
    """Apply the rules (module docstring) to the reviews of `pull` for specification `slug`.

    With `criteria` (from `specs/criteria.yaml`), an approval counts only with a findings block
    that meets them all (`credgen.endorse.findings`).
    """
    decision = Decision(slug)
    for review in latest_reviews(reviews):
        member = find_member(panel, review.login)
        if member is None:
            decision.notes.append(f"not counted: {review.login} is not a member of the endorsement panel")
        elif review.state == "DISMISSED":
            decision.blockers.append(
                f"{review.login}'s review was dismissed; that blocks endorsement until they review again"
            )
        elif review.state == "CHANGES_REQUESTED":
            decision.blockers.append(
                f"{review.login} requested changes; that blocks endorsement until they approve"
            )
        else:
            _weigh_approval(
                decision, review, member, pull=pull, authors=authors, pr_commits=pr_commits, criteria=criteria
            )
    decision.blockers += quorum_problems([a.role for a in decision.approvals], panel)
    return decision


def latest_reviews(reviews: Iterable[Review]) -> list[Review]:
    """Each reviewer's latest decisive review, ordered by submission."""
    latest: dict[str, Review] = {}
    ordered = sorted(
        (r for r in reviews if r.state in _DECISIVE and r.submitted_at is not None),
        key=lambda r: (r.submitted_at, r.id),
    )
    for review in ordered:
        latest[review.login.lower()] = review
    return sorted(latest.values(), key=lambda r: (r.submitted_at, r.id))


def _weigh_approval(
    decision: Decision,
    review: Review,
    member: PanelMember,
    *,
    pull: PullRequest,
    authors: Collection[str],
    pr_commits: Collection[str],
    criteria: Sequence[int],
) -> None:
    """Count an APPROVED review, or note why it does not count."""
    assert review.submitted_at is not None  # latest_reviews keeps submitted reviews only
    day = review.submitted_at.astimezone(dt.UTC).date()
    refusal = eligibility_problem(
        review.login, day, member, authors=authors, pr_author=pull.author, slug=decision.slug
    )
    if refusal is None and review.commit_id != pull.head_sha:
        refusal = _stale(review, pull.head_sha, pr_commits)
    findings, problem = read_findings(review.body, criteria)
    if refusal is None and problem is not None:
        refusal = f"{review.login}'s findings do not support approval: {problem}"
    if refusal is not None:
        decision.notes.append(f"not counted: {refusal}")
        return
    decision.approvals.append(
        Approval(
            login=review.login,
            name=member.name,
            role=member.role,
            review_id=review.id,
            commit_id=pull.head_sha,
            submitted_at=review.submitted_at,
            findings=findings,
        )
    )
    decision.notes.append(
        f"counted: {review.login} ({member.role}) approved the head commit {short(pull.head_sha)} on {day}"
    )


def _stale(review: Review, head: str, pr_commits: Collection[str]) -> str:
    """Why an approval of another commit does not count."""
    reviewed = review.commit_id or "no commit"
    where = "an earlier commit of this pull request" if reviewed in pr_commits else "a commit"
    return (
        f"{review.login} approved {where} ({short(reviewed)}), not the head commit {short(head)}; "
        "a push after approval makes it stale"
    )


def eligibility_problem(
    login: str,
    day: dt.date,
    member: PanelMember | None,
    *,
    authors: Collection[str],
    pr_author: str,
    slug: str,
) -> str | None:
    """Why `login` may not approve `slug` on `day`, or None when they may."""
    authors = {a.lower() for a in authors}
    if login.lower() == pr_author.lower():
        return f"{login} opened the pull request and may not approve it"
    if login.lower() in authors:
        return f"{login} is an author of '{slug}' and may not approve it"
    if member is None:
        return f"{login} is not a member of the endorsement panel"
    if day < member.valid_from:
        return f"{login}'s panel term starts on {member.valid_from}, after the review on {day}"
    if member.valid_to is not None and day > member.valid_to:
        return f"{login}'s panel term ended on {member.valid_to}, before the review on {day}"
    return None


def quorum_problems(roles: list[PanelRole], panel: Panel) -> list[str]:
    """Why approvals with these roles fall short of the panel's quorum (empty when they meet it)."""
    quorum = panel.quorum
    problems = []
    if len(roles) < quorum.min_approvals:
        noun = "approval" if len(roles) == 1 else "approvals"
        problems.append(f"quorum not met: {len(roles)} valid {noun}, {quorum.min_approvals} needed")
    for role in quorum.required_roles:
        if role not in roles:
            article = "an" if str(role)[0] in "aeiou" else "a"
            problems.append(f"quorum not met: no valid approval from {article} {role} reviewer")
    return problems


def find_member(panel: Panel, login: str) -> PanelMember | None:
    """The panel member with `login` (GitHub logins ignore case)."""
    for member in panel.members:
        if member.login.lower() == login.lower():
            return member
    return None


def short(sha: str) -> str:
    """The first seven characters of a commit id, as git shows it."""
    return sha[:7]
