"""Findings per endorsement criterion: read from a review's body, checked, kept in the ledger.

The numbered endorsement criteria are listed in `specs/criteria.yaml` (numbered from 4, after
the three gateway criteria). When that file exists, an approval counts only if its review body
holds a findings block giving every criterion a finding, all of them met:

    ```credgen-findings
    4: met - the need is stated for a defined population and workforce
    5: met - open to every regulated profession in advanced practice
    ```

One line per criterion: the number, `met` or `not met`, a dash and a short comment. A reviewer
who finds a criterion not met requests changes instead of approving; an approval that says
"not met" is refused as contradictory. The criteria as they stood at the merge's first parent
apply (the file is governed, like the panel).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from pydantic import Field

from credgen.endorse import history
from credgen.endorse.ledger import Finding
from credgen.exceptions import EndorsementError
from credgen.load.documents import parse_model
from credgen.models.common import Line, Model
from credgen.models.schema import register_schema

#: Where the numbered endorsement criteria are listed, relative to the project root.
CRITERIA_FILE = "specs/criteria.yaml"

_BLOCK = re.compile(r"```credgen-findings[ \t]*\r?\n(.*?)```", re.DOTALL)
_LINE = re.compile(r"^\s*(\d+)\s*:\s*(met|not met)\s*[-\u2013\u2014:]\s*(\S.*?)\s*$", re.IGNORECASE)


class Criterion(Model):
    """One numbered endorsement criterion."""

    number: int = Field(ge=4)
    """The criterion's number; endorsement criteria follow the three gateway criteria."""

    title: Line
    """What the criterion asks, in a line."""


class Criteria(Model):
    """`specs/criteria.yaml`: the endorsement criteria reviewers give findings on."""

    notice: Line | None = None
    """A note shown with the criteria, e.g. that they are illustrative."""

    criteria: list[Criterion] = Field(min_length=1)
    """The criteria, in order."""


register_schema("criteria.schema.json", Criteria)


def criteria_at(root: Path, sha: str | None = None) -> list[int]:
    """Criterion numbers at commit `sha` (the work tree when None); [] when there is no file."""
    if sha is None:
        path = root / CRITERIA_FILE
        text = path.read_text(encoding="utf-8") if path.is_file() else None
    else:
        text = history.text_at(root, sha, CRITERIA_FILE)
    if text is None:
        return []
    criteria, problems = parse_model(text, CRITERIA_FILE, Criteria)
    if criteria is None:
        where = "the work tree" if sha is None else f"commit {sha[:7]}"
        raise EndorsementError(f"{CRITERIA_FILE} in {where} is not valid: {problems[0].as_text()}")
    return [c.number for c in criteria.criteria]


def read_findings(body: str, criteria: Sequence[int]) -> tuple[list[Finding], str | None]:
    """The findings in a review body, and why they do not support an approval (or None)."""
    if not criteria:
        return [], None
    match = _BLOCK.search(body)
    if match is None:
        return [], "the review has no credgen-findings block"
    findings: list[Finding] = []
    for number, line in enumerate(match.group(1).splitlines(), 1):
        if not line.strip():
            continue
        parsed = _LINE.match(line)
        if parsed is None:
            return [], f"line {number} of the findings block is not '<criterion>: met|not met - <comment>'"
        met = parsed.group(2).lower() == "met"
        findings.append(Finding(criterion=int(parsed.group(1)), met=met, comment=parsed.group(3)))
    return findings, findings_problem(findings, criteria)


def findings_problem(findings: Sequence[Finding], criteria: Sequence[int]) -> str | None:
    """Why these findings do not support an approval under `criteria`, or None."""
    if not criteria:
        return None
    given = [f.criterion for f in findings]
    missing = [n for n in criteria if n not in given]
    unknown = sorted({n for n in given if n not in criteria})
    twice = sorted({n for n in given if given.count(n) > 1})
    if missing:
        return f"no finding on criterion {', '.join(map(str, missing))}"
    if unknown:
        return f"a finding on criterion {', '.join(map(str, unknown))}, which is not an endorsement criterion"
    if twice:
        return f"two findings on criterion {', '.join(map(str, twice))}"
    not_met = [str(f.criterion) for f in findings if not f.met]
    if not_met:
        return f"criterion {', '.join(not_met)} found not met, yet the review approves"
    return None
