"""CG611: statuses move only along the lifecycle, judged against the record and a base revision.

Two rules:

- *Against the record* (always): a version that has an entry in its ledger was endorsed, so
  its status can only be `endorsed`, `superseded` or `withdrawn`. Setting it back to a draft
  status would silently erase the endorsement from the site.
- *Against a base revision* (`credgen check --base REV`, run by CI on pull requests): for a
  specification whose version is unchanged, the status moves only along `TRANSITIONS`. A new
  version starts its own lifecycle, so it is not compared.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from credgen.diagnostics import Diagnostic
from credgen.endorse import history
from credgen.endorse.ledger import Ledger, ledger_path, load_ledger
from credgen.load.documents import Corpus, Document
from credgen.load.source import parse_text
from credgen.models.credential import Credential, Status

#: Statuses a version with a ledger entry may have.
RECORDED = frozenset({Status.ENDORSED, Status.SUPERSEDED, Status.WITHDRAWN})

#: For one version: each status, and the statuses it may move to (staying put is always allowed).
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.PROPOSED: frozenset({Status.IN_DEVELOPMENT, Status.CANDIDATE, Status.WITHDRAWN}),
    Status.IN_DEVELOPMENT: frozenset({Status.CANDIDATE, Status.WITHDRAWN}),
    Status.CANDIDATE: frozenset({Status.IN_DEVELOPMENT, Status.ENDORSED, Status.WITHDRAWN}),
    Status.ENDORSED: frozenset({Status.SUPERSEDED, Status.WITHDRAWN}),
    Status.SUPERSEDED: frozenset({Status.WITHDRAWN}),
    Status.WITHDRAWN: frozenset(),
}


def recorded_status_rules(corpus: Corpus) -> Iterator[Diagnostic]:
    """CG611: a version with a ledger entry is endorsed, superseded or withdrawn."""
    for slug, document in corpus.credentials.items():
        ledger, _ = load_ledger(corpus.root, slug)
        if ledger is not None and document.model.status not in RECORDED:
            yield from _back_to_draft(corpus.root, slug, document, ledger)


def _back_to_draft(
    root: Path, slug: str, document: Document[Credential], ledger: Document[Ledger]
) -> Iterator[Diagnostic]:
    spec = document.model
    for index, entry in enumerate(ledger.model.entries):
        if entry.version != spec.version:
            continue
        line = ledger.source.at(("entries", index))[0]
        shown = ledger_path(root, slug).relative_to(root).as_posix()
        message = (
            f"version {spec.version} was endorsed ({shown}:{line}, pull request #{entry.pr_number}), so its "
            f"status cannot be '{spec.status}': it can only be endorsed, superseded or withdrawn; "
            "to change the text, give it a new version"
        )
        yield document.source.error("CG611", message, ("status",))
        return


def transition_rules(corpus: Corpus, base: str) -> Iterator[Diagnostic]:
    """CG611: each specification's status moved along `TRANSITIONS` since commit `base`."""
    for slug, document in corpus.credentials.items():
        before = _status_at(corpus.root, base, document.path)
        if before is None or before[0] != document.model.version:
            continue
        old, new = before[1], document.model.status
        if new != old and new not in TRANSITIONS[old]:
            allowed = ", ".join(sorted(TRANSITIONS[old])) or "nothing"
            message = (
                f"version {document.model.version} of '{slug}' was '{old}' at {base[:12]} and may not become "
                f"'{new}' (from '{old}' it may move to: {allowed})"
            )
            yield document.source.error("CG611", message, ("status",))


def _status_at(root: Path, sha: str, path: str) -> tuple[str, Status] | None:
    """(version, status) of the specification at `path` in commit `sha`, when it had both."""
    text = history.text_at(root, sha, path)
    data = parse_text(text, path).data if text is not None else None
    if not isinstance(data, dict) or data.get("status") not in set(Status):
        return None
    return str(data.get("version")), Status(data["status"])
