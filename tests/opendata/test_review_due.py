"""`credgen review-due`: specifications whose review date is near or past, as text and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from credgen.cli import main
from tests.conftest import MakeProject
from tests.opendata.conftest import V1, V2

RETIRED = V1.replace("status: candidate", "status: withdrawn").replace("2027-06-01", "2020-01-01")


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    return make_project({
        "due-soon": V1,  # review due 2027-06-01
        "later": V2,  # review due 2028-02-01
        "retired": RETIRED,  # past due, but withdrawn: never listed
        "undated": V1.replace("  review_due: 2027-06-01\n", ""),
    })  # fmt: skip


def _run(root: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["review-due", *args])
    return result.exit_code, result.stdout, result.stderr


def test_text_lists_due_and_overdue_in_date_order(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = _run(project, "--on", "2027-06-02", "--within", "300", monkeypatch=monkeypatch)
    assert code == 0
    assert out.splitlines() == [
        "specs/credentials/due-soon/credential.yaml: review due 2027-06-01 (overdue by 1 day): "
        "Complex wound care 1.0.0 (candidate)",
        "specs/credentials/later/credential.yaml: review due 2028-02-01 (in 244 days): "
        "Complex wound care 1.1.0 (endorsed)",
    ]


def test_window_and_nothing_due(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = _run(project, "--on", "2027-05-01", "--within", "30", monkeypatch=monkeypatch)
    assert (code, out) == (0, "no specification is due for review within 30 days of 2027-05-01\n")
    code, out, _ = _run(
        project, "--on", "2027-05-01", "--within", "30", "--format", "json", monkeypatch=monkeypatch
    )
    assert json.loads(out) == {"date": "2027-05-01", "within_days": 30, "due": [], "delivery": []}


def test_json_for_a_scheduled_workflow(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = _run(project, "--on", "2027-06-01", "--format", "json", monkeypatch=monkeypatch)
    assert code == 0
    assert json.loads(out)["due"] == [{
        "slug": "due-soon", "title": "Complex wound care", "version": "1.0.0", "status": "candidate",
        "review_due": "2027-06-01", "days_left": 0, "overdue": False,
        "path": "specs/credentials/due-soon/credential.yaml",
    }]  # fmt: skip


def test_bad_options_are_usage_errors(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(project, "--within", "-1", monkeypatch=monkeypatch)[0] == 2
    assert _run(project, "--on", "1 June", monkeypatch=monkeypatch)[0] == 2
