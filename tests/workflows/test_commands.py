"""The workflows and pre-commit hooks call only credgen commands and options that exist.

Every `credgen ...` command is taken from the YAML (`run:` blocks, hook `entry:` lines), its
command path resolved through the real click group, each option checked against the command's
parameters, and `credgen <command> --help` run through click's CliRunner.
"""

from __future__ import annotations

from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from credgen.cli import main
from tests.conftest import REPO
from tests.workflows.conftest import load_workflow, workflow_files
from tests.workflows.shell import credgen_invocations

Invocation = tuple[str, list[str]]


def _workflow_invocations() -> list[Invocation]:
    found = []
    for path in workflow_files():
        for job_id, job in load_workflow(path)["jobs"].items():
            for step in job.get("steps", []):
                for args in credgen_invocations(step.get("run", "")):
                    found.append((f"{path.name}:{job_id}", args))
    return found


def _hook_invocations() -> list[Invocation]:
    found = []
    for name in (".pre-commit-hooks.yaml", ".pre-commit-config.yaml"):
        data = yaml.safe_load((REPO / name).read_text(encoding="utf-8"))
        hooks = data if isinstance(data, list) else [h for repo in data["repos"] for h in repo["hooks"]]
        for hook in hooks:
            for args in credgen_invocations(hook["entry"]):
                found.append((f"{name}:{hook['id']}", args))
    return found


INVOCATIONS = _workflow_invocations() + _hook_invocations()


def _resolve(args: list[str]) -> tuple[list[str], click.Command, list[str]]:
    """Split `credgen ARGS` into its command path, the command, and the remaining arguments."""
    command: click.Command = main
    path: list[str] = []
    rest = list(args)
    while isinstance(command, click.Group):
        while rest and rest[0].startswith("-"):
            _check_option(command, rest.pop(0), path)
        assert rest, f"'credgen {' '.join(path)}' needs a subcommand"
        name = rest.pop(0)
        with click.Context(command) as ctx:
            sub = command.get_command(ctx, name)
        assert sub is not None, f"credgen has no command '{' '.join([*path, name])}'"
        path.append(name)
        command = sub
    return path, command, rest


def _check_option(command: click.Command, word: str, path: list[str]) -> None:
    known = {"--help"} | {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)}
    name = word.split("=", 1)[0]
    assert name in known, f"'credgen {' '.join(path)}' has no option {name}"


@pytest.mark.parametrize(("where", "args"), INVOCATIONS, ids=[f"{w}:{' '.join(a)}" for w, a in INVOCATIONS])
def test_command_and_options_exist(where: str, args: list[str]) -> None:
    path, command, rest = _resolve(args)
    for word in rest:
        if word.startswith("-"):
            _check_option(command, word, path)
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, f"{where}: credgen {' '.join(path)} --help: {result.output}"
    assert result.output.startswith("Usage: ")


def _commands_in(where_prefix: str) -> set[str]:
    return {" ".join(_resolve(args)[0]) for where, args in INVOCATIONS if where.startswith(where_prefix)}


@pytest.mark.parametrize(
    ("workflow", "expected"),
    [
        ("validate.yml", {"check", "schema", "codeowners", "endorse verify", "build", "diff", "import"}),
        ("endorse.yml", {"endorse check", "endorse record"}),
        ("publish.yml", {"build"}),
        ("review-due.yml", {"review-due"}),
    ],
)
def test_each_workflow_runs_its_commands(workflow: str, expected: set[str]) -> None:
    assert _commands_in(workflow) == expected


def test_validate_annotates_and_checks_generated_files() -> None:
    runs = {" ".join(args) for where, args in INVOCATIONS if where.startswith("validate.yml:validate")}
    assert {"check --format github", "schema --check", "codeowners --check", "endorse verify"} <= runs
    assert not any(run.startswith("build") and "--no-pdf" in run for run in runs), (
        "the preview needs the PDFs"
    )


def test_unknown_commands_and_options_are_caught() -> None:
    with pytest.raises(AssertionError, match="credgen has no command 'endorse approve'"):
        _resolve(["endorse", "approve", "--pr", "1"])
    path, command, _ = _resolve(["schema", "--check"])
    with pytest.raises(AssertionError, match="'credgen schema' has no option --force"):
        _check_option(command, "--force", path)


def test_the_shell_reader_sees_commands_not_mentions() -> None:
    script = (
        "credgen check --format github  # annotations\n"
        'echo "run credgen check first" && credgen diff "$BASE" "$HEAD" > diff.md\n'
        "count=$(credgen review-due --within 90 | wc -l)\n"
        "if ! credgen schema --check; then exit 1; fi\n"
        "printf 'a quote over two lines\ncredgen is not run here\n'; credgen endorse \\\n  verify\n"
    )
    assert credgen_invocations(script) == [
        ["check", "--format", "github"],
        ["diff", "$BASE", "$HEAD"],
        ["review-due", "--within", "90"],
        ["schema", "--check"],
        ["endorse", "verify"],
    ]


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_every_workflow_was_read(workflows: dict[str, dict[str, Any]]) -> None:
    assert set(workflows) == {
        "validate.yml",
        "diff-comment.yml",
        "endorse.yml",
        "publish.yml",
        "review-due.yml",
    }
    assert all(_steps(w) for w in workflows.values())
