"""Fixtures for the Word round-trip: example documents written by credgen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from credgen.load.documents import load_corpus
from credgen.word import write_docx
from tests.conftest import REPO

EXAMPLES = sorted(p.name for p in (REPO / "specs" / "credentials").iterdir() if p.is_dir())

WriteDocument = Callable[[str], Path]


@pytest.fixture
def write_document(example_project: Path) -> WriteDocument:
    """Write the Word document of an example (from the writable copy of the corpus)."""
    corpus = load_corpus(example_project)

    def write(slug: str) -> Path:
        target = example_project / "drafts" / f"{slug}.docx"
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(write_docx(corpus.credentials[slug].model, slug))
        return target

    return write
