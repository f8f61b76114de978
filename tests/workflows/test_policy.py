"""The workflow rules zizmor and actionlint do not state in our terms, checked on every file."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from tests.workflows.conftest import workflow_files
from tests.workflows.shell import simple_commands

Workflows = dict[str, dict[str, Any]]

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?:\s+#\s*(?P<comment>.*))?$")
PINNED = re.compile(r"^(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})$")
VERSION = re.compile(r"^v\d+\.\d+\.\d+$")


def _jobs(workflows: Workflows) -> list[tuple[str, str, dict[str, Any]]]:
    return [(name, job_id, job) for name, w in workflows.items() for job_id, job in w["jobs"].items()]


def _steps(workflows: Workflows) -> list[tuple[str, str, dict[str, Any]]]:
    return [(name, job_id, step) for name, job_id, job in _jobs(workflows) for step in job.get("steps", [])]


def test_no_permissions_by_default_and_each_job_states_its_own(workflows: Workflows) -> None:
    for name, workflow in workflows.items():
        assert workflow.get("permissions") == {}, f"{name}: top-level permissions must be {{}}"
    for name, job_id, job in _jobs(workflows):
        permissions = job.get("permissions")
        assert isinstance(permissions, dict), f"{name}:{job_id}: state the job's permissions"
        assert set(permissions.values()) <= {"read", "write"}, f"{name}:{job_id}: {permissions}"


def test_only_publishing_jobs_may_write() -> None:
    writes = {
        (path.name, line.split(":")[0].strip())
        for path in workflow_files()
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.match(r"^\s+[a-z-]+: write\b", line)
    }
    assert writes == {
        ("diff-comment.yml", "pull-requests"),
        ("endorse.yml", "contents"),
        ("endorse.yml", "actions"),
        ("publish.yml", "pages"),
        ("publish.yml", "id-token"),
        ("review-due.yml", "issues"),
    }


def test_no_pull_request_target(workflows: Workflows) -> None:
    for name, workflow in workflows.items():
        triggers = workflow["on"] if isinstance(workflow["on"], (dict, list)) else [workflow["on"]]
        assert "pull_request_target" not in triggers, name


def test_actions_are_pinned_to_a_commit_with_its_version() -> None:
    shas: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for path in workflow_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = USES.match(line)
            if match is None:
                continue
            where = f"{path.name}:{number}"
            pinned = PINNED.match(match["ref"])
            assert pinned, f"{where}: pin {match['ref']} to a full commit sha"
            comment = (match["comment"] or "").strip()
            assert VERSION.match(comment), f"{where}: follow the sha with '# vX.Y.Z', not {comment!r}"
            shas[pinned["action"]].add((pinned["sha"], comment))
    assert len(shas) >= 6
    for action, pins in shas.items():
        assert len(pins) == 1, f"{action} is pinned to different commits: {sorted(pins)}"


def test_checkout_never_leaves_credentials_behind(workflows: Workflows) -> None:
    checkouts = [
        (n, j, s) for n, j, s in _steps(workflows) if s.get("uses", "").startswith("actions/checkout@")
    ]
    assert checkouts
    for name, job_id, step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False, f"{name}:{job_id}"


def test_expressions_reach_scripts_only_through_env(workflows: Workflows) -> None:
    for name, job_id, step in _steps(workflows):
        assert "${{" not in step.get("run", ""), f"{name}:{job_id}: pass '${{{{ }}}}' values through env:"


def test_every_job_has_a_name_and_a_time_limit(workflows: Workflows) -> None:
    for name, job_id, job in _jobs(workflows):
        assert job.get("name"), f"{name}:{job_id}: the name is what branch protection requires"
        assert isinstance(job.get("timeout-minutes"), int), f"{name}:{job_id}"


def test_the_only_zizmor_suppression_is_the_reviewed_one() -> None:
    ignores = [
        (path.name, match)
        for path in workflow_files()
        for match in re.findall(r"zizmor: ignore\[([^\]]+)\]", path.read_text(encoding="utf-8"))
    ]
    assert ignores == [("diff-comment.yml", "dangerous-triggers")]


def test_the_workflow_run_job_treats_the_artifact_as_data(workflows: Workflows) -> None:
    steps = [step for name, _, step in _steps(workflows) if name == "diff-comment.yml"]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert uses == ["actions/download-artifact"]
    script = "\n".join(step.get("run", "") for step in steps)
    programs = {words[0] for words in simple_commands(script)}
    assert {"curl", "jq", "printf"} <= programs
    ran = programs & {
        "pip",
        "python",
        "python3",
        "credgen",
        "bash",
        "sh",
        "source",
        ".",
        "eval",
        "node",
        "npm",
    }
    assert not ran, f"diff-comment.yml must not run code: {sorted(ran)}"
    assert '"$pr_head" != "$HEAD_SHA"' in script, "the artifact's PR number must be checked against the run"


def test_endorse_check_is_judged_by_the_base_branch(workflows: Workflows) -> None:
    job = workflows["endorse.yml"]["jobs"]["check"]
    steps = job["steps"]
    trusted = next(s for s in steps if s.get("with", {}).get("path") == "trusted")
    assert trusted["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert any(s.get("run") == "python -m pip install ./trusted" for s in steps)
    assert not any(
        "pip install ./pr" in s.get("run", "") or s.get("run") == "python -m pip install ." for s in steps
    )
    run = next(s for s in steps if "credgen endorse check" in s.get("run", ""))
    assert run["working-directory"] == "pr"
    assert set(workflows["endorse.yml"]["on"]) == {"pull_request", "pull_request_review", "push"}
