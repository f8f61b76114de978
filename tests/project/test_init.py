"""`credgen init`: a new organisation's repository, and `--update` refreshing credgen's files."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from credgen.cli import main
from credgen.project.init import MANIFEST

#: Every file a project without examples starts with (besides the frameworks and schemas).
STARTER = [
    ".credgen-manifest.json",
    ".github/CODEOWNERS",
    ".github/dependabot.yml",
    ".github/workflows/diff-comment.yml",
    ".github/workflows/endorse.yml",
    ".github/workflows/publish.yml",
    ".github/workflows/review-due.yml",
    ".github/workflows/validate.yml",
    ".gitignore",
    ".pre-commit-config.yaml",
    "CONTRIBUTING.md",
    "README.md",
    "credgen.toml",
    "requirements.txt",
    "site/docs/index.md",
    "site/mkdocs.yml",
    "site/overrides/main.html",
    "site/overrides/partials/header.html",
    "specs/glossary.yaml",
    "specs/panel.yaml",
    "templates/README.md",
]


@pytest.fixture(autouse=True)
def _no_git_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a fresh machine: no git configuration, so init commits as its stand-in."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def _run(cwd: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> Result:
    monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, list(args))


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project made by `credgen init` for an invented organisation, without examples."""
    result = _run(tmp_path, "init", "demo", "--name", "Northshire: Faculty", "--short-name", "Faculty",
                  monkeypatch=monkeypatch)  # fmt: skip
    assert result.exit_code == 0, result.output
    return tmp_path / "demo"


def test_init_writes_a_committed_project(project: Path) -> None:
    tracked = _git(project, "ls-files").split()
    assert [p for p in tracked if not p.startswith(("schema/", "specs/frameworks/"))] == STARTER
    assert "schema/credential.schema.json" in tracked
    assert {"specs/frameworks/mpf-2017.yaml", "specs/frameworks/mpf-2025.yaml"} <= set(tracked)
    assert _git(project, "status", "--porcelain") == ""
    assert _git(project, "log", "--format=%an|%s") == "credgen init|Start the project with credgen init\n"
    config = (project / "credgen.toml").read_text(encoding="utf-8")
    assert 'name = "Northshire: Faculty"\nshort_name = "Faculty"\n' in config
    assert 'frameworks = ["mpf-2025", "mpf-2017"]' in config
    mkdocs = yaml.safe_load((project / "site" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert mkdocs["site_name"] == "Northshire: Faculty: credential specifications"
    assert "@replace-with-academic-login" in (project / ".github" / "CODEOWNERS").read_text(encoding="utf-8")


def test_workflows_install_the_pinned_credgen_and_stay_locked_down(project: Path) -> None:
    assert (project / "requirements.txt").read_text(encoding="utf-8") == "credgen==0.1.0\n"
    for path in sorted((project / ".github" / "workflows").glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"pip install \.", text), path.name
        installs = re.findall(r"pip install (.*)", text)
        assert set(installs) <= {"-r requirements.txt", "-r trusted/requirements.txt"}, path.name
        assert yaml.safe_load(text)["permissions"] == {}, path.name
        for ref in re.findall(r"uses:\s*(\S+)", text):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", ref), (
                f"{path.name}: {ref} is not SHA-pinned"
            )
    validate = (project / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt" in validate
    endorse = (project / ".github" / "workflows" / "endorse.yml").read_text(encoding="utf-8")
    assert "pip install -r trusted/requirements.txt" in endorse  # the base branch's credgen judges


def test_init_refuses_a_folder_that_is_not_empty(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(project.parent, "init", "demo", monkeypatch=monkeypatch)
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [
            f"error: {project.name} is not empty",
            "hint: choose a new folder, or use --update in an existing project",
        ],
    )


def test_update_with_nothing_new_changes_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(project, "init", "--update", monkeypatch=monkeypatch)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "", "updated 0 file(s); left 0 edited file(s) alone\n",
    )  # fmt: skip
    assert _git(project, "status", "--porcelain") == ""


def _install_older(project: Path, path: str, text: str) -> None:
    """Make `path` look as an older credgen installed it: its content and its manifest hash."""
    import hashlib

    (project / path).write_text(text, encoding="utf-8")
    manifest = json.loads((project / MANIFEST).read_text(encoding="utf-8"))
    manifest[path] = hashlib.sha256(text.encode()).hexdigest()
    (project / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def test_update_replaces_untouched_files_and_shows_the_diff(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    current = (project / "requirements.txt").read_text(encoding="utf-8")
    _install_older(project, "requirements.txt", "credgen==0.0.9\n")
    result = _run(project, "init", "--update", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "--- a/requirements.txt\n+++ b/requirements.txt\n@@ -1 +1 @@\n-credgen==0.0.9\n+credgen==0.1.0\n"
    )
    assert (project / "requirements.txt").read_text(encoding="utf-8") == current
    assert _git(project, "status", "--porcelain") == ""  # the manifest is back as committed


def test_update_refuses_to_overwrite_an_edited_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install_older(project, "requirements.txt", "credgen==0.0.9\n")
    publish = project / ".github" / "workflows" / "publish.yml"
    edited = publish.read_text(encoding="utf-8").replace("timeout-minutes: 30", "timeout-minutes: 45")
    publish.write_text(edited + "# our own note\n", encoding="utf-8")
    before = _git(project, "status", "--porcelain")
    result = _run(project, "init", "--update", monkeypatch=monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        ".github/workflows/publish.yml: edited in this project; credgen's new version differs",
        "error: 1 file(s) edited here would change; nothing written",
        "hint: merge credgen's changes by hand, or pass --keep-edited to refresh only the others",
    ]
    assert _git(project, "status", "--porcelain") == before  # nothing written

    result = _run(project, "init", "--update", "--keep-edited", monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == "updated 1 file(s); left 1 edited file(s) alone"
    assert publish.read_text(encoding="utf-8").endswith("# our own note\n")
    assert _git(project, "status", "--porcelain") == " M .github/workflows/publish.yml\n"
    again = _run(project, "init", "--update", "--keep-edited", monkeypatch=monkeypatch)
    assert again.stderr.splitlines()[-1] == "updated 0 file(s); left 1 edited file(s) alone"


def test_update_outside_a_project_made_by_init(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    result = _run(tmp_path, "init", "--update", monkeypatch=monkeypatch)
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [f"error: no {MANIFEST} in {tmp_path}", "hint: run --update in a project that credgen init created"],
    )


def test_zizmor_finds_nothing_in_a_new_project(project: Path) -> None:
    """The workflows as a project gets them (installing from requirements.txt), pedantic."""
    from tests.workflows.conftest import tool

    zizmor = tool("zizmor", 'pip install -e ".[test]"')
    inputs = [".github/workflows", ".github/dependabot.yml", ".pre-commit-config.yaml"]
    result = subprocess.run(
        [zizmor, "--offline", "--pedantic", "--format", "json", *inputs],
        cwd=project, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert (result.returncode, json.loads(result.stdout)) == (0, []), result.stderr


def test_any_name_survives_the_toml_and_yaml_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    name = 'Faculté "Nord": Care \\ Practice'
    result = _run(tmp_path, "init", "demo", "--name", name, monkeypatch=monkeypatch)
    assert result.exit_code == 0, result.output
    from credgen.project.config import load_organisation

    org = load_organisation(tmp_path / "demo")
    assert (org.name, org.short_name, org.title) == (name, name, f"{name}: credential specifications")
    mkdocs = yaml.safe_load((tmp_path / "demo" / "site" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert mkdocs["site_name"] == org.title
