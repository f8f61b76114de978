"""`credgen endorse check` and `credgen endorse record`: a pull request's endorsement, decided.

`check` runs on every pull request (a required status check): for each specification the
pull request sets to `endorsed`, it applies the rules in `decide` to the reviews on GitHub.
`record` runs after the merge: it decides again, reading the specification and the panel as
they are at the merge commit, and appends the ledger entry. Neither writes to GitHub.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import ClassVar

from credgen.endorse import history
from credgen.endorse.canonical import spec_sha256, spec_sha256_of_text
from credgen.endorse.decide import Decision, decide, short
from credgen.endorse.findings import criteria_at
from credgen.endorse.github import GitHub, PullRequest, Review
from credgen.endorse.governance import (
    GOVERNANCE_FILE,
    append_governance,
    change_entry,
    changes_governed,
    decide_change,
    parse_governance,
)
from credgen.endorse.ledger import (
    LEDGER_DIR,
    LedgerEntry,
    MergeMethod,
    append_entry,
    current_endorsement,
    ledger_path,
    load_ledger,
)
from credgen.exceptions import EndorsementError
from credgen.load.documents import load_corpus, parse_model
from credgen.load.source import parse_text
from credgen.models.credential import Credential, Status
from credgen.models.panel import Panel

PANEL_FILE = "specs/panel.yaml"
_SPEC_PATH = re.compile(r"^specs/credentials/([a-z0-9-]+)/credential\.yaml$")


@dataclasses.dataclass(slots=True)
class PullReport:
    """What `check` or `record` found for one pull request."""

    pull: PullRequest
    decisions: list[Decision] = dataclasses.field(default_factory=list)
    problems: list[str] = dataclasses.field(default_factory=list)
    recorded: list[str] = dataclasses.field(default_factory=list)

    #: What a pull request that asks for no decision does (said when there is nothing to decide).
    NOTHING: ClassVar[str] = "sets no specification to endorsed"
    #: The verdict on an item whose decision stands.
    PASSED: ClassVar[str] = "endorsed"
    #: What a refused check refuses.
    DECISION: ClassVar[str] = "endorsement"

    @property
    def ok(self) -> bool:
        """Whether every decision stands and nothing else is wrong."""
        return not self.problems and all(d.endorsed for d in self.decisions)

    def lines(self) -> list[str]:
        """The report as printed: reasons for every reviewer, then the verdicts."""
        out = [f"pull request #{self.pull.number}, head commit {short(self.pull.head_sha)}"]
        if not self.decisions and not self.problems:
            out.append(f"  {self.NOTHING}: nothing to decide")
        for decision in self.decisions:
            verdict = self.PASSED if decision.endorsed else "refused"
            out.append(f"  {decision.slug}: {verdict}")
            out += [f"    {note}" for note in decision.notes]
            out += [f"    refused: {blocker}" for blocker in decision.blockers]
        out += [f"  refused: {problem}" for problem in self.problems]
        out += [f"  recorded: {line}" for line in self.recorded]
        return out

    def failure(self) -> EndorsementError:
        """The error that ends a refused check, naming the first reason."""
        reasons = [*self.problems, *(f"{d.slug}: {b}" for d in self.decisions for b in d.blockers)]
        return EndorsementError(f"{self.DECISION} refused for pull request #{self.pull.number}: {reasons[0]}")


def check_pull(root: Path, client: GitHub, number: int) -> PullReport:
    """Decide on every specification pull request `number` sets to endorsed (working tree)."""
    pull = client.pull(number)
    files = project_paths(root, client.files(number))
    report = PullReport(pull)
    corpus = load_corpus(root)
    if corpus.panel is None:
        raise EndorsementError(f"{PANEL_FILE} is missing or invalid; run credgen check")
    reviews, commits = client.reviews(number), client.commits(number)
    criteria = criteria_at(root)
    for slug in _changed_specs(files):
        document = corpus.credentials.get(slug)
        if document is None:
            report.problems.append(
                f"specs/credentials/{slug}/credential.yaml does not load; run credgen check"
            )
        elif document.model.status is Status.ENDORSED and current_endorsement(root, document) is None:
            authors = _author_logins(document.model) | authors_at(root, slug, pull.base_sha)
            decision = decide(
                slug,
                pull,
                reviews,
                corpus.panel.model,
                authors=authors,
                pr_commits=commits,
                criteria=criteria,
            )
            report.decisions.append(decision)
            path = f"specs/credentials/{slug}/credential.yaml"
            if not head_matches(root, pull.head_sha, path, spec_sha256(document.source.data)):
                report.problems.append(
                    f"{path} here differs from the pull request's head commit {short(pull.head_sha)}; "
                    "check out that commit to check it"
                )
    if report.decisions:
        report.problems += _forbidden_edits(files)
    return report


def record_pull(root: Path, client: GitHub, number: int) -> PullReport:
    """After the merge: decide again at the merge commit and append each ledger entry."""
    pull = client.pull(number)
    if not pull.merged or pull.merge_commit is None or pull.merged_at is None:
        raise EndorsementError(
            f"pull request #{number} is not merged; record the endorsement after the merge"
        )
    merge = pull.merge_commit
    if not history.commit_exists(root, merge):
        raise EndorsementError(
            f"the merge commit {short(merge)} of pull request #{number} is not in this clone",
            hint="fetch the default branch (and its full history) before recording",
        )
    files = project_paths(root, client.files(number))
    report = PullReport(pull)
    problems = _forbidden_edits(files)
    panel = panel_at(root, (history.parents(root, merge) or [merge])[0])
    reviews, commits = client.reviews(number), client.commits(number)
    for slug in _changed_specs(files):
        _record_one(root, report, slug, panel=panel, reviews=reviews, commits=commits, problems=problems)
    if changes_governed(files) and not _changed_specs(files):
        _record_change(root, report, panel=panel, reviews=reviews, commits=commits)
    return report


def _record_change(
    root: Path, report: PullReport, *, panel: Panel, reviews: list[Review], commits: list[str]
) -> None:
    """A merged change to the panel, criteria or keys: append its governance entry if the chair approved."""
    if not (root / GOVERNANCE_FILE).is_file():
        report.problems.append(
            f"{GOVERNANCE_FILE} does not exist: found the governance before changing the panel"
        )
        return
    pull = report.pull
    decision = decide_change(pull, reviews, panel, commits=commits)
    report.decisions.append(decision)
    existing = {e.merge_commit for e in parse_governance(root).entries}
    if report.ok and str(pull.merge_commit) in existing:
        report.recorded.append(f"the change of pull request #{pull.number} is already in {GOVERNANCE_FILE}")
    elif report.ok:
        method = merge_method(root, str(pull.merge_commit), pull.head_sha, commits)
        append_governance(root, change_entry(root, pull, decision, method))
        report.recorded.append(f"the change of pull request #{pull.number} in {GOVERNANCE_FILE}")


def _record_one(
    root: Path,
    report: PullReport,
    slug: str,
    *,
    panel: Panel,
    reviews: list[Review],
    commits: list[str],
    problems: list[str],
) -> None:
    """Decide on one specification at the merge commit and, if endorsed, append its entry."""
    pull, merge = report.pull, str(report.pull.merge_commit)
    path = f"specs/credentials/{slug}/credential.yaml"
    text = history.text_at(root, merge, path)
    if text is None:
        return
    spec = spec_at(text, path, merge)
    if spec.status is not Status.ENDORSED:
        return
    digest = spec_sha256_of_text(text, path)
    existing = _existing_entry(root, slug, spec.version)
    if existing is not None:
        _unchanged_or_fail(existing, merge, digest, slug)
        report.recorded.append(
            f"{slug} {spec.version} is already in the ledger (merge {short(existing.merge_commit)})"
        )
        return
    report.problems += [p for p in problems if p not in report.problems]
    if not head_matches(root, pull.head_sha, path, digest):
        report.problems.append(f"{slug}: the merged text differs from the reviewed head commit")
        return
    authors = _author_logins(spec) | authors_at(root, slug, *history.parents(root, merge)[:1])
    criteria = criteria_at(root, (history.parents(root, merge) or [merge])[0])
    decision = decide(slug, pull, reviews, panel, authors=authors, pr_commits=commits, criteria=criteria)
    report.decisions.append(decision)
    if report.ok:
        entry = _entry(root, pull, spec.version, digest, decision, commits=commits)
        append_entry(ledger_path(root, slug), slug, entry)
        report.recorded.append(f"{slug} {spec.version} in {LEDGER_DIR}/{slug}.yaml")


def _entry(
    root: Path, pull: PullRequest, version: str, digest: str, decision: Decision, *, commits: list[str]
) -> LedgerEntry:
    """The ledger entry for a merged pull request's endorsement of one specification."""
    assert pull.merge_commit is not None and pull.merged_at is not None  # record_pull checked
    return LedgerEntry(
        version=version,
        spec_sha256=digest,
        pr_number=pull.number,
        pr_url=pull.url,
        pr_author=pull.author,
        head_commit=pull.head_sha,
        merge_commit=pull.merge_commit,
        merged_at=pull.merged_at,
        merge_method=merge_method(root, pull.merge_commit, pull.head_sha, commits),
        approvals=decision.approvals,
    )


def merge_method(root: Path, merge: str, head: str, commits: list[str]) -> MergeMethod:
    """How the pull request was merged, read from the merge commit's parents.

    Two parents, the second the head: a merge. One parent: squash, or rebase when the pull
    request had several commits (each was replayed onto the branch, the last is the merge).
    """
    parents = history.parents(root, merge)
    if len(parents) == 2 and parents[1] == head:
        return "merge"
    return "rebase" if len(commits) > 1 and len(parents) == 1 else "squash"


def head_matches(root: Path, head: str, path: str, digest: str) -> bool:
    """Whether the file at the reviewed head (when this clone has it) hashes to `digest` (a
    specification here, a delivery plan in `credgen.delivery.approve`)."""
    if not history.commit_exists(root, head):
        return True
    text = history.text_at(root, head, path)
    return text is not None and spec_sha256_of_text(text, path) == digest


def _existing_entry(root: Path, slug: str, version: str) -> LedgerEntry | None:
    ledger, problems = load_ledger(root, slug)
    if problems:
        raise EndorsementError(f"{problems[0].as_text()}; fix the ledger before recording")
    if ledger is None:
        return None
    return next((e for e in ledger.model.entries if e.version == version), None)


def _unchanged_or_fail(entry: LedgerEntry, merge: str, digest: str, slug: str) -> None:
    """Recording again is a no-op; a different text under an endorsed version is refused."""
    if entry.merge_commit != merge and entry.spec_sha256 != digest:
        raise EndorsementError(
            f"{slug} {entry.version} is already endorsed by merge {short(entry.merge_commit)}; "
            "an endorsed version is frozen, give the specification a new version"
        )


def spec_at(text: str, path: str, sha: str) -> Credential:
    """A specification read from git history, validated."""
    spec, _ = parse_model(text, path, Credential)
    if spec is None:
        raise EndorsementError(f"{path} at commit {short(sha)} is not a valid specification")
    return spec


def panel_at(root: Path, sha: str) -> Panel:
    """The panel as `specs/panel.yaml` stood at commit `sha`."""
    text = history.text_at(root, sha, PANEL_FILE)
    if text is None:
        raise EndorsementError(f"{PANEL_FILE} does not exist at commit {short(sha)}")
    panel, _ = parse_model(text, PANEL_FILE, Panel)
    if panel is None:
        raise EndorsementError(f"{PANEL_FILE} at commit {short(sha)} is not a valid panel")
    return panel


def _author_logins(spec: Credential) -> set[str]:
    return {author.login.lower() for author in spec.authors if author.login}


def authors_at(root: Path, slug: str, sha: str | None = None) -> set[str]:
    """Author logins of a specification at commit `sha` (read raw: the models may have moved on).

    Authors before the pull request count as well as after it, so that nobody can approve
    after taking their own name off the specification.
    """
    if sha is None or not history.commit_exists(root, sha):
        return set()
    data = parse_text(
        history.text_at(root, sha, f"specs/credentials/{slug}/credential.yaml") or "", slug
    ).data
    authors = data.get("authors") if isinstance(data, dict) else None
    logins = (a.get("login") for a in authors or [] if isinstance(a, dict))
    return {str(login).lower() for login in logins if login}


def project_paths(root: Path, repo_paths: list[str]) -> list[str]:
    """Repository paths from the API made relative to the project root (others dropped)."""
    prefix = history.show_prefix(root) if history.commit_exists(root, "HEAD") else ""
    return [path.removeprefix(prefix) for path in repo_paths if path.startswith(prefix)]


def _changed_specs(paths: list[str]) -> list[str]:
    """Slugs of the specifications whose file the pull request changes, sorted."""
    return sorted({m.group(1) for p in paths if (m := _SPEC_PATH.match(p))})


def _forbidden_edits(paths: list[str]) -> list[str]:
    """A pull request may not edit the panel or a ledger while it endorses."""
    problems = []
    if PANEL_FILE in paths:
        problems.append(f"the pull request changes {PANEL_FILE}; change the panel in a separate pull request")
    if any(p.startswith(LEDGER_DIR + "/") for p in paths):
        problems.append(
            f"the pull request edits {LEDGER_DIR}/; only `credgen endorse record` appends to a ledger"
        )
    return problems
