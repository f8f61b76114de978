"""`credgen codeowners`: CODEOWNERS generated from the panel, deterministic, and checked for staleness."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from credgen.cli import main
from tests.conftest import REPO

PANEL = """\
notice: Fictional panel for tests.
members:
  - login: chair-1
    name: C. Chair
    role: chair
    valid_from: 2024-01-01
  - login: aca-old
    name: A. Former
    role: academic
    valid_from: 2024-01-01
    valid_to: 2025-06-30
  - login: Clin-New
    name: N. Clinician
    role: clinical
    valid_from: 2026-01-01
  - login: lay-1
    name: L. Member
    role: lay
    valid_from: 2024-01-01
quorum:
  min_approvals: 2
  required_roles: [chair]
"""

EXPECTED_2025_09_01 = """\
# BEGIN credgen: generated from specs/panel.yaml by `credgen codeowners`; do not edit by hand
#
# Serving panel members:
#   @chair-1 (chair): C. Chair
#   @lay-1 (lay): L. Member
#
# Panel members review specifications, frameworks, glossary, ledger and delivery plans;
# the chair reviews changes to the panel, criteria, trusted keys and governance record.
/specs/credentials/     @chair-1 @lay-1
/specs/endorsements/    @chair-1 @lay-1
/specs/frameworks/      @chair-1 @lay-1
/specs/glossary.yaml    @chair-1 @lay-1
/specs/providers/       @chair-1 @lay-1
/specs/delivery/        @chair-1 @lay-1
/specs/panel.yaml       @chair-1
/specs/criteria.yaml    @chair-1
/specs/governance.yaml  @chair-1
/specs/keys/            @chair-1
# END credgen
"""


def _epoch(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp()))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with only a panel, on 2025-09-01 by SOURCE_DATE_EPOCH."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "panel.yaml").write_text(PANEL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2025-09-01"))
    return tmp_path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["codeowners", *args])
    return result.exit_code, result.stdout, result.stderr


def _codeowners(root: Path) -> str:
    return (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")


def test_writes_the_serving_members_then_is_fresh(project: Path) -> None:
    assert _run("--check") == (
        1,
        "",
        ".github/CODEOWNERS: stale; run 'credgen codeowners' and commit the result\n",
    )
    assert _run() == (0, "wrote .github/CODEOWNERS\n", "")
    text = _codeowners(project)
    assert text.endswith(EXPECTED_2025_09_01)
    assert text.startswith("# Who GitHub asks to review a change, by path;")
    assert _run("--check") == (0, "", "")
    assert _run() == (0, "", "")
    assert _codeowners(project) == text


def test_a_term_starting_or_ending_makes_it_stale(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _run()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2026-02-01"))
    assert _run("--check")[0] == 1
    _run()
    assert "/specs/credentials/     @chair-1 @Clin-New @lay-1\n" in _codeowners(project)


def test_lines_outside_the_block_are_kept(project: Path) -> None:
    stale_block = EXPECTED_2025_09_01.replace("@lay-1", "@someone-else")
    head = "# Maintainers own everything else.\n* @example-org/maintainers\n\n"
    tail = "\n/site/ @example-org/web\n"
    (project / ".github").mkdir()
    (project / ".github" / "CODEOWNERS").write_text(head + stale_block + tail, encoding="utf-8")
    assert _run("--check")[0] == 1
    _run()
    assert _codeowners(project) == head + EXPECTED_2025_09_01 + tail


def test_a_file_without_a_block_gets_one_appended(project: Path) -> None:
    (project / ".github").mkdir()
    (project / ".github" / "CODEOWNERS").write_text("* @example-org/maintainers", encoding="utf-8")
    _run()
    assert _codeowners(project) == "* @example-org/maintainers\n" + EXPECTED_2025_09_01


@pytest.mark.parametrize(
    ("setup", "message", "hint"),
    [
        (
            "broken-block",
            "error: .github/CODEOWNERS has a broken generated block "
            "(BEGIN and END lines must both appear, in order)",
            "hint: delete the block's lines and run 'credgen codeowners' to write it again",
        ),
        (
            "invalid-panel",
            "error: specs/panel.yaml is not valid (1 error)",
            "hint: run 'credgen check specs/panel.yaml' to see them",
        ),
        (
            "nobody-serving",
            "error: no member of the panel in specs/panel.yaml serves on 2023-06-01, so nobody could review",
            "hint: add a serving member, or set SOURCE_DATE_EPOCH when building outside git",
        ),
    ],
)
def test_problems_are_reported_without_a_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch, setup: str, message: str, hint: str
) -> None:
    if setup == "broken-block":
        (project / ".github").mkdir()
        (project / ".github" / "CODEOWNERS").write_text(
            EXPECTED_2025_09_01.partition("# END")[0], encoding="utf-8"
        )
    elif setup == "invalid-panel":
        (project / "specs" / "panel.yaml").write_text(PANEL.replace("role: lay", "role: layperson"), "utf-8")
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2023-06-01"))
    for args in ((), ("--check",)):
        assert _run(*args) == (1, "", f"{message}\n{hint}\n")


def test_a_missing_panel_is_an_error(project: Path) -> None:
    (project / "specs" / "panel.yaml").unlink()
    code, _, err = _run("--check")
    assert code == 1
    assert err.startswith("error: no specs/panel.yaml: CODEOWNERS is generated from the endorsement panel\n")


def _git(root: Path, *args: str, day: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if day:
        env |= {"GIT_AUTHOR_DATE": f"{day}T12:00:00Z", "GIT_COMMITTER_DATE": f"{day}T12:00:00Z"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def test_without_source_date_epoch_the_commit_date_decides(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "specs")
    _git(project, "commit", "-q", "-m", "panel", day="2025-09-01")
    _run()
    assert _codeowners(project).endswith(EXPECTED_2025_09_01)
    _git(project, "add", ".github")
    _git(project, "commit", "-q", "-m", "codeowners", day="2026-02-01")
    assert _run("--check")[0] == 1


def test_the_committed_codeowners_matches_the_example_panel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.chdir(REPO)
    assert _run("--check") == (0, "", "")
