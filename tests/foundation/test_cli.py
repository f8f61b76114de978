"""The command line: exit codes, output formats, --strict, new and schema."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from credgen.cli import main
from tests.conftest import REPO, MakeProject

MINIMAL = (Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")
BROKEN = MINIMAL.replace("  - id: LO2\n    text: Appraise evidence.\n    capabilities:\n      - A2\n", "")


def _invoke(root: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_valid_corpus_exits_0(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project({"minimal": MINIMAL})
    code, out, err = _invoke(root, "check", monkeypatch=monkeypatch)
    assert (code, out) == (0, "")
    assert err.strip() == "checked 1 specification and 2 frameworks: 0 errors, 0 warnings"


def test_errors_exit_1_in_compiler_format(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project({"minimal": BROKEN})
    code, out, _ = _invoke(root, "check", "specs", monkeypatch=monkeypatch)
    assert code == 1
    assert out.splitlines() == [
        "specs/credentials/minimal/credential.yaml:34:13: error[CG205]: "
        "capability 'A2' is not developed by any outcome",
        "specs/credentials/minimal/credential.yaml:50:9: error[CG207]: "
        "assessment 'AS1' names unknown outcome 'LO2' (did you mean 'LO1'?)",
    ]


def test_github_format_prints_workflow_commands(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project({"minimal": BROKEN})
    code, out, _ = _invoke(root, "check", "--format", "github", monkeypatch=monkeypatch)
    assert code == 1
    assert out.splitlines()[0] == (
        "::error file=specs/credentials/minimal/credential.yaml,line=34,col=13,title=CG205::"
        "capability 'A2' is not developed by any outcome"
    )


def test_json_format_lists_diagnostics(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project({"minimal": BROKEN})
    code, out, _ = _invoke(root, "check", "--format", "json", monkeypatch=monkeypatch)
    assert code == 1
    first = json.loads(out)[0]
    assert first == {
        "file": "specs/credentials/minimal/credential.yaml",
        "line": 34,
        "column": 13,
        "severity": "error",
        "code": "CG205",
        "message": "capability 'A2' is not developed by any outcome",
    }


def test_strict_turns_warnings_into_errors(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    unmapped_research = MINIMAL.replace("          - mpf-2017:4.3\n", "")
    root = make_project({"minimal": unmapped_research})
    code, out, _ = _invoke(root, "check", monkeypatch=monkeypatch)
    assert code == 0
    assert "warning[CG501]: no capability maps to pillar 4 (Research)" in out
    code, out, _ = _invoke(root, "check", "--strict", monkeypatch=monkeypatch)
    assert code == 1
    assert "error[CG501]" in out


def test_paths_restrict_the_report(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    good = MINIMAL.replace("title: Minimal example", "title: Good example")
    root = make_project({"good": good, "bad": BROKEN})
    code, out, _ = _invoke(root, "check", "specs/credentials/good", monkeypatch=monkeypatch)
    assert (code, out) == (0, "")
    code, out, _ = _invoke(root, "check", "specs/credentials/bad/credential.yaml", monkeypatch=monkeypatch)
    assert code == 1
    assert out.count("error[") == 2


def test_usage_errors_exit_2(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project({"minimal": MINIMAL})
    assert _invoke(root, "check", "--format", "xml", monkeypatch=monkeypatch)[0] == 2
    assert _invoke(root, "check", "no/such/path", monkeypatch=monkeypatch)[0] == 2


def test_outside_a_project_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = _invoke(tmp_path, "check", ".", monkeypatch=monkeypatch)
    assert code == 1
    assert err.startswith("error: no 'specs' folder at or above ")
    assert "hint: run credgen inside a credgen project" in err


def test_new_scaffolds_a_specification_that_passes_check(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project({})
    code, out, _ = _invoke(
        root, "new", "pelvic-health", "--title", 'Pelvic "health"', monkeypatch=monkeypatch
    )
    assert (code, out.strip()) == (0, "created specs/credentials/pelvic-health/credential.yaml")
    created = (root / "specs/credentials/pelvic-health/credential.yaml").read_text(encoding="utf-8")
    assert created.startswith("# yaml-language-server: $schema=../../../schema/credential.schema.json\n")
    assert 'title: "Pelvic \\"health\\""' in created
    code, out, _ = _invoke(root, "check", monkeypatch=monkeypatch)
    assert (code, out) == (0, "")
    code, _, err = _invoke(root, "new", "pelvic-health", monkeypatch=monkeypatch)
    assert code == 1
    assert "already exists" in err
    code, _, err = _invoke(root, "new", "Bad_Slug", monkeypatch=monkeypatch)
    assert (code, err.splitlines()[0]) == (1, "error: 'Bad_Slug' is not a valid slug")


def test_schema_check_detects_stale_schemas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REPO / "schema", tmp_path / "schema")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["schema", "--check"]).exit_code == 0
    stale = tmp_path / "schema" / "credential.schema.json"
    stale.write_text("{}\n", encoding="utf-8")
    result = runner.invoke(main, ["schema", "--check"])
    assert result.exit_code == 1
    assert "schema/credential.schema.json: stale" in result.stderr
    assert runner.invoke(main, ["schema"]).exit_code == 0
    assert runner.invoke(main, ["schema", "--check"]).exit_code == 0


def test_committed_schemas_match_the_models() -> None:
    from credgen.models.schema import stale_schemas

    assert stale_schemas(REPO / "schema") == []


def _fresh_python(code: str, cwd: Path | None = None) -> str:
    """What `code` prints in a new interpreter (nothing imported yet)."""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd)
    return run.stdout


def test_help_does_not_import_the_heavy_stages() -> None:
    out = _fresh_python(
        "import sys; from click.testing import CliRunner; from credgen.cli import main; "
        "CliRunner().invoke(main, ['--help']); "
        "print(sorted(m for m in ('weasyprint', 'mkdocs', 'pydantic', 'yaml') if m in sys.modules))"
    )
    assert out.strip() == "[]"


def test_verbose_lets_the_traceback_through(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from credgen.exceptions import ProjectError

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["-v", "check", "."])
    assert isinstance(result.exception, ProjectError)


def test_pending_endorsement_makes_a_missing_ledger_entry_a_warning(
    example_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (example_project / "specs" / "endorsements" / "older-people-frailty.yaml").unlink()
    code, out, _ = _invoke(example_project, "check", monkeypatch=monkeypatch)
    assert code == 1
    assert "error[CG601]: status is 'endorsed' but" in out
    code, out, _ = _invoke(example_project, "check", "--pending-endorsement", monkeypatch=monkeypatch)
    assert code == 0
    assert "warning[CG601]" in out


@pytest.mark.parametrize("package", ["credgen"])
def test_the_public_surface_resolves_lazily(package: str) -> None:
    out = _fresh_python(
        f"import sys, importlib; p = importlib.import_module({package!r}); "
        "before = 'pydantic' in sys.modules; "
        "names = [getattr(p, n).__name__ for n in p.__all__]; "
        "print(before, len(names) == len(p.__all__))"
    )
    assert out.split() == ["False", "True"]
    with pytest.raises(AttributeError):
        __import__(package, fromlist=["_"]).no_such_name  # noqa: B018
