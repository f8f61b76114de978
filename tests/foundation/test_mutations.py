"""Property: any mutation of a valid file yields success or diagnostics, never a traceback."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from credgen.load.documents import Corpus, load_corpus, load_file
from credgen.models.credential import Credential
from credgen.validate.codes import RULES
from credgen.validate.rules import validate_corpus
from tests.conftest import REPO
from tests.mutations import mutated

VALID = (REPO / "specs/credentials/older-people-frailty/credential.yaml").read_text(encoding="utf-8")
BASE = Corpus(REPO)
BASE.frameworks.update(load_corpus(REPO).frameworks)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blob=mutated(VALID))
def test_mutations_never_raise(blob: bytes, tmp_path: Path) -> None:
    path = tmp_path / "specs" / "credentials" / "mutant" / "credential.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(blob)
    document, diagnostics = load_file(path, tmp_path, Credential)
    corpus = dataclasses.replace(BASE, root=tmp_path, credentials={}, diagnostics=diagnostics)
    if document is not None:
        corpus.credentials["mutant"] = document
    found = validate_corpus(corpus)
    assert all(d.code in RULES for d in found)
    assert all(d.path == "specs/credentials/mutant/credential.yaml" for d in found)
    assert all(d.line >= 1 and d.column >= 1 for d in found)
    if document is None:
        assert found, "a file that did not load must say why"
