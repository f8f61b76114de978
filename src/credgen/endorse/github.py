"""A small read-only client for the GitHub REST API: a pull request, its commits, files and reviews.

Built on `urllib` (no new dependency). It honours `GITHUB_API_URL` (GitHub Enterprise, or a
test server) and `GITHUB_TOKEN`, follows `Link: <...>; rel="next"` pagination, and turns every
failure (401, 403, 404, rate limits, unreachable host, malformed JSON) into an
`EndorsementError` that says what went wrong. The token is only ever sent to the API host.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from email.message import Message
from typing import Any

from credgen.exceptions import EndorsementError

DEFAULT_API_URL = "https://api.github.com"

#: Longest paginated listing followed (100 items a page): a guard against a looping `Link`.
MAX_PAGES = 50

_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


@dataclasses.dataclass(frozen=True, slots=True)
class PullRequest:
    """What the decision needs to know about a pull request."""

    number: int
    url: str
    author: str
    head_sha: str
    base_sha: str | None
    merged: bool
    merge_commit: str | None
    merged_at: dt.datetime | None


@dataclasses.dataclass(frozen=True, slots=True)
class Review:
    """One submitted review. `state` is GitHub's: APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED."""

    id: int
    login: str
    state: str
    commit_id: str | None
    submitted_at: dt.datetime | None
    body: str = ""


class GitHub:
    """Read one repository's pull requests through the REST API."""

    def __init__(self, repo: str, *, api_url: str = DEFAULT_API_URL, token: str | None = None) -> None:
        if not _REPO.fullmatch(repo):
            raise EndorsementError(f"repository must be written owner/name, not '{repo}'")
        self.repo = repo
        self.api_url = api_url.rstrip("/")
        self.token = token or None
        self.timeout = 30.0

    @classmethod
    def from_env(cls, repo: str | None, env: Mapping[str, str] = os.environ) -> GitHub:
        """A client configured from `GITHUB_API_URL`, `GITHUB_TOKEN` and `GITHUB_REPOSITORY`."""
        repo = repo or env.get("GITHUB_REPOSITORY")
        if not repo:
            raise EndorsementError(
                "no repository given", hint="pass --repo owner/name or set GITHUB_REPOSITORY"
            )
        api_url = env.get("GITHUB_API_URL") or DEFAULT_API_URL
        return cls(repo, api_url=api_url, token=env.get("GITHUB_TOKEN"))

    def pull(self, number: int) -> PullRequest:
        """The pull request `number`."""
        data = self._get(f"pulls/{number}", what=f"pull request #{number}")
        return _pull(data)

    def commits(self, number: int) -> list[str]:
        """Shas of the pull request's commits, oldest first."""
        return [_field(item, "sha") for item in self._pages(f"pulls/{number}/commits", number)]

    def files(self, number: int) -> list[str]:
        """Paths the pull request changes (and the old path of each renamed file)."""
        paths: list[str] = []
        for item in self._pages(f"pulls/{number}/files", number):
            paths.append(_field(item, "filename"))
            if item.get("previous_filename"):
                paths.append(str(item["previous_filename"]))
        return paths

    def reviews(self, number: int) -> list[Review]:
        """Submitted reviews of the pull request, in the order GitHub lists them."""
        return [_review(item) for item in self._pages(f"pulls/{number}/reviews", number)]

    # Transport ---------------------------------------------------------------------------

    def _get(self, path: str, *, what: str) -> Any:
        url = f"{self.api_url}/repos/{self.repo}/{path}"
        data, _ = self._request(url, what)
        return data

    def _pages(self, path: str, number: int) -> list[Any]:
        """Every item of a paginated listing, following `Link: rel="next"`."""
        url: str | None = f"{self.api_url}/repos/{self.repo}/{path}?per_page=100"
        items: list[Any] = []
        for _ in range(MAX_PAGES):
            if url is None:
                return items
            data, headers = self._request(url, f"pull request #{number}")
            if not isinstance(data, list):
                raise EndorsementError(f"GitHub API: expected a list from GET {_path(url)}")
            items += data
            url = self._next_page(headers.get("Link"))
        raise EndorsementError(f"GitHub API: more than {MAX_PAGES} pages from GET {path}")

    def _next_page(self, link: str | None) -> str | None:
        """The `rel="next"` address, refused unless it is on the API host (the token goes there)."""
        match = _NEXT.search(link or "")
        if match is None:
            return None
        url = match.group(1)
        if _origin(url) != _origin(self.api_url):
            raise EndorsementError(f"GitHub API: refusing to follow a next page on another host: {url}")
        return url

    def _request(self, url: str, what: str) -> tuple[Any, Message]:
        request = urllib.request.Request(url, headers=self._headers())
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                headers = response.headers
        except urllib.error.HTTPError as error:
            raise _http_error(error, url, what, self.repo) from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise EndorsementError(
                f"cannot reach the GitHub API at {self.api_url}: {reason}",
                hint="check GITHUB_API_URL and the network",
            ) from None
        try:
            return json.loads(body), headers
        except ValueError:
            raise EndorsementError(f"GitHub API: GET {_path(url)} did not return JSON") from None

    def _headers(self) -> dict[str, str]:
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "credgen",
        }
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers


def _http_error(error: urllib.error.HTTPError, url: str, what: str, repo: str) -> EndorsementError:
    """A clear error for an HTTP failure status."""
    status, headers = error.code, error.headers
    detail = _api_message(error)
    if status in (403, 429) and (headers.get("X-RateLimit-Remaining") == "0" or status == 429):
        return EndorsementError(f"GitHub API rate limit exceeded{_reset(headers)}", hint=_TOKEN_HINT)
    if status == 403 and headers.get("Retry-After"):
        wait = headers["Retry-After"]
        return EndorsementError(f"GitHub API secondary rate limit: retry after {wait} seconds")
    if status == 401:
        return EndorsementError(
            f"GitHub API refused the credentials (401 Unauthorized){detail}",
            hint="set GITHUB_TOKEN to a valid token",
        )
    if status == 403:
        return EndorsementError(
            f"GitHub API forbade reading {what} in {repo} (403 Forbidden){detail}",
            hint="the token needs 'pull-requests: read' and 'contents: read'",
        )
    if status == 404:
        return EndorsementError(
            f"GitHub API found no {what} in {repo} (404 Not Found)",
            hint="check the number and --repo; a private repository also needs GITHUB_TOKEN",
        )
    return EndorsementError(f"GitHub API returned HTTP {status} for GET {_path(url)}{detail}")


_TOKEN_HINT = "set GITHUB_TOKEN (authenticated requests have a much higher limit), or wait"


def _reset(headers: Message) -> str:
    """`; resets at <time>` from `X-RateLimit-Reset`, when present."""
    stamp = headers.get("X-RateLimit-Reset", "")
    if not stamp.isdigit():
        return ""
    when = dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC)
    return f"; it resets at {when:%Y-%m-%d %H:%M:%S} UTC"


def _api_message(error: urllib.error.HTTPError) -> str:
    """`: <message>` from a GitHub error body, when it has one."""
    try:
        message = json.loads(error.read()).get("message")
    except (ValueError, AttributeError, OSError):
        return ""
    return f": {message}" if isinstance(message, str) and message else ""


def _origin(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.netloc


def _path(url: str) -> str:
    return urllib.parse.urlsplit(url).path


# Decoding ----------------------------------------------------------------------------------


def _field(data: Any, key: str) -> Any:
    """`data[key]`, or a clear error when the API answered in an unexpected shape."""
    if not isinstance(data, dict) or data.get(key) is None:
        raise EndorsementError(f"GitHub API: unexpected response, no '{key}' field")
    return data[key]


def _time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise EndorsementError(f"GitHub API: '{value}' is not a timestamp") from None


def _login(data: Any) -> str:
    """A user's login; GitHub shows deleted accounts as null, credgen as 'ghost'."""
    return str(data["login"]) if isinstance(data, dict) and data.get("login") else "ghost"


def _pull(data: Any) -> PullRequest:
    return PullRequest(
        number=int(_field(data, "number")),
        url=str(_field(data, "html_url")),
        author=_login(data.get("user")),
        head_sha=str(_field(_field(data, "head"), "sha")),
        base_sha=(data.get("base") or {}).get("sha"),
        merged=bool(data.get("merged")),
        merge_commit=data.get("merge_commit_sha") if data.get("merged") else None,
        merged_at=_time(data.get("merged_at")),
    )


def _review(data: Any) -> Review:
    return Review(
        id=int(_field(data, "id")),
        login=_login(data.get("user")),
        state=str(_field(data, "state")),
        commit_id=data.get("commit_id"),
        submitted_at=_time(data.get("submitted_at")),
        body=str(data.get("body") or ""),
    )
