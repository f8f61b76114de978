"""The workflows' own scripts, run for real with bash, curl and jq against a fake GitHub API on
127.0.0.1 and against real git repositories: the PR diff comment, the review-due issue, and the
endorsement ledger commit.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.workflows.conftest import WORKFLOWS, load_workflow
from tests.workflows.fake_github import FakeGitHub

HEAD = "a" * 40
TOKEN = "t0ken-for-tests"
BOT = {"login": "github-actions[bot]", "type": "Bot"}
HUMAN = {"login": "reviewer-clinical-1", "type": "User"}
MARKER = "<!-- credgen-diff -->"


@dataclasses.dataclass(frozen=True, slots=True)
class StepResult:
    """What a step did."""

    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]


def _script(workflow: str, job: str, step: str) -> str:
    steps = load_workflow(WORKFLOWS / workflow)["jobs"][job]["steps"]
    return str(next(s["run"] for s in steps if s.get("name") == step))


def _run(script: str, tmp_path: Path, env: dict[str, str], cwd: Path | None = None) -> StepResult:
    """Run a `run:` block the way GitHub's runner does, with the variables a runner sets."""
    temp = tmp_path / "runner-temp"
    temp.mkdir(exist_ok=True)
    output = tmp_path / "github-output"
    output.write_text("", encoding="utf-8")
    path = tmp_path / "step.sh"
    path.write_text(script, encoding="utf-8")
    variables = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(tmp_path),
        "GIT_CONFIG_NOSYSTEM": "1",
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_REPOSITORY": "o/r",
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REF_NAME": "main",
        "GH_TOKEN": TOKEN,
        **env,
    }
    command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)]
    result = subprocess.run(
        command, cwd=cwd or tmp_path, env=variables, capture_output=True, text=True, timeout=60, check=False
    )
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if line)
    return StepResult(result.returncode, result.stdout, result.stderr, outputs)


# --- validate.yml: the validate job --------------------------------------------------------------

CHECK = _script("validate.yml", "validate", "Check the specifications")


@pytest.mark.parametrize(
    ("event", "code", "severity"), [("pull_request", 0, "warning"), ("push", 1, "error")]
)
def test_a_missing_ledger_entry_is_pending_only_on_a_pull_request(
    tmp_path: Path, event: str, code: int, severity: str
) -> None:
    """The endorsing pull request cannot hold its ledger entry yet; main must."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "specs", root / "specs")
    (root / "specs" / "endorsements" / "older-people-frailty.yaml").unlink()
    result = _run(CHECK, tmp_path, {"EVENT_NAME": event}, cwd=root)
    assert result.code == code, result.stdout + result.stderr
    assert f"::{severity} file=specs/credentials/older-people-frailty/" in result.stdout
    assert "title=CG601::" in result.stdout


# --- validate.yml: the diff job ------------------------------------------------------------------

DESCRIBE = _script("validate.yml", "diff", "Describe what merging would change")
FRAILTY_FILE = "specs/credentials/older-people-frailty/credential.yaml"


def _corpus_history(tmp_path: Path, head_text: str) -> tuple[Path, str, str]:
    """A git repository holding the example corpus (base), then `head_text` as the frailty spec."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "specs", root / "specs")
    _git(root.parent, "init", "-q", "-b", "main", str(root))
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "base")
    base = _git(root, "rev-parse", "HEAD").strip()
    (root / FRAILTY_FILE).write_text(head_text, encoding="utf-8")
    _git(root, "commit", "-q", "-am", "head")
    return root, base, _git(root, "rev-parse", "HEAD").strip()


def _describe(tmp_path: Path, head_text: str) -> tuple[StepResult, Path]:
    root, base, head = _corpus_history(tmp_path, head_text)
    summary = tmp_path / "summary.md"
    env = {"BASE_SHA": base, "GITHUB_SHA": head, "PR_NUMBER": "7", "GITHUB_STEP_SUMMARY": str(summary)}
    return _run(DESCRIBE, tmp_path, env, cwd=root), summary


def test_the_diff_job_writes_the_diff_and_the_pull_request_number(tmp_path: Path) -> None:
    original = (REPO / FRAILTY_FILE).read_text(encoding="utf-8")
    result, summary = _describe(
        tmp_path, original.replace("title: Older people and frailty", "title: Frailty")
    )
    assert result.code == 0, result.stderr
    assert result.outputs == {}
    diff = (tmp_path / "runner-temp" / "credgen-diff" / "diff.md").read_text(encoding="utf-8")
    assert "Frailty" in diff
    assert (tmp_path / "runner-temp" / "credgen-diff" / "pr-number").read_text(encoding="utf-8") == "7\n"
    assert summary.read_text(encoding="utf-8") == diff


def test_a_diff_that_cannot_be_computed_says_so(tmp_path: Path) -> None:
    result, _ = _describe(tmp_path, "title: [unclosed\n")
    assert result.code == 0, result.stderr
    assert result.outputs == {"failed": "true"}
    diff = (tmp_path / "runner-temp" / "credgen-diff" / "diff.md").read_text(encoding="utf-8")
    assert diff.startswith("_`credgen diff` could not compare this change")


# --- diff-comment.yml ------------------------------------------------------------------------

COMMENT = _script("diff-comment.yml", "comment", "Create or update the comment")


def _diff_dir(tmp_path: Path, number: str, diff: str) -> Path:
    folder = tmp_path / "credgen-diff"
    folder.mkdir()
    (folder / "pr-number").write_text(number + "\n", encoding="utf-8")
    (folder / "diff.md").write_text(diff, encoding="utf-8")
    return folder


def _comment(tmp_path: Path, api: FakeGitHub, diff: str, number: str = "7") -> StepResult:
    folder = _diff_dir(tmp_path, number, diff)
    env = {"GITHUB_API_URL": api.url, "HEAD_SHA": HEAD, "DIFF_DIR": str(folder)}
    return _run(COMMENT, tmp_path, env)


@pytest.fixture
def api() -> Any:
    with FakeGitHub() as fake:
        yield fake


def test_the_diff_becomes_one_new_comment(tmp_path: Path, api: FakeGitHub) -> None:
    api.on("GET", "/repos/o/r/pulls/7", {"number": 7, "head": {"sha": HEAD}})
    api.on("GET", "/repos/o/r/issues/7/comments?per_page=100&page=1", [])
    api.on("POST", "/repos/o/r/issues/7/comments", {"id": 99}, status=201)
    diff = f"{MARKER}\n## Changes to specifications\n\n"
    diff += "- capability C4 now maps to 1.6 and 2.7 (asked by @someone)\n"
    result = _comment(tmp_path, api, diff)
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == "commented on #7"
    (write,) = api.writes()
    body = write.body["body"]
    assert body.startswith(f"{MARKER}\n_For commit `{HEAD[:12]}`, written by `credgen diff`. ")
    assert body.count(MARKER) == 1
    assert "\n\n## Changes to specifications\n\n" in body
    assert "- capability C4 now maps to 1.6 and 2.7 (asked by @\u200bsomeone)\n" in body
    assert all(r.headers["Authorization"] == f"Bearer {TOKEN}" for r in api.requests)


def test_the_bots_earlier_comment_is_updated_even_on_a_later_page(tmp_path: Path, api: FakeGitHub) -> None:
    api.on("GET", "/repos/o/r/pulls/7", {"number": 7, "head": {"sha": HEAD}})
    chatter = [{"id": n, "user": HUMAN, "body": "looks good"} for n in range(100)]
    api.on("GET", "/repos/o/r/issues/7/comments?per_page=100&page=1", chatter)
    page2 = [
        {"id": 500, "user": HUMAN, "body": f"{MARKER} quoted by a person"},
        {"id": 555, "user": BOT, "body": f"{MARKER}\nold diff"},
    ]
    api.on("GET", "/repos/o/r/issues/7/comments?per_page=100&page=2", page2)
    api.on("PATCH", "/repos/o/r/issues/comments/555", {"id": 555})
    result = _comment(tmp_path, api, "")
    assert result.code == 0, result.stderr
    (write,) = api.writes()
    assert (write.method, write.path) == ("PATCH", "/repos/o/r/issues/comments/555")
    assert "No change to any specification, framework, glossary or panel." in write.body["body"]


def test_a_forged_pull_request_number_gets_no_comment(tmp_path: Path, api: FakeGitHub) -> None:
    api.on("GET", "/repos/o/r/pulls/8", {"number": 8, "head": {"sha": "b" * 40}})
    result = _comment(tmp_path, api, "anything", number="8")
    assert result.code == 0
    assert "leaving the comment to the newer run" in result.stdout
    assert api.writes() == []


def test_a_pull_request_number_that_is_not_a_number_is_refused(tmp_path: Path, api: FakeGitHub) -> None:
    result = _comment(tmp_path, api, "anything", number="7;touch pwned")
    assert result.code == 1
    assert "::error::the diff artifact does not hold a pull-request number" in result.stdout
    assert api.requests == []


def test_a_long_diff_is_cut_to_fit_a_comment(tmp_path: Path, api: FakeGitHub) -> None:
    api.on("GET", "/repos/o/r/pulls/7", {"number": 7, "head": {"sha": HEAD}})
    api.on("GET", "/repos/o/r/issues/7/comments?per_page=100&page=1", [])
    api.on("POST", "/repos/o/r/issues/7/comments", {"id": 1}, status=201)
    result = _comment(tmp_path, api, "- outcome LO9 removed\n" * 5000)
    assert result.code == 0, result.stderr
    body = api.writes()[0].body["body"]
    assert len(body) < 65536
    assert body.endswith("the full text is in the validate run summary._\n")


# --- review-due.yml --------------------------------------------------------------------------

ISSUE = _script("review-due.yml", "review-due", "Open, update or close the review issue")
LIST = "/repos/o/r/issues?state=open&labels=review-due&per_page=100"


def _due(tmp_path: Path, *due: dict[str, Any]) -> None:
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    payload = {"date": "2027-02-25", "within_days": 90, "due": list(due)}
    (temp / "due.json").write_text(json.dumps(payload), encoding="utf-8")


FRAILTY = {
    "slug": "older-people-frailty",
    "title": "Older people and frailty",
    "version": "1.0.0",
    "status": "endorsed",
    "review_due": "2027-02-22",
    "days_left": -3,
    "overdue": True,
    "path": "specs/credentials/older-people-frailty/credential.yaml",
}
ACUTE = FRAILTY | {
    "title": "Acute medicine",
    "status": "candidate",
    "review_due": "2027-05-01",
    "days_left": 65,
}


def test_an_issue_is_opened_listing_what_is_due(tmp_path: Path, api: FakeGitHub) -> None:
    _due(tmp_path, FRAILTY, ACUTE)
    api.on("GET", LIST, [])
    api.on("POST", "/repos/o/r/issues", {"number": 31}, status=201)
    result = _run(ISSUE, tmp_path, {"GITHUB_API_URL": api.url})
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == "opened issue #31"
    (write,) = api.writes()
    assert write.body["title"] == "Specifications due for review"
    assert write.body["labels"] == ["review-due"]
    lines = write.body["body"].splitlines()
    link = "https://github.com/o/r/blob/main/specs/credentials/older-people-frailty/credential.yaml"
    assert lines[0] == "2 specification(s) have a review date that is past or within 90 days:"
    assert lines[2] == (
        "- **Older people and frailty** 1.0.0 (endorsed), "
        f"[`specs/credentials/older-people-frailty/credential.yaml`]({link}): "
        "review due 2027-02-22, **overdue by 3 days**"
    )
    assert lines[3].startswith("- **Acute medicine** 1.0.0 (candidate), ")
    assert lines[3].endswith(": review due 2027-05-01, in 65 days")


def test_the_issue_lists_delivery_items_after_the_specifications(tmp_path: Path, api: FakeGitHub) -> None:
    condition = {
        "kind": "condition",
        "provider": "Severnside University (fictional)",
        "credential": "older-people-frailty",
        "version": "1.0.0",
        "due": "2027-01-31",
        "days_left": -25,
        "overdue": True,
        "path": "specs/delivery/severnside-university/older-people-frailty.reviews.yaml",
        "what": "condition 'Revise the brief'",
    }
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    payload = {"date": "2027-02-25", "within_days": 90, "due": [ACUTE], "delivery": [condition]}
    (temp / "due.json").write_text(json.dumps(payload), encoding="utf-8")
    api.on("GET", LIST, [])
    api.on("POST", "/repos/o/r/issues", {"number": 32}, status=201)
    result = _run(ISSUE, tmp_path, {"GITHUB_API_URL": api.url})
    assert result.code == 0, result.stderr
    (write,) = api.writes()
    lines = write.body["body"].splitlines()
    link = f"https://github.com/o/r/blob/main/{condition['path']}"
    assert lines[0] == "1 specification(s) have a review date that is past or within 90 days:"
    assert lines[4] == (
        "1 delivery item(s) (annual quality reviews, conditions, re-mapping) are past or within 90 days:"
    )
    assert lines[6] == (
        "- **Severnside University (fictional)**, older-people-frailty 1.0.0, "
        f"[`{condition['path']}`]({link}): "
        "condition 'Revise the brief' due 2027-01-31, **overdue by 25 days**"
    )


def test_the_open_issue_is_updated_and_pull_requests_are_ignored(tmp_path: Path, api: FakeGitHub) -> None:
    _due(tmp_path, ACUTE)
    api.on("GET", LIST, [{"number": 40, "pull_request": {"url": "..."}}, {"number": 12}])
    api.on("PATCH", "/repos/o/r/issues/12", {"number": 12})
    result = _run(ISSUE, tmp_path, {"GITHUB_API_URL": api.url})
    assert result.code == 0, result.stderr
    (write,) = api.writes()
    assert (write.method, write.path) == ("PATCH", "/repos/o/r/issues/12")
    assert "Acute medicine" in write.body["body"]


def test_the_issue_is_closed_when_nothing_is_due(tmp_path: Path, api: FakeGitHub) -> None:
    _due(tmp_path)
    api.on("GET", LIST, [{"number": 12}])
    api.on("POST", "/repos/o/r/issues/12/comments", {"id": 1}, status=201)
    api.on("PATCH", "/repos/o/r/issues/12", {"number": 12})
    result = _run(ISSUE, tmp_path, {"GITHUB_API_URL": api.url})
    assert result.code == 0, result.stderr
    comment, close = api.writes()
    assert comment.body == {"body": "No specification is due for review within 90 days."}
    assert close.body == {"state": "closed", "state_reason": "completed"}


def test_nothing_due_and_no_issue_writes_nothing(tmp_path: Path, api: FakeGitHub) -> None:
    _due(tmp_path)
    api.on("GET", LIST, [])
    result = _run(ISSUE, tmp_path, {"GITHUB_API_URL": api.url})
    assert (result.code, api.writes()) == (0, [])


def test_an_api_error_fails_the_step(tmp_path: Path, api: FakeGitHub) -> None:
    _due(tmp_path, ACUTE)
    api.on("GET", LIST, {"message": "Resource not accessible by integration"}, status=403)
    result = _run(ISSUE, tmp_path, {"GITHUB_API_URL": api.url})
    assert result.code != 0
    assert "403" in result.stderr
    assert api.writes() == []


# --- endorse.yml -----------------------------------------------------------------------------

FIND = _script("endorse.yml", "record", "Find the merged pull request")
PUSH = _script("endorse.yml", "record", "Commit and push the ledger entry")
DISPATCH = _script("endorse.yml", "publish", "Start the publish workflow on main")


@pytest.mark.parametrize(
    ("pulls", "number"),
    [([{"number": 4, "merged_at": None}, {"number": 5, "merged_at": "2026-11-02T10:00:00Z"}], "5"), ([], "")],
)
def test_the_merged_pull_request_is_found(
    tmp_path: Path, api: FakeGitHub, pulls: list[dict[str, Any]], number: str
) -> None:
    api.on("GET", f"/repos/o/r/commits/{HEAD}/pulls", pulls)
    result = _run(FIND, tmp_path, {"GITHUB_API_URL": api.url, "GITHUB_SHA": HEAD})
    assert result.code == 0, result.stderr
    assert result.outputs == {"number": number}


def test_publishing_is_started_through_the_api(tmp_path: Path, api: FakeGitHub) -> None:
    api.on("POST", "/repos/o/r/actions/workflows/publish.yml/dispatches", status=204)
    result = _run(DISPATCH, tmp_path, {"GITHUB_API_URL": api.url})
    assert result.code == 0, result.stderr
    assert api.writes()[0].body == {"ref": "main"}


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd)}
    env |= {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org"}
    env |= {"GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.org"}
    result = subprocess.run(
        ["git", "-C", str(cwd), *args], capture_output=True, text=True, env=env, check=True
    )
    return result.stdout


@pytest.fixture
def repos(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A bare remote at <server>/o/r.git, the runner's clone, and a colleague's clone."""
    server = tmp_path / "server"
    remote = server / "o" / "r.git"
    remote.mkdir(parents=True)
    _git(remote, "init", "-q", "--bare", "-b", "main")
    seed = tmp_path / "seed"
    seed.mkdir()
    _git(seed, "init", "-q", "-b", "main")
    (seed / "specs" / "endorsements").mkdir(parents=True)
    (seed / "specs" / "endorsements" / "frailty.yaml").write_text("entries:\n", encoding="utf-8")
    _git(seed, "add", ".")
    _git(seed, "commit", "-q", "-m", "seed")
    _git(seed, "push", "-q", str(remote), "main")
    runner, colleague = tmp_path / "runner", tmp_path / "colleague"
    _git(tmp_path, "clone", "-q", str(remote), str(runner))
    _git(runner, "checkout", "-q", "--detach")  # actions/checkout leaves HEAD detached at the pushed commit
    _git(tmp_path, "clone", "-q", str(remote), str(colleague))
    return server, runner, colleague


def _push(tmp_path: Path, server: Path, runner: Path, has_ledger_token: str = "false") -> StepResult:
    env = {"GITHUB_SERVER_URL": server.as_uri(), "PUSH_TOKEN": TOKEN, "HAS_LEDGER_TOKEN": has_ledger_token}
    return _run(PUSH, tmp_path, env | {"PR_NUMBER": "5"}, cwd=runner)


def test_the_ledger_entry_is_committed_and_pushed(tmp_path: Path, repos: tuple[Path, Path, Path]) -> None:
    server, runner, _ = repos
    (runner / "specs" / "endorsements" / "frailty.yaml").write_text("entries:\n  - version: 1.0.0\n", "utf-8")
    result = _push(tmp_path, server, runner)
    assert result.code == 0, result.stderr
    assert result.outputs == {"recorded": "true", "published-by-push": "false"}
    remote = server / "o" / "r.git"
    assert _git(remote, "log", "-1", "--format=%s%n%an", "main") == (
        "Record the endorsement from pull request #5\ngithub-actions[bot]\n"
    )
    assert "version: 1.0.0" in _git(remote, "show", "main:specs/endorsements/frailty.yaml")


def test_a_push_that_lost_a_race_is_rebased_and_retried(
    tmp_path: Path, repos: tuple[Path, Path, Path]
) -> None:
    server, runner, colleague = repos
    (colleague / "README.md").write_text("merged meanwhile\n", encoding="utf-8")
    _git(colleague, "add", ".")
    _git(colleague, "commit", "-q", "-m", "another merge")
    _git(colleague, "push", "-q", "origin", "main")
    (runner / "specs" / "endorsements" / "new.yaml").write_text("entries: []\n", encoding="utf-8")
    result = _push(tmp_path, server, runner, has_ledger_token="true")
    assert result.code == 0, result.stderr
    assert "push 1 failed; main moved on" in result.stdout
    assert result.outputs == {"recorded": "true", "published-by-push": "true"}
    subjects = _git(server / "o" / "r.git", "log", "--format=%s", "main").splitlines()
    assert subjects == ["Record the endorsement from pull request #5", "another merge", "seed"]


def test_nothing_to_record_pushes_nothing(tmp_path: Path, repos: tuple[Path, Path, Path]) -> None:
    server, runner, _ = repos
    result = _push(tmp_path, server, runner)
    assert result.code == 0, result.stderr
    assert "pull request #5 endorsed nothing" in result.stdout
    assert result.outputs == {}
    assert _git(server / "o" / "r.git", "log", "--format=%s", "main") == "seed\n"
