"""The open-data exports of a real git repository: JSON validated against its own published
schemas, the CSV read back, the Atom feed parsed, Open Badges and CASE checked for structure."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from credgen.context import BuildContext
from credgen.exports import export_files, write_exports
from credgen.exports.gather import stable_uuid
from credgen.load.documents import load_corpus
from credgen.models.panel import PanelRole
from tests.conftest import REPO
from tests.opendata.conftest import V1, GitRepo, add_versions, endorse_wound_care, new_repo, spec_path

SITE = "https://specs.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
Files = dict[str, str]


def _context(root: Path) -> BuildContext:
    return BuildContext.for_project(root, site_url=SITE, repo_url="https://github.com/example/specs")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """wound-care with four versions' history and an endorsement, plus a second credential."""
    repo = add_versions(new_repo(tmp_path_factory.mktemp("exports") / "project"))
    academic = ("reviewer-academic-1", "Dr R. Academic (fictional)", PanelRole.ACADEMIC)
    endorse_wound_care(repo, *academic, review_id=7, hours_before=1)
    hostile = V1.replace("title: Complex wound care", 'title: "Burns & scalds: 100% <care>"')
    repo.commit("Add burns", {spec_path("burns"): hostile})
    return repo


@pytest.fixture(scope="module")
def files(project: GitRepo) -> Files:
    return export_files(load_corpus(project.root), _context(project.root))


@pytest.fixture(scope="module")
def example_files() -> Files:
    return export_files(load_corpus(REPO), _context(REPO))


def _validate_all(files: Files) -> int:
    """Validate every JSON document naming one of our schemas against that schema."""
    schemas = {SITE + path: json.loads(text) for path, text in files.items() if path.endswith(".schema.json")}
    checked = 0
    for path, text in files.items():
        data = json.loads(text) if path.endswith(".json") else None
        if isinstance(data, dict) and "$schema" in data and data["$schema"] in schemas:
            Draft202012Validator(schemas[data["$schema"]]).validate(data)
            checked += 1
    return checked


def test_json_documents_validate_against_their_published_schemas(files: Files, example_files: Files) -> None:
    for text in (t for p, t in files.items() if p.endswith(".schema.json")):
        Draft202012Validator.check_schema(json.loads(text))
    # index + catalogue + 2 credentials + 3 versions + 2 frameworks + providers.json + delivery.json
    assert _validate_all(files) == 1 + 1 + 2 + 3 + 2 + 2
    # ... and the 4 illustrative providers
    assert _validate_all(example_files) == 1 + 1 + 8 + 8 + 2 + 2 + 4


def test_a_document_breaking_its_schema_is_caught(files: Files) -> None:
    schema = json.loads(files["api/v1/schema/catalogue.schema.json"])
    catalogue = json.loads(files["api/v1/catalogue.json"])
    catalogue["credentials"][0]["status"] = "approved"
    assert not Draft202012Validator(schema).is_valid(catalogue)


def test_catalogue_dates_come_from_git_and_the_ledger(files: Files, project: GitRepo) -> None:
    catalogue = json.loads(files["api/v1/catalogue.json"])
    assert catalogue["$schema"] == SITE + "api/v1/schema/catalogue.schema.json"
    assert (catalogue["count"], catalogue["commit"]) == (2, project.git("rev-parse", "HEAD").strip())
    assert catalogue["built"] == "2023-11-23T22:13:20Z"  # the HEAD commit's time, not the clock
    wound = {c["slug"]: c for c in catalogue["credentials"]}["wound-care"]
    assert wound["dates"] == {
        "created": "2024-01-10", "first_committed": "2023-11-16", "last_changed": "2023-11-21",
        "published": "2025-02-01",
        "review_due": "2028-02-01", "endorsed": "2024-09-01",
    }  # fmt: skip
    assert (wound["status"], wound["version"], wound["endorsed"]) == ("endorsed", "1.1.0", True)
    assert wound["urls"]["page"] == SITE + "credentials/wound-care/"
    assert wound["urls"]["pdf"] == SITE + "downloads/wound-care-1.1.0.pdf"


def test_credential_record_has_coverage_versions_and_endorsement(files: Files) -> None:
    record = json.loads(files["api/v1/credentials/wound-care.json"])
    derived = record["derived"]
    assert [(c["pillar"], c["covered"], c["total"]) for c in derived["coverage"]] == [
        ("1", 3, 11), ("2", 1, 11), ("3", 1, 8), ("4", 0, 8),
    ]  # fmt: skip
    assert [(v["version"], v["status"], v["set_on"], v["current"]) for v in derived["versions"]] == [
        ("1.0.0", "candidate", "2023-11-16", False),
        ("1.1.0", "endorsed", "2023-11-20", True),
    ]
    assert derived["endorsement"]["pr_number"] == 42
    assert derived["contributors"] == ["Ann Author", "Bea Builder", "Cal Chair"]
    assert derived["counts"]["capabilities"] == 5
    assert record["spec"]["title"] == "Complex wound care"
    frozen = json.loads(files["api/v1/credentials/wound-care/v/1.0.0.json"])
    assert "two years of" in frozen["spec"]["entry_requirements"] and frozen["endorsement"] is None


def test_framework_reverse_index(files: Files) -> None:
    framework = json.loads(files["api/v1/frameworks/mpf-2017.json"])
    assert framework["mapped_by"]["1.6"] == ["burns", "wound-care"]
    assert framework["mapped_by"]["2.7"] == ["wound-care"]
    assert framework["mapped_by"]["4.1"] == []


def test_mapping_csv_reads_back(files: Files) -> None:
    text = files["api/v1/mapping.csv"]
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    wound = [r for r in rows if r["credential"] == "wound-care"]
    assert len(wound) == 2 + 1 + 1 + 1 + 2  # capabilities 1..5 with their mappings
    assert wound[-1] == {
        "credential": "wound-care", "credential_title": "Complex wound care", "version": "1.1.0",
        "status": "endorsed", "domain": "2", "capability_id": "C4", "capability": "4",
        "capability_title": "Leading wound care services", "framework": "mpf-2017",
        "framework_capability": "2.7", "pillar": "2",
        "framework_capability_title": "Consultancy across boundaries", "statement": "",
    }  # fmt: skip
    assert {r["credential_title"] for r in rows} == {"Complex wound care", "Burns & scalds: 100% <care>"}
    assert text.endswith("\r\n")


def test_atom_feed_parses_with_the_history_of_changes(files: Files) -> None:
    feed = ET.fromstring(files["feed.xml"])
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == SITE + "feed.xml"  # type: ignore[union-attr]
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles == [
        "New specification: Burns & scalds: 100% <care> 1.0.0 (candidate)",
        "Complex wound care 1.1.0 endorsed",
        "Complex wound care: version 1.1.0 (candidate)",
        "New specification: Complex wound care 1.0.0 (candidate)",
    ]
    ids = [e.findtext(f"{ATOM}id") or "" for e in entries]
    assert len(set(ids)) == 4 and all(uuid.UUID(i.removeprefix("urn:uuid:")) for i in ids)
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True) and feed.findtext(f"{ATOM}updated") == updated[0]
    version = entries[2].findtext(f"{ATOM}summary") or ""
    assert version.splitlines()[:3] == [
        "Changes since 1.0.0:",
        "Credits: 30 → 60",
        "Notional hours: 300 → 600",
    ]
    assert "Capability 4: now maps to 1.6 and 2.7 (added 1.6 and 2.7; removed 2.5)" in version
    assert entries[2].find(f"{ATOM}link").get("href") == SITE + "credentials/wound-care/v/1.1.0/"  # type: ignore[union-attr]
    endorsed = entries[1].findtext(f"{ATOM}summary") or ""
    assert (
        "Endorsed through pull request #42" in endorsed
        and "Dr R. Academic (fictional) (academic)" in endorsed
    )
    assert "not a Centre-endorsed specification" in endorsed


def test_open_badges_achievement_structure(files: Files) -> None:
    badge = json.loads(files["api/v1/openbadges/wound-care.json"])
    assert badge["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert badge["type"] == ["Achievement"] and badge["id"] == SITE + "api/v1/openbadges/wound-care.json"
    assert {"name", "description", "criteria", "achievementType", "version", "endorsement"} <= set(badge)
    assert badge["criteria"]["narrative"].startswith("Learners meet every intended learning outcome:")
    assert badge["related"] == [{
        "id": SITE + "api/v1/credentials/wound-care/v/1.0.0.json", "type": ["Related"], "version": "1.0.0",
    }]  # fmt: skip
    alignments = badge["alignment"]
    assert all(a["type"] == ["Alignment"] and a["targetType"] == "CFItem" for a in alignments)
    assert all(set(a) <= {"type", "targetName", "targetUrl", "targetCode", "targetDescription",
                          "targetFramework", "targetType"} for a in alignments)  # fmt: skip
    framework = [a["targetCode"] for a in alignments if a["targetUrl"].startswith(SITE + "frameworks/")]
    assert framework == ["1.4", "1.6", "1.7", "2.7", "3.3"]
    assert [a["targetCode"] for a in alignments if "#cap-" in a["targetUrl"]] == ["1", "2", "3", "5", "4"]
    assert "not a Centre-endorsed specification" in badge["description"]


def _check_package(package: dict[str, object], external: set[str]) -> tuple[list[dict[str, str]], set[str]]:
    """Check a CFPackage's structure; returns its items and the destinations outside it."""
    document = package["CFDocument"]
    assert isinstance(document, dict)
    assert {
        "identifier",
        "uri",
        "creator",
        "title",
        "lastChangeDateTime",
        "adoptionStatus",
    } <= set(document)
    items, associations = package["CFItems"], package["CFAssociations"]
    assert isinstance(items, list) and isinstance(associations, list)
    known = {document["identifier"]} | {item["identifier"] for item in items}
    for item in items:
        assert {
            "identifier",
            "uri",
            "fullStatement",
            "humanCodingScheme",
            "CFItemType",
            "lastChangeDateTime",
        } <= set(item)
        uuid.UUID(item["identifier"])
    parents: dict[str, str] = {}
    outside = set()
    for association in associations:
        origin, destination = association["originNodeURI"], association["destinationNodeURI"]
        assert origin["identifier"] in known and set(origin) == {"title", "identifier", "uri"}
        if association["associationType"] == "isChildOf":
            assert destination["identifier"] in known
            assert origin["identifier"] not in parents  # a tree: one parent each
            parents[origin["identifier"]] = destination["identifier"]
        else:
            assert association["associationType"] == "isRelatedTo"
            outside.add(destination["identifier"])
    assert set(parents) == known - {document["identifier"]}  # every item hangs from the document
    assert outside <= external
    return items, outside


def test_case_packages_are_trees_and_refer_to_each_other(files: Files) -> None:
    framework = json.loads(files["api/v1/case/mpf-2017.json"])
    framework_items, _ = _check_package(framework, set())
    assert len(framework_items) == 4 + 38
    ids = {item["identifier"] for item in framework_items}
    credential = json.loads(files["api/v1/case/credentials/wound-care.json"])
    items, related = _check_package(credential, ids)
    assert len(related) == 5 and credential["CFDocument"]["adoptionStatus"] == "Adopted"
    assert [i["humanCodingScheme"] for i in items if i["CFItemType"] == "Capability"] == [
        "1",
        "2",
        "3",
        "5",
        "4",
    ]
    assert credential["CFDocument"]["licenseURI"]["uri"] == "https://spdx.org/licenses/CC-BY-4.0.html"


@pytest.mark.parametrize("parts", [("mpf-2017",), ("item", "A1", "s1"), ("café", ""), ()])
def test_stable_uuid_is_the_standard_name_based_uuid(parts: tuple[str, ...]) -> None:
    ctx = _context(Path())
    expected = uuid.uuid5(uuid.NAMESPACE_URL, SITE + "#" + ":".join(parts))
    assert stable_uuid(ctx, *parts) == str(expected)


def test_citations(files: Files) -> None:
    bib = files["credentials/burns/citation.bib"]
    assert bib.startswith("@misc{burns-1.0.0,\n")
    assert "title = {{Burns \\& scalds: 100\\% <care>}}" in bib
    assert "author = {{A. Example}}" in bib and "year = {2024}" in bib
    ris = files["credentials/wound-care/citation.ris"]
    assert ris.startswith("TY  - GEN\r\n") and ris.endswith("ER  - \r\n")
    assert re.search(r"^DA  - 2025/02/01\r$", ris, re.MULTILINE)
    assert files["credentials/wound-care/citation.txt"] == (
        "A. Example (2025). Complex wound care, version 1.1.0 [illustrative credential specification]. "
        f"{SITE}credentials/wound-care/\n"
    )


def test_exports_are_deterministic_and_written_under_the_site(
    project: GitRepo, files: Files, tmp_path: Path
) -> None:
    assert export_files(load_corpus(project.root), _context(project.root)) == files
    write_exports(load_corpus(project.root), _context(project.root), tmp_path)
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert written == set(files)
    assert (tmp_path / "feed.xml").read_text(encoding="utf-8") == files["feed.xml"]


def test_outside_git_the_spec_dates_are_used(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "plain").root
    (root / ".git").rename(root / "old-git")
    (root / spec_path("wound-care")).parent.mkdir(parents=True)
    (root / spec_path("wound-care")).write_text(V1, encoding="utf-8")
    files = export_files(load_corpus(root), _context(root))
    entry = json.loads(files["api/v1/catalogue.json"])["credentials"][0]
    assert entry["dates"]["created"] == "2024-01-10" and entry["dates"]["last_changed"] is None
    assert entry["dates"]["first_committed"] is None
    feed = ET.fromstring(files["feed.xml"])
    assert [e.findtext(f"{ATOM}updated") for e in feed.findall(f"{ATOM}entry")] == ["2024-06-01T00:00:00Z"]
    assert _validate_all(files) == 1 + 1 + 1 + 0 + 2 + 2


def test_the_api_index_lists_every_published_file(example_files: Files) -> None:
    """Each endpoint of `index.json` names files that exist, and every file of the API (but the
    index and the schemas, which the endpoints link) is reached from one of them."""
    index = json.loads(example_files["api/v1/index.json"])
    site = index["site"]
    patterns = {
        endpoint["url"].removeprefix(site): re.compile(
            re.sub(r"\\\{[a-z]+\\\}", "[^/]+", re.escape(endpoint["url"].removeprefix(site))) + "$"
        )
        for endpoint in index["endpoints"]
    }
    for url, pattern in patterns.items():
        assert any(pattern.match(path) for path in example_files), f"{url} names no file"
    published = [
        path
        for path in example_files
        if path.startswith("api/v1/")
        and path != "api/v1/index.json"
        and not path.startswith("api/v1/schema/")
    ]
    unlisted = [path for path in published if not any(p.match(path) for p in patterns.values())]
    assert not unlisted
    assert {"api/v1/delivery.json", "api/v1/providers.json"} <= set(published)
