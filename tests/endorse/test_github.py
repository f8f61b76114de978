"""The GitHub REST client against a real HTTP server: pagination and every kind of API error."""

from __future__ import annotations

import json
import socket

import pytest
from tests.endorse.conftest import OWNER_REPO, GitHubState, Project, review

from credgen.endorse.github import GitHub
from credgen.exceptions import EndorsementError

PULL = f"/repos/{OWNER_REPO}/pulls/7"
SHA = "a" * 40


def _client(github: GitHubState) -> GitHub:
    return GitHub.from_env(None)


def test_listings_follow_link_headers_across_pages(github: GitHubState) -> None:
    reviews = [review(i, f"user-{i}", "COMMENTED", SHA) for i in range(1, 8)]
    github.add_pull(7, head=SHA, commits=[SHA], reviews=reviews)
    found = _client(github).reviews(7)
    assert [r.id for r in found] == [1, 2, 3, 4, 5, 6, 7]
    assert [path for path, _ in github.requests] == [f"{PULL}/reviews"] * 4
    assert found[0].login == "user-1"
    assert (
        found[0].submitted_at is not None and found[0].submitted_at.isoformat() == "2025-03-04T10:00:00+00:00"
    )


def test_the_token_is_not_sent_to_another_host(github: GitHubState) -> None:
    github.add_pull(7, head=SHA, commits=[SHA], reviews=[])
    github.failures[f"{PULL}/commits"] = (
        200,
        {"Link": '<https://elsewhere.example/steal?page=2>; rel="next"'},
        json.dumps([{"sha": SHA}]),
    )
    with pytest.raises(EndorsementError) as caught:
        _client(github).commits(7)
    assert caught.value.message == (
        "GitHub API: refusing to follow a next page on another host: https://elsewhere.example/steal?page=2"
    )


@pytest.mark.parametrize(
    ("status", "headers", "message", "hint"),
    [
        (
            401,
            {},
            "GitHub API refused the credentials (401 Unauthorized): Bad credentials",
            "set GITHUB_TOKEN to a valid token",
        ),
        (
            403,
            {},
            f"GitHub API forbade reading pull request #7 in {OWNER_REPO} (403 Forbidden): "
            "Resource not accessible by integration",
            "the token needs 'pull-requests: read' and 'contents: read'",
        ),
        (
            403,
            {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1741190400"},
            "GitHub API rate limit exceeded; it resets at 2025-03-05 16:00:00 UTC",
            "set GITHUB_TOKEN (authenticated requests have a much higher limit), or wait",
        ),
        (
            429,
            {},
            "GitHub API rate limit exceeded",
            "set GITHUB_TOKEN (authenticated requests have a much higher limit), or wait",
        ),
        (
            404,
            {},
            f"GitHub API found no pull request #7 in {OWNER_REPO} (404 Not Found)",
            "check the number and --repo; a private repository also needs GITHUB_TOKEN",
        ),
        (502, {}, f"GitHub API returned HTTP 502 for GET {PULL}: Server Error", None),
    ],
    ids=["401", "403", "rate-limit", "429", "404", "502"],
)
def test_api_errors_are_explained(
    github: GitHubState, status: int, headers: dict[str, str], message: str, hint: str | None
) -> None:
    bodies = {
        401: "Bad credentials",
        403: "Resource not accessible by integration",
        429: "",
        404: "Not Found",
        502: "Server Error",
    }
    github.failures[PULL] = (status, headers, json.dumps({"message": bodies[status]}))
    with pytest.raises(EndorsementError) as caught:
        _client(github).pull(7)
    assert (caught.value.message, caught.value.hint) == (message, hint)


def test_an_api_error_ends_the_check_with_exit_1_and_no_traceback(
    project: Project, github: GitHubState, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = project.run("endorse", "check", "--pr", "41", monkeypatch=monkeypatch)
    assert (code, out) == (1, "")
    assert err == (
        f"error: GitHub API found no pull request #41 in {OWNER_REPO} (404 Not Found)\n"
        "hint: check the number and --repo; a private repository also needs GITHUB_TOKEN\n"
    )


def test_an_unreachable_api_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = GitHub(OWNER_REPO, api_url=f"http://127.0.0.1:{port}")
    with pytest.raises(EndorsementError) as caught:
        client.pull(7)
    assert caught.value.message.startswith(f"cannot reach the GitHub API at http://127.0.0.1:{port}: ")
    assert caught.value.hint == "check GITHUB_API_URL and the network"


def test_a_response_that_is_not_json_is_explained(github: GitHubState) -> None:
    github.failures[PULL] = (200, {}, "<html>proxy login</html>")
    with pytest.raises(EndorsementError) as caught:
        _client(github).pull(7)
    assert caught.value.message == f"GitHub API: GET {PULL} did not return JSON"
