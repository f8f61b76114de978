"""The load stage: find the specification files, read them and build the models.

Nothing here stops at the first problem: every file is read, and each one that parses is
validated against its model, so one run reports everything.
"""

from __future__ import annotations

import dataclasses
import os
import typing
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from credgen.diagnostics import Diagnostic
from credgen.load.explain import explain
from credgen.load.recover import recover
from credgen.load.source import SourceFile, parse_text, read_source
from credgen.models.common import SLUG_RE
from credgen.models.credential import Credential
from credgen.models.framework import Framework
from credgen.models.glossary import Glossary
from credgen.models.panel import Panel

M = TypeVar("M", bound=BaseModel)

CREDENTIAL_FILE = "credential.yaml"


@dataclasses.dataclass(slots=True)
class Document(Generic[M]):
    """A model together with the file it was read from."""

    source: SourceFile
    """The file, with the position of every key and value."""

    model: M
    """The validated content."""

    partial: bool = False
    """Whether the file had errors and this is what remained after recovery (see `recover`)."""

    removed: frozenset[str] = frozenset()
    """Ids of parts dropped during recovery; rules do not report references to them."""

    dropped: frozenset[str] = frozenset()
    """Top-level sections that lost parts during recovery; rules about absence skip them."""

    @property
    def path(self) -> str:
        """Path relative to the project root."""
        return self.source.path


@dataclasses.dataclass(slots=True)
class Corpus:
    """Everything under `specs/` that loaded, and the problems found while loading it."""

    root: Path
    """The project root (the folder that holds `specs/`)."""

    frameworks: dict[str, Document[Framework]] = dataclasses.field(default_factory=dict)
    """Frameworks by id."""

    credentials: dict[str, Document[Credential]] = dataclasses.field(default_factory=dict)
    """Credential specifications by slug, in slug order."""

    glossary: Document[Glossary] | None = None
    """The glossary, when present and valid."""

    panel: Document[Panel] | None = None
    """The endorsement panel, when present and valid."""

    delivery: object | None = None
    """Providers, delivery plans, quality reviews and plan approvals: a
    `credgen.delivery.load.Delivery`, read by `credgen.delivery.load.delivery_of` on first use
    (typed loosely because this stage must not import the delivery stage, which builds on it)."""

    failed: set[str] = dataclasses.field(default_factory=set)
    """Slugs of credential folders whose file did not load (so others may still refer to them)."""

    diagnostics: list[Diagnostic] = dataclasses.field(default_factory=list)
    """Problems found while reading and validating single files."""

    @property
    def specs_dir(self) -> Path:
        """`<root>/specs`."""
        return self.root / "specs"


def load_corpus(root: Path) -> Corpus:
    """Read and validate every file under `<root>/specs`."""
    corpus = Corpus(root)
    specs = corpus.specs_dir
    for path in sorted((specs / "frameworks").glob("*.yaml")):
        document = _load(path, root, Framework, corpus.diagnostics)
        if document is not None and _named_by_id(document, path, corpus.diagnostics):
            corpus.frameworks[document.model.id] = document
    for folder in sorted(p for p in (specs / "credentials").glob("*") if p.is_dir()):
        _load_credential(folder, root, corpus)
    corpus.glossary = _load_optional(specs / "glossary.yaml", root, Glossary, corpus.diagnostics)
    corpus.panel = _load_optional(specs / "panel.yaml", root, Panel, corpus.diagnostics)
    return corpus


def _named_by_id(document: Document[Framework], path: Path, sink: list[Diagnostic]) -> bool:
    """CG402: a framework's file is named after its id, so one id is never in two files (the
    second would otherwise be ignored without a word)."""
    if document.model.id == path.stem:
        return True
    message = f"framework id '{document.model.id}' does not match its file name '{path.stem}'"
    sink.append(document.source.error("CG402", message, ("id",)))
    return False


def _load_credential(folder: Path, root: Path, corpus: Corpus) -> None:
    """Load `<folder>/credential.yaml`; the folder name is the slug."""
    document = _load(folder / CREDENTIAL_FILE, root, Credential, corpus.diagnostics)
    if not SLUG_RE.fullmatch(folder.name):
        message = (
            f"folder name '{folder.name}' is not a valid slug (lowercase letters, digits and single hyphens)"
        )
        shown = _shown(folder / CREDENTIAL_FILE, root)
        corpus.diagnostics.append(Diagnostic(shown, 1, 1, "CG202", message))
        return
    if document is None:
        corpus.failed.add(folder.name)
    else:
        corpus.credentials[folder.name] = document


def _load_optional(path: Path, root: Path, model: type[M], sink: list[Diagnostic]) -> Document[M] | None:
    return _load(path, root, model, sink) if path.exists() else None


def load_file(path: Path, root: Path, model: type[M]) -> tuple[Document[M] | None, list[Diagnostic]]:
    """Read one file as `model`; the document is None when it has errors."""
    sink: list[Diagnostic] = []
    return _load(path, root, model, sink), sink


def parse_model(text: str, shown_as: str, model: type[M]) -> tuple[M | None, list[Diagnostic]]:
    """Validate YAML text already in memory (e.g. a file at an old commit) as `model`.

    Strict: no recovery, so the model is None whenever there is a diagnostic.
    """
    source = parse_text(text, shown_as)
    if source.data is None or source.diagnostics:
        return None, list(source.diagnostics)
    try:
        return model.model_validate(source.data), []
    except ValidationError as error:
        return None, list(explain(error, model, source))


def _load(path: Path, root: Path, model: type[M], sink: list[Diagnostic]) -> Document[M] | None:
    """Read one file and validate it; diagnostics go to `sink`."""
    source = read_source(path, _shown(path, root), root)
    sink.extend(source.diagnostics + source.warnings)
    if source.data is None or source.diagnostics:
        # Refused YAML (aliases, tags, duplicate keys) left holes in the data: validating it
        # would only report the same mistakes again.
        return None
    try:
        validated = model.model_validate(source.data)
    except ValidationError as error:
        sink.extend(explain(error, model, source))
        recovery = recover(source.data, error, model)
        if recovery is None:
            return None
        remaining = typing.cast(M, recovery.model)
        view = source.without(recovery.deletions)
        dropped = frozenset(str(path[0]) for path in recovery.deletions)
        return Document(view, remaining, partial=True, removed=recovery.removed_ids, dropped=dropped)
    return Document(source, validated)


def _shown(path: Path, root: Path) -> str:
    """`path` as shown in messages: relative to the project root, with forward slashes.

    Worked out from the names, not the real paths: a link is reported where it is.
    """
    relative = os.path.relpath(path.absolute(), root.absolute())
    return path.as_posix() if relative.startswith("..") else Path(relative).as_posix()
