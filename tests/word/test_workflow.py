"""validate.yml's diff job converts Word drafts uploaded to drafts/: its scripts, run for real
with bash and git, then the comment text diff-comment.yml would post."""

from __future__ import annotations

import shutil
from pathlib import Path

import credgen
from credgen.load.documents import load_corpus
from credgen.word import write_docx
from tests.conftest import REPO
from tests.word.edit import open_document, set_cell, set_detail
from tests.workflows.test_scripts import DESCRIBE, _git, _run, _script

CONVERT = _script("validate.yml", "diff", "Convert the Word drafts")


def _history(tmp_path: Path) -> tuple[Path, str, str]:
    """A repository holding the example corpus (base), then a commit uploading two drafts."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "specs", root / "specs")
    _git(root.parent, "init", "-q", "-b", "main", str(root))
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "base")
    base = _git(root, "rev-parse", "HEAD").strip()
    corpus = load_corpus(root)
    (root / "drafts").mkdir()
    for name, slug in (("respiratory edit.docx", "respiratory"), ("frailty.docx", "older-people-frailty")):
        (root / "drafts" / name).write_bytes(write_docx(corpus.credentials[slug].model, slug))
    good = open_document(root / "drafts" / "respiratory edit.docx")
    set_detail(good, "Area of practice", "Respiratory medicine")
    good.save(str(root / "drafts" / "respiratory edit.docx"))
    bad = open_document(root / "drafts" / "frailty.docx")
    set_cell(bad, "Learning outcomes", 1, "Capabilities", "Z9")
    bad.save(str(root / "drafts" / "frailty.docx"))
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "Upload drafts")
    return root, base, _git(root, "rev-parse", "HEAD").strip()


def test_drafts_are_converted_and_reported_beside_the_diff(tmp_path: Path) -> None:
    root, base, head = _history(tmp_path)
    # The credgen under test, even where another checkout is installed (as in a shared worktree).
    env = {"BASE_SHA": base, "GITHUB_SHA": head, "PYTHONPATH": str(Path(credgen.__file__).parents[1])}
    converted = _run(CONVERT, tmp_path, env, cwd=root)
    assert converted.code == 0, converted.stderr
    assert converted.outputs["refused"] == "true"
    assert _git(root, "show", "--stat", "--format=%s", converted.outputs["sha"]).splitlines()[:2] == [
        "Word drafts converted by credgen (in this run only)",
        "",
    ]
    summary = tmp_path / "summary.md"
    env |= {"PR_NUMBER": "7", "GITHUB_STEP_SUMMARY": str(summary), "CONVERTED_SHA": converted.outputs["sha"]}
    described = _run(DESCRIBE, tmp_path, env, cwd=root)
    assert described.code == 0, described.stderr
    comment = (tmp_path / "runner-temp" / "credgen-diff" / "diff.md").read_text(encoding="utf-8")
    assert comment.startswith("<!-- credgen-diff -->\n")
    assert "Respiratory medicine" in comment
    assert "\n### Word document `drafts/respiratory edit.docx`\n\nconverted;" in comment
    frailty = comment[comment.index("### Word document `drafts/frailty.docx`") :].split("```")[1]
    assert frailty.splitlines()[1:] == [
        "drafts/frailty.docx: table 'Details', row 'Version': error[CG602]: version 1.0.0 was endorsed "
        "(pull request #1) and its content has changed since (recorded sha256 4c3635050ab1, now "
        "d5e31fc75991); an endorsed text is frozen: give the change a new version",
        "drafts/frailty.docx: table 'Capabilities', row 1 (A1), column 'Capability id': error[CG205]: "
        "capability 'A1' is not developed by any outcome",
        "drafts/frailty.docx: table 'Learning outcomes', row 1 (LO1), column 'Capabilities': "
        "error[CG204]: outcome 'LO1' maps to unknown capability 'Z9'",
        "3 errors; specs/credentials/older-people-frailty/credential.yaml not written",
    ]
