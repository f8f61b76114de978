"""Delivery open data: documents valid against their schemas, delivery.csv safe in spreadsheets, feed.

Leading tabs and carriage returns never reach the CSV from a plan (the models strip text), so
they are covered by the unit test of `neutralise` only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from credgen.context import BuildContext
from credgen.delivery.opendata import neutralise
from credgen.exports import export_files
from credgen.load.documents import load_corpus
from tests.conftest import REPO

SITE = "https://specs.example.org/"
PLAN = "specs/delivery/thamesgate-institute/older-people-frailty.yaml"
HOSTILE = {
    'programme: "Full-time Credential in Frailty (fictional)"': 'programme: "=HYPERLINK(\\"https://evil.example\\")"',
    'title: "Intensive frailty practice"': 'title: "+SUM(1,2)"',
    "duration: six months": "duration: '@six months'",
    "      - March": '      - "-1 March"',
}


def _context(root: Path) -> BuildContext:
    moment = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    return BuildContext(root, SITE, "https://github.com/example/credgen", "main", None, moment)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The example corpus's exports, with the Thamesgate plan made hostile and approved."""
    from tests.delivery.records import record_plan_approval

    root = tmp_path_factory.mktemp("opendata") / "project"
    shutil.copytree(REPO / "specs", root / "specs")
    plan = root / PLAN
    text = plan.read_text(encoding="utf-8").replace("programme: Full-time", 'programme: "Full-time')
    text = text.replace("(fictional)\nurl", '(fictional)"\nurl', 1)
    for old, new in HOSTILE.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    plan.write_text(text, encoding="utf-8")
    record_plan_approval(
        root, "thamesgate-institute", "older-people-frailty", merged_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    )
    return export_files(load_corpus(root), _context(root))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralise_defuses_every_formula_start(start: str) -> None:
    assert neutralise(start + "1+1") == "'" + start + "1+1"


def test_neutralise_leaves_ordinary_text_alone() -> None:
    assert neutralise("Part-time, 30 credits") == "Part-time, 30 credits"


def test_delivery_csv_cells_never_start_a_formula(files: dict[str, str]) -> None:
    rows = list(csv.reader(io.StringIO(files["api/v1/delivery.csv"], newline="")))
    thamesgate = [row for row in rows if row[2] == "thamesgate-institute"]
    assert len(rows) == 1 + 7  # header + 7 modules of 5 approved plans
    (row,) = thamesgate
    header = rows[0]
    cells = dict(zip(header, row, strict=True))
    assert cells["programme"] == '\'=HYPERLINK("https://evil.example")'
    assert cells["module"] == "'+SUM(1,2)"
    assert cells["duration"] == "'@six months"
    assert cells["intakes"] == "'-1 March"
    assert not [cell for row in rows for cell in row if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_delivery_documents_validate_against_their_schemas(files: dict[str, str]) -> None:
    schemas = {SITE + p: json.loads(t) for p, t in files.items() if p.endswith(".schema.json")}
    names = ["api/v1/delivery.json", "api/v1/providers.json"] + [
        f"api/v1/providers/{p.stem}.json" for p in sorted((REPO / "specs" / "providers").glob("*.yaml"))
    ]
    for name in names:
        data = json.loads(files[name])
        Draft202012Validator(schemas[data["$schema"]]).validate(data)
    delivery = json.loads(files["api/v1/delivery.json"])
    assert [(p["provider"], p["credential"], p["version"]) for p in delivery["plans"]] == [
        ("fenmarsh-college", "older-people-frailty", "1.0.0"),
        ("northmoor-university", "older-people-frailty", "1.0.0"),
        ("severnside-university", "older-people-frailty", "1.0.0"),
        ("thamesgate-institute", "older-people-frailty", "1.0.0"),
        ("northmoor-university", "respiratory", "1.2.0"),
    ]
    respiratory = delivery["plans"][-1]
    assert respiratory["remap"] == {"credential": "respiratory-care", "version": "2.0.0", "due": None}
    severnside = delivery["plans"][2]
    assert severnside["last_review"] == {
        "date": "2026-10-14",
        "outcome": "met-with-conditions",
        "open_conditions": 1,
        "next_review": "2027-10-14",
    }
    provider = json.loads(files["api/v1/providers/northmoor-university.json"])
    assert (provider["ukprn"], len(provider["plans"]), provider["page"]) == (
        "19000001", 2, SITE + "providers/northmoor-university/",
    )  # fmt: skip


def test_feed_announces_approvals_and_review_outcomes(files: dict[str, str]) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.fromstring(files["feed.xml"]).findall(f"{atom}entry")
    titles = [e.findtext(f"{atom}title") for e in entries]
    assert (
        "Delivery plan approved: Thamesgate Institute of Clinical Education (fictional), older-people-frailty"
        in titles
    )
    assert (
        "Quality review (met with conditions): Severnside University (fictional), older-people-frailty"
        in titles
    )
    review = next(e for e in entries if e.findtext(f"{atom}title", "").startswith("Quality review (met with"))
    assert review.findtext(f"{atom}summary") == (
        "Severnside University (fictional), older-people-frailty: annual quality review met with conditions; "
        "next review due 2027-10-14."
    )
