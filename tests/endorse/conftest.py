"""Real components for endorsement tests: a GitHub-shaped HTTP server and git repositories.

`github` serves `/repos/{owner}/{repo}/pulls/{n}` and its `/commits`, `/reviews` and `/files`
listings from plain dicts, paginated with `Link` headers, on 127.0.0.1. `project` is a git
repository in `tmp_path` holding the real frameworks, panel and one real specification, founded
under governance (`specs/governance.yaml`) with a maintainer key that `signing_key` generated
with real GnuPG; merges into main are signed with it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from tests.conftest import REPO

from credgen.cli import main

SLUG = "older-people-frailty"
SPEC = f"specs/credentials/{SLUG}/credential.yaml"
LEDGER = f"specs/endorsements/{SLUG}.yaml"
OWNER_REPO = "example-org/credential-specs"
PR_AUTHOR = "spec-editor"
_EPOCH = dt.datetime(2025, 3, 1, 9, 0, tzinfo=dt.UTC)
#: When `Project.merge` merges, unless told otherwise: GitHub's `merged_at` in `add_pull`.
MERGED_AT = dt.datetime(2025, 3, 5, 16, 0, tzinfo=dt.UTC)
KEY_FILE = "specs/keys/test-maintainer.asc"
GOVERNANCE = "specs/governance.yaml"
FOUNDING = """\
notice: "Illustrative test governance ledger."
format: 2
entries: []
"""


@dataclasses.dataclass(frozen=True)
class SigningKey:
    """A GnuPG home holding one secret ed25519 key, made for the test session."""

    home: Path
    fingerprint: str
    public: str

    def gpg(self, *args: str, data: str | None = None) -> str:
        """Run gpg in this home."""
        env = {**os.environ, "GNUPGHOME": str(self.home)}
        result = subprocess.run(
            ["gpg", "--batch", *args], input=data, env=env, capture_output=True, text=True, check=True
        )
        return result.stdout


def make_key(home: Path, uid: str, expire: str = "never") -> SigningKey:
    """Generate an ed25519 signing key with no passphrase in a new GnuPG home."""
    home.mkdir(mode=0o700)
    key = SigningKey(home, "", "")
    key.gpg("--passphrase", "", "--quick-gen-key", uid, "ed25519", "sign", expire)
    colons = key.gpg("--with-colons", "--list-secret-keys")
    fingerprint = next(line.split(":")[9] for line in colons.splitlines() if line.startswith("fpr"))
    return SigningKey(home, fingerprint, key.gpg("--armor", "--export", fingerprint))


def stop_agent(home: Path) -> None:
    """Stop the gpg-agent a key's home started."""
    env = {**os.environ, "GNUPGHOME": str(home)}
    subprocess.run(["gpgconf", "--kill", "all"], env=env, capture_output=True, check=False)


@pytest.fixture(scope="session")
def signing_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SigningKey]:
    """The maintainers' (illustrative) signing key, declared in the test project."""
    key = make_key(tmp_path_factory.mktemp("keys") / "maintainer", "Test Maintainer <maintainer@example.org>")
    yield key
    stop_agent(key.home)


@dataclasses.dataclass
class GitHubState:
    """What the fake API serves, and what it was asked."""

    pulls: dict[int, dict[str, Any]] = dataclasses.field(default_factory=dict)
    listings: dict[str, list[Any]] = dataclasses.field(default_factory=dict)
    failures: dict[str, tuple[int, dict[str, str], str]] = dataclasses.field(default_factory=dict)
    requests: list[tuple[str, str | None]] = dataclasses.field(default_factory=list)
    page_size: int = 2
    url: str = ""

    def add_pull(
        self,
        number: int,
        *,
        head: str,
        commits: list[str],
        reviews: list[dict[str, Any]],
        files: list[str] = [SPEC],  # noqa: B006 (never mutated)
        merge: str | None = None,
        base: str | None = None,
        merged_at: str = "2025-03-05T16:00:00Z",
        author: str = PR_AUTHOR,
    ) -> None:
        """Serve pull request `number` with these commits, reviews and files."""
        self.pulls[number] = {
            "number": number,
            "html_url": f"https://github.com/{OWNER_REPO}/pull/{number}",
            "user": {"login": author},
            "head": {"sha": head, "ref": "endorse"},
            "base": {"ref": "main", "sha": base},
            "state": "closed" if merge else "open",
            "merged": merge is not None,
            "merge_commit_sha": merge,
            "merged_at": merged_at if merge else None,
        }
        base = f"/repos/{OWNER_REPO}/pulls/{number}"
        self.listings[f"{base}/commits"] = [{"sha": sha} for sha in commits]
        self.listings[f"{base}/files"] = [{"filename": name, "status": "modified"} for name in files]
        self.listings[f"{base}/reviews"] = reviews


def review(
    review_id: int, login: str, state: str, commit: str, when: str = "2025-03-04T10:00:00Z", *, body: str = ""
) -> dict[str, Any]:
    """A review as GitHub's REST API returns it."""
    return {
        "id": review_id,
        "user": {"login": login, "type": "User"},
        "state": state,
        "commit_id": commit,
        "submitted_at": when,
        "body": body,
    }


class _Handler(BaseHTTPRequestHandler):
    state: GitHubState

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        self.state.requests.append((parts.path, self.headers.get("Authorization")))
        if parts.path in self.state.failures:
            status, headers, body = self.state.failures[parts.path]
            return self._send(status, body, headers)
        match = re.fullmatch(rf"/repos/{OWNER_REPO}/pulls/(\d+)", parts.path)
        if match and int(match.group(1)) in self.state.pulls:
            return self._send(200, json.dumps(self.state.pulls[int(match.group(1))]))
        if parts.path in self.state.listings:
            return self._page(parts.path, int(parse_qs(parts.query).get("page", ["1"])[0]))
        return self._send(404, json.dumps({"message": "Not Found"}))

    def _page(self, path: str, page: int) -> None:
        items = self.state.listings[path]
        size = self.state.page_size
        chunk = items[(page - 1) * size : page * size]
        headers = {}
        if page * size < len(items):
            headers["Link"] = f'<{self.state.url}{path}?per_page=100&page={page + 1}>; rel="next"'
        self._send(200, json.dumps(chunk), headers)

    def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[GitHubState]:
    """A GitHub-shaped API on 127.0.0.1, with GITHUB_API_URL/TOKEN/REPOSITORY pointing at it."""
    state = GitHubState()
    handler = type("Handler", (_Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    monkeypatch.setenv("GITHUB_API_URL", state.url)
    monkeypatch.setenv("GITHUB_TOKEN", "test-token")
    monkeypatch.setenv("GITHUB_REPOSITORY", OWNER_REPO)
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


class Project:
    """A credgen project that is a real git repository."""

    def __init__(self, root: Path, key: SigningKey | None = None) -> None:
        self.root = root
        self.key = key
        self._tick = 0
        self._base = _EPOCH

    def jump(self, moment: dt.datetime) -> None:
        """Move the clock: the next git call happens at `moment`."""
        self._base, self._tick = moment, -1

    def git(self, *args: str) -> str:
        """Run git in the project with a fixed identity and a clock that moves one minute a call."""
        self._tick += 1
        stamp = (self._base + dt.timedelta(minutes=self._tick)).isoformat()
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Test Author",
            "GIT_AUTHOR_EMAIL": "author@example.org",
            "GIT_COMMITTER_NAME": "Test Committer",
            "GIT_COMMITTER_EMAIL": "committer@example.org",
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
            **({"GNUPGHOME": str(self.key.home)} if self.key else {}),
        }
        result = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=True
        )
        return result.stdout.strip()

    def commit_all(self, message: str) -> str:
        """Commit every change; returns the new commit's sha."""
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def edit(self, relpath: str, old: str, new: str) -> None:
        """Replace `old` (which must occur once) with `new` in a file."""
        path = self.root / relpath
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (relpath, old)
        path.write_text(text.replace(old, new), encoding="utf-8")

    def endorse_branch(self, *, extra_edit: tuple[str, str] | None = None) -> tuple[str, str, str]:
        """On a branch: a first commit, then one setting the spec to endorsed; returns (first, head, base)."""
        base = self.git("rev-parse", "HEAD")
        self.git("checkout", "-q", "-b", "endorse")
        self.edit(SPEC, "  review_due: 2027-03-01\n", "  review_due: 2027-03-31\n")
        first = self.commit_all("Candidate text for review")
        self.edit(SPEC, "status: candidate\n", "status: endorsed\n")
        if extra_edit is not None:
            self.edit(SPEC, *extra_edit)
        head = self.commit_all("Set status to endorsed")
        self.git("checkout", "-q", "main")
        return first, head, base

    def merge(
        self, branch: str = "endorse", *, number: int = 7, at: dt.datetime = MERGED_AT, sign: bool = True
    ) -> str:
        """Merge `branch` into main with a real merge commit at `at`, signed; returns its sha."""
        self.jump(at)
        self.git(*self.signing(sign), "merge", "-q", "--no-ff", branch, "-m", f"Merge pull request #{number}")
        return self.git("rev-parse", "HEAD")

    def signing(self, sign: bool = True) -> list[str]:
        """git options that sign with the project's key (or explicitly not)."""
        if not sign or self.key is None:
            return ["-c", "commit.gpgsign=false"]
        return ["-c", f"user.signingkey={self.key.fingerprint}", "-c", "commit.gpgsign=true"]

    def commit_time(self, sha: str) -> str:
        """The committer time of `sha` as GitHub writes times."""
        stamp = int(self.git("show", "-s", "--format=%ct", sha))
        return dt.datetime.fromtimestamp(stamp, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def run(self, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
        """`credgen <args>` in the project: (exit code, stdout, stderr)."""
        monkeypatch.chdir(self.root)
        result = CliRunner().invoke(main, list(args))
        return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signing_key: SigningKey) -> Project:
    """A git repository with the real frameworks and panel and one real candidate specification."""
    return make_project(tmp_path, monkeypatch, signing_key)


@pytest.fixture
def criteria_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signing_key: SigningKey) -> Project:
    """`project`, founded with the real endorsement criteria (`specs/criteria.yaml`) too."""
    return make_project(tmp_path, monkeypatch, signing_key, criteria=True)


def make_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signing_key: SigningKey, *, criteria: bool = False
) -> Project:
    """The project fixtures' repository; its first commit founds the governance."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "project"
    (root / "specs" / "keys").mkdir(parents=True)
    (root / KEY_FILE).write_text(signing_key.public, encoding="utf-8")
    (root / GOVERNANCE).write_text(FOUNDING, encoding="utf-8")
    shutil.copytree(REPO / "specs" / "frameworks", root / "specs" / "frameworks")
    shutil.copy(REPO / "specs" / "panel.yaml", root / "specs" / "panel.yaml")
    if criteria:
        shutil.copy(REPO / "specs" / "criteria.yaml", root / "specs" / "criteria.yaml")
    (root / "specs" / "credentials" / SLUG).mkdir(parents=True)
    text = (REPO / SPEC).read_text(encoding="utf-8")
    (root / SPEC).write_text(text.replace("\nstatus: endorsed\n", "\nstatus: candidate\n"), encoding="utf-8")
    project = Project(root, signing_key)
    project.git("init", "-q", "-b", "main")
    project.commit_all("Initial corpus")
    return project


@pytest.fixture(scope="session")
def other_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SigningKey]:
    """A key nobody approved: what someone with push rights might sign with."""
    key = make_key(tmp_path_factory.mktemp("keys") / "intruder", "Intruder <intruder@example.org>")
    yield key
    stop_agent(key.home)
