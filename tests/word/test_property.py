"""Property: any valid specification survives YAML → Word → YAML as the same model."""

from __future__ import annotations

import shutil
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from credgen.load.documents import parse_model
from credgen.models.common import FORMAT_VERSION
from credgen.models.credential import Credential, Profession, Status
from credgen.word import write_docx
from credgen.word.importer import import_docx
from tests.conftest import REPO

_WORDS = st.text(
    st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"], exclude_characters="\x85"),
    min_size=1,
    max_size=30,
).filter(lambda text: text.strip() != "")
_LINE = _WORDS.map(str.strip)
_PARAGRAPH = st.lists(_LINE, min_size=1, max_size=3).map("\n".join)
_TEXT = st.lists(_PARAGRAPH, min_size=1, max_size=3).map("\n\n".join)
_CODE = st.text(string.ascii_letters + string.digits + ".", min_size=1, max_size=6)


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


_REFS = st.lists(st.sampled_from(["mpf-2025:1.1", "mpf-2025:2.3", "mpf-2025:4.2"]), unique=True)


def _capability(draw: st.DrawFn, cid: str, statements: int) -> dict[str, Any]:
    return {
        "id": cid,
        "code": draw(_maybe(_CODE)),
        "title": draw(_LINE),
        "description": draw(_maybe(_TEXT)),
        "mpf": draw(_REFS),
        "statements": [{"id": f"{cid}-s{s}", "text": draw(_TEXT)} for s in range(statements)],
    }


def _domains(draw: st.DrawFn) -> list[dict[str, Any]]:
    shape = draw(st.lists(st.lists(st.integers(0, 2), min_size=1, max_size=2), min_size=1, max_size=2))
    return [
        {
            "id": f"D{d}",
            "title": draw(_LINE),
            "extends_framework": draw(st.booleans()),
            "capabilities": [_capability(draw, f"C{d}-{c}", n) for c, n in enumerate(counts)],
        }
        for d, counts in enumerate(shape)
    ]


def _outcomes(draw: st.DrawFn, capability_ids: list[str]) -> list[dict[str, Any]]:
    mapped = st.lists(st.sampled_from(capability_ids), min_size=1, unique=True)
    count = draw(st.integers(0, 3))
    return [{"id": f"LO{i}", "text": draw(_TEXT), "capabilities": draw(mapped)} for i in range(count)]


@st.composite
def _specs(draw: st.DrawFn) -> dict[str, Any]:
    """A valid specification: random text, and ids that refer to each other."""
    domains = _domains(draw)
    capability_ids = [c["id"] for d in domains for c in d["capabilities"]]
    return {
        "title": draw(_LINE),
        "version": "1.0.0",
        "status": draw(st.sampled_from([Status.PROPOSED, Status.IN_DEVELOPMENT])),
        "illustrative": draw(st.booleans()),
        "summary": draw(_TEXT),
        "area": draw(_LINE),
        "need": {"population": draw(_TEXT), "service": draw(_TEXT), "workforce": draw(_TEXT)},
        "scope": draw(_maybe(_TEXT)),
        "professions": draw(st.lists(st.sampled_from(list(Profession)), min_size=1, unique=True)),
        "entry_requirements": draw(_TEXT),
        "credits": draw(_maybe(st.integers(5, 180))),
        "framework": "mpf-2025",
        "domains": domains,
        "outcomes": _outcomes(draw, capability_ids),
        "authors": [{"name": draw(_LINE), "affiliation": draw(_maybe(_LINE))}],
        "dates": {"created": "2025-01-02"},
        "licence": "CC-BY-4.0",
        "keywords": draw(st.lists(_LINE, max_size=3)),
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("property")
    shutil.copytree(REPO / "specs" / "frameworks", root / "specs" / "frameworks")
    return root


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_specs())
def test_generated_specification_round_trips(data: dict[str, Any], project: Path) -> None:
    spec = Credential.model_validate({**data, "credgen_format": FORMAT_VERSION})  # written today
    path = project / "draft.docx"
    path.write_bytes(write_docx(spec, "generated"))
    result = import_docx(project, path, "draft.docx")
    assert result.yaml is not None, result.lines()
    model, problems = parse_model(result.yaml, "generated.yaml", Credential)
    assert problems == []
    assert model == spec
