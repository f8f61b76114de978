"""credgen.toml: the organisation's settings, their defaults, and their diagnostics."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from credgen.cli import main
from credgen.project.config import Organisation, contrast, load_organisation
from tests.conftest import REPO


def _check(root: Path, config: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """`credgen check` in a copy of the frameworks with `config` as its credgen.toml."""
    shutil.copytree(REPO / "specs" / "frameworks", root / "specs" / "frameworks")
    (root / "credgen.toml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["check"])
    return result.exit_code, result.stderr


def test_without_a_file_no_organisation_is_assumed(tmp_path: Path) -> None:
    org = load_organisation(tmp_path)
    assert (org.name, org.short_name, org.title, org.licence) == (
        "the publisher", "publisher", "the publisher", "CC-BY-4.0",
    )  # fmt: skip
    assert org.frameworks == [] and org.colours is None and org.site_url is None


def test_this_repository_is_the_example_organisation() -> None:
    org = load_organisation(REPO)
    assert org.short_name == "Centre"
    assert org.title == "Advanced practice credential specifications"
    assert org.frameworks == ["mpf-2025", "mpf-2017"]


def test_an_unknown_setting_is_reported_at_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, err = _check(tmp_path, 'name = "Faculty"\n\n[colours]\n  primry = "#00563f"\n', monkeypatch)
    assert code == 1
    assert err.splitlines() == [
        "credgen.toml:3:1: error[CG702]: 'colours.primary': required setting missing; add it",
        "credgen.toml:4:3: error[CG702]: 'colours.primry': unknown setting (did you mean 'primary'?)",
        "error: 2 problems in credgen.toml",
        "hint: fix the settings named above; each line says where and why",
    ]


def test_a_badly_formed_value_and_broken_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, err = _check(tmp_path / "a", 'frameworks = ["MPF 2025"]\n', monkeypatch)
    assert (code, err.splitlines()[0]) == (
        1,
        "credgen.toml:1:1: error[CG702]: 'frameworks.0': not in the expected form "
        "(colours are written '#rrggbb', framework ids in lowercase)",
    )
    code, err = _check(tmp_path / "b", 'name = "Faculty\n', monkeypatch)
    assert (code, err.splitlines()[0]) == (
        1,
        "credgen.toml:1:16: error[CG701]: not valid TOML: illegal character at the end of the line; "
        "check the quotes, brackets and '=' on this line",
    )


def test_a_colour_white_text_cannot_be_read_on_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err = _check(tmp_path, '[colours]\nprimary = "#1d4f91"\naccent = "#ffcc00"\n', monkeypatch)
    assert code == 1
    assert err.splitlines()[0] == (
        "credgen.toml:3:1: error[CG703]: colour accent '#ffcc00' has a contrast of 1.5:1 with white, "
        "below 4.5:1, so text on it is hard to read; choose a darker shade"
    )


def test_contrast_follows_wcag() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the darkest AA grey
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_credgen_new_uses_the_first_framework_and_the_licence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _ = _check(tmp_path, 'licence = "OGL-UK-3.0"\nframeworks = ["mpf-2017", "mpf-2025"]\n', monkeypatch)
    assert code == 0
    result = CliRunner().invoke(main, ["new", "wound-care"])
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "specs" / "credentials" / "wound-care" / "credential.yaml").read_text(encoding="utf-8")
    assert "\nframework: mpf-2017\n" in text and "\nlicence: OGL-UK-3.0\n" in text
    assert CliRunner().invoke(main, ["check"]).exit_code == 0


def test_credgen_new_without_frameworks_asks_for_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _check(tmp_path, 'name = "Faculty"\n', monkeypatch)
    result = CliRunner().invoke(main, ["new", "wound-care"])
    assert (result.exit_code, result.stderr.splitlines()) == (
        1,
        [
            "error: no framework given for the new specification",
            "hint: pass --framework ID, or list the frameworks in use in credgen.toml (frameworks = [...])",
        ],
    )


def test_settings_are_documented() -> None:
    """Every setting has a docstring (they become the README table and the schema)."""
    assert all(field.description for field in Organisation.model_fields.values())


def test_a_missing_logo_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, err = _check(tmp_path, 'name = "Faculty"\nlogo = "assets/logo.png"\n', monkeypatch)
    assert (code, err.splitlines()[0]) == (
        1,
        "credgen.toml:2:1: error[CG704]: logo 'assets/logo.png' is not in site/docs/; "
        "put the image there, or correct the path",
    )
