"""Text is checked once, at load: control and direction characters, huge numbers, names."""

from __future__ import annotations

from tests.hostile.conftest import Project

SPEC = "specs/credentials/pelvic-health/credential.yaml"
LEDGER = "specs/endorsements/older-people-frailty.yaml"
CONTROL = "text must not hold invisible control characters"
HUGE = "a 5,000-digit number is too large; whole numbers must be at most 9,007,199,254,740,991"


def test_control_character_in_a_title_is_refused_at_its_position(project: Project) -> None:
    project.edit(SPEC, "title: Pelvic health", "title: Pelvic\x01 health")
    run = project.run("check")
    assert run.code == 1
    assert run.lines[0] == f"{SPEC}:3:14: error[CG010]: {CONTROL}; delete the one here: U+0001"


def test_nul_byte_is_reported_at_its_real_position(project: Project) -> None:
    project.edit(SPEC, "title: Pelvic health", "title: Pelvic health\x00")
    run = project.run("check")
    assert run.lines[0] == f"{SPEC}:3:21: error[CG010]: {CONTROL}; delete the one here: U+0000"


def test_c1_control_character_is_refused(project: Project) -> None:
    project.edit(SPEC, "title: Pelvic health", "title: Pelvic\x85health")
    run = project.run("check")
    assert run.lines[0] == f"{SPEC}:3:14: error[CG010]: {CONTROL}; delete the one here: U+0085"


def test_escaped_control_character_is_refused_at_its_value(project: Project) -> None:
    project.edit(SPEC, "title: Pelvic health", 'title: "Pelvic\\x1b[31m health"')
    run = project.run("check")
    assert run.lines[0] == f"{SPEC}:3:8: error[CG010]: {CONTROL}; remove the escape for U+001B"


def test_right_to_left_override_is_refused(project: Project) -> None:
    project.edit(SPEC, "title: Pelvic health", "title: Pelvic \u202ehtlaeh")
    run = project.run("check")
    assert run.lines[0] == (
        f"{SPEC}:3:15: error[CG011]: text must not hold direction-changing characters, which make it "
        "read differently from how it is stored; delete the one here: U+202E RIGHT-TO-LEFT OVERRIDE"
    )


def test_tab_and_newline_in_block_text_are_fine(project: Project) -> None:
    project.edit(SPEC, "summary: >-\n", "summary: |-\n  A line\twith a tab.\n\n")
    assert project.run("check").code == 0


def test_five_thousand_digit_integer_in_a_spec_check_and_build(project: Project) -> None:
    project.edit(SPEC, "credits: ", "credits: " + "9" * 5000 + "\nx_old_credits: ")
    position = f"{SPEC}:{_line_of(project, SPEC, 'credits: 9')}:10"
    check = project.run("check")
    assert (check.code, check.lines[0]) == (1, f"{position}: error[CG012]: {HUGE}")
    build = project.run("build", "--no-pdf")
    assert build.code == 1
    assert f"{position}: error[CG012]: {HUGE}" in build.lines


def test_five_thousand_digit_integer_in_a_ledger_endorse_verify(project: Project) -> None:
    project.edit(LEDGER, "pr_number: 1\n", "pr_number: " + "9" * 5000 + "\n")
    project.commit("a ledger with a huge number")
    run = project.run("endorse", "verify")
    assert run.code == 1
    assert f"{LEDGER}:9:16: error[CG012]: {HUGE}" in run.lines


def test_framework_file_name_must_match_its_id(project: Project) -> None:
    source = project.path("specs/frameworks/mpf-2017.yaml")
    project.path("specs/frameworks/mpf-2017-copy.yaml").write_bytes(source.read_bytes())
    run = project.run("check")
    assert run.code == 1
    assert run.lines[0] == (
        "specs/frameworks/mpf-2017-copy.yaml:3:5: error[CG402]: "
        "framework id 'mpf-2017' does not match its file name 'mpf-2017-copy'"
    )


def test_duplicate_credential_titles_warn(project: Project) -> None:
    project.edit(SPEC, "title: Pelvic health", "title: Mental  HEALTH")
    run = project.run("check")
    assert run.code == 0
    assert run.lines[0] == (
        f"{SPEC}:3:8: warning[CG407]: another credential (specs/credentials/mental-health/credential.yaml) "
        "has the same title; give each its own: 'Mental  HEALTH'"
    )


def test_duplicate_glossary_terms_warn(project: Project) -> None:
    project.edit("specs/glossary.yaml", "term: Annual quality review", "term: advanced practice")
    run = project.run("check")
    assert run.code == 0
    line = _line_of(project, "specs/glossary.yaml", "term: advanced practice")
    assert run.lines[0] == (
        f"specs/glossary.yaml:{line}:11: warning[CG408]: term already defined on line 5; "
        "merge the two entries: 'advanced practice'"
    )


def _line_of(project: Project, relative: str, text: str) -> int:
    lines = project.path(relative).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)
