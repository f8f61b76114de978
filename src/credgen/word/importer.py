"""`credgen import`: a Word document back into the specification's YAML, validated.

The document is read, merged into the existing file (or a new one), and the result is checked
with the same model and rules as `credgen check`; each diagnostic is then traced back from its
YAML line to the section, table, row and column of the Word document it came from.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from pydantic import ValidationError

from credgen.diagnostics import Diagnostic, Severity
from credgen.exceptions import ProjectError
from credgen.load.documents import CREDENTIAL_FILE, Document, load_corpus
from credgen.load.explain import explain
from credgen.load.source import Loc, Position, SourceFile, parse_text
from credgen.models.common import SLUG_RE
from credgen.models.credential import Credential
from credgen.validate.rules import validate_corpus
from credgen.word.layout import DETAILS, DETAILS_TITLE, PROSE, TABLES_BY_TITLE
from credgen.word.merge import merge_yaml
from credgen.word.read import Place, Problem, WordContent, WordReadError, place_of, read_docx

_MISSING = re.compile(r"missing required field '([a-z_]+)'")


@dataclasses.dataclass(slots=True)
class ImportResult:
    """What importing a Word document found and produced."""

    document: str
    """The Word document, as given."""

    slug: str
    """The specification it updates."""

    target: Path
    """The YAML file it updates (or creates)."""

    yaml: str | None
    """The new YAML text; None when the document's shape stopped the import."""

    problems: list[Problem]
    """Problems, each at its place in the Word document."""

    comments: list[str]
    """Review comments in the document (not imported)."""

    changed: bool = False
    """Whether the YAML differs from the file on disk."""

    @property
    def errors(self) -> int:
        """Number of errors."""
        return sum(1 for problem in self.problems if problem.severity is Severity.ERROR)

    def lines(self) -> list[str]:
        """The problems as `document: place: error[CODE]: message`, then the comments."""
        shown = [
            f"{self.document}: {p.place or 'document'}: {p.severity}[{p.code}]: {p.message}"
            for p in self.problems
        ]
        shown += [f"{self.document}: comment (not imported) from {comment}" for comment in self.comments]
        return shown

    def as_json(self) -> str:
        """The result as one JSON document."""
        problems = [_problem_dict(problem) for problem in self.problems]
        target = {"slug": self.slug, "file": self.target.as_posix(), "changed": self.changed}
        return json.dumps({**target, "problems": problems, "comments": self.comments}, indent=2)


def _problem_dict(problem: Problem) -> dict[str, object]:
    place = problem.place
    return {
        "place": str(place) if place else "document",
        "section": place.section if place else None,
        "row": place.row if place else None,
        "column": place.column if place else None,
        "severity": str(problem.severity),
        "code": problem.code,
        "message": problem.message,
    }


def import_docx(root: Path, path: Path, shown_as: str, slug: str | None = None) -> ImportResult:
    """Read `path`, merge it into its specification's YAML and validate the result."""
    try:
        content = read_docx(path)
    except WordReadError as error:
        raise ProjectError(str(error), hint="save the document as Word (.docx) and try again") from error
    slug = _slug(slug or content.slug)
    relative = Path("specs", "credentials", slug, CREDENTIAL_FILE)
    result = ImportResult(shown_as, slug, relative, None, list(content.problems), content.comments)
    if result.errors:
        return result
    target = root / relative
    original = target.read_text(encoding="utf-8") if target.exists() else None
    result.yaml = merge_yaml(original, content.data)
    result.changed = result.yaml != original
    result.problems += _validate(root, relative.as_posix(), slug, result.yaml, content)
    return result


def _slug(slug: str | None) -> str:
    if slug is None:
        raise ProjectError(
            "the document does not say which specification it is",
            hint="name it: credgen import FILE.docx --slug <slug>",
        )
    if not SLUG_RE.fullmatch(slug):
        raise ProjectError(f"'{slug}' is not a valid slug", hint="use lowercase letters, digits and hyphens")
    return slug


def _validate(root: Path, shown: str, slug: str, text: str, content: WordContent) -> list[Problem]:
    """The same checks as `credgen check`, each traced back to its place in the document."""
    source = parse_text(text, shown)
    diagnostics = list(source.diagnostics)
    if source.data is not None and not diagnostics:
        diagnostics = _checked(root, shown, slug, source)
    places = _places_by_position(source, content)
    return [Problem(_place(d, places), d.code, d.message, d.severity) for d in diagnostics]


def _place(diagnostic: Diagnostic, places: dict[Position, tuple[Loc, Place]]) -> Place | None:
    """Where in the document a diagnostic belongs: a missing detail or section by its name, as
    the YAML position of a missing field is the mapping's (or the file's first key)."""
    loc, place = places.get((diagnostic.line, diagnostic.column), ((), None))
    missing = _MISSING.fullmatch(diagnostic.message)
    if missing and place is not None and place.section in TABLES_BY_TITLE:
        columns = TABLES_BY_TITLE[place.section].columns
        header = next((c.header for c in columns if c.path and c.path[0] == missing[1]), None)
        return dataclasses.replace(place, column=header)  # the row's first key is where YAML put it
    if missing and len(loc) <= 1:
        for column in DETAILS:
            if column.path[-1] == missing[1]:
                return Place(DETAILS_TITLE, label=column.header)
        for column in PROSE:
            if column.path[-1] == missing[1]:
                return Place(column.header)
    return place


def _checked(root: Path, shown: str, slug: str, source: SourceFile) -> list[Diagnostic]:
    """Model errors, or else every rule's diagnostics about this file with it in the corpus."""
    try:
        model = Credential.model_validate(source.data)
    except ValidationError as error:
        return list(explain(error, Credential, source))
    corpus = load_corpus(root)
    corpus.credentials[slug] = Document(source, model)
    corpus.credentials = dict(sorted(corpus.credentials.items()))
    corpus.failed.discard(slug)
    return [d for d in validate_corpus(corpus) if d.path == shown]


def _places_by_position(source: SourceFile, content: WordContent) -> dict[Position, tuple[Loc, Place]]:
    """The path and Word place of each YAML position (the deepest value there wins)."""
    found: dict[Position, tuple[Loc, Place]] = {}
    located: list[tuple[Loc, Position]] = [*source.keys.items(), *source.values.items()]
    for loc, position in sorted(located, key=lambda item: len(item[0])):
        place = place_of(content.places, loc)
        if place is not None:
            found[position] = (loc, place)
    return found


def save_import(root: Path, result: ImportResult, *, write: bool) -> str:
    """Write the YAML when asked and it changed; what happened, in one line."""
    if not result.changed:
        return f"no change to {result.target}"
    if not write or result.yaml is None:
        return f"would change {result.target} (run again with --write to save it)"
    target = root / result.target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(result.yaml, encoding="utf-8")
    return f"wrote {result.target}"
