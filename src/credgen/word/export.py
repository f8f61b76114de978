"""`credgen docx`, and the Word documents the build writes beside the PDFs."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

from credgen.exceptions import ProjectError, SpecError
from credgen.load.documents import Corpus, load_corpus
from credgen.word.write import write_docx


def export_docx(root: Path, slug: str, out: Path | None) -> Path:
    """Write the Word document of `slug` to `out` (default `<slug>-<version>.docx`)."""
    corpus = load_corpus(root)
    document = corpus.credentials.get(slug)
    if document is None or document.partial:
        _refuse(corpus, slug)
    target = out or Path(f"{slug}-{document.model.version}.docx")
    target.write_bytes(write_docx(document.model, slug))
    return target


def _refuse(corpus: Corpus, slug: str) -> NoReturn:
    """A specification with errors, or none of that name."""
    if slug in corpus.failed or slug in corpus.credentials:
        raise SpecError(
            f"specification '{slug}' has errors", count=1, hint=f"run: credgen check specs/credentials/{slug}"
        )
    raise ProjectError(f"no specification '{slug}'", hint=f"choose one of: {', '.join(corpus.credentials)}")


def write_downloads(corpus: Corpus, folder: Path) -> list[Path]:
    """`<slug>-<version>.docx` of every valid specification in `folder` (the site's downloads)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for slug, document in corpus.credentials.items():
        if not document.partial:
            target = folder / f"{slug}-{document.model.version}.docx"
            target.write_bytes(write_docx(document.model, slug))
            written.append(target)
    return written
