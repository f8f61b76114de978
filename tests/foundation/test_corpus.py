"""The example corpus: valid, realistic in size, illustrative, and covering the lifecycle."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from credgen.load.documents import load_corpus
from credgen.models.credential import Status
from credgen.validate.check import run_check
from credgen.validate.codes import RULES
from tests.conftest import REPO

CORPUS = load_corpus(REPO)


def test_the_example_corpus_has_no_errors_or_warnings() -> None:
    assert [d.as_text() for d in run_check([REPO / "specs"]).diagnostics] == []


def test_the_corpus_covers_the_lifecycle_and_both_frameworks() -> None:
    assert len(CORPUS.credentials) >= 6
    statuses = Counter(doc.model.status for doc in CORPUS.credentials.values())
    assert statuses[Status.PROPOSED] >= 1
    assert statuses[Status.CANDIDATE] + statuses[Status.ENDORSED] >= 3
    assert statuses[Status.SUPERSEDED] >= 1
    assert {doc.model.framework for doc in CORPUS.credentials.values()} == {"mpf-2017", "mpf-2025"}


@pytest.mark.parametrize("slug", sorted(CORPUS.credentials))
def test_each_full_specification_is_realistic_in_size(slug: str) -> None:
    spec = CORPUS.credentials[slug].model
    if not spec.status.is_complete:
        return
    capabilities = [c for d in spec.domains for c in d.capabilities]
    assert 4 <= len(spec.domains) <= 8
    assert 10 <= len(capabilities) <= 25
    assert all(c.statements for c in capabilities)
    assert 8 <= len(spec.outcomes) <= 20
    assert spec.assessment


@pytest.mark.parametrize("slug", sorted(CORPUS.credentials))
def test_each_example_says_it_is_illustrative(slug: str) -> None:
    document = CORPUS.credentials[slug]
    assert document.model.illustrative
    assert "illustrative example" in document.model.summary
    text = (REPO / document.path).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/credential.schema.json\n")


def test_both_numbering_styles_are_used() -> None:
    statement_codes = [
        s.code or s.id
        for doc in CORPUS.credentials.values()
        for d in doc.model.domains
        for c in d.capabilities
        for s in c.statements
    ]
    assert any(re.fullmatch(r"\d+\.\d+", code) for code in statement_codes)
    assert any(re.fullmatch(r"\d+\.[a-z]", code) for code in statement_codes)


def test_frameworks_have_all_38_capabilities_in_four_pillars() -> None:
    for framework_id in ("mpf-2017", "mpf-2025"):
        framework = CORPUS.frameworks[framework_id].model
        counts = [len(p.capabilities) for p in framework.pillars]
        assert counts == [11, 11, 8, 8]


def test_every_code_used_in_the_source_is_documented_and_every_documented_code_is_used() -> None:
    files = [p for p in (REPO / "src").rglob("*.py") if p.name != "codes.py"]
    source = "\n".join(p.read_text(encoding="utf-8") for p in files)
    used = set(re.findall(r'"(CG\d{3})"', source)) - {"CG000"}
    assert used - set(RULES) == set()
    assert set(RULES) - used == set()


def test_supersession_cycles_are_reported(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(REPO / "specs", tmp_path / "specs")
    base = tmp_path / "specs" / "credentials"
    for slug, other in (("respiratory", "respiratory-care"), ("respiratory-care", "respiratory")):
        path = base / slug / "credential.yaml"
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^(supersedes|superseded_by): .*\n", "", text, flags=re.MULTILINE)
        path.write_text(text + f"superseded_by: {other}\nsupersedes: {other}\n", encoding="utf-8")
    codes = [d.code for d in run_check([tmp_path / "specs"]).diagnostics]
    assert codes.count("CG307") == 2
