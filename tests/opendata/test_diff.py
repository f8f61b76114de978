"""The structured diff, the word-level redline and `credgen diff` on a real repository."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from credgen.cli import main
from credgen.diff import diff_credentials, redline, redline_html, render_diff_markdown
from credgen.diff.redline import Segment
from credgen.history.versions import parse_credential
from credgen.models.credential import Credential
from tests.opendata.conftest import V1, V2, GitRepo, check_golden, spec_path


def _spec(text: str) -> Credential:
    spec, problems = parse_credential(text.encode("utf-8"), "fixture.yaml")
    assert spec is not None, problems
    return spec


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a b c", "a b c", [("equal", "a b c")]),
        ("the quick brown fox", "the slow red fox", [
            ("equal", "the "), ("delete", "quick brown"), ("insert", "slow red"), ("equal", " fox"),
        ]),
        ("a b c", "a c", [("equal", "a "), ("delete", "b "), ("equal", "c")]),
        (None, "new text", [("insert", "new text")]),
        ("old text", None, [("delete", "old text")]),
        ("wrapped\nline", "wrapped line", [("equal", "wrapped line")]),
        ("one.\n\ntwo.", "one. two.", [
            ("equal", "one."), ("delete", "\n\n"), ("insert", " "), ("equal", "two."),
        ]),
    ],
)  # fmt: skip
def test_redline(old: str | None, new: str | None, expected: list[tuple[str, str]]) -> None:
    segments = redline(old, new)
    assert [(s.op, s.text) for s in segments] == expected
    words = "".join(s.text for s in segments if s.op != "insert").split()
    assert words == (old or "").split()  # the old text, up to line wrapping
    assert "".join(s.text for s in segments if s.op != "delete") == (new or "")


def test_structured_diff_of_the_fixture_pair() -> None:
    diff = diff_credentials(_spec(V1), _spec(V2))
    assert [(f.field, f.old, f.new) for f in diff.fields] == [
        ("version", "1.0.0", "1.1.0"),
        ("status", "candidate", "endorsed"),
        ("credits", "30", "60"),
        ("notional_hours", "300", "600"),
        ("dates.published", "2024-06-01", "2025-02-01"),
        ("dates.review_due", "2027-06-01", "2028-02-01"),
    ]
    assert [(c.field, c.added, c.removed) for c in diff.lists] == [
        ("professions", ("pharmacy",), ()),
        ("keywords", ("pressure ulcers",), ()),
    ]
    assert [(i.section, i.id, i.kinds) for i in diff.items] == [
        ("statement", "C1b", ("reworded",)),
        ("capability", "C5", ("added",)),
        ("statement", "C5a", ("added",)),
        ("capability", "C4", ("remapped",)),
        ("outcome", "LO3", ("remapped",)),
        ("assessment", "AS2", ("remapped",)),
        ("outcome", "LO4", ("removed",)),
    ]
    c4 = diff.items[3]
    assert (c4.links, c4.links_added, c4.links_removed) == (("1.6", "2.7"), ("1.6", "2.7"), ("2.5",))
    assert [p.field for p in diff.prose] == ["summary"]
    assert diff.count("removed", "outcome") == 1 and diff.count("added") == 2


def test_moves_recoding_weighting_and_framework_edition() -> None:
    old = _spec(V1)
    new = old.model_copy(deep=True)
    statement = new.domains[0].capabilities[0].statements.pop()
    new.domains[0].capabilities[1].statements.append(statement)
    new.domains[1].capabilities[0].code = "3x"
    new.assessment[0].weighting = 50
    new.framework = "mpf-2025"
    for capability in (c for d in new.domains for c in d.capabilities):
        capability.mpf = [ref.replace("mpf-2017", "mpf-2025") for ref in capability.mpf]
    diff = diff_credentials(old, new)
    assert [(i.id, i.kinds, i.details) for i in diff.items] == [
        ("C1b", ("moved",), ("moved from capability 1 to capability 2",)),
        ("C3", ("recoded",), ("code 3 → 3x",)),
        ("AS1", ("changed",), ("weighting 60% → 50%",)),
    ]
    assert ("framework", "mpf-2017", "mpf-2025") in [(f.field, f.old, f.new) for f in diff.fields]


def test_identical_texts_and_rewrapped_prose_give_an_empty_diff() -> None:
    rewrapped = V1.replace("complex and chronic\n  wounds", "complex and\n  chronic wounds")
    diff = diff_credentials(_spec(V1), _spec(rewrapped))
    assert diff.is_empty
    assert "No change in content." in render_diff_markdown(diff)


def test_hostile_text_is_escaped_in_markdown() -> None:
    hostile = V1.replace(
        "Assesses the wound, the skin",
        "<script>alert(1)</script> [click](javascript:alert(1)) **Assesses** the wound, the skin",
    )
    text = render_diff_markdown(diff_credentials(_spec(V1), _spec(hostile)))
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\[click\\](javascript" in text and "\\*\\*</ins>Assesses" in text


def test_as_dict_is_json_ready() -> None:
    data = diff_credentials(_spec(V1), _spec(V2)).as_dict()
    assert data["prose"][0]["segments"][0] == {
        "op": "equal",
        "text": "Develops the advanced capability "
        "to assess and manage people with complex and chronic wounds ",
    }
    assert Segment("equal", "x") == Segment("equal", "x")


def _invoke(repo: GitRepo, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(repo.root)
    result = CliRunner().invoke(main, ["diff", *args])
    return result.exit_code, result.stdout, result.stderr


def test_credgen_diff_golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regenerate with `CREDGEN_UPDATE_GOLDEN=1 pytest tests/opendata -k golden`.

    The repository holds only fixture files, so its commit ids (shown in the report) do not
    change when the example corpus does.
    """
    repo = GitRepo(tmp_path / "golden")
    repo.commit("v1", {spec_path("wound-care"): V1, spec_path("retired"): V1})
    repo.git("tag", "v1")
    changes = {spec_path("wound-care"): V2, spec_path("retired"): None, spec_path("new-one"): V1}
    repo.commit("v2", {**changes, "specs/glossary.yaml": "terms: []\n"})
    code, out, err = _invoke(repo, "v1", "HEAD", monkeypatch=monkeypatch)
    assert (code, err) == (0, "")
    check_golden("diff.md", out)


def test_credgen_diff_defaults_to_merge_base_and_work_tree(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.commit("v1", {spec_path("wound-care"): V1})
    repo.git("checkout", "-q", "-b", "feature")
    repo.commit("edit", {spec_path("wound-care"): V1.replace("title: Complex", "title: Very complex")})
    repo.write({spec_path("wound-care"): V2})
    code, out, _ = _invoke(repo, monkeypatch=monkeypatch)
    assert code == 0
    assert "with the work tree" in out and "### Complex wound care: 1.0.0 → 1.1.0" in out
    repo.write({spec_path("wound-care"): V1})
    code, out, _ = _invoke(repo, monkeypatch=monkeypatch)
    assert "No changes to specifications between `merge base with main`" in out
    repo.write({"specs/glossary.yaml": "terms: []\n"})
    code, out, _ = _invoke(repo, monkeypatch=monkeypatch)
    assert out.endswith("no specification changed.\n\n### Other files\n\n- `specs/glossary.yaml`: added\n")


def test_credgen_diff_errors(repo: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit("v1", {spec_path("wound-care"): V1})
    code, _, err = _invoke(repo, "nope", monkeypatch=monkeypatch)
    assert (code, err) == (1, "error: unknown git revision 'nope'\nhint: name a branch, tag or commit\n")
    repo.write({spec_path("wound-care"): V1.replace("version: ", "versoin: ")})
    code, out, err = _invoke(repo, "HEAD", monkeypatch=monkeypatch)
    assert (code, out) == (1, "")
    assert "specs/credentials/wound-care/credential.yaml:3:1: error[CG102]: " in err
    assert "Traceback" not in err


def test_redline_html_is_escaped_and_tagged() -> None:
    html = redline_html(
        redline("Keep <b>this</b> & that.\n\nOld end.", "Keep <b>this</b> & more.\n\nNew end.")
    )
    assert str(html) == (
        "Keep &lt;b&gt;this&lt;/b&gt; &amp; <del>that</del><ins>more</ins>."
        "<br>\n<br>\n<del>Old</del><ins>New</ins> end."
    )


def test_domain_statements_statement_mappings_and_expected_levels_are_compared() -> None:
    old = _spec(V2)
    domain = old.domains[0]
    statement = domain.capabilities[0].statements[0]
    mapped = statement.model_copy(update={"mpf": ["mpf-2017:1.4"]})
    capability = domain.capabilities[0].model_copy(update={"statements": [mapped]})
    extra = statement.model_copy(update={"id": "X1", "code": "X.1", "mpf": ["mpf-2017:2.6"]})
    new_domain = domain.model_copy(update={"statements": [extra], "capabilities": [capability]})
    new = old.model_copy(update={"domains": [new_domain, *old.domains[1:]]})
    changes = {c.id: c for c in diff_credentials(old, new).items}
    assert changes["X1"].kinds == ("added",) and changes["X1"].parent == (domain.code or domain.id)
    assert changes["X1"].links == ("2.6",)
    assert changes[statement.id].links_added == ("1.4",)
