"""`credgen docx`, and the Word documents the build writes beside the PDFs."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import shutil
from pathlib import Path
from typing import NoReturn

from credgen.cache import FileCache
from credgen.exceptions import ProjectError, SpecError
from credgen.load.documents import Corpus, load_corpus
from credgen.models.credential import Credential
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


def write_downloads(corpus: Corpus, folder: Path, cache_dir: Path) -> list[Path]:
    """`<slug>-<version>.docx` of every valid specification in `folder` (the site's downloads).

    A document is kept in `cache_dir` under a hash of everything it is made from (the model,
    the slug, this package's code and credgen's version): its bytes depend on nothing else, so
    a rebuild writes only the documents whose specification changed. The cache is then pruned,
    keeping everything this build used.
    """
    folder.mkdir(parents=True, exist_ok=True)
    cache = FileCache(cache_dir, ".docx")
    written, used = [], set()
    for slug, document in corpus.credentials.items():
        if not document.partial:
            key = _key(document.model, slug)
            kept = cache.lookup(key) or cache.store(key, write_docx(document.model, slug))
            target = folder / f"{slug}-{document.model.version}.docx"
            shutil.copyfile(kept, target)
            written.append(target)
            used.add(key)
    cache.prune(used)
    return written


def _key(model: Credential, slug: str) -> str:
    """SHA-256 over the inputs of one Word document."""
    digest = hashlib.sha256(_code_digest().encode())
    digest.update(slug.encode() + b"\0" + model.model_dump_json().encode())
    return digest.hexdigest()


@functools.cache
def _code_digest() -> str:
    """credgen's version and the source of the modules that write Word documents."""
    digest = hashlib.sha256(importlib.metadata.version("credgen").encode())
    for module in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(module.name.encode() + module.read_bytes())
    return digest.hexdigest()
