"""The open-standard exports checked against the official definitions vendored in `tests/vendor/`
(sources in each folder's SOURCE.md): CASE 1.1 and 1.0 schemas, Open Badges 3.0 schemas, the
CTDL and CTDL-ASN JSON-LD contexts; and a signed OB3 endorsement verified with a key made here.

Golden files: `CREDGEN_UPDATE_GOLDEN=1 pytest tests/opendata/test_standards.py` rewrites them.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jsonschema import Draft4Validator, Draft201909Validator
from pyld import jsonld

from credgen.context import BuildContext
from credgen.exports import export_files
from credgen.exports.integrity import Signer, SigningError, canonical_nquads, key_from_multibase, verify
from credgen.load.documents import load_corpus
from credgen.models.panel import PanelRole
from credgen.render.templates import make_environment, render_credential_body
from tests.conftest import REPO
from tests.opendata.conftest import MERGED, GitRepo, add_versions, check_golden, endorse_wound_care, new_repo

SITE = "https://specs.example.org/"
VENDOR = Path(__file__).parents[1] / "vendor"
Files = dict[str, str]


def _vendored(path: str) -> dict[str, Any]:
    return json.loads((VENDOR / path).read_text(encoding="utf-8"))


CASE_1_1 = Draft201909Validator(
    _vendored("case/case-v1p1-cfpackage.json"), format_checker=Draft201909Validator.FORMAT_CHECKER
)
CASE_1_0 = Draft4Validator(
    {
        "$ref": "#/definitions/CFPackage.Type",
        "definitions": _vendored("case/case-v1p0-openapi.json")["definitions"],
    },
    format_checker=Draft4Validator.FORMAT_CHECKER,
)
_OB = _vendored("openbadges/achievementcredential.json")
ACHIEVEMENT = Draft201909Validator({"$ref": "#/$defs/Achievement", "$defs": _OB["$defs"]})
ENDORSEMENT = Draft201909Validator(_vendored("openbadges/endorsementcredential.json"))
CTDL_CONTEXTS = {
    "https://credreg.net/ctdl/schema/context/json": _vendored("ctdl/ctdl-context.json"),
    "https://credreg.net/ctdlasn/schema/context/json": _vendored("ctdl/ctdlasn-context.json"),
}


def _context(root: Path) -> BuildContext:
    return BuildContext.for_project(root, site_url=SITE, repo_url="https://github.com/example/specs")


@pytest.fixture(scope="module")
def key() -> Ed25519PrivateKey:
    """The organisation's signing key, made for this test run."""
    return Ed25519PrivateKey.generate()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """wound-care with its history and a ledger entry endorsing version 1.1.0."""
    repo = add_versions(new_repo(tmp_path_factory.mktemp("standards") / "project"))
    clinician = ("reviewer-clinical-1", "T. Clinician (fictional)", PanelRole.CLINICAL)
    endorse_wound_care(repo, *clinician, review_id=9, hours_before=2)
    return repo


@pytest.fixture(scope="module")
def signed(project: GitRepo, key: Ed25519PrivateKey) -> Files:
    return export_files(load_corpus(project.root), _context(project.root), signer=Signer(key))


@pytest.fixture(scope="module")
def examples() -> Files:
    return export_files(load_corpus(REPO), _context(REPO))


def _documents(files: Files, prefix: str) -> dict[str, Any]:
    return {path: json.loads(text) for path, text in files.items() if path.startswith(prefix)}


def test_every_case_package_validates_against_case_1_1_and_1_0(signed: Files, examples: Files) -> None:
    packages = _documents(signed, "api/v1/case/") | _documents(examples, "api/v1/case/")
    for package in packages.values():
        CASE_1_1.validate(package)
        CASE_1_0.validate(package)
    assert len(packages) == 2 + 1 + len(load_corpus(REPO).credentials)


def test_the_case_schemas_reject_a_package_uri_in_the_document(examples: Files) -> None:
    package = json.loads(examples["api/v1/case/mpf-2017.json"])
    package["CFDocument"]["CFPackageURI"] = {"title": "x", "identifier": str(uuid.uuid4()), "uri": SITE}
    messages = {error.message for error in CASE_1_1.iter_errors(package)}
    assert messages == {"Additional properties are not allowed ('CFPackageURI' was unexpected)"}
    assert not CASE_1_0.is_valid(package)


def test_every_achievement_and_endorsement_validates_against_open_badges_3(
    signed: Files, examples: Files
) -> None:
    badges = _documents(signed, "api/v1/openbadges/") | _documents(examples, "api/v1/openbadges/")
    endorsements = [e for badge in badges.values() for e in badge.get("endorsement", [])]
    for badge in badges.values():
        ACHIEVEMENT.validate(badge)
    for endorsement in endorsements:
        ENDORSEMENT.validate(endorsement)
    assert len(endorsements) >= 2  # wound-care's, and the examples' endorsed specifications


def test_credits_are_stated_in_uk_terms_not_as_credit_hours(signed: Files) -> None:
    badge = json.loads(signed["api/v1/openbadges/wound-care.json"])
    assert "creditsAvailable" not in badge
    assert (
        "Credit value: 60 UK credits at FHEQ level 7 (one UK credit is ten notional hours of learning; "
        "these are not the US credit hours of Open Badges' creditsAvailable)."
    ) in badge["description"]


def test_supersession_is_linked_both_ways(examples: Files) -> None:
    old = json.loads(examples["api/v1/openbadges/respiratory.json"])
    new = json.loads(examples["api/v1/openbadges/respiratory-care.json"])
    assert {"id": SITE + "api/v1/openbadges/respiratory-care.json", "type": ["Related"]} in old["related"]
    assert {"id": SITE + "api/v1/openbadges/respiratory.json", "type": ["Related"]} in new["related"]
    program = json.loads(examples["api/v1/ctdl/credentials/respiratory.json"])["@graph"][0]
    successor = json.loads(examples["api/v1/ctdl/credentials/respiratory-care.json"])["@graph"][0]
    assert program["ceterms:supersededBy"] == successor["@id"]


def test_the_endorsement_describes_the_ledger_entry_and_its_proof_verifies(
    signed: Files, key: Ed25519PrivateKey
) -> None:
    badge = json.loads(signed["api/v1/openbadges/wound-care.json"])
    [endorsement] = badge["endorsement"]
    assert endorsement["credentialSubject"]["id"] == badge["id"]
    assert endorsement["validFrom"] == "2024-09-01T12:00:00Z"
    comment = endorsement["credentialSubject"]["endorsementComment"]
    assert comment.startswith(
        "Version 1.1.0 was endorsed through pull request #42 (https://github.com/example/specs/pull/42), "
        "merged on 2024-09-01. Approved on commit "
    )
    assert "by: T. Clinician (fictional) (clinical)." in comment and comment.endswith(
        "The specification and its panel are illustrative; this is not a Centre endorsement."
    )
    [proof] = endorsement["proof"]
    assert proof["cryptosuite"] == "eddsa-rdfc-2022" and proof["type"] == "DataIntegrityProof"
    assert Signer(key).verification_method == proof["verificationMethod"]
    assert verify(endorsement)


def test_a_changed_endorsement_or_another_key_fails_verification(signed: Files) -> None:
    endorsement = json.loads(signed["api/v1/openbadges/wound-care.json"])["endorsement"][0]
    changed = copy.deepcopy(endorsement)
    changed["credentialSubject"]["endorsementComment"] += " Also endorsed for doctors."
    assert not verify(changed)
    forged = Signer(Ed25519PrivateKey.generate()).sign(
        {k: v for k, v in endorsement.items() if k != "proof"}, MERGED
    )
    forged["proof"][0]["verificationMethod"] = endorsement["proof"][0]["verificationMethod"]
    assert not verify(forged)


def test_without_a_key_the_endorsement_is_unsigned(project: GitRepo) -> None:
    files = export_files(load_corpus(project.root), _context(project.root))
    assert "proof" not in json.loads(files["api/v1/openbadges/wound-care.json"])["endorsement"][0]


def test_the_signing_key_comes_from_the_environment(tmp_path: Path, key: Ed25519PrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    (tmp_path / "key.pem").write_bytes(pem)
    signer = Signer.from_environment({"CREDGEN_SIGNING_KEY": str(tmp_path / "key.pem")})
    assert signer is not None and signer.verification_method == Signer(key).verification_method
    assert Signer.from_environment({}) is None


def _loader(url: str, options: object = None) -> dict[str, Any]:
    """Serve the vendored CTDL contexts (no network)."""
    return {"contextUrl": None, "documentUrl": url, "document": CTDL_CONTEXTS[url]}


def _folded(value: Any) -> Any:
    """Compare JSON-LD up to what compaction may change: one-item lists and language-tag case."""
    if isinstance(value, list):
        return _folded(value[0]) if len(value) == 1 else [_folded(v) for v in value]
    if isinstance(value, dict):
        return {k.lower(): _folded(v) for k, v in value.items()}
    return value.lower() if isinstance(value, str) else value


def _round_trip(document: dict[str, Any]) -> dict[str, Any]:
    """Expand under the official context, then compact again: a key the context lacks is lost."""
    expanded = jsonld.expand(copy.deepcopy(document), {"documentLoader": _loader})
    return dict(jsonld.compact(expanded, document["@context"], {"documentLoader": _loader}))


def test_ctdl_expands_under_the_official_contexts_with_no_key_dropped(examples: Files) -> None:
    documents = _documents(examples, "api/v1/ctdl/")
    for document in documents.values():
        assert _folded(_round_trip(document)) == _folded(document)
    assert len(documents) == 2 + 2 * len(load_corpus(REPO).credentials)


def test_a_key_outside_the_context_is_caught(examples: Files) -> None:
    document = json.loads(examples["api/v1/ctdl/frameworks/mpf-2017.json"])
    document["@graph"][0]["capabilityCount"] = 38
    assert _folded(_round_trip(document)) != _folded(document)


def test_ctids_are_deterministic_name_based_uuids(examples: Files, signed: Files) -> None:
    graph = json.loads(examples["api/v1/ctdl/frameworks/mpf-2017.json"])["@graph"]
    ctids = [node["ceterms:ctid"] for node in graph]
    assert len(set(ctids)) == len(ctids) == 1 + 4 + 38
    assert all(uuid.UUID(c.removeprefix("ce-")).version == 5 and c.startswith("ce-") for c in ctids)
    assert ctids[0] == "ce-" + str(uuid.uuid5(uuid.NAMESPACE_URL, SITE + "#ctdl:mpf-2017"))
    assert json.loads(signed["api/v1/ctdl/frameworks/mpf-2017.json"])["@graph"] == graph


def test_capabilities_align_to_competencies_of_the_mpf_framework(signed: Files) -> None:
    mpf = {node["@id"] for node in json.loads(signed["api/v1/ctdl/frameworks/mpf-2017.json"])["@graph"]}
    graph = json.loads(signed["api/v1/ctdl/frameworks/credentials/wound-care.json"])["@graph"]
    aligned = [target for node in graph for target in node.get("ceasn:majorAlignment", [])]
    assert aligned and set(aligned) <= mpf
    assert not any("ceasn:exactAlignment" in node for node in graph)


def test_golden_ctdl_framework_and_credential(signed: Files) -> None:
    for path, name in [
        ("api/v1/ctdl/frameworks/credentials/wound-care.json", "ctdl-framework-wound-care.json"),
        ("api/v1/ctdl/credentials/wound-care.json", "ctdl-credential-wound-care.json"),
    ]:
        check_golden(name, json.dumps(json.loads(signed[path]), indent=2, ensure_ascii=False) + "\n")


def test_statement_mappings_are_exported_like_capability_mappings(examples: Files) -> None:
    package = json.loads(examples["api/v1/case/credentials/mental-health.json"])
    codes = {item["identifier"]: item["humanCodingScheme"] for item in package["CFItems"]}
    related = sorted(
        (codes[a["originNodeURI"]["identifier"]], a["destinationNodeURI"]["uri"].rpartition("-")[2])
        for a in package["CFAssociations"]
        if a["associationType"] == "isRelatedTo"
        and codes[a["originNodeURI"]["identifier"]] in {"1.b", "D6.1"}
    )
    assert related == [("1.b", "1.9"), ("D6.1", "1.4")]
    graph = json.loads(examples["api/v1/ctdl/frameworks/credentials/mental-health.json"])["@graph"]
    statement = next(node for node in graph if node.get("ceasn:codedNotation") == "D6.1")
    domain = next(node for node in graph if node["@id"] == statement["ceasn:isChildOf"])
    assert domain["ceasn:codedNotation"] == "6" and domain["ceasn:isTopChildOf"] == graph[0]["@id"]
    assert statement["ceasn:majorAlignment"][0].endswith(
        "#ce-" + str(uuid.uuid5(uuid.NAMESPACE_URL, SITE + "#ctdl:mpf-2017:1.4"))
    )


def test_one_created_date_in_the_json_the_ctdl_and_on_the_page(signed: Files, project: GitRepo) -> None:
    catalogue = json.loads(signed["api/v1/catalogue.json"])
    dates = {c["slug"]: c["dates"] for c in catalogue["credentials"]}["wound-care"]
    assert (dates["created"], dates["first_committed"]) == ("2024-01-10", "2023-11-16")
    framework = json.loads(signed["api/v1/ctdl/frameworks/credentials/wound-care.json"])["@graph"][0]
    program = json.loads(signed["api/v1/ctdl/credentials/wound-care.json"])["@graph"][0]
    assert framework["ceasn:dateCreated"] == program["ceterms:dateEffective"] == "2024-01-10"
    corpus = load_corpus(project.root)
    page = render_credential_body(make_environment(REPO), corpus.credentials["wound-care"], corpus,
                                  _context(project.root))  # fmt: skip
    assert "<div><dt>Created</dt><dd>10 January 2024</dd></div>" in page


def test_the_proof_implementation_matches_the_official_open_badges_test_vector() -> None:
    signed = _vendored("openbadges/signed-credential.json")
    unsigned = {k: v for k, v in signed.items() if k != "proof"}
    proof = {k: v for k, v in signed["proof"].items() if k != "proofValue"}
    document = canonical_nquads(unsigned)
    assert document == (VENDOR / "openbadges/document-canon.txt").read_text(encoding="utf-8")
    config = canonical_nquads({"@context": signed["@context"], **proof})
    assert config == (VENDOR / "openbadges/proof-canon.txt").read_text(encoding="utf-8")
    key = key_from_multibase(proof["verificationMethod"].partition("#")[2])
    assert verify(signed, key)
    signed["name"] = "Teamwork Badge (edited)"
    assert not verify(signed, key)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "CREDGEN_SIGNING_KEY: cannot read the signing key {path}: No such file or directory"),
        (b"not a key", "{path}: not an unencrypted private key in PEM form"),
        ("rsa", "{path}: the signing key must be an Ed25519 key"),
    ],
)
def test_an_unusable_signing_key_is_an_error_with_a_fix(
    content: bytes | str | None, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "key.pem"
    if content == "rsa":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path.write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ))  # fmt: skip
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(SigningError) as raised:
        Signer.from_environment({"CREDGEN_SIGNING_KEY": str(path)})
    assert str(raised.value) == message.format(path=path)
    assert raised.value.hint is not None


def test_mapping_csv_has_a_row_for_each_statement_mapping(examples: Files) -> None:
    rows = list(csv.DictReader(io.StringIO(examples["api/v1/mapping.csv"], newline="")))
    own = [(r["capability"], r["statement"], r["framework_capability"]) for r in rows
           if r["credential"] == "mental-health" and r["statement"]]  # fmt: skip
    assert own == [("1", "1.b", "1.9"), ("13", "13.c", "2.6"), ("", "D6.1", "1.4")]  # document order
