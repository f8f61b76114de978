"""`credgen docx` and `credgen import` on the command line."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from credgen.cache import KEEP_UNUSED
from credgen.cli import main
from credgen.context import BuildContext
from credgen.load.documents import load_corpus
from credgen.render.templates import make_environment, render_credential_body
from credgen.word import write_docx
from credgen.word.export import write_downloads
from tests.conftest import REPO, MakeProject
from tests.word.edit import open_document, set_detail

NOON = dt.datetime(2025, 1, 1, 12)


def _invoke(root: Path, *args: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_docx_then_import_write_changes_the_yaml(
    example_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = _invoke(example_project, "docx", "respiratory", monkeypatch=monkeypatch)
    assert (code, out) == (0, "wrote respiratory-1.2.0.docx\n")
    document = open_document(example_project / "respiratory-1.2.0.docx")
    set_detail(document, "Credits", "40")
    set_detail(document, "Notional hours", "400")
    document.save(str(example_project / "respiratory-1.2.0.docx"))
    code, out, err = _invoke(example_project, "import", "respiratory-1.2.0.docx", monkeypatch=monkeypatch)
    shown = "specs/credentials/respiratory/credential.yaml"
    assert (code, out, err) == (0, "", f"would change {shown} (run again with --write to save it)\n")
    code, _, err = _invoke(
        example_project, "import", "respiratory-1.2.0.docx", "--write", monkeypatch=monkeypatch
    )
    assert (code, err) == (0, f"wrote {shown}\n")
    text = (example_project / shown).read_text(encoding="utf-8")
    assert "credits: 40\nnotional_hours: 400\n" in text


def test_import_reports_errors_as_json_and_writes_nothing(
    example_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _invoke(example_project, "docx", "respiratory", "--out", "r.docx", monkeypatch=monkeypatch)
    document = open_document(example_project / "r.docx")
    set_detail(document, "Version", "1.3")
    document.save(str(example_project / "r.docx"))
    before = (example_project / "specs/credentials/respiratory/credential.yaml").read_bytes()
    code, out, _ = _invoke(
        example_project, "import", "r.docx", "--write", "--format", "json", monkeypatch=monkeypatch
    )
    assert code == 1
    assert json.loads(out)["problems"] == [
        {
            "place": "table 'Details', row 'Version'",
            "section": "Details",
            "row": 2,
            "column": None,
            "severity": "error",
            "code": "CG104",
            "message": "'version' must be a version MAJOR.MINOR.PATCH, not '1.3'; write \"1.3.0\"",
        }
    ]
    assert (example_project / "specs/credentials/respiratory/credential.yaml").read_bytes() == before


def test_docx_of_an_unknown_specification_exits_1(
    example_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = _invoke(example_project, "docx", "no-such-spec", monkeypatch=monkeypatch)
    assert code == 1
    assert err.startswith("error: no specification 'no-such-spec'\nhint: choose one of: acute-medicine, ")


def test_import_of_a_file_that_is_not_word_exits_1(
    example_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (example_project / "notes.docx").write_text("not a zip", encoding="utf-8")
    code, _, err = _invoke(example_project, "import", "notes.docx", monkeypatch=monkeypatch)
    assert code == 1
    assert err == (
        "error: notes.docx is not a Word document (.docx): it is not a zip archive\n"
        "hint: save the document as Word (.docx) and try again\n"
    )


def test_each_page_offers_the_word_document_beside_the_pdf(tmp_path: Path) -> None:
    corpus = load_corpus(REPO)
    document = corpus.credentials["respiratory"]
    ctx = BuildContext(REPO, "https://example.org/site/", "https://example.org/repo", "main", None, NOON)
    html = render_credential_body(make_environment(REPO), document, corpus, ctx, base_url="../../")
    assert (
        '<li><a href="../../downloads/respiratory-1.2.0.docx" download="">Download as Word (editable)</a>'
        in html
    )
    corpus.credentials = {slug: corpus.credentials[slug] for slug in ("respiratory", "pelvic-health")}
    written = write_downloads(corpus, tmp_path / "downloads", tmp_path / "cache")
    assert [path.name for path in written] == ["respiratory-1.2.0.docx", "pelvic-health-0.1.0.docx"]
    assert (tmp_path / "downloads" / "respiratory-1.2.0.docx").read_bytes() == write_docx(
        document.model, "respiratory"
    )
    # A second run takes both from the cache: what is stored there is copied, not written anew.
    cached = sorted(tmp_path.joinpath("cache").iterdir())
    assert len(cached) == 2
    for path in cached:
        path.write_bytes(b"kept: " + path.name.encode())
    again = write_downloads(corpus, tmp_path / "again", tmp_path / "cache")
    assert sorted(path.read_bytes() for path in again) == sorted(b"kept: " + p.name.encode() for p in cached)


def test_the_word_cache_keeps_what_was_used_and_the_newest_unused(tmp_path: Path) -> None:
    corpus = load_corpus(REPO)
    corpus.credentials = {"respiratory": corpus.credentials["respiratory"]}
    cache = tmp_path / "cache"
    cache.mkdir()
    for index in range(KEEP_UNUSED + 3):  # documents of texts no longer in the corpus
        old = cache / f"unused{index:03d}.docx"
        old.write_bytes(b"")
        os.utime(old, (1_000_000 + index, 1_000_000 + index))
    write_downloads(corpus, tmp_path / "downloads", cache)
    kept = sorted(path.stem for path in cache.glob("*.docx"))
    assert len(kept) == KEEP_UNUSED + 1  # this build's document and the newest unused ones
    assert "unused000" not in kept and f"unused{KEEP_UNUSED + 2:03d}" in kept


def test_docx_of_a_specification_with_errors_exits_1(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    minimal = (REPO / "tests" / "foundation" / "data" / "minimal.yaml").read_text(encoding="utf-8")
    root = make_project({"broken": minimal.replace('version: "1.0.0"', "version: 1")})
    code, _, err = _invoke(root, "docx", "broken", monkeypatch=monkeypatch)
    assert (code, err) == (
        1,
        "error: specification 'broken' has errors\nhint: run: credgen check specs/credentials/broken\n",
    )
