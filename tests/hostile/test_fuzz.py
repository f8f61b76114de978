"""The fuzz target's oracles can fail: each one catches what it is there to catch."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.fuzz import Fuzzer, _exit_problems, _json_positions, _make_project, _output_problems
from click.testing import CliRunner

from credgen.cli import main


def test_broken_outputs_are_findings(tmp_path: Path) -> None:
    (tmp_path / "feed.xml").write_text("<feed><title>a\x01b</title></feed>", encoding="utf-8")
    (tmp_path / "data.json").write_text('{"title": ', encoding="utf-8")
    (tmp_path / "mapping.csv").write_text('slug,title\r\na,"=HYPERLINK(1)"\r\n', encoding="utf-8")
    (tmp_path / "citation.ris").write_bytes(b"TY  - GEN\r\nTI  - @SUM(1)\r\nER  - \r\n")
    problems = [problem.split(" is invalid")[0] for problem in _output_problems(tmp_path)]
    assert problems == [
        "build: .ris output citation.ris",
        "build: .json output data.json",
        "build: .xml output feed.xml",
        "build: .csv output mapping.csv",
    ]


def test_a_traceback_and_a_missing_position_are_findings() -> None:
    crashed = CliRunner().invoke(
        main, ["check", "--format", "json", "/no/such/folder"], catch_exceptions=True
    )
    assert _exit_problems("check", crashed) == ["check: exit status 2"]
    unplaced = '[{"file": "", "line": 0, "column": 1, "code": "CG001", "message": "m"}]'
    assert _json_positions(unplaced) == [
        "check: diagnostic without a position: "
        "{'file': '', 'line': 0, 'column': 1, 'code': 'CG001', 'message': 'm'}"
    ]


def test_a_hostile_input_runs_without_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _make_project(tmp_path)
    monkeypatch.chdir(project)
    fuzzer = Fuzzer(project, tmp_path / "findings", build_every=1)
    target = "specs/credentials/pelvic-health/credential.yaml"
    hostile = fuzzer.pristine[target].replace(b"credits: 30", b"credits: " + b"9" * 5000)
    fuzzer.run(target, hostile)
    assert (fuzzer.inputs, fuzzer.builds, fuzzer.found) == (1, 1, {})
    assert (project / target).read_bytes() == fuzzer.pristine[target]
    assert not (tmp_path / "findings").exists()
