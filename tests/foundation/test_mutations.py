"""Property: any mutation of a valid file yields success or diagnostics, never a traceback."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credgen.load.documents import Corpus, load_corpus, load_file
from credgen.models.credential import Credential
from credgen.validate.codes import RULES
from credgen.validate.rules import validate_corpus
from tests.conftest import REPO

VALID = (REPO / "specs/credentials/older-people-frailty/credential.yaml").read_text(encoding="utf-8")
BASE = Corpus(REPO)
BASE.frameworks.update(load_corpus(REPO).frameworks)
NASTY = [*":-[]{}&*!|>#'\"\t\n ,?%@`~0", "no", "1.0", "&a", "*a", "!!str", "<<: ", "- ", "\\"]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """The valid file with a few random edits: characters, lines, truncation, raw bytes."""
    lines = VALID.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["char", "delete", "duplicate", "swap", "truncate"]))
        index = draw(st.integers(0, len(lines) - 1))
        if kind == "char":
            line = lines[index]
            at = draw(st.integers(0, max(len(line) - 1, 0)))
            lines[index] = line[:at] + draw(st.sampled_from(NASTY)) + line[at + 1 :]
        elif kind == "delete" and len(lines) > 1:
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif kind == "truncate":
            lines = lines[: index + 1]
    blob = "".join(lines).encode("utf-8")
    if draw(st.booleans()) and draw(st.integers(0, 9)) == 0:
        blob += b"\xff\xfe"
    return blob


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blob=mutated())
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
