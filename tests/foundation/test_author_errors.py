"""The mistakes new authors make, each with its exact message, and the hint applied: it passes.

Each case breaks `data/minimal.yaml` the way an author did, pins the whole report, then applies
the fix the message gives (taken from the message's own words where it quotes the fix) and
checks that the file is then clean.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from credgen.cli import main
from credgen.validate.check import run_check
from tests.conftest import REPO, MakeProject

MINIMAL = (Path(__file__).parent / "data" / "minimal.yaml").read_text(encoding="utf-8")
FILE = "specs/credentials/minimal/credential.yaml"


def _report(make_project: MakeProject, text: str, name: str) -> list[str]:
    root = make_project({"minimal": text}, name=name)
    return [d.as_text() for d in run_check([root / "specs"]).diagnostics]


def _line(text: str, number: int) -> str:
    return text.splitlines()[number - 1]


def _replace_line(text: str, number: int, new: str) -> str:
    lines = text.splitlines()
    lines[number - 1] = new
    return "\n".join(lines) + "\n"


def _quoted_fix(message: str) -> str:
    """The text after the message's last 'write: ' or 'write '."""
    return re.split(r"write:? ", message)[-1]


Fix = Callable[[str, str], str]


def _fix_line_with_key(broken: str, message: str) -> str:
    """Replace the value on the reported line with the one the message quotes."""
    number = int(message.split(":")[1])
    line = _line(broken, number)
    key = line.split(":", 1)[0]
    return _replace_line(broken, number, f"{key}: {_quoted_fix(message)}")


def _fix_list_item(broken: str, message: str) -> str:
    number = int(message.split(":")[1])
    line = _line(broken, number)
    indent = line[: len(line) - len(line.lstrip())]
    return _replace_line(broken, number, f"{indent}- {_quoted_fix(message)}")


def _fix_whole_line(broken: str, message: str) -> str:
    """Replace the reported line (keeping its indentation) with the text the message quotes."""
    number = int(message.split(":")[1])
    line = _line(broken, number)
    return _replace_line(broken, number, line[: len(line) - len(line.lstrip())] + _quoted_fix(message))


def _fix_indentation(broken: str, message: str) -> str:
    number = int(message.split(":")[1])
    spaces = int(re.search(r"indent it with (\d+) space", message)[1])  # type: ignore[index]
    return _replace_line(broken, number, " " * spaces + _line(broken, number).lstrip())


def _fix_missing_dash(broken: str, message: str) -> str:
    number = int(message.split(":")[1])
    word = re.search(r"add '- ' before '([^']+)'", message)[1]  # type: ignore[index]
    lines = broken.splitlines()
    index = next(i for i in range(number, len(lines)) if lines[i].strip() == word)
    above = lines[number - 1]
    lines[index] = above[: above.index("-")] + "- " + word
    return "\n".join(lines) + "\n"


def _fix_not_a_list(broken: str, message: str) -> str:
    number = int(message.split(":")[1])
    line = _line(broken, number)
    key, value = line.split(":", 1)
    indent = key[: len(key) - len(key.lstrip())]
    return _replace_line(broken, number, f"{key}:\n{indent}  - {value.strip()}")


def _fix_folded(broken: str, message: str) -> str:
    number = int(message.split(":")[1])
    return _replace_line(broken, number, _line(broken, number).replace(": >", ": |"))


CASES: list[tuple[str, str, str, list[str], Fix | None]] = [
    (
        "version-number",
        'version: "1.0.0"',
        "version: 0.1",
        [f"{FILE}:3:10: error[CG103]: 'version' must be a version MAJOR.MINOR.PATCH in quotes, not the "
         'number 0.1; write "0.1.0"'],
        _fix_line_with_key,
    ),
    (
        "version-quoted-short",
        'version: "1.0.0"',
        'version: "2.1"',
        [f"{FILE}:3:10: error[CG104]: 'version' must be a version MAJOR.MINOR.PATCH, not '2.1'; "
         'write "2.1.0"'],
        _fix_line_with_key,
    ),
    (
        "unquoted-colon",
        "title: Minimal example",
        "title: Frailty: older people",
        [f"{FILE}:2:15: error[CG003]: a value containing ': ' must be in double quotes, or the colon "
         'starts a new key; write: title: "Frailty: older people"'],
        lambda broken, message: _replace_line(broken, 2, _quoted_fix(message)),
    ),
    (
        "list-item-indented-less",
        "      - A1\n  - id: LO2",
        "      - A1\n     - A2\n  - id: LO2",
        [f"{FILE}:44:6: error[CG003]: this line is indented 5 spaces but the line above it (line 43) "
         "is indented 6; indent it with 6 spaces so that it lines up"],
        _fix_indentation,
    ),
    (
        "key-indented-more",
        "    text: Appraise evidence.",
        "     text: Appraise evidence.",
        [f"{FILE}:45:10: error[CG003]: this line is indented 5 spaces but the line above it (line 44) "
         "is indented 4; indent it with 4 spaces so that it lines up"],
        _fix_indentation,
    ),
    (
        "list-item-without-dash-at-list-level",
        "  - nursing\n  - pharmacy\n",
        "  - nursing\n  pharmacy\n",
        [f"{FILE}:14:3: error[CG003]: every item of a list starts with '- '; write: - pharmacy"],
        _fix_whole_line,
    ),
    (
        "list-item-without-dash-below-an-item",
        "      - A1\n  - id: LO2",
        "      - A1\n        A2\n  - id: LO2",
        [f"{FILE}:43:9: error[CG104]: item 1 of 'capabilities' is 'A1 A2', which looks like 2 ids; "
         "put each on its own line starting with '- ' (add '- ' before 'A2')"],
        _fix_missing_dash,
    ),
    (
        "framework-code-unquoted",
        "          - mpf-2017:1.4",
        "          - 1.4",
        [f"{FILE}:28:13: error[CG104]: item 1 of 'mpf' must name the framework and the capability, "
         'not the number 1.4; write "mpf-2017:1.4"',
         f"{FILE}:19:12: warning[CG501]: no capability maps to pillar 1 (Clinical practice) of 'mpf-2017'"],
        _fix_list_item,
    ),
    (
        "framework-code-quoted",
        "          - mpf-2017:1.4",
        '          - "1.4"',
        [f"{FILE}:28:13: error[CG104]: item 1 of 'mpf' must name the framework and the capability, "
         "not '1.4'; write \"mpf-2017:1.4\"",
         f"{FILE}:19:12: warning[CG501]: no capability maps to pillar 1 (Clinical practice) of 'mpf-2017'"],
        _fix_list_item,
    ),
    (
        "scalar-where-a-list-belongs",
        "    capabilities:\n      - A2\n",
        "    capabilities: A2\n",
        [f"{FILE}:46:19: error[CG103]: 'capabilities' must be a list, not 'A2'; put each item on its "
         "own line below it, indented, starting with '- ' (- A2)"],
        _fix_not_a_list,
    ),
    (
        "missing-field-at-the-top",
        "area: Testing\n",
        "",
        [f"{FILE}:2:1: error[CG101]: missing required field 'area'"],
        lambda broken, _: broken.replace("title: Minimal example\n", "title: Minimal\narea: Testing\n"),
    ),
    (
        "duplicate-outcome-id-without-knock-on",
        "  - id: LO2",
        "  - id: LO1",
        [f"{FILE}:44:9: error[CG201]: id 'LO1' is already used on line 40"],
        lambda broken, _: broken.replace("LO1\n    text: Appraise", "LO2\n    text: Appraise"),
    ),
    (
        "folded-block-with-paragraphs",
        "summary: A minimal specification used by the tests.",
        "summary: >\n  First paragraph.\n\n  Second paragraph.",
        [f"{FILE}:6:10: warning[CG009]: this text starts with '>', which joins its paragraphs into one; "
         "start it with '|' instead to keep them apart"],
        _fix_folded,
    ),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_mistake_is_explained_and_its_hint_passes(
    make_project: MakeProject, case: tuple[str, str, str, list[str], Fix | None]
) -> None:
    name, old, new, expected, fix = case
    assert old in MINIMAL
    broken = MINIMAL.replace(old, new, 1)
    assert sorted(_report(make_project, broken, name)) == sorted(expected)
    assert fix is not None
    fixed = fix(broken, expected[0])
    assert _report(make_project, fixed, f"{name}-fixed") == []


def _invoke(root: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_new_refuses_an_unknown_framework(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project({})
    code, _, err = _invoke(root, "new", "foo", "--framework", "mpf-2030", monkeypatch=monkeypatch)
    assert (code, err) == (
        1,
        "error: no framework 'mpf-2030' in specs/frameworks (did you mean 'mpf-2025'?)\n"
        "hint: choose one of: mpf-2017, mpf-2025\n",
    )
    assert not (root / "specs" / "credentials" / "foo").exists()


@pytest.mark.parametrize("framework", ["mpf-2017", "mpf-2025"])
def test_new_scaffolds_every_section_with_literal_blocks(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, framework: str
) -> None:
    root = make_project({})
    assert _invoke(root, "new", "foo", "--framework", framework, monkeypatch=monkeypatch)[0] == 0
    text = (root / "specs/credentials/foo/credential.yaml").read_text(encoding="utf-8")
    assert ": >" not in text
    for section in ("domains:", "capabilities:", "statements:", "outcomes:", "epas:", "assessment:"):
        assert f"\n{section}" in text or f" {section}\n" in text, section
    assert f"          - {framework}:1.1\n" in text
    assert _invoke(root, "check", monkeypatch=monkeypatch) == (
        0,
        "",
        "checked 1 specification and 2 frameworks: 0 errors, 0 warnings\n",
    )


def test_check_path_says_what_it_checked_and_counts_errors_elsewhere(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project({"good": MINIMAL, "bad": MINIMAL.replace('version: "1.0.0"', "version: 1")})
    code, out, err = _invoke(root, "check", "specs/credentials/good", monkeypatch=monkeypatch)
    assert (code, out) == (0, "")
    assert err == (
        "checked specs/credentials/good (1 specification): 0 errors, 0 warnings; 1 more error in "
        "other files (run 'credgen check' to see them)\n"
    )


def test_check_json_prints_a_document_on_success(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project({"good": MINIMAL})
    assert _invoke(root, "check", "--format", "json", monkeypatch=monkeypatch)[:2] == (0, "[]\n")


def test_endorse_verify_json_prints_a_document_on_success(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, err = _invoke(REPO, "endorse", "verify", "--format", "json", monkeypatch=monkeypatch)
    assert (code, out) == (0, "[]\n")
    assert err.startswith("verified: older-people-frailty 1.0.0: merge ")
