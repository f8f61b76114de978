"""`credgen migrate`: every example upgrades from format 1 to format 2 with its comments and
layout intact, a second run changes nothing, and `check` names the command for old files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from credgen.authoring.migrate import migratable_files, migrate_file, migrate_project
from credgen.cli import main
from credgen.exceptions import ProjectError
from credgen.load.documents import load_corpus
from credgen.validate.content import format_rules
from tests.conftest import REPO

EXAMPLES = [path.relative_to(REPO).as_posix() for path in migratable_files(REPO)]
LINE = "credgen_format: 2\n"


def _format_1(text: str) -> str:
    """The file as it was before format versions: without its `credgen_format` line."""
    return text.replace(LINE, "", 1)


@pytest.mark.parametrize("relpath", EXAMPLES)
def test_every_example_upgrades_from_format_1_adding_one_line(relpath: str, tmp_path: Path) -> None:
    committed = (REPO / relpath).read_text(encoding="utf-8")
    old = _format_1(committed)
    path = tmp_path / "file.yaml"
    path.write_text(old, encoding="utf-8")
    assert migrate_file(path, shown_as=relpath)
    new = path.read_text(encoding="utf-8")
    lines = old.splitlines(keepends=True)
    comments = len([line for line in lines[:3] if line.startswith("#")])
    assert new == "".join(lines[:comments]) + LINE + "".join(lines[comments:])
    if LINE in committed:
        assert new == committed
    assert not migrate_file(path, shown_as=relpath)


def test_comments_and_layout_survive(tmp_path: Path) -> None:
    text = (
        "# Leading note\n"
        "title: Example  # inline note\n"
        "summary: >-\n"
        "  Folded text that\n"
        "  spans lines.\n"
        "# Between keys\n"
        'version: "1.0.0"\n'
        "keywords: [one, 'two']\n"
    )
    path = tmp_path / "credential.yaml"
    path.write_text(text, encoding="utf-8")
    migrate_file(path, shown_as="credential.yaml")
    expected = "# Leading note\n" + LINE + text.removeprefix("# Leading note\n")
    assert path.read_text(encoding="utf-8") == expected


def test_the_corpus_reads_the_same_after_migration(tmp_path: Path) -> None:
    shutil.copytree(REPO / "specs", tmp_path / "specs")
    for path in migratable_files(tmp_path):
        path.write_text(_format_1(path.read_text(encoding="utf-8")), encoding="utf-8")
    before = load_corpus(tmp_path)
    changed = migrate_project(tmp_path)
    after = load_corpus(tmp_path)
    assert len(changed) == len(EXAMPLES)
    for slug, document in before.credentials.items():
        upgraded = after.credentials[slug].model
        assert upgraded.credgen_format == 2
        assert upgraded.model_copy(update={"credgen_format": None}) == document.model
    assert migrate_project(tmp_path) == []


def test_the_command_reports_what_it_upgraded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REPO / "specs" / "frameworks", tmp_path / "specs" / "frameworks")
    framework = tmp_path / "specs/frameworks/mpf-2017.yaml"
    framework.write_text(_format_1(framework.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["migrate"])
    assert result.exit_code == 0
    assert result.stdout == "upgraded specs/frameworks/mpf-2017.yaml\n1 file upgraded\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title: [unclosed\n", "x.yaml: not valid YAML, so it cannot be upgraded"),
        ("- a list\n", "x.yaml: the top level is not a mapping, so it cannot be upgraded"),
        ("credgen_format: 3\n", "x.yaml: 'credgen_format: 3' is not a format this credgen knows (1 to 2)"),
    ],
)
def test_files_it_cannot_upgrade_are_refused_untouched(text: str, message: str, tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectError) as raised:
        migrate_file(path, shown_as="x.yaml")
    assert str(raised.value) == message
    assert path.read_text(encoding="utf-8") == text


def test_check_names_the_command_when_a_file_is_older_than_supported(tmp_path: Path) -> None:
    shutil.copytree(REPO / "specs" / "frameworks", tmp_path / "specs" / "frameworks")
    framework = tmp_path / "specs/frameworks/mpf-2025.yaml"
    framework.write_text(_format_1(framework.read_text(encoding="utf-8")), encoding="utf-8")
    found = [d.as_text() for d in format_rules(load_corpus(tmp_path), oldest=2)]
    assert found == [
        "specs/frameworks/mpf-2025.yaml:1:1: error[CG120]: this file is in format 1, older than this "
        "credgen reads (format 2 on): run 'credgen migrate' to upgrade it in place"
    ]
    assert list(format_rules(load_corpus(tmp_path))) == []
